"""Trial 78 on the Funnel page: comparing the breakdown's "(none)" value side by side draws its row's numbers (it drew
0 at every stage), and the sidebar offers "(none)" for the blank owners and personas."""

from __future__ import annotations

import base64
import json
from datetime import datetime

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config, store

T = datetime
NONE = config.NONE_LABEL

# lead_id, account_id, created_at, source, persona, owner, mql_at, sql_at
LEADS = [
    ("p1", "A1", T(2026, 1, 5), "email", "CFO", "Ann", T(2026, 1, 6), T(2026, 1, 8)),  # SQL, won D1: customer
    ("p2", "A1", T(2026, 1, 10), "email", None, None, T(2026, 1, 12), None),  # MQL
    ("p3", "A2", T(2026, 1, 15), "paid_search", None, None, T(2026, 1, 16), T(2026, 1, 20)),  # SQL, open D2: opp.
    ("p4", "A2", T(2026, 1, 20), "paid_search", "CFO", "Bob", None, None),  # lead
    ("p5", None, T(2026, 2, 3), "email", "CFO", None, None, None),  # lead
    ("p6", "A3", T(2026, 2, 10), "email", None, "Bob", T(2026, 2, 11), None),  # MQL
    ("p7", "A3", T(2026, 2, 12), "paid_search", "CFO", None, T(2026, 2, 13), T(2026, 2, 14)),  # SQL
    ("p8", None, T(2026, 2, 20), "paid_search", None, "Ann", None, None),  # lead
]
DEALS = [
    ("D1", "p1", "A1", "Ann", T(2026, 1, 20), "won", T(2026, 2, 1), 1000.0),
    ("D2", "p3", "A2", None, T(2026, 1, 25), "open", None, 500.0),
]


@pytest.fixture
def funnel_page(tmp_path, monkeypatch):
    """The Funnel page's AppTest over the rows above, with the query parameters given, run."""
    path = str(tmp_path / "blanks.duckdb")
    con = store.connect(path)
    with store.transaction(con):
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, persona, owner, mql_at, sql_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            LEADS,
        )
        con.executemany(
            "insert into deals (deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            DEALS,
        )
    con.close()
    monkeypatch.setenv(config.DB_ENV_VAR, path)

    def open_page(**query: str) -> AppTest:
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in {"from": "2026-01-01", "to": "2026-02-28", **query}.items():
            at.query_params[key] = value
        at.run()
        at.switch_page("pages/1_Funnel.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield open_page
    st.cache_data.clear()
    st.cache_resource.clear()


def chart(at: AppTest, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_comparing_none_by_lead_draws_its_rows_numbers(funnel_page):
    at = funnel_page(view="breakdown", breakdown="owner", compare_a="Ann", compare_b=NONE)
    spec = chart(at, 2)
    assert [t["name"] for t in spec["data"]] == ["Ann", NONE]
    # Ann: p1 (customer), p8 (lead); blank owner: p2 (MQL), p3 (SQL, opportunity), p5 (lead), p7 (SQL)
    assert spec["data"][0]["text"] == ["2", "1", "1", "1", "1"]
    assert spec["data"][1]["text"] == ["4", "3", "2", "1", "0"]
    # the breakdown table's (none) row says the same
    table = next(d.value for d in at.dataframe if d.value.columns[0] == "Owner").set_index("Owner")
    assert table.loc[NONE].tolist() == [4, 3, 2, 1, 0]


def test_comparing_none_by_account(funnel_page):
    at = funnel_page(view="breakdown", breakdown="persona", count_by="account", compare_a="CFO", compare_b=NONE)
    spec = chart(at, 2)
    # accounts by their first lead: CFO A1 (customer), p5 (lead); blank persona A2 (opportunity), A3 (SQL), p8
    assert spec["data"][0]["text"] == ["2", "1", "1", "1", "1"]
    assert spec["data"][1]["text"] == ["3", "2", "2", "1", "0"]


def test_the_sidebar_offers_none_and_the_link_keeps_it(funnel_page):
    at = funnel_page(owner=NONE)
    owner = at.sidebar.multiselect[[m.label for m in at.sidebar.multiselect].index("Owner")]
    assert list(owner.options) == ["Ann", "Bob", NONE]
    assert owner.value == [NONE]
    assert not [w.value for w in at.warning if "Ignored" in w.value]
    assert at.query_params["owner"] == NONE
    # the funnel of the blank-owner leads, as the comparison above draws it
    values = chart(at, 0)["data"][0]["x"]
    if isinstance(values, dict):  # plotly's base64 typed arrays
        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    assert list(values) == [4, 3, 2, 1, 0]
