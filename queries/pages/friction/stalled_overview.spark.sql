-- spark replacement of stalled_overview.sql's overview_rows cte (spark syntax): spark's sql has no union by name,
-- so each kind names every column of the others as null, in one order.
with overview_rows as (
    select
        'stage' as row_kind, stage_order as row_order,
        stage, stage_order, threshold_days, count_in_stage, median_days_in_stage, count_stalled, count_moved_back,
        count_undated,
        cast(null as string) as owner, cast(null as string) as lead_id, cast(null as string) as account_id,
        cast(null as string) as source, cast(null as string) as persona, cast(null as timestamp) as entered_at,
        cast(null as double) as days_in_stage
    from stages
    union all
    select
        'owner', row_number() over (order by owner, stage),
        stage, null, null, null, null, count_stalled, null, null,
        owner, null, null,
        null, null, null,
        null
    from owners
    union all
    select
        'lead', row_number() over (order by days_in_stage desc, lead_id, account_id),
        stage, null, threshold_days, null, null, null, null, null,
        owner, lead_id, account_id,
        source, persona, entered_at,
        days_in_stage
    from listed
)
