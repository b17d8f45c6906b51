"""The Accounts page's fast paths (issue 17 at ten million leads): the account list takes its page before it
computes the page's rows (buying_groups' page), and the depth groups count per persona mask before naming the
mixes. Hand-counted fixtures, ties across a page's edge, and properties that the fast paths give the rows and the
order of the plain ones."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import duckdb
import pandas as pd
import pytest
from accounts_fixture import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import accounts, config, queries
from dashboard.filters import Filters

# window 0: every account is judged, whatever its age
ALL = Filters(window_days=0)
DAY = datetime(2025, 1, 1)

# lead_id, account_id, created_at, source, persona, owner, lifecycle_stage
TIE_LEADS = [
    ("a1", "A", DAY, "s", "CFO", "Ann", None),
    ("b1", "B", DAY + timedelta(days=1), "s", "CFO", "Ann", None),
    ("b2", "B", DAY + timedelta(days=2), "s", "CMO", "Ann", None),
    # T9 is created before T1: the list's order is by key, not by creation
    ("t9", "T9", DAY + timedelta(days=3), "s", "CMO", "Ann", None),
    ("t1", "T1", DAY + timedelta(days=4), "s", "CFO", "Ann", None),
    ("e1", "E", DAY + timedelta(days=5), "s", None, "Ann", None),
]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
TIE_DEALS = [
    ("DA", "a1", "A", "Dee", DAY + timedelta(days=10), "won", DAY + timedelta(days=20), 1000.0, None),
    ("DB", "b2", "B", "Dee", DAY + timedelta(days=10), "won", DAY + timedelta(days=20), 500.0, None),
    ("DT9", "t9", "T9", "Dee", DAY + timedelta(days=10), "won", DAY + timedelta(days=20), 500.0, None),
    ("DT1", "t1", "T1", "Dee", DAY + timedelta(days=10), "won", DAY + timedelta(days=20), 500.0, None),
]


def keys(rows: pd.DataFrame) -> list[str]:
    return rows["account_key"].tolist()


def test_ties_across_a_page_edge_are_broken_by_the_account_key(empty_con):
    # revenue, people: A 1,000 1; B 500 2; T1 500 1; T9 500 1; E 0 1. T1 and T9 tie on both: by key, T1 first
    load(empty_con, TIE_LEADS, TIE_DEALS)
    assert keys(accounts.account_list(empty_con, ALL, page_size=None)) == ["A", "B", "T1", "T9", "E"]
    # pages of three: the tie T1 | T9 is the edge
    assert keys(accounts.account_list(empty_con, ALL, page=0, page_size=3)) == ["A", "B", "T1"]
    assert keys(accounts.account_list(empty_con, ALL, page=1, page_size=3)) == ["T9", "E"]
    # one person engaged: A, T1, T9, E; pages of two split the tie T1 | T9 the same way
    assert keys(accounts.account_list(empty_con, ALL, "1", page=0, page_size=2)) == ["A", "T1"]
    assert keys(accounts.account_list(empty_con, ALL, "1", page=1, page_size=2)) == ["T9", "E"]
    assert keys(accounts.account_list(empty_con, ALL, "2", page=0, page_size=2)) == ["B"]
    # a page past the end is empty
    assert accounts.account_list(empty_con, ALL, page=2, page_size=3).empty


def test_a_page_has_its_accounts_rows_in_full(empty_con):
    load(empty_con, TIE_LEADS, TIE_DEALS)
    page = accounts.account_list(empty_con, ALL, page=0, page_size=3).set_index("account_key")
    # B: b1 and b2 engaged (both before its deal), personas named in alphabetical order; won 500
    assert page.loc["B", ["count_engaged", "count_leads", "persona_mix", "furthest_stage", "revenue"]].tolist() == [
        2,
        2,
        "CFO + CMO",
        "customer",
        500.0,
    ]
    # the latest deal's owner, and the first lead's the Owner filter matches
    assert page.loc["T1", ["owner", "first_lead_owner"]].tolist() == ["Dee", "Ann"]
    later = accounts.account_list(empty_con, ALL, page=1, page_size=3).set_index("account_key")
    # E: no persona, no deal
    assert later.loc["E", ["persona_mix", "furthest_stage", "revenue", "owner"]].tolist() == [
        "(none)",
        "lead",
        0.0,
        "Ann",
    ]


def test_a_persona_stored_as_none_and_no_persona_are_one_mix(empty_con):
    # P1's only lead has the persona '(none)' as a value, P2's none at all: two masks, one name, one row
    leads = [
        ("p1", "P1", DAY, "s", config.NONE_LABEL, "Ann", None),
        ("p2", "P2", DAY, "s", None, "Ann", None),
        ("q1", "Q", DAY, "s", "CFO", "Ann", None),
    ]
    deals = [("DQ", "q1", "Q", "Dee", DAY + timedelta(days=3), "won", DAY + timedelta(days=9), 10.0, None)]
    load(empty_con, leads, deals)
    groups = accounts.depth_groups(empty_con, ALL)
    judged = groups[groups["status"] == "judged"]
    assert judged[["people", "persona_mix", "count_accounts", "count_opportunities", "count_customers"]].to_dict(
        "records"
    ) == [
        {"people": 1, "persona_mix": "(none)", "count_accounts": 2, "count_opportunities": 0, "count_customers": 0},
        {"people": 1, "persona_mix": "CFO", "count_accounts": 1, "count_opportunities": 1, "count_customers": 1},
    ]


def _scan_rows(node: dict, column: str) -> int:
    """Rows the table scans that read a column put out, over a JSON profile's tree."""
    own = 0
    if node.get("type") == "TABLE_SCAN" and column in str(node.get("extra_info", {}).get("Projections", "")):
        own = int(node.get("intermediate_rows", 0))
    return own + sum(_scan_rows(child, column) for child in node.get("children", []))


def test_the_list_reads_the_full_rows_of_its_page_only(empty_con, tmp_path):
    # 120 one-person accounts: the first page of ten reads the deal owner (a column only the full row has) of
    # ten accounts, not of all 120 (the list read and computed every account's row before sorting them)
    leads = [(f"l{i}", f"K{i:03d}", DAY + timedelta(hours=i), "s", "CFO", "Ann", None) for i in range(120)]
    deals = [
        (f"D{i}", f"l{i}", f"K{i:03d}", "Dee", DAY + timedelta(days=30), "won", DAY + timedelta(days=40), i % 7, None)
        for i in range(0, 120, 3)
    ]
    load(empty_con, leads, deals)
    profile = tmp_path / "profile.json"
    empty_con.execute("pragma enable_profiling = 'json'")
    empty_con.execute(f"pragma profiling_output = '{profile}'")
    sql = queries.sql_text("account_list")
    params = {
        **ALL.to_params(),
        **accounts._LABELS,
        "people_min": 0,
        "people_max": None,
        "page_size": 10,
        "page_offset": 0,
    }
    rows = empty_con.execute(sql, queries._bind(sql, params)).df()
    empty_con.execute("pragma disable_profiling")
    assert len(rows) == 10
    operators = json.loads(profile.read_text())["operator"]
    assert sum(_scan_rows(node, "group_deal_owner") for node in operators) == 10


# the reference: every account of the view with its row computed and its mix named, then sorted, grouped and
# paged outside (the plain paths the fast ones must match)
REFERENCE = """
select *, persona_mix(persona_mask, $none_label, $other_personas_label) as persona_mix
from buying_groups($view, null)
"""


def reference_rows(con: duckdb.DuckDBPyConnection, view: Filters) -> pd.DataFrame:
    params = {**view.to_params(), **accounts._LABELS}
    return con.execute(REFERENCE, queries._bind(REFERENCE, params)).df()


def reference_depth(rows: pd.DataFrame) -> pd.DataFrame:
    status = pd.Series("judged", index=rows.index)
    status[rows["is_young"]] = "young"
    status[rows["count_engaged"] == 0] = "sales_first"
    status[rows["count_leads"] == 0] = "outbound_only"
    table = rows.assign(status=status, people=rows["count_engaged"], lone_lead=rows["account_id"].isna())
    grouped = table.groupby(["status", "people", "persona_mix", "lone_lead"], as_index=False).agg(
        count_accounts=("account_key", "size"),
        count_opportunities=("reached_opportunity", "sum"),
        count_customers=("reached_customer", "sum"),
    )
    return grouped.sort_values(["status", "people", "persona_mix", "lone_lead"]).reset_index(drop=True)


AMOUNTS = st.sampled_from([100.0, 100.0, 250.0, 0.0])


@st.composite
def tied_accounts(draw):
    """Accounts of one to four people, few revenues (ties), lone leads, outbound deals and a '(none)' persona."""
    leads, deals = [], []
    for a in range(draw(st.integers(0, 9))):
        account = draw(st.one_of(st.none(), st.sampled_from([f"A{a}", f"Z{9 - a}"])))
        for i in range(draw(st.integers(1, 4))):
            created = DAY + timedelta(days=draw(st.integers(0, 400)))
            persona = draw(st.sampled_from([None, "CFO", "CMO", "IT", config.NONE_LABEL]))
            leads.append((f"L{a}_{i}", account, created, "s", persona, "o", None))
            if draw(st.booleans()):
                status = draw(st.sampled_from(["open", "won", "won", "lost"]))
                d_created = created + timedelta(days=draw(st.integers(-10, 250)))
                closed = None if status == "open" else d_created + timedelta(days=draw(st.integers(0, 60)))
                lead_id = draw(st.one_of(st.none(), st.just(f"L{a}_{i}"))) if account else f"L{a}_{i}"
                deals.append((f"D{a}_{i}", lead_id, account, "o", d_created, status, closed, draw(AMOUNTS), None))
    return leads, deals


LIST_COLUMNS = ["account_key", "count_engaged", "persona_mix", "furthest_stage", "furthest_after_window", "revenue"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=tied_accounts(),
    window=st.sampled_from([0, 30, 180]),
    bucket=st.sampled_from([accounts.ALL_BUCKETS, *accounts.BUCKETS]),
    size=st.integers(1, 4),
)
def test_the_fast_paths_give_the_plain_paths_rows_and_order(empty_con, data, window, bucket, size):
    load(empty_con, *data)
    view = Filters(window_days=window)
    rows = reference_rows(empty_con, view)
    # depth: counted per mask and named after, as counted per named row
    depth = accounts.depth_groups(empty_con, view)
    expected_depth = reference_depth(rows)
    assert depth[expected_depth.columns].astype(str).to_dict("records") == expected_depth.astype(str).to_dict("records")
    # the list: its pages, one after another, are the plain sort of every account of the bucket, cut in pages
    low, high = (0, None) if bucket == accounts.ALL_BUCKETS else accounts.BUCKETS[bucket]
    inside = rows[(rows["count_engaged"] >= low) & (rows["count_engaged"] <= (high if high is not None else 10**9))]
    expected = inside.sort_values(["revenue", "count_engaged", "account_key"], ascending=[False, False, True])
    total = accounts.list_size(depth, bucket)
    assert total == len(expected)
    pages = [accounts.account_list(empty_con, view, bucket, page, size) for page in range(-(-total // size) + 1)]
    assert all(len(p) == size for p in pages[:-2]) and pages[-1].empty
    listed = pd.concat(pages, ignore_index=True)
    assert listed[LIST_COLUMNS].astype(str).values.tolist() == expected[LIST_COLUMNS].astype(str).values.tolist()
    whole = accounts.account_list(empty_con, view, bucket, page_size=None)
    assert whole[LIST_COLUMNS].astype(str).values.tolist() == expected[LIST_COLUMNS].astype(str).values.tolist()


@pytest.mark.parametrize("window", [0, 30])
def test_the_hand_counted_fixture_reads_the_same_either_way(empty_con, window):
    # tests/accounts_fixture.py's accounts: the fast depth groups are the plain ones
    load(empty_con)
    view = Filters(window_days=window)
    expected = reference_depth(reference_rows(empty_con, view))
    depth = accounts.depth_groups(empty_con, view)
    assert depth[expected.columns].astype(str).to_dict("records") == expected.astype(str).to_dict("records")
    # 6 accounts, in the list's order whatever the page size
    for size in (1, 4, 6):
        pages = [accounts.account_list(empty_con, view, page=p, page_size=size) for p in range(-(-6 // size))]
        assert keys(pd.concat(pages)) == ["A5", "A3", "A1", "A2", "lead:L9", "AX"]
