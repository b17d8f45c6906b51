-- one row per funnel step (lead→mql, mql→sql, sql→opportunity, opportunity→customer): how many
-- leads in scope made the step with both dates known and in order, and the median and 90th
-- percentile of the days it took; and how many made it with the later date before the earlier (left out of
-- the days, and said on the page: a negative wait is no duration). borrowed dates are not used: they would
-- read as 0 days.
with hits as (
    select *
    from funnel_hits($view)
),
durations as (
    select
        quantile_cont(days_lead_to_mql, [0.5, 0.9]) filter (where hit_mql and days_lead_to_mql >= 0) as q_1,
        count(days_lead_to_mql) filter (where hit_mql and days_lead_to_mql >= 0) as n_1,
        count(*) filter (where hit_mql and days_lead_to_mql < 0) as o_1,
        quantile_cont(days_mql_to_sql, [0.5, 0.9]) filter (where hit_sql and days_mql_to_sql >= 0) as q_2,
        count(days_mql_to_sql) filter (where hit_sql and days_mql_to_sql >= 0) as n_2,
        count(*) filter (where hit_sql and days_mql_to_sql < 0) as o_2,
        quantile_cont(days_sql_to_opportunity, [0.5, 0.9])
            filter (where hit_opportunity and days_sql_to_opportunity >= 0) as q_3,
        count(days_sql_to_opportunity) filter (where hit_opportunity and days_sql_to_opportunity >= 0) as n_3,
        count(*) filter (where hit_opportunity and days_sql_to_opportunity < 0) as o_3,
        quantile_cont(days_opportunity_to_customer, [0.5, 0.9])
            filter (where hit_customer and days_opportunity_to_customer >= 0) as q_4,
        count(days_opportunity_to_customer) filter (where hit_customer and days_opportunity_to_customer >= 0) as n_4,
        count(*) filter (where hit_customer and days_opportunity_to_customer < 0) as o_4
    from hits
)
select 1 as step_order, 'lead' as from_stage, 'mql' as to_stage, n_1 as count_converted,
    q_1[1] as median_days, q_1[2] as p90_days, o_1 as count_out_of_order
from durations
union all
select 2, 'mql', 'sql', n_2, q_2[1], q_2[2], o_2 from durations
union all
select 3, 'sql', 'opportunity', n_3, q_3[1], q_3[2], o_3 from durations
union all
select 4, 'opportunity', 'customer', n_4, q_4[1], q_4[2], o_4 from durations
order by step_order;
