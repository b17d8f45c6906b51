-- one row per period of the executive view ($periods: period, date_from, date_to, the end exclusive; they may
-- overlap, as the trailing year of closed deals overlaps the periods: a row counts in each period it falls in): the
-- deal outcomes deals.sql gives in activity mode (deals closed in the period, open deals created in it) and the sla
-- compliance sla_overview.sql gives (leads whose clock started in it, from the same sla_page_leads), with its leads contacted and those contacted
-- before their clock started, each read in one pass over the months from the first period's start to the last
-- one's end ($view: that span).
-- counted with count_if, not count(*) filter (where …), which duckdb 2.0 evaluates apart for each aggregate
-- (cpu at 10 m leads, one month 286 -> 251 ms); count_if is a hugeint, and null, not 0, over no rows or when every
-- test is null: coalesce and the cast keep the counts bigint zeros.
with periods as (
    select unnest($periods, recursive := true)
),
dated_deals as (
    select p.period, d.status, d.amount, d.cycle_days
    from deals_in_scope($view) as d
    join periods as p
        on in_range(case when d.status = 'open' then d.created_at else d.closed_at end, p.date_from, p.date_to)
),
deal_totals as (
    select
        period,
        coalesce(count_if(status = 'open'), 0)::bigint as count_open,
        coalesce(count_if(status = 'won'), 0)::bigint as count_won,
        coalesce(count_if(status = 'lost'), 0)::bigint as count_lost,
        coalesce(sum(amount) filter (where status = 'won'), 0) as revenue,
        -- the won deals whose amount is known: one exported without an amount (blank, N/A) is a win of unknown
        -- size, and counting it as 0 would pull the average deal size down
        coalesce(count_if(status = 'won' and amount is not null), 0)::bigint as count_won_with_amount,
        median(cycle_days) filter (where status = 'won') as median_cycle_days,
        -- won deals in that median closed before they were created (a negative cycle): kept, as DOMAIN.md defines
        -- the cycle, and counted for every place that shows the median to say so
        coalesce(count_if(status = 'won' and cycle_days < 0), 0)::bigint as count_closed_before_created,
        -min(cycle_days) filter (where status = 'won' and cycle_days < 0) as most_days_before_created
    from dated_deals
    group by period
),
sla_totals as (
    select
        p.period,
        coalesce(count_if(s.is_due), 0)::bigint as count_eligible,
        coalesce(count_if(s.status = 'within_sla'), 0)::bigint as count_within,
        -- the contacted leads due, and those of them contacted before their clock started: when most were, the
        -- compliance measured next to nothing, and the tile says so (sla.before_clock_warning; trial 59)
        coalesce(count_if(s.status in ('within_sla', 'late')), 0)::bigint as count_contacted,
        coalesce(count_if(s.contacted_before_clock), 0)::bigint as count_before_clock
    -- the stored waits (sla_facts) where $sla_stored (dashboard.rollups.sla_exact), as the sla page reads them:
    -- measuring every started lead of the span's thirteen months from the leads took two thirds of this query at
    -- ten million leads
    from sla_page_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute,
        $workdays, $holidays, $data_timezone, $business_timezone, $waiting_days, $sla_stored) as s
    join periods as p on in_range(s.clock_at, p.date_from, p.date_to)
    group by p.period
)
select
    p.period,
    coalesce(d.count_open, 0) as count_open,
    coalesce(d.count_won, 0) as count_won,
    coalesce(d.count_lost, 0) as count_lost,
    d.count_won / nullif(d.count_won + d.count_lost, 0) as win_rate,
    coalesce(d.revenue, 0) as revenue,
    d.revenue / nullif(d.count_won_with_amount, 0) as avg_deal_size,
    coalesce(d.count_won - d.count_won_with_amount, 0) as count_won_without_amount,
    d.median_cycle_days,
    coalesce(d.count_closed_before_created, 0) as count_closed_before_created,
    d.most_days_before_created,
    s.count_within / nullif(s.count_eligible, 0) as sla_compliance,
    coalesce(s.count_contacted, 0) as sla_count_contacted,
    coalesce(s.count_before_clock, 0) as sla_count_before_clock
from periods as p
left join deal_totals as d using (period)
left join sla_totals as s using (period)
order by p.date_from;
