-- spark replacement of unspent_months.sql's rollup_months cte: a spark build keeps no rollups
-- (dashboard.rollups.kept_by), so its views are always counted from the leads and this branch has no rows
with rollup_months as (
    select
        cast(null as string) as source,
        cast(null as timestamp) as month,
        cast(0 as bigint) as n
    where false
)
