-- one row: deal outcomes in scope — open, won and lost deals, win rate, revenue, average deal
-- size and median sales cycle, and the won deals without an amount (in the wins, not in the revenue). cohort mode takes deals of leads created in the range (a deal
-- without a lead by its own creation date); activity mode takes deals closed in the range, and
-- open deals created in it.
with in_scope as (
    select *
    from deals_in_scope($view)
),
totals as (
    select
        count(*) filter (where status = 'open') as count_open,
        count(*) filter (where status = 'won') as count_won,
        count(*) filter (where status = 'lost') as count_lost,
        coalesce(sum(amount) filter (where status = 'won'), 0) as revenue,
        -- the won deals whose amount is known: one exported without an amount (blank, N/A) is a win of unknown
        -- size, and counting it as 0 would pull the average deal size down
        count(*) filter (where status = 'won' and amount is not null) as count_won_with_amount,
        median(cycle_days) filter (where status = 'won') as median_cycle_days,
        -- won deals in that median closed before they were created (a negative cycle): kept, as DOMAIN.md defines
        -- the cycle, and counted for every place that shows the median to say so
        count(*) filter (where status = 'won' and cycle_days < 0) as count_closed_before_created,
        -min(cycle_days) filter (where status = 'won' and cycle_days < 0) as most_days_before_created
    from in_scope
)
select
    count_open,
    count_won,
    count_lost,
    count_won / nullif(count_won + count_lost, 0) as win_rate,
    revenue,
    revenue / nullif(count_won_with_amount, 0) as avg_deal_size,
    -- a won deal whose amount is not known (blank, or a TBD read as blank) is a win but adds nothing to revenue:
    -- counted for every place that shows the revenue to say so
    count_won - count_won_with_amount as count_won_without_amount,
    median_cycle_days,
    count_closed_before_created,
    most_days_before_created
from totals;
