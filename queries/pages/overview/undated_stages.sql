-- the leads of the view's dimension values created in its range that reached MQL or SQL with no date for the stage
-- (a score, a tag or a status said so; no stage date column or deal dates it): the funnel counts them, while the
-- counts dated by entry (the landing page's MQL and SQL tiles, the planner's Arrived) cannot.
select
    count(*) filter (where is_mql and mql_entered_at is null) as mql,
    count(*) filter (where is_sql and sql_entered_at is null) as sql
from view_leads($view)
where in_view($view, created_at)
