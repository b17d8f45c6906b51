-- buying groups: the people (leads) of each account, for the Accounts page.

-- one row per account whose first lead fits the view ($view, see scope.sql): in range by its creation (in
-- either counting mode: a buying group is followed as a cohort) and matching the dimension filters, as
-- the account's attributes are its first lead's. a lead without account_id is its own account, keyed
-- 'lead:' || lead_id. its people are all its leads; the engaged ones were created no later than its first
-- opportunity (its first deal, a deal without a lead included), or all of them when it has none or
-- reached opportunity only by its exported lifecycle stage (no date to compare with). reached_opportunity
-- and reached_customer count within the conversion window of the first lead, as funnel_hits does for a
-- lead; is_young: the first lead is younger than the window, so not converting is not judged yet.
create or replace macro buying_groups(view, none_label) as table
with account_deals as (
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
        d.account_key is not null as has_deal,
        d.first_deal_at is null or l.created_at <= d.first_deal_at as is_engaged,
        d.first_deal_at,
        d.first_won_at,
        d.has_won,
        d.won_amount,
        d.deal_owner
    from (select coalesce(account_id, 'lead:' || lead_id) as account_key, * from leads) as l
    left join account_deals as d using (account_key)
),
grouped as (
    select
        account_key,
        max(account_id) as account_id,
        min(created_at) as first_lead_at,
        arg_min(
            {'source': source, 'persona': persona, 'segment': segment, 'industry': industry, 'region': region,
             'owner': owner},
            (created_at, lead_id)
        ) as first_lead,
        any_value(first_deal_at) as first_opportunity_at,
        any_value(first_won_at) as first_won_at,
        coalesce(any_value(won_amount), 0) as revenue,
        any_value(deal_owner) as deal_owner,
        count(*) as count_leads,
        count(*) filter (where is_engaged) as count_engaged,
        -- no engaged lead: list() of no rows is null, not an empty list
        list_sort(list_distinct(coalesce(list(persona) filter (where is_engaged), []))) as personas,
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
)
select
    account_key,
    account_id,
    first_lead_at,
    first_opportunity_at,
    count_leads,
    count_engaged,
    case when len(personas) = 0 then none_label else array_to_string(personas, ' + ') end as persona_mix,
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
from in_view;
