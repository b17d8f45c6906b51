-- one row per value of the chosen dimension and stage, as breakdown.sql (the $top_n largest by leads, the rest
-- summed in one bucket, is_other, holding count_values values; missing values as "(none)"), from funnel_rollup's
-- rows of the dimension (schema/rollup.sql): only for the views dashboard.rollups.breakdown_exact accepts. the
-- ranking (ranked, labelled) is breakdown.sql's, word for word.
with per_value as (
    -- cohort mode: a lead counts at a stage only when it counts as a lead, so its weight is the lead count
    select
        coalesce(value, $none_label) as raw_value,
        sum(leads) as lead,
        sum(mql) as mql,
        sum(sql) as sql,
        sum(opportunity) as opportunity,
        sum(customer) as customer,
        sum(leads) as weight
    from funnel_rollup
    where dimension = $dimension
        and in_view($view, month)
        and view_match(
            $view,
            case when $dimension = 'source' then value end,
            case when $dimension = 'persona' then value end,
            case when $dimension = 'segment' then value end,
            case when $dimension = 'industry' then value end,
            case when $dimension = 'region' then value end,
            case when $dimension = 'owner' then value end
        )
    group by raw_value
),
ranked as (
    select *, row_number() over (order by weight desc, raw_value) as value_rank
    from per_value
    where weight > 0
),
labelled as (
    select
        case when value_rank <= $top_n then raw_value else $other_label end as value,
        value_rank > $top_n as is_other,
        count(*) as count_values,
        min(value_rank) as value_rank,
        sum(lead) as lead,
        sum(mql) as mql,
        sum(sql) as sql,
        sum(opportunity) as opportunity,
        sum(customer) as customer
    from ranked
    group by 1, 2
)
select value, value_rank, is_other, count_values, stage, count_leads
from (unpivot labelled on lead, mql, sql, opportunity, customer into name stage value count_leads)
order by value_rank, list_position($stages, stage);
