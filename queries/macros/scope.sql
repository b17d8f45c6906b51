-- the view: one struct parameter, $view, as dashboard.filters.Filters.to_params builds it:
-- date_from, date_to (timestamps, the end exclusive; null: open), mode ('cohort' or 'activity'),
-- in_order, window_days, count_by ('lead' or 'account'), and one list per dimension (sources, personas,
-- segments, industries, regions, owners; an empty list means "no filter", "(none)" in one the blank value: value_fits).
-- adding a dimension touches config, Filters and view_match.

create or replace macro in_range(ts, date_from, date_to) as
    ts >= coalesce(date_from, timestamp '0001-01-01')
    and ts < coalesce(date_to, timestamp '9999-12-31');

-- the end of the data's last day (exclusive; the day after data_days.max_date, the day every page says the data ends
-- on), or an open end with no data. a record dated after it (a lead created, a stage entered, a deal created or
-- closed past the data's today: a date typo, a planned close left ahead) has not happened yet as the data reads: it
-- counts in no period, tile, chart or list until the data reaches it (the import report and the no_future_dates
-- check name it). before, Q4 2026 counted 91 leads "to 14 Nov" where 1 Oct - 14 Nov held 90, the 91st dated 20 Dec
-- (trial 98). this definition reads data_days (schema/refresh.sql) in a scalar subquery, right for any file; each
-- time data_days is written, store.store_data_end replaces it with the day as a constant, which the planner sees (the
-- subquery inside in_view cost the account list its top-n late materialisation: test_perfacct). spark binds the day
-- as a parameter instead (scope.spark.sql). the rollups count under it too.
create or replace macro data_end() as
    coalesce((select max(max_date) from data_days) + interval 1 day, timestamp '9999-12-31');

-- is a moment inside the view's date range, which ends at the data's end at the latest (data_end)
create or replace macro in_view(view, ts) as
    in_range(ts, (view).date_from, least(coalesce((view).date_to, timestamp '9999-12-31'), data_end()));

-- does a dimension value fit the values a view chose of it: none chosen (no filter), or among them. a blank (null)
-- value is chosen as config.NONE_LABEL, "(none)", the name the breakdowns and the filters give it (a stored
-- '(none)', kept as a value by the import, is under that name too): list_contains never matches a null, so the
-- breakdown's "(none)" owner row of 52 leads drew 0 at every stage when compared side by side (trial 78), and no
-- filter could pick the leads without an owner. every dimension filter, on the leads and on the rollups, tests here.
create or replace macro value_fits(chosen, value) as
    len(chosen) = 0 or list_contains(chosen, coalesce(value, {{none_label}}));

-- does a row with these dimension values fit the view
create or replace macro view_match(view, source, persona, segment, industry, region, owner) as
    value_fits((view).sources, source)
    and value_fits((view).personas, persona)
    and value_fits((view).segments, segment)
    and value_fits((view).industries, industry)
    and value_fits((view).regions, region)
    and value_fits((view).owners, owner);

-- leads of the view's dimension values, whenever created
create or replace macro view_leads(view) as table
    select *
    from lead_stages
    where view_match(view, source, persona, segment, industry, region, owner);

-- deals of the view's dimension values, whenever created
create or replace macro view_deals(view) as table
    select *
    from deal_facts
    where view_match(view, source, persona, segment, industry, region, owner);

-- the units a view counts, with their dimension values matching it: its leads (view_leads), or with
-- count_by 'account' its accounts, matched on their first lead's values. the other branch is cut from the plan
-- (the view is bound before planning), so counting by lead reads exactly what it read before.
-- in ordered mode an account's after_seconds are its members' in order at the stage (order_after_seconds): it counts
-- in order within the window only when a member entered in order within it (trial 72: an account counted as an SQL
-- in order within 30 days on an out-of-order member's day-14 SQL, its member in order there on day 64). a lead's are
-- the same either way (its stage counts in order or not at all).
create or replace macro view_units(view) as table
    select * from view_leads(view) where coalesce((view).count_by, 'lead') = 'lead'
    union all by name
    select
        * exclude (
            mql_order_after_seconds, sql_order_after_seconds, opportunity_order_after_seconds,
            customer_order_after_seconds, mql_order_entered_at, sql_order_entered_at, opportunity_order_entered_at,
            customer_order_entered_at
        ) replace (
            case when (view).in_order then mql_order_after_seconds else mql_after_seconds end as mql_after_seconds,
            case when (view).in_order then sql_order_after_seconds else sql_after_seconds end as sql_after_seconds,
            case when (view).in_order then opportunity_order_after_seconds else opportunity_after_seconds end
                as opportunity_after_seconds,
            case when (view).in_order then customer_order_after_seconds else customer_after_seconds end
                as customer_after_seconds,
            -- ordered activity counting: the entry of a lead in order at the stage (account_facts.sql), as a lead's
            -- own counts. cohort mode keeps every entry: its counts read the window moments above, and its stalled
            -- lists and times date a stage by its first entry (swapped there too, an account at SQL only out of
            -- order read as undated: review 77)
            case when (view).in_order and (view).mode = 'activity' then mql_order_entered_at
                else mql_entered_at end as mql_entered_at,
            case when (view).in_order and (view).mode = 'activity' then sql_order_entered_at
                else sql_entered_at end as sql_entered_at,
            case when (view).in_order and (view).mode = 'activity' then opportunity_order_entered_at
                else opportunity_entered_at end as opportunity_entered_at,
            case when (view).in_order and (view).mode = 'activity' then customer_order_entered_at
                else customer_entered_at end as customer_entered_at
        )
    from account_facts -- schema/accounts.sql, stored by schema/refresh.sql
    where (view).count_by = 'account' and view_match(view, source, persona, segment, industry, region, owner);

-- the leads a view counts from (its accounts with count_by 'account': view_units): in cohort
-- mode only those created in the range (in the where, so a scan of leads stored in created_at order skips
-- the row groups outside it); in activity mode every lead, as a stage entered in the range may belong to a
-- lead created before it.
create or replace macro scoped_leads(view) as table
    select *
    from view_units(view)
    where (view).mode = 'activity' or in_view(view, created_at);

-- the deals a view counts, whenever dated: by lead the deals of the view's dimension values (view_deals); with
-- count_by 'account' the deals of its accounts (view_account_deals). the other branch is cut from the plan as in
-- view_units, so counting by lead reads exactly what it read before.
create or replace macro unit_deals(view) as table
    select * from view_deals(view) where coalesce((view).count_by, 'lead') = 'lead'
    union all by name
    select * from view_account_deals(view) where (view).count_by = 'account';

-- the deals of the accounts of the view's dimension values (view_units with count_by 'account'), tied to an account
-- as the account's buying group ties them (schema/account_facts.sql): by the deal's account_id, else its lead's
-- (deal_facts.unit_account_id: a deal booked on an account without leads, its lead's), else its lead itself (a
-- lead without an account is one); a deal without a stored lead
-- and without an account is no account's. a deal naming another account than its lead's (none in the demo) counts
-- for the one it names (its lead's account reaches no stage through it: schema/accounts.sql account_moved_deals).
-- its cohort_at is its account's creation (its first lead's), as the funnel dates the account; its source, owner
-- and amount stay its own (won deals stay deals), and account_source and account_campaign are its account's (its
-- first touch's: its first lead's, or its first deal without a lead when that came first, trial 96), which the Sources page credits counting by account (trial 42: a referral account's win on its
-- paid-search contact counted for paid search, its ROI read -100 %, its row no customer the Funnel counted). before, an account view took the leads' deals, so a February view counted the
-- deal of a January account's February lead and left out a lost deal of a February account whose lead came in
-- March, one the funnel counted as an opportunity.
-- the deals are stored joined to their accounts (schema/account_facts.sql account_deals, with the account's dimension
-- values view_units matches an account on): joining them here on every view took 0.7 s at ten million leads.
create or replace macro view_account_deals(view) as table
    select * exclude (account_persona, account_segment, account_industry, account_region, account_owner)
    from account_deals
    where (view).count_by = 'account'
        and view_match(
            view, account_source, account_persona, account_segment, account_industry, account_region, account_owner
        );

-- is a deal in scope: cohort mode takes deals of leads (accounts) created in the range (a deal without a lead by its
-- own creation date); activity mode takes deals closed in the range, and open deals created in it. either way a
-- deal created, or closed, after the data's end (data_end) is not counted yet (a won deal's planned close left
-- ahead counted as a win of the data's "All dates" and of its lead's month, trial 98).
create or replace macro deal_in_scope(view, status, created_at, closed_at, cohort_at) as
    case
        when (view).mode = 'activity' then coalesce(
            in_view(view, case when status = 'open' then created_at else closed_at end), false
        )
        else in_view(view, cohort_at)
            and not coalesce(greatest(created_at, case when status <> 'open' then closed_at end) >= data_end(), false)
    end;

-- deals in scope (unit_deals): deal_in_scope's
create or replace macro deals_in_scope(view) as table
    select *
    from unit_deals(view)
    where deal_in_scope(view, status, created_at, closed_at, cohort_at);

-- the targets that fit the view, one row per stored target row kept: target_scope 'company' keeps the
-- company-wide rows (no source), 'sources' the rows of the selected sources (matched by source_key),
-- anything else none (a persona or segment view has no target of its own). dashboard.targets picks the scope.
create or replace macro view_targets(target_scope, target_sources) as table
    select month, metric, value, source
    from targets
    where case target_scope
        when 'company' then source is null
        when 'sources' then source is not null
            and list_contains(list_transform(target_sources, lambda s: source_key(s)), source_key(source))
        else false
    end;

-- the targets that fit the view (view_targets), summed per month and metric, and whether the sum is the view's own
-- (every_source): company-wide always; under a source filter only when every selected source has a target for the
-- metric that month, as a sum that leaves a source out would read as that source promising nothing (trial 69's chart
-- drew Paid Search's $60k as the target of Paid Search + Webinar, Webinar having none). The one place the rule is
-- written: target_totals (dashboard.targets.totals) and the alignment chart's monthly_deals read it.
create or replace macro view_target_months(target_scope, target_sources) as table
    select
        month,
        metric,
        target,
        target_scope != 'sources'
            or count_sources >= len(list_distinct(list_transform(target_sources, lambda s: source_key(s))))
            as every_source
    from (
        select month, metric, sum(value) as target, count(distinct source_key(source)) as count_sources
        from view_targets(target_scope, target_sources)
        group by month, metric
    );

-- whose work a deal is: 'marketing' (its originating source is known and not one of sales' own), 'sales' (one of
-- sales' own sources: a deal with no lead id and no source of its own is labelled 'outbound' in deal_facts,
-- config.OUTBOUND_SOURCE, on the list by default), or 'unknown' (it names a lead,
-- stored or not, but its source is unknown: before, these counted as sales-sourced, a fifth of the Olist deals,
-- and so did a HubSpot deal whose contact was deleted).
-- sales_sources and unknown_sources are labels as loaded (sources.origin_labels finds the ones whose source_key
-- is on the list in use, or the unknown source's: normalising the few distinct labels once costs nothing, every
-- deal's label 160 ms a million).
create or replace macro deal_origin(source, has_lead, is_unsourced, sales_sources, unknown_sources) as
    case
        -- labelled 'outbound' for the tables, but sales' whether or not that label is on the list (a list saved
        -- without it moved these deals to marketing in silence, where they had always been sales')
        when is_unsourced then 'sales'
        when list_contains(sales_sources, source) then 'sales'
        when not list_contains(unknown_sources, source) then 'marketing'
        when has_lead then 'unknown'
        else 'sales'
    end;
