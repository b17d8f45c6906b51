-- one row per status, number of engaged people and persona mix of the accounts in the view (see
-- buying_groups): how many accounts, and how many of them became opportunities and customers. status
-- 'judged': old enough to have converted, with people engaged before its first opportunity; 'young': its
-- first lead is younger than the conversion window; 'sales_first': its first opportunity came before any
-- of its leads (no one was engaged before it); 'outbound_only': it has no lead at all, only deals whose lead is
-- not stored. lone_lead: the accounts are leads without account_id. the accounts are counted per persona mask
-- first and the few masks named after (persona_mix), then summed per name: two masks may share one (a persona
-- stored as '(none)' and no persona at all).
with units as (
    -- lone_lead by a filter on account_id, not by reading it: a filter is answered by the column's nulls (and
    -- its statistics, so a branch without such accounts is cut), where reading 4.7 million ids to test them cost
    -- a fifth of the query at ten million leads
    select *, false as lone_lead from buying_groups($view, null) where account_id is not null
    union all
    select *, true as lone_lead from buying_groups($view, null) where account_id is null
),
per_mask as (
    -- grouped on numbers and yes/no only (the status and the mix's name come after, on a few hundred rows)
    select
        count_leads = 0 as outbound_only,
        count_engaged as people,
        is_young,
        persona_mask,
        lone_lead,
        count(*) as count_accounts,
        count(*) filter (where reached_opportunity) as count_opportunities,
        count(*) filter (where reached_customer) as count_customers
    from units
    group by all
)
select
    case
        when outbound_only then 'outbound_only' when people = 0 then 'sales_first'
        when is_young then 'young' else 'judged'
    end as status,
    people,
    persona_mix(persona_mask, $none_label, $other_personas_label) as persona_mix,
    lone_lead,
    sum(count_accounts)::bigint as count_accounts,
    sum(count_opportunities)::bigint as count_opportunities,
    sum(count_customers)::bigint as count_customers
from per_mask
group by all
order by status, people, persona_mix, lone_lead;
