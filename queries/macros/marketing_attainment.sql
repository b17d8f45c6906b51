-- one row per month and metric (leads, mqls) of the SLA page's marketing side (no order: the caller orders by month
-- and metric): what marketing delivered, the rows of the table named `delivered` (month, metric, delivered:
-- pages/sla/sla_marketing.sql counts them from the leads, sla_marketing_rollup.sql from entries_rollup), beside what
-- was promised (the targets that fit the view, view_target_months: null when the view has none, or a selected source
-- has none that month), and attainment. one macro for both files, which stay apart: DuckDB plans every branch of a
-- statement before it cuts the ones a flag rules out.
create or replace macro marketing_attainment(delivered, view, target_scope, target_sources) as table
    with promised as (
        select month, metric, target as promised
        from view_target_months(target_scope, target_sources)
        where metric in ('leads', 'mqls') and every_source
            and in_range(month::timestamp, date_trunc('month', (view).date_from::timestamp), (view).date_to::timestamp)
    )
    select
        month,
        metric,
        coalesce(d.delivered, 0) as delivered,
        p.promised,
        coalesce(d.delivered, 0) / nullif(p.promised, 0) as attainment
    from query_table(delivered) as d
    full join promised as p using (month, metric);
