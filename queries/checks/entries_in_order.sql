-- data test: one row per lead counted at a stage "in order" whose entry into it is earlier than its
-- entry into the stage before (or its creation). none expected.
select lead_id, created_at, mql_entered_at, sql_entered_at, opportunity_entered_at, customer_entered_at
from leads
where (mql_in_order and mql_entered_at < created_at)
    or (sql_in_order and sql_entered_at < mql_entered_at)
    or (opportunity_in_order and opportunity_entered_at < sql_entered_at)
    or (customer_in_order and customer_entered_at < opportunity_entered_at);
