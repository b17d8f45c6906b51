-- one row per source (or persona, $by = 'persona') and rejection reason: leads that sales rejected
-- (disqualified) for that reason at any stage, those of them that were MQLs, those whose stage before the rejection
-- is unknown, and per source or persona the MQLs handed to sales and every lead rejected at an unknown stage. the
-- rejection rate (sources.rejection_rate) is rejected handed leads ÷ handed leads (DOMAIN.md): a lead turned down
-- before it was ever an MQL was never handed over (counted against the MQLs it made rates above 100 %); a lead
-- disqualified by its status alone (Salesforce's Closed - Not Converted, HubSpot's UNQUALIFIED: the status replaced
-- the stage) may have been an MQL, so it counts as handed on both sides (left out, such orgs read 0 %). the
-- grouping column is called source either way.
with scoped as (
    select
        *,
        case when $by = 'persona' then coalesce(persona, $none_label) else source end as grouped,
        -- rejected by a date, or by a status alone: counted by its creation in cohort mode; activity mode counts
        -- the rejections dated in the range
        is_rejected
            and case when ($view).mode = 'activity' then coalesce(in_view($view, disqualified_at), false)
                else hit_lead end as is_counted_rejection
        -- is_stage_unknown: stored (schema/derivation.sql)
    from funnel_hits($view)
),
handed as (
    select
        grouped as source,
        count(*) filter (where hit_mql) as count_mqls,
        count(*) filter (where is_counted_rejection and is_stage_unknown) as count_unknown
    from scoped
    group by 1
),
-- counted per spelling of the reason first (its key is worked out once per spelling, not per lead), then keyed and
-- named by macros/rejection_reasons.sql (rejections_rollup.sql's too): one label on every source's row; no reason:
-- $no_reason_label
spelled as (
    select
        grouped as source,
        nullif(trim(disqualify_reason), '') as spelling,
        count(*) as count_rejected,
        -- cohort mode: the MQLs the view counts; activity mode: rejections in the range of leads that were ever MQLs
        count(*) filter (where case when ($view).mode = 'activity' then is_mql else hit_mql end) as count_rejected_mqls,
        count(*) filter (where is_stage_unknown) as count_rejected_unknown
    from scoped
    where is_counted_rejection
    group by all
)
select *
from rejection_reasons('spelled', 'handed', $no_reason_label)
order by source, count_rejected desc, reason;
