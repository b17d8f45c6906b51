-- the leads of the view's dimension values created in its range that reached MQL or SQL with no date for the stage
-- (a score, a tag or a status said so; no stage date column or deal dates it): the funnel counts them, while the
-- counts dated by entry (the landing page's MQL and SQL tiles, the planner's Arrived) cannot. opportunity and
-- customer: a lifecycle stage alone says so (no deal dates it), which activity mode's friction steps need.
-- counting by account (view_units), the accounts created in the range with no entry at the stage: none of their leads
-- or deals dates it (trial 78: an account with one lead at SQL undated and one dated was counted left out, in March's
-- SQL accounts all the same).
select
    count(*) filter (where is_mql and mql_entered_at is null) as mql,
    count(*) filter (where is_sql and sql_entered_at is null) as sql,
    count(*) filter (where is_opportunity and opportunity_entered_at is null) as opportunity,
    count(*) filter (where is_customer and customer_entered_at is null) as customer
from view_units($view)
where in_view($view, created_at)
