-- one row per base table: how many rows it holds and the first and last date in it (a deal's close date once it
-- closed: an open deal's is only expected).
with account_rows as (
    -- accounts carry no date
    select 'accounts' as table_name, count(*) as count_rows, null::date as first_date, null::date as last_date
    from accounts
)
select 'leads' as table_name, count(*) as count_rows, min(created_at)::date as first_date, max(created_at)::date as last_date from leads
union all
select 'deals', count(*), min(created_at)::date,
    max(greatest(created_at, case when status <> 'open' then closed_at end))::date
from deals
union all
select 'touches', count(*), min(touched_at)::date, max(touched_at)::date from touches
union all
select 'spend', count(*), min(month), max(month) from spend
union all
select 'targets', count(*), min(month), max(month) from targets
union all
select * from account_rows;
