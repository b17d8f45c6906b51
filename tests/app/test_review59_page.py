"""Review 59 on the landing page, counted by hand: won deals without an amount are said under the Revenue tile of the
filtered view and beside the month's Revenue tile."""

from __future__ import annotations

from datetime import datetime

import pytest
from app_helpers import metric_values
from fixture_data import load

T = datetime

LEADS = [
    ("L1", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "customer", T(2026, 11, 3), T(2026, 11, 4), T(2026, 11, 4)),
    ("L2", T(2026, 11, 2), "web", "CFO", "SMB", "Anna", "customer", T(2026, 11, 3), T(2026, 11, 4), T(2026, 11, 4)),
]
# D1 won 1,000; D2 won without an amount (a TBD read as blank): 2 won deals, revenue $1k, 1 without an amount
DEALS = [
    ("D1", "L1", "Anna", T(2026, 11, 5), "won", T(2026, 11, 20), 1000.0, None),
    ("D2", "L2", "Anna", T(2026, 11, 6), "won", T(2026, 11, 21), None, None),
]


@pytest.fixture
def landing(app_over):
    return app_over(lambda con: load(con, LEADS, DEALS), period="2026-11").run()


def test_won_deals_without_an_amount_are_said_beside_revenue(landing):
    assert not landing.exception, [e.message for e in landing.exception]
    values = metric_values(landing)
    assert (values["Won deals"], values["Revenue"]) == ("2", "$1k")
    captions = [c.value for c in landing.caption]
    # under the filtered view's tiles, and in the month's Revenue tile caption
    assert "Revenue leaves out 1 won deal without an amount." in captions
    assert any(c.endswith(" · leaves out 1 won deal without an amount") for c in captions)
