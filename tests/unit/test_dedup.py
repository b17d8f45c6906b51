"""Stored tables follow the code that builds them, and the shared macros that replaced last week's near-copies
count as the copies did."""

from __future__ import annotations

import importlib

import pytest
import sqlglot
from fixture_data import fixture_db

from dashboard import config, queries, spark_sql, store
from dashboard.filters import Filters

# the rollup's leads, written ten times over: what a changed macro of the rollup would store
TENFOLD = (
    "coalesce(count_if(hit_lead), 0)::bigint as leads,",
    "coalesce(count_if(hit_lead), 0)::bigint * 10 as leads,",
)


def january_leads(path: str) -> int:
    con = store.connect(path)
    try:
        return store.scalar(
            con, "select leads from funnel_rollup where dimension = 'all' and month = date '2025-01-01'"
        )
    finally:
        con.close()


def tenfold_rollup(monkeypatch: pytest.MonkeyPatch) -> None:
    original = queries.sql_text

    def changed(name: str) -> str:
        text = original(name)
        return text.replace(*TENFOLD) if name == store.ROLLUP_SCRIPT else text

    assert TENFOLD[0] in original(store.ROLLUP_SCRIPT)
    # the store reads its scripts as the page queries read theirs (queries.sql_text)
    monkeypatch.setattr(queries, "sql_text", changed)
    monkeypatch.setattr(store, "sql_text", changed)


def test_a_changed_macro_rebuilds_the_stored_rollup_when_the_file_is_next_opened(tmp_path, monkeypatch):
    path = str(tmp_path / "db.duckdb")
    fixture_db(path)
    # L1, L2 and L3 were created in January 2025 (tests/fixture_data.py)
    assert january_leads(path) == 3
    # the next version of the code: its rollup macro counts each lead ten times, and its code version (the hash of
    # its scripts) differs
    tenfold_rollup(monkeypatch)
    monkeypatch.setattr(store, "CODE_VERSION", "tenfold")
    assert january_leads(path) == 30


def test_the_same_code_keeps_the_stored_tables(tmp_path, monkeypatch):
    path = str(tmp_path / "db.duckdb")
    fixture_db(path)
    # a changed script under the file's own code version: the opening is free, nothing is built again
    tenfold_rollup(monkeypatch)
    assert january_leads(path) == 3


def test_the_code_version_hashes_every_script_of_a_stored_table():
    # the deal facts, the accounts' tables and their copy of the deal facts, the rollups, the SLA page's stored waits
    for name in ("schema/refresh", "schema/account_facts", "schema/account_deals", "schema/rollup", "schema/sla_facts"):
        assert name in store.DERIVED_TABLE_SCRIPTS


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLA_RESPONSE_MINUTES", 30),
        ("SLA_DAY_START", "08:00"),
        ("SLA_HOLIDAYS", ("2025-12-25",)),
        ("SLA_TIMEZONE", "Europe/Paris"),
    ],
)
def test_the_code_version_follows_the_sla_defaults_the_stored_waits_are_measured_under(monkeypatch, name, value):
    # sla_facts holds waits measured under config's SLA defaults, and rollups.sla_exact compares a view's settings with
    # the defaults of the code that reads it: code with another default must build the waits again
    before = store.CODE_VERSION
    monkeypatch.setattr(config, name, value)
    try:
        importlib.reload(store)
        changed = store.CODE_VERSION
    finally:
        monkeypatch.undo()
        importlib.reload(store)
    assert changed != before
    assert before == store.CODE_VERSION


def test_a_reason_is_named_by_its_most_common_spelling_ties_to_the_first_in_byte_order(con):
    # "no budget" 3 rows against "No budget" 2 and "NO BUDGET" 1: the most common; "Price" and "price" 2 each: the
    # first in byte order ("P" 0x50 before "p" 0x70)
    rows = con.execute(
        "select reason_key(s) as k, reason_label(s, n) from (values ('No budget', 2), ('no budget', 3), "
        "('NO BUDGET', 1), ('price', 2), ('Price', 2)) as t(s, n) group by k order by k"
    ).fetchall()
    assert rows == [("no budget", "no budget"), ("price", "Price")]


@pytest.mark.parametrize(
    ("scan", "rollup", "macro"),
    [
        ("breakdown", "breakdown_rollup", "breakdown_ranks("),
        ("rejections", "rejections_rollup", "rejection_reasons("),
        ("sla_marketing", "sla_marketing_rollup", "marketing_attainment("),
        ("stalled_overview", "stalled_overview_rollup", "stalled_stages("),
    ],
)
def test_a_scan_and_its_rollup_file_share_one_macro(scan, rollup, macro):
    # each file keeps its own rows (the planning gain of two files) and calls the one macro for the rest
    for name in (scan, rollup):
        text = queries._strip_comments(queries.sql_text(name))
        assert macro in text
    for name in ("lost_reasons", "sql_quality"):
        assert "reason_label(" in queries._strip_comments(queries.sql_text(name))


def test_on_spark_a_macro_over_the_querys_rows_comes_after_them():
    # Spark reads a CTE's names from the CTEs before it only: breakdown_ranks reads the query's per_value
    params = {
        **Filters().to_params(),
        "dimension": "source",
        "top_n": 3,
        "other_label": "Other",
        "none_label": "(none)",
        "stages": list(config.STAGES),
    }
    sql, _ = spark_sql.to_spark("breakdown", params)
    names = [cte.alias for cte in sqlglot.parse_one(sql, read="spark").find_all(sqlglot.exp.CTE)]
    ranks = next(n for n in names if n.startswith("breakdown_ranks_") and n.count("_") == 2)
    assert names.index("per_value") < names.index(ranks)
