"""The landing page's planner without history (the trial's finding 4): no made-up average deal, assumptions named."""

from __future__ import annotations


def test_the_planner_without_a_closed_deal_names_its_assumptions(make_app):
    # email's leads L3, L4 and L8 have no deal at all: no deal closed in the 365 days to 20 Mar 2025 (the data's last
    # day, inside March), so no win rate and no average deal are observed
    at = make_app(period="2025-03", source="email").run()
    assert not at.exception, [e.message for e in at.exception]
    inputs = {n.label: n.value for n in at.number_input}
    # the win rate is config.PLAN_ASSUMED_RATES' 25 %, said to be an assumption; the average deal is left empty
    # (before: $1, as if observed)
    assert inputs["Win rate %"] == 25.0 and inputs["Average deal"] is None
    caption = next(c.value for c in at.caption if c.value.startswith("Defaults"))
    assert caption.startswith("Defaults where the data has them:")
    assert "No deal closed in the 365 days to 20 Mar 2025: the win rate 25.0% is an assumption." in caption
    assert "No deal was won in the 365 days to 20 Mar 2025: enter an average deal." in caption
    assert "No deal won in the trailing year: enter one" in [c.value for c in at.caption]
    # without an average deal nothing can be planned: every needed count is unknown
    plan = next(f.value for f in at.dataframe if "Arrived" in f.value.columns)
    assert plan["Needed in Mar 2025"].tolist() == ["–"] * 5
