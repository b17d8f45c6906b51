"""Six silent misreadings found by a tester (probe 18), each written small and counted by hand."""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl

from dashboard.cli import main


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(tmp_path, capsys, kind, path, *args: str) -> tuple[int, str, str]:
    """Import one file into tmp_path/x.duckdb: (exit code, what it printed, what it said on stderr)."""
    code = main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", kind, *args, str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(tmp_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def sheet(tmp_path, name, rows):
    """An XLSX file of these rows; a datetime cell formatted as US Excel shows it."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(list(row))
    for cell in ws["B"][1:]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "m/d/yyyy"
    path = tmp_path / name
    book.save(path)
    return path


LEADS_MAP = '[leads.columns]\nlead_id = "Lead ID"\ncreated_at = "Created Date"\n'


def test_date_cells_that_excel_may_have_swapped_in_a_day_first_column_are_refused(tmp_path, capsys):
    # 01/03/2024 (1 March) became a date cell for 3 January; 15/03/2024 stayed text: the column is day first, so
    # the cell's day 3 may be the month
    path = sheet(
        tmp_path,
        "mixed.xlsx",
        [("Lead ID", "Created Date"), ("L1", dt.datetime(2024, 1, 3)), ("L2", "15/03/2024"), ("L3", "20/04/2024")],
    )
    code, _out, err = imported(tmp_path, capsys, "leads", path, "--mapping", str(write(tmp_path, "m.toml", LEADS_MAP)))
    assert code != 0
    assert "mixed.xlsx" in err and "'Created Date'" in err
    assert "row 2 is a date cell" in err and "row 3 is the text '15/03/2024'" in err
    assert "formatted as text" in err and "export it again as CSV" in err


def test_date_cells_with_a_day_past_12_or_without_text_dates_read_as_before(tmp_path, capsys):
    # L1 is 20 January as a cell (day 20 cannot be a month: not swapped), L2 text 15/03/2024 day first: 1 in Jan,
    # 1 in Mar. A second file with only date cells (day 3 and 4) keeps them: Jan 1 + Feb 1
    path = sheet(
        tmp_path,
        "late.xlsx",
        [("Lead ID", "Created Date"), ("L1", dt.datetime(2024, 1, 20)), ("L2", "15/03/2024")],
    )
    mapping = write(tmp_path, "m.toml", LEADS_MAP)
    code, _out, err = imported(tmp_path, capsys, "leads", path, "--mapping", str(mapping))
    assert code == 0, err
    assert stored(tmp_path, "select created_at::date::varchar from leads order by 1") == [
        ("2024-01-20",),
        ("2024-03-15",),
    ]
    only = sheet(
        tmp_path,
        "cells.xlsx",
        [("Lead ID", "Created Date"), ("M1", dt.datetime(2024, 1, 3)), ("M2", dt.datetime(2024, 2, 4))],
    )
    code, _out, err = imported(tmp_path, capsys, "leads", only, "--mapping", str(mapping), "--mode", "append")
    assert code == 0, err
    assert stored(tmp_path, "select created_at::date::varchar from leads where lead_id like 'M%' order by 1") == [
        ("2024-01-03",),
        ("2024-02-04",),
    ]
