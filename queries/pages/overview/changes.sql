-- one row per side of the comparison ('previous': from the view's start to $split, 'current': from $split to its end) and
-- combination of dimension values (missing values as $none_label): the stage entries (leads created,
-- MQL, SQL and opportunity entries, each by its own date as the executive view counts them) and the won
-- deals and their revenue (by close date), and the deals created with an amount (by creation date: the base of the
-- Pipeline created tile). the parts of one side add up to that period's headline numbers.
with scanned as (
    -- the funnel's own activity counting (funnel_hits), each stage at the date it was entered
    unpivot (
        select
            source, persona, segment, industry, region, owner,
            case when hit_lead then created_at end as leads,
            case when hit_mql then mql_entered_at end as mqls,
            case when hit_sql then sql_entered_at end as sqls,
            case when hit_opportunity then opportunity_entered_at end as opportunities
        from funnel_hits(struct_update($view, mode := 'activity', window_days := 0))
        -- a lead with no entry in the two periods adds nothing: not unpivoting it saves 15 % of the query
        where not $use_rollup and (hit_lead or hit_mql or hit_sql or hit_opportunity)
    ) on leads, mqls, sqls, opportunities into name metric value happened_at
),
entries as (
    -- one row per entry, or with $use_rollup (dashboard.rollups.entries_exact: counting leads, and the periods
    -- are whole months) one per month and combination of values from entries_rollup: the same sums per side,
    -- from some 40 thousand rows a month instead of every lead. the other branch is cut from the plan.
    select
        source, persona, segment, industry, region, owner, happened_at,
        (metric = 'leads')::bigint as leads,
        (metric = 'mqls')::bigint as mqls,
        (metric = 'sqls')::bigint as sqls,
        (metric = 'opportunities')::bigint as opportunities
    from scanned
    union all
    select *
    from (
        select
            source, persona, segment, industry, region, owner, month as happened_at,
            leads,
            case when ($view).in_order then mql_in_order else mql end as mqls,
            case when ($view).in_order then sql_in_order else sql end as sqls,
            case when ($view).in_order then opportunity_in_order else opportunity end as opportunities
        from entries_rollup
        where $use_rollup and in_view($view, month)
            and view_match($view, source, persona, segment, industry, region, owner)
    )
    -- a month whose only entries are customers (or, in order, none) has a row there, and no entry here
    where leads > 0 or mqls > 0 or sqls > 0 or opportunities > 0
),
won as (
    select source, persona, segment, industry, region, owner, closed_at as happened_at, amount
    from deals_in_scope(struct_update($view, mode := 'activity'))
    where status = 'won'
),
created as (
    -- the deals the Pipeline created tile sums (monthly_deals' pipeline: every deal of the view created in the
    -- period, lead-less ones too), those with an amount: the base its comparison rests on (dashboard.changes)
    select source, persona, segment, industry, region, owner, created_at as happened_at
    from view_deals($view)
    where in_view($view, created_at) and amount is not null
),
events as (
    select source, persona, segment, industry, region, owner, happened_at, leads, mqls, sqls, opportunities,
        0 as wins, 0.0 as revenue, 0 as deals
    from entries
    union all
    select source, persona, segment, industry, region, owner, happened_at, 0, 0, 0, 0, 1, coalesce(amount, 0.0), 0
    from won
    union all
    select source, persona, segment, industry, region, owner, happened_at, 0, 0, 0, 0, 0, 0.0, 1
    from created
)
select
    case when happened_at < $split then 'previous' else 'current' end as side,
    coalesce(source, $none_label) as source,
    coalesce(persona, $none_label) as persona,
    coalesce(segment, $none_label) as segment,
    coalesce(industry, $none_label) as industry,
    coalesce(region, $none_label) as region,
    coalesce(owner, $none_label) as owner,
    sum(leads) as leads,
    sum(mqls) as mqls,
    sum(sqls) as sqls,
    sum(opportunities) as opportunities,
    sum(wins) as wins,
    sum(revenue) as revenue,
    sum(deals) as deals
from events
group by all
order by all;
