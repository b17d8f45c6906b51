"""Issue 15: no raw source code on screen. A walk of every page and analysis on a small demo database (its
sources are the codes paid_search, organic_search, paid_social, email, events …) finds no table cell, chart
name or axis label and no sentence that shows a source as its stored code; the filters and links keep it."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from app_helpers import open_page
from streamlit.testing.v1 import AppTest

from dashboard import config, demo, report, store
from dashboard.filters import Filters

END = datetime(2026, 11, 15)
# the demo's sources as stored, and as people read them (worked out by hand from the rule: underscores are
# spaces, the first letter a capital)
WORDS = {
    "direct": "Direct",
    "email": "Email",
    "events": "Events",
    "organic_search": "Organic search",
    "paid_search": "Paid search",
    "paid_social": "Paid social",
    "partner": "Partner",
    "referral": "Referral",
    "webinar": "Webinar",
}
SNAKE = re.compile(r"\b(?:" + "|".join(code for code in WORDS if "_" in code) + r")\b")
WALK = [
    ("streamlit_app.py", {}),
    ("streamlit_app.py", {"source": ["paid_search", "events"]}),
    ("pages/1_Funnel.py", {"view": "breakdown", "breakdown": "source"}),
    ("pages/1_Funnel.py", {"view": "cohorts", "step": "sql", "list": "dropped"}),
    ("pages/1_Funnel.py", {"view": "time"}),
    ("pages/2_SLA.py", {"by": "source"}),
    *[("pages/3_Sources.py", {"src_view": v}) for v in ("roi", "sourced", "trend", "rejected", "lost")],
    ("pages/3_Sources.py", {"src_view": "roi", "by": "campaign"}),
    ("pages/3_Sources.py", {"src_view": "trend", "highlight": "paid_social"}),
    *[("pages/4_Friction.py", {"fr_view": v}) for v in ("points", "checks", "stalled")],
    ("pages/4_Friction.py", {"fr_view": "ideal", "trait": "source"}),
    ("pages/5_Accounts.py", {}),
    ("pages/8_Definitions.py", {}),
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    con = store.connect(path)
    demo.generate(con, leads=3000, seed=7, end_at=END)
    assert set(WORDS) <= {s for (s,) in con.execute("select distinct source from leads").fetchall()}
    con.close()
    return path


def open_demo(path: str, page: str, query: dict[str, str | list[str]], monkeypatch) -> AppTest:
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    at = open_page(page, query)
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart_texts(fig: dict) -> list[str]:
    """What a chart writes on screen: trace names (the legend), category labels, texts, annotations, titles."""
    out: list[str] = []
    for trace in fig.get("data", []):
        out.append(str(trace.get("name", "")))
        for key in ("x", "y", "text", "labels"):
            values = trace.get(key)
            if isinstance(values, list):
                out += [v for v in values if isinstance(v, str)]
    out += [str(a.get("text", "")) for a in fig["layout"].get("annotations", [])]
    return out


def sentences(at: AppTest) -> list[str]:
    """Every sentence on the page: markdown, captions, callouts, headings, tiles' labels and page links."""
    found = [e.value for kind in ("markdown", "caption", "info", "warning", "success", "error") for e in at.get(kind)]
    found += [h.value for h in [*at.header, *at.subheader]]
    found += [p.proto.label for p in at.get("page_link")]
    # a Markdown link's address keeps the codes (a deep link must still work): only its words are read
    return [re.sub(r"\]\([^)]*\)", "]", text) for text in found]


@pytest.mark.parametrize(("page", "query"), WALK, ids=[f"{p}-{'-'.join(map(str, q.values()))}" for p, q in WALK])
def test_no_page_shows_a_source_as_its_code(demo_db, page, query, monkeypatch):
    at = open_demo(demo_db, page, query, monkeypatch)
    cells = [str(v) for frame in (d.value for d in at.dataframe) for column in frame for v in frame[column]]
    assert not [c for c in cells if c in WORDS or SNAKE.search(c)], page
    texts = [t for chart in at.get("plotly_chart") for t in chart_texts(json.loads(chart.proto.spec))]
    assert not [t for t in texts if t in WORDS or SNAKE.search(t)], page
    assert not [s for s in sentences(at) if SNAKE.search(s)], page
    # the sidebar's source filter offers the words; its value (and the URL) stays the stored code
    picker = at.sidebar.multiselect(key="flt_source")
    assert "Paid search" in picker.options and not set(WORDS) & set(picker.options)
    if "source" in query:
        assert sorted(picker.value) == sorted(query["source"])
        assert sorted(at.query_params["source"]) == sorted(query["source"])


def test_the_pages_name_the_sources_in_words(demo_db, monkeypatch):
    # the walk above could pass on pages that show no source at all: here the words are there
    at = open_demo(demo_db, "pages/3_Sources.py", {"src_view": "roi"}, monkeypatch)
    # the leads' sources and the deals' own (outbound)
    assert set(at.dataframe[0].value["Source"]) == {*WORDS.values(), "Outbound"}
    assert any(re.search(r"\*\*(" + "|".join(WORDS.values()) + r")\*\* brings the most", m.value) for m in at.markdown)
    at = open_demo(demo_db, "pages/1_Funnel.py", {"view": "breakdown", "breakdown": "source"}, monkeypatch)
    (parts, *_) = [d.value for d in at.dataframe if "Source" in d.value.columns]
    assert "Paid social" in parts["Source"].tolist()
    # the view's caption under a source filter, and the landing page's targets sentence
    at = open_demo(demo_db, "streamlit_app.py", {"source": ["paid_search", "events"]}, monkeypatch)
    assert any("Events, Paid search" in c.value for c in at.caption)


def test_a_sources_link_keeps_the_codes_and_opens_the_same_view(demo_db, monkeypatch):
    at = open_demo(demo_db, "pages/3_Sources.py", {"src_view": "trend"}, monkeypatch)
    at.selectbox(key="pg_highlight").set_value("paid_social").run()
    assert at.query_params["highlight"] == "paid_social"
    assert "Paid social" in at.selectbox(key="pg_highlight").options
    query = parse_qs("source=paid_social&src_view=roi")
    linked = open_demo(demo_db, "pages/3_Sources.py", query, monkeypatch)
    assert linked.dataframe[0].value["Source"].tolist() == ["Paid social"]


def test_the_report_s_friction_points_open_on_the_friction_page_as_counted(demo_db, monkeypatch):
    # #15: the report's top friction point (activity mode, the period) read other rates than the Friction page
    # (its sidebar's view): the report says how it counted and links to the page with that count
    con = store.connect(demo_db)
    page = report.build_html(con, Filters(), "2026-10")
    con.close()
    section = page[page.index("<h2>Top friction points in Oct 2026</h2>") :]
    section = section[: section.index("</section>")]
    points = [html.unescape(p) for p in re.findall(r"<li>(.*?)</li>", section)]
    assert points, "the demo's October has friction points"
    assert "Activity mode: each stage counts the leads that entered it in Oct 2026." in section
    link = html.unescape(re.search(r'<a href="([^"]+)">The Friction page with these dates and this count', section)[1])
    assert urlsplit(link).path.endswith("/Friction")
    query = parse_qs(urlsplit(link).query)
    assert query == {"from": ["2026-10-01"], "to": ["2026-10-31"], "mode": ["activity"]}
    at = open_demo(demo_db, "pages/4_Friction.py", {**query, "fr_view": "points"}, monkeypatch)
    bullets = [m.value.removeprefix("- ").replace("\\", "") for m in at.markdown if m.value.startswith("- ")]
    assert bullets[: len(points)] == points
