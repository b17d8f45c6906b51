"""The landing page in AppTest: its executive section is one computation (overview.landing), so a render reads the
trailing year's deals once, for the coverage and the planner alike."""

from __future__ import annotations


def test_one_landing_render_reads_the_deals_once_for_coverage_and_planner(make_app, reads):
    at = make_app(period="2025-03").run()
    assert not at.exception
    # fixture: the deals closed in the 365 days to 20 Mar 2025 (the data's last day): D1 won $1,000, D2 lost, D3 won
    # $3,000 -> win rate 2 / 3 = 66.7 %, average deal $2,000: the planner's defaults
    inputs = {n.label: n.value for n in at.number_input}
    assert inputs["Win rate %"] == 66.7
    assert inputs["Average deal"] == 2000
    # the trailing year's deals and March's own come from the tiles' one pass over the deals (period_outcomes): the
    # one deals.sql left is the filtered view's headline (four before: the coverage's trailing year, its March
    # alone, the planner's trailing year again, the headline); the data's days once for the executive section
    assert reads["period_outcomes"] == 1
    assert reads["deals"] == 1
    assert reads["date_bounds"] == 3  # the sidebar's, the executive section's, the filtered view's months
