-- one row per target metric: the targets that fit the view (view_targets: company-wide, or the sum of
-- the selected sources') summed over the months the date range touches, with how many months and how
-- many of the selected sources have one; months without a target add nothing.
select
    metric,
    sum(value) as target,
    count(distinct month) as count_months,
    count(distinct source_key(source)) as count_sources
from view_targets($target_scope, $target_sources)
where month >= date_trunc('month', coalesce(($view).date_from, timestamp '0001-01-01'))
    and month < coalesce(($view).date_to, timestamp '9999-12-31')
group by metric
order by metric;
