-- views over the stored tables, read by the page queries through the macros.

-- one row per lead: its columns, the stored stage columns, and the days each step took. these are
-- computed on read: only the time-to-convert views use them, and storing them slowed every import.
create or replace view lead_stages as
select
    *,
    -- time to convert per step, from each stage's own date only (borrowed dates would read as 0 days)
    date_diff('second', created_at, mql_at) / 86400.0 as days_lead_to_mql,
    date_diff('second', mql_at, sql_at) / 86400.0 as days_mql_to_sql,
    date_diff('second', sql_at, opportunity_entered_at) / 86400.0 as days_sql_to_opportunity,
    date_diff('second', opportunity_entered_at, customer_entered_at) / 86400.0 as days_opportunity_to_customer
from leads;

-- one row per deal, with the attributes of its originating lead. a deal without a lead is
-- sales-sourced: it carries its own source and its own date as cohort date.
create or replace view v_deal_facts as
-- the leads joined to a deal, taken from the leads the deals name first (a semi join on the deals' lead ids): a left
-- join to every lead built its hash table over all of them, and with the lead's owner and id stored here (derived
-- version 48) the ten-million-lead demo ran out of memory under demo.MEMORY_LIMIT inside its one transaction (1.5 GB;
-- 4 GB failed one table later). the rows are the same: a deal meets only a lead whose id it names
with deal_leads as (
    select *
    from leads
    where lead_id in (select lead_id from deals)
),
-- each deal with the account it counts for when counting by account: its account_id, else its lead's; a deal booked
-- on an account none of the leads belongs to, its lead's (schema/booked_deals.sql). written once here, read by the
-- select and by the first wins by account (fa) below
deal_units as (
    select
        d.*,
        case when b.deal_id is null then coalesce(d.account_id, l.account_id) else l.account_id end as unit_account_id
    from deals as d
    left join deal_leads as l using (lead_id)
    left join account_booked_deals as b using (deal_id)
)
select
    d.deal_id,
    d.lead_id,
    -- it names a lead: a deal of a lead whose source is unknown is of unknown origin, one without a lead id and
    -- without a source of its own is outbound, sales' (the sourced split, macros/scope.sql deal_origin). a lead
    -- id that is not stored (a HubSpot contact deleted or merged away) is a lead all the same: its origin is
    -- unknown, not sales'; before, those deals counted as sales-sourced while `sources` listed them as unknown
    d.lead_id is not null as has_lead,
    -- its lead is stored (has_lead says only that it names one), and that lead's own owner (owner below is the deal's,
    -- else its lead's): with the lead's other values below, the landing page's customers and wins
    -- (customers_and_wins.sql) tells a won deal of no stored lead and a won lead outside the view's values from the
    -- deal alone, where joining the won deals to the ten million leads was half its time
    l.lead_id is not null as has_stored_lead,
    l.owner as lead_owner,
    -- neither a lead nor a source of its own: outbound, sales' whatever the sales-owned list (deal_origin)
    d.lead_id is null and d.source is null as is_unsourced,
    coalesce(d.account_id, l.account_id) as account_id,
    -- the account the deal counts for when counting by account (deal_units above). account_id stays the deal's
    -- own: a repeat purchase is the company's, whoever the contact
    d.unit_account_id,
    d.status,
    d.status = 'won' as is_won,
    d.amount,
    d.created_at,
    d.closed_at,
    d.lost_reason,
    d.activated_at,
    d.churned_at,
    coalesce(l.created_at, d.created_at) as cohort_at,
    -- a deal without a lead id and without a source of its own is outbound (config.OUTBOUND_SOURCE, on the
    -- sales-owned list by default, so sales-sourced): before, it read 'unknown' here while the sourced split
    -- called it sales' (trial 48: a HubSpot deals export has no deal source)
    -- spelled as the data spells outbound when it has it, its most common spelling (a Salesforce LeadSource
    -- "Outbound"): before, the Sources page showed two rows labelled Outbound, the file's and this default (trial 68)
    coalesce(
        l.source,
        d.source,
        case when d.lead_id is null then coalesce(
            (
                select x.source
                from (select source from deals union all select source from leads) as x
                where source_key(x.source) = 'outbound'
                group by x.source
                order by count(*) desc, x.source
                limit 1
            ),
            'outbound'
        ) else 'unknown' end
    ) as source,
    l.campaign,
    l.persona,
    l.segment,
    l.industry,
    l.region,
    coalesce(d.owner, l.owner) as owner,
    case
        when d.status = 'won' and d.closed_at is not null
            then date_diff('second', d.created_at, d.closed_at) / 86400.0
    end as cycle_days,
    -- the lead's first marketing touch, whenever it was: the deal is marketing-influenced when it came no later
    -- than the deal's creation (the Sources page). a touch of a sales-owned source (an SDR's outbound sequence)
    -- is sales' own work, and one without a source or of an unknown one is no marketing touch anyone can name.
    -- stored with the deal so that page reads no touches
    t.first_touched_at,
    -- a new customer is made by its first win (DOMAIN: CAC is spend per new customer): a won deal is one when it is
    -- the first won deal of its lead (of its own, without a lead), or counting by account of the account it counts
    -- for (unit_account_id, else its lead's, else its own): first_wins below. stored: the Sources page found them per
    -- view, half its CAC query's time at ten million leads
    fl.deal_id is not null as is_first_win_of_lead,
    fa.deal_id is not null as is_first_win_of_account
from deal_units as d
left join deal_leads as l using (lead_id)
left join (
    select lead_id, min(touched_at) as first_touched_at
    from touches
    where lead_id in (select lead_id from deals)
        and source in (
            -- each distinct label keyed once (a key per touch cost ten times the grouping); 'unknown' is
            -- config.UNKNOWN_SOURCE
            select source
            from (select distinct source from touches where source is not null)
            where source_key(source) <> 'unknown' and source_key(source) not in (select key from sales_keys)
        )
    group by lead_id
) as t using (lead_id)
-- a win without a close date comes after the dated ones (activity mode places a win by its close date, and an undated
-- first win would leave the dated one in the range a repeat); the deal id settles a tie. grouped over the won deals
-- alone: a window over every deal cost twice as much at each import
left join (
    select arg_min(deal_id, (coalesce(closed_at, created_at + interval 1000 year), deal_id)) as deal_id
    from deals
    where status = 'won'
    group by lead_id, case when lead_id is null then deal_id end
) as fl using (deal_id)
left join (
    select arg_min(deal_id, (coalesce(closed_at, created_at + interval 1000 year), deal_id)) as deal_id
    from deal_units
    where status = 'won'
    group by
        unit_account_id,
        case when unit_account_id is null then lead_id end,
        case when unit_account_id is null and lead_id is null then deal_id end
) as fa using (deal_id);
