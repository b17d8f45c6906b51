"""The import report: every row read is loaded, skipped with a reason, or kept with a warning; counted by hand."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from db_copies import built_copy

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files

# rows are numbered from the first row under the header
LEADS = """lead_id,created_at,source,mql_at,sql_at,lifecycle_stage
l1,2025-01-01,email,2025-01-02,2025-01-03,sql
,2025-01-02,email,,,
l3,2024-02-30,email,,,
l4,2025-01-04,email,2025-01-01,,
l1,2025-01-05,email,,,
l6,2025-01-06,email,,,nurture
l7,2025-01-07,,,,
"""
# row 2 missing id, row 3 impossible date, row 5 second l1, row 6 unknown stage: 4 skipped.
# row 4: MQL before creation, kept with a warning. Loaded: l1, l4, l7.

DEALS = """deal_id,lead_id,created_at,status,closed_at,amount
d1,l1,2025-01-10,won,2025-02-01,"1.234,50 €"
d2,l9,2025-01-11,open,,100
d3,,2025-01-12,lost,2025-01-20,(500)
d4,l4,2025-01-13,maybe,,10
d5,l7,2025-01-14,won,2025-01-01,50
d6,,2025-01-15,open,,ten
"""
# row 2 unknown lead l9, row 3 negative amount, row 4 unknown stage, row 6 not a number: 4 skipped.
# row 5 closed before it was created: kept with a warning. Loaded: d1, d5.


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(con, folder):
    leads = import_files(con, "leads", [write(folder, "leads.csv", LEADS)])
    return leads, import_files(con, "deals", [write(folder, "deals.csv", DEALS)])


@pytest.fixture
def loaded():
    # imported once, each test given an in-memory copy and the two reports
    con, (leads, deals) = built_copy("test_import_report", _import)
    yield con, leads, deals
    con.close()


def test_leads_report_counts_every_row(loaded):
    con, report, _ = loaded
    assert report.rows_read == {"leads.csv": 7}
    assert (report.rows_loaded, report.rows_skipped) == (3, 4)
    assert report.skipped == {"missing id": 1, "unparseable date": 1, "duplicate id": 1, "unknown stage": 1}
    assert report.warnings == {"stage dates out of order": 1}
    assert sorted(r[0] for r in con.execute("select lead_id from leads").fetchall()) == ["l1", "l4", "l7"]
    # the first l1 (row 1) is the one kept
    assert store.scalar(con, "select created_at::date::varchar from leads where lead_id = 'l1'") == "2025-01-01"


def test_leads_report_names_file_row_column_and_value(loaded):
    _, report, _ = loaded
    rows = report.issues[["row_number", "column_name", "reason", "value", "action"]].values.tolist()
    assert rows == [
        [2, "lead_id", "missing id", "", "skipped"],
        [3, "created_at", "unparseable date", "2024-02-30", "skipped"],
        [4, "mql_at", "stage dates out of order", "2025-01-01 is before created_at 2025-01-04", "kept"],
        [5, "lead_id", "duplicate id", "l1 (first on row 1 of leads.csv)", "skipped"],
        [6, "lifecycle_stage", "unknown stage", "nurture", "skipped"],
    ]
    assert set(report.issues["file"]) == {"leads.csv"}


def test_deals_report(loaded):
    con, _, report = loaded
    assert (report.rows_loaded, report.rows_skipped) == (2, 4)
    assert report.skipped == {"unknown lead": 1, "negative amount": 1, "unknown stage": 1, "unparseable number": 1}
    # d5 closed on 1 Jan, before it was created (14 Jan) and before its lead l7 was (7 Jan): one row, two warnings
    assert report.warnings == {"stage dates out of order": 1, "deal dated before its lead": 1}
    assert report.rows_warned == 1
    by_row = {r.row_number: (r.column_name, r.reason, r.value) for r in report.issues.itertuples()}
    assert by_row == {
        2: ("lead_id", "unknown lead", "l9"),
        3: ("amount", "negative amount", "(500)"),
        4: ("status", "unknown stage", "maybe"),
        5: ("closed_at", "stage dates out of order", "2025-01-01 is before created_at 2025-01-14"),
        6: ("amount", "unparseable number", "ten"),
    }
    assert dict(con.execute("select deal_id, amount from deals").fetchall()) == {"d1": 1234.5, "d5": 50.0}


def test_report_csv_lists_every_problem_with_readable_headers(loaded):
    _, _, report = loaded
    table = pd.read_csv(io.BytesIO(report.issues_csv()))
    assert list(table.columns) == [
        "file",
        "row (1 = first row under the header)",
        "column",
        "reason",
        "value",
        "action",
        "other problems of the row",
        "record id",
    ]
    assert len(table) == 5
    assert table.iloc[0].tolist()[:6] == ["deals.csv", 2, "lead_id", "unknown lead", "l9", "skipped"]


def test_summary_says_what_happened_and_what_to_do(loaded):
    _, _, report = loaded
    text = report.summary()
    assert "deals.csv: 6 rows read" in text
    # the reconciliation, in rows: 6 read = 2 imported + 4 skipped
    assert "deals: rows read 6 = imported 2 + skipped 4" in text
    assert "1 row skipped: unknown lead — import the leads first" in text
    assert "1 row kept with a warning: stage dates out of order" in text
    assert "deals.csv, row 3, column amount: negative amount ('(500)')" in text


def test_a_row_with_two_problems_is_one_skipped_row(empty_con, tmp_path):
    text = "deal_id,created_at,status,amount\nd1,2025-01-01,won,1\nd2,someday,maybe,-3\n"
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", text)])
    assert report.rows_skipped == 1
    # counted once, under its first reason; the others are listed beside it
    assert report.skipped == {"unparseable date": 1}
    assert report.issues["also"].tolist() == ["negative amount in amount; unknown stage in status"]
    assert "rows read 2 = imported 1 + skipped 1" in report.summary()


def test_strict_mode_refuses_and_keeps_the_database(con, tmp_path):
    before = store.table_counts(con)
    with pytest.raises(ImportRefused, match=r"4 rows have problems; the first: leads\.csv, row 2, column lead_id"):
        import_files(con, "leads", [write(tmp_path, "leads.csv", LEADS)], on_bad_rows="refuse")
    assert store.table_counts(con) == before


def test_dry_run_reports_without_changing_anything(con, tmp_path):
    before = store.table_counts(con)
    report = import_files(con, "leads", [write(tmp_path, "leads.csv", LEADS)], dry_run=True)
    assert report.rows_skipped == 4
    assert report.preview["lead_id"].tolist() == ["l1", "l4", "l7"]
    assert "leads: rows read 7 = to import 3 + skipped 4" in report.summary(dry_run=True)
    assert store.table_counts(con) == before


def test_duplicates_across_two_files_keep_the_first_file(empty_con, tmp_path):
    a = write(tmp_path, "a.csv", "lead_id,created_at,source\nk1,2025-01-01,a\n")
    b = write(tmp_path, "b.csv", "lead_id,created_at,source\nk2,2025-01-01,b\nk1,2025-01-02,b\n")
    report = import_files(empty_con, "leads", [a, b])
    assert report.issues[["file", "row_number", "value"]].values.tolist() == [
        ["b.csv", 2, "k1 (first on row 1 of a.csv)"]
    ]
    assert store.scalar(empty_con, "select source from leads where lead_id = 'k1'") == "a"


def test_progress_is_reported_up_to_done(empty_con, tmp_path):
    seen = []
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)], progress=lambda f, t: seen.append((f, t)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert seen[0] == (0.0, "Reading leads.csv")
    assert seen[-1] == (1.0, "Done")


def test_spend_and_targets_follow_the_same_rules(empty_con, tmp_path):
    spend = 'month,source,amount\n2025-01,email,"1.500,00 €"\n2025-02-01,email,-20\n2025-13,email,5\n,paid,9\n'
    report = import_files(empty_con, "spend", [write(tmp_path, "spend.csv", spend)])
    # row 2 negative, row 3 month 13, row 4 missing month: one row in
    assert report.skipped == {"negative amount": 1, "unparseable date": 1, "missing required value": 1}
    assert empty_con.execute("select month::varchar, source, amount from spend").fetchall() == [
        ("2025-01-01", "email", 1500.0)
    ]
    targets = "month,metric,value\n2025-01,MQLs,400\n2025-01,happiness,3\n"
    report = import_files(empty_con, "targets", [write(tmp_path, "targets.csv", targets)])
    assert report.skipped == {"unknown target metric": 1}
    assert empty_con.execute("select month::varchar, metric, value from targets").fetchall() == [
        ("2025-01-01", "mqls", 400.0)
    ]


def test_spaces_around_values_are_trimmed_and_blank_cells_are_empty(empty_con, tmp_path):
    text = "lead_id,created_at,source,campaign\n k1 , 2025-01-01 ,  ,spring \nk2,   ,email,\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "leads.csv", text)])
    assert report.skipped == {"missing required value": 1}
    assert empty_con.execute("select lead_id, created_at::varchar, source, campaign from leads").fetchall() == [
        ("k1", "2025-01-01 00:00:00", "unknown", "spring")
    ]
