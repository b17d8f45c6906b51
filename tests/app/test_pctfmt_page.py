"""The landing page's planner starts from the observed rates as the page writes them: 9 wins of 16 closed deals is a
56.25 % win rate, written 56.3 % in the coverage line, so the planner's input starts at 56.3 (round() gave 56.2)."""

from unittest import mock

from dashboard import overview


def test_planner_inputs_start_at_the_rates_as_written(make_app):
    rates = overview.Rates(
        lead_to_mql=23 / 80, mql_to_sql=9 / 16, sql_to_opportunity=0.145, win_rate=9 / 16, avg_deal_size=1000.0
    )
    with mock.patch.object(overview, "observed_rates", return_value=rates):
        at = make_app().run()
    inputs = {n.label: n.value for n in at.number_input}
    assert (inputs["Win rate %"], inputs["Lead→MQL %"], inputs["MQL→SQL %"], inputs["SQL→Opportunity %"]) == (
        56.3,
        28.8,
        56.3,
        14.5,
    )
