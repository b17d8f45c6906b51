-- one row, as same_members.sql gives it, read from account_old_combinations (schema/rollup.sql) instead of the
-- accounts: of the view's accounts old enough to have converted, how many are in any and how many in every one of a
-- few groups (each a dimension's value as step_rates names it, $none_label for none, in that dimension's list:
-- $sources, $personas, $segments, $industries, $regions, $owners; empty: no group of it). only for the views
-- dashboard.rollups.same_members_exact accepts (counting accounts in cohort mode, the default window, whole months:
-- any dimension filter, as every dimension is a column), whose months and combinations add up to exactly them.
with units as (
    select
        coalesce(source, $none_label) as source,
        coalesce(persona, $none_label) as persona,
        coalesce(segment, $none_label) as segment,
        coalesce(industry, $none_label) as industry,
        coalesce(region, $none_label) as region,
        coalesce(owner, $none_label) as owner,
        accounts
    from account_old_combinations
    where in_view($view, month) and view_match($view, source, persona, segment, industry, region, owner)
)
select
    coalesce(sum(accounts) filter (
        where list_contains($sources, source) or list_contains($personas, persona)
            or list_contains($segments, segment) or list_contains($industries, industry)
            or list_contains($regions, region) or list_contains($owners, owner)
    ), 0)::bigint as count_any,
    -- a unit has one value per dimension: two groups of one dimension have none in common
    coalesce(sum(accounts) filter (
        where (len($sources) = 0 or $sources = [source]) and (len($personas) = 0 or $personas = [persona])
            and (len($segments) = 0 or $segments = [segment]) and (len($industries) = 0 or $industries = [industry])
            and (len($regions) = 0 or $regions = [region]) and (len($owners) = 0 or $owners = [owner])
    ), 0)::bigint as count_every
from units;
