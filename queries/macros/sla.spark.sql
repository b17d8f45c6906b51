-- spark replacement of sla.sql's sla_page_leads: a spark build stores no sla_facts (dashboard.rollups.kept_by), so
-- on spark the sla page's leads are always measured from the leads (sla_leads), with the same columns.
create or replace macro sla_page_leads(view, sla_minutes, clock_start, business_hours, day_start_minute, day_end_minute,
        workdays, holidays, data_timezone, business_timezone, waiting_days, stored) as table
    select
        lead_id, owner, source, persona, created_at, clock_at, first_contact_at, due_at, minutes_waited,
        response_minutes, contacted_before_clock, status_code, is_due, is_funnel_opportunity, is_funnel_customer,
        is_young, revenue, status
    from sla_leads(view, sla_minutes, clock_start, business_hours, day_start_minute, day_end_minute, workdays,
        holidays, data_timezone, business_timezone, waiting_days);
