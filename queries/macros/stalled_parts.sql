-- the parts of the Friction page's stalled overview, each over the table named `units` (the view's open leads, one
-- row per lead with its stage, threshold_days, days_in_stage, is_moved_back, is_undated, owner and the list's
-- columns): pages/friction/stalled_overview.sql reads them from open_leads, stalled_overview_rollup.sql from the
-- stored open_window_leads. one set of macros for both files, which stay apart: DuckDB plans every branch of a
-- statement before it cuts the ones a flag rules out. a lead moved back in the crm is left out of its dated stage
-- (count_moved_back says how many), and so is a lead at a stage it has no date for (count_undated: no wait to measure).

-- one row per open stage (lead, mql, sql, opportunity; stage_order 1 to 4, each with its threshold): its leads now,
-- the median days since they entered it, how many passed its threshold, moved back and undated. counted per stage in
-- one grouping, then set beside the four stages: joining the stages to every open lead first built a hash table of
-- the open leads (1.5 m at 10 m leads), half the query's time
create or replace macro stalled_stages(units, stall_lead, stall_mql, stall_sql, stall_opportunity) as table
    with per_stage as (
        select
            stage,
            count(*) filter (where not is_moved_back and not is_undated) as count_in_stage,
            median(days_in_stage) filter (where not is_moved_back and not is_undated) as median_days_in_stage,
            count(*) filter (where not is_moved_back and not is_undated and days_in_stage > threshold_days)
                as count_stalled,
            count(*) filter (where is_moved_back) as count_moved_back,
            count(*) filter (where is_undated and not is_moved_back) as count_undated
        from query_table(units)
        group by stage
    )
    select
        s.stage,
        s.stage_order,
        s.threshold_days,
        coalesce(p.count_in_stage, 0) as count_in_stage,
        p.median_days_in_stage,
        coalesce(p.count_stalled, 0) as count_stalled,
        coalesce(p.count_moved_back, 0) as count_moved_back,
        coalesce(p.count_undated, 0) as count_undated
    from (values (1, 'lead', stall_lead), (2, 'mql', stall_mql), (3, 'sql', stall_sql),
            (4, 'opportunity', stall_opportunity)) as s(stage_order, stage, threshold_days)
    left join per_stage as p using (stage);

-- the units past their stage's threshold (waiting: not moved back, dated)
create or replace macro stalled_units(units) as table
    select *
    from query_table(units)
    where not is_moved_back and not is_undated and days_in_stage > threshold_days;

-- one row per owner (none_label: no owner) and stage: the units past the stage's threshold
create or replace macro stalled_owners(units, none_label) as table
    select coalesce(owner, none_label) as owner, stage, count(*) as count_stalled
    from stalled_units(units)
    group by all;

-- one row per unit past its stage's threshold, longest waiting first, lim rows at most (null: all)
create or replace macro stalled_list(units, lim) as table
    select lead_id, account_id, stage, owner, source, persona, entered_at, days_in_stage, threshold_days
    from stalled_units(units)
    order by days_in_stage desc, lead_id, account_id
    limit lim;
