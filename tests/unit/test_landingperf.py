"""The landing page's executive section in one computation (overview.landing): the coverage's and the planner's
win rate are one figure from one read of the trailing year's deals, the period's own win rate is the tiles', the data's
days are read once and the alignment chart's months come from the tiles' span, with the numbers each part gave alone.

Counted by hand on tests/fixture_data.py, and the same as the separate functions for random data and views; and the
filtered view's customers_and_wins.sql keeping only the customers of the funnel's hits, and reading a won deal's lead
off the deal (deal_facts.has_stored_lead and lead_owner) where it joined the won deals to every lead, gives the old
query's row; counting by account too (account_customers_and_wins.sql: the customer accounts alone, one join)."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta

import account_fixture
import pandas as pd
import pytest
from account_strategy import BASE, SMALL, WIDE, account_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import changes, metrics, overview, queries, store
from dashboard.filters import Filters

PROPS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_the_landing_page_reads_the_trailing_deals_once_by_hand(con, reads):
    # fixture: data from 5 Jan to 20 Mar 2025, so March 2025 is counted to 20 Mar and the trailing year of closed
    # deals is 21 Mar 2024 - 20 Mar 2025: D1 won $1,000 (1 Feb), D2 lost (10 Feb), D3 won $3,000 (15 Mar)
    # -> win rate 2 / 3, average deal (1,000 + 3,000) / 2 = $2,000; March alone closed D3 only, won: 1 / 1
    shown = overview.landing(con, overview.executive_view(Filters()), "2025-03")
    assert shown.coverage.win_rate == pytest.approx(2 / 3)
    assert shown.rates.win_rate == shown.coverage.win_rate
    assert shown.rates.avg_deal_size == pytest.approx(2000.0)
    assert shown.coverage.period_win_rate == 1.0
    assert {k.key: k.value for k in shown.kpis}["win_rate"] == shown.coverage.period_win_rate
    assert (shown.data_first, shown.data_end) == (datetime(2025, 1, 5).date(), datetime(2025, 3, 20).date())
    # one pass over the deals gives the periods' and the trailing year's outcomes: no deals.sql (three before,
    # the trailing year twice), date_bounds once (five before); monthly_deals for the span, the same days of last
    # year and of February (March is counted to 20 Mar) and the quarter's wins: the alignment chart's twelve months
    # are cut from the span (five before)
    assert reads["deals"] == 0
    assert reads["period_outcomes"] == 1
    assert reads["date_bounds"] == 1
    assert reads["monthly_deals"] == 4


def test_the_landing_numbers_are_the_separate_functions_by_hand(con):
    view = overview.executive_view(Filters())
    shown = overview.landing(con, view, "2025-03")
    assert shown.kpis == overview.kpis(con, view, "2025-03")
    assert shown.coverage == overview.coverage(con, view, "2025-03")
    assert shown.rates == overview.observed_rates(con, view, "2025-03")
    assert shown.undated == overview.undated_stages(con, view, "2025-03")
    pd.testing.assert_frame_equal(shown.months, overview.alignment_months(con, view, "2025-03"), check_exact=True)
    # the alignment chart: Jan-Mar 2025 (the data's first month on), won by close month: D1 $1,000 in February,
    # D3 $3,000 in March; pipeline by creation month: D1 + D2 $1,500 in January, D3 $3,000 in February, D4 + D5
    # $2,700 in March
    assert shown.months["revenue"].tolist() == [0.0, 1000.0, 3000.0]
    assert shown.months["pipeline"].tolist() == [1500.0, 3000.0, 2700.0]


# --- the same numbers as the separate functions, for random data and views ------------------------------------------

PERIODS = ["2025-01", "2025-02", "2025-03", "2025-05", "2025-07", "2025-Q1", "2025-Q2", "2025-Q3", "2024-12"]


@st.composite
def executive_views(draw):
    view = Filters(count_by=draw(st.sampled_from(["lead", "account"])))
    for dim, values in (("persona", ["p", "q"]), ("source", ["s", "t", "(none)"])):
        if draw(st.booleans()):
            view = view.with_values(dim, draw(st.lists(st.sampled_from(values), min_size=1, unique=True)))
    return overview.executive_view(view)


@pytest.fixture(scope="module")
def mem():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@PROPS
@given(data=account_data(SMALL), view=executive_views(), period=st.sampled_from(PERIODS))
def test_the_landing_numbers_are_the_separate_functions(mem, data, view, period):
    account_fixture.load(mem, *data)
    shown = overview.landing(mem, view, period)
    assert shown.kpis == overview.kpis(mem, view, period)
    assert shown.coverage == overview.coverage(mem, view, period)
    assert shown.rates == overview.observed_rates(mem, view, period)
    assert shown.coverage.win_rate == overview.trailing_deals(mem, view, period).win_rate
    assert shown.undated == overview.undated_stages(mem, view, period)
    pd.testing.assert_frame_equal(shown.months, overview.alignment_months(mem, view, period), check_exact=True)
    said = changes.summary(mem, view, period, shown.data_end, shown.data_first)
    assert said == changes.summary(mem, view, period)


# --- customers_and_wins.sql: only the customers' ids of the funnel's hits ---------------------------------------------

# the query as it was: every lead's hit kept, the won leads left-joined to all of them
OLD_CUSTOMERS_AND_WINS = """
with hits as (
    select lead_id, hit_customer
    from funnel_hits($view)
),
won as (
    select d.deal_id, l.lead_id
    from deals_in_scope($view) as d
    left join leads as l using (lead_id)
    where d.status = 'won'
),
won_leads as (
    select distinct lead_id
    from won
    where lead_id is not null
)
select
    (select count(*) from hits where hit_customer) as count_customers,
    (select count(*) from won) as count_won,
    (select count(*) from won where lead_id is null) as count_won_without_lead,
    (select count(*) from won where lead_id is not null) - (select count(*) from won_leads) as count_repeat_wins,
    (
        select count(*)
        from won_leads as w
        left join hits as h using (lead_id)
        where not coalesce(h.hit_customer, false)
    ) as count_won_leads_not_customers,
    (
        select count(*)
        from won_leads as w
        join lead_stages as l using (lead_id)
        where not view_match($view, l.source, l.persona, l.segment, l.industry, l.region, l.owner)
    ) as count_won_leads_outside,
    (
        select count(*)
        from hits as h
        where h.hit_customer and h.lead_id not in (select lead_id from won_leads)
    ) as count_customers_without_win,
    (
        select count(*)
        from hits as h
        where h.hit_customer
            and h.lead_id not in (select lead_id from won_leads)
            and h.lead_id in (
                select lead_id
                from deal_facts
                where is_won
                    and lead_id is not null
                    and not view_match($view, source, persona, segment, industry, region, owner)
            )
    ) as count_customers_won_elsewhere
"""


def _old_customers_and_wins(con, view: Filters) -> list:
    params = view.by_lead().to_params()
    return con.execute(OLD_CUSTOMERS_AND_WINS, queries._bind(OLD_CUSTOMERS_AND_WINS, params)).fetchall()


def test_customers_and_wins_by_hand(con):
    # fixture, Q1 2025 in activity mode: customers L1 (won 1 Feb) and L5 (won 15 Mar); won deals D1 and D3, each its
    # lead's first: nothing without a lead, no repeat win, no won lead left out of the customers
    view = Filters(date_from=datetime(2025, 1, 1).date(), date_to=datetime(2025, 3, 31).date(), mode="activity")
    got = metrics.customers_and_wins(con, view)
    assert (got.customers, got.won, got.won_without_lead, got.repeat_wins, got.won_leads_not_customers) == (
        2,
        2,
        0,
        0,
        0,
    )
    # February alone: D1 won 1 Feb (L1 reached customer then), D3 won in March: 1 customer, 1 win
    feb = Filters(date_from=datetime(2025, 2, 1).date(), date_to=datetime(2025, 2, 28).date(), mode="activity")
    got = metrics.customers_and_wins(con, feb)
    assert (got.customers, got.won, got.customers_without_win) == (1, 1, 0)
    assert _old_customers_and_wins(con, view) == [(2, 2, 0, 0, 0, 0, 0, 0)]
    # the funnel's hits are kept for its customers only, not for every lead of the view
    assert "with customers as" in queries.sql_text("customers_and_wins")


@st.composite
def filtered_views(draw):
    start = draw(st.one_of(st.none(), st.integers(0, 150).map(lambda d: (BASE + timedelta(days=d)).date())))
    end = draw(st.one_of(st.none(), st.integers(0, 200).map(lambda d: (BASE + timedelta(days=d)).date())))
    if start and end and start > end:
        start = None
    view = Filters(
        date_from=start,
        date_to=end,
        mode=draw(st.sampled_from(["cohort", "activity"])),
        in_order=draw(st.booleans()),
        window_days=draw(st.sampled_from([0, 30, 180])),
    )
    for dim, values in (("persona", ["p", "q"]), ("source", ["s", "t", "(none)"]), ("owner", ["o", "r"])):
        if draw(st.booleans()):
            view = view.with_values(dim, draw(st.lists(st.sampled_from(values), min_size=1, unique=True)))
    return view


@PROPS
@given(data=account_data(SMALL), view=filtered_views())
def test_customers_and_wins_is_the_old_query_s(mem, data, view):
    account_fixture.load(mem, *data)
    row = queries.run(mem, "customers_and_wins", view.by_lead().to_params())
    assert [tuple(int(v) for v in row.iloc[0])] == _old_customers_and_wins(mem, view)


# --- a won deal's lead read off the deal, the customers and the won leads met in one join ---------------------------

# the account query as it was: every account's hit kept, the won accounts matched against them twice
OLD_ACCOUNT_CUSTOMERS_AND_WINS = """
with hits as (
    select account_id, hit_customer
    from funnel_hits($view)
),
won as (
    select deal_id, coalesce(unit_account_id, 'lead:' || lead_id) as account_id
    from deals_in_scope($view)
    where status = 'won'
),
won_accounts as (
    select distinct account_id
    from won
)
select
    (select count(*) from hits where hit_customer) as count_customers,
    (select count(*) from won) as count_won,
    (select count(*) from won_accounts) as count_won_accounts,
    (select count(*) from won) - (select count(*) from won_accounts) as count_repeat_wins,
    (
        select count(*)
        from won_accounts as w
        left join hits as h using (account_id)
        where not coalesce(h.hit_customer, false)
    ) as count_won_accounts_not_customers,
    (
        select count(*)
        from hits as h
        where h.hit_customer and h.account_id not in (select account_id from won_accounts)
    ) as count_customers_without_win
"""

# lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at (tests/account_fixture.py)
PARTS_LEADS = [
    ("L1", None, datetime(2025, 1, 1), "s", "p", "SMB", "o", None, None),
    ("L2", None, datetime(2025, 1, 1), "s", "p", "SMB", "o", None, None),
    ("L3", None, datetime(2025, 1, 2), "s", "p", "SMB", "r", None, None),
    ("L4", None, datetime(2025, 1, 3), "s", "p", "SMB", "o", None, None),
]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
PARTS_DEALS = [
    # L1 won twice (the second a repeat win), each within 30 days
    ("D1", "L1", None, "o", datetime(2025, 1, 5), "won", datetime(2025, 1, 10), 100.0, None),
    ("D1b", "L1", None, "o", datetime(2025, 1, 20), "won", datetime(2025, 1, 25), 100.0, None),
    # L2 won 73 days after its creation: after a 30-day window
    ("D2", "L2", None, "o", datetime(2025, 1, 5), "won", datetime(2025, 3, 15), 100.0, None),
    # r's lead L3 won by o: the deal is in an owner-o view, its lead is not
    ("D3", "L3", None, "o", datetime(2025, 1, 5), "won", datetime(2025, 1, 10), 100.0, None),
    # o's lead L4 won by r: a customer of the o view whose win is not in it
    ("D4", "L4", None, "r", datetime(2025, 1, 5), "won", datetime(2025, 1, 10), 100.0, None),
    # won deals of no stored lead: a lead id no lead has, and none
    ("G1", "ghost", None, "o", datetime(2025, 1, 5), "won", datetime(2025, 1, 10), 100.0, None),
    ("O1", None, None, "o", datetime(2025, 1, 6), "won", datetime(2025, 1, 12), 100.0, "outbound"),
]


def test_customers_and_wins_parts_by_hand(mem):
    account_fixture.load(mem, PARTS_LEADS, PARTS_DEALS)
    # the deal carries whether its lead is stored, and that lead's own owner (the deal's owner is its own)
    facts = mem.execute(
        "select deal_id, has_stored_lead, owner, lead_owner from deal_facts order by deal_id"
    ).fetchall()
    assert facts == [
        ("D1", True, "o", "o"),
        ("D1b", True, "o", "o"),
        ("D2", True, "o", "o"),
        ("D3", True, "o", "r"),
        ("D4", True, "r", "o"),
        ("G1", False, "o", None),
        ("O1", False, "o", None),
    ]
    # owner o, cohort, all dates, 30-day window: customers L1 (won day 9) and L4 (day 7); L2 won on day 73, L3 is r's.
    # won deals in view (deal owner o): D1 D1b D2 D3 G1 O1 = 6; G1 and O1 have no stored lead; L1's D1b is a repeat;
    # won leads L1 L2 L3, of which L2 and L3 are no customers, L3 outside the view's leads; L4 has no win in view, its
    # D4 is r's. 6 = 2 customers + 2 without lead + 1 repeat + 2 not customers - 1 customer without win
    view = Filters(window_days=30).with_values("owner", ["o"])
    row = queries.run(mem, "customers_and_wins", view.by_lead().to_params())
    assert [tuple(int(v) for v in row.iloc[0])] == [(2, 6, 2, 1, 2, 1, 1, 1)]
    assert _old_customers_and_wins(mem, view) == [(2, 6, 2, 1, 2, 1, 1, 1)]
    # no window, no filter: customers L1 L2 L3 L4, all seven won deals, G1 O1 without a lead, D1b a repeat
    row = queries.run(mem, "customers_and_wins", Filters(window_days=0).to_params())
    assert [tuple(int(v) for v in row.iloc[0])] == [(4, 7, 2, 1, 0, 0, 0, 0)]


# a scan of the leads table in a plan (its name qualified by the database's and the schema's)
LEADS_SCAN = re.compile(r"Table: (?:\w+\.)*leads\b")


def test_customers_and_wins_reads_the_leads_once(mem):
    # the funnel's customers are the one read of the leads: the won deals' leads come with the deals (the old query
    # joined the won deals to every lead, a second scan of them)
    account_fixture.load(mem, PARTS_LEADS, PARTS_DEALS)
    params = Filters(window_days=30).with_values("owner", ["o"]).by_lead().to_params()
    sql = queries.sql_text("customers_and_wins")
    plan = mem.execute("explain " + sql, queries._bind(sql, params)).fetchall()[0][1]
    assert len(LEADS_SCAN.findall(plan)) == 1
    old = mem.execute("explain " + OLD_CUSTOMERS_AND_WINS, queries._bind(OLD_CUSTOMERS_AND_WINS, params)).fetchall()
    # the old: the funnel's, the won deals' join, and the won leads' values (lead_stages) under the owner filter
    assert len(LEADS_SCAN.findall(old[0][1])) == 3


def _old_account_customers_and_wins(con, view: Filters) -> list:
    sql = OLD_ACCOUNT_CUSTOMERS_AND_WINS
    return con.execute(sql, queries._bind(sql, view.to_params())).fetchall()


def test_account_customers_and_wins_by_hand(mem):
    # tests/account_fixture.py, all dates, no window: customer accounts A1 (a2's D1), A3 (its outbound D3) and n2
    # (D5); won deals D1 D3 D5, one per account: no repeat, none won outside the customers, no customer without a win
    account_fixture.load(mem)
    view = Filters(window_days=0, count_by="account")
    row = queries.run(mem, "account_customers_and_wins", view.to_params())
    assert [tuple(int(v) for v in row.iloc[0])] == [(3, 3, 3, 0, 0, 0)]
    assert _old_account_customers_and_wins(mem, view) == [(3, 3, 3, 0, 0, 0)]
    # the customers' keys alone are kept of the hits: one column, no hit flag for every account
    assert "with customers as" in queries.sql_text("account_customers_and_wins")


@PROPS
@given(data=account_data(WIDE), view=filtered_views())
def test_both_customers_and_wins_are_the_old_queries(mem, data, view):
    # WIDE: won deals of a lead id no lead has, deals in an account no lead is in, deals of no account
    account_fixture.load(mem, *data)
    row = queries.run(mem, "customers_and_wins", view.by_lead().to_params())
    assert [tuple(int(v) for v in row.iloc[0])] == _old_customers_and_wins(mem, view)
    by_account = dataclasses.replace(view, count_by="account")
    row = queries.run(mem, "account_customers_and_wins", by_account.to_params())
    assert [tuple(int(v) for v in row.iloc[0])] == _old_account_customers_and_wins(mem, by_account)
