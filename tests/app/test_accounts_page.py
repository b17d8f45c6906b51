"""The Accounts page in AppTest, on the buying-group fixture (tests/accounts_fixture.py counts it by hand)."""

from __future__ import annotations

import json

import pytest
from accounts_fixture import accounts_db
from app_helpers import strings_in

PAGE = "pages/5_Accounts.py"


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """The buying-group fixture instead of the shared one (make_app opens whatever this names)."""
    path = str(tmp_path / "accounts.duckdb")
    accounts_db(path)
    return path


def open_accounts(make_app, **query):
    # window 0: every account of the fixture is judged, however young
    at = make_app(window="0", **query).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def column(at, index: int, label: str) -> list:
    return at.dataframe[index].value[label].tolist()


def test_depth_and_mix_tables_show_the_hand_counted_numbers(make_app):
    at = open_accounts(make_app)
    assert column(at, 0, "People engaged") == ["1", "2", "3–4", "5+"]
    assert column(at, 0, "Accounts") == [2, 2, 0, 1]
    assert column(at, 0, "Opportunities") == [1, 2, 0, 1]
    assert column(at, 0, "Customers") == [1, 1, 0, 1]
    # percentages as the table shows them (×100); the empty bucket has none
    assert column(at, 0, "→ Customer") == ["50.0%", "50.0%", "–", "100.0%"]
    mixes = dict(zip(column(at, 1, "Personas engaged"), column(at, 1, "Accounts"), strict=True))
    assert mixes == {"CFO": 2, "CFO + CMO": 1, "CFO + CMO + IT Director": 1, "CFO + IT Director": 1}
    captions = " ".join(c.value for c in at.caption)
    assert "5 of 6 accounts in the view are compared here" in captions
    assert "Leads without an account id, each an account of its own: 1." in captions
    assert "(listed by its lead id: “No company (lead L123)”)" in captions and "lead:" not in captions
    # the depth chart: one bar per bucket, to opportunity and to customer
    depth_chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in depth_chart["data"]] == ["Account → Opportunity", "Account → Customer"]
    assert {"1", "2", "3–4", "5+"} <= set(strings_in(depth_chart))


def test_a_filter_changes_the_numbers(make_app):
    at = open_accounts(make_app)
    source = next(w for w in at.sidebar.multiselect if w.label == "Source")
    source.set_value(["email"]).run()
    assert not at.exception
    # accounts whose first lead came from email: lead:L9 (1 person, no deal) and A2 (2 people, a lost deal)
    assert column(at, 0, "Accounts") == [1, 1, 0, 0]
    assert column(at, 0, "Opportunities") == [0, 1, 0, 0]
    assert column(at, 2, "Account") == ["A2", "No company (lead L9)"]
    assert at.query_params["source"] == "email"


def test_the_account_list_and_its_depth_filter(make_app):
    at = open_accounts(make_app)
    assert column(at, 2, "Account") == ["A5", "A3", "A1", "A2", "No company (lead L9)", "AX"]
    assert column(at, 2, "Won revenue")[:3] == [9000, 5000, 1000]
    assert column(at, 2, "Furthest stage")[-2:] == ["MQL", "Opportunity"]
    at.radio(key="pg_depth").set_value("2").run()
    assert not at.exception
    assert at.query_params["depth"] == "2"
    assert column(at, 2, "Account") == ["A3", "A2"]
    assert column(at, 2, "People engaged") == [2, 2]
    # the column counts the account's leads whenever created: its header says so since trial 44
    assert column(at, 2, "Leads (all time)") == [3, 2]
    assert any(c.value.startswith("2 accounts · showing 2") for c in at.caption)
    assert at.get("download_button")[0].proto.label == "Download all 2 as CSV"


def test_a_link_to_a_depth_bucket_opens_it(make_app):
    at = open_accounts(make_app, depth="5+")
    assert column(at, 2, "Account") == ["A5"]


def test_no_account_judged_says_so_instead_of_drawing_empty_charts(make_app):
    # the default 180-day window: every account of the fixture is younger, so none is judged
    at = make_app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("No account in this view can be judged yet" in i.value for i in at.info)
    assert not [h for h in at.subheader if h.value == "By persona mix"]
    assert len(at.get("plotly_chart")) == 0
