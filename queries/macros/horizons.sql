-- the no_future_dates horizon of each table (store.HORIZON_KEYS: meta's leads_horizon and deals_horizon, the clock of
-- the last import of that table in the data's zone plus a day), which the data's today (schema/refresh.sql data_as_of)
-- and the no_future_dates check both read: one definition, so the check names exactly the rows the data's today
-- leaves out. one row: lead_h and deal_h, each null before that table's first import. a schema script
-- (store.SCHEMA_SCRIPTS): refresh.sql runs before the other macro files are written.
create or replace macro table_horizons() as table
    select
        max(case when key = 'leads_horizon' then cast(value as timestamp) end) as lead_h,
        max(case when key = 'deals_horizon' then cast(value as timestamp) end) as deal_h
    from meta
    -- the other keys' values are no timestamps: read none of them
    where key in ('leads_horizon', 'deals_horizon');
