"""Review 58 (trial 55): the overview's period is in the URL even when it is the default, whose month moves with the
data, so a shared link shows the same month after the next import."""

from __future__ import annotations


def test_the_default_period_is_written_to_the_url(make_app):
    # the hand-counted fixture ends 2025-03-20: February 2025 is the default period (the last whole month)
    at = make_app(source="paid_search").run()
    assert not at.exception
    assert at.selectbox(key="pg_period").value == "2025-02"
    assert at.query_params["period"] == "2025-02"
    assert at.query_params["source"] == "paid_search"


def test_a_link_with_the_period_keeps_it(make_app):
    at = make_app(period="2025-02").run()
    at.run()
    assert at.query_params["period"] == "2025-02"
    at.selectbox(key="pg_period").set_value("2025-01").run()
    assert at.query_params["period"] == "2025-01"
