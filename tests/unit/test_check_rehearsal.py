"""A check rehearses the write only while few rows are stored and to write: above config.CHECK_REHEARSAL_MAX_ROWS it
would take as long as the import (and the Data page's check a copy of the file), so it says what it did not try."""

from __future__ import annotations

from pathlib import Path

from dashboard import config, store
from dashboard.importers.canonical import ImportReport, import_files
from dashboard.importers.isolated import checked_import
from dashboard.importers.run import ImportOptions

TWO_LEADS = "lead_id,created_at,source\nL1,2025-01-05,web\nL2,2025-01-10,web\n"
# one deal naming no lead: written, it would reach none of the 2 leads
UNLINKED_DEALS = "deal_id,created_at,status,closed_at,amount\nD1,2025-01-20,won,2025-02-01,100\n"
# 2 leads stored, no deal or touch, and the file's 1 deal: 3 rows
NOT_TRIED = "the check did not write the rows to try them (3 rows stored and to write, more than 2)"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_check_over_more_leads_than_the_limit_says_it_did_not_try(empty_con, tmp_path, monkeypatch):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", TWO_LEADS)])
    monkeypatch.setattr(config, "CHECK_REHEARSAL_MAX_ROWS", 2)
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", UNLINKED_DEALS)], dry_run=True)
    assert not any(a.startswith("none of the 1 deal names one of the 2 leads") for a in report.alerts)
    assert any(n.startswith(NOT_TRIED) for n in report.notes)
    # at the limit (3 rows, 3 allowed) it tries, and says what the import would
    monkeypatch.setattr(config, "CHECK_REHEARSAL_MAX_ROWS", 3)
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", UNLINKED_DEALS)], dry_run=True)
    assert any(a.startswith("none of the 1 deal names one of the 2 leads") for a in report.alerts)
    assert not any(n.startswith("the check did not write") for n in report.notes)


def test_the_data_pages_check_over_the_limit_copies_nothing_and_says_so(tmp_path, monkeypatch):
    db = str(tmp_path / "f.duckdb")
    con = store.connect(db)
    import_files(con, "leads", [write(tmp_path, "leads.csv", TWO_LEADS)])
    con.close()
    # the check runs in a child process, which reads the limit from its environment
    monkeypatch.setenv("FUNNEL_CHECK_REHEARSAL_MAX_ROWS", "2")
    report = checked_import(db, ImportOptions(kind="deals"), [write(tmp_path, "deals.csv", UNLINKED_DEALS)])
    assert isinstance(report, ImportReport)
    assert any(n.startswith(NOT_TRIED) for n in report.notes)
