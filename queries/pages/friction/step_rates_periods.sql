-- one row per period ('view': $view's dates, 'previous': $previous's, the period of equal length before them),
-- dimension and value (plus one 'all' row per period): step_rates.sql's counts of both periods of an activity view
-- from one scan. in activity mode a view's leads are the same whatever its dates (scoped_leads reads every lead of
-- its dimension values; only a stage's hit tests the dates), so both periods group the same rows: reading them once
-- for both took the friction page at 10 m leads (activity 2025, smb) from two scans of ~960 ms cpu each to one.
-- the hits are funnel_hits' in activity mode: each stage's own entry dated in the period (stage_hit, no window, no
-- later stage carried back), nothing in progress (is_in_progress is cohort mode's). $previous is $view but its dates.
with hits as (
    select
        *,
        in_view($previous, created_at) as prev_lead,
        stage_hit($previous, created_at, mql_entered_at, is_mql, mql_in_order) as prev_mql,
        stage_hit($previous, created_at, sql_entered_at, is_sql, sql_in_order) as prev_sql,
        stage_hit($previous, created_at, opportunity_entered_at, is_opportunity, opportunity_in_order)
            as prev_opportunity,
        stage_hit($previous, created_at, customer_entered_at, is_customer, customer_in_order) as prev_customer
    from funnel_hits($view)
),

per_value as (
    select
        case
            when grouping(source) = 0 then 'source'
            when grouping(persona) = 0 then 'persona'
            when grouping(segment) = 0 then 'segment'
            when grouping(industry) = 0 then 'industry'
            when grouping(region) = 0 then 'region'
            else 'owner'
        end as dimension,
        case
            when grouping(source) = 0 then coalesce(source, $none_label)
            when grouping(persona) = 0 then coalesce(persona, $none_label)
            when grouping(segment) = 0 then coalesce(segment, $none_label)
            when grouping(industry) = 0 then coalesce(industry, $none_label)
            when grouping(region) = 0 then coalesce(region, $none_label)
            else coalesce(owner, $none_label)
        end as value,
        -- count_if, coalesce and the bigint cast as in step_rates.sql
        coalesce(count_if(hit_lead), 0)::bigint as lead,
        coalesce(count_if(hit_mql), 0)::bigint as mql,
        coalesce(count_if(hit_sql), 0)::bigint as sql,
        coalesce(count_if(hit_opportunity), 0)::bigint as opportunity,
        coalesce(count_if(hit_customer), 0)::bigint as customer,
        coalesce(count_if(hit_lead and not hit_mql and is_in_progress), 0)::bigint as open_mql,
        coalesce(count_if(hit_mql and not hit_sql and is_in_progress), 0)::bigint as open_sql,
        coalesce(count_if(hit_sql and not hit_opportunity and is_in_progress), 0)::bigint as open_opportunity,
        coalesce(count_if(hit_opportunity and not hit_customer and is_in_progress), 0)::bigint as open_customer,
        coalesce(count_if(prev_lead), 0)::bigint as prev_lead,
        coalesce(count_if(prev_mql), 0)::bigint as prev_mql,
        coalesce(count_if(prev_sql), 0)::bigint as prev_sql,
        coalesce(count_if(prev_opportunity), 0)::bigint as prev_opportunity,
        coalesce(count_if(prev_customer), 0)::bigint as prev_customer,
        coalesce(count_if(prev_lead and not prev_mql and is_in_progress), 0)::bigint as prev_open_mql,
        coalesce(count_if(prev_mql and not prev_sql and is_in_progress), 0)::bigint as prev_open_sql,
        coalesce(count_if(prev_sql and not prev_opportunity and is_in_progress), 0)::bigint as prev_open_opportunity,
        coalesce(count_if(prev_opportunity and not prev_customer and is_in_progress), 0)::bigint as prev_open_customer
    from hits
    group by grouping sets ((source), (persona), (segment), (industry), (region), (owner))
),

periods as (
    select
        'view' as period,
        dimension,
        value,
        lead,
        mql,
        sql,
        opportunity,
        customer,
        open_mql,
        open_sql,
        open_opportunity,
        open_customer
    from per_value
    union all
    select
        'previous',
        dimension,
        value,
        prev_lead,
        prev_mql,
        prev_sql,
        prev_opportunity,
        prev_customer,
        prev_open_mql,
        prev_open_sql,
        prev_open_opportunity,
        prev_open_customer
    from per_value
)

-- each period's 'all' row a whole-table sum, as step_rates.sql's: a row of zeros over no rows (the left join keeps
-- a period without rows)
select *
from periods
union all
select
    p.period,
    'all',
    'all',
    coalesce(sum(s.lead), 0)::bigint,
    coalesce(sum(s.mql), 0)::bigint,
    coalesce(sum(s.sql), 0)::bigint,
    coalesce(sum(s.opportunity), 0)::bigint,
    coalesce(sum(s.customer), 0)::bigint,
    coalesce(sum(s.open_mql), 0)::bigint,
    coalesce(sum(s.open_sql), 0)::bigint,
    coalesce(sum(s.open_opportunity), 0)::bigint,
    coalesce(sum(s.open_customer), 0)::bigint
from (values ('view'), ('previous')) as p (period)
left join periods as s on s.period = p.period and s.dimension = 'source'
group by p.period
order by period, dimension, value;
