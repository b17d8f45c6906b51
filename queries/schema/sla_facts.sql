-- the sla page's leads, stored: one row per lead whose sla clock started (any creation or clock date, $whole's mode
-- 'stored'), with its scope columns (creation, clock start, the six dimensions), what the status and the response
-- bands read (contact, rejection, opportunity, customer and the window moments, revenue), and its wait in minutes
-- measured by sla_leads under config's settings ($sla_minutes ... $waiting_days, business hours on): around the clock
-- (clock_minutes_waited) and in business hours (business_minutes_waited, due at business_due_at). rebuilt with the
-- derived data inside every import's transaction (store.refresh_rollups), after data_as_of: a lead not contacted
-- yet waits until the data's today (or its close without a contact), and a clock after that today is left out. macros/sla.sql's sla_stored_leads reads it where dashboard.rollups.sla_exact
-- holds; measuring every started lead's wait took most of each sla page query at ten million leads.
create or replace table sla_facts as
select
    lead_id, owner, source, persona, segment, industry, region, created_at, clock_at, first_contact_at, revenue,
    opportunity_after_seconds, customer_after_seconds, is_opportunity, is_customer, is_rejected_lead, is_contacted,
    contacted_before_clock,
    -- around the clock, as sla_leads measures it there (from the same end: first contact or the data's today)
    clock_minutes_waited(clock_at, end_at, $data_timezone) as clock_minutes_waited,
    minutes_waited as business_minutes_waited,
    due_at as business_due_at
from sla_leads($whole, $sla_minutes, $clock_start, true, $day_start_minute, $day_end_minute, $workdays, $holidays,
    $data_timezone, $business_timezone, $waiting_days)
-- stored in creation order, as the leads: a dated view reads the row groups of its dates
order by created_at;
