-- data test: one row per lead id or deal id stored more than once (a lead counted twice). none expected.
select 'leads' as table_name, lead_id as id, count(*) as count_rows
from leads
group by lead_id
having count(*) > 1
union all
select 'deals', deal_id, count(*)
from deals
group by deal_id
having count(*) > 1;
