-- the funnel rollup, rebuilt with the derived data inside every import transaction (store.refresh_derived):
-- one row per created month × dimension × value ('all' with a null value: every lead of the month; a
-- lead whose value is missing is under a null value) with the cohort funnel's counts under the default
-- conversion window ($reached: stages reached, $in_order: the same view with stages in order, columns
-- ordered_*). young_*: leads at the previous stage, not at this one, created inside the window before the
-- data's today (the funnel's "still in window"). dashboard.rollups.exact says which views it answers.
create or replace macro rollup_counts(view) as table
    select
        date_trunc('month', created_at) as month,
        case
            when grouping(source) = 0 then 'source'
            when grouping(persona) = 0 then 'persona'
            when grouping(segment) = 0 then 'segment'
            when grouping(industry) = 0 then 'industry'
            when grouping(region) = 0 then 'region'
            when grouping(owner) = 0 then 'owner'
            else 'all'
        end as dimension,
        -- one of the six is grouped at a time, the others are null in its rows
        coalesce(source, persona, segment, industry, region, owner) as value,
        count(*) filter (where hit_lead) as leads,
        count(*) filter (where hit_mql) as mql,
        count(*) filter (where hit_sql) as sql,
        count(*) filter (where hit_opportunity) as opportunity,
        count(*) filter (where hit_customer) as customer,
        count(*) filter (where hit_lead and not hit_mql and is_young) as young_mql,
        count(*) filter (where hit_mql and not hit_sql and is_young) as young_sql,
        count(*) filter (where hit_sql and not hit_opportunity and is_young) as young_opportunity,
        count(*) filter (where hit_opportunity and not hit_customer and is_young) as young_customer
    from funnel_hits(view)
    group by grouping sets (
        (month), (month, source), (month, persona), (month, segment), (month, industry), (month, region), (month, owner)
    );

create or replace table funnel_rollup as
select
    r.*,
    o.mql as ordered_mql,
    o.sql as ordered_sql,
    o.opportunity as ordered_opportunity,
    o.customer as ordered_customer,
    o.young_mql as ordered_young_mql,
    o.young_sql as ordered_young_sql,
    o.young_opportunity as ordered_young_opportunity,
    o.young_customer as ordered_young_customer
from rollup_counts($reached) as r
join rollup_counts($in_order) as o
    on o.month = r.month and o.dimension = r.dimension and o.value is not distinct from r.value
order by r.month, r.dimension, r.value;
