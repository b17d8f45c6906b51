-- one row per dimension value present in the data (leads, and deals without a lead),
-- with how many records carry it; most common first, and a blank value as $none_label last: the filters choose the
-- blanks by that name (macros/scope.sql value_fits), as the breakdowns name them (trial 78: the leads without an
-- owner could not be picked). a dimension whose every value is blank has no filter to offer (metrics.filter_options).
with lead_values as (
    unpivot (
        select
            coalesce(source, $none_label) as source,
            coalesce(persona, $none_label) as persona,
            coalesce(segment, $none_label) as segment,
            coalesce(industry, $none_label) as industry,
            coalesce(region, $none_label) as region,
            coalesce(owner, $none_label) as owner
        from lead_stages
    )
    on source, persona, segment, industry, region, owner into name dimension value value
),
deal_values as (
    unpivot (
        select coalesce(source, $none_label) as source, coalesce(owner, $none_label) as owner
        from deal_facts
        where lead_id is null
    )
    on source, owner into name dimension value value
),
all_values as (
    select * from lead_values
    union all
    select * from deal_values
)
select dimension, value, count(*) as count_records
from all_values
group by dimension, value
order by dimension, value = $none_label, count_records desc, value;
