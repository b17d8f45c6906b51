-- one row per open stage (lead, mql, sql, opportunity): leads in scope whose furthest stage it is
-- and that are still open there (not disqualified, not a customer, an opportunity with an open
-- deal), the median days since they entered it, and how many passed the stage's stall threshold.
-- a lead older than the conversion window that never moved on counts as lost, not stalled; an open
-- deal is always still in play.
with hits as (
    select *
    from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
        $sources, $personas, $segments, $industries, $regions, $owners)
    where hit_lead or $mode = 'activity'
),
current_stage as (
    select
        *,
        case
            when is_customer then null
            when is_opportunity then case when has_open_deal then 'opportunity' end
            when disqualified_at is not null then null
            when is_sql then 'sql'
            when is_mql then 'mql'
            else 'lead'
        end as stage,
        case
            when is_opportunity then opportunity_entered_at
            when is_sql then sql_entered_at
            when is_mql then mql_entered_at
            else created_at
        end as entered_at
    from hits
),
waiting as (
    select
        stage,
        lead_id,
        date_diff('second', entered_at, (select as_of from data_as_of)) / 86400.0 as days_in_stage,
        case stage
            when 'lead' then $stall_lead when 'mql' then $stall_mql
            when 'sql' then $stall_sql else $stall_opportunity
        end as threshold_days
    from current_stage
    where stage is not null
        and entered_at is not null
        and (
            stage = 'opportunity'
            or coalesce($window_days, 0) <= 0
            or created_at > (select as_of from data_as_of) - to_days($window_days::integer)
        )
)
select
    s.stage,
    s.stage_order,
    s.threshold_days,
    count(w.stage) as count_in_stage,
    median(w.days_in_stage) as median_days_in_stage,
    count(*) filter (where w.days_in_stage > w.threshold_days) as count_stalled
from (values (1, 'lead', $stall_lead), (2, 'mql', $stall_mql), (3, 'sql', $stall_sql),
        (4, 'opportunity', $stall_opportunity)) as s(stage_order, stage, threshold_days)
left join waiting as w using (stage)
group by all
order by s.stage_order;
