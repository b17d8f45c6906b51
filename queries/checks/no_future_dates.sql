-- data test: one row per lead or deal dated after its table's horizon (the clock of the last import of that table,
-- in the data's zone, plus a day for time zones; meta's leads_horizon and deals_horizon, which data_as_of reads too):
-- a typo such as 2099 for 2024, which would otherwise become the data's today and make every lead look overdue. an
-- open deal's close date is the date sales expects, so it may lie ahead. none expected.
with dated as (
    select lead_id as id, 'lead' as kind, greatest(created_at, mql_at, sql_at, first_contact_at, disqualified_at)
        as latest_at
    from leads
    union all
    select deal_id, 'deal', greatest(created_at, case when status <> 'open' then closed_at end)
    from deals
)
select d.id, d.kind, d.latest_at
-- macros/horizons.sql, the horizons data_as_of reads
from dated as d, table_horizons() as h
where d.latest_at > case d.kind when 'lead' then h.lead_h else h.deal_h end;
