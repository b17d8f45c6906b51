-- one row per month and metric (leads, mqls): what marketing delivered (leads created, mqls
-- entered, in that month, within the dimension filters), what was promised (targets without a
-- source or team split, summed), and attainment.
with scoped as (
    select *
    from filtered_leads($sources, $personas, $segments, $industries, $regions, $owners)
),
delivered as (
    select date_trunc('month', created_at)::date as month, 'leads' as metric, count(*) as delivered
    from scoped
    where in_range(created_at, $date_from, $date_to)
    group by all
    union all
    select date_trunc('month', mql_entered_at)::date, 'mqls', count(*)
    from scoped
    where mql_entered_at is not null and in_range(mql_entered_at, $date_from, $date_to)
    group by all
),
promised as (
    select month, metric, sum(value) as promised
    from targets
    where metric in ('leads', 'mqls')
        and source is null
        and in_range(month::timestamp, date_trunc('month', $date_from::timestamp), $date_to::timestamp)
    group by all
)
select
    month,
    metric,
    coalesce(d.delivered, 0) as delivered,
    p.promised,
    coalesce(d.delivered, 0) / nullif(p.promised, 0) as attainment
from delivered as d
full join promised as p using (month, metric)
order by month, metric;
