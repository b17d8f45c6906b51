-- data test: one row per lead whose stored stages skip a step (counted at a stage but not at the one
-- before it, reached or in order), which would let a cohort funnel count grow down the stages. none expected.
select lead_id, is_mql, is_sql, is_opportunity, is_customer
from leads
where (is_customer and not is_opportunity)
    or (is_opportunity and not is_sql)
    or (is_sql and not is_mql)
    or (customer_in_order and not opportunity_in_order)
    or (opportunity_in_order and not sql_in_order)
    or (sql_in_order and not mql_in_order);
