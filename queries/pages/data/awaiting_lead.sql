-- one row: the deals kept aside for want of their lead (deals_awaiting_lead, dashboard/importers/awaiting.py), the
-- whole data set, no view: those in none of the numbers (no stored row of their id) by status and amount, and those
-- whose stored older row is counted until their lead comes (updates_waiting)
with aside as (
    select *
    from deals_awaiting_lead as a
    where not exists (select 1 from deals as d where d.deal_id = a.deal_id)
)
select
    count(*) as count_aside,
    count(*) filter (where status = 'won') as count_won,
    count(*) filter (where status = 'lost') as count_lost,
    count(*) filter (where status = 'open') as count_open,
    coalesce(sum(amount) filter (where status = 'won'), 0) as won_amount,
    coalesce(sum(amount) filter (where status = 'open'), 0) as open_amount,
    (select count(*) from deals_awaiting_lead as a where exists (
        select 1 from deals as d where d.deal_id = a.deal_id
    )) as updates_waiting
from aside
