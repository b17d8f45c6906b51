-- the view's stalled leads, read in one pass over open_leads (leads in scope still open at their furthest
-- stage: not disqualified, not a customer, an opportunity with an open deal; a lead older than the conversion
-- window that never moved on is lost, not stalled, an open deal too: see open_leads). row_kind says what a row is:
-- 'stage': one per open stage (lead, mql, sql, opportunity): leads in it now, the median days since they
--   entered it, and how many passed its stall threshold;
-- 'owner': one per owner and stage: leads past the stage's threshold;
-- 'lead': one per lead past its stage's threshold, longest waiting first, $limit rows at most (null: all);
--   counting by account, one per open account (account_id its key, lead_id its first lead).
-- row_order orders the rows of each kind.
with open_units as materialized (
    -- the scope's columns open_leads keeps for the stored open_window_leads are not materialized here
    select * exclude (segment, industry, region, created_at)
    from open_leads($view, $stall_lead, $stall_mql, $stall_sql, $stall_opportunity, false)
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
