-- one row per owner and stage: open leads past the stage's stall threshold.
select coalesce(owner, $none_label) as owner, stage, count(*) as count_stalled
from open_leads($view, $stall_lead, $stall_mql, $stall_sql, $stall_opportunity)
where days_in_stage > threshold_days
group by all
order by owner, stage;
