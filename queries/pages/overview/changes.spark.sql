-- spark replacement of changes.sql's entries cte: a spark build keeps no entries rollup (the duckdb file's), so the
-- entries are always the scan's ($use_rollup is false there)
with entries as (
    select
        source, persona, segment, industry, region, owner, happened_at,
        cast(metric = 'leads' as bigint) as leads,
        cast(metric = 'mqls' as bigint) as mqls,
        cast(metric = 'sqls' as bigint) as sqls,
        cast(metric = 'opportunities' as bigint) as opportunities
    from scanned
)
