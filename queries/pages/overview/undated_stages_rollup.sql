-- one row: undated_stages.sql read from entries_rollup (schema/rollup.sql) instead of the leads, for the views
-- dashboard.rollups.entries_exact accepts (counting leads, a range of whole months or open): the leads of the view's
-- dimension values created in its range that reached each stage with no date for it.
with counted as (
    select
        coalesce(sum(mql_undated), 0) as mql,
        coalesce(sum(sql_undated), 0) as sql,
        coalesce(sum(opportunity_undated), 0) as opportunity,
        coalesce(sum(customer_undated), 0) as customer
    from entries_rollup
    where in_view($view, month) and view_match($view, source, persona, segment, industry, region, owner)
)
select mql, sql, opportunity, customer
from counted
