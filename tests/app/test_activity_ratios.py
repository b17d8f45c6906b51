"""Activity mode counts each stage's entries in the dates, different people at each stage: the Funnel page gives no
"% of previous" on the chart, names the table's ratios for what they are and says why (an independent analyst read
4 customers after 3 opportunities as a 133 % conversion)."""

from __future__ import annotations

import json

from dashboard import config


def open_funnel(make_app, **query):
    at = make_app(**query).run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def annotations(at):
    return [a["text"] for a in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["annotations"]]


def test_activity_mode_shows_counts_without_conversion_rates(make_app):
    at = open_funnel(make_app, **{"from": "2025-02-01", "to": "2025-02-28"})
    # cohort mode, Feb 2025 (3, 3, 3, 1, 1 leads): the MQL row says 100% of previous
    assert any("of previous" in text for text in annotations(at))
    assert not any(config.ACTIVITY_RATIOS_NOTE in c.value for c in at.caption)
    at.sidebar.radio[0].set_value("activity").run()
    assert not at.exception
    # activity mode, Feb 2025: entries 3, 2, 2, 1, 1, each row's label its count alone
    counts = [t for t in annotations(at) if t.startswith("<b>")]
    assert counts == ["<b>3</b>", "<b>2</b>", "<b>2</b>", "<b>1</b>", "<b>1</b>"]
    assert any(config.ACTIVITY_RATIOS_NOTE in c.value for c in at.caption)
    headers = list(at.dataframe[0].value.columns)
    assert "Entries ÷ previous stage's" in headers and "% of previous" not in headers


def test_the_sources_table_names_activity_mode_s_ratios_for_what_they_are(make_app):
    at = make_app(mode="activity").run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    headers = [column for frame in at.dataframe for column in frame.value.columns]
    assert "MQL ÷ lead entries" in headers and "Lead→MQL" not in headers
