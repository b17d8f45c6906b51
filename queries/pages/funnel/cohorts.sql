-- one row per monthly cohort (leads created in that month, inside the date range and filters):
-- its size, how many reached each stage within the conversion window, and whether the cohort is
-- younger than the window (incomplete: its remaining leads may still convert).
with hits as (
    select *
    from funnel_hits(struct_update($view, mode := 'cohort'))
    where hit_lead
)
select
    date_trunc('month', created_at)::date as cohort_month,
    count(*) as count_leads,
    count(*) filter (where hit_mql) as count_mqls,
    count(*) filter (where hit_sql) as count_sqls,
    count(*) filter (where hit_opportunity) as count_opportunities,
    count(*) filter (where hit_customer) as count_customers,
    coalesce(($view).window_days, 0) > 0
        and date_trunc('month', created_at) + interval 1 month + to_days(coalesce(($view).window_days, 0)::integer)
            > (select as_of from data_as_of) as is_incomplete
from hits
group by all
order by cohort_month;
