-- one row per source (or persona, $by = 'persona') and rejection reason: leads that sales rejected
-- (disqualified) for that reason, and the MQLs of that source or persona handed to sales, the base
-- of the rejection rate. the grouping column is called source either way.
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
        count(*) as count_rejected
    from scoped
    -- rejected by a date, or by a status alone (Salesforce's Closed - Not Converted, HubSpot's UNQUALIFIED export no
    -- date): counted by its creation in cohort mode; activity mode counts the rejections dated in the range
    where is_rejected(disqualified_at, lifecycle_stage)
        and case when ($view).mode = 'activity' then coalesce(in_view($view, disqualified_at), false)
            else hit_lead end
    group by all
)
select r.source, r.reason, r.count_rejected, h.count_mqls
from rejected as r
join handed as h using (source)
order by r.source, r.count_rejected desc, r.reason;
