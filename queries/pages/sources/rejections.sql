-- one row per source (or persona, $by = 'persona') and rejection reason: leads that sales rejected
-- (disqualified) for that reason at any stage, those of them that were MQLs, and the MQLs of that source or
-- persona handed to sales. the rejection rate is rejected MQLs ÷ MQLs (DOMAIN.md): a lead turned down before it
-- was ever an MQL is in no MQL count, and counted against the MQLs it made rates above 100 %. the grouping column
-- is called source either way.
with scoped as (
    select *
    from funnel_hits($view)
),
handed as (
    select
        case when $by = 'persona' then coalesce(persona, $none_label) else source end as source,
        count(*) filter (where hit_mql) as count_mqls
    from scoped
    group by 1
),
rejected as (
    select
        case when $by = 'persona' then coalesce(persona, $none_label) else source end as source,
        coalesce(nullif(trim(disqualify_reason), ''), $none_label) as reason,
        count(*) as count_rejected,
        -- cohort mode: the MQLs the view counts; activity mode: rejections in the range of leads that were ever MQLs
        count(*) filter (where case when ($view).mode = 'activity' then is_mql else hit_mql end) as count_rejected_mqls
    from scoped
    -- rejected by a date, or by a status alone (Salesforce's Closed - Not Converted, HubSpot's UNQUALIFIED export no
    -- date): counted by its creation in cohort mode; activity mode counts the rejections dated in the range
    where is_rejected(disqualified_at, lifecycle_stage)
        and case when ($view).mode = 'activity' then coalesce(in_view($view, disqualified_at), false)
            else hit_lead end
    group by all
)
select r.source, r.reason, r.count_rejected, r.count_rejected_mqls, h.count_mqls
from rejected as r
join handed as h using (source)
order by r.source, r.count_rejected desc, r.reason;
