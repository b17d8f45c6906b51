"""Trial 91 on the landing page, over tests/unit/test_fix91.py's leads (counted by hand there): Q1 2026 is not set
against Q1 2025, which the data starts inside (10 Feb 2025): 2 leads read "Q1 2025: 2 (+200.0%)"; and a filter that
leaves nothing in the period says so."""

from __future__ import annotations

from fix91_fixture import LEADS
from fixture_data import load
from streamlit.testing.v1 import AppTest


def _fill(con) -> None:
    load(con, LEADS, [])


def _run(app_over, **query: str) -> AppTest:
    at = app_over(_fill, **query)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_last_year_the_data_starts_inside_is_not_compared_on_the_tiles(app_over):
    at = _run(app_over, period="2026-Q1")
    assert any(m.label == "Leads" and m.value == "6" for m in at.metric)
    captions = [c.value for c in at.caption]
    assert any(
        # (fixstart: and why, B1 on 5 Jan 2026 in the days mirroring Q1 2025's 1 Jan – 9 Feb)
        "The data starts on 10 Feb 2025: Q1 2025 holds 10 Feb – 31 Mar 2025 only while Q1 2026 counts leads or deals "
        "on 1 Jan – 9 Feb 2026, so Q1 2026 is not compared with it." in c
        for c in captions
    )
    # the Leads tile's caption, and every other tile's set against last year
    assert sum("Q1 2025: not compared, the data starts on 10 Feb 2025" in c for c in captions) == 11
    assert not any("Q1 2025: 2 (" in c for c in captions)


def test_a_filter_that_leaves_nothing_says_so(app_over):
    at = _run(app_over, period="2026-03", owner="Bob")
    assert [i.value for i in at.info if "No leads or deals" in i.value] == [
        "No leads or deals for owner Bob in Mar 2026: no lead was created or reached a stage and no deal was created "
        "or closed, so the numbers below are 0 or “–”."
    ]
