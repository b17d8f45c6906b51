-- spark replacement of scope.sql's view_units: a spark build stores no account_facts (counting by account runs
-- on duckdb for now), so on spark a view's units are its leads. dashboard.spark_engine refuses a view that
-- counts by account before any query runs, so no lead count is ever shown as accounts.
-- has_order_open_member is an account's (funnel_hits reads it, null for a lead as in scope.sql's union)
create or replace macro view_units(view) as table
    select *, cast(null as boolean) as has_order_open_member from view_leads(view);

-- spark replacement of scope.sql's unit_deals, for the same reason: on spark a view's deals are its leads'
-- (with no account source or campaign: the Sources page credits those counting by account only)
create or replace macro unit_deals(view) as table
    select *, cast(null as string) as account_source, cast(null as string) as account_campaign from view_deals(view);

-- spark replacement of scope.sql's data_end: the end of the data's last day as the parameter the engine binds to every
-- query (SparkEngine.data_end, read from data_days once; null, an open end, as with no data, where none is given). spark's planner failed on the scalar subquery on data_days
-- inside the sla lists ("invalid call to qualifier on unresolved object" while canonicalising it: the SLA page raised)
create or replace macro data_end() as coalesce(:data_end, cast('9999-12-31' as timestamp));
