-- one row per source (or persona: the caller's grouping, called source) and rejection reason of the Sources page (no
-- order: the caller orders by source, rejections and reason), from the tables named `spelled` (source, spelling, and
-- count_rejected, count_rejected_mqls and count_rejected_unknown of that spelling) and `handed` (source, count_mqls,
-- count_unknown): pages/sources/rejections.sql counts both from the leads, rejections_rollup.sql from
-- rejections_rollup. the reasons are grouped by reason_key (case, spaces and underscores aside: "No Budget" and "No
-- budget" are one reason, trial 61) and named by reason_label among the rejections counted; no reason:
-- no_reason_label. one macro for both files, which stay apart: DuckDB plans every branch of a statement before it
-- cuts the ones a flag rules out.
create or replace macro rejection_reasons(spelled, handed, no_reason_label) as table
    with keyed as (
        select *, reason_key(spelling) as reason_key
        from query_table(spelled)
    ),
    labels as (
        select reason_key, reason_label(spelling, n) as label
        from (
            select reason_key, spelling, sum(count_rejected) as n
            from keyed
            where reason_key is not null
            group by all
        )
        group by 1
    ),
    rejected as (
        select
            k.source,
            coalesce(l.label, no_reason_label) as reason,
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
    join query_table(handed) as h using (source);
