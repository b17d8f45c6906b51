-- one row per month and stage, as monthly_entries.sql counts them, read from entries_rollup (schema/rollup.sql):
-- used only where dashboard.rollups.entries_exact says the answer is the same (counting leads, a range of
-- whole months or open). with the view's in_order, only the entries made in order.
with months as (
    select
        month,
        sum(leads) as lead,
        sum(case when ($view).in_order then mql_in_order else mql end) as mql,
        sum(case when ($view).in_order then sql_in_order else sql end) as sql,
        sum(case when ($view).in_order then opportunity_in_order else opportunity end) as opportunity,
        sum(case when ($view).in_order then customer_in_order else customer end) as customer
    from entries_rollup
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
