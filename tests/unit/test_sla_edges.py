"""SLA edges from trial 39, counted by hand: a contact before the SQL, the JSON's parts of the leads due, holidays
and the other business-hours settings on the command line, and a holiday list with one bad entry."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import charts, sla
from dashboard.cli import main
from dashboard.filters import Filters

T = datetime

# 2026-11: Mon 16, Mon 23, Tue 24, Wed 25, Thu 26 (the holiday), Fri 27, Mon 30. The data's today is the latest
# time in it, E6's creation, Mon 2026-11-30 12:00. SLA 60 minutes from the SQL date.
# lead_id, created_at, source, persona, segment, owner, lifecycle, mql_at, sql_at, first_contact_at
EDGE_LEADS = [
    # Wed 16:50 -> Fri 09:20. Around the clock 40 h 30 = 2430 late. Business hours 09-17: 10 (Wed) + 480 (Thu)
    # + 20 (Fri) = 510 late; with Thursday a holiday 10 + 20 = 30 within
    ("E1", T(2026, 11, 20), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 25, 16, 50), T(2026, 11, 27, 9, 20)),
    # 20 minutes, within either way
    ("E2", T(2026, 11, 20), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 24, 10), T(2026, 11, 24, 10, 20)),
    # contacted at 11:00, three hours BEFORE it became an SQL at 14:00: within, no response time
    ("E3", T(2026, 11, 20), "web", "CFO", "SMB", "Cara", "sql", None, T(2026, 11, 24, 14), T(2026, 11, 24, 11)),
    # 120 minutes, late either way
    ("E4", T(2026, 11, 20), "web", "CFO", "SMB", "Dan", "sql", None, T(2026, 11, 23, 10), T(2026, 11, 23, 12)),
    # not contacted, SQL 14 days before today (inside the 30-day horizon): waiting, overdue, due
    ("E5", T(2026, 11, 10), "web", "CFO", "SMB", "Dan", "sql", None, T(2026, 11, 16, 10), None),
    # not contacted, the data's today; SQL 30 minutes before it: waiting, not due
    ("E6", T(2026, 11, 30, 12), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 30, 11, 30), None),
    # not contacted, SQL more than 30 days ago: never contacted, due
    ("E7", T(2026, 9, 30), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 10, 1, 10), None),
]
HOLIDAY = date(2026, 11, 26)
BUSINESS = sla.SlaSettings(business_hours=True, day_start=time(9), day_end=time(17))


@pytest.fixture
def edge_con():
    con, _ = built_copy(f"{__name__} edge_con", lambda db, _folder: load(db, EDGE_LEADS, []))
    yield con
    con.close()


@pytest.fixture
def edge_db(tmp_path) -> str:
    path = str(tmp_path / "edges.duckdb")
    built_copy(f"{__name__} edge_db", lambda db, _folder: load(db, EDGE_LEADS, []), path)[0].close()
    return path


def test_a_contact_before_the_sql_is_within_the_sla_but_no_response_time(edge_con):
    s = sla.summary(edge_con, Filters(), sla.SlaSettings())
    # due: E1 E2 E3 E4 E5 E7 = 6; within: E2, E3 = 2
    assert (s.eligible, s.within_sla, s.contacted_before_clock) == (6, 2, 1)
    # response times without E3: 20, 120, 2430 -> median 120 (E3 counted as 0 made it 0, 20, 120, 2430 -> 70)
    assert s.median_minutes == 120
    assert s.before_clock_note("sql") == (
        "1 lead was contacted before it became an SQL: within the SLA, not in the response times "
        "(median, 95th percentile, bands)."
    )


def test_a_contact_before_the_sql_is_a_band_of_its_own_not_0_to_5_minutes(edge_con):
    bands = sla.speed_pays(edge_con, Filters(), sla.SlaSettings()).set_index("band")["count_leads"].to_dict()
    # E3 apart; E2 (20) in 15-60; E4 (120) and E1 (2430) 60+; E7 never; E5 waiting overdue: 6 leads due
    assert bands == {
        "contacted before SQL": 1,
        "15–60 min": 1,
        "60+ min": 2,
        "never contacted": 1,
        "waiting, overdue": 1,
    }
    owners = sla.by_group(edge_con, Filters(), sla.SlaSettings(), "owner").set_index("group_value")
    # Cara: E3 only, within, no response time; her bar is all "contacted before the clock"
    cara = owners.loc["Cara"]
    assert (cara["count_eligible"], cara["count_within"], cara["count_before_clock"]) == (1, 1, 1)
    assert cara["median_minutes"] is None or cara["median_minutes"] != cara["median_minutes"]  # null
    assert cara["share_before_clock"] == 1.0 and cara["share_band_1"] == 0.0
    figure = charts.sla_bands(owners.reset_index(), "owner")
    assert "contacted before the clock" in [trace.name for trace in figure.data]


def test_the_json_sla_parts_add_up_to_the_leads_due(edge_db, capsys):
    assert main(["metrics", "--db", edge_db, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)["sla"]
    # within E2 E3 = 2, late E1 E4 = 2, never E7 = 1, waiting overdue E5 = 1: 6 due; waiting now E5 E6 = 2
    assert {k: doc[k] for k in ("eligible", "within_sla", "late", "never_contacted", "waiting_overdue")} == {
        "eligible": 6,
        "within_sla": 2,
        "late": 2,
        "never_contacted": 1,
        "waiting_overdue": 1,
    }
    assert sum(doc[part] for part in doc["due_parts"]) == doc["eligible"]
    assert (doc["waiting_now"], doc["contacted_before_clock"]) == (2, 1)


def test_metrics_takes_the_holidays_and_says_them_in_the_agreement(edge_db, capsys):
    assert main(["metrics", "--db", edge_db, "--business-hours", "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)["sla"]
    # no holiday: E1 510 late; within E2 E3 = 2 of 6; times 20, 120, 510 -> median 120
    assert (plain["within_sla"], plain["median_minutes"]) == (2, 120)
    argv = ["metrics", "--db", edge_db, "--business-hours", "--holidays", "2026-11-26", "--format", "json"]
    assert main(argv) == 0
    holiday = json.loads(capsys.readouterr().out)["sla"]
    # Thursday off: E1 30 within; within E1 E2 E3 = 3 of 6 = 50 %; times 20, 30, 120 -> median 30
    assert (holiday["within_sla"], holiday["compliance"], holiday["median_minutes"]) == (3, 0.5, 30)
    assert "except 1 holiday(s) (2026-11-26)" in holiday["agreement"]


def test_metrics_takes_day_start_end_and_working_days(edge_db, capsys):
    argv = ["metrics", "--db", edge_db, "--business-hours", "--day-start", "08:00", "--day-end", "18:00"]
    argv += ["--working-days", "Mon,Tue,Wed,Fri", "--format", "json"]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)["sla"]
    # 08-18 on Mon Tue Wed Fri: E1 70 (Wed 16:50-18:00) + 80 (Fri 08:00-09:20) = 150 late; E2 20; E4 120
    assert doc["median_minutes"] == 120 and doc["within_sla"] == 2
    assert "08:00–18:00 (UTC) on Mon, Tue, Wed, Fri" in doc["agreement"]


def test_metrics_refuses_a_holiday_it_cannot_read_and_names_it(edge_db, capsys):
    argv = ["metrics", "--db", edge_db, "--business-hours", "--holidays", "26.11.2026, 2026-12-24"]
    assert main(argv) == 2
    assert "'26.11.2026' is not a date written YYYY-MM-DD" in capsys.readouterr().err


def test_a_bad_holiday_entry_keeps_the_valid_ones_and_is_named():
    dates, bad = sla.parse_holidays("26.11.2026, 2026-12-24,,20261231")
    assert dates == (date(2026, 12, 24),) and bad == ["26.11.2026", "20261231"]
    assert sla.bad_holidays_message(["26.11.2026"]) == (
        "Holidays: '26.11.2026' is not a date written YYYY-MM-DD (2026-11-26); ignored until fixed, the other "
        "dates count."
    )


def test_working_days_and_times_are_read_or_refused():
    assert sla.parse_workdays("mon, Tue,Funday") == ((1, 2), ["Funday"])
    assert sla.workdays_text((5, 1)) == "Mon,Fri"
    assert sla.parse_clock_time("08:30") == time(8, 30)
    assert sla.parse_clock_time("25:00") is None and sla.parse_clock_time("8") is None
