-- one row per source and rejection reason: leads of the source that sales rejected (disqualified)
-- for that reason, and the MQLs of the source handed to sales, the base of the rejection rate.
with scoped as (
    select *
    from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
        $sources, $personas, $segments, $industries, $regions, $owners)
),
handed as (
    select source, count(*) filter (where hit_mql) as count_mqls
    from scoped
    group by source
),
rejected as (
    select source, coalesce(nullif(trim(disqualify_reason), ''), $none_label) as reason, count(*) as count_rejected
    from scoped
    where disqualified_at is not null
        and case when $mode = 'activity' then coalesce(in_range(disqualified_at, $date_from, $date_to), false)
            else hit_lead end
    group by all
)
select r.source, r.reason, r.count_rejected, h.count_mqls
from rejected as r
join handed as h using (source)
order by r.source, r.count_rejected desc, r.reason;
