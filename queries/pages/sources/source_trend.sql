-- one row per month and source (month a lead was created, leads in scope): leads, MQLs, leads rejected by
-- sales at any stage and those of them that were MQLs, for the trend of volume and of the rejection rate
-- (rejected MQLs ÷ MQLs) per source.
select
    date_trunc('month', created_at)::date as month,
    source,
    count(*) filter (where hit_lead) as count_leads,
    count(*) filter (where hit_lead and is_mql) as count_mqls,
    -- rejected by a date or by a status alone, in the month the lead was created
    count(*) filter (where hit_lead and is_rejected(disqualified_at, lifecycle_stage)) as count_rejected,
    count(*) filter (where hit_lead and is_mql and is_rejected(disqualified_at, lifecycle_stage)) as count_rejected_mqls
from funnel_hits($view)
where hit_lead
group by all
order by month, source;
