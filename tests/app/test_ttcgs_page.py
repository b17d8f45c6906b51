"""The Funnel page's time analysis reads its table and its trend chart from one query (time_to_convert.sql), where
main ran time_to_convert and time_to_convert_trend over the same rows; tests/unit/test_ttcgs.py checks the numbers."""

from __future__ import annotations

from test_fix84_page import MARCH, open_funnel  # noqa: F401 (open_funnel is a fixture)

from dashboard import queries


def test_the_time_analysis_reads_one_query(open_funnel, monkeypatch):  # noqa: F811
    read: list[str] = []
    text = queries.sql_text
    monkeypatch.setattr(queries, "sql_text", lambda name: read.append(name) or text(name))
    at = open_funnel(view="time", **MARCH)
    assert [name for name in read if "time_to_convert" in name] == ["time_to_convert"]
    # the table and the chart are both shown
    assert any("Converted" in " ".join(map(str, d.value.columns)) for d in at.dataframe)
    assert at.get("plotly_chart")
