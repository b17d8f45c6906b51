"""The account view's fast paths (issue 17 at ten million leads): the account list takes its page before it
computes the page's rows (buying_groups' page), and the depth groups count per persona mask before naming the
mixes; the funnel, breakdown and step rates counted by account read account_funnel_rollup. Hand-counted fixtures,
ties across a page's edge, and properties that the fast paths give the rows and the order of the plain ones."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd
import pytest
from accounts_fixture import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import accounts, config, friction, metrics, queries, rollups, store
from dashboard.filters import DIMENSION_FIELD, Filters

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


# --- the Funnel page's funnel and breakdown and Friction's step rates counted by account, from account_funnel_rollup
# (issue 17: at ten million leads each scanned 4.7 million accounts). Hand-counted rows, then the rollup against the
# scan for random accounts and whole-month views.
#
#   lead  account  created     source  persona  stage (mql / sql dates)        deal
#   a1    A        2025-01-05  ads     p        mql (01-06)
#   a2    A        2025-01-20  web     q        sql (01-21 / 01-22)
#   b1    B        2025-02-01  web     p        -                              DB won 02-10 -> 02-20
#   c1    -        2025-01-10  web     q        -                              (an account of its own)
#   z1    Z        2025-09-01  ads     p        mql (09-02)
#
# Segment SMB and owner o for all; industry and region blank, "(none)". The data's today is 2025-09-02 (z1's MQL):
# under the default 180-day window only Z is young. An account's values are its first lead's: A is ads and p.
# Accounts reached (a later stage implies the earlier ones): A SQL, B customer, c1 lead, Z MQL.

ACCOUNT_LEAD_INSERT = (
    "insert into leads (lead_id, account_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, "
    "sql_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
D = datetime
ACCOUNT_LEADS = [
    ("a1", "A", D(2025, 1, 5), "ads", "p", "SMB", "o", "mql", D(2025, 1, 6), None),
    ("a2", "A", D(2025, 1, 20), "web", "q", "SMB", "o", "sql", D(2025, 1, 21), D(2025, 1, 22)),
    ("b1", "B", D(2025, 2, 1), "web", "p", "SMB", "o", None, None, None),
    ("c1", None, D(2025, 1, 10), "web", "q", "SMB", "o", None, None, None),
    ("z1", "Z", D(2025, 9, 1), "ads", "p", "SMB", "o", "mql", D(2025, 9, 2), None),
]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
ACCOUNT_DEALS = [("DB", "b1", "B", "o", D(2025, 2, 10), "won", D(2025, 2, 20), 100.0, None)]
BY_ACCOUNT = Filters(count_by="account")
STAGES = list(config.STAGES)


def load_accounts(con: duckdb.DuckDBPyConnection, leads: list[tuple], deals: list[tuple]) -> None:
    """Replace the leads (with their account, segment and stage dates) and deals with these rows."""
    with store.transaction(con):
        con.execute("delete from leads")
        con.execute("delete from deals")
        if leads:
            con.executemany(ACCOUNT_LEAD_INSERT, leads)
        if deals:
            con.executemany(
                "insert into deals (deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, "
                "source) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                deals,
            )


def _funnel(con: duckdb.DuckDBPyConnection, name: str, view: Filters) -> list[list[int]]:
    """count_leads, count_dropped, count_in_progress per stage."""
    df = queries.run(con, name, view.to_params())
    return df[["count_leads", "count_dropped", "count_in_progress"]].astype(int).values.tolist()


def _step_rates(con: duckdb.DuckDBPyConnection, name: str, view: Filters) -> dict[tuple[str, str], list[int]]:
    df = queries.run(con, name, {**view.to_params(), "none_label": config.NONE_LABEL})
    return {(d, v): [int(x) for x in rest] for d, v, *rest in df[["dimension", "value", *STAGES]].itertuples(False)}


def _breakdown_params(view: Filters, dimension: str) -> dict:
    return {
        **view.to_params(),
        "dimension": dimension,
        "top_n": 5,
        "other_label": config.OTHER_LABEL,
        "none_label": config.NONE_LABEL,
    }


def _breakdown(con: duckdb.DuckDBPyConnection, name: str, view: Filters, dimension: str) -> dict[str, list[int]]:
    df = queries.run(con, name, _breakdown_params(view, dimension))
    return {v: df[df["value"] == v]["count_leads"].astype(int).tolist() for v in df["value"].unique()}


def test_the_account_funnel_from_the_rollup_by_hand(empty_con):
    load_accounts(empty_con, ACCOUNT_LEADS, ACCOUNT_DEALS)
    assert rollups.unit_exact(BY_ACCOUNT)
    # 4 accounts; MQL A, B, Z (c1 dropped out); SQL A, B (Z still in the window); opportunity and customer B
    # (A dropped out at opportunity)
    expected = [[4, 0, 0], [3, 1, 0], [2, 0, 1], [1, 1, 0], [1, 0, 0]]
    assert _funnel(empty_con, "funnel_rollup", BY_ACCOUNT) == expected
    assert _funnel(empty_con, "funnel", BY_ACCOUNT) == expected
    assert metrics.funnel(empty_con, BY_ACCOUNT)["count_leads"].tolist() == [4, 3, 2, 1, 1]
    # source ads alone: A (a1's source) and Z; by lead the same filter counts a1 and z1, and a2's SQL is web's
    ads = replace(BY_ACCOUNT, sources=("ads",))
    assert _funnel(empty_con, "funnel_rollup", ads) == [[2, 0, 0], [2, 0, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]
    assert _funnel(empty_con, "funnel_rollup", replace(ads, count_by="lead"))[2] == [0, 1, 1]
    # January 2025 alone: A and c1
    january = replace(BY_ACCOUNT, date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert _funnel(empty_con, "funnel_rollup", january) == [[2, 0, 0], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]]


def test_the_account_breakdown_from_the_rollup_by_hand(empty_con):
    load_accounts(empty_con, ACCOUNT_LEADS, ACCOUNT_DEALS)
    assert rollups.unit_breakdown_exact(BY_ACCOUNT, "source")
    # ads: A (SQL) and Z (MQL); web: B (customer) and c1 (lead)
    expected = {"ads": [2, 2, 1, 0, 0], "web": [2, 1, 1, 1, 1]}
    assert _breakdown(empty_con, "breakdown_rollup", BY_ACCOUNT, "source") == expected
    assert _breakdown(empty_con, "breakdown", BY_ACCOUNT, "source") == expected
    # persona: A, B and Z are p, c1 is q
    by_persona = metrics.breakdown(empty_con, BY_ACCOUNT, "persona")
    assert by_persona[by_persona["value"] == "p"]["count_leads"].tolist() == [3, 3, 2, 1, 1]
    assert by_persona[by_persona["value"] == "q"]["count_leads"].tolist() == [1, 0, 0, 0, 0]


def test_the_account_step_rates_from_the_rollup_by_hand(empty_con):
    load_accounts(empty_con, ACCOUNT_LEADS, ACCOUNT_DEALS)
    assert rollups.unit_step_rates_exact(BY_ACCOUNT)
    # the accounts old enough to compare: A (SQL), B (customer), c1 (lead); Z is young
    everyone = [3, 2, 2, 1, 1]
    expected = {
        ("all", "all"): everyone,
        ("industry", "(none)"): everyone,
        ("owner", "o"): everyone,
        ("persona", "p"): [2, 2, 2, 1, 1],  # A, B
        ("persona", "q"): [1, 0, 0, 0, 0],  # c1
        ("region", "(none)"): everyone,
        ("segment", "SMB"): everyone,
        ("source", "ads"): [1, 1, 1, 0, 0],  # A (by lead: a1 alone, an MQL)
        ("source", "web"): [2, 1, 1, 1, 1],  # B, c1
    }
    assert _step_rates(empty_con, "step_rates_rollup", BY_ACCOUNT) == expected
    assert _step_rates(empty_con, "step_rates", BY_ACCOUNT) == expected
    assert _step_rates(empty_con, "step_rates_rollup", replace(BY_ACCOUNT, count_by="lead"))[("source", "ads")] == [
        1,
        1,
        0,
        0,
        0,
    ]
    rates = friction.step_rates(empty_con, BY_ACCOUNT)
    assert rates[rates["dimension"] == "source"][STAGES].values.tolist() == [[1, 1, 1, 0, 0], [2, 1, 1, 1, 1]]


@pytest.mark.parametrize(
    ("view", "unit", "breakdown", "steps"),
    [
        (BY_ACCOUNT, True, True, True),
        (Filters(), True, True, True),
        (replace(BY_ACCOUNT, sources=("ads",)), True, True, False),
        (replace(BY_ACCOUNT, sources=("ads",), personas=("p",)), False, False, False),
        (replace(BY_ACCOUNT, date_from=date(2025, 1, 2)), False, False, False),
        # any window: the breakdown reads the rollup per reach day (account_funnel_rollup_days)
        (replace(BY_ACCOUNT, window_days=30), False, True, False),
        (replace(BY_ACCOUNT, in_order=True), False, False, False),
        (replace(BY_ACCOUNT, mode="activity"), False, False, False),
    ],
)
def test_when_a_view_counted_by_account_reads_the_rollup(view, unit, breakdown, steps):
    assert rollups.unit_exact(view) is unit
    assert rollups.unit_breakdown_exact(view, "source") is breakdown
    assert rollups.unit_step_rates_exact(view) is steps
    # funnel_rollup's other readers (the Sources page) keep counting leads only
    assert rollups.exact(view) is (unit and view.count_by == "lead")


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


MONTH_STARTS = [date(2025, m, 1) for m in range(1, 10)]


@st.composite
def account_data(draw):
    """Up to 16 leads in accounts of up to four (or none), created over 2025's first 240 days, at random stages, and
    deals of their leads (or of an account alone); a late lead moves the data's today so some are young."""
    leads, deals = [], []
    pick = st.one_of(st.none(), st.integers(0, 40))
    for i in range(draw(st.integers(0, 16))):
        created = D(2025, 1, 1) + timedelta(days=draw(st.integers(0, 240)), hours=draw(st.integers(0, 23)))
        mql, sql = draw(pick), draw(pick)
        stage = draw(st.sampled_from([None, "mql", "sql", "disqualified"]))
        leads.append(
            (
                f"L{i}",
                draw(st.sampled_from([None, "A", "B", "C", "E"])),
                created,
                draw(st.sampled_from(["ads", "web", "event"])),
                draw(st.sampled_from([None, "p", "q"])),
                draw(st.sampled_from(["SMB", "ENT"])),
                draw(st.sampled_from(["o", "r"])),
                stage,
                None if mql is None else created + timedelta(days=mql),
                None if sql is None else created + timedelta(days=sql),
            )
        )
        if draw(st.booleans()):
            status = draw(st.sampled_from(["open", "won", "lost"]))
            d_created = created + timedelta(days=draw(st.integers(-5, 200)))
            closed = None if status == "open" else d_created + timedelta(days=draw(st.integers(0, 90)))
            account = draw(st.sampled_from([None, "A", "F"]))
            lead = None if account == "F" else f"L{i}"
            source = "outbound" if lead is None else None
            deals.append((f"D{i}", lead, account, "o", d_created, status, closed, 500.0, source))
    last = draw(st.integers(200, 420))
    leads.append(("late", None, D(2025, 1, 1) + timedelta(days=last), "web", "p", "SMB", "o", None, None, None))
    return leads, deals


@st.composite
def account_views(draw):
    start = draw(st.one_of(st.none(), st.sampled_from(MONTH_STARTS)))
    end = draw(st.one_of(st.none(), st.sampled_from(MONTH_STARTS).map(_month_end)))
    if start and end and start > end:
        start, end = end.replace(day=1), _month_end(start)
    return Filters(date_from=start, date_to=end, count_by="account")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=account_data(),
    view=account_views(),
    dimension=st.sampled_from(list(config.DIMENSIONS)),
    chosen=st.sampled_from([(), ("ads",), ("web", "event"), ("p",), ("(none)",), ("o",)]),
)
def test_the_account_rollup_gives_the_scans_numbers(empty_con, data, view, dimension, chosen):
    load_accounts(empty_con, *data)
    assert rollups.unit_step_rates_exact(view)
    assert _step_rates(empty_con, "step_rates_rollup", view) == _step_rates(empty_con, "step_rates", view)
    # one dimension filtered, its values drawn among every dimension's (a value it lacks chooses none)
    filtered = replace(view, **{DIMENSION_FIELD[dimension]: chosen}) if chosen else view
    assert rollups.unit_exact(filtered)
    assert _funnel(empty_con, "funnel_rollup", filtered) == _funnel(empty_con, "funnel", filtered)
    assert metrics.funnel(empty_con, filtered).equals(metrics.funnel_from(empty_con, filtered, use_rollup=False))
    for by in config.DIMENSIONS:
        if rollups.unit_breakdown_exact(filtered, by):
            rolled = queries.run(empty_con, "breakdown_rollup", _breakdown_params(filtered, by))
            scanned = queries.run(empty_con, "breakdown", _breakdown_params(filtered, by))
            assert rolled.astype(str).equals(scanned.astype(str)), by


def _members(con: duckdb.DuckDBPyConnection, name: str, view: Filters, groups: list[tuple[str, str]]) -> list[int]:
    """count_any, count_every of these groups (dimension, value as step_rates names it)."""
    lists = {field: [v for d, v in groups if d == dim] for dim, field in DIMENSION_FIELD.items()}
    row = queries.run(con, name, {**view.to_params(), "none_label": config.NONE_LABEL, **lists}).iloc[0]
    return [int(row["count_any"]), int(row["count_every"])]


def test_the_same_accounts_from_the_stored_combinations_by_hand(empty_con):
    load_accounts(empty_con, ACCOUNT_LEADS, ACCOUNT_DEALS)
    assert rollups.same_members_exact(BY_ACCOUNT)
    # the old accounts: A (ads, p), B (web, p), c1 (web, q). web or p: all three; web and p: B
    cases = [
        ([("source", "web"), ("persona", "p")], [3, 1]),
        ([("source", "web"), ("persona", "q")], [2, 1]),  # B and c1; c1
        ([("source", "ads"), ("persona", "p")], [2, 1]),  # A and B; A (by lead: a1 alone, z1 young)
        ([("source", "web"), ("industry", "(none)")], [3, 2]),
    ]
    for groups, expected in cases:
        assert _members(empty_con, "same_members_rollup", BY_ACCOUNT, groups) == expected, groups
        assert _members(empty_con, "same_members", BY_ACCOUNT, groups) == expected, groups
    assert _members(empty_con, "same_members", replace(BY_ACCOUNT, count_by="lead"), cases[2][0]) == [2, 1]
    # filtered to persona p: A and B
    only_p = replace(BY_ACCOUNT, personas=("p",))
    assert _members(empty_con, "same_members_rollup", only_p, [("source", "web"), ("owner", "o")]) == [2, 1]
    # web and (none) industry hold B and c1 both ways: the same accounts; web and p do not
    segments = frozenset([("source", "web"), ("industry", "(none)")])
    assert not friction._same_members(empty_con, BY_ACCOUNT, segments)
    assert friction._same_members(empty_con, replace(BY_ACCOUNT, sources=("web",)), segments)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (BY_ACCOUNT, True),
        (replace(BY_ACCOUNT, sources=("ads",), personas=("p",), in_order=True), True),
        (replace(BY_ACCOUNT, date_from=date(2025, 1, 1), date_to=date(2025, 2, 28)), True),
        (replace(BY_ACCOUNT, date_to=date(2025, 2, 27)), False),
        (replace(BY_ACCOUNT, window_days=30), False),
        (replace(BY_ACCOUNT, mode="activity"), False),
        (Filters(), False),  # counting leads: the scan
    ],
)
def test_when_the_same_accounts_come_from_the_stored_combinations(view, expected):
    assert rollups.same_members_exact(view) is expected


GROUPS = [("source", "ads"), ("source", "web"), ("persona", "p"), ("persona", "(none)"), ("segment", "ENT")]
GROUPS += [("owner", "r"), ("industry", "(none)")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=account_data(),
    view=account_views(),
    in_order=st.booleans(),
    chosen=st.sampled_from([(), ("ads",), ("web", "event"), ("(none)",)]),
    groups=st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True),
)
def test_the_stored_combinations_give_the_scans_same_accounts(empty_con, data, view, in_order, chosen, groups):
    load_accounts(empty_con, *data)
    filtered = replace(view, in_order=in_order, sources=chosen)
    assert rollups.same_members_exact(filtered)
    assert _members(empty_con, "same_members_rollup", filtered, groups) == _members(
        empty_con, "same_members", filtered, groups
    )
