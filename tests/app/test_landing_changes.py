"""The landing page's "what changed" section in AppTest, on the two-month fixture (tests/changes_fixture.py)."""

from __future__ import annotations

import pytest
from changes_fixture import rows
from fixture_data import load

from dashboard import config, store


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """The two-month fixture instead of the shared one (make_app opens whatever this names)."""
    path = str(tmp_path / "changes.duckdb")
    con = store.connect(path)
    load(con, *rows())
    con.close()
    return path


def changes_list(at) -> list[str]:
    heading = next(i for i, h in enumerate(at.subheader) if h.value.startswith("What changed since"))
    assert at.subheader[heading].value == "What changed since Jan 2025"
    listed = next(m.value for m in at.markdown if m.value.startswith("- "))
    return listed.split("\n")


def test_the_landing_page_leads_with_the_biggest_move(make_app, monkeypatch):
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 1)
    at = make_app(period="2025-02").run()
    assert not at.exception
    lines = changes_list(at)
    assert len(lines) == 5
    # opportunities 1 → 4: group B (email, CFO) brought 2 of the 3 more
    assert lines[0] == (
        r"- Opportunities rose 300\.0% (1 → 4) — 66\.7% of the rise is persona CFO from Email. "
        "[See Feb 2025 by source on the Funnel page]"
        "(Funnel?from=2025-02-01&to=2025-02-28&mode=activity&view=breakdown&breakdown=source)"
    )
    # at the top: before the first KPI tile
    order = [getattr(node, "type", None) for node in at.main]
    assert order.index("subheader") < order.index("metric")


def test_a_filter_changes_the_moves_and_small_bases_are_named(make_app, monkeypatch):
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 5)
    at = make_app(period="2025-02").run()
    # one deal in January: opportunities, wins and revenue are under the base of 5
    notes = [c.value for c in at.caption if c.value.startswith("Not compared")]
    assert notes == [
        "Not compared, too few in Jan 2025 to read a change from (under 5): Opportunities, Wins, Revenue, "
        "Average deal, Sales cycle."
    ]
    source = next(w for w in at.sidebar.multiselect if w.label == "Source")
    source.set_value(["paid_social"]).run()
    assert not at.exception
    # paid_social: SQLs 12 → 4, persona Operations 7 of the 8 fewer; no deal in January
    assert changes_list(at)[0] == (
        r"- SQLs fell 66\.7% (12 → 4) — 87\.5% of the drop is persona Operations. "
        "[See Feb 2025 by persona on the Funnel page]"
        "(Funnel?from=2025-02-01&to=2025-02-28&mode=activity&source=paid_social&view=breakdown&breakdown=persona)"
    )
    # paid_social had no deal in January: no earlier data rather than a small base
    assert not [c.value for c in at.caption if c.value.startswith("Not compared")]
