-- spark replacement of period_outcomes.sql's periods cte (spark syntax, :name parameters): spark binds no list of
-- structs, so $periods comes as one array a field (dashboard.spark_sql.spark_args), zipped back into rows.
with periods as (
    select inline(arrays_zip(:periods_period, :periods_date_from, :periods_date_to)) as (period, date_from, date_to)
)
