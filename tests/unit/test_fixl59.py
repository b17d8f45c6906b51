"""Fix l59: a deal's amount written as a word for "not known yet" (TBD) keeps the deal and is said (trial 57 L5),
open deals without an amount are warned of (trial 57 L6), the values of Stage add up to the deals imported, not
those kept aside for an unknown lead (trial 54 L4)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping


def write(tmp_path: Path, name: str, text: str) -> Path:
    """A file of the test's own."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# by hand: 9 deals; D02 'TBD' and D03 'tbc' won, D04 '?' lost, D05 'To be decided' open; D06 'n/a' open and D09 '-'
# won are blank; D08 '12abc' is garbage and skipped: 8 imported, won D01 D02 D03 D09 = 4, revenue 1,200 (D01 alone)
DEALS = (
    "deal_id,created_at,status,amount\n"
    'D01,2026-11-02,won,"$1,200.00"\n'
    "D02,2026-11-03,won,TBD\n"
    "D03,2026-11-04,won,tbc\n"
    "D04,2026-11-05,lost,?\n"
    "D05,2026-11-06,open,To be  decided\n"
    "D06,2026-11-07,open,n/a\n"
    "D07,2026-11-08,open,500\n"
    "D08,2026-11-09,won,12abc\n"
    "D09,2026-11-10,won,-\n"
)


def test_a_placeholder_amount_keeps_the_deal_and_garbage_is_still_skipped(empty_con, tmp_path):
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    # 9 read, 1 skipped (D08's 12abc): 8 imported, 4 of them won (D01, D02, D03, D09), 1 lost (D04), 3 open
    assert report.rows_loaded == 8
    assert report.skipped == {"unparseable number": 1}
    assert report.issues["value"].tolist() == ["12abc"]
    by_status = dict(empty_con.execute("select status, count(*) from deals group by 1").fetchall())
    assert by_status == {"won": 4, "lost": 1, "open": 3}
    # revenue: D01's 1,200 only; TBD is no 0 and no guess
    assert empty_con.execute("select sum(amount) from deals where status = 'won'").fetchone()[0] == 1200.0
    assert empty_con.execute("select amount from deals where deal_id = 'D02'").fetchone()[0] is None
    assert any(
        "4 written as not known yet ('?' 1, 'TBD' 1, 'To be  decided' 1, 'tbc' 1)" in f[2] for f in report.formats
    )


def test_the_report_names_the_column_the_word_and_the_deals(empty_con, tmp_path):
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    said = [a for a in report.alerts if "no amount" in a]
    # won: D02 TBD, D03 tbc (2); lost: D04 ? (1); open: D05 (1)
    assert any(
        a.startswith("2 won deals have no amount ('TBD' in column amount: D02; 'tbc' in column amount: D03)")
        for a in said
    )
    assert any(a.startswith("1 lost deal has no amount ('?' in column amount: D04)") for a in said)
    assert any(a.startswith("1 open deal has no amount ('To be  decided' in column amount: D05)") for a in said)
    # the blank ones apart, not counted twice: won D09 (1), open D06 (1)
    assert any(a.startswith("1 won deal (e.g. D09) has no amount: counted as a win") for a in said)


def test_open_deals_without_an_amount_are_warned_of(empty_con, tmp_path):
    # by hand: 3 open deals, O2 blank and O3 'n/a' without an amount (2); the won one has its amount
    text = (
        "deal_id,created_at,status,amount\n"
        "O1,2026-11-02,open,100\n"
        "O2,2026-11-03,open,\n"
        "O3,2026-11-04,open,n/a\n"
        "W1,2026-11-05,won,300\n"
    )
    report = import_files(empty_con, "deals", [write(tmp_path, "open.csv", text)])
    said = [a for a in report.alerts if "no amount" in a]
    assert len(said) == 1
    assert said[0].startswith("2 open deals (e.g. O2, O3) have no amount: counted as open, but the open pipeline")


def test_values_of_stage_add_up_to_the_deals_imported(empty_con, tmp_path):
    leads = write(tmp_path, "leads.csv", "lead_id,created_at,source\nL1,2026-11-01,organic\nL2,2026-11-01,organic\n")
    import_files(empty_con, "leads", [leads])
    # by hand: 5 deals, D3 (won) and D4 (lost) name L9, not loaded: kept aside; imported 3 = won 2 + open 1
    deals = write(
        tmp_path,
        "deals.csv",
        "deal_id,lead_id,created_at,status,amount\n"
        "D1,L1,2026-11-02,won,100\nD2,L2,2026-11-03,won,200\nD3,L9,2026-11-04,won,300\n"
        "D4,L9,2026-11-05,lost,400\nD5,L1,2026-11-06,open,500\n",
    )
    report = import_files(empty_con, "deals", [deals])
    assert report.rows_loaded == 3
    assert report.skipped == {"unknown lead": 2}
    counted = {r.value: int(r.rows) for r in report.values.itertuples()}
    assert counted == {"won": 2, "open": 1}
    assert sum(counted.values()) == report.rows_loaded


# trial 54 L3: LinkedIn's spend with a "Total Spent (USD)" column added by hand beside its Currency = EUR
SPEND = (
    "Month,Campaign Name,Currency,Total Spent,Total Spent (USD)\n"
    "2026-09-01,LI-A,EUR,3000.00,3240.00\n"
    "2026-10-01,LI-A,EUR,1050.00,1134.00\n"
)
SPEND_MAPPING = (
    '[spend]\n[spend.constants]\nsource = "LinkedIn"\n'
    '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign Name"\namount = "Total Spent (USD)"\n'
)


def test_a_currency_conflict_is_refused_with_the_mapping_line_that_settles_it(empty_con, tmp_path):
    path = write(tmp_path, "linkedin.csv", SPEND)
    mapping = load_mapping(write(tmp_path, "m.toml", SPEND_MAPPING))["spend"]
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [path], mapping=mapping)
    assert "the header 'Total Spent (USD)' says USD, column 'Currency' says EUR" in str(refused.value)
    assert 'write under [spend.one_currency] in the mapping: converted = ["Total Spent (USD)"]' in str(refused.value)
    assert empty_con.execute("select count(*) from spend").fetchone()[0] == 0


def test_the_amount_stated_converted_sets_the_currency_column_aside_and_says_so(empty_con, tmp_path):
    path = write(tmp_path, "linkedin.csv", SPEND)
    text = SPEND_MAPPING + '[spend.one_currency]\nconverted = ["Total Spent (USD)"]\n'
    report = import_files(empty_con, "spend", [path], mapping=load_mapping(write(tmp_path, "m.toml", text))["spend"])
    # by hand: 3,240 + 1,134 = 4,374 USD, the EUR column's 3,000 and 1,050 not read
    assert empty_con.execute("select sum(amount) from spend").fetchone()[0] == 4374.0
    assert report.currency == "USD"
    assert (
        "linkedin.csv: column 'Currency' ('EUR' 2) not read: the mapping's [spend.one_currency] states "
        "'Total Spent (USD)' as converted, every amount in one currency"
    ) in report.notes


def test_times_converted_into_another_month_are_said_with_how_to_keep_local_months(empty_con, tmp_path):
    # trial 55: read in Berlin, converted to UTC: X3 23:30 is 22:30 the same day; X4 1 Dec 00:30 is 30 Nov 23:30
    # (another day and month); X5 15 Nov 00:10 is 14 Nov 23:10 (another day, same month): 2 days, 1 month
    path = write(
        tmp_path,
        "berlin.csv",
        "lead_id,created_at,source\n"
        "X3,2026-10-31 23:30:00,organic\nX4,2026-12-01 00:30:00,organic\nX5,2026-11-15 00:10:00,organic\n",
    )
    mapping = load_mapping(
        write(
            tmp_path,
            "m.toml",
            '[leads]\ntimezone = "Europe/Berlin"\n[leads.columns]\n'
            'lead_id = "lead_id"\ncreated_at = "created_at"\nsource = "source"\n',
        )
    )["leads"]
    report = import_files(empty_con, "leads", [path], mapping=mapping)
    how = next(h for _, column, h in report.formats if column == "created_at")
    assert "; 2 of them on another day in UTC than in Europe/Berlin" in how
    said = [a for a in report.alerts if "another month" in a]
    assert said == [
        "berlin.csv, column created_at: 1 time written in Europe/Berlin falls in another month once converted to "
        "the data's timezone, UTC (such as row 2: '2026-12-01 00:30:00' is 2026-11-30 23:30 UTC), and months, days "
        "and the date filters are UTC's: they count in the month before or after the one written. To count "
        "Europe/Berlin's own months, set DATA_TIMEZONE = 'Europe/Berlin' in dashboard/config.py and import every "
        "file again"
    ]


def test_the_problem_rows_csv_has_the_sheet_row_and_the_record_id(empty_con, tmp_path):
    # a title row, a blank row, the header on sheet row 3; an empty sheet row 5 is no row: B2 ('Sep 2nd', no year)
    # is data row 2 on sheet row 6 (3 + 2 + the empty row 5)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Lead tracker"])
    sheet.append([])
    sheet.append(["lead_id", "created_at", "source"])
    sheet.append(["B1", "2026-11-01", "organic"])
    sheet.append([])
    sheet.append(["B2", "Sep 2nd", "organic"])
    sheet.append(["B3", "2026-11-03", "organic"])
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    mapping = load_mapping(
        write(
            tmp_path, "m.toml", '[leads.columns]\nlead_id = "lead_id"\ncreated_at = "created_at"\nsource = "source"\n'
        )
    )["leads"]
    report = import_files(empty_con, "leads", [path], mapping=mapping)
    table = pd.read_csv(io.BytesIO(report.issues_csv()), dtype=str)
    assert table[["row (1 = first row under the header)", "sheet row", "record id"]].values.tolist() == [
        ["2", "6", "B2"]
    ]


def test_a_csv_file_s_problem_rows_have_the_record_id_and_no_sheet_row(empty_con, tmp_path):
    # D08's '12abc' on row 8 (by hand: the 8th row under the header)
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    table = pd.read_csv(io.BytesIO(report.issues_csv()), dtype=str)
    assert "sheet row" not in table.columns
    assert table[["row (1 = first row under the header)", "record id", "value"]].values.tolist() == [
        ["8", "D08", "12abc"]
    ]
