"""The Sources page says what the revenue leaves out: a won deal without an amount, counted
by hand (the unit test's fixture: web 1, email 1)."""

from __future__ import annotations

import pytest
from fixture_data import NO_AMOUNT_DEALS, NO_AMOUNT_LEADS, load

CAVEAT = "Revenue leaves out 2 won deals without an amount (Email 1, Web 1)"


@pytest.fixture
def sources_page(app_over):
    at = app_over(lambda con: load(con, NO_AMOUNT_LEADS, NO_AMOUNT_DEALS))
    at.switch_page("pages/3_Sources.py")
    return at.run()


def test_the_sources_page_says_it_under_the_table(sources_page):
    assert not sources_page.exception, [e.message for e in sources_page.exception]
    assert any(c.value.startswith(CAVEAT) for c in sources_page.caption)
