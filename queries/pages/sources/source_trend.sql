-- one row per month and source (month a lead was created, leads in scope): leads, MQLs, leads rejected by
-- sales at any stage, those of them that were MQLs and those rejected by a status alone at an unknown stage, for the
-- trend of volume and of the rejection rate (sources.rejection_rate: rejected handed leads ÷ handed leads, a lead
-- disqualified by its status alone counting as handed, as in rejections.sql).
with scoped as (
    select
        *,
        is_rejected as is_rejection
        -- is_stage_unknown: stored (schema/derivation.sql)
    from funnel_hits($view)
    where hit_lead
)
select
    date_trunc('month', created_at)::date as month,
    source,
    count(*) as count_leads,
    count(*) filter (where is_mql) as count_mqls,
    -- rejected by a date or by a status alone, in the month the lead was created
    count(*) filter (where is_rejection) as count_rejected,
    count(*) filter (where is_mql and is_rejection) as count_rejected_mqls,
    count(*) filter (where is_stage_unknown and is_rejection) as count_rejected_unknown,
    count(*) filter (where is_stage_unknown and is_rejection) as count_unknown
from scoped
group by all
order by month, source;
