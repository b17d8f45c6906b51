"""Salesforce report exports as they come: the footer after the rows, the true width of a ragged line, the
date_format a refusal suggests, and Lightning's "3/5/2024, 2:22 PM". Small files, numbers counted by hand."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping, preset_mapping

HEADER = "lead_id,created_at,source\n"
FOOTER = (
    '""\n'
    '"Grand Totals ({n} records)"\n'
    '""\n'
    '"Confidential Information - Do Not Distribute"\n'
    '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\n'
)
ROWS3 = "L1,2024-03-01,web\nL2,2024-03-02,web\nL3,2024-03-03,ads\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def created(con):
    return dict(con.execute("select lead_id, created_at from leads order by lead_id").fetchall())


# --- the footer ----------------------------------------------------------------------------------


def test_an_ad_platform_s_copyright_line_is_a_footer_too(empty_con, tmp_path):
    # Microsoft Advertising ends its reports with a blank line and its copyright: no row of spend
    text = (
        'month,source,campaign,amount\n2026-01,paid_search,Brand,"1,234.50"\n2026-02,paid_search,Brand,2000\n\n'
        '"©2026 Microsoft Corporation. All rights reserved. "\n'
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "msads.csv", text)], on_bad_rows="refuse")
    assert (report.rows_loaded, report.rows_skipped) == (2, 0)
    assert "msads.csv: left out the 2 footer lines of a report (lines 4\u20135)" in report.notes
    assert empty_con.execute("select sum(amount) from spend").fetchone() == (3234.5,)
    # the same line among the rows is a row with too few fields
    text = text.replace("\n\n", "\n") + "2026-03,paid_search,Brand,10\n"
    report = import_files(empty_con, "spend", [write(tmp_path, "mid.csv", text)])
    assert report.skipped == {"wrong number of fields": 1}


@pytest.mark.parametrize("on_bad_rows", ["skip", "refuse"])
def test_footer_is_left_out_and_said(empty_con, tmp_path, on_bad_rows):
    # line 1 header, lines 2-4 rows, lines 5-9 the footer (blank, totals, blank, confidential, copyright)
    path = write(tmp_path, "report.csv", HEADER + ROWS3 + FOOTER.format(n=3))
    report = import_files(empty_con, "leads", [path], on_bad_rows=on_bad_rows)
    assert report.rows_read == {"report.csv": 3}
    assert (report.rows_loaded, report.rows_skipped) == (3, 0)
    assert report.reconciliation() == "rows read 3 = imported 3 + skipped 0"
    assert "report.csv: left out the 5 footer lines of a Salesforce report (lines 5\u20139)" in report.notes
    assert report.alerts == []
    assert sorted(created(empty_con)) == ["L1", "L2", "L3"]


def test_footer_matched_whatever_its_case_spacing_year_and_line_ends(empty_con, tmp_path):
    # header 1, rows 2-3, a truly empty line 4, then lines 5-7: four footer lines, Windows line ends
    text = (
        "lead_id,created_at,source\r\n"
        "L1,2024-03-01,web\r\n"
        "L2,2024-03-02,web\r\n"
        "\r\n"
        '"GRAND TOTALS  (2 Records)"\r\n'
        '"confidential information -  do not distribute"\r\n'
        '"Copyright (c) 2000-2025 Salesforce.com, Inc. All rights reserved."\r\n'
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "crlf.csv", text)], on_bad_rows="refuse")
    assert report.rows_read == {"crlf.csv": 2}
    assert (report.rows_loaded, report.rows_skipped) == (2, 0)
    assert "crlf.csv: left out the 4 footer lines of a Salesforce report (lines 4\u20137)" in report.notes
    assert report.alerts == []


def test_grand_totals_that_differ_from_the_rows_warn_loudly(empty_con, tmp_path):
    # the footer says 5 records, the file holds 3: the export was cut short
    path = write(tmp_path, "cut.csv", HEADER + ROWS3 + FOOTER.format(n=5))
    report = import_files(empty_con, "leads", [path])
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (3, 3, 0)
    assert report.alerts == [
        "cut.csv: the Salesforce report's footer says Grand Totals (5 records) but the file holds 3 rows; "
        "the export was cut short (truncated): export the report again"
    ]
    assert "WARNING: cut.csv: the Salesforce report's footer says Grand Totals (5 records)" in report.summary()


def test_footer_lines_among_the_rows_stay_bad_rows(empty_con, tmp_path):
    # line 3 looks like a footer but a row follows; line 5 is a footer line followed by a row (line 6):
    # neither ends the file, so both are rows with the wrong number of fields
    text = (
        HEADER
        + "L1,2024-03-01,web\n"
        + '"Grand Totals (1 records)"\n'
        + "L2,2024-03-02,web\n"
        + '"Confidential Information - Do Not Distribute"\n'
        + "L3,2024-03-03,web\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "middle.csv", text)])
    assert report.rows_read == {"middle.csv": 5}
    assert (report.rows_loaded, report.rows_skipped) == (3, 2)
    assert report.skipped == {"wrong number of fields": 2}
    assert report.issues["value"].tolist() == [
        'line 3: 1 field, the header has 3: "Grand Totals (1 records)"',
        'line 5: 1 field, the header has 3: "Confidential Information - Do Not Distribute"',
    ]
    assert not any("footer" in n for n in report.notes)
    with pytest.raises(ImportRefused, match=r"^2 rows have problems; the first: middle2\.csv, row 2: wrong number"):
        import_files(empty_con, "leads", [write(tmp_path, "middle2.csv", text)], on_bad_rows="refuse")


def test_blank_lines_alone_at_the_end_are_no_footer(empty_con, tmp_path):
    # two quoted empty lines end the file, but no line of a Salesforce footer: they stay bad rows (lines 3, 4)
    text = HEADER + 'L1,2024-03-01,web\n""\n""\n'
    report = import_files(empty_con, "leads", [write(tmp_path, "blank.csv", text)])
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (3, 1, 2)
    assert report.issues["value"].tolist() == [
        'line 3: 1 field, the header has 3: ""',
        'line 4: 1 field, the header has 3: ""',
    ]


# --- the width of a ragged line ------------------------------------------------------------------


def test_a_ragged_line_says_its_own_field_count(empty_con, tmp_path):
    text = (
        "lead_id,created_at,source,owner,campaign\n"
        "L1,2024-03-01,web,Ann,spring\n"
        '"just one"\n'  # line 3: 1 field
        "L2,2024-03-02,web\n"  # line 4: 3 fields
        "L3,2024-03-03,web,Ann,spring,x,y\n"  # line 5: 7 fields
        "L4,2024-03-04,web,Bo,\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "ragged.csv", text)])
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (5, 2, 3)
    assert report.issues["value"].tolist() == [
        'line 3: 1 field, the header has 5: "just one"',
        "line 4: 3 fields, the header has 5: L2,2024-03-02,web",
        "line 5: 7 fields, the header has 5: L3,2024-03-03,web,Ann,spring,x,y",
    ]


# --- the date_format a refusal suggests ----------------------------------------------------------

AMBIGUOUS = HEADER + (
    "L1,2024-03-25 10:00,web\nL2,03/05/2024 2:22 PM,web\nL3,04/06/2024,web\nL4,05/07/2024 14:30,web\n"
)


def suggested(message: str, order: str) -> str:
    found = re.search(r"(\[[^\]]*\]) \(" + order + r"\)", message)
    assert found, message
    return found.group(1)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (
            "month first",
            {
                "L1": datetime(2024, 3, 25, 10, 0),
                "L2": datetime(2024, 3, 5, 14, 22),
                "L3": datetime(2024, 4, 6),
                "L4": datetime(2024, 5, 7, 14, 30),
            },
        ),
        (
            "day first",
            {
                "L1": datetime(2024, 3, 25, 10, 0),
                "L2": datetime(2024, 5, 3, 14, 22),
                "L3": datetime(2024, 6, 4),
                "L4": datetime(2024, 7, 5, 14, 30),
            },
        ),
    ],
)
def test_the_suggested_date_format_reads_every_row(empty_con, tmp_path, order, expected):
    path = write(tmp_path, "ambiguous.csv", AMBIGUOUS)
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path])
    message = str(refused.value)
    # one format per spelling the column has: a date alone, a 24-hour time, a 12-hour time with AM/PM
    assert message.endswith(
        'state the format: [leads] date_format = ["%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %I:%M %p"] (day first) '
        'or ["%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p"] (month first)'
    )
    mapping = write(
        tmp_path,
        "m.toml",
        f'[leads]\ndate_format = {suggested(message, order)}\n[leads.columns]\nlead_id = "lead_id"\n'
        'created_at = "created_at"\nsource = "source"\n',
    )
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(mapping)["leads"], on_bad_rows="refuse")
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (4, 4, 0)
    assert created(empty_con) == expected


def test_a_column_mixing_orders_is_told_its_own_time_spelling(empty_con, tmp_path):
    # 13/05 is day first, 05/14 month first; both with seconds and a 12-hour time written without a space
    text = HEADER + "L1,13/05/2024 2:22:10PM,web\nL2,05/14/2024 9:01:00AM,web\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "mixed.csv", text)])
    assert str(refused.value).endswith(
        'state the format: [leads] date_format = ["%d/%m/%Y %I:%M:%S%p"] (day first) or '
        '["%m/%d/%Y %I:%M:%S%p"] (month first)'
    )


# --- Salesforce Lightning dates ------------------------------------------------------------------


def test_lightning_dates_with_a_comma_after_the_year(empty_con, tmp_path):
    # 3/14 shows month first; two of the three have ", " before a 12-hour time
    text = HEADER + 'L1,"3/5/2024, 2:22 PM",web\nL2,3/14/2024,web\nL3,"3/12/2024, 12:01 AM",web\n'
    report = import_files(empty_con, "leads", [write(tmp_path, "lightning.csv", text)], on_bad_rows="refuse")
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (3, 3, 0)
    assert created(empty_con) == {
        "L1": datetime(2024, 3, 5, 14, 22),
        "L2": datetime(2024, 3, 14),
        "L3": datetime(2024, 3, 12, 0, 1),
    }
    [(file, column, how)] = report.formats
    assert (file, column) == ("lightning.csv", "created_at")
    assert how.startswith("M/D/YYYY (3), month first (shown by 3/14/2024); 2 with a comma before the time")


def test_lightning_dates_day_first_with_a_24_hour_time(empty_con, tmp_path):
    text = HEADER + 'L1,"14/3/2024, 09:05",web\nL2,"5/3/2024, 17:45",web\n'
    report = import_files(empty_con, "leads", [write(tmp_path, "gb.csv", text)])
    assert (report.total_read, report.rows_loaded) == (2, 2)
    assert created(empty_con) == {"L1": datetime(2024, 3, 14, 9, 5), "L2": datetime(2024, 3, 5, 17, 45)}
    assert report.formats[0][2].startswith("D/M/YYYY, HH:MM (2), day first (shown by 14/3/2024, 09:05)")


def test_lightning_report_with_its_footer_through_the_preset(empty_con, tmp_path):
    # the whole export as Lightning writes it: quoted fields, comma dates, the footer (lines 4-8); with its Lead
    # Status, as a real leads report has it (without a stage column the import rightly warns that none gives stages)
    text = (
        '"Lead ID","Created Date","Lead Source","Lead Status"\n'
        '"00Q1","3/5/2024, 2:22 PM","Web","Open - Not Contacted"\n'
        '"00Q2","3/14/2024, 9:05 AM","Web","Open - Not Contacted"\n' + FOOTER.format(n=2)
    )
    report = import_files(
        empty_con,
        "leads",
        [write(tmp_path, "sf.csv", text)],
        mapping=preset_mapping("salesforce", "leads"),
        on_bad_rows="refuse",
    )
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (2, 2, 0)
    assert created(empty_con) == {"00Q1": datetime(2024, 3, 5, 14, 22), "00Q2": datetime(2024, 3, 14, 9, 5)}
    assert "sf.csv: left out the 5 footer lines of a Salesforce report (lines 4\u20138)" in report.notes
    assert report.alerts == []


def test_totals_rows_labelled_in_other_languages_are_left_out(empty_con, tmp_path):
    # Excel's pivot in German or French labels its totals: Jan 1,200 + 800 = 2,000 (Gesamtergebnis), Feb 700.50
    # (Total général), Mar 100 (Zwischensumme): the spend is 2,800.50, not 5,601
    text = (
        "month;source;campaign;amount\n2026-01;linkedin;A;1.200,00\n2026-01;linkedin;B;800,00\n"
        "2026-01;linkedin;Gesamtergebnis;2.000,00\n2026-02;linkedin;A;700,50\n2026-02;linkedin;Total général;700,50\n"
        "2026-03;linkedin;A;100,00\n2026-03;linkedin;Zwischensumme;100,00\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "pivot.csv", text)])
    assert empty_con.execute("select sum(amount) from spend").fetchone() == (2800.5,)
    assert report.skipped == {"a totals row": 3}
