-- one row per month and stage: how many leads entered that stage in that month
-- (activity view, inside the date range and the dimension filters).
with scoped as (
    select *
    from filtered_leads($sources, $personas, $segments, $industries, $regions, $owners)
),
entries as (
    unpivot (
        select
            created_at as lead,
            mql_entered_at as mql,
            sql_entered_at as sql,
            opportunity_entered_at as opportunity,
            customer_entered_at as customer
        from scoped
    ) on lead, mql, sql, opportunity, customer into name stage value entered_at
)
select
    date_trunc('month', entered_at)::date as month,
    stage,
    count(*) as count_entries
from entries
where in_range(entered_at, $date_from, $date_to)
group by all
order by month, stage;
