-- one row per source ($by = 'source') or per campaign ($by = 'campaign', the lead's original campaign;
-- "(none)" when it has none): leads counted at each stage (as the funnel counts them), its
-- won deals, revenue and open pipeline (deals in scope, credited to the source of the lead they came
-- from: first touch), the new customers among them (first wins, for CAC), and the marketing spend recorded for it
-- in the months the date range touches.
-- a source with spend but no leads still gets a row; spend is null, not zero, where none is recorded, and
-- everywhere when $spend_fits is false (a view filtered by what spend is not recorded per: sources.spend_fits).
with hits as (
    select
        case when $by = 'campaign' then coalesce(campaign, $none_label) else source end as source,
        count(*) filter (where hit_lead) as count_leads,
        count(*) filter (where hit_mql) as count_mqls,
        count(*) filter (where hit_sql) as count_sqls,
        count(*) filter (where hit_opportunity) as count_opportunities
    from funnel_hits($view)
    group by 1
),
-- a customer is new with its first win: a lead's second won deal (an account's, counting by account) is a repeat
-- purchase, not a customer acquired, so CAC divides the spend by first wins (DOMAIN: spend ÷ new customers). a deal
-- without a lead is a customer of its own. a win without a close date comes after the dated ones: activity mode
-- places a win by its close date, and an undated first win would leave the dated one in the range a repeat
first_wins as (
    select arg_min(deal_id, coalesce(closed_at, created_at + interval 1000 year)) as deal_id
    from deal_facts
    where is_won
    group by
        case when coalesce(($view).count_by, 'lead') = 'account' then account_id end,
        case when coalesce(($view).count_by, 'lead') = 'lead' or account_id is null then lead_id end,
        case when lead_id is null and (coalesce(($view).count_by, 'lead') = 'lead' or account_id is null) then deal_id end
),
deal_totals as (
    select
        case when $by = 'campaign' then coalesce(campaign, $none_label) else source end as source,
        count(*) filter (where status = 'won') as count_won,
        count(*) filter (where status = 'won' and deal_id in (select deal_id from first_wins)) as count_new_customers,
        coalesce(sum(amount) filter (where status = 'won'), 0) as revenue,
        coalesce(sum(amount) filter (where status = 'open'), 0) as open_pipeline
    from deals_in_scope($view)
    group by 1
),
-- spend is recorded per month: a month counts when any of its days is in the range. a spend file names a source
-- as people write it ("Paid Search", "PAID_SEARCH"), the leads as the crm stored it ("paid_search"): spend is
-- matched by key (source_key: case, spaces, hyphens and underscores aside), and credited to the leads' or deals'
-- label of that key, so one source is one row; the view's source filter is matched by key too
spend_keyed as (
    select
        source_key(case when $by = 'campaign' then coalesce(campaign, $none_label) else source end) as key,
        min(case when $by = 'campaign' then coalesce(campaign, $none_label) else source end) as source,
        sum(amount) as spend
    from spend
    where $spend_fits
        and month >= date_trunc('month', coalesce(($view).date_from, timestamp '0001-01-01'))
        and month < coalesce(($view).date_to, timestamp '9999-12-31')
        and (len(($view).sources) = 0
            or list_contains(list_transform(($view).sources, lambda s: source_key(s)), source_key(source)))
    group by 1
),
funnel_labels as (
    select source_key(source) as key, min(source) as source
    from (select source from hits union select source from deal_totals)
    group by 1
),
spend_totals as (
    select coalesce(l.source, s.source) as source, s.spend
    from spend_keyed as s
    left join funnel_labels as l on l.key = s.key
),
joined as (
    select
        coalesce(h.source, d.source, s.source) as source,
        coalesce(h.count_leads, 0) as count_leads,
        coalesce(h.count_mqls, 0) as count_mqls,
        coalesce(h.count_sqls, 0) as count_sqls,
        coalesce(h.count_opportunities, 0) as count_opportunities,
        coalesce(d.count_won, 0) as count_won,
        coalesce(d.count_new_customers, 0) as count_new_customers,
        coalesce(d.revenue, 0) as revenue,
        coalesce(d.open_pipeline, 0) as open_pipeline,
        s.spend
    from hits as h
    full join deal_totals as d on d.source = h.source
    full join spend_totals as s on s.source = coalesce(h.source, d.source)
)
select
    *,
    spend / nullif(count_leads, 0) as cost_per_lead,
    spend / nullif(count_mqls, 0) as cost_per_mql,
    spend / nullif(count_sqls, 0) as cost_per_sql,
    spend / nullif(count_opportunities, 0) as cost_per_opportunity,
    -- marketing spend only: sales cost is not in the exports, so this is the source's marketing CAC
    spend / nullif(count_new_customers, 0) as cac,
    (revenue - spend) / nullif(spend, 0) as roi,
    revenue / nullif(spend, 0) as roas,
    count_mqls / nullif(count_leads, 0) as lead_to_mql,
    count_sqls / nullif(count_mqls, 0) as mql_to_sql,
    count_opportunities / nullif(count_sqls, 0) as sql_to_opportunity
from joined
-- activity mode counts each stage by its own date: a source can have MQLs in the range and no new leads
where count_leads + count_mqls + count_sqls + count_opportunities + count_won > 0
    or open_pipeline > 0 or spend is not null
order by revenue desc, count_leads desc, source;
