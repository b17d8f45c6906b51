"""The import's rollups (schema/rollup.sql) rebuilt for less CPU store the very rows they stored before: each changed
table built with the SQL text it had before (below) against the one every import builds now, on the hand-counted
fixture and for random leads, accounts and deals (Hypothesis): same columns, types, rows and row order.

rollup_counts (funnel_rollup, account_funnel_rollup) and rollup_days (funnel_rollup_days, account_funnel_rollup_days)
counted per month and combination of the six values (and reach day) first, then rolled those up per dimension, with
count(*) filter (where …); they now roll up the units' rows themselves, with count_if (the combinations were 6 and 7 in
10 of those rows; count_if is a hugeint, null over rows whose every test is null: the counts must stay bigint)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from test_perfacct import account_data, load_accounts
from test_properties import PROPS, mem  # noqa: F401 (mem is a fixture)

from dashboard import queries, rollups

# rollup_days as it was (derived version 48), under another name
ROLLUP_DAYS_BEFORE = """
create or replace temp macro rollup_days_before(view) as table
    with reached as (
        unpivot (
            select
                date_trunc('month', created_at) as month,
                source, persona, segment, industry, region, owner,
                0 as lead,
                reach_day(created_at, mql_reach_seconds) as mql,
                reach_day(created_at, sql_reach_seconds) as sql,
                reach_day(created_at, opportunity_reach_seconds) as opportunity,
                reach_day(created_at, customer_reach_seconds) as customer
            from scoped_leads(view)
        ) on lead, mql, sql, opportunity, customer into name stage value reach_day
    ),
    per_combination as (
        select
            month,
            source, persona, segment, industry, region, owner,
            reach_day,
            count(*) filter (where stage = 'lead') as lead,
            count(*) filter (where stage = 'mql') as mql,
            count(*) filter (where stage = 'sql') as sql,
            count(*) filter (where stage = 'opportunity') as opportunity,
            count(*) filter (where stage = 'customer') as customer
        from reached
        group by all
    )
    select
        month,
        case
            when grouping(source) = 0 then 'source'
            when grouping(persona) = 0 then 'persona'
            when grouping(segment) = 0 then 'segment'
            when grouping(industry) = 0 then 'industry'
            when grouping(region) = 0 then 'region'
            else 'owner'
        end as dimension,
        coalesce(source, persona, segment, industry, region, owner) as value,
        reach_day,
        sum(lead)::bigint as lead,
        sum(mql)::bigint as mql,
        sum(sql)::bigint as sql,
        sum(opportunity)::bigint as opportunity,
        sum(customer)::bigint as customer
    from per_combination
    group by grouping sets (
        (month, reach_day, source), (month, reach_day, persona), (month, reach_day, segment),
        (month, reach_day, industry), (month, reach_day, region), (month, reach_day, owner)
    )
"""

# rollup_counts as it was (derived version 48)
ROLLUP_COUNTS_BEFORE = """
create or replace temp macro rollup_counts_before(view) as table
    with per_combination as (
        select
            date_trunc('month', created_at) as month,
            source, persona, segment, industry, region, owner,
            count(*) filter (where hit_lead) as leads,
            count(*) filter (where hit_mql) as mql,
            count(*) filter (where hit_sql) as sql,
            count(*) filter (where hit_opportunity) as opportunity,
            count(*) filter (where hit_customer) as customer,
            count(*) filter (where hit_lead and not hit_mql and is_in_progress) as young_mql,
            count(*) filter (where hit_mql and not hit_sql and is_in_progress) as young_sql,
            count(*) filter (where hit_sql and not hit_opportunity and is_in_progress) as young_opportunity,
            count(*) filter (where hit_opportunity and not hit_customer and is_in_progress) as young_customer,
            count(*) filter (where hit_lead and not is_young) as old_leads,
            count(*) filter (where hit_mql and not is_young) as old_mql,
            count(*) filter (where hit_sql and not is_young) as old_sql,
            count(*) filter (where hit_opportunity and not is_young) as old_opportunity,
            count(*) filter (where hit_customer and not is_young) as old_customer,
            count(*) filter (where hit_lead and is_mql) as reached_mql,
            count(*) filter (where hit_lead and is_rejected) as rejected,
            count(*) filter (where hit_lead and is_mql and is_rejected) as rejected_mql,
            count(*) filter (where hit_lead and is_stage_unknown and is_rejected) as rejected_unknown
        from funnel_hits(view)
        group by all
    )
    select
        month,
        case
            when grouping(source) = 0 then 'source'
            when grouping(persona) = 0 then 'persona'
            when grouping(segment) = 0 then 'segment'
            when grouping(industry) = 0 then 'industry'
            when grouping(region) = 0 then 'region'
            when grouping(owner) = 0 then 'owner'
            else 'all'
        end as dimension,
        coalesce(source, persona, segment, industry, region, owner) as value,
        sum(leads)::bigint as leads,
        sum(mql)::bigint as mql,
        sum(sql)::bigint as sql,
        sum(opportunity)::bigint as opportunity,
        sum(customer)::bigint as customer,
        sum(young_mql)::bigint as young_mql,
        sum(young_sql)::bigint as young_sql,
        sum(young_opportunity)::bigint as young_opportunity,
        sum(young_customer)::bigint as young_customer,
        sum(old_leads)::bigint as old_leads,
        sum(old_mql)::bigint as old_mql,
        sum(old_sql)::bigint as old_sql,
        sum(old_opportunity)::bigint as old_opportunity,
        sum(old_customer)::bigint as old_customer,
        sum(reached_mql)::bigint as reached_mql,
        sum(rejected)::bigint as rejected,
        sum(rejected_mql)::bigint as rejected_mql,
        sum(rejected_unknown)::bigint as rejected_unknown
    from per_combination
    group by grouping sets (
        (month), (month, source), (month, persona), (month, segment), (month, industry), (month, region), (month, owner)
    )
"""

# each changed table: the statement that built it before, over the same views ($reached, $reached_accounts)
BEFORE = {
    "funnel_rollup": "select * from rollup_counts_before($reached) order by month, dimension, value",
    "account_funnel_rollup": "select * from rollup_counts_before($reached_accounts) order by month, dimension, value",
    "funnel_rollup_days": "select * from rollup_days_before($reached) order by dimension, value, month, reach_day",
    "account_funnel_rollup_days": (
        "select * from rollup_days_before($reached_accounts) order by dimension, value, month, reach_day"
    ),
}


def _same_as_before(con) -> int:
    """Assert every changed table holds what its statement before builds now; the rows compared."""
    con.execute(ROLLUP_COUNTS_BEFORE)
    con.execute(ROLLUP_DAYS_BEFORE)
    params = rollups.build_params()
    compared = 0
    for table, before in BEFORE.items():
        stored = con.execute(f"select * from {table}").df()
        old = con.execute(before, {k: v for k, v in params.items() if k in queries.used_params(before)}).df()
        pd.testing.assert_frame_equal(stored, old)
        compared += len(stored)
    return compared


def test_the_fixtures_rollups_are_as_before(con):
    # the hand-counted fixture (tests/fixture_data.py): 8 leads of 3 sources, deals won, lost and without a lead
    assert _same_as_before(con) > 0


@PROPS
@given(data=account_data())
def test_random_rollups_are_as_before(mem, data):  # noqa: F811
    load_accounts(mem, *data)
    _same_as_before(mem)
