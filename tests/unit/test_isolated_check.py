"""The Data page's import check in a child process: its report or refusal comes back whole, and its time and
memory limits stop it with a refusal that says which limit and what to do instead."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportReport
from dashboard.importers.errors import ImportRefused
from dashboard.importers.isolated import checked_import
from dashboard.importers.run import ImportOptions

LEADS = "lead_id,created_at,source\nA1,2025-01-05,web\nA2,2025-13-01,web\nA3,2025-02-01,email\n"
ADVICE = "split the file, or import it with the command line on the server: python -m dashboard import --kind leads"


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "f.duckdb")
    store.connect(path).close()
    return path


@pytest.fixture
def leads(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    return path


def test_the_childs_report_comes_back_whole(db, leads):
    report = checked_import(db, ImportOptions(kind="leads"), [leads])
    assert isinstance(report, ImportReport)
    # 3 rows read; A2's month 13 is no date: skipped, the other two would be imported
    assert report.rows_read == {"leads.csv": 3}
    assert report.rows_skipped == 1
    assert report.skipped == {"unparseable date": 1}
    assert report.issues[["row_number", "column_name"]].values.tolist() == [[2, "created_at"]]
    assert report.preview["lead_id"].tolist() == ["A1", "A3"]
    # a dry run: nothing was written
    con = store.connect(db, read_only=True)
    assert store.scalar(con, "select count(*) from leads") == 0
    con.close()


def test_the_childs_refusal_comes_back_whole(db, tmp_path):
    path = tmp_path / "no_dates.csv"
    path.write_text("lead_id,source\nA1,web\n", encoding="utf-8")
    refused = checked_import(db, ImportOptions(kind="leads"), [path])
    assert isinstance(refused, ImportRefused)
    assert "no_dates.csv" in str(refused) and "created_at" in str(refused)


def test_the_time_limit_stops_the_check(db, leads):
    # the child cannot even start Python in 50 ms: it is killed at the limit
    refused = checked_import(db, ImportOptions(kind="leads", sheet="Q1 leads"), [leads], seconds=0.05)
    assert isinstance(refused, ImportRefused)
    assert str(refused).startswith("The check of leads.csv stopped after 0.05 s, the limit for a check on this server")
    # the command that does the same import without the limit, with the options chosen on the page
    assert str(refused).endswith(f"{ADVICE} --preset canonical --mode replace --sheet 'Q1 leads' FILE")


def test_the_memory_limit_stops_the_check(db, leads):
    # 256 MB of address space is less than Python, pandas and DuckDB reserve before reading a row
    more = leads.with_name("more.csv")
    more.write_text(LEADS, encoding="utf-8")
    refused = checked_import(db, ImportOptions(kind="leads"), [leads, more], memory_mb=256)
    assert isinstance(refused, ImportRefused)
    assert "The check of leads.csv, more.csv " in str(refused)
    assert "more than 256 MB" in str(refused)
    assert ADVICE in str(refused)
