-- buying groups: the people (leads) of each account, for the Accounts page.

-- the name of a persona mix (account_groups.persona_mask): its personas in alphabetical order ("CFO + CMO"),
-- none_label when none has one; personas sharing the last bit are named other_personas_label. the pages name a
-- mix after grouping or paging (a few hundred masks, or one page's): naming 4.7 million accounts before grouping
-- them was most of the buying-group depth's time at ten million leads (issue 17).
create or replace macro persona_mix(mask, none_label, other_personas_label) as coalesce(
    (
        select string_agg(n.name, ' + ' order by n.name)
        from (
            select persona_bit, case when shared then other_personas_label else persona end as name
            from account_persona_bits
        ) as n
        where mask & n.persona_bit <> 0
    ),
    none_label
);

-- one row per account whose first lead fits the view ($view, see scope.sql), read from account_groups (stored
-- at import, schema/account_groups.sql): in range by its creation (in either counting mode: a buying group is
-- followed as a cohort) and matching the dimension filters, as the account's attributes are its first lead's.
-- page null: every such account; else only one page of the account list, in its order (biggest won revenue, then
-- most engaged people, then key), of those with between page.people_min and page.people_max engaged people (null:
-- no bound), page.size accounts from page.offset. the page is taken straight from account_groups, so DuckDB reads
-- the full rows of that page only (by row id, after a top-n over the narrow sort key); the branch a call does not
-- take is cut from the plan (page is bound before planning). at ten million leads the list's first page read
-- every account's row and computed it before sorting: 460 ms (issue 17).
-- a lead without account_id is its own account, keyed 'lead:' || lead_id; an account with only an outbound
-- deal (no lead) is in the view by that deal, as the Funnel page counts it, with no people. its people are all
-- its leads; the engaged ones were created no later than its first opportunity (its first deal, a deal without
-- a lead included), or all of them when it has none or reached opportunity only by its exported lifecycle
-- stage (no date to compare with). reached_opportunity and reached_customer count within the conversion
-- window of its creation, as funnel_hits does for a lead in cohort mode, in either counting mode (cohort_window);
-- is_young: created less than the window ago, so not converting is not judged yet. persona_mask: the personas of
-- the engaged people as bits of account_persona_bits (persona_mix names it).
create or replace macro buying_groups(view, page) as table
with in_view as (
    select *
    from account_groups
    where page is null
        and in_view(view, created_at)
        and view_match(view, source, persona, segment, industry, region, owner)
    union all
    select *
    from (
        select *
        from account_groups
        where page is not null
            and in_view(view, created_at)
            and view_match(view, source, persona, segment, industry, region, owner)
            and count_engaged >= coalesce((page).people_min::bigint, 0)
            and ((page).people_max is null or count_engaged <= (page).people_max::bigint)
        order by revenue desc, count_engaged desc, account_key
        limit (page).size offset (page).offset
    )
)
select
    account_key,
    account_id,
    first_lead_at,
    first_opportunity_at,
    count_leads,
    count_engaged,
    persona_mask,
    case
        when is_customer then 'customer' when is_opportunity then 'opportunity' when is_sql then 'sql'
        when is_mql then 'mql' else 'lead'
    end as furthest_stage,
    -- an account whose furthest stage (customer, opportunity) came after its first lead's window: the account funnel
    -- does not count it there, so the list says so ("Customer (after the 180-day window)"; A5 read "Customer")
    case
        when is_customer then not reached_customer
        when is_opportunity then not cohort_window(view, date_diff('second', created_at, first_opportunity_at))
        else false
    end as furthest_after_window,
    coalesce(deal_owner, owner) as owner,
    -- the owner the Owner filter matches (the account's first lead's, as the Funnel counts it), shown beside the
    -- list's owner: filtered to Ann Owner, the list showed Acme with its accounts file's owner Zed Manager (trial 42)
    owner as first_lead_owner,
    revenue,
    -- a customer within the window was an opportunity within it, whatever the dates of its deals say
    (is_opportunity and cohort_window(view, date_diff('second', created_at, first_opportunity_at)))
        or reached_customer as reached_opportunity,
    reached_customer,
    -- in either counting mode: the page follows buying groups as cohorts, and in activity mode an account created
    -- on the data's last day read as a one-person account that did not convert, and a win 208 days after the
    -- first lead as a conversion beside a 180-day window (trial 68)
    coalesce((view).window_days, 0) > 0
        and created_at > (select as_of from data_as_of) - to_days((view).window_days::integer) as is_young
from (
    select *, is_customer and cohort_window(view, date_diff('second', created_at, first_won_at)) as reached_customer
    from in_view
);
