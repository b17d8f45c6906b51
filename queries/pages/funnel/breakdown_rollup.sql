-- one row per value of the chosen dimension and stage, as breakdown.sql (the $top_n largest by leads, the rest
-- summed in one bucket, is_other, holding count_values values; missing values as "(none)"), from funnel_rollup's
-- rows of the dimension (schema/rollup.sql): only for the views dashboard.rollups.breakdown_exact accepts. the
-- ranking is breakdown.sql's (macros/breakdown_ranks.sql).
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
)
select *
from breakdown_ranks('per_value', $top_n, $other_label)
order by value_rank, list_position($stages, stage);
