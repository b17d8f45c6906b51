"""The friction page's step rates read from the funnel rollup's old_* counts (step_rates_rollup.sql) where
rollups.step_rates_exact allows it: counted by hand on four leads, the same as the scan for random data and views.

| lead | created    | source | persona | lifecycle | MQL        | SQL        | deal                |
|------|------------|--------|---------|-----------|------------|------------|---------------------|
| A1   | 2025-01-05 | a      | p       | mql       | 2025-01-06 |            |                     |
| A2   | 2025-01-10 | a      | q       |           |            |            |                     |
| B1   | 2025-02-01 | b      | p       | sql       | 2025-02-02 | 2025-02-03 | D1 won 2025-02-20   |
| Z1   | 2025-09-01 | b      | p       | mql       | 2025-09-02 |            |                     |

The data's today is 2025-09-02 (Z1's MQL); under the default 180-day window a lead created after 2025-03-06 is young
and not compared: Z1. Segment SMB and owner o for all; industry and region missing, "(none)".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)

from dashboard import config, friction, queries, rollups
from dashboard.filters import Filters

T = datetime
LEADS = [
    ("A1", T(2025, 1, 5), "a", "p", "SMB", "o", "mql", T(2025, 1, 6), None, None),
    ("A2", T(2025, 1, 10), "a", "q", "SMB", "o", None, None, None, None),
    ("B1", T(2025, 2, 1), "b", "p", "SMB", "o", "sql", T(2025, 2, 2), T(2025, 2, 3), None),
    ("Z1", T(2025, 9, 1), "b", "p", "SMB", "o", "mql", T(2025, 9, 2), None, None),
]
DEALS = [("D1", "B1", "o", T(2025, 2, 10), "won", T(2025, 2, 20), 100.0, None)]
# dimension, value: lead, mql, sql, opportunity, customer (A1, A2, B1 old enough; Z1 young)
EXPECTED = {
    ("all", "all"): [3, 2, 1, 1, 1],
    ("industry", "(none)"): [3, 2, 1, 1, 1],
    ("owner", "o"): [3, 2, 1, 1, 1],
    ("persona", "p"): [2, 2, 1, 1, 1],  # A1, B1
    ("persona", "q"): [1, 0, 0, 0, 0],  # A2
    ("region", "(none)"): [3, 2, 1, 1, 1],
    ("segment", "SMB"): [3, 2, 1, 1, 1],
    ("source", "a"): [2, 1, 0, 0, 0],  # A1 (MQL), A2
    ("source", "b"): [1, 1, 1, 1, 1],  # B1 won; Z1 young
}
STAGES = list(config.STAGES)


def _rates(con, view: Filters, name: str) -> dict[tuple[str, str], list[int]]:
    df = queries.run(con, name, {**view.to_params(), "none_label": config.NONE_LABEL})
    return {
        (d, v): [int(x) for x in rest] for d, v, *rest in df[["dimension", "value", *STAGES]].itertuples(index=False)
    }


def test_the_step_rates_from_the_rollup_by_hand(mem):  # noqa: F811
    load(mem, LEADS, DEALS)
    assert rollups.step_rates_exact(Filters())
    assert _rates(mem, Filters(), "step_rates_rollup") == EXPECTED
    assert _rates(mem, Filters(), "step_rates") == EXPECTED
    # January alone: A1 and A2, source a only; February alone: B1
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert _rates(mem, january, "step_rates_rollup")[("source", "a")] == [2, 1, 0, 0, 0]
    assert ("source", "b") not in _rates(mem, january, "step_rates_rollup")
    # September holds only the young Z1: no value has a lead to compare, the whole view counts none
    september = Filters(date_from=date(2025, 9, 1), date_to=date(2025, 9, 30))
    assert _rates(mem, september, "step_rates_rollup") == {("all", "all"): [0, 0, 0, 0, 0]}


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (Filters(), True),
        (Filters(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31)), True),
        (Filters(sources=("a",)), False),  # the other dimensions' rows know nothing of source a
        (Filters(date_from=date(2025, 1, 2)), False),
        (Filters(window_days=30), False),
        (Filters(count_by="account"), False),
        (Filters(mode="activity"), False),
    ],
)
def test_when_the_step_rates_come_from_the_rollup(view, expected):
    assert rollups.step_rates_exact(view) is expected


MONTH_STARTS = [date(2025, m, 1) for m in range(1, 13)]


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


@st.composite
def whole_month_views(draw):
    start = draw(st.one_of(st.none(), st.sampled_from(MONTH_STARTS)))
    end = draw(st.one_of(st.none(), st.sampled_from(MONTH_STARTS).map(_month_end)))
    if start and end and start > end:
        start, end = end.replace(day=1), _month_end(start)
    return Filters(date_from=start, date_to=end)


@PROPS
@given(data=datasets(), last=st.integers(200, 320), view=whole_month_views())
def test_the_step_rates_are_the_scans_whichever_path_it_takes(mem, data, last, view):  # noqa: F811
    # a late lead moves the data's today so that some of the random leads (created in 2025's first 120 days) are
    # old enough to compare and some are not
    leads, deals = data
    late = ("late", datetime(2025, 1, 1) + timedelta(days=last), "a", "p", "SMB", "o", None, None, None, None)
    load(mem, [*leads, late], deals)
    assert rollups.step_rates_exact(view)
    assert friction.step_rates(mem, view).equals(queries.run(mem, "step_rates", _params(view)))


def _params(view: Filters) -> dict:
    return {**view.to_params(), "none_label": config.NONE_LABEL}
