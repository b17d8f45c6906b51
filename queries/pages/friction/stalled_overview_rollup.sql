-- the view's stalled leads, as stalled_overview.sql gives them (the same rows, kinds and order), read from the stored
-- open_window_leads (schema/rollup.sql: open_leads under the default window, the scope's columns kept) instead of
-- the leads: only for the views dashboard.rollups.stalled_exact accepts (counting leads, the default window), where
-- its rows matching the view's filters and, in cohort mode, created in its range are exactly the view's open leads.
-- row_kind: 'stage' (one per open stage), 'owner' (one per owner and stage past its threshold), 'lead' (one per lead
-- past its stage's threshold, longest waiting first, $limit rows at most; null: all); row_order orders each kind.
-- not materialized: the narrow table is read once per use (its columns each use needs) in less time than a
-- materialized copy of every column took (58 against 80 ms at 10 m leads, 1.5 m open leads).
with open_units as not materialized (
    select
        *,
        case stage
            when 'lead' then $stall_lead when 'mql' then $stall_mql
            when 'sql' then $stall_sql else $stall_opportunity
        end as threshold_days
    from open_window_leads
    where view_match($view, source, persona, segment, industry, region, owner)
        -- activity mode: every lead open now, whatever the dates picked (open_leads)
        and (($view).mode = 'activity' or in_view($view, created_at))
),
-- a lead moved back in the crm is left out of its dated stage (its count_moved_back says how many), and so is a
-- lead at a stage it has no date for (count_undated: no wait to measure)
waiting as (
    select * from open_units where not is_moved_back and not is_undated
),
-- the open units counted per stage in one grouping, then set beside the four stages: joining the stages to every
-- open lead first built a hash table of the open leads (1.5 m at 10 m leads), half the query's time
per_stage as (
    select
        stage,
        count(*) filter (where not is_moved_back and not is_undated) as count_in_stage,
        median(days_in_stage) filter (where not is_moved_back and not is_undated) as median_days_in_stage,
        count(*) filter (where not is_moved_back and not is_undated and days_in_stage > threshold_days)
            as count_stalled,
        count(*) filter (where is_moved_back) as count_moved_back,
        count(*) filter (where is_undated and not is_moved_back) as count_undated
    from open_units
    group by stage
),
stages as (
    select
        s.stage,
        s.stage_order,
        s.threshold_days,
        coalesce(p.count_in_stage, 0) as count_in_stage,
        p.median_days_in_stage,
        coalesce(p.count_stalled, 0) as count_stalled,
        coalesce(p.count_moved_back, 0) as count_moved_back,
        coalesce(p.count_undated, 0) as count_undated
    from (values (1, 'lead', $stall_lead), (2, 'mql', $stall_mql), (3, 'sql', $stall_sql),
            (4, 'opportunity', $stall_opportunity)) as s(stage_order, stage, threshold_days)
    left join per_stage as p using (stage)
),
stalled as (
    select *
    from waiting
    where days_in_stage > threshold_days
),
owners as (
    select coalesce(owner, $none_label) as owner, stage, count(*) as count_stalled
    from stalled
    group by all
),
listed as (
    select lead_id, account_id, stage, owner, source, persona, entered_at, days_in_stage, threshold_days
    from stalled
    order by days_in_stage desc, lead_id, account_id
    limit $limit
),
overview_rows as (
    select 'stage' as row_kind, stage_order as row_order, *
    from stages
    union all by name
    select 'owner' as row_kind, row_number() over (order by owner, stage) as row_order, *
    from owners
    union all by name
    select 'lead' as row_kind, row_number() over (order by days_in_stage desc, lead_id, account_id) as row_order, *
    from listed
)
select *
from overview_rows
order by row_kind, row_order;
