-- one row per segment, industry and region an account carries (its accounts-table row's, else its first lead's:
-- schema/account_facts.sql) with how many accounts do, most common first, a blank one as $none_label last (as
-- filter_options.sql has it). counting by account these are the values the filters match (trial 48: a companies
-- file's industry, which no contact carried, was never offered).
-- DuckDB only: the Spark build has no accounts (metrics.filter_options and known_values add them there)
with account_values as (
    unpivot (
        select
            coalesce(segment, $none_label) as segment,
            coalesce(industry, $none_label) as industry,
            coalesce(region, $none_label) as region
        from account_facts
    )
    on segment, industry, region into name dimension value value
)
select dimension, value, count(*) as count_records
from account_values
group by dimension, value
order by dimension, value = $none_label, count_records desc, value;
