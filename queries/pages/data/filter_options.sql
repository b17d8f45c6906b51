-- one row per dimension value present in the data (leads, and deals without a lead),
-- with how many records carry it; most common first.
with lead_values as (
    unpivot (select source, persona, segment, industry, region, owner from lead_stages)
    on source, persona, segment, industry, region, owner into name dimension value value
),
deal_values as (
    unpivot (select source, owner from deal_facts where lead_id is null)
    on source, owner into name dimension value value
),
all_values as (
    select * from lead_values
    union all
    select * from deal_values
)
select dimension, value, count(*) as count_records
from all_values
where value is not null
group by all
order by dimension, count_records desc, value;
