-- the accounts, stored with every import: one grouping of the members (schema/accounts.sql) gives both what the
-- funnel counts by account (the view account_facts) and each account's buying group (the view account_groups,
-- schema/account_groups.sql). run by store.refresh_derived after refresh.sql; kept apart from it because a Spark
-- build does not count accounts (its engine reads refresh.sql's views, and counting by account stays on DuckDB
-- for now). one grouping, not two: each grouped ten million leads into 4.7 million accounts, most of an
-- import's time at that size.

-- the deals counted for another account than their lead's (schema/accounts.sql), before the members that read them
create or replace table account_moved_deals as
select d.deal_id, d.lead_id, d.account_id, l.account_id as lead_account_id
from deals as d
join leads as l using (lead_id)
anti join account_booked_deals as b using (deal_id)
where d.account_id is not null and d.account_id is distinct from l.account_id;

-- one row per persona: its bit in an account's persona mask, the most common persona first; personas past the
-- 62nd most common share the last bit (shared: its name is the page's "other personas" label)
create or replace table account_persona_bits as
with bits as (
    select persona, 1::bigint << least(row_number() over (order by count(*) desc, persona) - 1, 62) as persona_bit
    from leads
    where persona is not null
    group by persona
)
select persona_bit, count(*) > 1 as shared, min(persona) as persona
from bits
group by persona_bit;

-- one row per account: lead_id, account_id (its key), created_at and the first-touch attributes of its first
-- member (a lead before a deal, then by creation, then id: its first lead; an account of outbound deals only:
-- its first deal's date, source and owner), its source and campaign its first touch's (a deal booked on it
-- without its lead and created before its first lead: that deal's); reached a stage when any member did, entered it at the earliest
-- member entry; in order at a stage when any member entered it in order (has_order_open_member: a member may
-- still enter a later stage in order, funnel_hits reads it); disqualified when every member is (a
-- lead's date, the latest, with its reason); its revenue and open deals summed over members. days_* as
-- lead_stages computes them, from the account's own dates; after_seconds and reach_seconds from the earliest of
-- its members' window moments (a member's own, as lead_derivation takes a lead's), so an account reached a stage
-- within the window when any member did; order_after_seconds from those of its members in order at the stage,
-- which ordered mode tests (view_units). the group_* columns are its buying group,
-- over its leads (the people) and all its deals (by the deal's account_id, else its lead's own key): its
-- account_id as its leads carry it, first deal and first won deal, won revenue, the latest deal's owner, its
-- leads and engaged leads (created no later than its first deal, or all of them without a deal), the engaged
-- leads' personas as bits of account_persona_bits, and the stages its leads or deals reached. the first member
-- is picked by its key alone and its attributes joined from its lead or deal: carrying them through the
-- aggregate (arg_min of a struct) was twenty times slower. in creation order, as the leads are, so a cohort's
-- date range skips the row groups outside it.
create or replace table account_rows as
with account_deals as (
    select
        coalesce(unit_account_id, 'lead:' || lead_id) as account_key,
        min(created_at) as first_deal_at,
        min(case when is_won then coalesce(closed_at, created_at) end) as first_won_at,
        bool_or(is_won) as has_won,
        coalesce(sum(case when is_won then amount end), 0) as won_amount,
        arg_max(owner, (created_at, deal_id)) as deal_owner
    from deal_facts
    where coalesce(unit_account_id, lead_id) is not null
    group by 1
),
members as (
    -- each member with its account's deals (few: joined before the one pass over the members)
    select
        m.*,
        d.account_key is not null as has_deal,
        m.is_lead and (d.first_deal_at is null or m.created_at <= d.first_deal_at) as is_engaged,
        d.first_deal_at,
        d.first_won_at,
        d.has_won,
        d.won_amount,
        d.deal_owner,
        b.persona_bit,
        coalesce(is_rejected(m.disqualified_at, m.lifecycle_stage), false) as is_member_rejected,
        -- each member's moments the window tests, as lead_derivation takes them for a lead (window_entry): a stage
        -- without a date of its own by its latest dated earlier stage, else by the member's creation (the window's
        -- start for a lead: counted at any window there; a lead created on an account's day 200 reached nothing
        -- before). the account's are the earliest of its members' (per_account), not window_entry over the
        -- account's earliest dates, where a member's SQL without a date of its own, counted at its MQL on day 35,
        -- was lost to another member's SQL dated on day 212 (trial 72: 2 of 249 SQL accounts)
        window_entry(m.is_mql, m.mql_entered_at, m.created_at) as mql_window_at,
        window_entry(m.is_sql, m.sql_entered_at, coalesce(m.mql_entered_at, m.created_at)) as sql_window_at,
        window_entry(
            m.is_opportunity, m.opportunity_entered_at,
            coalesce(greatest(m.sql_entered_at, m.mql_entered_at), m.created_at)
        ) as opportunity_window_at,
        window_entry(
            m.is_customer, m.customer_entered_at,
            coalesce(greatest(m.opportunity_entered_at, m.sql_entered_at, m.mql_entered_at), m.created_at)
        ) as customer_window_at
    from account_members as m
    left join account_deals as d using (account_key)
    left join account_persona_bits as b using (persona)
),
per_account as (
    select
        account_key,
        min(struct_pack(not_lead := not is_lead, created_at := created_at, member_id := member_id)) as first_member,
        -- its first deal booked on it without its lead (outbound, or its lead another account's): the account's
        -- first touch when it came before the first lead (trial 96: an outbound deal 27 days before the first lead,
        -- a paid_search one an hour before the win, credited its $10,000 to paid_search by account, to outbound by
        -- lead, and the sourced split called it sales')
        min(struct_pack(created_at := created_at, member_id := member_id)) filter (where not is_lead) as first_deal,
        min(mql_at) as mql_at,
        min(sql_at) as sql_at,
        min(first_contact_at) as first_contact_at,
        case when bool_and(disqualified_at is not null) then max(disqualified_at) end as disqualified_at,
        case when bool_and(disqualified_at is not null) then arg_max(disqualify_reason, disqualified_at) end
            as disqualify_reason,
        sum(revenue) as revenue,
        min(mql_entered_at) as mql_entered_at,
        min(sql_entered_at) as sql_entered_at,
        min(opportunity_entered_at) as opportunity_entered_at,
        min(customer_entered_at) as customer_entered_at,
        -- the window's moments: the earliest member's, and the earliest of the members that entered the stage in
        -- order, which ordered mode tests (trial 72: an account counted in order within 30 days on an out-of-order
        -- member's SQL of day 14, its one member in order at SQL on day 64)
        min(mql_window_at) as mql_window_at,
        min(sql_window_at) as sql_window_at,
        min(opportunity_window_at) as opportunity_window_at,
        min(customer_window_at) as customer_window_at,
        min(mql_window_at) filter (where mql_in_order) as mql_order_window_at,
        min(sql_window_at) filter (where sql_in_order) as sql_order_window_at,
        min(opportunity_window_at) filter (where opportunity_in_order) as opportunity_order_window_at,
        min(customer_window_at) filter (where customer_in_order) as customer_order_window_at,
        -- the earliest entry of the members in order at the stage: ordered activity counting dates the account's
        -- entry by it (view_units); by every member's, an account counted in the month of an out-of-order lead's
        -- SQL and not in that of its in-order one (review 75)
        min(mql_entered_at) filter (where mql_in_order) as mql_order_entered_at,
        min(sql_entered_at) filter (where sql_in_order) as sql_order_entered_at,
        min(opportunity_entered_at) filter (where opportunity_in_order) as opportunity_order_entered_at,
        min(customer_entered_at) filter (where customer_in_order) as customer_order_entered_at,
        -- every yes/no of the members as a bit of one aggregate (flagged unpacks them): fifteen bool_or cost a
        -- third of the grouping at ten million leads. a lead's own: is_lead and the stage (the buying group's)
        bit_or(
            (coalesce(has_open_deal, false)::integer << 0)
            | (coalesce(is_mql, false)::integer << 1)
            | (coalesce(is_sql, false)::integer << 2)
            | (coalesce(is_opportunity, false)::integer << 3)
            | (coalesce(is_customer, false)::integer << 4)
            | (coalesce(mql_in_order, false)::integer << 5)
            | (coalesce(sql_in_order, false)::integer << 6)
            | (coalesce(opportunity_in_order, false)::integer << 7)
            | (coalesce(customer_in_order, false)::integer << 8)
            | (is_lead::integer << 9)
            | (has_deal::integer << 10)
            | (coalesce(has_won, false)::integer << 11)
            | (coalesce(is_lead and is_mql, false)::integer << 12)
            | (coalesce(is_lead and is_sql, false)::integer << 13)
            | (coalesce(is_lead and is_opportunity, false)::integer << 14)
            | (coalesce(is_lead and is_customer, false)::integer << 15)
            -- a member not rejected (is_rejected: a date, or a status alone): an account is rejected when none is
            | ((not is_member_rejected)::integer << 16)
            -- where its members are now, for an account moved back (flagged): a member at sql now (not moved back
            -- from it, nor rejected), one at mql or later now (a lead moved back to mql is at mql), one moved back
            | (coalesce(is_sql and not is_moved_back and not is_member_rejected, false)::integer << 17)
            | (coalesce(
                is_mql and not is_member_rejected and (not is_moved_back or lower(lifecycle_stage) = 'mql'), false
            )::integer << 18)
            | (coalesce(is_moved_back, false)::integer << 19)
            -- a member that may still enter a later stage in order: none of its stages reached out of order and not
            -- closed out (funnel_hits' is_in_progress for a lead). ordered mode keeps an account in the window while
            -- one is: an account of an out-of-order lead and a young one at Lead read "dropped out before MQL"
            -- (probe 88: A2)
            | ((not coalesce(
                (is_mql and not mql_in_order) or (is_sql and not sql_in_order)
                    or (is_opportunity and not opportunity_in_order) or (is_customer and not customer_in_order)
                    or is_closed_out(
                        disqualified_at, lifecycle_stage, has_open_deal, opportunity_entered_at, is_customer
                    ),
                false
            ))::integer << 20)
        ) as flags,
        max(member_account_id) as member_account_id,
        any_value(first_deal_at) as first_deal_at,
        any_value(first_won_at) as first_won_at,
        any_value(won_amount) as won_amount,
        any_value(deal_owner) as group_deal_owner,
        count(*) filter (where is_lead) as group_count_leads,
        count(*) filter (where is_engaged) as group_count_engaged,
        coalesce(bit_or(persona_bit) filter (where is_engaged), 0) as group_persona_mask
    from members
    group by account_key
),
flagged as (
    -- reached a stage when any member did; the buying group (account_groups.sql) over its leads and all its deals:
    -- an account without a lead (outbound deals only) has nobody engaged and its members' stages and dates, as
    -- account_facts has them; a deal of the account makes its group an opportunity (a customer when won) whatever
    -- its leads say
    select
        account_key, first_member, first_deal, mql_at, sql_at, first_contact_at, disqualified_at, disqualify_reason, revenue,
        -- every member rejected, one by its status alone (no date): the account is rejected as such a lead is
        -- (is_rejected reads a disqualified lifecycle stage). before, it read as open, and stalled, by account
        case when flags & 65536 = 0 and disqualified_at is null then 'disqualified' end as lifecycle_stage,
        flags & 1 <> 0 as has_open_deal,
        flags & 2 <> 0 as is_mql,
        flags & 4 <> 0 as is_sql,
        flags & 8 <> 0 as is_opportunity,
        flags & 16 <> 0 as is_customer,
        mql_entered_at, sql_entered_at, opportunity_entered_at, customer_entered_at,
        flags & 32 <> 0 as mql_in_order,
        flags & 64 <> 0 as sql_in_order,
        flags & 128 <> 0 as opportunity_in_order,
        flags & 256 <> 0 as customer_in_order,
        -- moved back in the crm as a lead is (is_moved_back), by where its leads are now: an account is at the
        -- furthest stage any of its leads is at, so it is moved back when a lead was moved back and none is now at
        -- the account's furthest dated stage (sql, or mql without sql); never with an opportunity or a deal. read
        -- from its lifecycle stage (null), it never was: a one-lead account recycled from sql was a stalled sql
        -- (trial 88: 8 sql accounts in stage, 7 stalled, where by lead the lead was said moved back)
        flags & (8 | 524288) = 524288
            and (
                flags & (4 | 131072) = 4
                or flags & (2 | 4 | 262144) = 2
            ) as is_moved_back,
        flags & 1048576 <> 0 as has_order_open_member,
        mql_window_at, sql_window_at, opportunity_window_at, customer_window_at,
        mql_order_window_at, sql_order_window_at, opportunity_order_window_at, customer_order_window_at,
        mql_order_entered_at, sql_order_entered_at, opportunity_order_entered_at, customer_order_entered_at,
        flags & 512 <> 0 as has_people,
        case when has_people then member_account_id else account_key end as group_account_id,
        case when has_people then first_deal_at else opportunity_entered_at end as group_first_deal_at,
        case when has_people then first_won_at else customer_entered_at end as group_first_won_at,
        case when has_people then coalesce(won_amount, 0) else revenue end as group_won_amount,
        group_deal_owner, group_count_leads, group_count_engaged, group_persona_mask,
        case when has_people then flags & (1024 | 16384) <> 0 else is_opportunity end as group_is_opportunity,
        case when has_people then flags & (2048 | 32768) <> 0 else is_customer end as group_is_customer,
        case when has_people then flags & 8192 <> 0 else is_sql end as group_is_sql,
        case when has_people then flags & 4096 <> 0 else is_mql end as group_is_mql
    from per_account
),
accounts as (
    select
        l.lead_id,
        a.first_member.created_at as created_at,
        -- its first touch: the first deal booked on it without its lead when that came before its first lead (an
        -- account of outbound deals only, or sales first), its source as deal_facts labels it (outbound without a
        -- source of its own, config.OUTBOUND_SOURCE; before, 'unknown' here while the sourced split said sales'),
        -- and the campaign by lead (none without a lead); else its first lead's. a tie goes to the lead
        case when d.deal_id is not null then d.source else l.source end as source,
        case when d.deal_id is not null then d.campaign else l.campaign end as campaign,
        l.persona,
        -- the accounts table's segment, industry and region when it has one for the account, else its first lead's
        -- (trial 48: a HubSpot companies file carries the industry, its contacts rarely do)
        coalesce(t.segment, l.segment) as segment,
        coalesce(t.industry, l.industry) as industry,
        coalesce(t.region, l.region) as region,
        case when a.first_member.not_lead then d.owner else l.owner end as owner,
        a.account_key as account_id,
        a.* exclude (account_key, first_member, first_deal, has_people, group_deal_owner),
        case when a.has_people then a.first_member.created_at end as group_first_lead_at,
        case when a.has_people then a.group_deal_owner else coalesce(a.group_deal_owner, d.owner) end
            as group_deal_owner
    from flagged as a
    left join leads as l on not a.first_member.not_lead and l.lead_id = a.first_member.member_id
    left join deal_facts as d
        on (a.first_member.not_lead or a.first_deal.created_at < a.first_member.created_at)
        and d.deal_id = a.first_deal.member_id
    left join accounts as t on t.account_id = a.account_key
)
select
    * exclude (
        mql_window_at, sql_window_at, opportunity_window_at, customer_window_at, mql_order_window_at,
        sql_order_window_at, opportunity_order_window_at, customer_order_window_at
    ),
    date_diff('second', created_at, mql_window_at) as mql_after_seconds,
    date_diff('second', created_at, sql_window_at) as sql_after_seconds,
    date_diff('second', created_at, opportunity_window_at) as opportunity_after_seconds,
    date_diff('second', created_at, customer_window_at) as customer_after_seconds,
    -- the same of its members in order at the stage, which ordered mode reads as after_seconds (view_units)
    date_diff('second', created_at, mql_order_window_at) as mql_order_after_seconds,
    date_diff('second', created_at, sql_order_window_at) as sql_order_after_seconds,
    date_diff('second', created_at, opportunity_order_window_at) as opportunity_order_after_seconds,
    date_diff('second', created_at, customer_order_window_at) as customer_order_after_seconds,
    date_diff('second', created_at, mql_at) / 86400.0 as days_lead_to_mql,
    date_diff('second', mql_at, sql_at) / 86400.0 as days_mql_to_sql,
    date_diff('second', sql_at, opportunity_entered_at) / 86400.0 as days_sql_to_opportunity,
    date_diff('second', opportunity_entered_at, customer_entered_at) / 86400.0 as days_opportunity_to_customer,
    -- the cohort funnel's window test, as lead_derivation stores it for leads
    stage_reach(
        1, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as mql_reach_seconds,
    stage_reach(
        2, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as sql_reach_seconds,
    stage_reach(
        3, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as opportunity_reach_seconds,
    stage_reach(
        4, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as customer_reach_seconds,
    -- as lead_derivation stores them for leads
    coalesce(is_rejected(disqualified_at, lifecycle_stage), false) as is_rejected,
    is_closed_out(disqualified_at, lifecycle_stage, has_open_deal, opportunity_entered_at, is_customer) as is_closed_out,
    is_stage_unknown(lifecycle_stage, is_mql) as is_stage_unknown
from accounts
order by created_at;

-- one row per account with the lead_stages columns the funnel macros read, so funnel_hits counts accounts with
-- the very rules it counts leads with (view_units, macros/scope.sql)
create or replace view account_facts as
select columns(lambda c: not starts_with(c, 'group_'))
from account_rows;
