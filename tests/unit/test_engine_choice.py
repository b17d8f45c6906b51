"""The engine choice (FUNNEL_ENGINE / --engine) and what the metrics command does when a section cannot run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dashboard import cli, engine, queries
from dashboard.engine import QueryEngine, engine_name


def test_duckdb_is_the_default_and_the_choice_is_checked(monkeypatch):
    monkeypatch.delenv("FUNNEL_ENGINE", raising=False)
    assert engine_name() == "duckdb"
    monkeypatch.setenv("FUNNEL_ENGINE", "Spark")
    assert engine_name() == "spark"
    assert engine_name("duckdb") == "duckdb"  # --engine wins over the environment
    with pytest.raises(ValueError, match="unknown engine 'oracle'"):
        engine_name("oracle")


class OnDuckDB:
    """An engine that runs the query files on a DuckDB connection, except the ones it is told it cannot run."""

    def __init__(self, con: Any, cannot: set[str]) -> None:
        self.con, self.cannot, self.ran = con, cannot, []

    def run_query(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        self.ran.append(name)
        if name in self.cannot:
            raise NotImplementedError(f"no translation for {name}")
        return queries.run(self.con, name, params)

    def get_meta(self, key: str) -> str | None:
        return None


def test_an_engine_runs_every_section_through_the_query_files(con, capsys):
    engine = OnDuckDB(con, set())
    assert isinstance(engine, QueryEngine)
    args = cli.build_parser().parse_args(["metrics", "--engine", "spark", "--data", "x"])
    assert cli._metrics_command(engine, args) == 0
    doc = json.loads(capsys.readouterr().out)
    # the hand-counted fixture: 8 leads, 7 MQLs, 6 SQLs, 3 opportunities, 2 customers
    assert [s["count"] for s in doc["funnel"]] == [8, 7, 6, 3, 2]
    assert {"funnel", "deals", "sources", "attribution", "sourced", "sla_overview", "step_rates"} <= set(engine.ran)


def test_a_section_the_engine_cannot_run_is_named_and_nothing_is_printed(con, capsys):
    args = cli.build_parser().parse_args(["metrics", "--engine", "spark", "--data", "x", "--business-hours"])
    assert cli._metrics_command(OnDuckDB(con, {"sla_overview"}), args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "the sla section cannot be computed on this engine: no translation for sla_overview" in err


def test_build_needs_the_spark_engine(capsys):
    assert cli.main(["build", "--engine", "duckdb", "--input", "a", "--output", "b"]) == 2
    assert "build runs on Spark" in capsys.readouterr().err


def test_a_built_folder_s_identity_changes_with_a_rebuild_and_a_catalog_s_every_few_minutes(tmp_path, monkeypatch):
    (tmp_path / "leads.parquet").write_bytes(b"x")
    first = engine.folder_identity(tmp_path)
    assert first[1] == 1
    (tmp_path / "deals.parquet").write_bytes(b"y")
    assert engine.folder_identity(tmp_path)[1] == 2
    # catalog tables have no files here: a new identity every SPARK_CATALOG_REFRESH_SECONDS (300)
    monkeypatch.setattr(engine.time, "time", lambda: 1000.0)
    assert engine.folder_identity(Path("catalog:crm")) == (3, 0)
    monkeypatch.setattr(engine.time, "time", lambda: 1199.0)
    assert engine.folder_identity(Path("catalog:crm")) == (3, 0)
    monkeypatch.setattr(engine.time, "time", lambda: 1200.0)
    assert engine.folder_identity(Path("catalog:crm")) == (4, 0)
