-- one row per target metric: the company-wide target (rows without a source) summed over the
-- months the date range touches; months without a target add nothing.
select metric, sum(value) as target, count(distinct month) as count_months
from targets
where source is null
    and month >= date_trunc('month', coalesce($date_from, timestamp '0001-01-01'))
    and month < coalesce($date_to, timestamp '9999-12-31')
group by metric
order by metric;
