-- one row per lead in scope that sales rejected (disqualified): who, from which source, why, when,
-- newest first; $limit rows at most (null: all, for the download).
select
    lead_id,
    source,
    persona,
    owner,
    coalesce(nullif(trim(disqualify_reason), ''), $none_label) as reason,
    created_at,
    mql_at,
    disqualified_at
from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
    $sources, $personas, $segments, $industries, $regions, $owners)
where disqualified_at is not null
    and case when $mode = 'activity' then coalesce(in_range(disqualified_at, $date_from, $date_to), false)
        else hit_lead end
order by disqualified_at desc, lead_id
limit $limit;
