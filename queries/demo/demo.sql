-- deterministic demo data for a b2b company, generated inside duckdb.
-- parameters: $n leads, $seed, $start_at and $end_at (the data's "today"); per chunk, $chunk_from
-- and $chunk_to (the chunk's lead numbers, end exclusive).
-- randomness is hash(row, seed, salt) so the same seed gives the same rows on any thread count,
-- and on any chunk size: lead i's draws depend on i alone.

create or replace temp macro u(i, seed, salt) as
    ((hash(i, seed, salt) % 1000000)::double + 0.5) / 1000000.0;

create or replace temp macro z(i, seed, salt) as
    sqrt(-2 * ln(u(i, seed, salt))) * cos(2 * pi() * u(i, seed, salt + 1000));

create or replace temp table demo_sources as
select * from (values
    -- source, share of leads, p(mql), p(sql | mql), p(opp | sql), p(win), deal size factor, cost per lead
    ('organic_search', 0.24, 0.30, 0.50, 0.55, 0.30, 1.0, 18.0),
    ('paid_search',    0.18, 0.35, 0.45, 0.50, 0.25, 0.9, 95.0),
    ('paid_social',    0.16, 0.20, 0.28, 0.40, 0.15, 0.7, 60.0),
    ('email',          0.10, 0.40, 0.40, 0.45, 0.22, 0.8, 8.0),
    ('referral',       0.06, 0.55, 0.65, 0.65, 0.42, 1.3, 40.0),
    ('events',         0.08, 0.35, 0.45, 0.50, 0.28, 1.4, 150.0),
    ('webinar',        0.07, 0.45, 0.40, 0.45, 0.24, 1.0, 45.0),
    ('partner',        0.05, 0.50, 0.60, 0.60, 0.38, 1.5, 70.0),
    ('direct',         0.06, 0.40, 0.50, 0.50, 0.30, 1.0, 0.0)
) as t(source, share, p_mql, p_sql, p_opp, p_win, size_factor, cost_per_lead);

create or replace temp table demo_months as
with months as (
    select unnest(generate_series(date_trunc('month', $start_at::timestamp), date_trunc('month', $end_at::timestamp), interval 1 month)) as month_start
),
weighted as (
    select
        month_start,
        greatest(month_start, $start_at::timestamp) as window_start,
        least(month_start + interval 1 month, $end_at::timestamp) as window_end,
        -- growth over the three years, a summer and december dip, strong march and october
        (1 + 0.5 * date_diff('day', $start_at::timestamp, month_start) / 1095.0)
        * [1.10, 1.05, 1.15, 1.00, 1.00, 0.90, 0.75, 0.70, 1.10, 1.15, 1.05, 0.70][month(month_start)]
        * date_diff('second', greatest(month_start, $start_at::timestamp), least(month_start + interval 1 month, $end_at::timestamp))
        / (30.0 * 86400) as weight
    from months
)
select
    *,
    coalesce(sum(weight) over (order by month_start rows between unbounded preceding and 1 preceding), 0)
        / sum(weight) over () as cum_lo
from weighted
where weight > 0;

delete from touches;

delete from deals;

delete from leads;

delete from spend;

delete from targets;

-- a demo generated before on this connection left its view of all the leads (see below)
drop view if exists demo_leads;

-- chunk begin: dashboard.demo runs the statements from here to "chunk end" once per chunk of leads,
-- so the working tables hold one chunk (all ten million leads at once peaked at 6.4 GiB).

create or replace temp table demo_leads as
with grouped as (
    -- buying groups: an account's people are a run of consecutive lead numbers inside a block of 12 (no
    -- group is bigger). a run starts at a block's first number or where a draw says so, so most groups are
    -- small and a few reach 12. lead i's group comes from the numbers of its own block alone: any chunking
    -- gives the same groups.
    select
        range as i,
        list_max([j for j in range(range - range % 12, range + 1) if j % 12 = 0 or u(j, $seed, 91) < 0.4]) as account_from,
        least($n::bigint, coalesce(
            list_min([j for j in range(range + 1, range - range % 12 + 12) if u(j, $seed, 91) < 0.4]),
            range - range % 12 + 12
        )) as account_to
    from range($chunk_from::bigint, $chunk_to::bigint)
),
base as (
    -- when, and the company's segment, industry, region and owner, are the account's (its first number's
    -- draws); the source and persona are each person's own
    select
        i,
        account_from,
        account_to - account_from as group_size,
        u(account_from, $seed, 1) as u_month,
        u(account_from, $seed, 2) as u_day,
        u(i, $seed, 3) as u_source,
        u(i, $seed, 4) as u_persona,
        u(account_from, $seed, 5) as u_segment,
        u(account_from, $seed, 6) as u_industry,
        u(account_from, $seed, 7) as u_region,
        u(account_from, $seed, 8) as u_owner
    from grouped
),
account_start as (
    select b.*, m.window_start + to_microseconds((b.u_day * date_diff('microsecond', m.window_start, m.window_end))::bigint) as account_created_at
    from base as b
    asof join demo_months as m on b.u_month >= m.cum_lo
),
placed as (
    -- the group's other people arrive over the weeks after its first (3 to 9 days apart), or before it
    -- when that would be after the demo's today
    select
        *,
        to_microseconds(((i - account_from) * (3 + 6 * u(i, $seed, 92)) * 86400e6)::bigint) as after_first,
        case
            when account_created_at + after_first <= $end_at::timestamp then account_created_at + after_first
            else account_created_at - after_first
        end as created_at
    from account_start
),
cum_sources as (
    select *, coalesce(sum(share) over (order by source rows between unbounded preceding and 1 preceding), 0) as cum_lo
    from demo_sources
),
attrs as (
    select
        p.*,
        s.source, s.p_mql, s.p_sql, s.p_opp, s.p_win, s.size_factor,
        case when u_persona < 0.20 then 'CFO' when u_persona < 0.50 then 'CMO'
             when u_persona < 0.75 then 'IT Director' else 'Operations Manager' end as persona,
        case when u_segment < 0.55 then 'SMB' when u_segment < 0.87 then 'Mid-Market' else 'Enterprise' end as segment,
        ['software', 'financial_services', 'manufacturing', 'healthcare', 'retail', 'education'][1 + floor(u_industry * 6)::int] as industry,
        case when u_region < 0.45 then 'north_america' when u_region < 0.80 then 'emea'
             when u_region < 0.95 then 'apac' else 'latam' end as region,
        floor(u_owner * 20)::int as owner_idx
    from placed as p
    asof join cum_sources as s on p.u_source >= s.cum_lo
),
factors as (
    select
        *,
        case persona when 'CFO' then 1.1 when 'CMO' then 1.2 when 'IT Director' then 0.9 else 0.8 end as persona_mql,
        case persona when 'CFO' then 1.25 when 'CMO' then 1.0 when 'IT Director' then 1.1 else 0.75 end as persona_sql,
        case persona when 'CFO' then 1.3 when 'CMO' then 1.0 when 'IT Director' then 1.1 else 0.8 end as persona_size,
        case segment when 'SMB' then 8000 when 'Mid-Market' then 25000 else 90000 end as segment_size,
        case segment when 'SMB' then 1.1 when 'Mid-Market' then 1.0 else 0.8 end as segment_win,
        case segment when 'SMB' then 20 when 'Mid-Market' then 45 else 90 end as segment_cycle_days,
        -- the more people of a buying group are engaged, the likelier its deals happen and are won
        0.8 + 0.1 * least(group_size, 6) as group_factor,
        -- owners differ in speed (median minutes to first contact) and in closing skill
        6 * pow(1.2, owner_idx) as owner_median_minutes,
        0.8 + 0.4 * ((owner_idx * 7) % 20) / 19.0 as owner_skill
    from attrs
),
mql as (
    select
        *,
        case when u(i, $seed, 10) < p_mql * persona_mql
            then created_at + to_microseconds((-ln(u(i, $seed, 11)) * 3 * 86400e6)::bigint) end as mql_at_raw
    from factors
),
accepted as (
    select
        *,
        case when mql_at_raw <= $end_at::timestamp and u(i, $seed, 12) < p_sql * persona_sql
            then mql_at_raw + to_microseconds((-ln(u(i, $seed, 13)) * 2 * 86400e6)::bigint) end as sql_at_raw
    from mql
),
contacted as (
    select
        *,
        case when sql_at_raw <= $end_at::timestamp and u(i, $seed, 14) >= 0.04
            then exp(ln(owner_median_minutes) + 0.9 * z(i, $seed, 15)) end as response_minutes
    from accepted
),
opportunity as (
    select
        *,
        -- fast follow-up pays: the observed effect the sla page should find again
        case
            when response_minutes is null then 0.3
            when response_minutes <= 15 then 1.25
            when response_minutes <= 60 then 1.0
            else 0.75
        end as speed_factor,
        case when sql_at_raw <= $end_at::timestamp
            and u(i, $seed, 16) < p_opp * group_factor * (case
                when response_minutes is null then 0.3 when response_minutes <= 15 then 1.25
                when response_minutes <= 60 then 1.0 else 0.75 end)
            then sql_at_raw + to_microseconds((-ln(u(i, $seed, 17)) * 7 * 86400e6)::bigint) end as deal_created_raw
    from contacted
)
select
    *,
    'L' || lpad(i::varchar, 8, '0') as lead_id,
    'ACC' || lpad(account_from::varchar, 8, '0') as account_id,
    case when mql_at_raw <= $end_at::timestamp then mql_at_raw end as mql_at,
    case when sql_at_raw <= $end_at::timestamp then sql_at_raw end as sql_at,
    case when response_minutes is not null
        and sql_at_raw + to_microseconds((response_minutes * 60e6)::bigint) <= $end_at::timestamp
        then sql_at_raw + to_microseconds((response_minutes * 60e6)::bigint) end as first_contact_at,
    case when deal_created_raw <= $end_at::timestamp then deal_created_raw end as deal_created_at
from opportunity;

create or replace temp table demo_deals as
with d as (
    select
        *,
        greatest(1, round(segment_size * size_factor * persona_size * exp(0.4 * z(i, $seed, 20)) / 10) * 10) as deal_amount,
        deal_created_at + to_microseconds((segment_cycle_days * exp(0.5 * z(i, $seed, 21)) * 86400e6)::bigint) as close_raw,
        u(i, $seed, 22) < least(0.95, p_win * segment_win * owner_skill * speed_factor * group_factor) as wins
    from demo_leads
    where deal_created_at is not null
),
closed as (
    select
        *,
        case when close_raw <= $end_at::timestamp then close_raw end as closed_at,
        case when close_raw > $end_at::timestamp then 'open' when wins then 'won' else 'lost' end as status
    from d
),
after_sale as (
    select
        *,
        case when status = 'won' and u(i, $seed, 23) < (case source when 'paid_social' then 0.7 else 0.87 end)
            then closed_at + to_microseconds((-ln(u(i, $seed, 24)) * 20 * 86400e6)::bigint) end as activated_raw
    from closed
)
select
    *,
    case when activated_raw <= $end_at::timestamp then activated_raw end as activated_at,
    -- most churn happens to customers who never reached their first success
    case when status = 'won' and u(i, $seed, 25) < (case when activated_raw is null then 0.35 else 0.06 end)
        and closed_at + to_microseconds(((30 + 150 * u(i, $seed, 26)) * 86400e6)::bigint) <= $end_at::timestamp
        then closed_at + to_microseconds(((30 + 150 * u(i, $seed, 26)) * 86400e6)::bigint) end as churned_at
from after_sale;

-- the chunk's lead rows; they go in at the end, once their deals are there to derive their stages from
create or replace temp table demo_lead_rows as
select
    l.lead_id,
    l.account_id,
    l.created_at,
    l.source,
    l.source || '_' || strftime(l.created_at, '%Y_q') || quarter(l.created_at)::varchar as campaign,
    l.persona,
    l.segment,
    l.industry,
    l.region,
    ['Alex Morgan', 'Blake Chen', 'Casey Patel', 'Dana Kowalski', 'Eli Novak', 'Frankie Rossi',
     'Gray Okafor', 'Harper Lind', 'Indy Alvarez', 'Jordan Weiss', 'Kai Tanaka', 'Logan Byrne',
     'Morgan Diaz', 'Noel Fischer', 'Oakley Haas', 'Parker Ito', 'Quinn Murphy', 'Reese Santos',
     'Sage Dubois', 'Taylor Berg'][l.owner_idx + 1] as owner,
    case
        when d.status = 'won' then 'customer'
        when d.deal_id is not null then 'opportunity'
        when disq.disqualified_at is not null then 'disqualified'
        when l.sql_at is not null then 'sql'
        when l.mql_at is not null then 'mql'
        else 'lead'
    end as lifecycle_stage,
    l.mql_at,
    l.sql_at,
    l.first_contact_at,
    disq.disqualified_at,
    disq.disqualify_reason,
    -- the demo's deals name their lead themselves
    null::varchar as converted_deal_id
from demo_leads as l
left join (select i, 'D' || lpad(i::varchar, 8, '0') as deal_id, status from demo_deals) as d using (i)
left join (
    -- sales hands leads back with a reason: rejected mqls, and sqls that turned out unqualified
    select
        i,
        coalesce(sql_at, mql_at) + to_microseconds((-ln(u(i, $seed, 31)) * 4 * 86400e6)::bigint) as disqualified_at,
        case
            when source = 'paid_social' and u(i, $seed, 32) < 0.5 then 'poor_fit'
            when source = 'events' and u(i, $seed, 32) < 0.5 then 'too_early'
            when source = 'email' and u(i, $seed, 32) < 0.4 then 'no_response'
            when persona = 'Operations Manager' and u(i, $seed, 32) < 0.5 then 'not_decision_maker'
            else ['no_budget', 'not_decision_maker', 'too_early', 'poor_fit', 'no_response'][1 + floor(u(i, $seed, 33) * 5)::int]
        end as disqualify_reason
    from demo_leads
    where deal_created_at is null
        and ((mql_at is not null and sql_at is null and u(i, $seed, 30) < 0.65)
             or (sql_at is not null and u(i, $seed, 30) < 0.40))
        and coalesce(sql_at, mql_at) + to_microseconds((-ln(u(i, $seed, 31)) * 4 * 86400e6)::bigint) <= $end_at::timestamp
) as disq using (i);

insert into deals
select
    'D' || lpad(i::varchar, 8, '0') as deal_id,
    lead_id,
    account_id,
    ['Alex Morgan', 'Blake Chen', 'Casey Patel', 'Dana Kowalski', 'Eli Novak', 'Frankie Rossi',
     'Gray Okafor', 'Harper Lind', 'Indy Alvarez', 'Jordan Weiss', 'Kai Tanaka', 'Logan Byrne',
     'Morgan Diaz', 'Noel Fischer', 'Oakley Haas', 'Parker Ito', 'Quinn Murphy', 'Reese Santos',
     'Sage Dubois', 'Taylor Berg'][owner_idx + 1] as owner,
    case status when 'won' then 'Closed Won' when 'lost' then 'Closed Lost' else 'Proposal' end as stage,
    deal_created_at as created_at,
    status,
    closed_at,
    deal_amount as amount,
    case when status = 'lost'
        then ['price', 'competitor', 'no_decision', 'timing', 'missing_feature'][1 + floor(u(i, $seed, 40) * 5)::int] end as lost_reason,
    null as source,
    activated_at,
    churned_at
from demo_deals;

-- marketing touches of nurtured leads (those that became MQL): the first is the lead's own source
-- at creation, then up to three more from other channels before sales took over, so the
-- attribution models credit revenue differently
insert into touches
with nurtured as (
    select
        i,
        lead_id,
        created_at,
        source,
        coalesce(deal_created_at, sql_at, mql_at) as until_at,
        1 + floor(u(i, $seed, 70) * 4)::int as count_touches
    from demo_leads
    where mql_at is not null
),
expanded as (
    select *, unnest(range(count_touches)) as k
    from nurtured
)
select
    lead_id,
    case when k = 0 then created_at
        else created_at + to_microseconds(
            (date_diff('microsecond', created_at, until_at) * u(i * 4 + k, $seed, 71))::bigint)
    end as touched_at,
    case when k = 0 then source
        else ['organic_search', 'paid_search', 'paid_social', 'email', 'webinar', 'events', 'referral', 'partner']
            [1 + floor(u(i * 4 + k, $seed, 72) * 8)::int]
    end as source,
    null as campaign,
    case when k = 0 then 'first_visit' else ['email_click', 'ad_click', 'webinar', 'content_download']
        [1 + floor(u(i * 4 + k, $seed, 73) * 4)::int] end as touch_type
from expanded;

-- the chunk's leads go in last, once their deals are there to derive their stages from
insert into leads by name
select * from lead_derivation('demo_lead_rows', 'deals')
-- in created_at order: a date range's scan skips the row groups outside it (zone maps)
order by created_at;

-- chunk end

-- outbound: opportunities sales created without a marketing lead
insert into deals
with o as (
    select
        range as j,
        $start_at::timestamp + to_microseconds((u(range, $seed, 50) * date_diff('microsecond', $start_at::timestamp, $end_at::timestamp))::bigint) as created_at,
        case when u(range, $seed, 51) < 0.6 then 8000 when u(range, $seed, 51) < 0.9 then 25000 else 90000 end
            * exp(0.4 * z(range, $seed, 52)) as raw_amount,
        u(range, $seed, 53) as u_owner
    from range(($n / 40)::bigint)
),
c as (
    select
        *,
        created_at + to_microseconds(((20 + 60 * u(j, $seed, 54)) * 86400e6)::bigint) as close_raw
    from o
)
select
    'DO' || lpad(j::varchar, 7, '0') as deal_id,
    null as lead_id,
    'ACCO' || lpad(j::varchar, 6, '0') as account_id,
    ['Alex Morgan', 'Blake Chen', 'Casey Patel', 'Dana Kowalski', 'Eli Novak', 'Frankie Rossi',
     'Gray Okafor', 'Harper Lind', 'Indy Alvarez', 'Jordan Weiss', 'Kai Tanaka', 'Logan Byrne',
     'Morgan Diaz', 'Noel Fischer', 'Oakley Haas', 'Parker Ito', 'Quinn Murphy', 'Reese Santos',
     'Sage Dubois', 'Taylor Berg'][1 + floor(u_owner * 20)::int] as owner,
    case when close_raw > $end_at::timestamp then 'Proposal' when u(j, $seed, 55) < 0.2 then 'Closed Won' else 'Closed Lost' end as stage,
    created_at,
    case when close_raw > $end_at::timestamp then 'open' when u(j, $seed, 55) < 0.2 then 'won' else 'lost' end as status,
    case when close_raw <= $end_at::timestamp then close_raw end as closed_at,
    greatest(10, round(raw_amount / 10) * 10) as amount,
    case when close_raw <= $end_at::timestamp and u(j, $seed, 55) >= 0.2
        then ['price', 'competitor', 'no_decision', 'timing', 'missing_feature'][1 + floor(u(j, $seed, 56) * 5)::int] end as lost_reason,
    'outbound' as source,
    null as activated_at,
    null as churned_at
from c;

-- spend and targets count every lead: read them back from the leads table, not the last chunk
drop table demo_leads;

create temp view demo_leads as select * from leads;

insert into spend
with monthly as (
    select date_trunc('month', l.created_at)::date as month, l.source, s.cost_per_lead, count(*) as leads
    from demo_leads as l
    join demo_sources as s using (source)
    where s.cost_per_lead > 0
    group by all
)
select
    month,
    source,
    -- the same campaign names as the leads': one campaign per source and quarter
    source || '_' || strftime(month, '%Y_q') || quarter(month)::varchar as campaign,
    round(leads * cost_per_lead * (0.85 + 0.3 * u(hash(month, source), $seed, 60)), 2) as amount
from monthly;

-- monthly targets per source: the plan was set a little above what each source then delivered, varying by
-- month, so some months hit and some miss; the company-wide target of a month and metric is the sum of its
-- sources' targets, so a source filter's targets add up to the company's
insert into targets
with lead_months as (
    select
        date_trunc('month', created_at)::date as month,
        source,
        count(*) as leads,
        count(mql_at) as mqls,
        count(sql_at) as sqls
    from demo_leads
    group by all
),
won as (
    select
        date_trunc('month', d.closed_at)::date as month,
        coalesce(d.source, l.source) as source,
        count(*) as wins,
        sum(d.amount) as revenue
    from deals as d
    left join demo_leads as l using (lead_id)
    where d.status = 'won'
    group by all
),
joined as (
    select
        month,
        source,
        coalesce(m.leads, 0) as leads,
        coalesce(m.mqls, 0) as mqls,
        coalesce(m.sqls, 0) as sqls,
        coalesce(w.wins, 0) as wins,
        coalesce(w.revenue, 0) as revenue,
        0.92 + 0.2 * u(hash(month), $seed, 70) as plan_factor
    from lead_months as m
    full join won as w using (month, source)
),
planned as (
    -- the month the demo's today falls in has only its first days: its plan is the month before's, as a plan is
    -- set from what came before (its own first day scaled to the month made 66 MQLs beside November's 717)
    select * from joined
    where month < date_trunc('month', $end_at::timestamp)::date
    union all by name
    select * replace (date_trunc('month', $end_at::timestamp)::date as month)
    from joined
    where month = (date_trunc('month', $end_at::timestamp) - interval 1 month)::date
),
per_source as (
    select month, source, metric, round(value * plan_factor) as value
    from (unpivot planned on leads, mqls, sqls, wins, revenue into name metric value value)
    -- a source with nothing of a metric (outbound brings no leads) has no target for it
    where value > 0
)
select
    month,
    metric,
    value,
    source,
    case when metric in ('leads', 'mqls') then 'marketing' else 'sales' end as team
from per_source
union all
select
    month,
    metric,
    sum(value),
    null,
    case when metric in ('leads', 'mqls') then 'marketing' else 'sales' end
from per_source
group by month, metric;
