-- one row: the first and last day with a lead, a stage entry the tiles count by its date (mql, sql) or a deal
-- (created or closed): a period holding only an mql dated before any lead's creation still has data.
with days as (
    select created_at as happened_at from leads
    union all
    select mql_at from leads
    union all
    select sql_at from leads
    union all
    select created_at from deals
    union all
    select closed_at from deals
)
select min(happened_at)::date as min_date, max(happened_at)::date as max_date
from days;
