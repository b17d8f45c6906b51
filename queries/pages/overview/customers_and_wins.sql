-- one row: how the funnel's customers (leads counted at the customer stage under the mode and window)
-- and the won deals in scope (deals_in_scope, no window) relate. won deals = customers + won_without_lead
-- + repeat_wins + won_leads_not_customers - customers_without_win, always:
--   won_without_lead: won deals whose lead is not stored (outbound, sales-sourced);
--   repeat_wins: won deals beyond the first of the same lead in scope;
--   won_leads_not_customers: leads with a won deal in scope the funnel does not count as customers
--     (cohort mode: first win after the conversion window, or out of stage order; activity mode: first
--     win outside the range, a later win inside it);
--     won_leads_outside counts those of them whose lead does not fit the view's filters at all (the
--     deal fits by its own owner, the lead has another);
--   customers_without_win: customers with no won deal in scope (a lifecycle stage only, or a win
--     without a close date); customers_won_elsewhere those of them with a won deal the view's filters
--     leave out (a deal owner other than the lead's), not a win that merely has no close date.
-- the parts say what the data shows, not what the filters could explain: an owner filter had its
-- wins blamed on the conversion window.
-- only the customers' ids are kept of the funnel's hits (a few per cent of the leads): keeping every lead's hit and
-- joining the won leads to all of them took a third of the query at ten million leads, the landing page's costliest.
with customers as (
    select lead_id
    from funnel_hits($view)
    where hit_customer
),
won as (
    select d.deal_id, l.lead_id
    from deals_in_scope($view) as d
    left join leads as l using (lead_id)
    where d.status = 'won'
),
won_leads as (
    select distinct lead_id
    from won
    where lead_id is not null
)
select
    (select count(*) from customers) as count_customers,
    (select count(*) from won) as count_won,
    (select count(*) from won where lead_id is null) as count_won_without_lead,
    (select count(*) from won where lead_id is not null) - (select count(*) from won_leads) as count_repeat_wins,
    (
        select count(*)
        from won_leads
        -- lead_id is never null (leads.lead_id not null): not in is the anti join
        where lead_id not in (select lead_id from customers)
    ) as count_won_leads_not_customers,
    (
        select count(*)
        from won_leads as w
        join lead_stages as l using (lead_id)
        where not view_match($view, l.source, l.persona, l.segment, l.industry, l.region, l.owner)
    ) as count_won_leads_outside,
    (
        select count(*)
        from customers as h
        where h.lead_id not in (select lead_id from won_leads)
    ) as count_customers_without_win,
    (
        select count(*)
        from customers as h
        where h.lead_id not in (select lead_id from won_leads)
            and h.lead_id in (
                select lead_id
                from deal_facts
                where is_won
                    and lead_id is not null
                    and not view_match($view, source, persona, segment, industry, region, owner)
            )
    ) as count_customers_won_elsewhere;
