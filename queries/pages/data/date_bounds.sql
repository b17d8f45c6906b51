-- one row: the first and last day with a lead or a deal.
with days as (
    select created_at as happened_at from leads
    union all
    select created_at from deals
    union all
    select closed_at from deals
)
select min(happened_at)::date as min_date, max(happened_at)::date as max_date
from days;
