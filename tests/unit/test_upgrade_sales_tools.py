"""A file derived before DERIVED_VERSION 50 counted the deals of sales-prospecting tools (Apollo, ZoomInfo, Sales
Navigator) marketing-sourced; upgraded, they are sales-sourced, and the Data page and the next import's report say so
once, with how many moved. Counted by hand."""

from __future__ import annotations

from datetime import datetime

from fixture_data import load

from dashboard import config, sources, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

T = datetime

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("A1", T(2025, 1, 2), "Apollo.io", None, None, None, None, None, None, None),
    ("A2", T(2025, 1, 3), "paid_search", None, None, None, None, None, None, None),
    ("A3", T(2025, 1, 4), "ZoomInfo", None, None, None, None, None, None, None),
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("D1", "A1", None, T(2025, 1, 10), "won", T(2025, 1, 20), 1000.0, None),  # Apollo.io
    ("D2", "A1", None, T(2025, 1, 12), "open", None, 400.0, None),  # Apollo.io
    ("D3", "A2", None, T(2025, 1, 15), "won", T(2025, 1, 25), 300.0, None),  # paid_search: marketing's
    ("D4", "A3", None, T(2025, 1, 16), "lost", T(2025, 1, 26), 250.0, None),  # ZoomInfo
    ("D5", None, None, T(2025, 1, 17), "won", T(2025, 1, 27), 50.0, "Sales Navigator"),  # its own source
]
# the tools' deals D1, D2, D4, D5: pipeline 1,000 + 400 + 250 + 50 = 1,700; won D1 and D5, revenue 1,050
NOTE = (
    "this version counts the sales-prospecting tools (Apollo, ZoomInfo, Sales Navigator, …) among the default "
    "sales-owned sources: 4 deals sourced by one (1,700.00 of pipeline; 2 won, 1,050.00 of revenue), counted "
    "marketing-sourced before this file was upgraded, are sales-sourced now. Save the sales-owned sources on the "
    "Data page without them to count them as marketing's"
)


def _file_of_version(tmp_path, version, saved=None):
    """A database file of the hand-counted rows whose meta says it was derived by `version` (as test_store's upgrade
    tests make one), with a sales-owned list saved on the Data page when `saved`."""
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    load(con, LEADS, DEALS)
    if saved:
        store.set_sales_sources(con, saved)
    con.execute("update meta set value = $v where key = 'derived_version'", {"v": version})
    con.close()
    return path


def test_an_upgrade_from_49_says_the_tools_deals_moved_to_sales_once(tmp_path):
    con = store.connect(_file_of_version(tmp_path, "49"))
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) == NOTE
    # the split the line speaks of: sales 1,050 of revenue (D1, D5), marketing 300 (D3)
    month = sources.sourced(con, Filters()).to_dict("records")[0]
    assert (month["revenue_sales"], month["revenue_marketing"]) == (1050.0, 300.0)
    assert (month["pipeline_sales"], month["pipeline_marketing"]) == (1700.0, 300.0)
    # the next import's report says it, and only that one
    csv = tmp_path / "leads.csv"
    csv.write_text("lead_id,created_at,source\nA4,2025-02-01,webinar\n", encoding="utf-8")
    first = import_files(con, "leads", [csv], mode="append")
    assert f"on upgrading the database file, {NOTE}" in first.alerts
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) is None
    second = import_files(con, "leads", [csv], mode="append")
    assert not [a for a in second.alerts if "upgrading" in a]


def test_no_line_for_a_current_file_or_a_saved_list(tmp_path):
    # a file of this version: nothing moved on opening it
    con = store.connect(_file_of_version(tmp_path, store.DERIVED_VERSION))
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) is None
    con.close()
    # a list saved on the Data page (without the tools) is the user's: its sources did not change
    saved = tmp_path / "saved"
    saved.mkdir()
    con = store.connect(_file_of_version(saved, "49", saved=["outbound", "Inside Sales"]))
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) is None


def test_a_list_saved_after_the_upgrade_ends_the_line(tmp_path):
    # the line asks for a list saved without the tools; saved so, D1, D2, D4, D5 are marketing's again (revenue 1,050
    # + D3's 300 = 1,350 marketing, 0 sales): a line still saying "are sales-sourced now" would be false
    con = store.connect(_file_of_version(tmp_path, "49"))
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) == NOTE
    store.set_sales_sources(con, ["outbound"])
    month = sources.sourced(con, Filters()).to_dict("records")[0]
    assert (month["revenue_sales"], month["revenue_marketing"]) == (0.0, 1350.0)
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) is None
    csv = tmp_path / "leads.csv"
    csv.write_text("lead_id,created_at,source\nA4,2025-02-01,webinar\n", encoding="utf-8")
    report = import_files(con, "leads", [csv], mode="append")
    assert not [a for a in report.alerts if "upgrading" in a]


# touches: A2 (paid_search) touched by Apollo.io on 5 Jan, before its won D3 (15 Jan, 300): under the old list a
# marketing touch, D3 influenced by it alone; A1 touched by a webinar on 3 Jan, before D1 (10 Jan) and D2 (12 Jan):
# influenced still, whatever its ZoomInfo touch of 2 Jan; A3's Lusha touch on 20 Jan came after D4 (16 Jan): never
TOUCHES = [
    ("A2", T(2025, 1, 5), "Apollo.io"),
    ("A1", T(2025, 1, 2), "ZoomInfo"),
    ("A1", T(2025, 1, 3), "webinar"),
    ("A3", T(2025, 1, 20), "Lusha"),
]
TOOLS_SAID = (
    "this version counts the sales-prospecting tools (Apollo, ZoomInfo, Sales Navigator, …) among the default "
    "sales-owned sources: "
)
SAVE = ". Save the sales-owned sources on the Data page without them to count them as marketing's"
# D3 alone: 1 deal, 300 of pipeline, 300 won
UNINFLUENCED = "1 deal (300.00 of pipeline, 300.00 of revenue won) marketing-influenced before by a touch of one alone "
UNINFLUENCED += "is no longer influenced"


def _file_with_touches(tmp_path, leads, deals):
    """A file of version 49 holding `leads`, `deals` and TOUCHES of those leads."""
    path = str(tmp_path / "touched.duckdb")
    con = store.connect(path)
    load(con, leads, deals)
    ids = {lead[0] for lead in leads}
    with store.transaction(con):
        for touch in TOUCHES:
            if touch[0] in ids:
                con.execute("insert into touches (lead_id, touched_at, source) values (?, ?, ?)", list(touch))
    con.execute("update meta set value = '49' where key = 'derived_version'")
    con.close()
    return path


def test_an_upgrade_says_the_deals_a_tools_touch_alone_had_made_influenced(tmp_path):
    con = store.connect(_file_with_touches(tmp_path, LEADS, DEALS))
    moved = NOTE.removeprefix(TOOLS_SAID).removesuffix(SAVE)
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) == f"{TOOLS_SAID}{moved}; {UNINFLUENCED}{SAVE}"
    # influenced now: D1 (won 1,000) and D2 (open 400), by A1's webinar; D3 was too under the old list (1,300 won)
    month = sources.sourced(con, Filters()).to_dict("records")[0]
    assert (month["revenue_influenced"], month["pipeline_influenced"]) == (1000.0, 1400.0)
    # the old default list saved again: D3 influenced by its Apollo touch, 1,000 + 300 won, 1,400 + 300 of pipeline
    store.set_sales_sources(con, [s for s in config.SALES_SOURCES if s not in config.SALES_TOOL_SOURCES])
    month = sources.sourced(con, Filters()).to_dict("records")[0]
    assert (month["revenue_influenced"], month["pipeline_influenced"]) == (1300.0, 1700.0)


def test_only_touches_of_a_tool_are_said_too(tmp_path):
    # A2 and D3 alone: no deal of a tool's source, and D3's influence of 300 went without a word before
    con = store.connect(_file_with_touches(tmp_path, [LEADS[1]], [DEALS[2]]))
    assert store.get_meta(con, store.UPGRADE_NOTE_KEY) == f"{TOOLS_SAID}{UNINFLUENCED}{SAVE}"
    month = sources.sourced(con, Filters()).to_dict("records")[0]
    assert month["revenue_influenced"] == 0.0
