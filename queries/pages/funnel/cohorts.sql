-- one row per monthly cohort (leads created in that month, inside the date range and filters):
-- its size, how many reached each stage within the conversion window, and whether the cohort is
-- younger than the window (incomplete: its remaining leads may still convert). with no window (0) a cohort is
-- incomplete while any of its leads is still open (funnel_hits' is_in_progress, not yet a customer): the newest
-- cohort read as complete, its leads created the day before the data ends as lost.
with hits as (
    select *
    from funnel_hits(struct_update($view, mode := 'cohort'))
    where hit_lead
),
per_month as (
    select
        date_trunc('month', created_at) as month_start,
        count(*) as count_leads,
        count(*) filter (where hit_mql) as count_mqls,
        count(*) filter (where hit_sql) as count_sqls,
        count(*) filter (where hit_opportunity) as count_opportunities,
        count(*) filter (where hit_customer) as count_customers,
        count(*) filter (where is_in_progress and not hit_customer) as count_open
    from hits
    group by all
)
select
    month_start::date as cohort_month,
    count_leads,
    count_mqls,
    count_sqls,
    count_opportunities,
    count_customers,
    case
        when coalesce(($view).window_days, 0) > 0
            then month_start + interval 1 month + to_days(($view).window_days::integer) > (select as_of from data_as_of)
        else count_open > 0
    end as is_incomplete
from per_month
order by cohort_month;
