-- materialises the deal view into the table that every page query reads, after the leads' stage
-- columns are up to date; run inside the same transaction as every import so they never drift.
create or replace table deal_facts as select * from v_deal_facts;
-- the data's "today": the latest moment anything happened. young cohorts and time in stage are
-- measured against it, not the wall clock, so an export from last month reads as it did then. an open deal's
-- close date is the date sales expects it to close (HubSpot and Salesforce export one for every open deal,
-- often months ahead): a forecast, not something that happened, so it never moves the data's today.
-- the user may state the day the exports are complete through (store.set_complete_through, kept in meta): the end
-- of that day is then the data's today when no record is as late (a month whose last day had no record was counted
-- in part). it never moves the data's today back, and counts only with data.
-- a date after the no_future_dates check's horizon never becomes the data's today either: a Zoho deal set to Closed
-- Won with its planned closing date left a month ahead made the overview call the quarter over and December a whole
-- month (trial 53). the check names those rows; only data with no date before the horizon (nothing else to go by) is
-- measured to its latest date. the horizon is the one stored at the last import of the table (its clock in the
-- data's zone plus a day, meta's leads_horizon and deals_horizon, store.HORIZON_KEYS), not this refresh's clock: a
-- refresh after the clock passed a record flagged at the import (a targets import, the stated day, the sales-owned
-- list) made it the data's today, November whole and its target 60 where the pages had said 28 pro rata (trial 98).
-- one per table: a deals import minutes after the leads import did the same to a lead flagged at it (review 99)
create or replace table data_as_of as
with horizon as (
    -- macros/horizons.sql, which the no_future_dates check reads too
    select * from table_horizons()
),
lead_dates as (
    select
        greatest(
            max(created_at) filter (where created_at <= lead_h), max(mql_at) filter (where mql_at <= lead_h),
            max(sql_at) filter (where sql_at <= lead_h),
            max(first_contact_at) filter (where first_contact_at <= lead_h),
            max(disqualified_at) filter (where disqualified_at <= lead_h)
        ) as before_h,
        max(greatest(created_at, mql_at, sql_at, first_contact_at, disqualified_at)) as latest
    from leads, horizon
),
deal_dates as (
    select
        greatest(
            max(created_at) filter (where created_at <= deal_h),
            max(closed_at) filter (where status <> 'open' and closed_at <= deal_h)
        ) as before_h,
        max(greatest(created_at, case when status <> 'open' then closed_at end)) as latest
    from deals, horizon
),
recorded as (
    select coalesce(greatest(l.before_h, d.before_h), greatest(l.latest, d.latest)) as at
    from lead_dates as l, deal_dates as d
),
stated as (
    select max(cast(value as date))::timestamp + interval 1 day - interval 1 second as at
    from meta
    where key = 'complete_through'
)
-- a stated day more than config.COMPLETE_THROUGH_MAX_DAYS days (bound by store.refresh_params: the one constant
-- store.set_complete_through checks it against) after the latest record counts for nothing: an import that took the data back (a replace with older exports) would
-- otherwise leave months of zeros counted as whole
-- recorded_at: the latest record alone, which the Data page and the import report set a stated day against (one that
-- no longer counts, or that now vouches for weeks without a record, is said: trial 98)
select
    coalesce(greatest(
        r.at, case when date_diff('day', r.at::date, s.at::date) <= $complete_through_max_days then s.at end
    ), timestamp '1970-01-01') as as_of,
    r.at as recorded_at
from recorded as r, stated as s;
-- one row: the data's first and last day and its today, which pages/data/date_bounds.sql reads. they depend only on
-- the data, and a landing page asks five times: each min and max read the ten million leads (about 12 ms a time at
-- ten million leads, 58 ms a landing page) where this one row is read in well under a millisecond.
-- the first and last day with a lead, a stage entry the tiles count by its date (mql, sql) or a deal (created or
-- closed; an open deal's close date is only expected, as data_as_of reads it): a period holding only an mql dated
-- before any lead's creation still has data. each column's own min and max, one aggregate per table (least and
-- greatest skip a column without dates)
create or replace table data_days as
with lead_days as (
    select
        least(min(created_at), min(mql_at), min(sql_at)) as first_at,
        greatest(max(created_at), max(mql_at), max(sql_at)) as last_at
    from leads
),
deal_days as (
    select
        least(min(created_at), min(closed_at) filter (where status <> 'open')) as first_at,
        greatest(max(created_at), max(closed_at) filter (where status <> 'open')) as last_at
    from deals
)
-- the last day is data_as_of's, the one "today" of every page: a first contact or a disqualification after the
-- last creation or stage date moves it too (the overview said "data ends on 4 Dec" while the SLA page, on
-- data_as_of, counted a contact made on 5 Dec)
select
    least(l.first_at, d.first_at)::date as min_date,
    case when greatest(l.last_at, d.last_at) is not null then (select max(as_of) from data_as_of)::date end as max_date,
    -- the moment itself: the SLA page's "now" (a wait is measured to it, not to the wall clock)
    case when greatest(l.last_at, d.last_at) is not null then (select max(as_of) from data_as_of) end as as_of_at
from lead_days as l, deal_days as d;
