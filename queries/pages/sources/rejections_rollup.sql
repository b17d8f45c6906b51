-- one row per source (or persona, $by = 'persona') and rejection reason, as rejections.sql gives them (the same
-- columns, rows and order), read from rejections_rollup (schema/rollup.sql: the counts per created month, source,
-- persona and spelling of the reason) instead of the leads: only for the views dashboard.rollups.rejections_exact
-- accepts (cohort mode, stages reached, the default window, whole months, no dimension filtered but source or
-- persona), whose months hold exactly the view's leads. the reasons are keyed and named as in the scan.
with scoped as (
    select
        *,
        case when $by = 'persona' then coalesce(persona, $none_label) else source end as grouped
    from rejections_rollup
    where in_view($view, month)
        and value_fits(($view).sources, source)
        and value_fits(($view).personas, persona)
),
handed as (
    select
        grouped as source,
        sum(mqls)::bigint as count_mqls,
        sum(rejected_unknown)::bigint as count_unknown
    from scoped
    group by 1
),
spelled as (
    select
        grouped as source,
        spelling,
        sum(rejected)::bigint as count_rejected,
        sum(rejected_mqls)::bigint as count_rejected_mqls,
        sum(rejected_unknown)::bigint as count_rejected_unknown
    from scoped
    where is_rejected
    group by all
),
keyed as (
    select *, reason_key(spelling) as reason_key
    from spelled
),
labels as (
    select reason_key, arg_max(spelling, rank_desc) as label
    from (
        select
            reason_key,
            spelling,
            row_number() over (partition by reason_key order by n, spelling desc) as rank_desc
        from (
            select reason_key, spelling, sum(count_rejected) as n
            from keyed
            where reason_key is not null
            group by all
        )
    )
    group by 1
),
rejected as (
    select
        k.source,
        coalesce(l.label, $no_reason_label) as reason,
        sum(k.count_rejected)::bigint as count_rejected,
        sum(k.count_rejected_mqls)::bigint as count_rejected_mqls,
        sum(k.count_rejected_unknown)::bigint as count_rejected_unknown
    from keyed as k
    left join labels as l using (reason_key)
    group by all
)
select r.source, r.reason, r.count_rejected, r.count_rejected_mqls, r.count_rejected_unknown, h.count_mqls,
    h.count_unknown
from rejected as r
join handed as h using (source)
order by r.source, r.count_rejected desc, r.reason;
