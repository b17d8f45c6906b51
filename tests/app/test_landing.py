"""The landing page in AppTest: fixture numbers, filters change them, URL presets them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from app_helpers import metric_values
from fixture_data import HEADLINE_TILES

from dashboard import store


def change_data(path: str, *statements: str) -> None:
    """Run statements on the database file at path in one transaction, as an import would, and close it."""
    con = store.connect(path)
    with store.transaction(con):
        for statement in statements:
            con.execute(statement)
    con.close()


def test_landing_shows_the_fixture_numbers(make_app):
    at = make_app().run()
    assert not at.exception
    # the filtered view's tiles come after the executive ones, so their labels win in this mapping
    filtered = {m.label: m.value for m in at.metric[-6:]}
    assert filtered == HEADLINE_TILES
    assert at.caption[0].value.startswith("All dates · cohort mode")
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert [t["name"] for t in spec["data"]] == ["Lead", "MQL", "SQL", "Opportunity", "Customer"]


def test_sidebar_filter_changes_numbers_and_url(make_app):
    at = make_app().run()
    source = next(w for w in at.sidebar.multiselect if w.label == "Source")
    source.set_value(["email"]).run()
    assert not at.exception
    # email: L3, L4, L8 -> 3 leads, 3 MQLs, 2 SQLs, no deals
    values = metric_values(at)
    assert (values["Leads"], values["MQLs"], values["SQLs"], values["Won deals"]) == ("3", "3", "2", "0")
    assert at.query_params["source"] == "email"


def test_mode_switch_and_date_range(make_app):
    at = make_app().run()
    at.sidebar.date_input[0].set_value(
        (
            at.sidebar.date_input[0].value[0].replace(month=2, day=1),
            at.sidebar.date_input[0].value[0].replace(month=2, day=28),
        )
    ).run()
    at.sidebar.radio[0].set_value("activity").run()
    assert not at.exception
    values = metric_values(at)
    # activity, February: 3 leads created, MQL entries L4 L5, SQL entries L4 L5, D1 won
    assert (values["Leads"], values["MQLs"], values["SQLs"], values["Won deals"]) == ("3", "2", "2", "1")
    assert at.query_params["mode"] == "activity"
    assert at.query_params["from"] == "2025-02-01"


def test_a_range_ending_on_the_data_s_last_day_keeps_its_end_in_the_url(make_app):
    # the fixture's last day is 2025-03-20 (D4 created): March picked now must still be March in a shared link
    # once April's data is in, so "to" stays; the whole range (first to last day) is "all dates", no dates at all
    at = make_app(**{"from": "2025-03-01", "to": "2025-03-20"}).run()
    assert not at.exception
    assert (at.query_params["from"], at.query_params["to"]) == ("2025-03-01", "2025-03-20")
    first_day, last_day = make_app().run().sidebar.date_input[0].value
    assert last_day.isoformat() == "2025-03-20"
    at = make_app(**{"from": first_day.isoformat(), "to": last_day.isoformat()}).run()
    assert "from" not in at.query_params and "to" not in at.query_params


def test_a_range_ending_mid_month_marks_the_last_month_of_the_monthly_chart(make_app):
    at = make_app(**{"from": "2025-01-01", "to": "2025-02-10"}).run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert [a["text"] for a in spec["layout"]["annotations"]] == ["to 10 Feb"]
    assert any(c.value.startswith("Feb 2025 is counted to 10 Feb only") for c in at.caption)
    at.sidebar.date_input[0].set_value((date(2025, 1, 1), date(2025, 2, 28))).run()
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert not spec["layout"].get("shapes") and not any("is counted to" in c.value for c in at.caption)


def test_url_presets_the_filters(make_app):
    at = make_app(source=["paid_search"], persona="CFO", **{"from": "2025-01-01", "to": "2025-03-31"}).run()
    assert not at.exception
    # paid_search and CFO: L1 (customer), L7 (lead)
    values = metric_values(at)
    assert (values["Leads"], values["MQLs"], values["Won deals"]) == ("2", "1", "1")
    assert next(w for w in at.sidebar.multiselect if w.label == "Persona").value == ["CFO"]
    assert "Q1 2025" in at.caption[0].value


def test_bad_url_values_show_a_notice_not_an_error(make_app):
    at = make_app(source=["tv"], to="2025-02-30").run()
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "'tv'" in notices and "2025-02-30" in notices
    assert metric_values(at)["Leads"] == "8"


def test_no_matching_leads_explains_itself(make_app):
    at = make_app(**{"from": "2025-03-21", "to": "2025-03-31"}).run()
    assert not at.exception
    assert any("No leads or deals match" in i.value for i in at.info)
    # only the executive view's revenue chart: the filtered view draws no empty monthly chart
    assert len(at.get("plotly_chart")) == 1


def test_empty_database_shows_how_to_load_data(make_app, app_db):
    con = store.connect(app_db)
    store.clear_all(con)
    con.close()
    at = make_app().run()
    assert not at.exception
    assert any("No data is loaded yet" in i.value for i in at.info)
    # the file is named (a mistyped or relative FUNNEL_DB opened a new empty one without a word): its folder's last
    # part, a pytest folder name with no Markdown character in it
    folder = Path(app_db).resolve().parent.name
    assert any(folder in i.value and "FUNNEL_DB" in i.value for i in at.info if "No data" in i.value)


def test_demo_banner_points_at_data_page(make_app, app_db):
    con = store.connect(app_db)
    store.set_meta(con, "is_demo", "true")
    con.close()
    at = make_app().run()
    assert any("demo data" in i.value for i in at.info)


def test_data_page_lists_tables(make_app):
    # from the landing page: a page run alone cannot draw the sidebar's links to the others
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception
    df = at.dataframe[0].value
    assert dict(zip(df["Table"], df["Rows"], strict=True))["Leads"] == 8
    assert dict(zip(df["Table"], df["Rows"], strict=True))["Deals"] == 5


def test_data_page_removes_demo_data_of_an_old_file_once_confirmed(make_app, app_db):
    # a file from before the per-table marks: is_demo = true means all five tables are demo data
    con = store.connect(app_db)
    store.set_meta(con, "is_demo", "true")
    con.close()
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    next(b for b in at.button if b.label == "Remove demo data").click().run()
    assert at.dataframe[0].value["Rows"].sum() == 13
    at.checkbox(key="demo_remove_confirm").check().run()
    next(b for b in at.button if b.label == "Remove demo data").click().run()
    assert not at.exception
    df = at.dataframe[0].value
    assert df["Rows"].sum() == 0


def test_filters_survive_a_page_switch(make_app):
    at = make_app().run()
    next(w for w in at.sidebar.multiselect if w.label == "Source").set_value(["email"]).run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception
    assert next(w for w in at.sidebar.multiselect if w.label == "Source").value == ["email"]
    at.switch_page("streamlit_app.py").run()
    assert metric_values(at)["Leads"] == "3"


def test_filter_on_a_value_that_vanishes_with_the_data(make_app, app_db):
    at = make_app().run()
    next(w for w in at.sidebar.multiselect if w.label == "Source").set_value(["email"]).run()
    change_data(app_db, "delete from leads where source = 'email'")
    at.run()
    assert not at.exception
    assert next(w for w in at.sidebar.multiselect if w.label == "Source").value == []
    assert metric_values(at)["Leads"] == "5"


def test_data_whose_first_day_moves_keeps_the_page_working(make_app, app_db):
    at = make_app().run()
    change_data(app_db, "delete from leads where lead_id = 'L1'")  # the first day was L1's, 2025-01-05
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert metric_values(at)["Leads"] == "7"
    assert at.sidebar.date_input[0].value[0].isoformat() == "2025-01-10"


def test_the_sidebar_names_the_pages_as_people_do(make_app):
    at = make_app().run()
    links = [(link.proto.label, link.proto.page_script_hash) for link in at.sidebar.get("page_link")]
    # the landing page is "Overview", not its file name; every page is listed once, in order, each its own
    assert [label for label, _ in links] == [
        "Overview",
        "Funnel",
        "SLA",
        "Sources",
        "Friction",
        "Accounts",
        "Definitions",
        "Data",
    ]
    assert len({page for _, page in links}) == 8


def test_targets_disappear_under_a_persona_filter(make_app, app_db):
    change_data(
        app_db,
        "insert into targets (month, metric, value) values ('2025-02-01', 'leads', 10)",
        "insert into targets (month, metric, value, source) values ('2025-02-01', 'leads', 6, 'email')",
    )
    at = make_app().run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    # February 2025 (the default period): L4, L5, L6 created -> 3 of the company's 10
    assert any(c.startswith("target 10 (30.0%)") for c in captions)
    assert any("Targets: the company's." in c for c in captions)
    persona = next(w for w in at.sidebar.multiselect if w.label == "Persona")
    persona.set_value(["CFO"]).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert not any(c.startswith("target ") for c in captions)
    tiles = [c for c in captions if c.startswith("company target — not comparable with this filtered view")]
    # the Leads tile, the only one the company has a target for; the other 11 say there is none, as unfiltered
    assert len(tiles) == 1
    assert len([c for c in captions if c.startswith("no target")]) == 11
    assert not any("more pipeline is needed" in w.value for w in at.warning)
    # a source filter instead: email's own target, L4 of 6
    next(w for w in at.sidebar.multiselect if w.label == "Persona").set_value([]).run()
    next(w for w in at.sidebar.multiselect if w.label == "Source").set_value(["email"]).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("target 6 (16.7%)") for c in captions)
    assert any("Targets: the sum of the selected sources' (Email)." in c for c in captions)


def test_the_planner_plans_with_the_coverage_s_win_rate_and_shows_the_targets_set(make_app, app_db):
    change_data(
        app_db,
        "insert into targets (month, metric, value) values ('2025-02-01', 'revenue', 4000)",
        "insert into targets (month, metric, value) values ('2025-02-01', 'wins', 3)",
    )
    at = make_app().run()
    assert not at.exception
    # February 2025: closed in the 365 days to 28 Feb: D1 won ($1,000), D2 lost -> 50.0 %, average deal $1,000
    win = next(n for n in at.number_input if n.label == "Win rate %")
    assert win.value == 50.0
    assert next(n for n in at.number_input if n.label == "Average deal").value == 1000
    # the inputs cannot write separators: the amounts under them, as sentences
    assert {"$4,000 to win in Feb 2025", "$1,000 per won deal"} <= {c.value for c in at.caption}
    assert any(
        "at the 50.0% win rate of the deals closed in the 365 days to 28 Feb 2025" in m.value for m in at.markdown
    )
    # $4,000 at $1,000 a deal needs 4 wins; the Wins target set for February is 3: both shown, and why
    plan = next(f.value for f in at.dataframe if "Arrived" in f.value.columns).set_index("Stage")
    # (a column with dashes for the stages without a target holds text)
    assert (plan.at["Wins", "Needed in Feb 2025"], plan.at["Wins", "Target set"]) == (4, "3")
    assert any(
        c.value.endswith("They differ for Wins: those targets were set at other rates than these.") for c in at.caption
    )
