-- one row per account (schema/accounts.sql), from the leads' stage columns and the deals just stored; in
-- creation order, as the leads are, so a cohort's date range skips the row groups outside it. run by
-- store.refresh_derived after refresh.sql; kept apart from it because a Spark build does not count accounts
-- (its engine reads refresh.sql's views, and counting by account stays on DuckDB for now).
create or replace table account_facts as select * from v_account_stages order by created_at;
