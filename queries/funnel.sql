-- one row per funnel stage (lead, mql, sql, opportunity, customer): how many leads count at it
-- under the active mode, with % of the previous stage and % of the first.
with scoped as (
    select *
    from filtered_leads($sources, $personas, $segments, $industries, $regions, $owners)
),
counted as (
    select
        count(*) filter (where stage_hit($mode, $in_order, created_at, created_at, true, true, $date_from, $date_to)) as lead,
        count(*) filter (where stage_hit($mode, $in_order, created_at, mql_entered_at, is_mql, mql_in_order, $date_from, $date_to)) as mql,
        count(*) filter (where stage_hit($mode, $in_order, created_at, sql_entered_at, is_sql, sql_in_order, $date_from, $date_to)) as sql,
        count(*) filter (where stage_hit($mode, $in_order, created_at, opportunity_entered_at, is_opportunity, opportunity_in_order, $date_from, $date_to)) as opportunity,
        count(*) filter (where stage_hit($mode, $in_order, created_at, customer_entered_at, is_customer, customer_in_order, $date_from, $date_to)) as customer
    from scoped
),
long as (
    unpivot counted on lead, mql, sql, opportunity, customer into name stage value count_leads
),
ordered as (
    select
        stage,
        count_leads,
        case stage when 'lead' then 1 when 'mql' then 2 when 'sql' then 3 when 'opportunity' then 4 else 5 end as stage_order
    from long
)
select
    stage,
    count_leads,
    count_leads / nullif(lag(count_leads) over (order by stage_order), 0) as pct_of_previous,
    count_leads / nullif(first_value(count_leads) over (order by stage_order), 0) as pct_of_first
from ordered
order by stage_order;
