-- data test: one row per lead with a won deal that its stored stages do not count as an opportunity
-- and a customer, so won deals would outnumber opportunities. none expected.
select l.lead_id, l.is_opportunity, l.is_customer
from leads as l
where l.lead_id in (select lead_id from deals where status = 'won')
    and not (l.is_opportunity and l.is_customer);
