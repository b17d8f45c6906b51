-- one row per source and closed-lost reason (deals in scope): lost deals for that reason, and the
-- source's closed deals (won + lost), the base of the share.
with scoped as (
    select *
    from deals_in_scope($view)
),
closed as (
    select source, count(*) filter (where status in ('won', 'lost')) as count_closed
    from scoped
    group by source
)
select
    s.source,
    coalesce(nullif(trim(s.lost_reason), ''), $none_label) as reason,
    count(*) as count_lost,
    c.count_closed
from scoped as s
join closed as c using (source)
where s.status = 'lost'
group by all
order by s.source, count_lost desc, reason;
