"""The Sources page in AppTest: the table and callouts for the named model, model switching, rejections."""

from __future__ import annotations

from app_helpers import metric_values
from fixture_data import add_source_extras

from dashboard import store


def open_sources(make_app, app_db, extras=True, **query):
    if extras:
        con = store.connect(app_db)
        add_source_extras(con)
        con.close()
    at = make_app(**query).run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def source_rows(at):
    table = at.dataframe[0].value
    return {r["source"]: r for r in table.to_dict("records")}


def test_table_and_callouts_under_first_touch(make_app, app_db):
    at = open_sources(make_app, app_db)
    rows = source_rows(at)
    # first touch: D1's 1000 goes to webinar (L1's first touch), D3's 3000 to organic_search
    assert rows["webinar"]["attributed_revenue"] == 1000.0
    assert (rows["webinar"]["spend"], rows["webinar"]["roi"]) == ("$250", "3.00×")
    assert rows["organic_search"]["spend"] == "no spend recorded"
    assert rows["organic_search"]["roi"] == "no spend recorded"
    assert rows["paid_search"]["count_leads"] == 3
    assert "Revenue credited by **First touch**" in at.caption[1].value
    assert any("Best return: **webinar**" in m.value for m in at.markdown)
    values = metric_values(at)
    # D1 1000 + D2 500 + D3 3000 + D5 700 marketing-sourced; D4 2000 outbound; D1 and D5 touched first
    assert values["Marketing-sourced pipeline"] == "$5.2k" and values["Sales-sourced pipeline"] == "$2k"
    assert values["Marketing-influenced pipeline"] == "$1.7k" and values["Marketing-influenced revenue"] == "$1k"
    # scatter, model comparison, sourced by month, two trends, rejections and lost-reason heatmaps
    assert len(at.get("plotly_chart")) == 7


def test_switching_the_model_changes_revenue_and_the_url(make_app, app_db):
    at = open_sources(make_app, app_db)
    at.selectbox(key="pg_model").set_value("last_touch").run()
    assert not at.exception
    rows = source_rows(at)
    assert rows["email"]["attributed_revenue"] == 1000.0 and rows["webinar"]["attributed_revenue"] == 0.0
    assert at.query_params["model"] == "last_touch"
    assert "Revenue credited by **Last touch**" in at.caption[1].value


def test_model_from_a_deep_link(make_app, app_db):
    at = open_sources(make_app, app_db, model="u_shaped")
    assert source_rows(at)["paid_search"]["attributed_revenue"] == 200.0


def test_rejections_and_lost_reasons(make_app, app_db):
    at = open_sources(make_app, app_db)
    models = at.dataframe[1].value
    assert models["source"].tolist()[-1] == "Total" and models.iloc[-1]["time_decay"] == 4000.0
    rejected = at.dataframe[2].value
    assert rejected["count_rejected"].sum() == 3
    assert at.dataframe[3].value["lead_id"].tolist() == ["L7", "L8", "L3"]
    assert at.dataframe[4].value[["source", "count_lost"]].values.tolist() == [["paid_search", 1]]
    at.radio(key="pg_rej_by").set_value("persona").run()
    assert not at.exception
    assert sorted(at.dataframe[2].value["source"]) == ["CFO", "CFO", "CMO"]


def test_without_spend_touches_or_rejections_the_page_explains(make_app, app_db):
    at = open_sources(make_app, app_db, extras=False)
    assert any("No spend is recorded" in i.value for i in at.info)
    assert any("No lead in this view was rejected" in i.value for i in at.info)
    # without touches every model credits the original source: paid_search gets D1
    assert source_rows(at)["paid_search"]["attributed_revenue"] == 1000.0


def test_rows_per_campaign_from_the_radio(make_app, app_db):
    at = open_sources(make_app, app_db)
    at.radio(key="pg_by").set_value("campaign").run()
    assert not at.exception
    rows = source_rows(at)
    assert set(rows) == {"brand_q1", "(none)"} and rows["brand_q1"]["spend"] == "$400"
    assert at.query_params["by"] == "campaign"
    assert "Revenue credited by **original campaign**" in at.caption[1].value
