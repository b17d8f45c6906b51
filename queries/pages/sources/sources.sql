-- one row per source ($by = 'source') or per campaign ($by = 'campaign', the lead's original campaign;
-- "(none)" when it has none): leads counted at each stage (as the funnel counts them), its
-- won deals, revenue and open pipeline (deals in scope, credited to the source of the lead they came
-- from: first touch; counting by account, their account's), the new customers among them (first wins, for CAC),
-- and the marketing spend recorded for it in the months the date range touches.
-- a source with spend but no leads still gets a row; spend is null, not zero, where none is recorded, and
-- everywhere when $spend_fits is false (a view filtered by what spend is not recorded per: sources.spend_fits).
-- campaigns are grouped by source_key, as spend is matched: a CRM writes one campaign several ways
-- (spring_sale_2026, "Spring Sale 2026", spring-sale-2026), and grouped as written the ad platform's spend went to
-- the one spelling that had no wins (ROI -100 %) while the two with the revenue said "no spend" (trial 38). A
-- campaign row is labelled by its most common spelling among the leads (count_spellings, spellings: what it merged).
-- a campaign row is one campaign of one source (campaign_source, the leads' spelling of it): google's and facebook's
-- "retargeting" were one row with the leads and revenue of both and facebook's spend alone (ROI +1,286 % where
-- facebook's own was +700 %, trial 51); a campaign's leads without a source are a row of their own
with labelled as (
    select
        *,
        case when $by = 'campaign' then coalesce(campaign, $none_label) else source end as label
    from funnel_hits($view)
),
-- a deal is credited to its lead's source and campaign, counting by account to its account's (its first lead's,
-- as the account's row and the source filter have it; trial 42: a referral account's win on its paid-search
-- contact made Referral's ROI -100 % and a Paid search row with no account in a view filtered to Referral)
deals_credited as (
    select
        *,
        case when ($view).count_by = 'account' then account_source else source end as credited_source,
        case when ($view).count_by = 'account' then account_campaign else campaign end as credited_campaign
    from deals_in_scope($view)
),
deal_labelled as (
    select
        *,
        case when $by = 'campaign' then coalesce(credited_campaign, $none_label) else credited_source end as label,
        case when $by = 'campaign' then credited_source end as row_source,
        -- a row's key: the source's label, or the campaign's key and its source's (a key has no blank)
        case
            when $by = 'campaign'
                then source_key(coalesce(credited_campaign, $none_label)) || ' ' || coalesce(source_key(credited_source), '')
            else credited_source
        end as key
    from deals_credited
),
-- the leads counted once per label (and, for campaigns, per source, which a campaign's spend is matched within):
-- the rows' counts, the spellings and the campaigns' sources all read this one pass over the leads (each read
-- the leads again: a third of the page's time at 10 m leads)
counted_leads as (
    select
        label,
        case when $by = 'campaign' then source end as source,
        case when $by = 'campaign' then source_key(label) || ' ' || coalesce(source_key(source), '') else label end as key,
        count(*) filter (where hit_lead) as count_leads,
        count(*) filter (where hit_mql) as count_mqls,
        count(*) filter (where hit_sql) as count_sqls,
        count(*) filter (where hit_opportunity) as count_opportunities,
        count(*) filter (where hit_lead or hit_mql or hit_sql or hit_opportunity or hit_customer) as count_counted
    from labelled
    where not $use_rollup
    group by all
),
-- per source, on the views dashboard.rollups.breakdown_exact accepts for the source ($use_rollup), the source rows
-- of funnel_rollup_days (the days inside the view's window) give the same counts without reading the leads (a true
-- parameter leaves counted_leads unread: 0.24 s of cpu at ten million leads). count_counted here is not the number of
-- leads with a hit, but above zero exactly when that is, which is all a source's row asks of it (the spelling of a
-- source is the source)
counted_rollup as (
    select
        value as label,
        null as source,
        value as key,
        sum(lead) as count_leads,
        sum(mql) as count_mqls,
        sum(sql) as count_sqls,
        sum(opportunity) as count_opportunities,
        sum(lead + mql + sql + opportunity + customer) as count_counted
    from funnel_rollup_days
    where $use_rollup
        and $by = 'source'
        and dimension = 'source'
        and in_view($view, month)
        and reach_day_fits($view, reach_day)
        and value_fits(($view).sources, value)
    group by value
),
per_label as (
    select * from counted_leads
    union all
    select * from counted_rollup
),
hits as (
    select
        key,
        sum(count_leads)::bigint as count_leads,
        sum(count_mqls)::bigint as count_mqls,
        sum(count_sqls)::bigint as count_sqls,
        sum(count_opportunities)::bigint as count_opportunities
    from per_label
    group by 1
),
-- a customer is new with its first win: a lead's second won deal (an account's, counting by account) is a repeat
-- purchase, not a customer acquired, so CAC divides the spend by first wins (DOMAIN: spend ÷ new customers), stored
-- per deal (deal_facts.is_first_win_of_lead, is_first_win_of_account: schema/views.sql says which win is first)
deal_totals as (
    select
        key,
        count(*) filter (where status = 'won') as count_won,
        count(*) filter (
            where status = 'won'
                and case when coalesce(($view).count_by, 'lead') = 'account' then is_first_win_of_account
                    else is_first_win_of_lead end
        ) as count_new_customers,
        coalesce(sum(amount) filter (where status = 'won'), 0) as revenue,
        -- a win exported without an amount (blank, TBD) is in count_won and adds nothing to revenue: counted so the
        -- page says what the revenue leaves out
        count(*) filter (where status = 'won' and amount is null) as count_won_without_amount,
        coalesce(sum(amount) filter (where status = 'open'), 0) as open_pipeline
    from deal_labelled
    group by 1
),
-- each spelling of a row's key with its leads counted (a deal's spelling counts only where no lead has the key)
spellings as (
    select key, label, min(source) as source, sum(n) as n
    from (
        select key, label, source, count_counted as n
        from per_label
        where count_counted > 0
        union all
        select key, label, row_source as source, 0 as n
        from deal_labelled
    )
    group by 1, 2
),
row_labels as (
    select
        key,
        arg_max(label, rank_desc) as label,
        arg_max(source, rank_desc) as campaign_source,
        count(*) as count_spellings,
        string_agg(label, ' · ' order by label) as spellings
    from (
        select *, row_number() over (partition by key order by n, label desc) as rank_desc
        from spellings
    )
    group by 1
),
-- spend is recorded per month: a month counts when any of its days is in the range. a spend file names a source
-- as people write it ("Paid Search", "PAID_SEARCH"), the leads as the crm stored it ("paid_search"): spend is
-- matched by key (source_key: case, spaces, hyphens and underscores aside), and credited to the leads' or deals'
-- label of that key, so one source is one row; the view's source filter is matched by key too
spend_rows as (
    select
        source,
        coalesce(campaign, $none_label) as campaign,
        source_key(case when $by = 'campaign' then coalesce(campaign, $none_label) else source end) as key,
        amount
    from spend
    where $spend_fits
        and month >= date_trunc('month', coalesce(($view).date_from, timestamp '0001-01-01'))
        and month < coalesce(($view).date_to, timestamp '9999-12-31')
        and (len(($view).sources) = 0
            or list_contains(list_transform(($view).sources, lambda s: source_key(s)), source_key(source)))
),
funnel_labels as (
    select case when $by = 'campaign' then key else source_key(key) end as match_key, min(key) as key
    from (select key from hits union select key from deal_totals)
    group by 1
),
-- a campaign's spend is matched within its source (Meta's paid_social "Black Friday" is not the other_campaigns
-- lead's black-friday, nor Google's paid_search "Spring Sale 2026" a web lead's): to the row of its campaign and
-- source, else to the campaign's leads without a source; spend no such row has is a row of its own, unmatched
spend_keyed as (
    select
        case
            when $by = 'source' then s.key
            else coalesce(exact.key, bare.key, s.key || ' ' || coalesce(source_key(s.source), ''))
        end as key,
        min(case when $by = 'campaign' then s.campaign else s.source end) as label,
        min(s.source) as source,
        sum(s.amount) as spend
    from spend_rows as s
    left join funnel_labels as exact
        on $by = 'campaign' and exact.match_key = s.key || ' ' || coalesce(source_key(s.source), '')
    left join funnel_labels as bare on $by = 'campaign' and bare.match_key = s.key || ' '
    group by 1
),
spend_totals as (
    select
        coalesce(l.key, s.key) as key,
        case when l.key is null then s.label end as label,
        case when l.key is null then s.source end as source,
        $by = 'campaign' and l.key is null as unmatched,
        s.spend
    from spend_keyed as s
    left join funnel_labels as l on l.match_key = s.key
),
joined as (
    select
        coalesce(r.label, t.label, coalesce(h.key, d.key, t.key)) as source,
        -- the campaign's source as the leads spell it (a spend-only row: as the spend file does)
        case when $by = 'campaign' then (case when r.key is not null then r.campaign_source else t.source end) end
            as campaign_source,
        coalesce(r.count_spellings, 1) as count_spellings,
        r.spellings,
        coalesce(h.count_leads, 0) as count_leads,
        coalesce(h.count_mqls, 0) as count_mqls,
        coalesce(h.count_sqls, 0) as count_sqls,
        coalesce(h.count_opportunities, 0) as count_opportunities,
        coalesce(d.count_won, 0) as count_won,
        coalesce(d.count_new_customers, 0) as count_new_customers,
        coalesce(d.revenue, 0) as revenue,
        coalesce(d.count_won_without_amount, 0) as count_won_without_amount,
        coalesce(d.open_pipeline, 0) as open_pipeline,
        t.spend,
        case when t.unmatched then t.spend end as unmatched_spend
    from hits as h
    full join deal_totals as d on d.key = h.key
    full join spend_totals as t on t.key = coalesce(h.key, d.key)
    left join row_labels as r on r.key = coalesce(h.key, d.key)
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
order by revenue desc, count_leads desc, source, campaign_source;
