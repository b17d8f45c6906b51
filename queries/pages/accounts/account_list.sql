-- one row per account in the view (see buying_groups) with between $people_min and $people_max engaged
-- people (null: no bound): its id (null for a lead without account), people, personas engaged, furthest
-- stage, owner (and the first lead's, which the Owner filter matches) and won revenue; biggest revenue first,
-- $page_size rows from $page_offset (buying_groups takes the page before computing its rows). depth_status: whether
-- the depth table compares it, as account_depth.sql's status ('judged', else why not): a list filtered to a depth
-- held a too-young account its row leaves out, unmarked (trial 96: 13 listed under the row's 12).
select
    account_key,
    account_id,
    count_engaged,
    case
        when count_leads = 0 then 'outbound_only' when count_engaged = 0 then 'sales_first'
        when is_young then 'young' else 'judged'
    end as depth_status,
    count_leads,
    persona_mix(persona_mask, $none_label, $other_personas_label) as persona_mix,
    furthest_stage,
    furthest_after_window,
    owner,
    first_lead_owner,
    revenue,
    first_lead_at,
    first_opportunity_at
from buying_groups(
    $view,
    {'people_min': $people_min::bigint, 'people_max': $people_max::bigint, 'size': $page_size::bigint,
        'offset': $page_offset::bigint}
)
order by revenue desc, count_engaged desc, account_key;
