-- one row per source and closed-lost reason (deals in scope): lost deals for that reason, and the
-- source's closed deals (won + lost), the base of the share. a reason is grouped by reason_key (case, spaces and
-- underscores aside: "Price" and "price" are one reason) and named by its most common spelling among the lost deals
-- counted here (ties: the first in byte order, "Price" before "price"), one label on every source's row
with scoped as (
    select *
    from deals_in_scope($view)
),
closed as (
    select source, count(*) filter (where status in ('won', 'lost')) as count_closed
    from scoped
    group by source
),
-- counted per spelling first: the key is worked out once per spelling, not per deal
spelled as (
    select source, nullif(trim(lost_reason), '') as spelling, count(*) as count_lost
    from scoped
    where status = 'lost'
    group by all
),
keyed as (
    select *, reason_key(spelling) as reason_key
    from spelled
),
labels as (
    -- reason_label (macros/reason_label.sql): the most common spelling, ties to the first in byte order
    select reason_key, reason_label(spelling, n) as label
    from (
        select reason_key, spelling, sum(count_lost) as n
        from keyed
        where reason_key is not null
        group by all
    )
    group by 1
)
select
    k.source,
    coalesce(l.label, $none_label) as reason,
    sum(k.count_lost)::bigint as count_lost,
    c.count_closed
from keyed as k
left join labels as l using (reason_key)
join closed as c using (source)
group by all
order by k.source, count_lost desc, reason;
