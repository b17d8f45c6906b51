-- one row: of the view's leads (accounts, counting by account) as step_rates counts them, how many are in any
-- and how many in every one of a few groups, each a dimension's value as step_rates names it ($none_label for
-- none) in that dimension's list ($sources, $personas, $segments, $industries, $regions, $owners; empty: no
-- group of it). the groups hold the very same ones when the two counts are equal. the friction finder asks it
-- only of groups whose counts are alike at every stage, before naming them in one point.
with units as (
    select
        coalesce(source, $none_label) as source,
        coalesce(persona, $none_label) as persona,
        coalesce(segment, $none_label) as segment,
        coalesce(industry, $none_label) as industry,
        coalesce(region, $none_label) as region,
        coalesce(owner, $none_label) as owner
    from funnel_hits($view)
    where ($view).mode = 'activity' or not is_young
)
select
    count(*) filter (
        where list_contains($sources, source) or list_contains($personas, persona)
            or list_contains($segments, segment) or list_contains($industries, industry)
            or list_contains($regions, region) or list_contains($owners, owner)
    ) as count_any,
    -- a unit has one value per dimension: two groups of one dimension have none in common
    count(*) filter (
        where (len($sources) = 0 or $sources = [source]) and (len($personas) = 0 or $personas = [persona])
            and (len($segments) = 0 or $segments = [segment]) and (len($industries) = 0 or $industries = [industry])
            and (len($regions) = 0 or $regions = [region]) and (len($owners) = 0 or $owners = [owner])
    ) as count_every
from units;
