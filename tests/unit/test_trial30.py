"""Trial 30 (time zones and daylight saving): a wait around the clock is the real time elapsed, in the data's zone,
whatever the office's zone; across a daylight-saving change it neither gains nor loses the hour."""

from __future__ import annotations

import json
from datetime import datetime

from fixture_data import load

from dashboard import sla, store
from dashboard.cli import main
from dashboard.filters import Filters

T = datetime


def one_lead(sql_at: datetime, contact_at: datetime):
    con = store.connect(":memory:")
    load(con, [("B1", sql_at, "email", "CFO", "SMB", "Ann", "sql", None, sql_at, contact_at)], [])
    return con


def _zones(tz: str) -> dict[str, str]:
    return {"data_timezone": tz, "timezone": tz}


BERLIN = sla.SlaSettings(minutes=60, **_zones("Europe/Berlin"))


def test_a_wait_across_the_spring_change_is_the_real_time():
    # Berlin, 30 March 2025: 01:30 CET (00:30 UTC) to 03:30 CEST (01:30 UTC) is 60 minutes, within a 60-minute SLA
    con = one_lead(T(2025, 3, 30, 1, 30), T(2025, 3, 30, 3, 30))
    s = sla.summary(con, Filters(), BERLIN)
    assert (s.median_minutes, s.within_sla) == (60, 1)
    # due 60 minutes after 01:30 CET: 03:30 CEST, the time of the contact
    lists = sla.lead_lists(con, Filters(), sla.SlaSettings(minutes=30, **_zones("Europe/Berlin")), 10)
    assert lists["breached"].loc[0, "due_at"] == T(2025, 3, 30, 3, 0)


def test_a_wait_across_the_autumn_change_is_the_real_time():
    # Berlin, 26 October 2025: 01:30 CEST (23:30 UTC the day before) to 03:30 CET (02:30 UTC) is 180 minutes: late
    # against 120 minutes
    con = one_lead(T(2025, 10, 26, 1, 30), T(2025, 10, 26, 3, 30))
    s = sla.summary(con, Filters(), sla.SlaSettings(minutes=120, **_zones("Europe/Berlin")))
    assert (s.median_minutes, s.within_sla) == (180, 0)


def test_the_office_zone_does_not_change_a_wait_around_the_clock():
    # data in UTC: 29 March 23:00 to 30 March 03:00 is 240 minutes; read on Berlin's wall clock (00:00 CET to 05:00
    # CEST) it had been 300
    con = one_lead(T(2025, 3, 29, 23), T(2025, 3, 30, 3))
    utc = sla.summary(con, Filters(), sla.SlaSettings())
    office = sla.summary(con, Filters(), sla.SlaSettings(timezone="Europe/Berlin"))
    assert utc.median_minutes == office.median_minutes == 240


def test_a_clock_at_a_local_time_that_does_not_exist_never_waits_less_than_nothing():
    # Los Angeles, 9 March 2025: 02:30 does not exist (clocks jump from 02:00 to 03:00) and is read as 03:30 PDT; the
    # contact at 03:10 PDT comes before it: a wait of 0, not -20 minutes
    con = one_lead(T(2025, 3, 9, 2, 30), T(2025, 3, 9, 3, 10))
    s = sla.summary(con, Filters(), sla.SlaSettings(**_zones("America/Los_Angeles")))
    assert (s.median_minutes, s.within_sla) == (0, 1)


def test_the_command_line_reads_business_hours_in_the_office_zone_and_says_so(tmp_path, capsys):
    db = str(tmp_path / "f.duckdb")
    con = store.connect(db)
    # data in UTC, Tuesday 14 January 2025: SQL 07:30 UTC (08:30 in Berlin), contact 08:45 UTC (09:45 in Berlin).
    # business hours 09:00-17:00 in Berlin: 45 minutes; read in UTC the contact came before 09:00: 0 minutes
    load(
        con,
        [
            (
                "B1",
                T(2025, 1, 14, 7, 30),
                "email",
                "CFO",
                "SMB",
                "Ann",
                "sql",
                None,
                T(2025, 1, 14, 7, 30),
                T(2025, 1, 14, 8, 45),
            )
        ],
        [],
    )
    con.close()
    for zone, minutes in (("Europe/Berlin", 45), ("UTC", 0)):
        args = ["metrics", "--db", db, "--business-hours", "--office-timezone", zone, "--format", "json"]
        assert main(args) == 0
        section = json.loads(capsys.readouterr().out)["sla"]
        assert section["median_minutes"] == minutes
        assert f"({zone})" in section["agreement"]


def test_a_due_time_around_the_clock_does_not_depend_on_the_office_zone():
    # data in UTC, 60 minutes from 25 October 23:30 UTC: due 26 October 00:30 UTC. In Berlin that is 02:30 CEST, an hour
    # the autumn change repeats: read back from Berlin's wall clock it had come out 01:30 UTC
    con = one_lead(T(2025, 10, 25, 23, 30), T(2025, 10, 26, 2))
    for office in ("UTC", "Europe/Berlin"):
        breached = sla.lead_lists(con, Filters(), sla.SlaSettings(timezone=office), 10)["breached"]
        assert breached.loc[0, "due_at"] == T(2025, 10, 26, 0, 30), office
