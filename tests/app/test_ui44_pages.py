"""Trial 44's findings on the pages, on the hand-counted fixture (tests/fixture_data.py): page choices kept across
a page switch, the sentence setting February's own counts apart from its cohort, the entries chart's title, the
"what changed" links in the same tab, the SLA page's "1 breach" and no empty speed chart."""

from __future__ import annotations

from dashboard.filters import FILTER_PARAMS

FEB = {"from": "2025-02-01", "to": "2025-02-28"}


def open_page(make_app, page: str, **query: str):
    """A page as a visitor reaches it: the landing page with the link's query, then the page."""
    at = make_app(**query).run()
    at.switch_page(page).run()
    return at


def switch(at, page: str):
    """Go to another page as the sidebar's link does in a browser: the new page's address carries no query of its
    own, so a page's choice (period=…) is gone from it; the shared filters are written back from the session.
    (AppTest keeps the old query across switch_page, which hid the loss: the page read its choice from it.)"""
    for key in [k for k in at.query_params if k not in FILTER_PARAMS]:
        del at.query_params[key]
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_the_overview_period_survives_a_page_switch(make_app):
    at = make_app().run()
    # the data ends 2025-03-20: February is the default; January picked, then the Funnel page and back
    at.selectbox(key="pg_period").set_value("2025-01").run()
    assert at.query_params["period"] == "2025-01"
    switch(at, "pages/1_Funnel.py")
    switch(at, "streamlit_app.py")
    assert not at.exception
    assert at.selectbox(key="pg_period").value == "2025-01"
    assert at.query_params["period"] == "2025-01"
    assert at.header[0].value == "Jan 2025 at a glance"


def test_the_sources_model_survives_a_page_switch(make_app):
    at = open_page(make_app, "pages/3_Sources.py", model="linear")
    assert at.selectbox(key="pg_model").value == "linear"
    switch(at, "pages/1_Funnel.py")
    switch(at, "pages/3_Sources.py")
    assert not at.exception
    assert at.selectbox(key="pg_model").value == "linear"
    assert at.query_params["model"] == "linear"


def test_a_choice_of_one_page_does_not_leak_into_another_of_the_same_name(make_app):
    # SLA's "by" (owner, source, week, month) and Sources' "by" (source, campaign) share the parameter's name
    at = open_page(make_app, "pages/2_SLA.py")
    at.radio(key="pg_by").set_value("week").run()
    switch(at, "pages/3_Sources.py")
    assert at.radio(key="pg_by").value == "source"
    switch(at, "pages/2_SLA.py")
    assert at.radio(key="pg_by").value == "week"


def test_the_overview_sets_february_s_two_counts_apart(make_app):
    at = make_app(**FEB).run()
    assert not at.exception
    # February by each stage's own date (the tiles): MQLs L4 L5 = 2, D1 won $1,000. The leads created in February
    # (L4 L5 L6, each reaching MQL) = 3 MQLs, and D3 of L5, won $3,000 on 15 March, inside the 180 days
    assert [i.value for i in at.info if i.value.startswith("The tiles of")] == [
        "The tiles of Feb 2025 at a glance count what happened in Feb 2025, each stage by its own date (2 MQLs, "
        r"1 win, \$1k); this filtered view and the Funnel, Sources and SLA pages count the leads created in Feb "
        r"2025, followed for 180 days (3 MQLs, 1 win, \$3k): a deal these leads won after Feb 2025 counts below, "
        "one won in Feb 2025 by an earlier lead in the tiles."
    ]
    assert "Stage entries per month, each by its own date" in [s.value for s in at.subheader]
    # all dates: no period of the tiles to set apart from
    assert not [i.value for i in make_app().run().info if i.value.startswith("The tiles of")]


def test_the_sources_page_names_the_other_count(make_app):
    at = open_page(make_app, "pages/3_Sources.py", **FEB)
    assert not at.exception
    assert any(
        c.value.startswith("These count the leads created in Feb 2025, followed for 180 days") for c in at.caption
    )


def test_what_changed_links_open_in_the_same_tab(make_app, monkeypatch):
    from dashboard import config

    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 1)
    at = make_app().run()
    # February against January: every move's link is a page link (same tab, as the alerts'), no Markdown link
    # (Streamlit opens those in a new tab)
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert lines and not [line for line in lines if "](" in line]
    labels = [p.proto.label for p in at.get("page_link") if p.proto.label.startswith("See Feb 2025")]
    assert len(labels) >= len([line for line in lines if "rose" in line or "fell" in line])


def test_the_sla_page_says_1_breach_and_draws_no_empty_speed_chart(make_app):
    # February by each stage's own date: L4, SQL on 02-05, contacted 3 hours later: 1 breach
    at = open_page(make_app, "pages/2_SLA.py", **FEB, mode="activity")
    assert not at.exception
    assert "Download the 1 breach as CSV" in [b.proto.label for b in at.get("download_button")]
