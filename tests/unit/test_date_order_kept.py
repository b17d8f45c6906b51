"""A monthly export of the first days of a month has no day above 12: through a preset or mapping, its dates read in
the order the same export (the very same columns) showed at an earlier import, said loudly; canonical columns
(anybody's), another export, files of one import that disagreed, or none kept: refused as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import preset_mapping

HEADER = "Lead ID,Created Date,Lead Source,Lead Status\n"
# September: 9/22/2026 can only be month first
SEPTEMBER = "L1,9/22/2026,Web,Open - Not Contacted\nL2,9/3/2026,Web,Open - Not Contacted\n"
# October's first days: 10/2 and 10/8 read either way (2 Oct or 10 Feb; 8 Oct or 10 Aug)
OCTOBER = "L3,10/2/2026,Web,Open - Not Contacted\nL4,10/8/2026,Web,Open - Not Contacted\n"
# a day-first writer of the same columns: 25/09/2026 can only be day first
DAY_FIRST = "L5,25/09/2026,Web,Open - Not Contacted\n"
AMBIGUOUS = "can be read day-first or month-first"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def salesforce(con, paths, **options):
    return import_files(con, "leads", paths, mapping=preset_mapping("salesforce", "leads"), **options)


def created(con) -> dict[str, str]:
    return {lead: f"{at:%Y-%m-%d}" for lead, at in con.execute("select lead_id, created_at from leads").fetchall()}


def test_the_next_export_of_the_same_columns_reads_in_the_order_it_showed(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    salesforce(con, [write(tmp_path, "sep.csv", HEADER + SEPTEMBER)])
    report = salesforce(con, [write(tmp_path, "oct.csv", HEADER + OCTOBER)], mode="append")
    # month first, as September's 9/22/2026 showed: 2 and 8 October, not 10 February and 10 August
    assert created(con) == {"L1": "2026-09-22", "L2": "2026-09-03", "L3": "2026-10-02", "L4": "2026-10-08"}
    [alert] = [a for a in report.alerts if "earlier import of the same export" in a]
    assert alert.startswith("oct.csv: no date of the file shows whether the day or the month comes first")
    assert "read month first" in alert and "(Created Date: 9/22/2026)" in alert


def test_canonical_columns_are_anybodys_and_keep_no_order(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    header = "lead_id,created_at,source\n"
    import_files(con, "leads", [write(tmp_path, "sep.csv", header + "L1,9/22/2026,web\n")])
    with pytest.raises(ImportRefused, match=AMBIGUOUS):
        import_files(con, "leads", [write(tmp_path, "oct.csv", header + "L3,10/2/2026,web\n")], mode="append")


def test_a_file_of_other_columns_is_still_refused(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    salesforce(con, [write(tmp_path, "sep.csv", HEADER + SEPTEMBER)])
    # another export: an owner column more, so not known to write its dates as September's did
    other = HEADER.replace("\n", ",Lead Owner\n") + OCTOBER.replace("\n", ",Ann\n")
    with pytest.raises(ImportRefused, match=AMBIGUOUS):
        salesforce(con, [write(tmp_path, "oct.csv", other)], mode="append")


def test_files_of_one_import_that_disagree_keep_no_order(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    # one month-first file and one day-first file of the same columns, in one import: two writers
    salesforce(con, [write(tmp_path, "us.csv", HEADER + SEPTEMBER), write(tmp_path, "uk.csv", HEADER + DAY_FIRST)])
    assert created(con)["L5"] == "2026-09-25"
    with pytest.raises(ImportRefused, match=AMBIGUOUS):
        salesforce(con, [write(tmp_path, "oct.csv", HEADER + OCTOBER)], mode="append")


def test_a_refused_import_keeps_no_order(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    # a row without an id refuses the file under on_bad_rows="refuse": the order its 9/22/2026 showed is not kept
    bad = HEADER + SEPTEMBER + ",9/23/2026,Web,Open - Not Contacted\n"
    with pytest.raises(ImportRefused):
        salesforce(con, [write(tmp_path, "sep.csv", bad)], on_bad_rows="refuse")
    with pytest.raises(ImportRefused, match=AMBIGUOUS):
        salesforce(con, [write(tmp_path, "oct.csv", HEADER + OCTOBER)], mode="append")


def test_without_an_earlier_import_the_first_days_are_refused(tmp_path):
    con = store.connect(str(tmp_path / "db.duckdb"))
    with pytest.raises(ImportRefused, match=AMBIGUOUS):
        salesforce(con, [write(tmp_path, "oct.csv", HEADER + OCTOBER)])
