-- one row per source with spend recorded in the view's months whose leads of the view include some created in a
-- month of the range without spend for that source: source (as the leads spell it), count_leads (all of its leads
-- in the view), count_leads_unspent (those of months without its spend), first_unspent_month,
-- last_unspent_month and unspent_months (each such month, 'yyyy-mm', in order; a month with a row of amount 0
-- has spend recorded). an ad export ends before the crm's (spend to 30 November, leads to 5 December): cost per lead,
-- cost per mql, cac and roi set the spend of the other months against those leads too (trial 76: paid search's cost
-- per lead $281.59 where the months with spend give $304.36). none when spend does not fit the view ($spend_fits).
-- the leads per source and month are read from funnel_rollup where dashboard.rollups.breakdown_exact accepts the view
-- for the source ($use_rollup), else from the leads (a full scan at ten million leads, on every filter change).
with spent as (
    -- matched by key, as sources.sql matches spend to the leads' labels
    select source_key(source) as key, date_trunc('month', month) as month
    from spend
    where $spend_fits
        and month >= date_trunc('month', coalesce(($view).date_from, timestamp '0001-01-01'))
        and month < coalesce(($view).date_to, timestamp '9999-12-31')
    -- a month's row of amount 0 is spend recorded, none spent (an event source in a month without an event): probe 93
    -- counted its leads as "no spend loaded", and the note asked to load spend that was loaded
    group by all
),
scanned_months as (
    select source, date_trunc('month', created_at) as month, count(*) as n
    from scoped_leads($view)
    where not $use_rollup and in_view($view, created_at) and source is not null
    group by all
),
-- the rollup's source rows of the view's whole months are exactly its leads per source and created month (a true
-- parameter leaves scanned_months unread); a lead without a source is the null value, left out as above
rollup_months as (
    select value as source, month, leads as n
    from funnel_rollup
    where $use_rollup
        and dimension = 'source'
        and value is not null
        and leads > 0
        and in_view($view, month)
        and (len(($view).sources) = 0 or list_contains(($view).sources, value))
),
leads_by_month as (
    select source_key(source) as key, min(source) as source, month, sum(n) as n
    from (
        select * from scanned_months
        union all
        select * from rollup_months
    )
    group by 1, 3
)
select
    min(l.source) as source,
    sum(l.n)::bigint as count_leads,
    (sum(l.n) filter (where s.month is null))::bigint as count_leads_unspent,
    min(l.month) filter (where s.month is null)::date as first_unspent_month,
    max(l.month) filter (where s.month is null)::date as last_unspent_month,
    -- every month without spend, in order ('2026-02,2026-04,2026-06'): scattered months are no range (probe 93 read
    -- "Feb 2026 to Jun 2026" where Mar and May had spend)
    list_sort(list(strftime(l.month, '%Y-%m')) filter (where s.month is null)) as unspent_months
from leads_by_month as l
left join spent as s on s.key = l.key and s.month = l.month
where l.key in (select key from spent)
group by l.key
having count(*) filter (where s.month is null) > 0
order by source;
