-- spark replacement of filter_options.sql's lead_combinations_rollup cte: a spark build keeps no rollups
-- (dashboard.rollups.kept_by), so the leads are always counted and this branch has no rows
with lead_combinations_rollup as (
    select
        cast(null as string) as source,
        cast(null as string) as persona,
        cast(null as string) as segment,
        cast(null as string) as industry,
        cast(null as string) as region,
        cast(null as string) as owner,
        cast(0 as bigint) as count_records
    where false
)
