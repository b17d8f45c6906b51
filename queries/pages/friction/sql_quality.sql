-- one row per rejection reason among the SQLs in scope that sales later disqualified, with the number
-- of SQLs in scope: "SQLs that were not really qualified".
with sqls as (
    select *
    from funnel_hits($view)
    where hit_sql
),
-- counted per spelling of the reason, then grouped by reason_key (case, spaces and underscores aside: "No Budget"
-- and "No budget" are one reason, trial 61) and named by its most common spelling here (ties: the first in byte order)
spelled as (
    select nullif(trim(disqualify_reason), '') as spelling, count(*) as count_rejected
    from sqls
    -- rejected by a date, or by a status alone (Salesforce's Closed - Not Converted exports no date)
    where is_rejected
    group by 1
),
keyed as (
    select *, reason_key(spelling) as reason_key
    from spelled
),
labels as (
    -- reason_label (macros/reason_label.sql): the most common spelling, ties to the first in byte order
    select reason_key, reason_label(spelling, count_rejected) as label
    from keyed
    where reason_key is not null
    group by 1
)
select
    coalesce(l.label, $none_label) as reason,
    sum(k.count_rejected)::bigint as count_rejected,
    (select count(*) from sqls) as count_sqls
from keyed as k
left join labels as l using (reason_key)
group by 1
order by count_rejected desc, reason;
