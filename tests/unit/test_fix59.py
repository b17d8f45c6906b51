"""Trial 59, counted by hand: business-hours response times written as working time (not 24-hour days), the warning
when most contacted leads were contacted before their clock started (SLA page, overview, report, metrics), the SLA
trend chart's layers, periods and ticks, the month table grouped as the tiles count, the agreement's words for the
SQL fallback, and metrics' table layout."""

from __future__ import annotations

import json
from datetime import date, datetime, time

import pandas as pd
import pytest
from fixture_data import load

from dashboard import charts, overview, report, sla, store, tables
from dashboard.cli import main
from dashboard.filters import Filters

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle, mql_at, sql_at, first_contact_at
# H1 (slow3.csv): MQL Mon 2026-11-02 09:00, first outreach Wed 2026-11-11 09:00, all UTC. Business hours Mon-Fri
# 09:00-17:00: Mon 2, Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10 = 7 working days x 480 = 3,360 business minutes
# = 56 business hours (3,360 read as 24-hour days: 2.3 days; as calendar time 9 days)
SLOW = [
    (f"S{i}", T(2026, 11, 1), "web", "CFO", "SMB", "Anna", "mql", T(2026, 11, 2, 9), None, T(2026, 11, 11, 9))
    for i in (1, 2, 3)
]
BUSINESS_MQL = sla.SlaSettings(clock_start="mql", business_hours=True, day_start=time(9), day_end=time(17))

# M1: the clock at the SQL date; B1-B3 contacted before it (HubSpot's outreach before the lifecycle move), B4 20
# minutes after it. Contacted 4, before the clock 3: 3 of 4 > half. Due 4, within 4: 100 %, median of B4 only: 20
BEFORE = [
    ("B1", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 5, 10), T(2026, 11, 4, 10)),
    ("B2", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "sql", None, T(2026, 11, 5, 10), T(2026, 11, 3, 10)),
    ("B3", T(2026, 11, 2), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 6, 10), T(2026, 11, 6, 9)),
    ("B4", T(2026, 11, 2), "web", "CFO", "SMB", "Ben", "sql", None, T(2026, 11, 9, 10), T(2026, 11, 9, 10, 20)),
]
# the same with B2 contacted 20 minutes after its SQL date: 2 of 4 before the clock, exactly half, no warning
HALF = [row if row[0] != "B2" else (*row[:9], T(2026, 11, 5, 10, 20)) for row in BEFORE]

# M3: M1 created Tue 2026-10-28, MQL Mon 2026-11-02 10:00, contacted 10:30 (30 min, within); M2 created and MQL
# Thu 2026-10-15 10:00, contacted 12:00 (120 min, late). Cohort October (by creation): M1 and M2, 2 due, 1 within;
# by the clock's month: 2026-10 M2 alone, 2026-11 M1 alone
MONTHS = [
    ("M1", T(2026, 10, 28), "web", "CFO", "SMB", "Anna", "mql", T(2026, 11, 2, 10), None, T(2026, 11, 2, 10, 30)),
    ("M2", T(2026, 10, 15, 10), "web", "CFO", "SMB", "Ben", "mql", T(2026, 10, 15, 10), None, T(2026, 10, 15, 12)),
]
MQL = sla.SlaSettings(clock_start="mql")

BEFORE_WORDS = (
    "3 of 4 leads were contacted before they became SQLs: the SLA measures nothing for them; time the clock from the "
    "MQL date (SLA settings → clock start) to measure response."
)


@pytest.fixture
def con_of():
    opened = []

    def make(leads: list[tuple]):
        con = store.connect(":memory:")
        load(con, leads, [])
        opened.append(con)
        return con

    yield make
    for con in opened:
        con.close()


def db_of(tmp_path, leads: list[tuple]) -> str:
    path = str(tmp_path / "fix59.duckdb")
    con = store.connect(path)
    load(con, leads, [])
    con.close()
    return path


# H1 -----------------------------------------------------------------------------------------------------------------


def test_business_response_times_are_business_hours_not_24_hour_days(con_of):
    s = sla.summary(con_of(SLOW), Filters(), BUSINESS_MQL)
    assert (s.median_minutes, s.p95_minutes) == (3360, 3360)
    # the tiles' words: 56 business hours, as the lead list writes it ("2.3 days" before)
    assert BUSINESS_MQL.duration(s.median_minutes) == "56 business h"
    assert BUSINESS_MQL.duration(s.p95_minutes) == "56 business h"
    # around the clock a minute is a minute: 3,360 minutes are 2.3 days
    assert sla.SlaSettings().duration(3360) == "2.3 days"


def test_the_owner_table_writes_business_hours_in_business_hours(con_of):
    by = sla.by_group(con_of(SLOW), Filters(), BUSINESS_MQL, "owner")
    summary = sla.summary(con_of(SLOW), Filters(), BUSINESS_MQL)
    shown, _ = tables.display(sla.shown_groups(by[sla.group_columns(summary)], BUSINESS_MQL))
    # one owner, Anna, 3 leads of 3,360 business minutes each
    assert shown["Median response (business hours)"].tolist() == ["56 business h"]
    assert shown["95th percentile response (business hours)"].tolist() == ["56 business h"]
    # around the clock the columns stay clock time
    plain, _ = tables.display(sla.shown_groups(by[sla.group_columns(summary)], sla.SlaSettings()))
    assert "Median response" in plain.columns


def test_the_response_bands_say_business_minutes_in_business_hours(con_of):
    bands = sla.speed_pays(con_of(SLOW), Filters(), BUSINESS_MQL)
    # 3 leads in the 60+ band, of business minutes
    assert bands.set_index("band").at["60+ business min", "count_leads"] == 3
    figure = charts.sla_bands(sla.by_group(con_of(SLOW), Filters(), BUSINESS_MQL, "owner"), "owner", True)
    assert "60+ business min" in [trace.name for trace in figure.data]


def test_metrics_table_names_business_minutes_and_spaces_its_keys(tmp_path, capsys):
    path = db_of(tmp_path, SLOW)
    args = ["metrics", "--db", path, "--sla-clock", "mql", "--business-hours", "--format", "table"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "  median_business_minutes  3360.0\n" in out
    # L6: the longest key, contacted_before_clock, then its value after a space ("contacted_before_clock0" before)
    assert "  contacted_before_clock   0\n" in out
    assert main(["metrics", "--db", path, "--sla-clock", "mql", "--business-hours"]) == 0
    assert json.loads(capsys.readouterr().out)["sla"]["business_minutes"] is True


# M1 -----------------------------------------------------------------------------------------------------------------


def test_most_contacted_before_the_clock_is_warned(con_of):
    s = sla.summary(con_of(BEFORE), Filters(), sla.SlaSettings())
    assert (s.eligible, s.within_sla, s.contacted_before_clock, s.compliance) == (4, 4, 3, 1.0)
    assert s.before_clock_warning("sql") == BEFORE_WORDS


def test_half_contacted_before_the_clock_is_no_warning(con_of):
    s = sla.summary(con_of(HALF), Filters(), sla.SlaSettings())
    # 2 of 4 is not more than half: the caption, no warning
    assert (s.contacted, s.contacted_before_clock) == (4, 2)
    assert s.before_clock_warning("sql") == ""


def test_the_overview_warns_beside_its_sla_tile(con_of):
    tiles = {k.key: k for k in overview.kpis(con_of(BEFORE), Filters(), "2026-11")}
    words = tiles["sla_compliance"].warning
    # the warning rests on the compliance tile alone
    assert [k.key for k in tiles.values() if k.warning] == ["sla_compliance"]
    assert words.startswith("3 of 4 leads were contacted before they became SQLs: the SLA measures nothing")


def test_the_report_warns_and_takes_the_agreement(con_of):
    con = con_of(BEFORE)
    page = report.build_html(con, Filters(), "2026-11", "http://x")
    assert "3 of 4 leads were contacted before they became SQLs" in page
    assert "(report --sla-clock mql)" in page
    # clock at the MQL date: no lead here has one, so each starts at its SQL date (the fallback): the same leads,
    # but the agreement sentence is the one given
    mql = report.build_html(con, Filters(), "2026-11", "http://x", sla.SlaSettings(clock_start="mql"))
    assert "for a lead with only an SQL date, the moment it becomes an SQL" in mql


def test_report_command_takes_the_sla_options(tmp_path):
    path = db_of(tmp_path, SLOW)
    out = tmp_path / "r.html"
    args = ["report", "--db", path, "--month", "2026-11", "--out", str(out), "--no-pdf"]
    assert main([*args, "--clock-start", "mql", "--business-hours", "--sla-minutes", "45"]) == 0
    page = out.read_text(encoding="utf-8")
    # 3 due, all late: 0 % of 3; 56 business hours each
    # the agreement given, twice: in "Speed to lead" and in the definitions (config's 60 minutes from the SQL there)
    assert page.count("within 45 minutes of the moment it becomes an MQL") == 2
    assert "within 60 minutes" not in page
    assert "56 business h" in page


# M2 -----------------------------------------------------------------------------------------------------------------


def test_the_trend_line_is_drawn_over_the_bars_on_period_categories():
    # the trial's months: 106 due at 46.2 %, 92 at 39.1 %
    by = pd.DataFrame(
        {"group_value": ["2026-10", "2026-11"], "count_eligible": [106, 92], "compliance": [0.462, 0.391]}
    )
    figure = charts.sla_trend(by, 0.8)
    bars, line = figure.data
    # the line on the overlaying axis: drawn above the bars (bars there hid its markers)
    assert (bars.type, line.type, line.yaxis, figure.layout.yaxis2.overlaying) == ("bar", "scatter", "y2", "y")
    assert bars.yaxis in (None, "y")
    # the months as the table writes them, one category each (a month read as a date sat half a month early)
    assert figure.layout.xaxis.type == "category"
    assert list(bars.x) == ["2026-10", "2026-11"] == list(line.x)
    # whole, separated counts on the leads-due axis; the alert line on the compliance axis
    assert (figure.layout.yaxis.tickformat, figure.layout.yaxis.tickmode) == (",", "auto")
    assert figure.layout.shapes[0].yref == "y2"


def test_a_small_count_axis_has_whole_ticks():
    by = pd.DataFrame({"group_value": ["2026-10-05"], "count_eligible": [3], "compliance": [1.0]})
    # 3 leads due: ticks a lead apart, not 0.5
    assert charts.sla_trend(by).layout.yaxis.dtick == 1


# M3 -----------------------------------------------------------------------------------------------------------------


def test_cohort_months_group_by_creation_as_the_tiles(con_of):
    con = con_of(MONTHS)
    october = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
    tiles = sla.summary(con, october, MQL)
    rows = sla.by_group(con, october, MQL, "month").set_index("group_value")
    # tiles: M1 and M2 created in October, 2 due, 1 within; the table's one row, October, says the same
    assert (tiles.eligible, tiles.within_sla) == (2, 1)
    assert rows["count_eligible"].to_dict() == {"2026-10": 2}
    assert "created in it" in sla.period_words(october, "month")


def test_activity_months_group_by_the_clock(con_of):
    con = con_of(MONTHS)
    autumn = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 11, 30), mode="activity")
    rows = sla.by_group(con, autumn, MQL, "month").set_index("group_value")
    # M2's clock started in October, M1's on 2 November
    assert rows["count_eligible"].to_dict() == {"2026-10": 1, "2026-11": 1}
    assert "clock started" in sla.period_words(autumn, "month")


# L5 -----------------------------------------------------------------------------------------------------------------


def test_the_agreement_says_the_sql_fallback_with_the_clock_at_mql():
    assert MQL.describe() == (
        "Sales contacts every lead within 60 minutes of the moment it becomes an MQL (for a lead with only an SQL "
        "date, the moment it becomes an SQL), around the clock."
    )
