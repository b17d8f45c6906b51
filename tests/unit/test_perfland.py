"""The landing page's faster paths give the numbers the slower ones gave: the data's first and last day stored at
import (data_days), the deals joined to their accounts stored (account_deals), the entries per month counting by
account from a rollup (account_entries_rollup), and monthly_deals summing before it reads each deal's origin.

Counted by hand on tests/fixture_data.py (by lead) and tests/account_fixture.py (by account), and the same as the
old way (the old SQL, written here as it was) for random data and views."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from unittest import mock

import account_fixture
import pytest
from account_strategy import account_data
from fixture_data import DEALS, LEADS, T, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import metrics, overview, queries, rollups, sources, store, targets
from dashboard.filters import Filters

PROPS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# the joins and the per-deal origin the stored tables and the summed monthly_deals replaced, as they were written
OLD_ACCOUNT_DEALS = """
    select d.* replace (a.created_at as cohort_at), a.source as account_source, a.campaign as account_campaign
    from deal_facts as d
    join (select account_id, created_at, source, campaign from view_units($view)) as a
        on a.account_id = coalesce(d.unit_account_id, 'lead:' || d.lead_id)
"""
OLD_MONTHLY_DEALS = """
with scoped as (
    select *, deal_origin(source, has_lead, is_unsourced, $sales_sources, $unknown_sources) as origin
    from view_deals($view)
),
months as (
    select unnest(generate_series(date_trunc('month', ($view).date_from),
        date_trunc('month', ($view).date_to - interval 1 day), interval 1 month))::date as month
),
won as (
    select date_trunc('month', closed_at)::date as month, count(*) as count_won, sum(amount) as revenue,
        sum(amount) filter (where origin = 'marketing') as revenue_marketing,
        sum(amount) filter (where origin = 'sales') as revenue_sales,
        sum(amount) filter (where origin = 'unknown') as revenue_unknown
    from scoped where status = 'won' and in_view($view, closed_at) group by 1
),
created as (
    select date_trunc('month', created_at)::date as month, sum(amount) as pipeline,
        sum(amount) filter (where origin = 'marketing') as pipeline_marketing,
        sum(amount) filter (where origin = 'sales') as pipeline_sales,
        sum(amount) filter (where origin = 'unknown') as pipeline_unknown
    from scoped where in_view($view, created_at) group by 1
),
revenue_targets as (
    select month, target as revenue_target from view_target_months($target_scope, $target_sources)
    where metric = 'revenue' and every_source
)
select m.month, coalesce(w.count_won, 0) as count_won, coalesce(w.revenue, 0) as revenue,
    coalesce(w.revenue_marketing, 0) as revenue_marketing, coalesce(w.revenue_sales, 0) as revenue_sales,
    coalesce(w.revenue_unknown, 0) as revenue_unknown, coalesce(c.pipeline, 0) as pipeline,
    coalesce(c.pipeline_marketing, 0) as pipeline_marketing, coalesce(c.pipeline_sales, 0) as pipeline_sales,
    coalesce(c.pipeline_unknown, 0) as pipeline_unknown, t.revenue_target
from months as m
left join won as w using (month)
left join created as c using (month)
left join revenue_targets as t using (month)
order by m.month
"""


# --- data_days: the data's first and last day, stored at import ------------------------------------------------------


def test_the_data_s_days_are_stored_with_the_import(con):
    # fixture: the first lead L1 created 01-05 (before any deal, D1 01-10); the last record D4, created 03-20 (the
    # latest close D3 03-15, L8's SQL 03-12): the data's today is 2025-03-20 00:00
    stored = con.execute("select min_date, max_date, as_of_at from data_days").fetchall()
    assert stored == [(date(2025, 1, 5), date(2025, 3, 20), T(2025, 3, 20))]
    assert metrics.data_days(con) == (date(2025, 1, 5), date(2025, 3, 20))
    # a lead created on 2024-12-30 with an MQL on 2025-04-02: both ends move with the import that brings it
    load(con, [*LEADS, ("L9", T(2024, 12, 30), "email", "CFO", "SMB", "Ann", None, T(2025, 4, 2), None, None)], DEALS)
    stored = con.execute("select min_date, max_date from data_days").fetchall()
    assert stored == [(date(2024, 12, 30), date(2025, 4, 2))]
    assert targets.data_last_day(con) == date(2025, 4, 2)


def test_no_data_has_no_days(empty_con):
    assert empty_con.execute("select min_date, max_date, as_of_at from data_days").fetchall() == [(None, None, None)]
    assert metrics.data_days(empty_con) == (None, None)


# --- account_deals: the deals joined to their accounts, stored ------------------------------------------------------


@pytest.fixture
def accounts_con():
    connection = store.connect(":memory:")
    account_fixture.load(connection)
    yield connection
    connection.close()


def test_the_account_deals_are_stored_with_their_accounts(accounts_con):
    rows = accounts_con.execute(
        "select deal_id, cohort_at, account_source, account_persona from account_deals order by deal_id"
    ).fetchall()
    # D1 (a2, account A1: created with a1 01-05, paid_search CFO), D2 (b1, A2: its first lead b2 01-15,
    # organic_search CFO), D3 (outbound of A3: c1 02-10, paid_search CTO), D4 (outbound of A4, no lead: created with
    # the deal 03-05, its source the deal's, outbound, no persona), D5 (n2 without an account: lead:n2, 03-01,
    # organic_search CMO)
    assert rows == [
        ("D1", T(2025, 1, 5), "paid_search", "CFO"),
        ("D2", T(2025, 1, 15), "organic_search", "CFO"),
        ("D3", T(2025, 2, 10), "paid_search", "CTO"),
        ("D4", T(2025, 3, 5), "outbound", None),
        ("D5", T(2025, 3, 1), "organic_search", "CMO"),
    ]
    # counting accounts whose first lead is a CFO, all dates: A1 (D1 won 1000), A2 (D2 open): open 1, won 1
    cfo = Filters(count_by="account", personas=("CFO",))
    summary = metrics.deal_summary(accounts_con, cfo)
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (1, 1, 0, 1000.0)


def _old_and_new_account_deals(con, view: Filters) -> tuple[list, list]:
    params = {"view": view.to_params()["view"]}
    old = con.execute(f"select * from ({OLD_ACCOUNT_DEALS}) order by deal_id", params).df()
    new = con.execute("select * from view_account_deals($view) order by deal_id", params).df()
    return old, new


# --- account_entries_rollup: the entries per month counting accounts -------------------------------------------------


def test_monthly_entries_by_account_from_the_rollup_by_hand(accounts_con, reads):
    view = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31), count_by="account")
    assert rollups.monthly_entries_exact(view)
    df = metrics.monthly_entries(accounts_con, view)
    assert reads["monthly_entries_rollup"] == 1
    assert reads["monthly_entries"] == 0
    leads = df[df["stage"] == "lead"].set_index("month")["count_entries"]
    # accounts created: January A1 (a1 01-05), A2 (b2 01-15), lead:n1 (01-25); February A3 (c1 02-10); March
    # lead:n2 (03-01), A4 (created with its deal D4 03-05)
    assert leads.tolist() == [3, 1, 2]
    # accounts whose first lead is a CFO: A1, A2, lead:n1. MQL: A1 (a2 01-12), A2 (b2 01-18), n1 (01-26) in
    # January; SQL: A1 (a2 01-15), A2 (b1 01-25) in January; opportunity: A1 (D1 created 01-20) in January, A2
    # (D2 created 02-01) in February; customer: A1 (D1 won 02-10) in February
    cfo = metrics.monthly_entries(accounts_con, view.with_values("persona", ["CFO"]))
    wide = cfo.pivot_table(index="month", columns="stage", values="count_entries", aggfunc="sum")
    assert wide["lead"].tolist() == [3, 0, 0]
    assert wide["mql"].tolist() == [3, 0, 0]
    assert wide["sql"].tolist() == [2, 0, 0]
    assert wide["opportunity"].tolist() == [1, 1, 0]
    assert wide["customer"].tolist() == [0, 1, 0]


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (Filters(count_by="account"), True),
        (Filters(count_by="account", date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)), True),
        (Filters(count_by="account", personas=("CFO",), mode="activity"), True),
        (Filters(count_by="account", in_order=True), False),  # an in-order entry moves with the mode
        (Filters(count_by="account", date_from=date(2025, 1, 2)), False),  # not a month's first day
        (Filters(count_by="account", date_to=date(2025, 1, 30)), False),  # not a month's last day
        (Filters(), True),
        (Filters(in_order=True), True),  # counting leads, the entries rollup keeps the in-order entries
    ],
)
def test_when_the_entries_rollups_answer_the_monthly_entries(view, expected):
    assert rollups.monthly_entries_exact(view) is expected


# --- random data and views: the new ways give the old ways' numbers -------------------------------------------------

MONTH_STARTS = [date(2025, m, 1) for m in range(1, 7)]


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@st.composite
def views(draw, whole_months: bool = False):
    start = draw(st.one_of(st.none(), st.sampled_from(MONTH_STARTS)))
    end = draw(st.one_of(st.none(), st.sampled_from(MONTH_STARTS).map(month_end)))
    if not whole_months:
        start = start and start + timedelta(days=draw(st.sampled_from([0, 4])))
        end = end and end - timedelta(days=draw(st.sampled_from([0, 9])))
    if start and end and start > end:
        start = None
    view = Filters(
        date_from=start,
        date_to=end,
        mode=draw(st.sampled_from(["cohort", "activity"])),
        in_order=False if whole_months else draw(st.booleans()),
        count_by=draw(st.sampled_from(["lead", "account"])),
    )
    for dim, values in (("persona", ["p", "q"]), ("source", ["s", "t", "(none)"]), ("owner", ["o", "r"])):
        if draw(st.booleans()):
            view = view.with_values(dim, draw(st.lists(st.sampled_from(values), min_size=1, unique=True)))
    return view


@pytest.fixture(scope="module")
def mem():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@PROPS
@given(data=account_data(), view=views())
def test_the_stored_account_deals_are_the_join_s(mem, data, view):
    account_fixture.load(mem, *data)
    old, new = _old_and_new_account_deals(mem, dataclasses.replace(view, count_by="account"))
    assert old.equals(new), (old, new)


@PROPS
@given(data=account_data(), view=views(whole_months=True))
def test_monthly_entries_from_the_rollups_are_the_scans(mem, data, view):
    account_fixture.load(mem, *data)
    assert rollups.monthly_entries_exact(view)
    from_rollup = metrics.monthly_entries(mem, view)
    with mock.patch.object(rollups, "monthly_entries_exact", return_value=False):
        from_scan = metrics.monthly_entries(mem, view)
    assert from_rollup.equals(from_scan), (from_rollup, from_scan)


@PROPS
@given(data=account_data(), view=views(), first=st.sampled_from(MONTH_STARTS), months=st.integers(1, 6))
def test_monthly_deals_summed_first_are_the_old_query_s(mem, data, view, first, months):
    account_fixture.load(mem, *data)
    end = month_end(first + timedelta(days=31 * (months - 1)))
    window = dataclasses.replace(view, date_from=first, date_to=end, mode="activity", count_by="lead")
    params = {**sources.sourcing_params(mem, window), **targets.params(window)}
    new = overview.monthly_deals(mem, window)
    old = mem.execute(OLD_MONTHLY_DEALS, queries._bind(OLD_MONTHLY_DEALS, params)).df()
    # whole-number amounts: a sum of sums is the sum, to the cent
    assert new.equals(old), (new, old)


def test_the_landing_page_reads_the_data_s_days_from_one_stored_row(con, reads):
    view = overview.executive_view(Filters())
    overview.kpis(con, view, "2025-03")
    overview.alignment_months(con, view, "2025-03")
    # each date_bounds is one row of data_days now: the landing page asks it several times (kpis, alignment)
    assert reads["date_bounds"] == 2
    assert "data_days" in queries.sql_text("date_bounds")
