"""The Sources page read from the funnel rollup: its per-source counts and monthly trend counted by hand on the
fixture (tests/fixture_data.py with its sources extras), and the same numbers as the scan for random data and views;
the sourced chart's deals summed per month and kind, counted by hand."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pandas as pd
from fixture_data import add_source_extras, load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views

from dashboard import queries, rollups, sources, store
from dashboard.filters import Filters

TREND = ["count_leads", "count_mqls", "count_rejected", "count_rejected_mqls", "count_rejected_unknown"]


def test_the_source_trend_from_the_rollup_by_hand(con):
    add_source_extras(con)
    # the fixture by created month and source; rejected (extras): L3 (email, Jan, an MQL), L7 (paid_search, Mar, a
    # lead), L8 (email, Mar, an SQL, so an MQL too). L4 (Feb, SQL with no MQL date) and L5, L6 (Feb, a won deal; an
    # SQL by its stage) reached MQL
    trend = queries.run(con, "source_trend_rollup", Filters().to_params())
    rows = [[str(r.month)[:10], r.source, *(int(getattr(r, c)) for c in TREND)] for r in trend.itertuples()]
    assert rows == [
        ["2025-01-01", "email", 1, 1, 1, 1, 0],
        ["2025-01-01", "paid_search", 2, 2, 0, 0, 0],
        ["2025-02-01", "email", 1, 1, 0, 0, 0],
        ["2025-02-01", "organic_search", 2, 2, 0, 0, 0],
        ["2025-03-01", "email", 1, 1, 1, 1, 0],
        ["2025-03-01", "paid_search", 1, 0, 1, 0, 0],
    ]
    # a source filter keeps its rows; February alone has no rejection
    email = queries.run(con, "source_trend_rollup", Filters(sources=("email",)).to_params())
    assert email["count_leads"].tolist() == [1, 1, 1]
    february = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28))
    assert queries.run(con, "source_trend_rollup", february.to_params())["count_rejected"].tolist() == [0, 0]


def test_the_page_reads_the_rollup_only_where_it_is_exact(con):
    add_source_extras(con)
    reads = []
    with mock.patch.object(sources, "run", wraps=sources.run) as spy:
        sources.source_trend(con, Filters())
        sources.source_trend(con, Filters(date_from=date(2025, 1, 2)))  # not a month's first day
        sources.source_table(con, Filters(), by="source")
        sources.source_table(con, Filters(), by="campaign")  # the rollup has no campaigns
        reads = [(c.args[1], c.args[2].get("use_rollup")) for c in spy.call_args_list]
    assert reads == [
        ("source_trend_rollup", None),
        ("source_trend", None),
        ("sources", True),
        ("sources", False),
    ]


def test_the_sources_table_from_the_rollup_by_hand(con):
    add_source_extras(con)
    table = sources.source_table(con, Filters(date_from=date(2025, 1, 1), date_to=date(2025, 2, 28)), by="source")
    counts = ["count_leads", "count_mqls", "count_sqls", "count_opportunities", "count_won", "revenue"]
    got = {r.source: [getattr(r, c) for c in counts] for r in table.itertuples()}
    # January and February: paid_search L1 (won D1 1,000), L2 (an opportunity, D2 lost); email L3 (MQL), L4 (SQL);
    # organic_search L5 (won D3 3,000), L6 (SQL). D5 (L1's, open) is pipeline, not revenue. webinar: February's
    # spend (250) and no lead
    assert got == {
        "organic_search": [2, 2, 2, 1, 1, 3000.0],
        "paid_search": [2, 2, 2, 2, 1, 1000.0],
        "email": [2, 2, 1, 0, 0, 0.0],
        "webinar": [0, 0, 0, 0, 0, 0.0],
    }
    assert table.set_index("source").loc["paid_search", "spend"] == 500.0


def _reject_some(con, data, rejected: list[int]) -> None:
    load(con, *data)
    ids = [lead[0] for i, lead in enumerate(data[0]) if i in rejected]
    with store.transaction(con, "true"):
        con.execute("update leads set disqualified_at = created_at where list_contains($ids, lead_id)", {"ids": ids})


def _scan(con, view: Filters, fn, *args):
    with mock.patch.object(rollups, "breakdown_exact", return_value=False):
        return fn(con, view, *args)


@PROPS
@given(
    data=datasets(),
    view=st.one_of(any_views(), any_views(whole_months=True)),
    rejected=st.lists(st.integers(0, 25)),
)
def test_the_sources_page_counts_the_scans_whichever_path_it_takes(mem, data, view, rejected):  # noqa: F811
    _reject_some(mem, data, rejected)
    table = sources.source_table(mem, view, "source")
    pd.testing.assert_frame_equal(table, _scan(mem, view, sources.source_table, "source"))
    days = (date(2025, 1, 1), date(2025, 6, 30))
    trend = sources.source_trend(mem, view, 2, days)
    pd.testing.assert_frame_equal(trend, _scan(mem, view, sources.source_trend, 2, days))


def test_the_sourced_chart_sums_the_deals_per_month_by_hand(con):
    # all dates, cohort: deals created Jan (D1 1,000 won, D2 500 lost), Feb (D3 3,000 won), Mar (D4 2,000 open,
    # outbound: sales-sourced; D5 700 open, L1's). no touches: nothing influenced
    table = sources.sourced(con, Filters())
    got = [
        [str(r.month)[:10], r.count_deals, r.pipeline_marketing, r.pipeline_sales, r.revenue_marketing]
        for r in table.itertuples()
    ]
    assert got == [
        ["2025-01-01", 2, 1500.0, 0.0, 1000.0],
        ["2025-02-01", 1, 3000.0, 0.0, 3000.0],
        ["2025-03-01", 2, 700.0, 2000.0, 0.0],
    ]
    # a cohort view of February: D3, whose lead L5 came in February, is pipeline and won; January's D1 was won in
    # February but its lead came in January, so the cohort leaves it out
    february = sources.sourced(con, Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28)))
    assert february[["count_deals", "revenue_marketing"]].values.tolist() == [[1, 3000.0]]
    # the activity view of February: D3 created there; D1 and D2 closed there (D1 won), created in January
    activity = sources.sourced(con, Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28), mode="activity"))
    got = [[str(r.month)[:10], r.count_deals, r.revenue_marketing] for r in activity.itertuples()]
    assert got == [["2025-01-01", 0, 1000.0], ["2025-02-01", 1, 0.0]]
