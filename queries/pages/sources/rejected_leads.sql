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
from funnel_hits($view)
-- rejected by a date, or by a status alone (no date: counted by its creation in cohort mode, listed last)
where is_rejected
    and case when ($view).mode = 'activity' then coalesce(in_view($view, disqualified_at), false)
        else hit_lead end
order by disqualified_at desc nulls last, lead_id
limit $limit;
