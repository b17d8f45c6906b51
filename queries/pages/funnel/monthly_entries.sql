-- one row per month and stage: how many leads (accounts, counting by account) entered that stage in that
-- month (activity view, inside the date range and the dimension filters; with the view's in_order, only
-- entries made in order, as the activity funnel counts them).
with entries as (
    select *
    from stage_entries($view)
)
select
    date_trunc('month', entered_at)::date as month,
    stage,
    count(*) as count_entries
from entries
group by all
order by month, stage;
