-- one row per rejection reason among the SQLs in scope that sales later disqualified, with the number
-- of SQLs in scope: "SQLs that were not really qualified".
with sqls as (
    select *
    from funnel_hits($view)
    where hit_sql
)
select
    coalesce(nullif(trim(disqualify_reason), ''), $none_label) as reason,
    count(*) as count_rejected,
    (select count(*) from sqls) as count_sqls
from sqls
-- rejected by a date, or by a status alone (Salesforce's Closed - Not Converted exports no date)
where is_rejected
group by 1
order by count_rejected desc, reason;
