"""Names from the data drawn by Plotly in Chromium: every chart shows a source named like a link or an image as
those characters, with no <a> or <img> element made from it and no request to its address."""

from __future__ import annotations

import plotly.offline
import pytest
from chart_fixtures import every_chart_with
from playwright.sync_api import Page, expect

LINK = '<a href="http://evil.example/login">Session expired</a>'
IMAGE = '<img src="http://evil.example/p.png">'


@pytest.mark.parametrize("name", [LINK, IMAGE])
def test_every_chart_shows_a_html_name_as_text(page: Page, name, tmp_path):
    figs = every_chart_with(name)
    body = "".join(
        f"<h2>{chart}</h2>" + fig.to_html(full_html=False, include_plotlyjs=False) for chart, fig in figs.items()
    )
    path = tmp_path / "charts.html"
    path.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><script>{plotly.offline.get_plotlyjs()}</script>"
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    expect(page.locator(".js-plotly-plot")).to_have_count(len(figs), timeout=20_000)
    page.wait_for_timeout(500)
    # Plotly turns <a href> in a text into an SVG link; escaped, the name is only characters
    assert page.locator(".js-plotly-plot svg a").count() == 0
    assert page.locator("img").count() == 0
    drawn = page.evaluate(
        "name => [...document.querySelectorAll('.js-plotly-plot')].map(p => "
        "[...p.querySelectorAll('svg text')].some(t => t.textContent.includes(name)))",
        name,
    )
    # each chart draws the name somewhere (a legend, a tick, a label), exactly as written
    assert dict(zip(figs, drawn, strict=True)) == dict.fromkeys(figs, True)
    assert [u for u in requests if "evil.example" in u] == []
