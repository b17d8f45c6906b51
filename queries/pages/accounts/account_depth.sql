-- one row per status, number of engaged people and persona mix of the accounts in the view (see
-- buying_groups): how many accounts, and how many of them became opportunities and customers. status
-- 'judged': old enough to have converted, with people engaged before its first opportunity; 'young': its
-- first lead is younger than the conversion window; 'sales_first': its first opportunity came before any
-- of its leads (no one was engaged before it); 'outbound_only': it has no lead at all, only deals whose lead is
-- not stored. lone_lead: the accounts are leads without account_id.
select
    case
        when count_leads = 0 then 'outbound_only' when count_engaged = 0 then 'sales_first' when is_young then 'young'
        else 'judged'
    end as status,
    count_engaged as people,
    persona_mix,
    account_id is null as lone_lead,
    count(*) as count_accounts,
    count(*) filter (where reached_opportunity) as count_opportunities,
    count(*) filter (where reached_customer) as count_customers
from buying_groups($view, $none_label, $other_personas_label)
group by all
order by status, people, persona_mix, lone_lead;
