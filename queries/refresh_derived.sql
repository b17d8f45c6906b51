-- materialises the stage-semantics views into tables that every page query reads;
-- run inside the same transaction as every import so they never drift from the base tables.
create or replace table lead_stages as select * from v_lead_stages;
create or replace table deal_facts as select * from v_deal_facts;
