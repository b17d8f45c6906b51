"""A monthly export of the first days of a month has no day above 12: its dates read in the order the same export
(the same columns) showed at an earlier import, said in the report; another export, or none kept, is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files

HEADER = "lead_id,created_at,source\n"
# September: 9/22/2026 can only be month first
SEPTEMBER = "L1,9/22/2026,web\nL2,9/3/2026,web\n"
# October's first days: 10/2 and 10/8 read either way (2 Oct or 10 Feb; 8 Oct or 10 Aug)
OCTOBER = "L3,10/2/2026,web\nL4,10/8/2026,web\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def created(con) -> dict[str, str]:
    return {lead: f"{at:%Y-%m-%d}" for lead, at in con.execute("select lead_id, created_at from leads").fetchall()}


def test_the_next_export_of_the_same_columns_reads_in_the_order_it_showed(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    import_files(con, "leads", [write(tmp_path, "sep.csv", HEADER + SEPTEMBER)])
    report = import_files(con, "leads", [write(tmp_path, "oct.csv", HEADER + OCTOBER)], mode="append")
    # month first, as September's 9/22/2026 showed: 2 and 8 October, not 10 February and 10 August
    assert created(con) == {"L1": "2026-09-22", "L2": "2026-09-03", "L3": "2026-10-02", "L4": "2026-10-08"}
    said = " ".join(how for _, _, how in report.formats)
    assert "the earlier import of the same export (the same columns) showed in column 'created_at': 9/22/2026" in said


def test_a_file_of_other_columns_is_still_refused(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    import_files(con, "leads", [write(tmp_path, "sep.csv", HEADER + SEPTEMBER)])
    # another export: an owner column more, so not known to write its dates as September's did
    other = "lead_id,created_at,source,owner\nL3,10/2/2026,web,Ann\nL4,10/8/2026,web,Ann\n"
    with pytest.raises(ImportRefused, match="can be read day-first or month-first"):
        import_files(con, "leads", [write(tmp_path, "oct.csv", other)], mode="append")


def test_a_refused_import_keeps_no_order(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    # a row without an id refuses the file under --strict: the order its 9/22/2026 showed is not kept
    bad = HEADER + SEPTEMBER + ",9/23/2026,web\n"
    with pytest.raises(ImportRefused):
        import_files(con, "leads", [write(tmp_path, "sep.csv", bad)], on_bad_rows="refuse")
    with pytest.raises(ImportRefused, match="can be read day-first or month-first"):
        import_files(con, "leads", [write(tmp_path, "oct.csv", HEADER + OCTOBER)], mode="append")


def test_without_an_earlier_import_the_first_days_are_refused(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    with pytest.raises(ImportRefused, match="can be read day-first or month-first"):
        import_files(con, "leads", [write(tmp_path, "oct.csv", HEADER + OCTOBER)])
