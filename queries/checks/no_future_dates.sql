-- data test: one row per lead or deal dated after the data's horizon (the clock of the last leads or deals import,
-- in the data's zone, plus a day for time zones; meta's data_horizon, which data_as_of reads too): a typo such as
-- 2099 for 2024, which would otherwise become the data's today and make every lead look overdue. an open deal's
-- close date is the date sales expects, so it may lie ahead. none expected.
with horizon as (
    select max(cast(value as timestamp)) as latest_at
    from meta
    where key = 'data_horizon'
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
