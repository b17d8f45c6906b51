-- canonical schema: base tables filled by importers, and the stage columns derived onto leads.
-- run on every connect; every statement is idempotent.

create table if not exists leads (
    lead_id varchar not null,
    account_id varchar,
    created_at timestamp not null,
    source varchar not null default 'unknown',
    campaign varchar,
    persona varchar,
    segment varchar,
    industry varchar,
    region varchar,
    owner varchar,
    lifecycle_stage varchar,
    mql_at timestamp,
    sql_at timestamp,
    first_contact_at timestamp,
    disqualified_at timestamp,
    disqualify_reason varchar,
    converted_deal_id varchar
);

-- a base column added after the first release: files written before it get it here. a deal's lead is
-- deals.lead_id, the one link every query reads; converted_deal_id names the deal a lead converted into
-- (Salesforce's ConvertedOpportunityId: its opportunity exports carry no lead), and the importer copies it
-- into deals.lead_id (dashboard/importers/deal_links.py). store.DERIVED_LEAD_COLUMNS leaves out the
-- columns of the create statement above, so this one is not taken for a stage column
alter table leads add column if not exists converted_deal_id varchar;

create table if not exists deals (
    deal_id varchar not null,
    lead_id varchar,
    account_id varchar,
    owner varchar,
    stage varchar,
    created_at timestamp not null,
    status varchar not null check (status in ('open', 'won', 'lost')),
    closed_at timestamp,
    amount double,
    lost_reason varchar,
    source varchar,
    activated_at timestamp,
    churned_at timestamp
);

-- deals a deals import skipped because their lead was not loaded yet (a HubSpot deal of a contact created after the
-- contacts export): kept aside with the deals' columns and no query reads them; the leads import that brings their
-- lead moves them into deals (dashboard/importers/awaiting.py). Salesforce opportunities need none: they name no lead
create table if not exists deals_awaiting_lead as select * from deals where false;

create table if not exists touches (
    lead_id varchar not null,
    touched_at timestamp not null,
    source varchar,
    campaign varchar,
    touch_type varchar
);

create table if not exists spend (
    month date not null,
    source varchar not null,
    campaign varchar,
    amount double not null
);

create table if not exists targets (
    month date not null,
    metric varchar not null check (metric in ('leads', 'mqls', 'sqls', 'opportunities', 'wins', 'revenue', 'pipeline')),
    value double not null,
    source varchar,
    team varchar
);

-- key/value facts about the data: demo_tables (is_demo in older files), sales_sources, last_import_at, data_version.
create table if not exists meta (
    key varchar primary key,
    value varchar
);

-- stage columns derived from each lead's own dates and its deals, stored on the lead row itself:
-- a second copy of every lead (the old lead_stages table) doubled the cost of each import.
-- store.refresh_derived keeps them; a writer that changes created_at, mql_at, sql_at or
-- lifecycle_stage of a stored lead sets is_mql to null so the lead is derived again.
alter table leads add column if not exists revenue double;
alter table leads add column if not exists has_open_deal boolean;
alter table leads add column if not exists is_mql boolean;
alter table leads add column if not exists is_sql boolean;
alter table leads add column if not exists is_opportunity boolean;
alter table leads add column if not exists is_customer boolean;
alter table leads add column if not exists mql_entered_at timestamp;
alter table leads add column if not exists sql_entered_at timestamp;
alter table leads add column if not exists opportunity_entered_at timestamp;
alter table leads add column if not exists customer_entered_at timestamp;
alter table leads add column if not exists mql_after_seconds bigint;
alter table leads add column if not exists sql_after_seconds bigint;
alter table leads add column if not exists opportunity_after_seconds bigint;
alter table leads add column if not exists customer_after_seconds bigint;
alter table leads add column if not exists mql_in_order boolean;
alter table leads add column if not exists sql_in_order boolean;
alter table leads add column if not exists opportunity_in_order boolean;
alter table leads add column if not exists customer_in_order boolean;
alter table leads add column if not exists mql_reach_seconds integer;
alter table leads add column if not exists sql_reach_seconds integer;
alter table leads add column if not exists opportunity_reach_seconds integer;
alter table leads add column if not exists customer_reach_seconds integer;
-- derived version 27: a rejected / closed-out lead, stored (lead_derivation), read on every cohort count
alter table leads add column if not exists is_rejected boolean;
alter table leads add column if not exists is_closed_out boolean;
-- derived version 28: moved back in the crm / rejected at an unknown stage, stored (lead_derivation), which the
-- stalled leads and the rejection queries read from the lifecycle stage's text
alter table leads add column if not exists is_moved_back boolean;
alter table leads add column if not exists is_stage_unknown boolean;

-- derived version 6 kept the time to each stage as days in a double; whole seconds in an integer column
-- compress better and the window test on them reads less (see lead_derivation)
alter table leads drop column if exists mql_after_days;
alter table leads drop column if exists sql_after_days;
alter table leads drop column if exists opportunity_after_days;
alter table leads drop column if exists customer_after_days;

-- one row per stored lead or deal an import found named twice: a file's row named by its own id (id) held, in a
-- column its mapping did not read (column_name), the id of a stored record (other_id): a Salesforce export's
-- 'HubSpot Deal ID' after the HubSpot export (trial 103). own_column is the file's column the row's id was read from,
-- for the id list that settles it. written by the import (canonical._stored_ids_unread), read by the data check
-- checks/stored_twice.sql for as long as both ids are stored
create table if not exists twin_ids (
    table_name varchar, id varchar, other_id varchar, file_name varchar, column_name varchar, own_column varchar
);

-- the sales-owned sources in use, as keys (dashboard.store.sales_sources: the Data page's list, else the config's),
-- written with every refresh and every change of the list: the deal facts leave their touches out of "marketing
-- touched" (schema/views.sql)
create table if not exists sales_keys (key varchar);

-- the deals with a stored lead booked on an account none of the leads belongs to (a HubSpot deal on a parent
-- company without contacts), written by schema/refresh.sql before the deal facts, which tie such a deal to its
-- lead's account (v_deal_facts)
create table if not exists account_booked_deals (deal_id varchar);

-- the deals with a stored lead booked on another account than their lead's, one with leads of its own, written by
-- schema/account_facts.sql before the accounts, which count such a deal for its own account only
-- (schema/accounts.sql reads it)
create table if not exists account_moved_deals (
    deal_id varchar, lead_id varchar, account_id varchar, lead_account_id varchar
);

-- optional: one row per account (company), from a CRM's companies or accounts export. leads and deals name
-- their account by account_id; a database without any account rows counts exactly as before.
create table if not exists accounts (
    account_id varchar primary key,
    name varchar,
    industry varchar,
    segment varchar,
    region varchar,
    employees integer,
    owner varchar
);

-- the sla page's waits, stored per started lead (schema/sla_facts.sql writes it with the derived data; the macros
-- in macros/sla.sql read it, so it exists, empty, before the first import)
create table if not exists sla_facts (
    lead_id varchar,
    owner varchar,
    source varchar,
    persona varchar,
    segment varchar,
    industry varchar,
    region varchar,
    created_at timestamp,
    clock_at timestamp,
    first_contact_at timestamp,
    revenue double,
    opportunity_after_seconds bigint,
    customer_after_seconds bigint,
    is_opportunity boolean,
    is_customer boolean,
    is_rejected_lead boolean,
    is_contacted boolean,
    contacted_before_clock boolean,
    clock_minutes_waited double,
    business_minutes_waited double,
    business_due_at timestamp
);
