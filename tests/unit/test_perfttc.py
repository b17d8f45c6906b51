"""Time to convert (time_to_convert.sql) from one row per lead and step, grouped by step, with one quantile of a list
of two per step, instead of one row per lead in scope with eight quantiles in filter clauses (each step's durations
collected twice, every filter tested on every lead). The same frame: by hand for a step no lead made (its row of
zeros stays), and for random data and views exactly main's query's, its counts those worked out in Python from
funnel_hits' rows.

| lead | created          | lifecycle | MQL              | SQL              |
|------|------------------|-----------|------------------|------------------|
| A1   | 2025-01-01 00:00 | mql       | 2025-01-02 00:00 |                  |  1 day
| A2   | 2025-01-01 00:00 | mql       | 2025-01-05 00:00 |                  |  4 days
| A3   | 2025-01-01 00:00 | mql       | 2025-01-11 00:00 |                  | 10 days
| A4   | 2025-01-02 00:00 | mql       | 2025-01-01 00:00 |                  | MQL before the creation
| A5   | 2025-01-02 00:00 | mql       |                  |                  | no MQL date
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_perffric import any_views  # views of either mode, unit and window
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)

from dashboard import metrics, queries
from dashboard.filters import Filters

T = datetime
LEADS = [
    ("A1", T(2025, 1, 1), "a", "p", "SMB", "o", "mql", T(2025, 1, 2), None, None),
    ("A2", T(2025, 1, 1), "a", "p", "SMB", "o", "mql", T(2025, 1, 5), None, None),
    ("A3", T(2025, 1, 1), "a", "p", "SMB", "o", "mql", T(2025, 1, 11), None, None),
    ("A4", T(2025, 1, 2), "a", "p", "SMB", "o", "mql", T(2025, 1, 1), None, None),
    ("A5", T(2025, 1, 2), "a", "p", "SMB", "o", "mql", None, None, None),
]
STEPS = [("lead", "mql"), ("mql", "sql"), ("sql", "opportunity"), ("opportunity", "customer")]
COUNTS = ["count_converted", "count_out_of_order", "count_undated", "count_after_window", "count_reached"]

# main's time_to_convert.sql (473b582), comments cut: the query the new one must equal, frame for frame
OLD = """
with hits as (
    select *
    from funnel_hits($view)
),
marked as (
    select
        hit_mql as r_1, days_lead_to_mql as d_1, in_window($view, mql_after_seconds) as w_1,
        hit_sql as r_2, days_mql_to_sql as d_2, in_window($view, sql_after_seconds) as w_2,
        hit_opportunity as r_3, days_sql_to_opportunity as d_3, in_window($view, opportunity_after_seconds) as w_3,
        hit_customer as r_4, days_opportunity_to_customer as d_4, in_window($view, customer_after_seconds) as w_4
    from hits
),
durations as (
    select
        quantile_cont(d_1, 0.5) filter (where r_1 and d_1 >= 0 and w_1) as m_1,
        quantile_cont(d_1, 0.9) filter (where r_1 and d_1 >= 0 and w_1) as p_1,
        coalesce(count_if(r_1 and d_1 >= 0 and w_1), 0)::bigint as n_1,
        coalesce(count_if(r_1 and d_1 < 0), 0)::bigint as o_1,
        coalesce(count_if(r_1 and d_1 is null), 0)::bigint as u_1,
        coalesce(count_if(r_1 and d_1 >= 0 and not w_1), 0)::bigint as l_1,
        coalesce(count_if(r_1), 0)::bigint as h_1,
        quantile_cont(d_2, 0.5) filter (where r_2 and d_2 >= 0 and w_2) as m_2,
        quantile_cont(d_2, 0.9) filter (where r_2 and d_2 >= 0 and w_2) as p_2,
        coalesce(count_if(r_2 and d_2 >= 0 and w_2), 0)::bigint as n_2,
        coalesce(count_if(r_2 and d_2 < 0), 0)::bigint as o_2,
        coalesce(count_if(r_2 and d_2 is null), 0)::bigint as u_2,
        coalesce(count_if(r_2 and d_2 >= 0 and not w_2), 0)::bigint as l_2,
        coalesce(count_if(r_2), 0)::bigint as h_2,
        quantile_cont(d_3, 0.5) filter (where r_3 and d_3 >= 0 and w_3) as m_3,
        quantile_cont(d_3, 0.9) filter (where r_3 and d_3 >= 0 and w_3) as p_3,
        coalesce(count_if(r_3 and d_3 >= 0 and w_3), 0)::bigint as n_3,
        coalesce(count_if(r_3 and d_3 < 0), 0)::bigint as o_3,
        coalesce(count_if(r_3 and d_3 is null), 0)::bigint as u_3,
        coalesce(count_if(r_3 and d_3 >= 0 and not w_3), 0)::bigint as l_3,
        coalesce(count_if(r_3), 0)::bigint as h_3,
        quantile_cont(d_4, 0.5) filter (where r_4 and d_4 >= 0 and w_4) as m_4,
        quantile_cont(d_4, 0.9) filter (where r_4 and d_4 >= 0 and w_4) as p_4,
        coalesce(count_if(r_4 and d_4 >= 0 and w_4), 0)::bigint as n_4,
        coalesce(count_if(r_4 and d_4 < 0), 0)::bigint as o_4,
        coalesce(count_if(r_4 and d_4 is null), 0)::bigint as u_4,
        coalesce(count_if(r_4 and d_4 >= 0 and not w_4), 0)::bigint as l_4,
        coalesce(count_if(r_4), 0)::bigint as h_4
    from marked
)
select 1 as step_order, 'lead' as from_stage, 'mql' as to_stage, n_1 as count_converted,
    m_1 as median_days, p_1 as p90_days, o_1 as count_out_of_order, u_1 as count_undated,
    l_1 as count_after_window, h_1 as count_reached
from durations
union all
select 2, 'mql', 'sql', n_2, m_2, p_2, o_2, u_2, l_2, h_2 from durations
union all
select 3, 'sql', 'opportunity', n_3, m_3, p_3, o_3, u_3, l_3, h_3 from durations
union all
select 4, 'opportunity', 'customer', n_4, m_4, p_4, o_4, u_4, l_4, h_4 from durations
order by step_order
"""


def _old(con, view: Filters) -> pd.DataFrame:
    return con.execute(OLD, queries._bind(OLD, view.to_params())).df()


def _steps(con, view: Filters) -> pd.DataFrame:
    """time_to_convert.sql's step rows (its month rows are the trend's: test_ttcgs), as metrics reads them."""
    return metrics.time_to_convert(con, view).drop(columns="step")


def test_time_to_convert_by_hand(mem):  # noqa: F811
    load(mem, LEADS, [])
    df = _steps(mem, Filters(window_days=0))
    assert df[["from_stage", "to_stage"]].values.tolist() == [list(step) for step in STEPS]
    # lead→MQL: A1, A2, A3 timed (1, 4 and 10 days), A4 out of order, A5 undated; the later steps: no lead made
    # them, each still has its row of zeros and no median
    assert df[COUNTS].values.tolist() == [[3, 1, 1, 0, 5], [0] * 5, [0] * 5, [0] * 5]
    assert all(str(df[c].dtype) == "int64" for c in COUNTS)
    # [1, 4, 10]: the median the middle one; the 90th percentile at 0.9 * 2 = 1.8, 4 + 0.8 * (10 - 4)
    assert df.loc[0, "median_days"] == 4.0
    assert df.loc[0, "p90_days"] == pytest.approx(8.8)
    assert df.loc[1:, ["median_days", "p90_days"]].isna().all().all()
    # a view of no lead: four rows of zeros (the groups are empty, the steps are not)
    empty = Filters(date_from=T(2030, 1, 1).date(), date_to=T(2030, 3, 31).date())
    nothing = _steps(mem, empty)
    assert nothing[COUNTS].values.tolist() == [[0] * 5] * 4
    assert nothing[["median_days", "p90_days"]].isna().all().all()


def test_each_step_is_sorted_once(mem):  # noqa: F811
    # the plan DuckDB runs: one quantile_cont, of the list of both fractions, for the four steps' groups (main's: eight,
    # two per step, each in a filter clause over every lead in scope); and since the trend's month groups are read in
    # the same query (test_ttcgs), one more for those: DuckDB plans a grouping set as an aggregate of its own
    load(mem, LEADS, [])
    sql = queries.sql_text("time_to_convert")
    for view in (Filters(), Filters(mode="activity"), Filters(in_order=True), Filters(count_by="account")):
        explained = mem.execute("explain " + sql, queries._bind(sql, view.to_params())).fetchall()
        plan = "\n".join(row[1] for row in explained)
        assert plan.count("quantile_cont(") == 2
        assert "count_if" in plan


@st.composite
def timed_datasets(draw):
    """test_properties' datasets with MQL and SQL dates moved by up to a day in minutes: durations of any fraction
    of a day, so the quantiles fall between two durations and interpolate."""
    leads, deals = draw(datasets())
    moved = []
    for lead in leads:
        mql, sql_ = lead[7], lead[8]
        shift = [timedelta(minutes=draw(st.integers(0, 1439))) for _ in range(2)]
        moved.append((*lead[:7], mql and mql + shift[0], sql_ and sql_ + shift[1], *lead[9:]))
    return moved, deals


def _expected_counts(con, view: Filters) -> list[list[int]]:
    """Each step's counts worked out in Python from funnel_hits' rows, under SQL's three-valued logic (a null hit is
    not one): timed (days >= 0 within the window), before, undated, after the window, and every hit."""
    rows = con.execute(
        "select hit_mql, hit_sql, hit_opportunity, hit_customer, days_lead_to_mql, days_mql_to_sql,"
        " days_sql_to_opportunity, days_opportunity_to_customer, mql_after_seconds, sql_after_seconds,"
        " opportunity_after_seconds, customer_after_seconds from funnel_hits($view)",
        {"view": view.to_params()["view"]},
    ).df()
    window = view.window_days if view.mode == "cohort" and view.window_days > 0 else None
    out = []
    for (_, stage), days in zip(
        STEPS, ("lead_to_mql", "mql_to_sql", "sql_to_opportunity", "opportunity_to_customer"), strict=True
    ):
        hit = rows[f"hit_{stage}"] == True  # noqa: E712 (null is not true)
        d = rows[f"days_{days}"]
        after = rows[f"{stage}_after_seconds"]
        # a stage's date after the window; no date is not after it
        late = (after > window * 86400) if window else pd.Series(False, index=rows.index)
        out.append(
            [
                int((hit & (d >= 0) & ~late).sum()),
                int((hit & (d < 0)).sum()),
                int((hit & d.isna()).sum()),
                int((hit & (d >= 0) & late).sum()),
                int(hit.sum()),
            ]
        )
    return out


@PROPS
@given(data=timed_datasets(), view=any_views())
def test_time_to_convert_is_mains(mem, data, view):  # noqa: F811
    load(mem, *data)
    new = _steps(mem, view)
    pd.testing.assert_frame_equal(new, _old(mem, view), check_exact=True)
    assert new[COUNTS].values.tolist() == _expected_counts(mem, view)
    # and the page's frame, step labels and all, from the same rows
    assert metrics.time_to_convert(mem, view)[COUNTS].equals(new[COUNTS])
    assert np.isnan(new.loc[new["count_converted"] == 0, ["median_days", "p90_days"]].to_numpy()).all()
