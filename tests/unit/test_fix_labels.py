"""Labels that said less (or other) than the numbers under them, from probe 27: the open leads past the conversion
window, ROI and money formats, account step headers, activity-mode captions, stages reached after the window, SLA
waits and time zones, MQL dates taken from the SQL date. Every expected value is counted by hand below."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import datetime as T

import pandas as pd
import pytest
from fixture_data import load

from dashboard import accounts, metrics, sla, tables
from dashboard.filters import Filters, describe_mode
from dashboard.formatting import fmt_multiple, fmt_return

# Finding 1: open leads past the window. lead_id, created_at, source, persona, segment, owner, lifecycle_stage,
# mql_at, sql_at, first_contact_at. The data's today is the latest moment: P5's creation, 2025-07-01.
# A 100-day window: created on or before 2025-03-23 00:00 is past it.
PAST_LEADS = [
    ("P1", T(2025, 1, 1), "web", "CFO", "SMB", "Ann", None, None, None, None),  # old lead, nothing: past (Lead)
    ("P2", T(2025, 1, 2), "web", "CFO", "SMB", "Ann", None, T(2025, 1, 3), None, None),  # old MQL: past (MQL)
    ("P3", T(2025, 1, 3), "web", "CFO", "SMB", "Ann", None, T(2025, 1, 4), None, None),  # old MQL: past (MQL)
    ("P4", T(2025, 1, 4), "web", "CFO", "SMB", "Bob", None, T(2025, 1, 5), T(2025, 1, 6), None),  # old, open deal
    ("P5", T(2025, 7, 1), "web", "CFO", "SMB", "Bob", None, None, None, None),  # a lead of today: open, young
    ("P6", T(2025, 5, 1), "web", "CFO", "SMB", "Bob", None, T(2025, 5, 2), None, None),  # young MQL, 60 days in
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
PAST_DEALS = [("Q4", "P4", "Bob", T(2025, 1, 10), "open", None, 100.0, None)]


def test_open_leads_past_the_window_are_left_out_an_open_deal_with_them_and_the_rule_is_said(empty_con):
    load(empty_con, PAST_LEADS, PAST_DEALS)
    view = Filters(window_days=100)
    stages = metrics.stalled(empty_con, view).set_index("stage")
    # in stage (young only): lead P5, mql P6; P1, P2, P3 and P4 are past the window, P4 too though its deal is open
    # (178 days old: lost, as the Funnel counts it dropped out before Customer)
    assert stages["count_in_stage"].astype(int).to_dict() == {"lead": 1, "mql": 1, "sql": 0, "opportunity": 0}
    # stalled: P6 waited 60 days as MQL (threshold 14); P5 0 days
    assert stages["count_stalled"].astype(int).to_dict() == {"lead": 0, "mql": 1, "sql": 0, "opportunity": 0}
    note = metrics.past_window_note(view)
    assert note is not None
    assert note.startswith("Not counted here: open leads created 100 days or more before the data's last day.")
    assert "even with an open deal" in note and "window to 0" in note
    by_account = metrics.past_window_note(replace(view, count_by="account"))
    assert by_account is not None and by_account.startswith("Not counted here: open accounts created 100 days")


def test_no_window_counts_every_open_lead_and_says_nothing_of_lost_ones(empty_con):
    load(empty_con, PAST_LEADS, PAST_DEALS)
    stages = metrics.stalled(empty_con, Filters(window_days=0))
    # lead P1, P5; mql P2, P3, P6; opportunity P4; none past a window
    assert dict(zip(stages["stage"], stages["count_in_stage"].astype(int), strict=True)) == {
        "lead": 2,
        "mql": 3,
        "sql": 0,
        "opportunity": 1,
    }
    assert metrics.past_window_note(Filters(window_days=0)) is None


def test_the_open_deal_past_the_window_is_dropped_out_on_the_funnel_too(empty_con):
    load(empty_con, PAST_LEADS, PAST_DEALS)
    funnel = metrics.funnel(empty_con, Filters(window_days=100)).set_index("stage")
    # P4 reached opportunity (its deal) and not customer; past the window: dropped, not still in window
    assert int(funnel.loc["customer", "count_dropped"]) == 1


# Finding 8: ROI as a percentage, halves away from zero, one money style per table.
@pytest.mark.parametrize(
    ("roi", "shown"),
    [
        (0.25, "+25.0%"),  # (5,000 − 4,000) ÷ 4,000
        (1.027027, "+102.7%"),  # (7,500 − 3,700) ÷ 3,700
        (-1.0, "-100.0%"),  # (0 − 1,000) ÷ 1,000
        (0.0, "0.0%"),  # break-even: no sign
        (0.00125, "+0.1%"),  # 0.125 %: below the half at one decimal, 0.1 %
        (0.0125, "+1.3%"),  # 1.25 % -> 1.3 % (half-even wrote 1.2 %)
        (None, "–"),
    ],
)
def test_roi_is_a_signed_percentage_rounded_half_away_from_zero(roi, shown):
    assert fmt_return(roi) == shown


def test_a_multiple_rounds_halves_away_from_zero():
    # ROAS 5,000 ÷ 4,000 = 1.25 -> 1.3× (was "1.2×"); 0.25 -> 0.3×
    assert (fmt_multiple(1.25), fmt_multiple(0.25)) == ("1.3×", "0.3×")


def test_the_sources_tables_write_one_amount_one_way():
    # the probe's step table: Cost / SQL 462.5, 1,000, 500 and Cost / opp. 740, 1,333.33, 1,000; the k unit needs
    # two decimals for 1,333.33 ($1.33k), so $1,000 is "$1.00k" in both columns (was "$1k" and "$1.00k")
    table = pd.DataFrame(
        {
            "source": ["web", "paid_search", "events"],
            "cost_per_sql": [462.5, 1000.0, 500.0],
            "cost_per_opportunity": [740.0, 4000 / 3, 1000.0],
        }
    )
    frame, _ = tables.display(table)
    # numbers without a gap: the cells stay numbers, written by the style
    written = tables.styled(frame).to_html()
    assert written.count("$1.00k") == 2
    assert "$1k<" not in written
    # with a missing cost (a source without spend) the columns are text, written the same way
    table.loc[3] = ["outbound", float("nan"), float("nan")]
    frame, _ = tables.display(table)
    # 462.5 rounds half away from zero (trial 51): $463
    assert list(frame["Cost / SQL"]) == ["$463", "$1.00k", "$500", "–"]
    assert list(frame["Cost / opp."]) == ["$740", "$1.33k", "$1.00k", "–"]


# Finding 9: counting by account, the first step's rate is headed by the unit.
def test_the_first_step_is_headed_account_when_counting_by_account():
    assert metrics.count_labels(Filters(count_by="account"))["lead_to_mql"] == "Account→MQL"
    assert metrics.count_labels(Filters(count_by="account", mode="activity"))["lead_to_mql"] == "MQL ÷ account entries"
    # by lead the house label stays ("Lead→MQL" in tables.COLUMNS)
    assert "lead_to_mql" not in metrics.count_labels(Filters())


# Finding 6: activity mode is described as activity mode.
def test_activity_mode_is_not_described_with_the_cohort_sentence():
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), mode="activity")
    sentence = describe_mode(march)
    assert "up to the furthest it reached" not in sentence
    assert "Each stage counts its own entries" in sentence
    assert "no conversion rate" in sentence
    # cohort mode keeps it: a lead counts at every stage up to the furthest it reached
    assert "counts at every stage up to the furthest it reached" in describe_mode(replace(march, mode="cohort"))


# Finding 5: a furthest stage reached after the window says so. Today is the latest date: W1's win, 2025-06-01.
LATE_LEADS = [
    ("W1", T(2025, 1, 1), "web", "CFO", "SMB", "Ann", None, T(2025, 1, 2), T(2025, 1, 3), None),
    ("W2", T(2025, 1, 1), "web", "CFO", "SMB", "Ann", None, T(2025, 1, 2), T(2025, 1, 3), None),
]
LATE_DEALS = [
    ("V1", "W1", "Ann", T(2025, 1, 5), "won", T(2025, 6, 1), 300.0, None),  # won 151 days after creation
    ("V2", "W2", "Ann", T(2025, 1, 5), "won", T(2025, 1, 20), 100.0, None),  # won 19 days after creation
]


def test_a_customer_after_the_window_is_listed_as_such_among_those_who_dropped_out(empty_con):
    load(empty_con, LATE_LEADS, LATE_DEALS)
    window = Filters(window_days=100)
    # customers in the funnel: W2 only (W1 won on day 151 of a 100-day window); dropped before Customer: W1
    dropped = metrics.drilldown(empty_con, window, "customer", "dropped")
    assert dropped[["lead_id", "furthest_stage"]].values.tolist() == [["W1", "Customer (after the 100-day window)"]]
    reached = metrics.drilldown(empty_con, window, "customer", "reached")
    assert reached[["lead_id", "furthest_stage"]].values.tolist() == [["W2", "customer"]]
    # the CSV keeps the code and says why beside it
    csv = metrics.drilldown_csv(empty_con, window, "customer", "dropped").decode()
    assert "furthest_after_window" in csv.splitlines()[0]
    # with no window W1 is a customer like any other: 2 reached, no label
    no_window = metrics.drilldown(empty_con, Filters(window_days=0), "customer", "reached")
    assert sorted(no_window["furthest_stage"]) == ["customer", "customer"]


def test_the_account_list_says_a_customer_came_after_the_window(empty_con):
    load(empty_con, LATE_LEADS, LATE_DEALS)
    # leads without account_id are accounts of their own: lead:W1 (won after the window) and lead:W2
    shown = accounts.account_list_shown(empty_con, Filters(window_days=100, count_by="account"))
    stages = dict(zip(shown["account_key"], shown["furthest_stage"], strict=True))
    assert stages == {"lead:W1": "Customer (after the 100-day window)", "lead:W2": "customer"}


# Finding 7: the SLA lists in business hours and in the SLA's time zone.
def test_a_business_hours_wait_is_written_in_business_hours_not_24_hour_days():
    # 2,016 business hours = 120,960 minutes: was "84 days" (÷ 1,440); 61 minutes stays minutes
    rows = pd.DataFrame(
        {
            "lead_id": ["L08", "L05"],
            "clock_started_at": pd.to_datetime(["2025-01-14 10:00", "2025-01-09 08:00"]),
            "due_at": pd.to_datetime(["2025-01-14 11:00", "2025-01-09 09:00"]),
            "first_contact_at": pd.to_datetime([None, "2025-01-09 09:01"]),
            "minutes_waited": [120960.0, 61.0],
        }
    )
    berlin = sla.SlaSettings(business_hours=True, timezone="Europe/Berlin", data_timezone="UTC")
    frame, _ = tables.display(sla.shown_list(rows, berlin), sla.list_labels(berlin))
    assert frame["Waited (business hours)"].tolist() == ["2,016 business h", "61 min"]
    # UTC+1 in January: 10:00 UTC is 11:00 in Berlin, 08:00 is 09:00, 09:01 is 10:01
    assert frame["Clock started (Europe/Berlin)"].dt.strftime("%H:%M").tolist() == ["11:00", "09:00"]
    assert frame["Due (Europe/Berlin)"].dt.strftime("%H:%M").tolist() == ["12:00", "10:00"]
    assert frame["First contact (Europe/Berlin)"].tolist() == ["–", "2025-01-09 10:01"]
    # around the clock in UTC: calendar time, labelled with its zone
    utc = sla.SlaSettings(business_hours=False, timezone="UTC", data_timezone="UTC")
    frame, _ = tables.display(sla.shown_list(rows, utc), sla.list_labels(utc))
    assert frame["Waited"].tolist() == ["84 days", "61 min"]
    assert frame["Due (UTC)"].dt.strftime("%H:%M").tolist() == ["11:00", "09:00"]


# Finding 11: an MQL date taken from the SQL date says so.
def test_an_mql_date_taken_from_the_sql_date_is_marked(empty_con):
    leads = [
        # B1: MQL and SQL dates of its own; B2: no MQL date, so its MQL entry is its SQL date (2025-01-08 12:00)
        ("B1", T(2025, 1, 1), "web", "CFO", "SMB", "Ann", None, T(2025, 1, 2), T(2025, 1, 3), None),
        ("B2", T(2025, 1, 5, 12), "web", "CFO", "SMB", "Ann", None, None, T(2025, 1, 8, 12), None),
    ]
    load(empty_con, leads, [])
    shown = metrics.drilldown(empty_con, Filters(window_days=0), "sql", "reached").set_index("lead_id")
    assert shown.loc["B1", "mql_entered_at"] == "2025-01-02"
    assert shown.loc["B2", "mql_entered_at"] == "2025-01-08 12:00 (from SQL date)"
    # the CSV keeps the entry time and names the stage it came from
    raw = metrics.drilldown_rows(empty_con, Filters(window_days=0), "sql", "reached").set_index("lead_id")
    assert pd.isna(raw.loc["B1", "mql_date_from"])
    assert raw.loc["B2", "mql_date_from"] == "sql"
