-- data test: one row per lead or deal stored twice (per pair of its ids), under the ids of two crms: an import
-- found, in a column of its file that it did not read, the id of a stored record on a row named by another id (a
-- salesforce export's 'HubSpot Deal ID' after the hubspot export; kept in twin_ids), and both ids are still stored, so
-- the record counts twice
-- (a won deal's amount twice, its open copy still open beside it). none expected.
-- the few pairs are joined to the ids, not the ids to the pairs: a semi join of twin_ids to every stored id built its
-- hash table over all of them at every import (about 260 ms of cpu at ten million leads with no pair at all); an inner
-- join builds over the pairs, and reads no id when there is none
-- a pair two imports found (the same export appended twice, under two file names) is one record stored twice: one
-- row per pair, named by the first file (by name) that found it
with found as (
    select
        table_name, id, other_id,
        min({'file_name': file_name, 'column_name': column_name, 'own_column': own_column}) as first
    from twin_ids
    group by table_name, id, other_id
),
twins as (
    select table_name, id, other_id, first.file_name, first.column_name, first.own_column
    from found
),
one_stored as (
    select t.*
    from leads as l
    join twins as t on t.table_name = 'leads' and t.id = l.lead_id
    union all
    select t.*
    from deals as d
    join twins as t on t.table_name = 'deals' and t.id = d.deal_id
),
both_stored as (
    select t.*
    from leads as l
    join one_stored as t on t.table_name = 'leads' and t.other_id = l.lead_id
    union all
    select t.*
    from deals as d
    join one_stored as t on t.table_name = 'deals' and t.other_id = d.deal_id
)

select distinct table_name, id, other_id, file_name, column_name, own_column
from both_stored
order by table_name, id;
