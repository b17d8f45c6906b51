"""Trial 50: times written without a zone are read in a stated timezone (mapping `timezone`, --timezone) and the
report always says which; a first contact before the lead was created is warned of."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.run import ImportOptions, run_import

BERLIN = 'timezone = "Europe/Berlin"'


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stored(con):
    return con.execute(
        "select lead_id, created_at::varchar, sql_at::varchar, first_contact_at::varchar from leads order by 1"
    ).fetchall()


def test_berlin_local_times_around_both_summer_time_changes_are_stored_in_utc(empty_con, tmp_path):
    # by hand (Berlin: +01:00 until 29 Mar 02:00, +02:00 until 25 Oct 03:00, then +01:00 again):
    # A1 created 28 Mar 10:00 CET = 09:00 UTC; SQL 29 Mar 01:30 CET = 00:30 UTC; touch 03:10 CEST = 01:10 UTC
    #    (40 real minutes, not the 100 the clock faces show)
    # A2 created 20 Oct 10:00 CEST = 08:00 UTC; SQL 25 Oct 01:30 CEST = 24 Oct 23:30 UTC; touch 03:10 CET = 02:10 UTC
    # A3 SQL 25 Oct 02:30 shown twice: read as the second (CET) = 01:30 UTC, and said
    # A4's offset is its own (+02:00 kept, not Berlin's): 12:00+02:00 = 10:00 UTC
    text = (
        "lead_id,created_at,sql_at,first_contact_at\n"
        "A1,2026-03-28 10:00,2026-03-29 01:30,2026-03-29 03:10\n"
        "A2,2026-10-20 10:00,2026-10-25 01:30,2026-10-25 03:10\n"
        "A3,2026-10-24 10:00,2026-10-25 02:30,\n"
        "A4,2026-01-10T12:00:00+02:00,,\n"
    )
    mapping = load_mapping(write(tmp_path, "m.toml", f"[leads]\n{BERLIN}\n"))["leads"]
    report = import_files(empty_con, "leads", [write(tmp_path, "b.csv", text)], mapping=mapping)
    assert stored(empty_con) == [
        ("A1", "2026-03-28 09:00:00", "2026-03-29 00:30:00", "2026-03-29 01:10:00"),
        ("A2", "2026-10-20 08:00:00", "2026-10-24 23:30:00", "2026-10-25 02:10:00"),
        ("A3", "2026-10-24 08:00:00", "2026-10-25 01:30:00", None),
        ("A4", "2026-01-10 10:00:00", None, None),
    ]
    said = {label: how for _, label, how in report.formats}
    # created_at: 3 cells without a zone (A4's has one)
    assert (
        "times without a zone (3, such as '2026-03-28 10:00'), taken as Europe/Berlin local time" in said["created_at"]
    )
    assert (
        "1 time in the hour the clocks of Europe/Berlin showed twice when summer time ended (such as "
        "'2026-10-25 02:30'; row 3), read as the second, standard time's"
    ) in said["sql_at"]


def test_a_local_time_the_clocks_skipped_skips_its_row_with_file_row_and_column(empty_con, tmp_path):
    # 29 Mar 2026 02:30 never happened in Berlin (02:00 became 03:00): row 2 skipped, rows 1 and 3 imported (2)
    text = (
        "lead_id,created_at,first_contact_at\n"
        "G1,2026-03-28 10:00,2026-03-29 01:30\n"
        "G2,2026-03-28 11:00,2026-03-29 02:30\n"
        "G3,2026-03-28 12:00,2026-03-29 03:30\n"
    )
    options = ImportOptions(kind="leads", timezone="Europe/Berlin")
    report = run_import(empty_con, options, [write(tmp_path, "g.csv", text)])
    assert report.rows_loaded == 2
    got = empty_con.execute("select lead_id, first_contact_at::varchar from leads order by 1").fetchall()
    # 01:30 CET = 00:30 UTC; 03:30 CEST = 01:30 UTC
    assert got == [("G1", "2026-03-29 00:30:00"), ("G3", "2026-03-29 01:30:00")]
    assert any(
        alert.startswith(
            "g.csv, row 2, column first_contact_at: '2026-03-29 02:30' is a local time the clocks of "
            "Europe/Berlin skipped"
        )
        for alert in report.alerts
    )


def test_times_without_a_zone_are_said_to_be_read_in_utc_with_how_to_state_another(empty_con, tmp_path):
    # a clean canonical file (the fast way): 2 created_at with a time of day; its days-only sql_at is no time
    text = "lead_id,created_at,sql_at\nU1,2026-03-29 01:30,2026-03-30\nU2,2026-03-29 09:00,2026-03-31\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "u.csv", text)])
    said = {label: how for _, label, how in report.formats}
    assert said["created_at"].startswith(
        "times without a zone (2, such as '2026-03-29 01:30'), taken as UTC local time"
    )
    assert (
        'timezone = "Europe/Berlin" in the mapping\'s [leads] table, or --timezone Europe/Berlin' in said["created_at"]
    )
    assert "sql_at" not in said
    # the Data page's check (a dry run) says the same
    checked = import_files(empty_con, "leads", [write(tmp_path, "u.csv", text)], dry_run=True)
    assert ("u.csv", "created_at", said["created_at"]) in checked.formats


def test_a_file_with_a_zoned_time_says_how_the_times_without_one_were_read(empty_con, tmp_path):
    # the staged way (one cell has an offset): 2 cells without a zone, read in UTC and said so
    text = "lead_id,created_at\nm1,2026-01-31 23:30:00\nm2,2026-01-31T23:30:00-05:00\nm3,2026-01-31 22:00:00\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "z.csv", text)])
    (how,) = [how for _, label, how in report.formats if label == "created_at"]
    assert "times without a zone (2, such as '2026-01-31 22:00:00'), taken as UTC local time" in how


def test_a_timezone_that_is_none_is_refused(empty_con, tmp_path):
    with pytest.raises(ImportRefused, match=r"m.toml, line 2: \[leads\]: timezone 'Europe/Berln' is no time zone"):
        load_mapping(write(tmp_path, "m.toml", '[leads]\ntimezone = "Europe/Berln"\n'))
    path = write(tmp_path, "x.csv", "lead_id,created_at\nX1,2026-03-29 01:30\n")
    with pytest.raises(ImportRefused, match="--timezone: timezone 'Mars/Base' is no time zone"):
        run_import(empty_con, ImportOptions(kind="leads", timezone="Mars/Base"), [path])


def test_a_first_contact_before_the_lead_was_created_is_warned_of(empty_con, tmp_path):
    # row 2 (L013 of the trial): contacted 9 Apr, created 10 Apr; 1 of 3 rows warned, all 3 kept
    text = (
        "lead_id,created_at,first_contact_at\n"
        "L1,2026-04-01 10:00,2026-04-01 11:00\n"
        "L13,2026-04-10 10:00,2026-04-09 15:00\n"
        "L3,2026-04-02 10:00,2026-04-02 10:30\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "o.csv", text)])
    assert report.rows_loaded == 3
    summary = report.summary()
    assert "1 row kept with a warning: stage dates out of order" in summary
    assert (
        "o.csv, row 2, column first_contact_at: stage dates out of order "
        "('2026-04-09 15:00 is before created_at 2026-04-10 10:00')"
    ) in summary
