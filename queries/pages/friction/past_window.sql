-- one row: the open leads in scope that the conversion window leaves out of the stalled and in-stage counts (created
-- the window or longer ago and never moved on: lost, not stalled; see open_leads), for the caption that states the
-- rule with its count (a rule without a count hid 52 of 65 open leads of the trial 40 data). leads moved back in the
-- crm are not counted, as they are not with the window 0 either, nor leads at a stage they have no date for (the
-- stalled view counts those apart). 0 without a window.
-- open_leads(…, true)'s rows counted where not is_moved_back and not is_undated, its two cases (the stage a lead
-- waits at, then that stage's date) folded into one boolean case: the stage's name and date were worked out for
-- every lead created before the window (nine in ten of ten million) only to be tested for null. the same count
-- (tests/unit/test_perfpast.py compares it with open_leads' on random data and views).
select count(*) as count_past_window
from funnel_hits($view)
-- open_leads' hits with past_window true
where (hit_lead or (($view).mode = 'activity' and created_at < data_end()))
    and coalesce(($view).window_days, 0) > 0
    and created_at <= (select as_of from data_as_of) - to_days(($view).window_days::integer)
    and not coalesce(is_moved_back, false)
    -- open (open_leads' stage is not null) and dated at that stage (its entered_at is not null), in its order
    and case
        when is_customer then false
        when is_opportunity then has_open_deal and opportunity_entered_at is not null
        when is_rejected then false
        when is_sql then sql_entered_at is not null
        when is_mql then mql_entered_at is not null
        else created_at is not null
    end;
