-- spark replacement of sla_overview.sql's overview_rows cte (spark syntax): spark's sql has no union by name, so
-- each side names every column of the other as null, in one order.
with overview_rows as (
    select
        'summary' as row_kind,
        count_eligible, count_within, count_before_clock, count_late, count_waiting_overdue, median_minutes, p95_minutes,
        count_never, count_waiting, count_handed_over,
        count_within / nullif(count_eligible, 0) as compliance,
        cast(null as int) as band_order, cast(null as string) as band, cast(null as boolean) as within_sla,
        cast(null as bigint) as count_leads, cast(null as bigint) as count_opportunities,
        cast(null as bigint) as count_won, cast(null as bigint) as count_young,
        cast(null as bigint) as count_won_grown, cast(null as double) as opportunity_rate,
        cast(null as double) as won_rate, cast(null as double) as revenue
    from totals
    union all
    select
        'band',
        null, null, null, null, null, null, null, null, null, null,
        null,
        band_order, band, within_sla,
        count_leads, count_opportunities,
        count_won, count_young,
        count_won_grown, opportunity_rate,
        won_rate, revenue
    from bands
)
