"""Files as they come: encodings, BOMs, binary and empty files, amounts, formulas, multi-line cells."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files

HEADER = "deal_id,created_at,status,amount,lost_reason\n"


def write_bytes(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reasons(con):
    return dict(con.execute("select deal_id, lost_reason from deals").fetchall())


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
def test_encodings(empty_con, tmp_path, encoding, prefix):
    text = HEADER + "d1,2025-01-01,lost,10,prix trop élevé – 5 €\n"
    path = write_bytes(tmp_path, "deals.csv", prefix + text.encode(encoding))
    import_files(empty_con, "deals", [path])
    assert reasons(empty_con) == {"d1": "prix trop élevé – 5 €"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12.75", 12.75), ('"1.234,50 €"', 1234.5), ('"$1,234.50"', 1234.5), ('"12,5"', 12.5)],
)
def test_amounts_as_exports_write_them(empty_con, tmp_path, raw, expected):
    path = write_bytes(tmp_path, "deals.csv", (HEADER + f"d1,2025-01-01,won,{raw},\n").encode())
    import_files(empty_con, "deals", [path])
    assert store.scalar(empty_con, "select amount from deals") == expected


def test_formula_cells_stay_text_and_multiline_cells_survive(empty_con, tmp_path):
    text = HEADER + 'd1,2025-01-01,lost,1,"=HYPERLINK(""http://x"",""y"")"\nd2,2025-01-02,lost,2,"line one\nline two"\n'
    import_files(empty_con, "deals", [write_bytes(tmp_path, "deals.csv", text.encode())])
    assert reasons(empty_con) == {"d1": '=HYPERLINK("http://x","y")', "d2": "line one\nline two"}


def test_semicolon_delimited(empty_con, tmp_path):
    text = "deal_id;created_at;status;amount\nd1;2025-01-01;won;1.234,50\n"
    import_files(empty_con, "deals", [write_bytes(tmp_path, "deals.csv", text.encode())])
    assert store.scalar(empty_con, "select amount from deals") == 1234.5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "deals.csv: the file is empty"),
        (bytes(range(256)) * 40, r"deals\.csv, line 1: holds a NUL byte, so this is not a text"),
    ],
)
def test_unreadable_files_are_refused_and_nothing_changes(con, tmp_path, data, message):
    before = store.table_counts(con)
    with pytest.raises(ImportRefused, match=message):
        import_files(con, "deals", [write_bytes(tmp_path, "deals.csv", data)])
    assert store.table_counts(con) == before


def test_amount_that_is_no_number_names_row_and_column(empty_con, tmp_path):
    text = HEADER + "d1,2025-01-01,won,12,\nd2,2025-01-01,won,twelve,\n"
    with pytest.raises(ImportRefused, match=r"deals\.csv, row 2, column amount: unparseable number: 'twelve'"):
        import_files(empty_con, "deals", [write_bytes(tmp_path, "deals.csv", text.encode())], on_bad_rows="refuse")


def leads_file(tmp_path, rows: str):
    return write_bytes(tmp_path, "leads.csv", ("lead_id,created_at,mql_at\n" + rows).encode())


def created(con):
    return dict(con.execute("select lead_id, created_at::varchar from leads").fetchall())


def test_day_first_column_detected_from_a_day_above_12(empty_con, tmp_path):
    import_files(empty_con, "leads", [leads_file(tmp_path, "a,01/02/2025,\nb,31/01/2025 14:05,\n")])
    assert created(empty_con) == {"a": "2025-02-01 00:00:00", "b": "2025-01-31 14:05:00"}


def test_month_first_column_detected(empty_con, tmp_path):
    import_files(empty_con, "leads", [leads_file(tmp_path, "a,01/02/2025,\nb,01/31/2025,\n")])
    assert created(empty_con) == {"a": "2025-01-02 00:00:00", "b": "2025-01-31 00:00:00"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a,01/02/2025,\nb,03/04/2025,\n", "can be read day-first or month-first"),
        ("a,31/01/2025,\nb,01/31/2025,\n", "some dates are day-first and some month-first"),
    ],
)
def test_ambiguous_or_mixed_dates_are_refused_not_guessed(con, tmp_path, rows, message):
    with pytest.raises(ImportRefused, match=message):
        import_files(con, "leads", [leads_file(tmp_path, rows)])
    assert store.table_counts(con)["leads"] == 8


def test_impossible_slashed_date_names_its_row(empty_con, tmp_path):
    report = import_files(empty_con, "leads", [leads_file(tmp_path, "a,31/01/2025,\nb,30/02/2025,\n")])
    assert report.skipped == {"unparseable date": 1}
    assert report.issues[["row_number", "column_name", "value"]].values.tolist() == [[2, "created_at", "30/02/2025"]]
    assert created(empty_con) == {"a": "2025-01-31 00:00:00"}
