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
-- the stages, owners and listed units: macros/stalled_parts.sql (both files')
stages as (
    select * from stalled_stages('open_units', $stall_lead, $stall_mql, $stall_sql, $stall_opportunity)
),
owners as (
    select * from stalled_owners('open_units', $none_label)
),
listed as (
    select * from stalled_list('open_units', $limit)
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
