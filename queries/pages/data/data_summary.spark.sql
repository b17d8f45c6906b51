-- the Spark build has no accounts table (it derives the leads only): no accounts row rather than a count of 0
with account_rows as (
    select 'accounts' as table_name, cast(0 as bigint) as count_rows, cast(null as date) as first_date,
        cast(null as date) as last_date
    where false
)
