-- one row per open stage (lead, mql, sql, opportunity): leads in scope whose furthest stage it is
-- and that are still open there (not disqualified, not a customer, an opportunity with an open
-- deal), the median days since they entered it, and how many passed the stage's stall threshold.
-- a lead older than the conversion window that never moved on counts as lost, not stalled; an open
-- deal is always still in play.
with waiting as (
    select *
    from open_leads($view, $stall_lead, $stall_mql, $stall_sql, $stall_opportunity)
)
select
    s.stage,
    s.stage_order,
    s.threshold_days,
    count(w.stage) as count_in_stage,
    median(w.days_in_stage) as median_days_in_stage,
    count(*) filter (where w.days_in_stage > w.threshold_days) as count_stalled
from (values (1, 'lead', $stall_lead), (2, 'mql', $stall_mql), (3, 'sql', $stall_sql),
        (4, 'opportunity', $stall_opportunity)) as s(stage_order, stage, threshold_days)
left join waiting as w using (stage)
group by all
order by s.stage_order;
