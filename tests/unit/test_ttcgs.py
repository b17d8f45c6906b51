"""Time to convert's table and trend (time_to_convert.sql) from one scan: one aggregate groups each step's durations by
step and by step and month (grouping sets), where main ran time_to_convert.sql and time_to_convert_trend.sql over the
same rows. The same frames: by hand below, and for random data and views exactly main's two queries' frames.

| lead | created          | lifecycle | MQL              |                                                  |
|------|------------------|-----------|------------------|--------------------------------------------------|
| B1   | 2025-01-01 00:00 | mql       | 2025-01-03 00:00 |  2 days, January                                 |
| B2   | 2025-01-01 00:00 | mql       | 2025-01-07 00:00 |  6 days, January                                 |
| B3   | 2025-01-20 00:00 | mql       | 2025-02-04 00:00 | 15 days, February                                |
| B4   | 2025-03-10 00:00 | mql       | 2025-03-01 00:00 | MQL before the creation: March has no conversion |
| B5   | 2025-03-10 00:00 | mql       |                  | no MQL date: in no month                         |
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from fixture_data import load
from hypothesis import given, settings
from test_perffric import any_views  # views of either mode, unit and window
from test_perfttc import timed_datasets
from test_properties import PROPS, mem  # noqa: F401 (mem is a fixture)

from dashboard import config, metrics, queries
from dashboard.filters import Filters

T = datetime
LEADS = [
    ("B1", T(2025, 1, 1), "a", "p", "SMB", "o", "mql", T(2025, 1, 3), None, None),
    ("B2", T(2025, 1, 1), "a", "p", "SMB", "o", "mql", T(2025, 1, 7), None, None),
    ("B3", T(2025, 1, 20), "a", "p", "SMB", "o", "mql", T(2025, 2, 4), None, None),
    ("B4", T(2025, 3, 10), "a", "p", "SMB", "o", "mql", T(2025, 3, 1), None, None),
    ("B5", T(2025, 3, 10), "a", "p", "SMB", "o", "mql", None, None, None),
]
COUNTS = ["count_converted", "count_out_of_order", "count_undated", "count_after_window", "count_reached"]

# main's time_to_convert.sql (287c7f1), comments cut: the step rows
OLD_STEPS = """
with hits as (
    select *
    from funnel_hits($view)
),
steps as (
    select 1 as step_order, days_lead_to_mql as days, in_window($view, mql_after_seconds) as is_in_window
    from hits
    where hit_mql
    union all
    select 2, days_mql_to_sql, in_window($view, sql_after_seconds)
    from hits
    where hit_sql
    union all
    select 3, days_sql_to_opportunity, in_window($view, opportunity_after_seconds)
    from hits
    where hit_opportunity
    union all
    select 4, days_opportunity_to_customer, in_window($view, customer_after_seconds)
    from hits
    where hit_customer
),
durations as (
    select
        step_order,
        quantile_cont(days, [0.5, 0.9]) filter (where days >= 0 and is_in_window) as quantiles,
        count_if(days >= 0 and is_in_window) as count_converted,
        count_if(days < 0) as count_out_of_order,
        count_if(days is null) as count_undated,
        count_if(days >= 0 and not is_in_window) as count_after_window,
        count(*) as count_reached
    from steps
    group by step_order
)
select
    s.step_order,
    s.from_stage,
    s.to_stage,
    coalesce(d.count_converted, 0)::bigint as count_converted,
    d.quantiles[1] as median_days,
    d.quantiles[2] as p90_days,
    coalesce(d.count_out_of_order, 0)::bigint as count_out_of_order,
    coalesce(d.count_undated, 0)::bigint as count_undated,
    coalesce(d.count_after_window, 0)::bigint as count_after_window,
    coalesce(d.count_reached, 0)::bigint as count_reached
from (values (1, 'lead', 'mql'), (2, 'mql', 'sql'), (3, 'sql', 'opportunity'), (4, 'opportunity', 'customer'))
    as s(step_order, from_stage, to_stage)
left join durations as d using (step_order)
order by s.step_order
"""

# main's time_to_convert_trend.sql (287c7f1), comments cut: the month rows
OLD_TREND = """
with hits as (
    select *
    from funnel_hits($view)
),
steps as (
    select 'lead' as from_stage, 'mql' as to_stage, mql_at as to_at, days_lead_to_mql as days
    from hits where hit_mql and in_window($view, mql_after_seconds)
    union all
    select 'mql', 'sql', sql_at, days_mql_to_sql from hits where hit_sql and in_window($view, sql_after_seconds)
    union all
    select 'sql', 'opportunity', opportunity_entered_at, days_sql_to_opportunity
    from hits where hit_opportunity and in_window($view, opportunity_after_seconds)
    union all
    select 'opportunity', 'customer', customer_entered_at, days_opportunity_to_customer
    from hits where hit_customer and in_window($view, customer_after_seconds)
)
select
    date_trunc('month', to_at)::date as month,
    from_stage,
    to_stage,
    count(*) as count_converted,
    quantile_cont(days, [0.5, 0.9]) as q
from steps
where days >= 0
group by all
order by month, from_stage
"""


def _old(con, view: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """main's metrics.time_to_convert and metrics.time_to_convert_trend, each from its own query."""
    steps = con.execute(OLD_STEPS, queries._bind(OLD_STEPS, view.to_params())).df()
    steps["step"] = metrics.step_labels(steps, view)
    trend = con.execute(OLD_TREND, queries._bind(OLD_TREND, view.to_params())).df()
    trend["month"] = pd.to_datetime(trend["month"])
    trend["median_days"] = trend["q"].map(lambda q: q[0])
    trend["p90_days"] = trend["q"].map(lambda q: q[1])
    trend = trend.drop(columns="q")
    trend = trend.sort_values(
        ["month", "from_stage"], key=lambda c: c.map(config.LIFECYCLE_RANK) if c.name == "from_stage" else c
    )
    trend["step"] = metrics.step_labels(trend, view)
    return steps, trend


def test_the_table_and_the_trend_by_hand(mem):  # noqa: F811
    load(mem, LEADS, [])
    times = metrics.times_to_convert(mem, Filters(window_days=0))
    lead = times.steps.iloc[0]
    # lead→MQL: B1, B2, B3 timed (2, 6 and 15 days), B4 out of order, B5 undated; the later steps: rows of zeros
    assert times.steps[COUNTS].values.tolist() == [[3, 1, 1, 0, 5], [0] * 5, [0] * 5, [0] * 5]
    # [2, 6, 15]: the median the middle one; the 90th percentile at 0.9 * 2 = 1.8, 6 + 0.8 * (15 - 6)
    assert (lead.median_days, lead.p90_days) == (6.0, pytest.approx(13.2))
    # January: B1 and B2 (2 and 6 days: median 4, 90th 2 + 0.9 * 4); February: B3 alone. March has B4 alone, out of
    # order, and B5 is in no month: neither is a point of the trend
    trend = times.trend
    assert trend["month"].dt.strftime("%Y-%m").tolist() == ["2025-01", "2025-02"]
    assert trend["step"].tolist() == ["Lead → MQL", "Lead → MQL"]
    assert trend["count_converted"].tolist() == [2, 1]
    assert trend["median_days"].tolist() == [4.0, 15.0]
    assert trend["p90_days"].tolist() == [pytest.approx(5.6), 15.0]


def test_one_query_reads_both(mem, monkeypatch):  # noqa: F811
    # the table and the trend are one query file run once (main: time_to_convert and time_to_convert_trend)
    load(mem, LEADS, [])
    read: list[str] = []
    text = queries.sql_text
    monkeypatch.setattr(queries, "sql_text", lambda name: read.append(name) or text(name))
    times = metrics.times_to_convert(mem, Filters())
    assert read == ["time_to_convert"]
    assert len(times.steps) == 4 and len(times.trend) == 2


@settings(PROPS, max_examples=60)
@given(data=timed_datasets(), view=any_views())
def test_the_table_and_the_trend_are_mains(mem, data, view):  # noqa: F811
    load(mem, *data)
    times = metrics.times_to_convert(mem, view)
    steps, trend = _old(mem, view)
    pd.testing.assert_frame_equal(times.steps, steps, check_exact=True)
    # the page's two functions, the same frames
    pd.testing.assert_frame_equal(metrics.time_to_convert(mem, view), steps, check_exact=True)
    if trend.empty:
        # no month (the page shows no chart): main's empty frame had typeless object columns, these keep their types
        assert times.trend.empty and times.trend.columns.tolist() == trend.columns.tolist()
        return
    pd.testing.assert_frame_equal(times.trend, trend, check_exact=True)
    pd.testing.assert_frame_equal(metrics.time_to_convert_trend(mem, view), trend, check_exact=True)
