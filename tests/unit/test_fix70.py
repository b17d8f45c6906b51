"""Trial 70, counted by hand: in activity mode a step's later stage can have more entries in the dates than its
earlier one (45 wins in a month of 36 new SQLs): that is no conversion rate, and Wilson of it raised "math domain
error" in the metrics JSON, the monthly report and the Friction page. Revenue at stake is valued at the average won
deal of the view's deals that came from a lead, not of every deal (fifteen outbound $200k deals made it 2.23 times).
The stalled list says when it stops short of every stalled lead."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pandas as pd
import pytest
from db_copies import built_copy
from fixture_data import load
from trial70_fixture import LEAD_WINS, OUTBOUND, stake_leads

from dashboard import friction, report, stats, store
from dashboard.cli import metrics_document
from dashboard.filters import Filters

T = datetime


def _june_leads() -> list[tuple]:
    """71 leads, none with persona or segment (their '(none)' rows are the whole view).

    web W01–W40 (owner Ann W01–W20, Cid W21–W40): created 1–20 Jan 2025, MQL the day after, SQL 30 days after
        (Feb), customer by a deal created 20 Feb and won 10 Jun 2025 (_june_deals).
    web W41 (owner Ann): created 20 Jun 2025, still a lead.
    events E01–E30 (owner Bob): created 1–15 Jun 2025, MQL the day after, SQL two days after (all in June), no deal.
    """
    rows = []
    for i in range(1, 41):
        created = T(2025, 1, (i - 1) % 20 + 1)
        mql, sql = created + timedelta(days=1), created + timedelta(days=30)
        owner = "Ann" if i <= 20 else "Cid"
        rows.append((f"W{i:02d}", created, "web", None, None, owner, "customer", mql, sql, None))
    rows.append(("W41", T(2025, 6, 20), "web", None, None, "Ann", "lead", None, None, None))
    for i in range(1, 31):
        created = T(2025, 6, (i - 1) % 15 + 1)
        mql, sql = created + timedelta(days=1), created + timedelta(days=2)
        rows.append((f"E{i:02d}", created, "events", None, None, "Bob", "sql", mql, sql, None))
    return rows


def _june_deals() -> list[tuple]:
    """W01–W40's deals: created 20 Feb 2025, won 10 Jun 2025, $1,000 each."""
    return [(f"D{i:02d}", f"W{i:02d}", None, T(2025, 2, 20), "won", T(2025, 6, 10), 1000.0, None) for i in range(1, 41)]


@pytest.fixture
def june_con():
    connection, _ = built_copy(f"{__name__} june_con", lambda db, _folder: load(db, _june_leads(), _june_deals()))
    yield connection
    connection.close()


# June 2025 counted by activity, by hand from _june_leads: leads created in June 31 (W41, E01–E30), MQLs 30 and SQLs 30
# (E01–E30), opportunities 0 (the deals were created in February), customers 40 (W01–W40 won on 10 June). Source web:
# 1 lead, 0 MQLs, 0 SQLs, 0 opportunities, 40 customers (every entry of Opportunity→Customer: the whole view's, said
# once); owner Ann 1, 0, 0, 0, 20 and owner Cid 0, 0, 0, 0, 20 (two segment steps with more customers than
# opportunities); owner Bob and source events 30, 30, 30, 0, 0
JUNE = Filters(mode="activity", date_from=T(2025, 6, 1).date(), date_to=T(2025, 6, 30).date(), window_days=0)
NOT_RATES = (
    "Not judged, as no conversion rate: Opportunity→Customer of the whole view (40 customers entered against 0 "
    "opportunities) and 2 steps of single segments (such as Opportunity→Customer for owner Ann: 20 customers against 0 "
    "opportunities). More entered the later stage than the earlier one in these dates: activity counts are not a "
    "conversion rate; activity mode counts each stage by its own date, so a step's two counts are not the same leads. "
    "Cohort mode follows the same leads through every step."
)


def test_wilson_of_more_successes_than_trials_is_no_interval():
    # 45 wins of 36 SQLs: p = 1.25, p(1 - p) < 0 under the square root. Before: ValueError "math domain error"
    low, high = stats.wilson(45, 36)
    assert math.isnan(low) and math.isnan(high)
    assert not stats.is_rate(45, 36)
    # neither side of the segment-vs-rest test may be such a count: nothing is clearly lower then
    assert stats.clearly_lower(45, 36, 10, 40) is False
    assert stats.clearly_lower(10, 40, 45, 36) is False
    # a proportion is untouched: 36 of 36 is a rate (100 %)
    assert stats.is_rate(36, 36)


def test_the_metrics_json_of_a_month_with_more_wins_than_sqls_says_no_rate(june_con):
    # before: the benchmark SQL→Customer ran wilson(40, 30) and metrics exited 1
    doc = metrics_document(june_con, JUNE)
    assert doc["friction"] == []
    assert doc["friction_pending"] == []
    assert doc["friction_not_rates"] == {"steps": ["Opportunity→Customer"], "segment_steps": 2, "note": NOT_RATES}


def test_the_monthly_report_of_that_month_is_written_and_says_why(june_con):
    # before: report --month 2025-06 failed, so the month had no report at all
    page = report.build_html(june_con, Filters(), "2025-06", base="http://app")
    assert "Top friction points in Jun 2025" in page
    assert NOT_RATES.replace("'", "&#x27;") in page
    assert "judged here" in page


def test_side_by_side_gives_no_rate_where_more_entered_the_later_stage():
    # activity counts of two owners: A 2 leads, 1 MQL, 3 SQLs (wilson(3, 1) raised before), 0, 0; B 40, 20, 10, 5, 2
    part = pd.DataFrame(
        [
            {"value": "A", "lead": 2, "mql": 1, "sql": 3, "opportunity": 0, "customer": 0},
            {"value": "B", "lead": 40, "mql": 20, "sql": 10, "opportunity": 5, "customer": 2},
        ]
    )
    table = friction.side_by_side(part, "A", "B").set_index("step")
    assert table.loc["MQL→SQL", "A"] == "– (more entered the later stage: not a rate)"
    assert table.loc["MQL→SQL", "clearly different"] is None
    # B's MQL→SQL 10 of 20 = 50.0 %, its interval as before; A's SQL→Opportunity 0 of 3 = 0.0 %
    assert table.loc["MQL→SQL", "B"].startswith("50.0% (")
    assert table.loc["SQL→Opportunity", "A"].startswith("0.0% (")
    assert table.loc["Lead→MQL", "A"].startswith("50.0% (")
    assert friction.side_by_side_note(table.reset_index()) == (
        "– (not a rate): more entered the later stage than the earlier one in these dates: activity counts are not a "
        "conversion rate; each stage is counted by its own date, so the two are not the same leads."
    )


EVERY = Filters(window_days=0)


@pytest.fixture
def stake_con():
    connection, _ = built_copy(
        f"{__name__} stake_con", lambda db, _folder: load(db, stake_leads(), LEAD_WINS + OUTBOUND)
    )
    yield connection
    connection.close()


def test_revenue_at_stake_is_valued_at_the_won_deals_that_came_from_a_lead(stake_con):
    # events Lead→MQL 4 of 40 (10 %) against web's 40 of 40 (100 %): 0.9 × 40 = 36 missing MQLs, × 10 customers of
    # 44 MQLs, × $2,000 (10 lead wins, $20,000) = 16,363.64. Before: × $5,000 (12 wins with the two outbound $20,000,
    # $60,000) = 40,909.09, 2.5 times
    flags = friction.find(stake_con, EVERY)
    assert len(flags) == 1
    point = flags.iloc[0]
    assert (point["stage"], point["segment"]) == ("Lead→MQL", "source Events")
    assert point["value_at_stake"] == pytest.approx(36 * 10 / 44 * 2000)
    assert point["message"] == (
        "Lead→MQL for source Events is 10.0% against 100.0% for the rest (-90.0 points, 40 leads, 36 of them still "
        "open); about $16.4k of revenue at stake."
    )
    deals = friction.lead_deals(stake_con, EVERY)
    assert (deals.avg_deal_size, deals.won, deals.won_without_lead) == (2000.0, 10, 2)
    assert deals.note() == (
        "Revenue at stake values a missing customer at $2k, the average of the 10 won deals with an amount that came "
        "from a lead; 2 won deals without a lead (outbound, sales' own) are left out: they never went through these "
        "steps."
    )


def test_the_metrics_json_values_the_same_and_says_the_deals_left_out(stake_con):
    doc = metrics_document(stake_con, EVERY)
    assert [round(r["value_at_stake"], 2) for r in doc["friction"]] == [16363.64]
    assert doc["friction_deal_size"]["avg_deal_size"] == 2000.0
    assert doc["friction_deal_size"]["won_without_lead"] == 2


def test_a_view_whose_won_deals_are_all_outbound_puts_no_revenue_at_stake():
    # the same leads, the ten customers known from their status alone, and only the two outbound wins: no won deal
    # came from a lead. Before: each missing customer was valued at the outbound $20,000 (36 × 10 / 44 × 20,000 =
    # $164k at stake)
    con = store.connect(":memory:")
    load(con, stake_leads(), OUTBOUND)
    point = friction.find(con, EVERY).iloc[0]
    assert point["value_at_stake"] == 0.0
    assert "revenue at stake" not in point["message"]
    deals = friction.lead_deals(con, EVERY)
    assert (deals.avg_deal_size, deals.won, deals.won_without_lead) == (None, 0, 2)
    assert deals.note() == (
        "No revenue at stake: no won deal of this view came from a lead, and a friction point is a step of the lead "
        "funnel; 2 won deals without a lead (outbound, sales' own) are left out: they never went through these steps."
    )
    con.close()


def test_the_stalled_list_says_when_it_stops_short():
    # 971 stalled, the list's 500 rows: said, with where the rest are; all shown: nothing to say
    assert (
        friction.list_cap_note(500, 971, "leads") == "The 500 longest waiting shown; the CSV has all 971 stalled leads."
    )
    assert friction.list_cap_note(208, 208, "leads") is None
