-- spark replacement of breakdown.sql's per_value cte: a spark build keeps no rollup (dashboard.rollups.kept_by), so
-- the counts per value are always the scan's ($from_rollup is false there), and a branch naming funnel_rollup would
-- not resolve there.
with per_value as (
    select *
    from scanned
)
