"""fixw3 (trial 61): the Friction page's points view with no conversion window says the fall the open pipeline makes
is not judged yet, and its table of every point shows the point's and its comparison's 95% intervals."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import pytest
from trial61_fixture import add_deals

T = datetime
# February's 80 opportunities, 38 won and 30 open, against January's 40, 30 won: 47.5 % against 75.0 %
NOT_JUDGED = (
    "Not judged yet: Opportunity→Customer for the whole funnel is 47.5% against 75.0% in the previous period, but 30 "
    "of its 80 opportunities are still open (0 of 40 then)"
)
VIEW = {"window": "0", "from": "2025-02-01", "to": "2025-02-28", "fr_view": "points"}


def _fill(con) -> None:
    # January 30 of 40 won; February source x 8 of 40 won with 30 still open, source y 30 of 40 won: x is clearly
    # under y (a point against the rest); the whole funnel's February, 38 of 80 won with 30 open, against January's
    # 30 of 40, is not judged
    add_deals(con, "j", T(2025, 1, 5), "y", won=30, lost=10, still_open=0)
    add_deals(con, "x", T(2025, 2, 1), "x", won=8, lost=2, still_open=30)
    add_deals(con, "y", T(2025, 2, 1), "y", won=30, lost=10, still_open=0)


@pytest.fixture
def friction_app(app_over):
    return partial(app_over, _fill)


def test_the_points_view_says_what_is_not_judged_and_shows_the_intervals(friction_app):
    at = friction_app(**VIEW).run()
    at.switch_page("pages/4_Friction.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # as written on the page, its Markdown escapes (20\\.0%) taken out
    said = [m.value.replace("\\", "") for m in at.markdown]
    assert any(
        "Opportunity→Customer for source X is 20.0% against 75.0% for the rest (-55.0 points, 40 opportunities, "
        "30 of them still open)" in m
        for m in said
    ), said
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith(NOT_JUDGED) for c in captions), captions
    [table] = at.dataframe
    headers = list(table.value.columns)
    for header in ("Rate 95% from", "Rate 95% to", "Comparison 95% from", "Comparison 95% to", "Still open"):
        assert header in headers, headers
