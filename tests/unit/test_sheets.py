"""Hand-kept Google Sheets / Excel lead trackers and pipeline sheets (a trial, /tmp/probe36): subtotal, TOTAL and
"Won total" rows were stored as deals (revenue doubled), a row pasted twice counted twice under @row ids, a CSV whose
title rows Sheets pads with commas could not be read, a year-less date_format stored 1900, and the advice given for
approximate amounts, ambiguous dates and the listing of skipped rows fell short. Every count is by hand below."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dashboard.importers import checks, propose
from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping

CSV_TOML = (
    '[deals.columns]\ndeal_id = "Deal"\ncreated_at = "Created"\nstatus = "Status"\namount = "Amount"\n'
    '[deals.values.status]\n"" = "open"\n"won" = "won"\n"lost" = "lost"\n"open" = "open"\n'
)
# the same sheet numbered by row: no id column of its own
ROW_TOML = CSV_TOML.replace('deal_id = "Deal"', 'deal_id = "@row"')
DEALS_TOML = CSV_TOML.replace('amount = "Amount"\n', 'amount = "Amount"\nclosed_at = "Close date"\n')
HEADER = ["Deal", "Created", "Close date", "Amount", "Status"]
# D1 won 3,400, D2 open 1,200, D3 won 5,000; October subtotal 9,600 (= 3,400 + 1,200 + 5,000); D4 lost 2,000;
# Won total 8,400 (= 3,400 + 5,000, status won); TOTAL 11,600 (= 3,400 + 1,200 + 5,000 + 2,000)
PIPELINE = [
    ["D1", "2026-10-05", "2026-10-20", 3400, "won"],
    ["D2", "2026-10-08", None, 1200, "open"],
    ["D3", "2026-10-15", "2026-10-28", 5000, "won"],
    ["October subtotal", "2026-10-31", None, 9600, None],
    ["D4", "2026-11-03", "2026-11-25", 2000, "lost"],
    ["Won total", "2026-11-30", "2026-11-30", 8400, "won"],
    ["TOTAL", "2026-11-30", None, 11600, None],
]


def _mapping(tmp_path: Path, text: str, kind: str = "deals"):
    (tmp_path / "m.toml").write_text(text, encoding="utf-8")
    return load_mapping(tmp_path / "m.toml")[kind]


def _xlsx(path: Path, rows: list[list[object]], title: list[str] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in title or []:
        ws.append([line])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_subtotal_total_and_won_total_rows_of_a_pipeline_sheet_are_no_deals(empty_con, tmp_path):
    # 7 rows: 4 deals, 3 totals rows (October subtotal, Won total, TOTAL). Won: D1 3,400 + D3 5,000 = 8,400; open D2
    path = _xlsx(tmp_path / "pipeline.xlsx", PIPELINE)
    report = import_files(empty_con, "deals", [path], mapping=_mapping(tmp_path, DEALS_TOML))
    assert report.rows_loaded == 4
    assert report.skipped == {checks.TOTALS_ROW: 3}
    got = empty_con.execute("select status, count(*), sum(amount) from deals group by 1 order by 1").fetchall()
    assert got == [("lost", 1, 2000.0), ("open", 1, 1200.0), ("won", 2, 8400.0)]
    said = [a for a in report.alerts if "labelled as a total" in a]
    assert len(said) == 1
    assert "row 4 ('October subtotal' in 'Deal'), row 6 ('Won total' in 'Deal'), row 7 ('TOTAL' in 'Deal')" in said[0]
    listed = report.issues[["row_number", "column_name", "value"]].values.tolist()
    assert listed == [[4, "Deal", "October subtotal"], [6, "Deal", "Won total"], [7, "Deal", "TOTAL"]]


def test_a_total_word_alone_in_any_cell_skips_the_row_and_a_weak_label_elsewhere_needs_the_sum(empty_con, tmp_path):
    # a sheet numbered by row (@row), the label in a Notes column read by nothing: row 3 "Nov total" beside 4,600 =
    # 3,000 + 1,600 (rows 1-2 above it): a totals row; row 4 "Budget total" beside 700, and no rows since the
    # labelled row 3 to sum: a deal; row 5 "Subtotal" beside 1, no sum (outside the first column a label needs the
    # sum: a company called Total is no label): a deal. So 1 skipped, 4 deals kept (3,000, 1,600, 700, 1)
    text = (
        "Deal,Created,Amount,Status,Notes\nD1,2026-11-01,3000,open,\nD2,2026-11-02,1600,open,\n"
        "D8,2026-11-30,4600,open,Nov total\nD5,2026-11-04,700,open,Budget total\nD9,2026-11-03,1,open,Subtotal\n"
    )
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, ROW_TOML))
    assert report.skipped == {checks.TOTALS_ROW: 1}
    amounts = empty_con.execute("select amount from deals order by amount").fetchall()
    assert amounts == [(1.0,), (700.0,), (1600.0,), (3000.0,)]


def test_a_company_named_like_a_total_in_a_read_first_column_is_kept(empty_con, tmp_path):
    # "Acme Total" is the company (read as account_id, first column): a value beside a total word there is no label
    text = "Company,Deal,Created,Amount,Status\nAcme Total,D1,2026-11-01,300,open\nBeta,D2,2026-11-02,200,open\n"
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    toml = (
        '[deals.columns]\ndeal_id = "Deal"\naccount_id = "Company"\ncreated_at = "Created"\nstatus = "Status"\n'
        'amount = "Amount"\n'
    )
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, toml))
    assert report.rows_loaded == 2 and not report.skipped


def test_a_lead_trackers_total_row_is_no_lead(empty_con, tmp_path):
    # ids 1, 2, 3 and "TOTAL" (created date filled as people type it): 3 leads, 1 totals row
    text = "#,Date,Source\n1,2026-10-03,web\n2,2026-10-04,web\n3,2026-10-05,ads\nTOTAL,2026-10-31,\n"
    (tmp_path / "l.csv").write_text(text, encoding="utf-8")
    toml = '[leads.columns]\nlead_id = "#"\ncreated_at = "Date"\nsource = "Source"\n'
    report = import_files(empty_con, "leads", [tmp_path / "l.csv"], mapping=_mapping(tmp_path, toml, "leads"))
    assert report.rows_loaded == 3 and report.skipped == {checks.TOTALS_ROW: 1}


def _proposed(tmp_path: Path, name: str, kind: str, sheet: str | None = None):
    staged = propose.stage_file(tmp_path / name, sheet)
    return propose.proposal_for(kind, staged, {}, name)


def test_map_proposes_the_sheets_own_id_column_despite_a_pasted_row_and_labels(tmp_path):
    # Deal: D1, D2, D3, D3 (pasted twice), "October subtotal", D4, "TOTAL": 5 ids on 5 rows, 2 labels, 1 repeat
    rows = [*PIPELINE[:3], PIPELINE[2], PIPELINE[3], PIPELINE[4], PIPELINE[6]]
    _xlsx(tmp_path / "p.xlsx", rows)
    p = _proposed(tmp_path, "p.xlsx", "deals")
    assert p.mapping.columns["deal_id"] == ("Deal",)


def test_map_keeps_row_ids_for_a_column_of_names(tmp_path):
    # "Lead" holds people's names (no digit): no ids, so @row
    (tmp_path / "l.csv").write_text(
        "Lead,Date,Source\nAnn Lee,2026-10-03,web\nBo Park,2026-10-04,web\nCy Ray,2026-10-05,ads\n", encoding="utf-8"
    )
    assert _proposed(tmp_path, "l.csv", "leads").mapping.columns["lead_id"] == ("@row",)


def test_rows_copied_under_row_ids_are_warned_of(empty_con, tmp_path):
    # no id column: row 3 equals row 2 in every column read (D2 pasted twice); row 4 differs by its amount
    text = "Created,Amount,Status\n2026-10-01,100,won\n2026-10-02,200,won\n2026-10-02,200,won\n2026-10-02,250,won\n"
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    toml = '[deals.columns]\ndeal_id = "@row"\ncreated_at = "Created"\nstatus = "Status"\namount = "Amount"\n'
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, toml))
    said = [a for a in report.alerts if "copy of another row" in a]
    assert len(said) == 1 and "(row 3 = row 2)" in said[0] and "pasted twice?" in said[0]


def test_the_duplicate_id_advice_of_deals_says_deal(empty_con, tmp_path):
    # D1 twice: 1 duplicate id
    text = "Deal,Created,Amount,Status\nD1,2026-10-01,100,won\nD1,2026-10-01,100,won\n"
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, CSV_TOML))
    line = next(x for x in report.summary().splitlines() if x.startswith("1 row skipped: duplicate id"))
    assert "a deal's first row" in line and "lead" not in line


def test_a_csv_with_title_rows_padded_with_commas_is_read_from_its_header(empty_con, tmp_path):
    # Google Sheets' download: 2 title lines padded to the 3 columns, the header on line 3, 2 leads under it
    text = 'Acme Lead Tracker 2026,,\n"Kept by Sarah, Nov 28",,\n#,Date,Source\n1,2026-10-03,web\n2,2026-10-04,ads\n'
    (tmp_path / "l.csv").write_text(text, encoding="utf-8")
    toml = '[leads.columns]\nlead_id = "#"\ncreated_at = "Date"\nsource = "Source"\n'
    report = import_files(empty_con, "leads", [tmp_path / "l.csv"], mapping=_mapping(tmp_path, toml, "leads"))
    assert report.rows_loaded == 2
    note = next(n for n in report.notes if "left out the 2 lines above the column names (line 3)" in n)
    assert "'Acme Lead Tracker 2026' · 'Kept by Sarah, Nov 28'" in note


def test_an_approximate_deal_amount_says_how_to_keep_the_amount_or_the_deal(empty_con, tmp_path):
    # ~5000 and 5,000 (est.): 2 rows skipped as unparseable numbers; D1 kept, and D4's TBD is a blank (fixl59)
    text = (
        "Deal,Created,Amount,Status\nD1,2026-10-01,100,won\nD2,2026-10-02,~5000,won\n"
        'D3,2026-10-03,"5,000 (est.)",open\nD4,2026-10-04,TBD,open\n'
    )
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, CSV_TOML))
    assert report.skipped == {checks.BAD_NUMBER: 2}
    assert report.rows_loaded == 2
    line = next(x for x in report.summary().splitlines() if x.startswith("2 rows skipped: unparseable number"))
    assert "remove the sign or note around the number" in line and "blank the cell" in line


def test_the_listing_counts_the_skipped_rows_it_does_not_show(empty_con, tmp_path):
    # 5 amounts of letters: 5 rows skipped, 3 shown (SAMPLE_PER_REASON), so "and 2 more"
    rows = "".join(f"D{n},2026-10-0{n},abc,open\n" for n in range(1, 6))
    (tmp_path / "d.csv").write_text("Deal,Created,Amount,Status\nD9,2026-10-09,1,open\n" + rows, encoding="utf-8")
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, CSV_TOML))
    lines = report.summary().splitlines()
    assert sum(x.startswith("  d.csv, row ") for x in lines) == 3
    assert "  … and 2 more unparseable number (in the CSV of skipped rows" in "\n".join(lines)


def test_a_date_format_without_a_year_is_refused_naming_its_line(tmp_path):
    # line 1 [leads], line 2 the date_format
    (tmp_path / "m.toml").write_text('[leads]\ndate_format = ["%b %d"]\n', encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"m\.toml, line 2: \[leads\]: date_format '%b %d' has no year"):
        load_mapping(tmp_path / "m.toml")


def test_a_date_without_a_year_is_skipped_saying_so(empty_con, tmp_path):
    # "Oct 3" has no year: 1 row skipped as such; 2026-10-04 read; examples from the file ("12 Nov 2026")
    text = "lead_id,created_at\nL1,Oct 3\nL2,2026-10-04\nL3,12 Nov 2026\n"
    (tmp_path / "l.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "leads", [tmp_path / "l.csv"])
    assert report.skipped == {checks.NO_YEAR: 1}
    assert ("l.csv", "created_at", "dates with month names such as 12 Nov 2026 (1)") in report.formats


def test_the_ambiguous_slash_date_refusal_lists_the_columns_other_spellings(empty_con, tmp_path):
    # 10/03/2026 and 11/05/2026 (no part above 12) beside 3 Oct 2026: both lists add "%d %b %Y"
    text = "lead_id,created_at\nL1,10/03/2026\nL2,11/05/2026\nL3,3 Oct 2026\n"
    (tmp_path / "l.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [tmp_path / "l.csv"])
    assert '["%d/%m/%Y", "%d %b %Y"] (day first) or ["%m/%d/%Y", "%d %b %Y"] (month first)' in str(refused.value)


def test_dates_a_stated_format_leaves_unread_say_not_read_once(empty_con, tmp_path):
    # %m/%d/%Y reads 10/03/2026, not 3 Oct 2026: 1 row skipped, and the warning says "not read" once
    (tmp_path / "l.csv").write_text("lead_id,created_at\nL1,10/03/2026\nL2,3 Oct 2026\n", encoding="utf-8")
    mapping = _mapping(tmp_path, '[leads]\ndate_format = ["%m/%d/%Y"]\n', "leads")
    report = import_files(empty_con, "leads", [tmp_path / "l.csv"], mapping=mapping)
    said = [a for a in report.alerts if "date_format" in a]
    assert said and "is not read by the mapping's date_format" in said[0] and "not read not read" not in said[0]


def test_a_canonical_leads_csv_with_a_total_row_takes_the_staged_way_and_skips_it(empty_con, tmp_path):
    # a clean canonical CSV would go the fast way; its "TOTAL" row (a date filled) made it a third lead: 2 leads
    text = "lead_id,created_at,source\nL1,2026-10-01,web\nL2,2026-10-02,web\nTOTAL,2026-10-31,\n"
    (tmp_path / "l.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "leads", [tmp_path / "l.csv"])
    assert empty_con.execute("select lead_id from leads order by 1").fetchall() == [("L1",), ("L2",)]
    assert report.skipped == {checks.TOTALS_ROW: 1}


def test_a_blank_row_ends_the_rows_a_label_elsewhere_may_sum(empty_con, tmp_path):
    # rows 1-2 (3,000 + 1,600), a blank row 3, then D5 500 and D6 200, and row 6 "Dec total" beside 700: the sum of
    # rows 4-5 (since the blank row), so a totals row; beside 5,300 (every row above) it would be kept. 4 deals kept
    text = (
        "Deal,Created,Amount,Status,Notes\nD1,2026-11-01,3000,open,\nD2,2026-11-02,1600,open,\n,,,,\n"
        "D5,2026-12-01,500,open,\nD6,2026-12-02,200,open,\nD7,2026-12-31,700,open,Dec total\n"
    )
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=_mapping(tmp_path, ROW_TOML))
    assert report.rows_loaded == 4
    assert report.skipped.get(checks.TOTALS_ROW) == 1
