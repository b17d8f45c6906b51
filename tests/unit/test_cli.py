"""The command line: demo, import, metrics JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard import config
from dashboard.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=config.ROOT, timeout=120
    )


def test_metrics_json_contract(fixture_db_path, capsys):
    assert main(["metrics", "--db", fixture_db_path, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [s["stage"] for s in doc["funnel"]] == ["lead", "mql", "sql", "opportunity", "customer"]
    assert [s["count"] for s in doc["funnel"]] == [8, 7, 6, 3, 2]
    assert doc["funnel"][0]["pct_of_previous"] is None
    assert doc["funnel"][4]["pct_of_first"] == 0.25
    # SQLs on the clock: L1 (contacted after 30 min), L4 (after 3 h), L2 (never, old), L8 (not yet,
    # but 8 days past due): all four were due, one was in time
    assert doc["sla"]["eligible"] == 4
    assert doc["sla"]["within_sla"] == 1
    assert doc["sla"]["median_minutes"] == 105.0
    assert doc["deals"] == {
        "open": 2,
        "won": 2,
        "lost": 1,
        "win_rate": 2 / 3,
        "revenue": 4000.0,
        "avg_deal_size": 2000.0,
        "median_cycle_days": 22.5,
        # no won deal of the fixture closed before it was created
        "closed_before_created": 0,
        "most_days_before_created": None,
        # every won deal of the fixture has an amount
        "won_without_amount": 0,
    }


def test_metrics_filters_and_inclusive_dates(fixture_db_path, capsys):
    args = ["metrics", "--db", fixture_db_path, "--from", "2025-01-01", "--to", "2025-01-31", "--source", "paid_search"]
    assert main(args) == 0
    doc = json.loads(capsys.readouterr().out)
    # January paid_search: L1 (customer) and L2 (opportunity)
    assert [s["count"] for s in doc["funnel"]] == [2, 2, 2, 2, 1]


def test_metrics_activity_mode_table(fixture_db_path, capsys):
    assert (
        main(
            [
                "metrics",
                "--db",
                fixture_db_path,
                "--mode",
                "activity",
                "--from",
                "2025-02-01",
                "--to",
                "2025-02-28",
                "--format",
                "table",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Feb 2025 · activity mode" in out
    assert "customer" in out


def test_demo_then_import_via_subprocess(tmp_path):
    db = str(tmp_path / "cli.duckdb")
    done = run_cli("demo", "--db", db, "--leads", "2000", "--seed", "3", "--end", "2026-06-30")
    assert done.returncode == 0, done.stderr
    assert "leads 2,000" in done.stdout
    leads = tmp_path / "leads.csv"
    leads.write_text("lead_id,created_at,source\nz1,2026-01-01,email\nz2,2026-01-02,\n", encoding="utf-8")
    done = run_cli("import", "--db", db, "--kind", "leads", "--preset", "canonical", str(leads))
    assert done.returncode == 0, done.stderr
    assert "2 rows loaded" in done.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("lead_id,created_at\nz3,31/02/2026\n", encoding="utf-8")
    done = run_cli("import", "--db", db, "--kind", "leads", str(bad))
    assert done.returncode == 1
    assert "bad.csv, row 1, column created_at" in done.stderr
    doc = json.loads(run_cli("metrics", "--db", db).stdout)
    assert doc["funnel"][0]["count"] == 2


def test_an_import_names_the_data_checks_that_fail(tmp_path, capsys):
    # A2's creation is a typo (2099 for 2024): the rows go in, and the import says the data check fails
    csv = tmp_path / "leads.csv"
    csv.write_text(
        "lead_id,created_at,source\nA1,2024-03-01 10:00,email\nA2,2099-03-05 09:00,email\nA3,2024-03-02,web\n"
    )
    assert main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "leads: rows read 3 = imported 3 + skipped 0" in out
    assert "data checks that fail after this import" in out
    assert "  - no future dates: 1 row breaks it" in out
    csv.write_text("lead_id,created_at,source\nA1,2024-03-01 10:00,email\nA3,2024-03-02,web\n")
    assert main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", str(csv)]) == 0
    assert "data checks" not in capsys.readouterr().out
