-- one row per funnel step (lead→mql, mql→sql, sql→opportunity, opportunity→customer): how many
-- leads in scope made the step with both dates known and in order, and the median and 90th
-- percentile of the days it took; and of the others that reached the later stage, how many are left out and why
-- (said on the page, so that the converted count adds up to the funnel's): the later date before the earlier (a
-- negative wait is no duration), no date of its own for one of the two stages (borrowed dates are not used: they
-- would read as 0 days), or, under a conversion window, the later stage's own date after the window (the lead counts
-- at the stage because a later stage was reached within it: a 40-day wait is no conversion "within 30 days").
-- one quantile per call (not a list of two): the Spark translation (spark_sql._quantile) takes one.
-- counted with count_if, not count(*) filter (where …), which duckdb 2.0 evaluates apart for each aggregate
-- (cpu at 10 m leads, all dates 4,191 -> 2,774 ms); count_if is a hugeint, and null, not 0, over no rows or when every
-- test is null: coalesce and the cast keep the counts bigint zeros.
with hits as (
    select *
    from funnel_hits($view)
),
marked as (
    select
        hit_mql as r_1,
        days_lead_to_mql as d_1,
        in_window($view, mql_after_seconds) as w_1,
        hit_sql as r_2,
        days_mql_to_sql as d_2,
        in_window($view, sql_after_seconds) as w_2,
        hit_opportunity as r_3,
        days_sql_to_opportunity as d_3,
        in_window($view, opportunity_after_seconds) as w_3,
        hit_customer as r_4,
        days_opportunity_to_customer as d_4,
        in_window($view, customer_after_seconds) as w_4
    from hits
),
durations as (
    select
        quantile_cont(d_1, 0.5) filter (where r_1 and d_1 >= 0 and w_1) as m_1,
        quantile_cont(d_1, 0.9) filter (where r_1 and d_1 >= 0 and w_1) as p_1,
        coalesce(count_if(r_1 and d_1 >= 0 and w_1), 0)::bigint as n_1,
        coalesce(count_if(r_1 and d_1 < 0), 0)::bigint as o_1,
        coalesce(count_if(r_1 and d_1 is null), 0)::bigint as u_1,
        coalesce(count_if(r_1 and d_1 >= 0 and not w_1), 0)::bigint as l_1,
        coalesce(count_if(r_1), 0)::bigint as h_1,
        quantile_cont(d_2, 0.5) filter (where r_2 and d_2 >= 0 and w_2) as m_2,
        quantile_cont(d_2, 0.9) filter (where r_2 and d_2 >= 0 and w_2) as p_2,
        coalesce(count_if(r_2 and d_2 >= 0 and w_2), 0)::bigint as n_2,
        coalesce(count_if(r_2 and d_2 < 0), 0)::bigint as o_2,
        coalesce(count_if(r_2 and d_2 is null), 0)::bigint as u_2,
        coalesce(count_if(r_2 and d_2 >= 0 and not w_2), 0)::bigint as l_2,
        coalesce(count_if(r_2), 0)::bigint as h_2,
        quantile_cont(d_3, 0.5) filter (where r_3 and d_3 >= 0 and w_3) as m_3,
        quantile_cont(d_3, 0.9) filter (where r_3 and d_3 >= 0 and w_3) as p_3,
        coalesce(count_if(r_3 and d_3 >= 0 and w_3), 0)::bigint as n_3,
        coalesce(count_if(r_3 and d_3 < 0), 0)::bigint as o_3,
        coalesce(count_if(r_3 and d_3 is null), 0)::bigint as u_3,
        coalesce(count_if(r_3 and d_3 >= 0 and not w_3), 0)::bigint as l_3,
        coalesce(count_if(r_3), 0)::bigint as h_3,
        quantile_cont(d_4, 0.5) filter (where r_4 and d_4 >= 0 and w_4) as m_4,
        quantile_cont(d_4, 0.9) filter (where r_4 and d_4 >= 0 and w_4) as p_4,
        coalesce(count_if(r_4 and d_4 >= 0 and w_4), 0)::bigint as n_4,
        coalesce(count_if(r_4 and d_4 < 0), 0)::bigint as o_4,
        coalesce(count_if(r_4 and d_4 is null), 0)::bigint as u_4,
        coalesce(count_if(r_4 and d_4 >= 0 and not w_4), 0)::bigint as l_4,
        coalesce(count_if(r_4), 0)::bigint as h_4
    from marked
)
select 1 as step_order, 'lead' as from_stage, 'mql' as to_stage, n_1 as count_converted,
    m_1 as median_days, p_1 as p90_days, o_1 as count_out_of_order, u_1 as count_undated,
    l_1 as count_after_window, h_1 as count_reached
from durations
union all
select 2, 'mql', 'sql', n_2, m_2, p_2, o_2, u_2, l_2, h_2 from durations
union all
select 3, 'sql', 'opportunity', n_3, m_3, p_3, o_3, u_3, l_3, h_3 from durations
union all
select 4, 'opportunity', 'customer', n_4, m_4, p_4, o_4, u_4, l_4, h_4 from durations
order by step_order;
