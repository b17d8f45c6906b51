"""An activity view's step rates and its previous period's from one scan (step_rates_periods.sql, through
friction.step_rates_and_previous): counted by hand on test_step_rates_rollup's four leads, and the same as
step_rates.sql run once per period for random data and views.

| lead | created    | source | persona | MQL        | SQL        | deal D1 (B1's)                  |
|------|------------|--------|---------|------------|------------|---------------------------------|
| A1   | 2025-01-05 | a      | p       | 2025-01-06 |            |                                 |
| A2   | 2025-01-10 | a      | q       |            |            |                                 |
| B1   | 2025-02-01 | b      | p       | 2025-02-02 | 2025-02-03 | created 2025-02-10, won 02-20   |
| Z1   | 2025-09-01 | b      | p       | 2025-09-02 |            |                                 |

Activity, February 2025: B1's five entries (created, MQL, SQL, opportunity with D1, customer when won). Its previous
period, 4-31 January: A1 created and its MQL, A2 created. Z1 enters nothing in either.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)
from test_step_rates_rollup import DEALS, LEADS

from dashboard import config, friction
from dashboard.filters import Filters

STAGES = list(config.STAGES)
FEBRUARY = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28), mode="activity")
# dimension, value: lead, mql, sql, opportunity, customer
EXPECTED_FEBRUARY = {
    ("all", "all"): [1, 1, 1, 1, 1],
    ("industry", "(none)"): [1, 1, 1, 1, 1],
    ("owner", "o"): [1, 1, 1, 1, 1],
    ("persona", "p"): [1, 1, 1, 1, 1],
    ("persona", "q"): [0, 0, 0, 0, 0],  # A2 enters nothing in February, its row stays
    ("region", "(none)"): [1, 1, 1, 1, 1],
    ("segment", "SMB"): [1, 1, 1, 1, 1],
    ("source", "a"): [0, 0, 0, 0, 0],
    ("source", "b"): [1, 1, 1, 1, 1],
}
EXPECTED_JANUARY = {
    ("all", "all"): [2, 1, 0, 0, 0],
    ("industry", "(none)"): [2, 1, 0, 0, 0],
    ("owner", "o"): [2, 1, 0, 0, 0],
    ("persona", "p"): [1, 1, 0, 0, 0],  # A1
    ("persona", "q"): [1, 0, 0, 0, 0],  # A2
    ("region", "(none)"): [2, 1, 0, 0, 0],
    ("segment", "SMB"): [2, 1, 0, 0, 0],
    ("source", "a"): [2, 1, 0, 0, 0],
    ("source", "b"): [0, 0, 0, 0, 0],
}


def _counts(df) -> dict[tuple[str, str], list[int]]:
    return {
        (d, v): [int(x) for x in rest] for d, v, *rest in df[["dimension", "value", *STAGES]].itertuples(index=False)
    }


def test_an_activity_view_and_its_previous_period_by_hand(mem):  # noqa: F811
    load(mem, LEADS, DEALS)
    current, previous = friction.step_rates_and_previous(mem, FEBRUARY)
    assert FEBRUARY.previous_period() == replace(FEBRUARY, date_from=date(2025, 1, 4), date_to=date(2025, 1, 31))
    assert _counts(current) == EXPECTED_FEBRUARY
    assert previous is not None
    assert _counts(previous) == EXPECTED_JANUARY
    # nothing is in progress in activity mode
    assert not current.filter(like="open_").to_numpy().any()


DAYS = st.integers(0, 300).map(lambda n: date(2025, 1, 1) + timedelta(days=n))


@st.composite
def activity_views(draw):
    start, end = sorted((draw(DAYS), draw(DAYS)))
    return Filters(
        date_from=start,
        date_to=end,
        mode="activity",
        count_by=draw(st.sampled_from(["lead", "account"])),
        in_order=draw(st.booleans()),
        sources=draw(st.sampled_from([(), ("a",), ("b",)])),
    )


@PROPS
@given(data=datasets(), view=activity_views())
def test_one_scan_gives_what_step_rates_gives_for_each_period(mem, data, view):  # noqa: F811
    load(mem, *data)
    current, previous = friction.step_rates_and_previous(mem, view)
    before = view.previous_period()
    assert before is not None and previous is not None
    assert current.equals(friction.step_rates(mem, view))
    assert previous.equals(friction.step_rates(mem, before))
