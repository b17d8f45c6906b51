-- data test: one row per lead or deal stored twice, under the ids of two crms: an import found, in a column of its
-- file that it did not read, the id of a stored record on a row named by another id (a salesforce export's 'HubSpot
-- Deal ID' after the hubspot export; kept in twin_ids), and both ids are still stored, so the record counts twice
-- (a won deal's amount twice, its open copy still open beside it). none expected.
with stored as (
    select 'leads' as table_name, lead_id as id
    from leads
    union all
    select 'deals', deal_id
    from deals
)

select distinct t.table_name, t.id, t.other_id, t.file_name, t.column_name, t.own_column
from twin_ids as t
semi join stored as s on s.table_name = t.table_name and s.id = t.id
semi join stored as o on o.table_name = t.table_name and o.id = t.other_id
order by t.table_name, t.id;
