-- one row per dimension and value (plus one 'all' row for the whole view), as step_rates.sql gives them, read from
-- funnel_rollup's old_* counts (account_funnel_rollup's counting by account; schema/rollup.sql) instead of the
-- leads: only for the views dashboard.rollups.unit_step_rates_exact accepts (the funnel rollup's exact views with no
-- dimension filtered, either unit), whose months add up to exactly the view's leads (accounts) old enough to have
-- converted. a value with no such lead has no row, as in the scan.
with per_value as (
    select
        dimension,
        coalesce(value, $none_label) as value,
        sum(old_leads)::bigint as lead,
        sum(old_mql)::bigint as mql,
        sum(old_sql)::bigint as sql,
        sum(old_opportunity)::bigint as opportunity,
        sum(old_customer)::bigint as customer,
        -- still open at a step (step_rates.sql): none of the old leads under the rollup's window, which is not 0
        0::bigint as open_mql,
        0::bigint as open_sql,
        0::bigint as open_opportunity,
        0::bigint as open_customer
    -- the rollup of the view's unit (dashboard.rollups.unit_exact): the other branch is cut from the plan (the view
    -- is bound before planning), both tables are a few thousand rows
    from (
        select * from funnel_rollup where ($view).count_by = 'lead'
        union all
        select * from account_funnel_rollup where ($view).count_by = 'account'
    )
    where in_view($view, month) and dimension <> 'all'
    group by all
    having sum(old_leads) > 0
)
select *
from per_value
union all
select
    'all',
    'all',
    coalesce(sum(lead), 0)::bigint,
    coalesce(sum(mql), 0)::bigint,
    coalesce(sum(sql), 0)::bigint,
    coalesce(sum(opportunity), 0)::bigint,
    coalesce(sum(customer), 0)::bigint,
    0::bigint,
    0::bigint,
    0::bigint,
    0::bigint
from per_value
where dimension = 'source'
order by dimension, value;
