-- one row: the open leads in scope that the conversion window leaves out of the stalled and in-stage counts (created
-- the window or longer ago and never moved on: lost, not stalled; see open_leads), for the caption that states the
-- rule with its count (a rule without a count hid 52 of 65 open leads of the trial 40 data). leads moved back in the
-- crm are not counted, as they are not with the window 0 either, nor leads at a stage they have no date for (the
-- stalled view counts those apart). 0 without a window.
select count(*) as count_past_window
from open_leads($view, $stall_lead, $stall_mql, $stall_sql, $stall_opportunity, true)
where not is_moved_back and not is_undated;
