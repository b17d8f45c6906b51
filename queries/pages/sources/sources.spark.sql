-- spark replacement of sources.sql's counted_rollup cte: a spark build keeps no rollups (dashboard.rollups.kept_by),
-- so its views are always counted from the leads and this branch has no rows
with counted_rollup as (
    select
        cast(null as string) as label,
        cast(null as string) as source,
        cast(null as string) as key,
        cast(0 as bigint) as count_leads,
        cast(0 as bigint) as count_mqls,
        cast(0 as bigint) as count_sqls,
        cast(0 as bigint) as count_opportunities,
        cast(0 as bigint) as count_counted
    where false
)
