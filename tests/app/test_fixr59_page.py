"""Fix r59: a page reads the data's days once (date_bounds): the Sources trend and the Friction checks take the days
the sidebar's filter_options read instead of reading them again."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("page", "query"), [("pages/3_Sources.py", {"src_view": "trend"}), ("pages/4_Friction.py", {"fr_view": "checks"})]
)
def test_a_page_reads_the_data_days_once(make_app, reads, page, query):
    at = make_app(**query).run()
    # counted from the page switch on (the landing page reads them for its own tiles)
    reads.clear()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    # the sidebar's filter_options (cached since the landing page) hold the data's days: the trend's months and the
    # seed checks read them from there; before, each ran date_bounds again (1 read)
    assert reads["date_bounds"] == 0
