"""The landing page's "what changed" section in AppTest, on the two-month fixture (tests/changes_fixture.py)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

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


def _in_order(node):
    """The page's elements in the order drawn."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for key in sorted(children):
            yield from _in_order(children[key])
    else:
        yield node


def changes_list(at) -> list[str]:
    """Each line of the section as Markdown with its link: the sentence, then its page link (drawn as st.page_link
    since trial 44, to open in the same tab as the alerts' links) as '[label](Page?query)'."""
    heading = next(i for i, h in enumerate(at.subheader) if h.value.startswith("What changed since"))
    assert at.subheader[heading].value == "What changed since Jan 2025"
    lines: list[str] = []
    inside = False
    for node in _in_order(at.main):
        kind = getattr(node, "type", None)
        if kind == "subheader" and node.value.startswith("What changed since"):
            inside = True
        elif inside and kind == "header":
            break
        elif inside and kind == "markdown" and node.value.startswith("- "):
            lines.append(node.value)
        elif inside and kind == "page_link":
            lines[-1] += f" [{node.proto.label}]({node.proto.page}?{node.proto.query_string})"
    return lines


def test_the_landing_page_leads_with_the_biggest_move(make_app, monkeypatch):
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 1)
    at = make_app(period="2025-02").run()
    assert not at.exception
    lines = changes_list(at)
    assert len(lines) == 5
    # opportunities 1 → 4: group B (email, CFO) brought 2 of the 3 more
    assert lines[0] == (
        r"- Opportunities rose 300\.0% (1 → 4) — 66\.7% of the rise is persona CFO from Email. "
        "[See Feb 2025 by source in persona CFO on the Funnel page]"
        "(Funnel?from=2025-02-01&to=2025-02-28&mode=activity&view=breakdown&breakdown=source&persona=CFO)"
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
        "Pipeline created, Win rate, Average deal, Sales cycle."
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
    # paid_social had no deal in January and 1 in February: under the base of 5 like any other small move (trial
    # 44: a metric new in the period was listed as "no earlier data" while the rest under the base were not)
    assert [c.value for c in at.caption if c.value.startswith("Not compared")] == [
        "Not compared, too few in Jan 2025 to read a change from (under 5): Opportunities, Wins, Revenue, "
        "Pipeline created, Win rate, Average deal, Sales cycle."
    ]


def test_following_a_pair_link_shows_the_driver_s_own_number(make_app, monkeypatch):
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 1)
    at = make_app(period="2025-02").run()
    line = changes_list(at)[3]
    # SQLs 16 → 8, and 7 of the 8 fewer are group A (persona Operations from paid_social: 10 → 3)
    assert line.startswith(r"- SQLs fell 50\.0% (16 → 8) — 87\.5% of the drop is persona Operations from Paid social.")
    link = re.search(r"\]\((Funnel\?[^)]*)\)$", line).group(1)
    query = parse_qs(link.split("?", 1)[1])
    assert query["breakdown"] == ["source"] and query["persona"] == ["Operations"]
    shown = {}
    for month, dates in (("Feb", query), ("Jan", {**query, "from": ["2025-01-01"], "to": ["2025-01-31"]})):
        linked = make_app(**dates).run()
        linked.switch_page("pages/1_Funnel.py").run()
        assert not linked.exception, [e.message for e in linked.exception]
        (table,) = [d.value for d in linked.dataframe if {"Source", "SQL"} <= set(d.value.columns)]
        shown[month] = dict(zip(table["Source"], table["SQL"], strict=True))
    # the page opened names the pair's number: Operations' SQLs from Paid social, 3 in February and 10 in
    # January, the 7 of the 8 fewer (87.5 %) the sentence quotes; Operations from Email (group D) 1 and 1
    assert shown["Feb"]["Paid social"] == 3 and shown["Jan"]["Paid social"] == 10
    assert shown["Feb"]["Email"] == 1 and shown["Jan"]["Email"] == 1
