-- one row per target metric and month: the targets that fit the view (view_target_months: company-wide, or the
-- selected sources' summed) in the months the date range touches, with whether every selected source has one that
-- month (every_source). dashboard.targets weighs each month by its days in view (pro rata) and sums.
select
    metric,
    month,
    target,
    every_source
from view_target_months($target_scope, $target_sources)
where month >= date_trunc('month', coalesce(($view).date_from, timestamp '0001-01-01'))
    and month < coalesce(($view).date_to, timestamp '9999-12-31')
order by metric, month;
