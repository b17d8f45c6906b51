-- one row per day of the view's date range: what marketing delivered that day — leads created
-- ($metric 'leads') or MQL entries ($metric 'mqls', with the view's in_order only those made in order, as the
-- activity funnel counts them) — within the dimension filters; 0 on a day without any.
with scoped as (
    select *
    from view_leads($view)
),
entries as (
    select
        case
            when $metric = 'leads' then created_at
            when not ($view).in_order or mql_in_order then mql_entered_at
        end as entered_at
    from scoped
),
per_day as (
    select entered_at::date as day, count(*) as delivered
    from entries
    where in_view($view, entered_at)
    group by 1
),
days as (
    select unnest(generate_series(($view).date_from, ($view).date_to - interval 1 day, interval 1 day))::date as day
)
select d.day, coalesce(p.delivered, 0) as delivered
from days as d
left join per_day as p using (day)
order by d.day;
