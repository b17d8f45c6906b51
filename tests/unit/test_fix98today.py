"""Trial 98 F6/F5/F3/F7: the data's today is fixed by the horizon of the last leads or deals import (its clock in the
data's zone plus a day), never by a later refresh's wall clock; every number by hand.

Leads (web), imported with the clock fixed at 7 Dec 2026 03:28 in the data's zone (UTC): horizon 8 Dec 03:28.
  L1 5 Oct, L2 20 Oct, L3 3 Nov, L4 14 Nov 16:30, and L9 8 Dec 03:35 (the import's clock + 1 day + 7 minutes):
  L9 is past the horizon, flagged "date after today", and not the data's today: the data runs to 14 Nov.
Targets: leads Nov 60. November is counted through the 14th: its leads tile is 2 (L3, L4) against 60 x 14/30 = 28.
With the clock past 8 Dec 03:35 (9 Dec 12:00), a targets import, the sales-owned list, or forgetting a stated day
leave the data's today on 14 Nov (main: 8 Dec, November whole, target 60); complete-through 30 Nov is accepted (16
days after 14 Nov; main refused it, "the data already runs to 8 Dec 2026"), and November is then whole: 2 of 60.
A later leads import (clock 9 Dec 12:00, horizon 10 Dec 12:00) is what moves it: L9 is then the data's today, 8 Dec.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fix98_fixture import (
    IMPORT_CLOCK,
    LATER_CLOCK,
    LEADS,
    OLDER_LEADS,
    TARGETS,
    KiritimatiMachine,
    at_clock,
    machine_zone,
    nov_leads,
    write_file,
)

from dashboard import checks as data_checks
from dashboard import clock, config, sla, snapshots, store, targets, undoing
from dashboard.importers import checks
from dashboard.importers.canonical import import_files


@pytest.fixture
def imported(empty_con, tmp_path, monkeypatch):
    """The leads and targets imported at 7 Dec 03:28, then the clock at 9 Dec 12:00 (past L9's 8 Dec 03:35)."""
    at_clock(monkeypatch, IMPORT_CLOCK)
    report = import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", LEADS)])
    import_files(empty_con, "targets", [write_file(tmp_path, "targets.csv", TARGETS)])
    at_clock(monkeypatch, LATER_CLOCK)
    return empty_con, report


def test_the_import_flags_a_record_past_its_clock_plus_a_day_and_stores_that_horizon(imported):
    con, report = imported
    assert report.warnings.get(checks.FUTURE_DATE) == 1
    assert store.horizon(con) == datetime(2026, 12, 8, 3, 28)
    assert data_checks.violations(con, "no_future_dates")["id"].tolist() == ["L9"]
    assert targets.data_last_day(con) == date(2026, 11, 14)
    assert nov_leads(con) == (2, pytest.approx(28))


def test_a_targets_import_after_the_clock_passed_the_record_keeps_the_data_s_today(imported, tmp_path):
    con, _ = imported
    import_files(con, "targets", [write_file(tmp_path, "targets2.csv", TARGETS)])
    assert targets.data_last_day(con) == date(2026, 11, 14)
    # November still partial: 2 leads against 28 (main: 60, November whole)
    assert nov_leads(con) == (2, pytest.approx(28))
    # the import's stored check still names L9, against the stored horizon
    assert data_checks.failures(con) == {"no_future_dates": 1}


def test_the_sales_owned_list_and_forgetting_no_stated_day_keep_the_data_s_today(imported):
    con, _ = imported
    store.set_sales_sources(con, ["sales"])
    assert targets.data_last_day(con) == date(2026, 11, 14)
    # forgetting a day never stated names the day the pages show, and moves nothing (main: 8 Dec)
    assert store.set_complete_through(con, None) == date(2026, 11, 14)
    assert targets.data_last_day(con) == date(2026, 11, 14)


def test_complete_through_is_checked_against_the_day_the_pages_show(imported):
    con, _ = imported
    with pytest.raises(ValueError, match="already runs to 14 Nov 2026"):
        store.set_complete_through(con, date(2026, 11, 10))
    # 30 Nov: 16 days after 14 Nov, before today (9 Dec): accepted, November whole, 2 of 60
    assert store.set_complete_through(con, date(2026, 11, 30)) == date(2026, 11, 14)
    assert targets.data_last_day(con) == date(2026, 11, 30)
    assert nov_leads(con) == (2, 60)
    # after the day of the leads import (7 Dec; the clock's 9 Dec was the bound before review 99): 10 Dec is refused
    with pytest.raises(ValueError, match="the exports were imported on 7 Dec 2026"):
        store.set_complete_through(con, date(2026, 12, 10))


def test_a_later_leads_import_moves_the_horizon_and_the_data_s_today(imported, tmp_path):
    con, _ = imported
    report = import_files(con, "leads", [write_file(tmp_path, "leads2.csv", LEADS)])
    # clock 9 Dec 12:00: horizon 10 Dec 12:00, L9 (8 Dec 03:35) is before it
    assert checks.FUTURE_DATE not in report.warnings
    assert store.horizon(con) == datetime(2026, 12, 10, 12, 0)
    assert targets.data_last_day(con) == date(2026, 12, 8)
    assert nov_leads(con) == (2, 60)


def test_a_file_without_a_stored_horizon_takes_its_last_import_time_else_the_clock(imported):
    con, _ = imported
    # an older file: no horizon, its last import at 7 Dec 03:28 on a machine in the data's zone (UTC)
    con.execute("delete from meta where key in ('leads_horizon', 'deals_horizon')")
    store.set_meta(con, "last_import_at", "2026-12-07T03:28:00")
    with machine_zone("UTC"):
        store.set_sales_sources(con, ["sales"])
    assert store.horizon(con) == datetime(2026, 12, 8, 3, 28)
    assert targets.data_last_day(con) == date(2026, 11, 14)
    # none either: the clock now (9 Dec 12:00) plus a day
    con.execute("delete from meta where key in ('leads_horizon', 'deals_horizon', 'last_import_at')")
    store.set_sales_sources(con, [])
    assert store.horizon(con) == datetime(2026, 12, 10, 12, 0)
    assert targets.data_last_day(con) == date(2026, 12, 8)


def test_on_a_server_in_kiritimati_the_horizon_is_the_data_s_zone_clock_plus_a_day(empty_con, tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "datetime", KiritimatiMachine)
    # the machine's own clock reads 7 Dec 17:28; the data's zone (UTC) 03:28
    assert clock.now() == IMPORT_CLOCK
    assert clock.today() == date(2026, 12, 7)
    with machine_zone("Pacific/Kiritimati"):
        report = import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", LEADS)])
    # main's horizon, the machine's 7 Dec 17:28 + a day, let L9 (8 Dec 03:35 UTC) through: today 8 Dec
    assert report.warnings.get(checks.FUTURE_DATE) == 1
    assert store.horizon(empty_con) == datetime(2026, 12, 8, 3, 28)
    assert targets.data_last_day(empty_con) == date(2026, 11, 14)
    # in a data zone of its own, the same instant is 7 Dec 17:28 there
    monkeypatch.setattr(config, "DATA_TIMEZONE", "Pacific/Kiritimati")
    assert clock.now() == datetime(2026, 12, 7, 17, 28)


def _older(con, tmp_path, text: str) -> list[str]:
    """Replace the leads with an older export (clock still 9 Dec): the report's alerts."""
    return import_files(con, "leads", [write_file(tmp_path, "older.csv", text)]).alerts


def test_a_replace_with_older_exports_says_the_stated_day_no_longer_counts(imported, tmp_path):
    con, _ = imported
    store.set_complete_through(con, date(2026, 11, 30))
    # leads to 14 Oct: 30 Nov is 47 days after it (17 of October + 30 of November), more than 31: not counted
    alerts = _older(con, tmp_path, OLDER_LEADS)
    said = [a for a in alerts if "stated day" in a]
    assert said == [
        "The stated day 30 Nov 2026 is 47 days after the latest record (14 Oct 2026) and no longer counts (an export "
        "quiet for more than 31 days is more likely cut short): the data runs to its latest record; state the day "
        "these exports are complete through, or forget it"
    ]
    assert targets.data_last_day(con) == date(2026, 10, 14)
    # kept, and said: the stated day is the user's, and a later export may vouch for it again
    assert store.complete_through(con) == date(2026, 11, 30)


def test_a_replace_whose_stated_day_vouches_for_weeks_without_a_record_says_so(imported, tmp_path):
    con, _ = imported
    store.set_complete_through(con, date(2026, 11, 30))
    # leads to 30 Oct 11:00: 30 Nov is 31 days after it, still counted; the 31 days without a record are said
    alerts = _older(con, tmp_path, "lead_id,created_at,source\nL1,2026-10-05,web\nL2,2026-10-30 11:00,web\n")
    said = [a for a in alerts if "stated day" in a]
    assert said == [
        "The stated day 30 Nov 2026 is 31 days after the latest record (30 Oct 2026) and still counts: those 31 days "
        "without a record count as quiet, not missing; if these exports end earlier, state their day or forget it"
    ]
    assert targets.data_last_day(con) == date(2026, 11, 30)


def test_an_import_past_the_stated_day_says_it_counts_for_nothing_and_a_close_one_says_nothing():
    assert targets.stated_day_note(date(2026, 11, 30), date(2026, 12, 3)) == (
        "the data runs past the stated day 30 Nov 2026 (its latest record is of 3 Dec 2026): it counts for nothing"
    )
    # 16 days after 14 Nov: more than a week of quiet, said; 7 days (23 Nov) is a quiet end, not said
    assert "16 days after the latest record" in targets.stated_day_note(date(2026, 11, 30), date(2026, 11, 14))
    assert targets.stated_day_note(date(2026, 11, 30), date(2026, 11, 23)) == ""


def test_the_sla_page_names_the_stated_day_as_its_now(imported):
    con, _ = imported
    assert sla.now_words(con) == "as of 14 Nov 2026 16:30 (the data's last event)"
    store.set_complete_through(con, date(2026, 11, 30))
    assert sla.now_words(con) == "as of 30 Nov 2026 23:59 (the end of the day the exports are stated complete through)"


def test_the_import_report_says_the_horizon_as_it_is():
    advice = checks.ADVICE[checks.FUTURE_DATE]
    assert "more than a day after this import's clock" in advice
    assert "after tomorrow" not in advice


def test_undo_brings_back_the_horizon_of_the_import_before(tmp_path, monkeypatch):
    db = tmp_path / "undo.duckdb"
    at_clock(monkeypatch, IMPORT_CLOCK)
    with snapshots.writing(db) as con:
        import_files(con, "leads", [write_file(tmp_path, "leads.csv", LEADS)])
    at_clock(monkeypatch, LATER_CLOCK)
    with snapshots.writing(db) as con:
        import_files(con, "leads", [write_file(tmp_path, "leads2.csv", LEADS)])
    assert undoing.undo_lines(db) is not None
    con = snapshots.open_read_only(db)
    try:
        # the first import's horizon (7 Dec 03:28 + a day) and its today, 14 Nov, again
        assert store.horizon(con) == datetime(2026, 12, 8, 3, 28)
        assert targets.data_last_day(con) == date(2026, 11, 14)
    finally:
        con.close()
