"""File formats and shapes as exports come: XLSX, Parquet, tab and pipe delimiters, mixed encodings, huge lines."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime

import duckdb
import openpyxl
import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping


def rows(con, sql="select lead_id, created_at::varchar, source, campaign from leads order by lead_id"):
    return con.execute(sql).fetchall()


def test_xlsx_first_sheet_with_real_dates_numbers_and_a_formula(empty_con, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["lead_id", "created_at", "source", "campaign"])
    sheet.append([101, datetime(2025, 3, 4, 9, 30), "email", '=HYPERLINK("http://x","y")'])
    sheet.append(["a2", "2025-03-05", "referral", None])
    sheet.append([None, None, None, None])  # a blank row at the end of a sheet is not data
    book.create_sheet("Other").append(["nothing", "here"])
    path = tmp_path / "leads.xlsx"
    book.save(path)
    report = import_files(empty_con, "leads", [path])
    assert report.rows_read == {"leads.xlsx": 2}
    # openpyxl saves no value with a formula: blank, and said (its text would be a campaign nobody wrote)
    assert rows(empty_con) == [
        ("101", "2025-03-04 09:30:00", "email", None),
        ("a2", "2025-03-05 00:00:00", "referral", None),
    ]
    assert report.alerts == [
        'leads.xlsx: 1 formula cell had no saved value and read as blank (such as \'=HYPERLINK("http://x","y")\'): '
        "a workbook saved by Excel or LibreOffice keeps each formula's value, one a program wrote does not; open it "
        "there and save it if those cells should hold values"
    ]


def test_xlsx_named_sheet_and_a_missing_one(empty_con, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["notes"])
    deals = book.create_sheet("Deals")
    deals.append(["deal_id", "created_at", "status", "amount"])
    deals.append(["d1", datetime(2025, 1, 2), "Won", 1234.5])
    path = tmp_path / "crm.xlsx"
    book.save(path)
    import_files(empty_con, "deals", [path], sheet="Deals")
    assert empty_con.execute("select deal_id, status, amount from deals").fetchall() == [("d1", "won", 1234.5)]
    with pytest.raises(ImportRefused, match=r"crm\.xlsx: no sheet named 'Leads' \(its sheets: Sheet, Deals\)"):
        import_files(empty_con, "deals", [path], sheet="Leads")


def test_merged_cells_under_the_header_and_hidden_columns_are_said(empty_con, tmp_path):
    # source merged over C3:C4 shows "webinar" on both rows in Excel; the file holds it in C3 only, so a4 read
    # blank (unknown) without a word. A hidden campaign column is read like the others
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["notes"])
    # a sheet name with an apostrophe: the workbook part names it in double quotes
    sheet = book.create_sheet("Bob's leads")
    sheet.append(["lead_id", "created_at", "campaign", "source"])
    for row in (
        ["a2", "2025-03-02", "c", "email"],
        ["a3", "2025-03-03", "c", "webinar"],
        ["a4", "2025-03-04", "c", None],
    ):
        sheet.append(row)
    sheet.merge_cells("D3:D4")
    sheet.merge_cells("A1:A1")
    sheet.column_dimensions["C"].hidden = True
    path = tmp_path / "leads.xlsx"
    book.save(path)
    report = import_files(empty_con, "leads", [path], sheet="Bob's leads")
    assert rows(empty_con, "select lead_id, source from leads order by 1") == [
        ("a2", "email"),
        ("a3", "webinar"),
        ("a4", "unknown"),
    ]
    assert report.alerts == [
        "leads.xlsx: 1 range of merged cells under the column names (D3:D4): only the first cell of each holds the "
        "value Excel shows across it, the others are read as blank; unmerge them and fill every cell (Excel: Merge "
        "& Center, then Unmerge Cells) and import again",
        "leads.xlsx: hidden column 'campaign' is read like the others, though the sheet does not show it: check that "
        "the mapping reads the columns you mean",
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook(con, tmp_path):
    path = tmp_path / "leads.xlsx"
    path.write_text("lead_id,created_at\nx,2025-01-01\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"leads\.xlsx: cannot be read as an Excel workbook"):
        import_files(con, "leads", [path])
    assert store.table_counts(con)["leads"] == 8


def test_parquet_with_typed_columns(empty_con, tmp_path):
    path = tmp_path / "leads.parquet"
    duckdb.sql(
        "select * from (values ('p1', timestamp '2025-02-01 08:00:00', 'email', null), "
        "('p2', timestamp '2025-02-02 00:00:00', null, 'spring')) as t(lead_id, created_at, source, campaign)"
    ).write_parquet(str(path))
    report = import_files(empty_con, "leads", [path])
    assert report.rows_loaded == 2
    assert rows(empty_con) == [
        ("p1", "2025-02-01 08:00:00", "email", None),
        ("p2", "2025-02-02 00:00:00", "unknown", "spring"),
    ]


@pytest.mark.parametrize(
    ("text", "expected_campaign"),
    [
        ("lead_id\tcreated_at\tsource\tcampaign\nt1\t2025-01-01\temail\ta,b;c\n", "a,b;c"),
        ("lead_id|created_at|source|campaign\nt1|2025-01-01|email|a,b;c\n", "a,b;c"),
        # semicolons as the delimiter while every row's text holds commas: a comma guess would be wrong
        ('lead_id;created_at;source;campaign\nt1;2025-01-01;email;"a,b"\nt2;2025-01-02;email;"c,d"\n', "a,b"),
    ],
)
def test_delimiters_are_detected(empty_con, tmp_path, text, expected_campaign):
    path = tmp_path / "leads.csv"
    path.write_text(text, encoding="utf-8")
    import_files(empty_con, "leads", [path])
    assert rows(empty_con)[0] == ("t1", "2025-01-01 00:00:00", "email", expected_campaign)


def test_mixed_utf8_and_windows_1252_in_one_file_loses_nothing(empty_con, tmp_path):
    # the first 64 KB are UTF-8, a row pasted from a Windows export at the end is Windows-1252
    head = "lead_id,created_at,campaign\n" + "".join(f"x{i},2025-01-01,café\n" for i in range(5000))
    path = tmp_path / "leads.csv"
    path.write_bytes(head.encode("utf-8") + "w1,2025-01-02,café €5\n".encode("cp1252"))
    import_files(empty_con, "leads", [path])
    assert store.scalar(empty_con, "select campaign from leads where lead_id = 'w1'") == "café €5"
    assert store.scalar(empty_con, "select count(*) from leads where campaign = 'café'") == 5000


def test_a_10_mb_single_line_is_refused_with_a_reason(con, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("lead_id,created_at\n" + "x" * 10_000_000 + ",2025-01-01", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"leads\.csv, line \d+: one line is 10,000,\d+ bytes, more than the"):
        import_files(con, "leads", [path])
    assert store.table_counts(con)["leads"] == 8


def test_old_xls_is_refused_with_what_to_do(con, tmp_path):
    path = tmp_path / "leads.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(ImportRefused, match=r"save it as \.xlsx or CSV"):
        import_files(con, "leads", [path])


def _saved_by_excel(path, values: dict[str, str]) -> None:
    """Give formula cells the value Excel saves beside each formula (openpyxl writes none): {cell: value}."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for cell, value in values.items():
        sheet = re.sub(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v ?/>', rf"\g<1><v>{value}</v>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_xlsx_formulas_are_read_as_the_values_excel_saved(empty_con, tmp_path):
    # amounts computed in the sheet (2 × 100, 3 × 50): Excel saves 200 and 150 beside the formulas; a formula
    # without a saved value (d3: a workbook a program wrote) is no amount, said
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["deal_id", "created_at", "status", "amount"])
    sheet.append(["d1", "2025-01-02", "won", "=2*100"])
    sheet.append(["d2", "2025-01-03", "won", "=3*50"])
    sheet.append(["d3", "2025-01-04", "won", "=1*70"])
    path = tmp_path / "deals.xlsx"
    book.save(path)
    _saved_by_excel(path, {"D2": "200", "D3": "150"})
    report = import_files(empty_con, "deals", [path])
    amounts = empty_con.execute("select deal_id, amount from deals order by 1").fetchall()
    assert amounts == [("d1", 200.0), ("d2", 150.0), ("d3", None)]
    # (the deals have no close date, which is said too)
    [alert] = [a for a in report.alerts if a.startswith("deals.xlsx")]
    assert alert.startswith("deals.xlsx: 1 formula cell had no saved value")


def test_an_xlsx_title_row_is_left_out_and_a_cover_sheet_says_where_the_data_is(empty_con, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Spend 2025"
    sheet.append(["Marketing spend Q1 2025"])
    sheet.append([])
    sheet.append(["month", "source", "amount"])
    sheet.append(["2025-01", "web", 100])
    sheet.append(["2025-02", "web", 200])
    path = tmp_path / "titled.xlsx"
    book.save(path)
    report = import_files(empty_con, "spend", [path])
    got = empty_con.execute("select month::varchar, source, amount from spend order by 1").fetchall()
    assert got == [("2025-01-01", "web", 100.0), ("2025-02-01", "web", 200.0)]
    assert (report.rows_loaded, report.rows_skipped) == (2, 0)
    assert (
        "titled.xlsx: left out the 2 rows above the column names (row 3), a report's title: "
        "'Marketing spend Q1 2025'; row numbers count from the row under the column names"
    ) in report.notes
    # the first data row has a blank cell, so it is narrower than the names: row 3 still, not row 5 (where two
    # rows first are as wide), which would have read a row of data as the names. 1003's MQL date is not one:
    # skipped as data row 3 (the sheet's row 6)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Lead export - January 2025"])
    sheet.append(["Generated 2025-02-01"])
    sheet.append(["lead_id", "created_at", "source", "mql_at"])
    sheet.append([1001, datetime(2025, 1, 2), "web", None])
    sheet.append([1002, datetime(2025, 1, 3), "web", datetime(2025, 1, 5)])
    sheet.append([1003, datetime(2025, 1, 4), "email", "soon"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    report = import_files(empty_con, "leads", [path])
    got = empty_con.execute("select lead_id, mql_at::varchar from leads order by 1").fetchall()
    assert got == [("1001", None), ("1002", "2025-01-05 00:00:00")]
    problems = report.issues[["file", "row_number", "column_name", "value"]].values.tolist()
    assert problems == [["export.xlsx", 3, "mql_at", "soon"]]
    assert any("'Lead export - January 2025' · 'Generated 2025-02-01'" in n for n in report.notes)
    # a cover sheet first, the data on the second
    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book.active.append(["Prepared by", "Finance"])
    data = book.create_sheet("Data")
    data.append(["month", "source", "amount"])
    data.append(["2025-01", "web", 100])
    path = tmp_path / "cover.xlsx"
    book.save(path)
    report = import_files(empty_con, "spend", [path])
    assert store.scalar(empty_con, "select sum(amount) from spend") == 100.0
    assert "cover.xlsx: read sheet 'Data'; left out 'Summary' (no rows): name another with --sheet NAME" in report.notes
    import_files(empty_con, "spend", [path], sheet="Data")
    assert store.scalar(empty_con, "select sum(amount) from spend") == 100.0
    # the sheet named is read even when it has no rows under its names
    with pytest.raises(
        ImportRefused, match=r"sheet 'Summary': no rows under its column names; .* other sheets are Data"
    ):
        import_files(empty_con, "spend", [path], sheet="Summary")


def test_a_workbook_s_sheet_is_the_only_visible_one_with_rows_or_named(empty_con, tmp_path):
    # instructions with an example row beside the data: only the user knows which is the data
    book = openpyxl.Workbook()
    book.active.title = "Instructions"
    book.active.append(["lead_id", "created_at", "source"])
    book.active.append(["EXAMPLE-1", "2020-01-01", "example"])
    leads = book.create_sheet("Leads")
    leads.append(["lead_id", "created_at", "source"])
    for n in range(1, 5):
        leads.append([f"L{n}", f"2026-01-0{n}", "ads"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path])
    assert str(refused.value) == (
        "two.xlsx: 2 sheets hold rows ('Instructions', 'Leads'): choose the one with the data (--sheet NAME, or "
        "Sheet on the Data page)"
    )
    import_files(empty_con, "leads", [path], sheet="Leads")
    assert store.scalar(empty_con, "select count(*) from leads where source = 'ads'") == 4
    # a hidden old export first: the visible sheet is read, and the report says what was left out
    book["Instructions"].sheet_state = "hidden"
    book.save(path)
    report = import_files(empty_con, "leads", [path])
    assert empty_con.execute("select min(lead_id), count(*) from leads").fetchall() == [("L1", 4)]
    assert "two.xlsx: read sheet 'Leads'; left out 'Instructions' (hidden): name another with --sheet NAME" in (
        report.notes
    )


def test_rows_a_filter_hides_are_read_and_said(empty_con, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["lead_id", "created_at", "source"])
    for n, source in enumerate(["ads", "ads", "test", "ads", "test"], start=1):
        sheet.append([f"L{n}", f"2026-01-0{n}", source])
    # the test leads (sheet rows 4 and 6) hidden, as a filter leaves them
    sheet.row_dimensions[4].hidden = True
    sheet.row_dimensions[6].hidden = True
    path = tmp_path / "filtered.xlsx"
    book.save(path)
    report = import_files(empty_con, "leads", [path])
    assert store.scalar(empty_con, "select count(*) from leads") == 5
    assert (
        "filtered.xlsx: 2 rows hidden in the sheet (by a filter or by hand, such as the sheet's row 4) are read "
        "like the others: delete the rows that should not count and import again"
    ) in report.alerts


def test_number_cells_keep_their_value_beside_text_amounts(empty_con, tmp_path):
    # a number cell holds no separator: 188.955 is 188.955 beside text in decimal commas (1.234,50 € is 1,234.50)
    # and alone, where its three decimals would read either way as text
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["month", "source", "amount"])
    sheet.append(["2026-01", "web", 188.955])
    sheet.append(["2026-02", "web", "1.234,50 €"])
    sheet.append(["2026-03", "web", 2000])
    path = tmp_path / "mixed.xlsx"
    book.save(path)
    import_files(empty_con, "spend", [path])
    got = empty_con.execute("select month::varchar, amount from spend order by 1").fetchall()
    assert got == [("2026-01-01", 188.955), ("2026-02-01", 1234.5), ("2026-03-01", 2000.0)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["month", "source", "amount"])
    for month, amount in (("2026-01", 188.955), ("2026-02", 1500), ("2026-03", 2000.25)):
        sheet.append([month, "web", amount])
    path = tmp_path / "numbers.xlsx"
    book.save(path)
    import_files(empty_con, "spend", [path])
    assert store.scalar(empty_con, "select sum(amount) from spend") == pytest.approx(3689.205)


def test_long_number_ids_in_a_sheet_are_refused_as_rounded(empty_con, tmp_path):
    # a 19-digit id kept as a number has lost its last digits (Excel keeps 15): 4876876000000123456 reads back as
    # 4876876000000123904, an id no record has
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["lead_id", "created_at", "source"])
    sheet.append([4876876000000123456.0, "2026-01-01", "web"])
    sheet.append([4876876000000223456.0, "2026-01-02", "web"])
    path = tmp_path / "ids.xlsx"
    book.save(path)
    with pytest.raises(ImportRefused, match=r"ids.xlsx: column 'lead_id' holds 2 ids in scientific notation"):
        import_files(empty_con, "leads", [path])


def test_sheet_number_cells_are_exact_in_amounts_and_untouched_elsewhere(empty_con, tmp_path):
    # the amount column shows a decimal comma ("1.234,50 €"): its text "188.955" is 188,955, its number cell
    # 188.955 stays 188.955; a number cell in the campaign column keeps its text as written, 2026.001
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["month", "source", "campaign", "amount"])
    sheet.append(["2026-01", "web", 2026.001, 188.955])
    sheet.append(["2026-02", "web", "Brand", "188.955"])
    sheet.append(["2026-03", "web", "Brand", "1.234,50 €"])
    path = tmp_path / "spend.xlsx"
    book.save(path)
    import_files(empty_con, "spend", [path])
    got = empty_con.execute("select month::varchar, campaign, amount from spend order by 1").fetchall()
    assert got == [
        ("2026-01-01", "2026.001", 188.955),
        ("2026-02-01", "Brand", 188955.0),
        ("2026-03-01", "Brand", 1234.5),
    ]


def test_whole_numbers_of_16_digits_in_a_sheet_are_refused_as_rounded_ids(empty_con, tmp_path):
    # a spreadsheet keeps 15 digits: 1234567890123456 typed in Excel is stored 1234567890123450, and a 19-digit
    # Zoho id kept as a number (4876876000000123456) is written as 4.876876000000124e+18; 15 digits are kept
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["lead_id", "created_at", "source"])
    sheet.append([123456789012345, "2026-01-01", "web"])
    path = tmp_path / "exact.xlsx"
    book.save(path)
    import_files(empty_con, "leads", [path])
    assert empty_con.execute("select lead_id from leads").fetchall() == [("123456789012345",)]
    for rounded in (1234567890123450, 4876876000000123456):
        sheet.append([rounded, "2026-01-02", "web"])
        book.save(path)
        with pytest.raises(ImportRefused, match=r"exact.xlsx: column 'lead_id' holds 1 id in scientific notation"):
            import_files(empty_con, "leads", [path])
        sheet.delete_rows(3)


def test_sheet_messages_count_from_the_column_names_under_a_title(empty_con, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Leads, January 2026"])
    sheet.append(["lead_id", "created_at", "source"])
    for n, source in enumerate(["ads", "test", "ads"], start=1):
        sheet.append([f"L{n}", f"2026-01-0{n}", source])
    sheet.merge_cells("A1:C1")
    # the title hidden too: only the test lead (sheet row 4) is a hidden row that is read
    sheet.row_dimensions[1].hidden = True
    sheet.row_dimensions[4].hidden = True
    path = tmp_path / "titled.xlsx"
    book.save(path)
    report = import_files(empty_con, "leads", [path])
    assert store.scalar(empty_con, "select count(*) from leads") == 3
    assert report.alerts == [
        "titled.xlsx: 1 row hidden in the sheet (by a filter or by hand, such as the sheet's row 4) is read like "
        "the others: delete the rows that should not count and import again"
    ]
    assert (
        "titled.xlsx: left out the 1 row above the column names (row 2), a report's title: 'Leads, January 2026'; "
        "row numbers count from the row under the column names"
    ) in report.notes
    # a header naming a column twice is named at its own row
    sheet.append([])
    sheet["C2"] = "lead_id"
    book.save(path)
    with pytest.raises(ImportRefused, match=r"titled.xlsx, sheet 'Sheet', row 2: the header names column 'lead_id'"):
        import_files(empty_con, "leads", [path])


def test_a_chart_sheet_is_never_read(empty_con, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Data"
    book.active.append(["month", "source", "amount"])
    book.active.append(["2026-01", "web", 100])
    chart = openpyxl.chart.BarChart()
    chart.add_data(openpyxl.chart.Reference(book.active, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    book.create_chartsheet("Chart").add_chart(chart)
    path = tmp_path / "chart.xlsx"
    book.save(path)
    import_files(empty_con, "spend", [path])
    assert store.scalar(empty_con, "select sum(amount) from spend") == 100.0
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [path], sheet="Chart")
    assert str(refused.value) == "chart.xlsx: 'Chart' is a chart sheet, which holds no rows (its sheets: Data)"


def test_a_number_cell_read_through_a_mapping_s_second_column_is_exact(empty_con, tmp_path):
    # amount = ["Amount", "Amount EUR"]: Amount shows decimal commas ("1.234,50"); where it is blank the number cell
    # 188.955 of Amount EUR fills the amount, and stays 188.955
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Month", "Source", "Amount", "Amount EUR"])
    sheet.append(["2026-01", "google", "1.234,50", None])
    sheet.append(["2026-02", "google", None, 188.955])
    sheet.append(["2026-03", "google", "2.000,00", None])
    path = tmp_path / "fallback.xlsx"
    book.save(path)
    mapping = tmp_path / "m.toml"
    mapping.write_text('[spend.columns]\nmonth = "Month"\nsource = "Source"\namount = ["Amount", "Amount EUR"]\n')
    import_files(empty_con, "spend", [path], mapping=load_mapping(mapping)["spend"])
    got = empty_con.execute("select month::varchar, amount from spend order by 1").fetchall()
    assert got == [("2026-01-01", 1234.5), ("2026-02-01", 188.955), ("2026-03-01", 2000.0)]
