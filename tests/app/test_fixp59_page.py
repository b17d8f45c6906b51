"""fixp59: the landing page's chart of stage entries per month (each stage by its own date) says how many of the
view's leads reached a stage with no date for it, which no point of the chart counts, as the month tiles and the
activity-mode Funnel say it."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import account_fixture
import pytest
from fixture_data import load
from streamlit.testing.v1 import AppTest

T = datetime
# three leads created in October 2026: A1 a plain lead, A2 an MQL dated 6 Oct, A3 an SQL flag (its lifecycle stage)
# with its MQL dated 11 Oct and no SQL date: 1 lead reached SQL undated, none reached MQL undated
LEADS = [
    ("A1", T(2026, 10, 1), "web", None, None, "Ann", "lead", None, None, None),
    ("A2", T(2026, 10, 5), "web", None, None, "Ann", "mql", T(2026, 10, 6), None, None),
    ("A3", T(2026, 10, 10), "web", None, None, "Ann", "sql", T(2026, 10, 11), None, None),
]

# the filtered view of 1-20 Oct holds A3: 1 lead; the month tiles' own note names "in Oct 2026" instead
CHART_NOTE = "Not counted here: of the leads created 01 Oct 2026 – 20 Oct 2026, 1 lead reached SQL with no date"
CHART_NOTE_START = "Not counted here: of the leads created 01 Oct 2026"


@pytest.fixture
def undated_app(app_over):
    return partial(app_over, lambda con: load(con, LEADS, []))


def test_the_entries_chart_says_how_many_stages_have_no_date(undated_app):
    at = undated_app(period="2026-10", **{"from": "2026-10-01", "to": "2026-10-20"}).run()
    assert not at.exception, [e.message for e in at.exception]
    captions = [c.value for c in at.caption]
    # A3 alone: "1 lead reached SQL", and no MQL (A3's MQL is dated)
    said = [c for c in captions if c.startswith(CHART_NOTE)]
    assert len(said) == 1, captions
    assert "reached MQL" not in said[0]
    # 1-8 Oct holds A1 and A2, both dated where reached: no note under the chart
    at = undated_app(period="2026-10", **{"from": "2026-10-01", "to": "2026-10-08"}).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any(c.value.startswith(CHART_NOTE_START) for c in at.caption)
    # the month tiles' note stays: A3 was created in October
    tiles_note = "Not counted here: of the leads created in Oct 2026, 1 lead reached SQL"
    assert any(c.value.startswith(tiles_note) for c in at.caption)


# counting by account: as tests/unit/test_fixp59.py, P1 on account ACME with W1 won 1,000; X1 and X2 won 10,000 and
# 20,000 and X3 lost 500, with neither a lead nor an account; X4 won 5,000 booked on BETA: 3 deals, 2 won, $30k
ACCOUNT_LEADS = [("P1", "ACME", T(2025, 1, 5), "web", None, None, "Ann", None, None)]
ACCOUNT_DEALS = [
    ("W1", "P1", None, "Ann", T(2025, 1, 10), "won", T(2025, 1, 20), 1000.0, None),
    ("X1", None, None, "Cy", T(2025, 1, 11), "won", T(2025, 1, 21), 10000.0, "outbound"),
    ("X2", None, None, "Cy", T(2025, 1, 12), "won", T(2025, 1, 22), 20000.0, "outbound"),
    ("X3", None, None, "Cy", T(2025, 1, 13), "lost", T(2025, 1, 23), 500.0, "outbound"),
    ("X4", None, "BETA", "Cy", T(2025, 1, 14), "won", T(2025, 1, 24), 5000.0, "outbound"),
]
ACCOUNTLESS = "3 deals (2 won, $30k) have neither a lead nor an account and count for no account"


@pytest.fixture
def accountless_app(app_over):
    return partial(app_over, lambda con: account_fixture.load(con, ACCOUNT_LEADS, ACCOUNT_DEALS))


def _said(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(ACCOUNTLESS)]


def test_the_deals_of_no_account_are_said_where_revenue_is_counted_by_account(accountless_app):
    at = accountless_app(count_by="account").run()
    assert not at.exception, [e.message for e in at.exception]
    # the landing's filtered view: Won deals 2 (W1, X4) and Revenue $6k by account, and the note under them
    assert len(_said(at)) == 1
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # Revenue and cost, then Marketing-sourced (its sourced revenue tiles)
    assert len(_said(at)) == 1
    at.query_params["src_view"] = "sourced"
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(h.value == "Marketing-sourced and influenced" for h in at.header)
    assert len(_said(at)) == 1
    # by lead the 3 deals are in every count: no note
    at = accountless_app().run()
    assert not at.exception, [e.message for e in at.exception]
    assert _said(at) == []
