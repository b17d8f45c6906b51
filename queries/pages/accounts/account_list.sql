-- one row per account in the view (see buying_groups) with between $people_min and $people_max engaged
-- people (null: no bound): its id (null for a lead without account), people, personas engaged, furthest
-- stage, owner (and the first lead's, which the Owner filter matches) and won revenue; biggest revenue first, $page_size rows from $page_offset.
select
    account_key,
    account_id,
    count_engaged,
    count_leads,
    persona_mix,
    furthest_stage,
    furthest_after_window,
    owner,
    first_lead_owner,
    revenue,
    first_lead_at,
    first_opportunity_at
from buying_groups($view, $none_label, $other_personas_label)
where count_engaged >= coalesce($people_min::bigint, 0)
    and ($people_max is null or count_engaged <= $people_max::bigint)
order by revenue desc, count_engaged desc, account_key
limit $page_size offset $page_offset;
