"""In AppTest: a source keeps its colour from page to page under any filter, the month-by-month lines can
highlight one source, a source named like HTML stays text in the charts, and the report comes as HTML and PDF."""

from __future__ import annotations

import json

from app_helpers import strings_in
from fixture_data import add_source_extras

from dashboard import config, report, store

P = config.DIMENSION_PALETTE
LINK = '<a href="http://evil.example">x</a>'
LINK_SHOWN = '&lt;a href="http://evil.example"&gt;x&lt;/a&gt;'


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def chart_titled(at, title: str) -> dict:
    (fig,) = [f for f in figures(at) if f["layout"].get("yaxis", {}).get("title", {}).get("text") == title]
    return fig


def open_page(make_app, page: str, **query):
    at = make_app(**query).run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_source_has_the_same_colour_on_the_funnel_and_sources_pages_whatever_the_filter(make_app, app_db):
    # ranked over all the data: email and paid_search 3 leads each (by name), organic_search 2, outbound 1 deal
    funnel = open_page(make_app, "pages/1_Funnel.py")
    breakdown = chart_titled(funnel, "% of the value's leads")
    # named in words, coloured by the stored value's rank
    assert {t["name"]: t["marker"]["color"] for t in breakdown["data"]} == {
        "Email": P[0],
        "Paid search": P[1],
        "Organic search": P[2],
    }
    # filtered to organic_search alone it keeps its colour, on both pages
    funnel = open_page(make_app, "pages/1_Funnel.py", source=["organic_search"])
    assert [t["marker"]["color"] for t in chart_titled(funnel, "% of the value's leads")["data"]] == [P[2]]
    sources = open_page(make_app, "pages/3_Sources.py", source=["organic_search"])
    sources.radio(key="pg_src_view").set_value("trend").run()
    assert [(t["name"], t["line"]["color"]) for t in chart_titled(sources, "Leads created")["data"]] == [
        ("Organic search", P[2])
    ]


def test_the_highlight_picker_makes_one_line_bold_and_fades_the_others(make_app, app_db):
    at = open_page(make_app, "pages/3_Sources.py")
    at.radio(key="pg_src_view").set_value("trend").run()
    picker = at.selectbox(key="pg_highlight")
    # the picker names sources in words; the URL keeps the stored value
    assert picker.options == ["No highlight", "Email", "Paid search", "Organic search"]
    picker.set_value("paid_search").run()
    assert not at.exception and at.query_params["highlight"] == "paid_search"
    for title in ("Leads created", "Rejected MQLs ÷ MQLs"):
        styles = {t["name"]: (t["line"].get("width"), t.get("opacity")) for t in chart_titled(at, title)["data"]}
        assert styles == {
            "Email": (None, config.FADED_OPACITY),
            "Paid search": (config.HIGHLIGHT_LINE_WIDTH, 1.0),
            "Organic search": (None, config.FADED_OPACITY),
        }


def test_a_source_named_like_a_link_is_text_in_every_chart_of_the_sources_page(make_app, app_db):
    con = store.connect(app_db)
    add_source_extras(con)
    with store.transaction(con):
        for table in ("leads", "touches", "spend"):
            con.execute(f"update {table} set source = $new where source = 'paid_search'", {"new": LINK})
    con.close()
    at = open_page(make_app, "pages/3_Sources.py")
    texts = []
    # one analysis at a time: every one of them is looked at
    for analysis in ("roi", "sourced", "trend", "rejected", "lost"):
        at.radio(key="pg_src_view").set_value(analysis).run()
        assert not at.exception
        texts += [strings_in(fig) for fig in figures(at)]
    # the spend scatter, the model comparison, both trends and the rejection heatmap name it, as text
    assert sum(any(LINK_SHOWN in t for t in fig) for fig in texts) >= 4
    assert not any(LINK in t for fig in texts for t in fig)


def test_the_report_comes_as_html_and_as_pdf(make_app, monkeypatch):
    at = make_app().run()
    buttons = {b.label: b for b in at.get("download_button")}
    assert "Download the report for Feb 2025 (HTML)" in buttons
    assert buttons["Download the report for Feb 2025 (PDF)"].proto.disabled is (report.chromium() is None)
    # a server without Chromium says so instead of failing when clicked
    monkeypatch.setattr(report, "chromium", lambda: None)
    at = make_app().run()
    assert not at.exception
    pdf = {b.label: b for b in at.get("download_button")}["Download the report for Feb 2025 (PDF)"]
    assert pdf.proto.disabled and "not installed on this server" in pdf.proto.help
    assert any("no Chromium to print it" in c.value for c in at.caption)
