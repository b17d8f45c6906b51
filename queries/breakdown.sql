-- one row per value of the chosen dimension (the $top_n largest by leads, the rest as "Other",
-- missing values as "(none)") and stage: how many leads count at that stage. parts add up to the
-- funnel's total because every lead falls in exactly one value.
with hits as (
    select
        *,
        coalesce(case $dimension
            when 'source' then source
            when 'persona' then persona
            when 'segment' then segment
            when 'industry' then industry
            when 'region' then region
            when 'owner' then owner
        end, $none_label) as raw_value
    from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
        $sources, $personas, $segments, $industries, $regions, $owners)
),
sizes as (
    select raw_value, count(*) filter (where hit_lead or hit_mql or hit_sql or hit_opportunity or hit_customer) as weight
    from hits
    group by raw_value
),
ranked as (
    select raw_value, row_number() over (order by weight desc, raw_value) as value_rank
    from sizes
    where weight > 0
),
labelled as (
    select
        case when r.value_rank <= $top_n then h.raw_value else $other_label end as value,
        coalesce(min(r.value_rank), $top_n + 1) as value_rank,
        count(*) filter (where hit_lead) as lead,
        count(*) filter (where hit_mql) as mql,
        count(*) filter (where hit_sql) as sql,
        count(*) filter (where hit_opportunity) as opportunity,
        count(*) filter (where hit_customer) as customer
    from hits as h
    join ranked as r using (raw_value)
    group by 1
)
select value, value_rank, stage, count_leads
from (unpivot labelled on lead, mql, sql, opportunity, customer into name stage value count_leads)
order by value_rank, case stage when 'lead' then 1 when 'mql' then 2 when 'sql' then 3 when 'opportunity' then 4 else 5 end;
