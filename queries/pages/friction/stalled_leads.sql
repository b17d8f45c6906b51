-- one row per open lead past its stage's stall threshold: stage, owner, source, days in stage,
-- longest waiting first; $limit rows at most (null: all, for the download). counting by account, one row per
-- open account (account_id its key, lead_id its first lead).
select lead_id, account_id, stage, owner, source, persona, entered_at, days_in_stage, threshold_days
from open_leads($view, $stall_lead, $stall_mql, $stall_sql, $stall_opportunity)
where days_in_stage > threshold_days
order by days_in_stage desc, lead_id, account_id
limit $limit;
