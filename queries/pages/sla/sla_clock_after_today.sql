-- how many of the view's leads have an sla clock (sql_at, or mql_at with $clock_start 'mql') that starts after the
-- data's today: they have not been handed over yet, so sla_leads (macros/sla.sql) leaves them out of every count and
-- list, and the page says how many (trial 95: a lead dated 2027 read "waiting now", waited 0 min). scoped as
-- sla_leads scopes: by the clock in activity mode, by creation otherwise.
with clocked as (
    select created_at, case when $clock_start = 'mql' then coalesce(mql_at, sql_at) else sql_at end as clock_at
    from view_leads($view)
)
select count(*) as count_after_today
from clocked
where clock_at > (select as_of from data_as_of)
    and case when ($view).mode = 'activity' then in_view($view, clock_at) else in_view($view, created_at) end
