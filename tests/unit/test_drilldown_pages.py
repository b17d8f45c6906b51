"""The drill-down's pages, newest first, when several leads share a creation moment across a page's edge: the page
is found from its oldest creation moment first (drilldown.sql page_start), then read in full.

Leads a (1 Jan), b, c, d (all 2 Jan 09:00), e (3 Jan). Newest first, then by id: e, b, c, d, a. Pages of 2: [e, b],
[c, d], [a]; a fourth page is empty. The whole list (page_size None) is all five.
"""

from __future__ import annotations

from datetime import datetime

from fixture_data import load

from dashboard import metrics
from dashboard.filters import Filters

T = datetime
LEADS = [
    (lead, created, "web", None, None, "o", None, None, None, None)
    for lead, created in (
        ("a", T(2026, 1, 1)),
        ("b", T(2026, 1, 2, 9)),
        ("c", T(2026, 1, 2, 9)),
        ("d", T(2026, 1, 2, 9)),
        ("e", T(2026, 1, 3)),
    )
]


def _page(con, page: int, size: int | None = 2) -> list[str]:
    return metrics.drilldown(con, Filters(), "lead", "reached", page, size)["lead_id"].tolist()


def test_pages_split_leads_created_at_the_same_moment(empty_con):
    load(empty_con, LEADS, [])
    assert [_page(empty_con, p) for p in range(4)] == [["e", "b"], ["c", "d"], ["a"], []]
    assert _page(empty_con, 0, None) == ["e", "b", "c", "d", "a"]
