-- the sales side of the sla in scope, read in one pass over sla_leads: one 'summary' row (row_kind) with leads
-- due, contacted within the sla, compliance, median and 95th percentile response minutes, never contacted and
-- waiting now, and all leads handed over; then one 'band' row per response band (0-5, 5-15, 15-60, 60+ minutes, never contacted, not
-- contacted yet) of the leads that were due: how many, how many became opportunities and customers (as the
-- funnel counts them: within the conversion window in cohort mode), the rates, their won revenue, and whether
-- the band is within the sla. "never contacted" is the summary's never-contacted status; leads overdue but
-- still inside the waiting horizon are a band of their own, and so are leads contacted before their clock started
-- (within the sla, but no response time). status_code: sla_leads' (macros/sla.sql: 1 within the sla, 2 late,
-- 3 never contacted, 4 waiting overdue, 5 waiting).
-- counted with count_if, not count(*) filter (where …), which duckdb 2.0 evaluates apart for each aggregate
-- (cpu at 10 m leads, all dates 255 -> 201 ms); count_if is a hugeint, and null, not 0, over no rows or when every
-- test is null: coalesce and the cast keep the counts bigint zeros.
with leads as materialized (
    select *
    from sla_page_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute,
        $workdays, $holidays, $data_timezone, $business_timezone, $waiting_days, $sla_stored)
),
counted as (
    select
        coalesce(count_if(is_due), 0)::bigint as count_eligible,
        coalesce(count_if(status_code = 1), 0)::bigint as count_within,
        -- within the sla but without a response time (contacted before the clock started): said apart
        coalesce(count_if(contacted_before_clock), 0)::bigint as count_before_clock,
        -- the rest of the leads due, so the parts add up: within + late + never contacted + overdue = due
        coalesce(count_if(status_code = 2), 0)::bigint as count_late,
        coalesce(count_if(status_code = 4), 0)::bigint as count_waiting_overdue,
        -- the median and the 95th percentile from one sort of the response times (each alone sorted them again)
        quantile_cont(response_minutes, [0.5, 0.95]) as response_quantiles,
        -- among the leads due, as the response bands count them: a lead closed inside its sla window without
        -- a contact was never due, so it is not a miss
        coalesce(count_if(status_code = 3 and is_due), 0)::bigint as count_never,
        coalesce(count_if(status_code in (4, 5)), 0)::bigint as count_waiting,
        -- every lead whose clock started: what the page names when the data has no contact time to measure
        count(*) as count_handed_over
    from leads
),
totals as (
    select
        count_eligible, count_within, count_before_clock, count_late, count_waiting_overdue,
        response_quantiles[1] as median_minutes,
        response_quantiles[2] as p95_minutes,
        count_never, count_waiting, count_handed_over
    from counted
),
banded as (
    select
        *,
        case
            when contacted_before_clock then 0
            when status_code = 3 then 5
            when response_minutes is null then $waiting_band
            when response_minutes <= $band_1 then 1
            when response_minutes <= $band_2 then 2
            when response_minutes <= $band_3 then 3
            else 4
        end as band_order
    from leads
    where is_due
),
bands as (
    select
        band_order,
        case band_order
            when 0 then 'contacted before ' || upper($clock_start)
            when 1 then '0–' || $band_1 || ' min'
            when 2 then $band_1 || '–' || $band_2 || ' min'
            when 3 then $band_2 || '–' || $band_3 || ' min'
            when 4 then $band_3 || '+ min'
            when 5 then 'never contacted'
            else 'waiting, overdue'
        end as band,
        bool_and(status_code = 1) as within_sla,
        count(*) as count_leads,
        coalesce(count_if(is_funnel_opportunity), 0)::bigint as count_opportunities,
        coalesce(count_if(is_funnel_customer), 0)::bigint as count_won,
        -- leads younger than the conversion window (cohort mode) are counted but left out of the rates and the
        -- cost: they have not had the time to convert, as the funnel's "still in window"
        coalesce(count_if(is_young), 0)::bigint as count_young,
        coalesce(count_if(is_funnel_customer and not is_young), 0)::bigint as count_won_grown,
        -- leads still waiting (overdue, inside the waiting horizon) have had no time to convert: no rate yet. their
        -- band is config.SLA_WAITING_BAND_ORDER, bound as waiting_band (sla.stake_counts leaves it out too)
        case when band_order <> $waiting_band then coalesce(count_if(is_funnel_opportunity and not is_young), 0)::bigint
            / nullif(coalesce(count_if(not is_young), 0)::bigint, 0) end as opportunity_rate,
        case when band_order <> $waiting_band then coalesce(count_if(is_funnel_customer and not is_young), 0)::bigint
            / nullif(coalesce(count_if(not is_young), 0)::bigint, 0) end as won_rate,
        sum(revenue) filter (where is_funnel_customer) as revenue
    from banded
    group by band_order
),
overview_rows as (
    select 'summary' as row_kind, *, count_within / nullif(count_eligible, 0) as compliance
    from totals
    union all by name
    select 'band' as row_kind, *
    from bands
)
select *
from overview_rows
order by row_kind desc, band_order;
