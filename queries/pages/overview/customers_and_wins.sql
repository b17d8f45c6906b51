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
-- a won deal's lead is read off the deal (deal_facts: has_stored_lead, and the lead's values a view matches it on:
-- source, persona, segment, industry and region are its lead's when that is stored, lead_owner the lead's owner), as
-- joining the won deals to every lead to find them took half the query at ten million leads; the customers and the
-- won leads meet in one join, where each count matched them again (a customer is a stored lead: a won lead among them
-- is stored and fits the view).
with customers as (
    select lead_id
    from funnel_hits($view)
    where hit_customer
),
won as (
    select
        lead_id,
        has_stored_lead,
        view_match($view, source, persona, segment, industry, region, lead_owner) as is_lead_in_view
    from deals_in_scope($view)
    where status = 'won'
),
won_leads as (
    -- one row per stored lead with a won deal in scope, with its won deals
    select lead_id, count(*) as count_wins, any_value(is_lead_in_view) as is_lead_in_view
    from won
    where has_stored_lead
    group by lead_id
),
matched as (
    select
        lead_id,
        c.lead_id is not null as is_customer,
        w.lead_id is not null as is_won_lead,
        coalesce(w.is_lead_in_view, true) as is_lead_in_view,
        coalesce(w.count_wins, 0) as count_wins
    from customers as c
    full join won_leads as w using (lead_id)
),
lead_parts as (
    select
        count(*) filter (where is_customer) as count_customers,
        sum(count_wins) - count(*) filter (where is_won_lead) as count_repeat_wins,
        count(*) filter (where is_won_lead and not is_customer) as count_won_leads_not_customers,
        count(*) filter (where is_won_lead and not is_lead_in_view) as count_won_leads_outside,
        count(*) filter (where is_customer and not is_won_lead) as count_customers_without_win
    from matched
),
won_elsewhere as (
    -- customers without a win in view that won a deal the view's filters leave out (a deal owner other than the lead's)
    select count(*) as count_customers_won_elsewhere
    from matched
    where is_customer
        and not is_won_lead
        and lead_id in (
            select lead_id
            from deal_facts
            where is_won
                and lead_id is not null
                and not view_match($view, source, persona, segment, industry, region, owner)
        )
),
deal_parts as (
    select count(*) as count_won, count(*) filter (where not has_stored_lead) as count_won_without_lead
    from won
)
select
    l.count_customers,
    d.count_won,
    d.count_won_without_lead,
    coalesce(l.count_repeat_wins, 0)::bigint as count_repeat_wins,
    l.count_won_leads_not_customers,
    l.count_won_leads_outside,
    l.count_customers_without_win,
    e.count_customers_won_elsewhere
from lead_parts as l, deal_parts as d, won_elsewhere as e;
