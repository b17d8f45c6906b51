-- data test: one row per lead or deal with a date after tomorrow (the day the check runs, plus a day for time
-- zones): a typo such as 2099 for 2024, which would otherwise become the data's today and make every lead look
-- overdue. an open deal's close date is the date sales expects, so it may lie ahead. none expected.
with horizon as (
    select current_timestamp::timestamp + interval 1 day as latest_at
),
dated as (
    select lead_id as id, 'lead' as kind, greatest(created_at, mql_at, sql_at, first_contact_at, disqualified_at)
        as latest_at
    from leads
    union all
    select deal_id, 'deal', greatest(created_at, case when status <> 'open' then closed_at end)
    from deals
)
select d.id, d.kind, d.latest_at
from dated as d, horizon as h
where d.latest_at > h.latest_at;
