"""Trial 26 (the Data page beside the command line): the check before an import says what the import would do to
the stored rows (updated, new, removed, won deals back to open, columns emptied), and undo says what it undid."""

from __future__ import annotations

from pathlib import Path

from dashboard import cli, store, undoing
from dashboard.importers.canonical import import_files

LEADS = "lead_id,created_at,source,first_contact_at\nc1,2026-09-01,email,2026-09-02 10:00\nc2,2026-09-02,email,\n"
LEADS += "c3,2026-09-03,direct,2026-09-04 09:00\n"
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\n"
    "d1,c1,2026-09-05,won,2026-10-20,1000\nd2,c2,2026-09-06,open,,500\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored(con, tmp_path: Path) -> None:
    import_files(con, "leads", [write(tmp_path, "leads_oct.csv", LEADS)])
    import_files(con, "deals", [write(tmp_path, "deals_oct.csv", DEALS)])


def test_the_check_of_a_deals_replace_says_what_it_would_take_back_and_remove(empty_con, tmp_path):
    stored(empty_con, tmp_path)
    # d1 stored won, the file says open; d2 not in the file; d3 new: 1 updated, 1 new, 1 removed
    older = "deal_id,lead_id,created_at,status,closed_at,amount\nd1,c1,2026-09-05,open,,1000\n"
    older += "d3,c3,2026-09-07,open,,700\n"
    report = import_files(empty_con, "deals", [write(tmp_path, "deals_sep.csv", older)], dry_run=True)
    text = report.summary(dry_run=True)
    assert (
        "deals: 2 rows would be imported (would update 1 stored row, add 1 new; would remove 1 stored row not "
        "in the file (e.g. d2))"
    ) in text
    assert "1 stored deal goes back from won to open (e.g. d1)" in text
    assert "1 stored deal is not in the file and would be removed (e.g. d2)" in text
    assert "import it with --mode append (on the Data page: add / update by id) instead" in text
    # its latest record (09-07) is newer than the stored ones' (09-06): not called an older export (trial 49)
    assert "if this file is an older export than what is stored, import the later export instead" in text
    # a check: nothing changed
    assert store.scalar(empty_con, "select status from deals where deal_id = 'd1'") == "won"
    assert store.scalar(empty_con, "select count(*) from deals") == 2


def test_the_check_of_a_clean_leads_replace_names_the_leads_it_would_remove_and_the_column_it_empties(
    empty_con, tmp_path
):
    stored(empty_con, tmp_path)
    # c1 and c2 in the file, c3 not (1 removed); no first_contact_at column: c1 had one (c3's goes with c3, c2 had
    # none): 1 lead emptied, so c1 is updated and c2, as stored in every column, unchanged (trial 100: "would update 2")
    month = "lead_id,created_at,source\nc1,2026-09-01,email\nc2,2026-09-02,email\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "leads_nov.csv", month)], dry_run=True)
    assert report.changes(dry_run=True) == (
        "would update 1 stored row, leave 1 already stored unchanged, add 0 new; would remove 1 stored row not in the "
        "file (e.g. c3)"
    )
    assert "leads: the stored first_contact_at of 1 lead would be removed: this file has no column for it" in (
        report.summary(dry_run=True)
    )
    assert store.scalar(empty_con, "select count(*) from leads") == 3


def test_the_check_of_a_targets_replace_names_the_months_it_would_remove(empty_con, tmp_path):
    plan = "month,metric,value\n2026-09-01,leads,10\n2026-10-01,leads,20\n"
    import_files(empty_con, "targets", [write(tmp_path, "plan.csv", plan)])
    october = "month,metric,value\n2026-10-01,leads,25\n"
    report = import_files(empty_con, "targets", [write(tmp_path, "oct.csv", october)], dry_run=True)
    # Sep leads 10 is not in the file: 1 target would go
    assert any("1 stored target is not in oct.csv and would be removed (Sep 2026 leads 10)" in a for a in report.alerts)
    assert store.scalar(empty_con, "select count(*) from targets") == 2


def test_an_import_says_undo_for_the_data_page_and_the_command_line(empty_con, tmp_path):
    stored(empty_con, tmp_path)
    older = "deal_id,lead_id,created_at,status,closed_at,amount\nd1,c1,2026-09-05,open,,1000\n"
    report = import_files(empty_con, "deals", [write(tmp_path, "deals_sep.csv", older)], mode="append")
    text = report.summary()
    assert "undo the import (the Data page's Undo the last change, or `python -m dashboard undo" in text


def test_undo_lines_name_the_rows_that_came_back(tmp_path: Path):
    db = str(tmp_path / "db.duckdb")
    spend = write(tmp_path, "spend.csv", "month,source,amount\n2026-09-01,email,100\n2026-10-01,email,200\n")
    leads = write(tmp_path, "leads.csv", "lead_id,created_at,source\nx1,2026-09-01,email\n")
    assert cli.main(["import", "--db", db, "--kind", "leads", str(leads)]) == 0
    assert cli.main(["import", "--db", db, "--kind", "spend", str(spend)]) == 0
    said = undoing.undo_lines(db)
    # the spend import undone: its 2 rows go, the lead stays
    assert said is not None and said[-1] == "rows: spend 2 → 0"
    assert said[1].startswith("the data is as it was after the import of 20")


def test_the_check_says_which_deals_would_wait_for_their_lead_and_which_a_leads_file_would_bring(empty_con, tmp_path):
    stored(empty_con, tmp_path)
    # d9's lead c9 is not stored: skipped, and kept aside by the import
    # d8's lead c3 is stored: 1 deal to import
    more = "deal_id,lead_id,created_at,status,closed_at,amount\nd9,c9,2026-09-08,open,,300\nd8,c3,2026-09-08,open,,1\n"
    checked = import_files(empty_con, "deals", [write(tmp_path, "d9.csv", more)], mode="append", dry_run=True)
    assert (
        "1 deal skipped for want of its lead would be kept aside, in none of the numbers (d9 (lead c9)): it is "
        "imported by the leads import that brings its lead"
    ) in checked.summary(dry_run=True)
    import_files(empty_con, "deals", [write(tmp_path, "d9.csv", more)], mode="append")
    # a clean leads file with c9 (the fast way's check) and one with a bad row too (the staged way's)
    clean = LEADS + "c9,2026-09-08,email,\n"
    for name, text in (("clean.csv", clean), ("bad.csv", clean + "c10,not a date,email,\n")):
        said = import_files(empty_con, "leads", [write(tmp_path, name, text)], dry_run=True).summary(dry_run=True)
        assert "1 deal kept aside for want of its lead would be imported with it (d9)" in said, name
    # d1, d2 and d8 stored; d9 waits
    assert store.scalar(empty_con, "select count(*) from deals") == 3


def test_the_fast_check_reads_the_ids_as_stored_when_naming_the_deals_it_would_bring(empty_con, tmp_path):
    stored(empty_con, tmp_path)
    more = "deal_id,lead_id,created_at,status,closed_at,amount\nd9,c9,2026-09-08,open,,300\nd8,c3,2026-09-08,open,,1\n"
    import_files(empty_con, "deals", [write(tmp_path, "d9.csv", more)], mode="append")
    # "c9 " with a blank after it is stored as c9: its deal d9 comes in with it
    spaced = LEADS + "c9 ,2026-09-08,email,\n"
    said = import_files(empty_con, "leads", [write(tmp_path, "spaced.csv", spaced)], dry_run=True).summary(dry_run=True)
    assert "1 deal kept aside for want of its lead would be imported with it (d9)" in said


def test_the_kept_report_goes_with_a_change_made_in_the_same_second(empty_con, tmp_path):
    from dashboard.importers.run import ImportOptions, last_report, run_import

    run_import(empty_con, ImportOptions(kind="leads"), [write(tmp_path, "leads.csv", LEADS)])
    kept = last_report(empty_con)
    assert kept is not None and kept[0] == "leads" and "leads: 3 rows loaded" in kept[2]
    # another change within the same second (the demo, CI's fast machine): same last_import_at, the next version
    at = store.get_meta(empty_con, "last_import_at")
    store.bump_data_version(empty_con)
    assert store.get_meta(empty_con, "last_import_at") == at
    assert last_report(empty_con) is None
