-- one row per dimension and value (plus one 'all' row for the whole view): how many leads counted
-- at each funnel stage, as the funnel counts them but, in cohort mode, only leads old enough to have
-- converted (created more than the conversion window before the data's last day): a young cohort's
-- missing conversions are not friction yet. grouping sets make it one scan for every dimension; in a
-- dimension's set the other columns are grouped away (null), so coalesce picks the dimension's value. the
-- 'all' row adds up the source rows (every lead has one source, a missing one under $none_label): over no
-- rows an empty grouping set gave a row of zeros on duckdb and none on spark, a whole-table sum one on both.
-- counted with count_if, not count(*) filter (where …): duckdb 2.0 runs a filter clause on every row of each of the
-- six grouping sets, and the counts took twice the cpu (10 m leads, all dates: 1,449 -> 789 ms). count_if is null, not
-- 0, over a group whose every test is null, and a hugeint: coalesce and the cast keep the counts bigint zeros.
with per_value as (
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
        coalesce(count_if(hit_lead), 0)::bigint as lead,
        coalesce(count_if(hit_mql), 0)::bigint as mql,
        coalesce(count_if(hit_sql), 0)::bigint as sql,
        coalesce(count_if(hit_opportunity), 0)::bigint as opportunity,
        coalesce(count_if(hit_customer), 0)::bigint as customer,
        -- at a step's start, not at its end, still in progress (the funnel's still_in_window; only with no conversion
        -- window, as with one every lead counted here is old enough: their outcome is still pending, not a miss
        coalesce(count_if(hit_lead and not hit_mql and is_in_progress), 0)::bigint as open_mql,
        coalesce(count_if(hit_mql and not hit_sql and is_in_progress), 0)::bigint as open_sql,
        coalesce(count_if(hit_sql and not hit_opportunity and is_in_progress), 0)::bigint as open_opportunity,
        coalesce(count_if(hit_opportunity and not hit_customer and is_in_progress), 0)::bigint as open_customer
    from funnel_hits($view)
    where ($view).mode = 'activity' or not is_young
    group by grouping sets ((source), (persona), (segment), (industry), (region), (owner))
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
    coalesce(sum(open_mql), 0)::bigint,
    coalesce(sum(open_sql), 0)::bigint,
    coalesce(sum(open_opportunity), 0)::bigint,
    coalesce(sum(open_customer), 0)::bigint
from per_value
where dimension = 'source'
order by dimension, value;
