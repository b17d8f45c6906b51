-- one row per value of the chosen dimension and stage, as breakdown.sql (the $top_n largest by leads, the rest
-- summed in one bucket, is_other, holding count_values values; missing values as "(none)"), from funnel_rollup_days'
-- rows of the dimension (account_funnel_rollup_days' counting by account; schema/rollup.sql), the days inside the
-- view's window summed: only for the views dashboard.rollups.unit_breakdown_exact accepts (any window). the ranking is
-- breakdown.sql's (macros/breakdown_ranks.sql).
with per_value as (
    -- cohort mode: a lead counts at a stage only when it counts as a lead, so its weight is the lead count
    select
        coalesce(value, $none_label) as raw_value,
        sum(lead) as lead,
        sum(mql) as mql,
        sum(sql) as sql,
        sum(opportunity) as opportunity,
        sum(customer) as customer,
        sum(lead) as weight
    -- the rollup of the view's unit: the other branch is cut from the plan (the view is bound before planning); both
    -- are stored in dimension order, so the dimension's rows alone are read
    from (
        select * from funnel_rollup_days where ($view).count_by = 'lead'
        union all
        select * from account_funnel_rollup_days where ($view).count_by = 'account'
    )
    where dimension = $dimension
        and in_view($view, month)
        and reach_day_fits($view, reach_day)
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
