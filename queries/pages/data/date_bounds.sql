-- one row: the first and last day with a lead, a stage entry the tiles count by its date (mql, sql) or a deal
-- (created or closed): a period holding only an mql dated before any lead's creation still has data.
-- each column's own min and max (least and greatest skip a column without dates): one pass over a union of the
-- five columns took four times as long (100 ms at ten million leads, and the landing page asks five times)
with bounds as (
    select
        (select min(created_at) from leads) as lead_first,
        (select max(created_at) from leads) as lead_last,
        (select min(mql_at) from leads) as mql_first,
        (select max(mql_at) from leads) as mql_last,
        (select min(sql_at) from leads) as sql_first,
        (select max(sql_at) from leads) as sql_last,
        (select min(created_at) from deals) as deal_first,
        (select max(created_at) from deals) as deal_last,
        (select min(closed_at) from deals) as closed_first,
        (select max(closed_at) from deals) as closed_last
)
select
    least(lead_first, mql_first, sql_first, deal_first, closed_first)::date as min_date,
    greatest(lead_last, mql_last, sql_last, deal_last, closed_last)::date as max_date
from bounds;
