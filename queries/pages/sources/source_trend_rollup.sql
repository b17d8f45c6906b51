-- one row per month and source, as source_trend.sql gives it, read from funnel_rollup (schema/rollup.sql) instead of
-- the leads: only for the views dashboard.rollups.breakdown_exact accepts for the source (cohort mode counting
-- leads, stages reached, whole months, no other dimension filtered; any window, as no count here depends on it), whose source rows of the
-- view's months are exactly the view's leads. count_unknown repeats count_rejected_unknown, as source_trend.sql has it.
with chosen as (
    select *
    from funnel_rollup
    where dimension = 'source'
        and in_view($view, month)
        and value_fits(($view).sources, value)
        and leads > 0
)
select
    month::date as month,
    value as source,
    leads as count_leads,
    reached_mql as count_mqls,
    rejected as count_rejected,
    rejected_mql as count_rejected_mqls,
    rejected_unknown as count_rejected_unknown,
    rejected_unknown as count_unknown
from chosen
order by month, source;
