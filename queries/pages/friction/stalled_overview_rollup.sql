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
