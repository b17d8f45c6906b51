-- buying groups: the people (leads) of each account, for the Accounts page.

-- one row per account whose first lead fits the view ($view, see scope.sql): in range by its creation (in
-- either counting mode: a buying group is followed as a cohort) and matching the dimension filters, as
-- the account's attributes are its first lead's. a lead without account_id is its own account, keyed
-- 'lead:' || lead_id. its people are all its leads; the engaged ones were created no later than its first
-- opportunity (its first deal, a deal without a lead included), or all of them when it has none or
-- reached opportunity only by its exported lifecycle stage (no date to compare with). reached_opportunity
-- and reached_customer count within the conversion window of the first lead, as funnel_hits does for a
-- lead; is_young: the first lead is younger than the window, so not converting is not judged yet.
-- persona_mix: the personas of the engaged people, by name ("CFO + CMO"), none_label when none has one.
create or replace macro buying_groups(view, none_label, other_personas_label) as table
with persona_bits as (
    -- each persona one bit of a bigint, the most common first, so that an account's persona mix is one
    -- bit_or (a list of names per account cost five times as much); personas past the 62nd most common
    -- share the last bit, named other_personas_label
    select persona, 1::bigint << least(row_number() over (order by count(*) desc, persona) - 1, 62) as persona_bit
    from leads
    where persona is not null
    group by persona
),
bit_names as (
    select persona_bit, case when count(*) > 1 then other_personas_label else any_value(persona) end as name
    from persona_bits
    group by persona_bit
),
account_deals as (
    select
        coalesce(account_id, 'lead:' || lead_id) as account_key,
        min(created_at) as first_deal_at,
        min(case when is_won then coalesce(closed_at, created_at) end) as first_won_at,
        bool_or(is_won) as has_won,
        coalesce(sum(case when is_won then amount end), 0) as won_amount,
        arg_max(owner, (created_at, deal_id)) as deal_owner
    from deal_facts
    where coalesce(account_id, lead_id) is not null
    group by 1
),
people as (
    -- each lead with its account's deals (few: joined before the one pass over the leads); the deal columns'
    -- names differ from the lead's own (revenue, has_open_deal)
    select
        l.*,
        b.persona_bit,
        d.account_key is not null as has_deal,
        d.first_deal_at is null or l.created_at <= d.first_deal_at as is_engaged,
        d.first_deal_at,
        d.first_won_at,
        d.has_won,
        d.won_amount,
        d.deal_owner
    from (select coalesce(account_id, 'lead:' || lead_id) as account_key, * from leads) as l
    left join account_deals as d using (account_key)
    left join persona_bits as b using (persona)
),
grouped as (
    select
        account_key,
        max(account_id) as account_id,
        min(created_at) as first_lead_at,
        -- the first lead: the least of the structs, compared field by field, so the earliest and, among leads
        -- created at one moment, the least lead_id (arg_min with a (created_at, lead_id) key cost twice as much);
        -- a query that reads none of its fields does not compute it
        min(
            {'created_at': created_at, 'lead_id': lead_id, 'source': source, 'persona': persona, 'segment': segment,
             'industry': industry, 'region': region, 'owner': owner}
        ) as first_lead,
        any_value(first_deal_at) as first_opportunity_at,
        any_value(first_won_at) as first_won_at,
        coalesce(any_value(won_amount), 0) as revenue,
        any_value(deal_owner) as deal_owner,
        count(*) as count_leads,
        count(*) filter (where is_engaged) as count_engaged,
        coalesce(bit_or(persona_bit) filter (where is_engaged), 0) as persona_mask,
        bool_or(has_deal) or bool_or(is_opportunity) as is_opportunity,
        coalesce(bool_or(has_won), false) or bool_or(is_customer) as is_customer,
        bool_or(is_sql) as is_sql,
        bool_or(is_mql) as is_mql
    from people
    group by account_key
),
in_view as (
    select
        *,
        is_customer and in_window(view, date_diff('second', first_lead_at, first_won_at)) as reached_customer
    from grouped
    where in_view(view, first_lead_at)
        and view_match(
            view, first_lead.source, first_lead.persona, first_lead.segment, first_lead.industry,
            first_lead.region, first_lead.owner
        )
),
mixes as (
    -- the names of each mix that occurs, in alphabetical order ("CFO + CMO")
    select m.persona_mask, string_agg(n.name, ' + ' order by n.name) as persona_mix
    from (select distinct persona_mask from in_view) as m
    join bit_names as n on m.persona_mask & n.persona_bit <> 0
    group by m.persona_mask
)
select
    account_key,
    account_id,
    first_lead_at,
    first_opportunity_at,
    count_leads,
    count_engaged,
    coalesce(x.persona_mix, none_label) as persona_mix,
    case
        when is_customer then 'customer' when is_opportunity then 'opportunity' when is_sql then 'sql'
        when is_mql then 'mql' else 'lead'
    end as furthest_stage,
    coalesce(deal_owner, first_lead.owner) as owner,
    revenue,
    -- a customer within the window was an opportunity within it, whatever the dates of its deals say
    (is_opportunity and in_window(view, date_diff('second', first_lead_at, first_opportunity_at)))
        or reached_customer as reached_opportunity,
    reached_customer,
    (view).mode = 'cohort' and coalesce((view).window_days, 0) > 0
        and first_lead_at > (select as_of from data_as_of) - to_days((view).window_days::integer) as is_young
from in_view
left join mixes as x using (persona_mask);
