"""Time to convert's table and trend from one query with grouping sets (time_to_convert.sql) on Spark: the same frames
as DuckDB's over the hand-counted fixture (the metrics document holds the table alone; the trend is the Funnel page's
chart)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_parity import VIEWS

from dashboard import metrics
from dashboard.filters import Filters


@pytest.mark.parametrize("view", [*VIEWS, Filters(mode="activity")], ids=lambda f: f.caption())
def test_the_table_and_the_trend_are_the_same_on_both_engines(engines, view):
    duck, spark = engines
    on_duck, on_spark = metrics.times_to_convert(duck, view), metrics.times_to_convert(spark, view)
    assert not on_duck.trend.empty or view.window_days == 3
    for mine, theirs in ((on_spark.steps, on_duck.steps), (on_spark.trend, on_duck.trend)):
        # Spark's quantile equals DuckDB's but for the last bit now and then (spark_sql._quantile)
        pd.testing.assert_frame_equal(mine, theirs, check_dtype=False, rtol=1e-12)
