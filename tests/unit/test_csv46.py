"""Trial 46 (CSV and XLSX exports as they really arrive): ids that lost their leading zeros in Excel, row numbers
after a ragged row with blank lines before it, an impossible date in a month-first column. Each file is written
here, a few rows; every count is worked out by hand in the comment beside it."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import preset_mapping

HS_LEADS_HEADER = "Record ID,Create Date,Original Source,Lifecycle Stage\n"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def hs_leads(ids: list[str]) -> str:
    """A HubSpot contacts export of the given Record IDs, created on consecutive January days."""
    rows = [f"{lead},2026-01-{day:02d} 09:00,PAID_SEARCH,lead\n" for day, lead in enumerate(ids, start=1)]
    return HS_LEADS_HEADER + "".join(rows)


def import_hs(con, tmp_path, kind: str, name: str, text: str, mode: str = "replace"):
    return import_files(con, kind, [write(tmp_path, name, text)], mode=mode, mapping=preset_mapping("hubspot", kind))


def count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchone()[0]


# --- 1. ids that differ only by leading zeros -----------------------------------------------------------------


def test_append_of_ids_without_their_zeros_is_refused(empty_con, tmp_path):
    # stored: 00101, 00102, 00103 (3 leads). The append, as Excel re-saves it: 101, 102, 104. 101 and 102 are the
    # stored 00101 and 00102 without zeros (2 ids); 104 is new. Refused, naming row 1 (the first: 101 -> 00101),
    # the file's column Record ID; nothing stored changes: still 3 leads
    import_hs(empty_con, tmp_path, "leads", "leads.csv", hs_leads(["00101", "00102", "00103"]))
    with pytest.raises(ImportRefused) as refused:
        import_hs(empty_con, tmp_path, "leads", "again.csv", hs_leads(["101", "102", "104"]), mode="append")
    said = str(refused.value)
    assert "again.csv, row 1, column 'Record ID'" in said
    assert "'101' is stored as '00101'" in said
    assert "1 other id" in said
    assert "Text" in said and "leading zeros" in said
    assert count(empty_con, "leads") == 3
    # the same append keeping the zeros (00101) updates the stored lead: still 3 leads, nothing refused
    report = import_hs(empty_con, tmp_path, "leads", "kept.csv", hs_leads(["00101"]), mode="append")
    assert count(empty_con, "leads") == 3
    assert not [a for a in report.alerts if "leading zeros" in a]


def test_ids_equal_but_for_zeros_in_one_file_are_warned_naming_both_rows(empty_con, tmp_path):
    # 00123 (row 1), 123 (row 2), 0456 (row 3), 457 (row 4): one pair (00123/123; 456 and 457 differ). Both of the
    # pair kept (the CRM may hold both): 4 leads, and one warning naming rows 1 and 2
    report = import_hs(empty_con, tmp_path, "leads", "one.csv", hs_leads(["00123", "123", "0456", "457"]))
    assert count(empty_con, "leads") == 4
    warned = [a for a in report.alerts if "leading zeros" in a]
    assert len(warned) == 1
    assert "1 pair of ids differs only by leading zeros" in warned[0]
    assert "one.csv row 1, column 'Record ID': '00123'" in warned[0]
    assert "one.csv row 2, column 'Record ID': '123'" in warned[0]


def test_plain_file_with_zero_twins_is_warned_too(empty_con, tmp_path):
    # a canonical file without a mapping (the fast way): 007 and 7 are one pair; 2 leads kept, warned
    text = "lead_id,created_at,source\n007,2026-01-01,web\n7,2026-01-02,web\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "plain.csv", text)])
    assert count(empty_con, "leads") == 2
    assert any("plain.csv row 1, column 'lead_id': '007'" in a for a in report.alerts)


DEALS_HEADER = "Record ID,Deal Name,Associated Contact IDs,Deal Stage,Create Date,Close Date,Amount\n"


def test_deals_naming_leads_without_zeros_say_the_zeroed_lead_is_loaded(empty_con, tmp_path):
    # stored leads 00101, 00102. Deals 5001 -> 101, 5002 -> 102: both unknown leads, every row, so the import is
    # refused; the refusal says lead '101' is not loaded but '00101' is (2 rows)
    import_hs(empty_con, tmp_path, "leads", "leads.csv", hs_leads(["00101", "00102"]))
    deals = DEALS_HEADER + (
        "5001,Deal 1,101,closedwon,2026-02-01,2026-02-06,1000\n5002,Deal 2,102,closedwon,2026-02-02,2026-02-07,2000\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_hs(empty_con, tmp_path, "deals", "deals.csv", deals)
    said = str(refused.value)
    assert "2 rows of deals name a lead that is loaded under its id with leading zeros" in said
    assert "lead '101' is not loaded; '00101' is — leading zeros dropped?" in said


# --- 2. one row numbering: blank lines before a ragged row -----------------------------------------------------


def test_rows_after_a_blank_line_and_a_ragged_row_are_numbered_alike(empty_con, tmp_path):
    # records (blank lines not counted, the README's "1 = the first row under the header"): 1001 row 1, 1002 row 2,
    # a blank line, 1003 row 3 (9 fields: ragged, physical line 5), 1004 row 4 (30 February), 1005 row 5, a blank
    # line, 1006 row 6 (30 February). Before: the ragged row was "row 4" (the blank line counted) and 1004 "row 3".
    # Imported 1001, 1002, 1005 = 3; skipped 3 (rows 3, 4, 6)
    text = HS_LEADS_HEADER + (
        "1001,2026-01-01 09:00,PAID_SEARCH,lead\n"
        "1002,2026-01-02 09:00,PAID_SEARCH,lead\n"
        "\n"
        "1003,2026-01-03 09:00,PAID_SEARCH,lead,extra,more,fields,here,too\n"
        "1004,2026-02-30 09:00,PAID_SEARCH,lead\n"
        "1005,2026-01-05 09:00,PAID_SEARCH,lead\n"
        "\n"
        "1006,2026-02-30 10:00,PAID_SEARCH,lead\n"
    )
    report = import_hs(empty_con, tmp_path, "leads", "blank.csv", text)
    issues = report.issues[report.issues["action"] == "skipped"]
    by_row = {int(r.row_number): (r.reason, r.value) for r in issues.itertuples()}
    assert sorted(by_row) == [3, 4, 6]
    assert by_row[3][0] == "wrong number of fields" and by_row[3][1].startswith("line 5:")
    assert by_row[4] == ("unparseable date", "2026-02-30 09:00")
    assert by_row[6] == ("unparseable date", "2026-02-30 10:00")
    assert count(empty_con, "leads") == 3


# --- 3. an impossible date is no evidence of the order -----------------------------------------------------------


SF_HEADER = "Lead ID,Company,Lead Source,Lead Status,Created Date\n"


def test_an_impossible_date_is_skipped_not_taken_for_day_first(empty_con, tmp_path):
    # 5 leads created M/D: 1/1, 1/2, 1/13 (month first: 13 is the day), 13/45/2026 (row 4: 13 and 45 are both above
    # 12, no date in either order), 1/20. Before: refused as "some dates are day-first and some month-first".
    # By hand: 4 imported, row 4 skipped as an unparseable date, the column read month first
    rows = ["1/1/2026", "1/2/2026", "1/13/2026", "13/45/2026", "1/20/2026"]
    text = SF_HEADER + "".join(
        f"00Q5g00000Xy{n:03d},Co {n},Web,Open - Not Contacted,{created}\n" for n, created in enumerate(rows, start=1)
    )
    report = import_files(
        empty_con, "leads", [write(tmp_path, "sf.csv", text)], mapping=preset_mapping("salesforce", "leads")
    )
    assert count(empty_con, "leads") == 4
    issues = report.issues[report.issues["action"] == "skipped"]
    assert [(int(r.row_number), r.column_name, r.value) for r in issues.itertuples()] == [
        (4, "Created Date", "13/45/2026")
    ]
    got = empty_con.execute("select strftime(created_at, '%Y-%m-%d') from leads order by 1").fetchall()
    assert [g[0] for g in got] == ["2026-01-01", "2026-01-02", "2026-01-13", "2026-01-20"]


# --- 4. low: an amount read with three decimals ------------------------------------------------------------------


def test_an_amount_read_with_three_decimals_is_warned_by_row(empty_con, tmp_path):
    # amounts 1,500.50 (row 1: '.' decimal, ',' thousands), 2000 (row 2), 1.000 (row 3: read as 1 under that
    # decision). By hand: 3 deals imported, 1 row kept with a warning: row 3, column Amount
    import_hs(empty_con, tmp_path, "leads", "leads.csv", hs_leads(["1", "2", "3"]))
    deals = DEALS_HEADER + (
        '5001,Deal 1,1,closedwon,2026-02-01,2026-02-06,"1,500.50"\n'
        "5002,Deal 2,2,closedwon,2026-02-02,2026-02-07,2000\n"
        "5003,Deal 3,3,closedwon,2026-02-03,2026-02-08,1.000\n"
    )
    report = import_hs(empty_con, tmp_path, "deals", "deals.csv", deals)
    assert count(empty_con, "deals") == 3
    kept = report.issues[report.issues["action"] == "kept"]
    assert [(int(r.row_number), r.column_name, r.reason, r.value) for r in kept.itertuples()] == [
        (3, "Amount", "amount with three decimals", "1.000 read as 1")
    ]


# --- 4. low: the file's own words in messages --------------------------------------------------------------------


def test_a_duplicate_id_names_the_files_own_column(empty_con, tmp_path):
    # Record IDs 1001, 1002, 1001: row 3 repeats row 1. By hand: 2 leads, 1 skipped, named under 'Record ID'
    report = import_hs(empty_con, tmp_path, "leads", "dup.csv", hs_leads(["1001", "1002", "1001"]))
    assert count(empty_con, "leads") == 2
    skipped = report.issues[report.issues["action"] == "skipped"]
    assert [(int(r.row_number), r.column_name, r.reason) for r in skipped.itertuples()] == [
        (3, "Record ID", "duplicate id")
    ]


def test_a_file_cut_off_inside_a_quoted_value_says_it_may_be_cut_off(empty_con, tmp_path):
    # 2 good rows, then a third whose quoted note never closes: the file ends inside it (line 4 opens the quote)
    text = HS_LEADS_HEADER.replace("\n", ",Notes\n") + (
        "1001,2026-01-01 09:00,PAID_SEARCH,lead,note\n"
        "1002,2026-01-02 09:00,PAID_SEARCH,lead,note\n"
        '1003,2026-01-03 09:00,PAID_SEARCH,lead,"This note was cut off\nin the'
    )
    with pytest.raises(ImportRefused) as refused:
        import_hs(empty_con, tmp_path, "leads", "cut.csv", text)
    said = str(refused.value)
    assert "cut.csv, line 4" in said
    assert "the file may have been cut off" in said


def test_the_apostrophe_note_quotes_the_files_own_id(empty_con, tmp_path):
    # one marked id, '00789 (row 3), beside a real 00123: the note quotes '00789, not a fixed '00123
    report = import_hs(empty_con, tmp_path, "leads", "marked.csv", hs_leads(["00123", "456", "'00789"]))
    assert count(empty_con, "leads") == 3
    notes = "\n".join(report.notes)
    assert "marked.csv: Record ID: 1 id began with an apostrophe, a spreadsheet's mark for text ('00789)" in notes


def test_the_checks_preview_keeps_the_files_order(empty_con, tmp_path):
    # the trial's file: 20 records, a blank line after record 2, record 5 ragged, records 6 and 10 on 30 February.
    # By hand: 17 rows would be imported; the preview's first rows are records 1, 2, 3, 4, 7 (Record IDs)
    lines = []
    for n in range(1, 21):
        created = "2026-02-30 10:00" if n in (6, 10) else f"2026-01-{n + 1:02d} 09:00"
        extra = ",extra" if n == 5 else ""
        lines.append(f"{1000 + n},First{n},Last{n},p{n}@ex.com,{created},ORGANIC_SEARCH,lead,note {n}{extra}\n")
        if n == 2:
            lines.append("\n")
    header = "Record ID,First Name,Last Name,Email,Create Date,Original Source,Lifecycle Stage,Notes\n"
    path = write(tmp_path, "f18.csv", header + "".join(lines))
    report = import_files(empty_con, "leads", [path], mapping=preset_mapping("hubspot", "leads"), dry_run=True)
    assert report.total_read - report.rows_skipped == 17
    assert list(report.preview["lead_id"][:5]) == ["1001", "1002", "1003", "1004", "1007"]
