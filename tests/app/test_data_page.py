"""The Data page in AppTest: demo data removed or restored only when confirmed, removed with the first own
import (and said so before it), and the sales-owned sources that decide the sourced split."""

from __future__ import annotations

import streamlit as st
from app_helpers import metric_values

from dashboard import config, store

ALL = ["leads", "deals", "touches", "spend", "targets"]
# the hand-counted fixture: 8 leads, 5 deals, nothing else (no accounts either)
FIXTURE_ROWS = {"leads": 8, "deals": 5, "touches": 0, "spend": 0, "targets": 0, "accounts": 0}
OWN_LEADS = b"lead_id,created_at,source\nown-1,2025-04-01,email\nown-2,2025-04-02,Inside Sales\nown-3,2025-04-03,\n"


def mark_demo(path: str, tables: list[str]) -> None:
    con = store.connect(path)
    with store.transaction(con):
        store.mark_demo_tables(con, tables)
    con.close()


def loaded(at) -> dict[str, int]:
    table = at.dataframe[0].value
    # the tables by name, as the page writes them in words ("Leads"): compared by their code
    return dict(zip(table["Table"].str.lower(), table["Rows"], strict=True))


def open_data(make_app):
    # from the landing page, so that the test can switch to the other pages
    at = make_app().run()
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_removing_the_demo_data_needs_a_confirmation(make_app, app_db):
    mark_demo(app_db, ALL)
    at = open_data(make_app)
    # the loaded tables by name in words, not as the database names them
    assert at.dataframe[0].value["Table"].tolist() == ["Leads", "Deals", "Touches", "Spend", "Targets", "Accounts"]
    assert "demo data: leads, deals, touches, spend, targets" in at.caption[1].value
    assert any("leads (8 rows), deals (5 rows)" in m.value for m in at.markdown)
    at.button(key="demo_remove").click().run()
    assert not at.exception
    assert any("Nothing was removed" in w.value for w in at.warning)
    assert loaded(at) == FIXTURE_ROWS
    at.checkbox(key="demo_remove_confirm").check().run()
    at.button(key="demo_remove").click().run()
    assert not at.exception
    assert loaded(at) == dict.fromkeys([*ALL, "accounts"], 0)
    assert any("Demo data removed: leads (8 rows), deals (5 rows)" in s.value for s in at.success)
    assert "your data" in at.caption[1].value
    con = store.connect(app_db)
    assert store.demo_tables(con) == []
    con.close()


def test_restoring_the_demo_needs_a_confirmation_and_replaces_everything(make_app, app_db):
    at = open_data(make_app)
    assert any("No demo data is loaded." in m.value for m in at.markdown)
    assert any("Everything loaded now goes: leads (8 rows) and deals (5 rows)." in m.value for m in at.markdown)
    at.button(key="demo_restore").click().run()
    assert any("Nothing was changed" in w.value for w in at.warning)
    assert loaded(at) == FIXTURE_ROWS
    at.checkbox(key="demo_restore_confirm").check().run()
    at.button(key="demo_restore").click().run()
    assert not at.exception
    assert loaded(at)["leads"] == config.DEMO_DEFAULT_LEADS
    assert any(f"Demo data restored: {config.DEMO_DEFAULT_LEADS:,} leads" in s.value for s in at.success)
    con = store.connect(app_db)
    assert store.demo_tables(con) == ALL
    con.close()


def test_the_first_own_import_says_it_removes_the_demo_data_and_does(make_app, app_db):
    mark_demo(app_db, ALL)
    at = open_data(make_app)
    at.file_uploader(key="imp_files_leads_0").upload("own.csv", OWN_LEADS, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    check = " ".join(w.value for w in at.warning)
    assert "removes all of it in the same step: leads (8 rows), deals (5 rows), touches (0 rows)" in check
    go = at.button(key="imp_go")
    assert go.label == "Import 3 rows into leads and remove the demo data"
    go.click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert loaded(at) == {"leads": 3, "deals": 0, "touches": 0, "spend": 0, "targets": 0, "accounts": 0}
    assert any("The demo data was removed with this import: leads (8 rows), deals (5 rows)" in i.value for i in at.info)


def test_an_import_without_demo_data_removes_nothing(make_app):
    at = open_data(make_app)
    at.file_uploader(key="imp_files_leads_0").upload("own.csv", OWN_LEADS, "text/csv").run()
    assert at.button(key="imp_go").label == "Import 3 rows into leads"
    assert not any("demo data" in w.value for w in at.warning)


def test_saving_the_sales_sources_changes_the_sourced_split(make_app, app_db):
    at = open_data(make_app)
    assert any("This is the default list." in m.value for m in at.markdown)
    at.multiselect(key="sales_sources_pick").set_value(["outbound", "paid_search"]).run()
    at.button(key="sales_sources_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Sales-owned sources saved (Outbound, Paid search)" in s.value for s in at.success)
    # the chips are words, the stored list the loaded labels
    pick = at.multiselect(key="sales_sources_pick")
    assert pick.value == ["outbound", "paid_search"]
    assert {"Outbound", "Paid search", "Organic search"} <= set(pick.options) and "paid_search" not in pick.options
    con = store.connect(app_db)
    assert store.sales_sources(con) == ("outbound", "paid_search")
    con.close()
    # the loaded sources table says what each label's deals now count as
    table = at.dataframe[1].value
    counted = dict(zip(table["Source as loaded"], table["Its deals count as"], strict=True))
    assert counted == {
        "paid_search": "Sales-sourced",
        "organic_search": "Marketing-sourced",
        "outbound": "Sales-sourced",
        "email": "Marketing-sourced",
    }
    at.query_params["src_view"] = "sourced"
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception
    # the saved list, named in words as every page names sources
    assert any("(Outbound, Paid search)" in m.value for m in at.markdown)
    values = metric_values(at)
    # sales': D4 outbound 2000 + D1 1000, D2 500 and D5 700 of paid_search leads; marketing's: D3 3000
    assert values["Sales-sourced pipeline"] == "$4.2k" and values["Marketing-sourced pipeline"] == "$3k"
    at.switch_page("pages/8_Definitions.py").run()
    assert any("(Outbound, Paid search)" in m.value for m in at.markdown)
    at.switch_page("pages/9_Data.py").run()
    at.button(key="sales_sources_reset").click().run()
    assert not at.exception
    assert any("reset to the default list" in s.value for s in at.success)
    assert at.multiselect(key="sales_sources_pick").value == list(config.SALES_SOURCES)
    at.query_params["src_view"] = "sourced"
    at.switch_page("pages/3_Sources.py").run()
    values = metric_values(at)
    assert values["Sales-sourced pipeline"] == "$2k" and values["Marketing-sourced pipeline"] == "$5.2k"


def test_the_banner_names_the_tables_of_a_partial_demo(make_app, app_db):
    mark_demo(app_db, ["deals", "spend", "targets"])
    at = make_app().run()
    assert not at.exception
    assert any("Deals, spend and targets are generated demo data" in i.value for i in at.info)


SF_OPPORTUNITIES = (
    b"Opportunity ID,Stage,Amount,Close Date,Created Date,Won,Closed\n"
    b'006A,Closed Won - Signed,"R$ 12.500,00",7/22/2015,7/1/2015 2:31,1,1\n'
    b'006B,Qualification,"R$ 900,00",,07-13-2015 20:11,0,0\n'
    b"006C,Closed Lost,oops,7/30/2015,7/2/2015 9:00,0,1\n"
)


def test_the_check_accounts_for_every_row_and_says_how_values_were_read(make_app):
    at = open_data(make_app)
    at.selectbox(key="imp_kind").set_value("deals").run()
    at.selectbox(key="imp_preset").set_value("salesforce").run()
    at.file_uploader(key="imp_files_deals_0").upload("opps.csv", SF_OPPORTUNITIES, "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    # the alerts: the fixture's own 5 deals are not in the file, and a replace would remove them (the check said
    # nothing of it before the import, trial 26); then what the import says once the rows are in (trial 29): the file
    # names no lead id, so none of its 2 deals names one of the 8 leads, and L1 is a customer by its stage alone
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 3 and errors[0].startswith(
        "deals: 5 stored deals are not in the file and would be removed (e.g. D1, D2, D3)"
    ), errors
    assert errors[1].startswith("none of the 2 deals names one of the 8 leads"), errors
    assert errors[2].startswith("1 lead (e.g. L1) is a customer by the lifecycle stage alone"), errors
    captions = " ".join(c.value for c in at.caption)
    # 3 rows read: 006C's amount is not a number, so 2 to import and 1 skipped
    assert "Every row is accounted for: rows read 3 = to import 2 + skipped 1." in captions
    # the statuses of the 2 rows to import: 006A won, 006B open (006C, lost, is skipped for its amount)
    assert "status: read from 'Won' and 'Closed' — won 1, lost 0, open 1" in captions
    formats = next(d.value for d in at.dataframe if list(d.value.columns) == ["File", "Column", "Read as"])
    read_as = dict(zip(formats["Column"], formats["Read as"], strict=True))
    # only 07-13-2015 shows the order of the created dates: month first, for both spellings
    assert "M/D/YYYY (2) and M-D-YYYY (1), month first (shown by 07-13-2015 20:11)" in read_as["Created Date"]
    assert read_as["Amount"].startswith("decimal ',' and thousands '.'")
    assert at.button(key="imp_go").label == "Import 2 rows into deals"
    # the reasons in a table that wraps its cells: the advice is whole, not cut at a grid cell's width
    reasons = at.table[0].value
    assert reasons.to_dict("records") == [
        {
            "Rows": 1,
            "Reason": "unparseable number",
            "What happened": "skipped",
            # the advice of the deals table, whole: what to do with an approximate amount too (trial 36)
            "What to do": "amounts must be numbers (currency symbols and separators are fine); an approximate one "
            "is not guessed, and the whole deal is left out: to keep the amount, remove the sign or note around "
            "the number ('~5000', '5,000 (est.)' as 5000); to keep the deal without an amount, blank the cell (a "
            "word such as 'TBD' is read as a blank: config.AMOUNT_PLACEHOLDERS)",
        }
    ]


def test_a_change_from_the_command_line_shows_on_the_next_rerun_and_can_be_undone(make_app, app_db, tmp_path):
    from dashboard.cli import main

    at = open_data(make_app)
    assert loaded(at)["leads"] == 8
    csv = tmp_path / "own.csv"
    csv.write_bytes(OWN_LEADS)
    # the command line imports while the page is open: it builds the next snapshot beside the one read
    assert main(["import", "--db", app_db, "--kind", "leads", str(csv)]) == 0
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert loaded(at)["leads"] == 3
    assert any("The data changed" in t.value for t in at.toast)
    at.button(key="undo_go").click().run()
    assert loaded(at)["leads"] == 3  # not confirmed: nothing undone
    at.checkbox(key="undo_confirm").check().run()
    at.button(key="undo_go").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert loaded(at)["leads"] == 8
    assert any("The last change was undone" in s.value for s in at.success)


def test_a_failing_data_check_is_shown_and_a_passing_one_is_not(make_app, app_db):
    at = open_data(make_app)
    assert not any("fails a check" in w.value for w in at.warning)
    st.cache_data.clear()
    st.cache_resource.clear()
    con = store.connect(app_db)
    with store.transaction(con):
        # L3 stored twice: the unique ids check fails on it
        con.execute("insert into leads (lead_id, created_at) values ('L3', timestamp '2025-01-21')")
    con.close()
    at = open_data(make_app)
    shown = [w.value for w in at.warning if "fails a check" in w.value]
    assert shown == ["The last import left data that fails a check: unique ids: 1 row breaks it."]


def test_the_import_table_choice_is_in_words_and_keeps_the_kind(make_app):
    at = open_data(make_app)
    table = at.selectbox(key="imp_kind")
    assert table.options[:3] == ["Leads", "Deals", "Touches"] and "leads" not in table.options
    assert table.value == "leads"
