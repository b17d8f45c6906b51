-- one row per dimension value present in the data (leads, and deals without a lead),
-- with how many records carry it; most common first, and a blank value as $none_label last: the filters choose the
-- blanks by that name (macros/scope.sql value_fits), as the breakdowns name them (trial 78: the leads without an
-- owner could not be picked). a dimension whose every value is blank has no filter to offer (metrics.filter_options).
-- the leads are counted per combination of their six values first, then each dimension's counts are the sums:
-- a few thousand combinations unpivoted instead of six values of every lead
with lead_combinations as (
    select source, persona, segment, industry, region, owner, count(*) as count_records
    from lead_stages
    where not $use_rollup
    group by all
),
-- where the entries rollup is kept ($use_rollup: dashboard.rollups.kept_by), its rows hold every lead once, in its
-- created month under its six values, so their sums are the same counts without reading the leads: the first render
-- of a page after an import or a restart waited 1.5 s for this list at ten million leads
lead_combinations_rollup as (
    select source, persona, segment, industry, region, owner, sum(leads)::bigint as count_records
    from entries_rollup
    where $use_rollup
    group by all
    having sum(leads) > 0
),
lead_values as (
    unpivot (
        select
            coalesce(source, $none_label) as source,
            coalesce(persona, $none_label) as persona,
            coalesce(segment, $none_label) as segment,
            coalesce(industry, $none_label) as industry,
            coalesce(region, $none_label) as region,
            coalesce(owner, $none_label) as owner,
            count_records
        from (
            select * from lead_combinations
            union all
            select * from lead_combinations_rollup
        )
    )
    on source, persona, segment, industry, region, owner into name dimension value value
),
deal_values as (
    unpivot (
        select coalesce(source, $none_label) as source, coalesce(owner, $none_label) as owner, 1 as count_records
        from deal_facts
        where lead_id is null
    )
    on source, owner into name dimension value value
),
all_values as (
    select dimension, value, count_records from lead_values
    union all
    select dimension, value, count_records from deal_values
)
select dimension, value, sum(count_records)::bigint as count_records
from all_values
group by dimension, value
order by dimension, value = $none_label, count_records desc, value;
