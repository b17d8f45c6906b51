-- one row per dimension value some stored row carries, most rows first: the leads' six dimensions, every deal's source and owner
-- (with or without a lead: a deal owner who owns no lead still has deals to count), the sources spend is recorded
-- for, and the sources touches carry (a touches file's channel no lead has, such as direct mail: a row of its own on
-- the sources page with the revenue credited to it; its filter keeps that row and no lead, as a source filter keeps
-- leads by their own source; probe 79: refused as "not in the data"). the command line refuses a filter value outside
-- this list (dashboard.cli): one inside it has numbers behind it, though the sidebar (filter_options.sql) offers the
-- leads' values and outbound deals' only.
-- a blank value is $none_label, last, as filter_options.sql has it (`--owner "(none)"`: the leads without an owner);
-- a touch without a source is no value (a lead's source is never blank).
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
    unpivot (select coalesce(source, $none_label) as source, coalesce(owner, $none_label) as owner from deal_facts)
    on source, owner into name dimension value value
),
spend_values as (
    select 'source' as dimension, coalesce(source, $none_label) as value
    from spend
),
touch_values as (
    select 'source' as dimension, source as value
    from touches
    where source is not null
)
select dimension, value, count(*) as count_records
from (
    select dimension, value from lead_values
    union all
    select dimension, value from deal_values
    union all
    select dimension, value from spend_values
    union all
    select dimension, value from touch_values
)
group by dimension, value
order by dimension, value = $none_label, count_records desc, value;
