-- one row per source (or persona, $by = 'persona') and rejection reason, as rejections.sql gives them (the same
-- columns, rows and order), read from rejections_rollup (schema/rollup.sql: the counts per created month, source,
-- persona and spelling of the reason) instead of the leads: only for the views dashboard.rollups.rejections_exact
-- accepts (cohort mode, stages reached, the default window, whole months, no dimension filtered but source or
-- persona), whose months hold exactly the view's leads. the reasons are keyed and named as in the scan
-- (macros/rejection_reasons.sql).
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
)
select *
from rejection_reasons('spelled', 'handed', $no_reason_label)
order by source, count_rejected desc, reason;
