-- one row per target metric and month: the targets that fit the view (view_targets: company-wide, or the
-- selected sources') in the months the date range touches, summed, with how many of the selected sources
-- have one that month. dashboard.targets weighs each month by its days in view (pro rata) and sums.
select
    metric,
    month,
    sum(value) as target,
    count(distinct source_key(source)) as count_sources
from view_targets($target_scope, $target_sources)
where month >= date_trunc('month', coalesce(($view).date_from, timestamp '0001-01-01'))
    and month < coalesce(($view).date_to, timestamp '9999-12-31')
group by metric, month
order by metric, month;
