-- one row per month and stage, as monthly_entries.sql counts them, read from entries_rollup (schema/rollup.sql), or
-- counting by account from account_entries_rollup: used only where dashboard.rollups.monthly_entries_exact says the
-- answer is the same (a range of whole months or open; by account without the stage-order rule). with the view's
-- in_order, only the entries made in order. the branch of the other unit is cut from the plan (the view is bound).
with kept as (
    select
        month, source, persona, segment, industry, region, owner, leads,
        case when ($view).in_order then mql_in_order else mql end as mql,
        case when ($view).in_order then sql_in_order else sql end as sql,
        case when ($view).in_order then opportunity_in_order else opportunity end as opportunity,
        case when ($view).in_order then customer_in_order else customer end as customer
    from entries_rollup
    where coalesce(($view).count_by, 'lead') = 'lead'
    union all
    select month, source, persona, segment, industry, region, owner, leads, mql, sql, opportunity, customer
    from account_entries_rollup
    where ($view).count_by = 'account'
),
months as (
    select
        month,
        sum(leads) as lead,
        sum(mql) as mql,
        sum(sql) as sql,
        sum(opportunity) as opportunity,
        sum(customer) as customer
    from kept
    where in_view($view, month) and view_match($view, source, persona, segment, industry, region, owner)
    group by month
),
entries as (
    unpivot months on lead, mql, sql, opportunity, customer into name stage value count_entries
)
-- a scan has a row only where a stage was entered that month
select month, stage, count_entries::bigint as count_entries
from entries
where count_entries > 0
order by month, stage;
