"""Counting by account: the deals counted are the accounts' in view, not the leads' (probe 21, item 4).

Before, `--count-by account --from 2025-02-01 --to 2025-02-28` counted the February accounts in the funnel but the
deals of the leads created in February: a January account's February deal was in, a February account's lost deal
of a later lead was out. The fixture, with every count below worked out by hand:

account: its leads (created, source, persona), first one first; its deals
- X: x1 01-20 paid_search CFO, x2 02-05 paid_search CFO; DX1 of x2 won 02-20 1000, DP outbound won 02-26 400
- Y: y1 02-10 paid_search CFO, y2 03-05 organic CTO; DY2 of y1 won 02-22 600, DY4 of y1 open (created 02-25) 250,
  DY of y2 lost 03-20 700
- Z: no lead, created with its outbound DO 02-15; DO won 02-25 5000
- lead:n0: n0 01-28 organic CMO; DN0 won 02-03 200
- lead:n1: n1 02-08 organic CMO; DN won 02-18 300
- no account: DG of lead zz (not stored), won 02-11 50

February cohort by account: Y (y1 02-10), Z (DO 02-15), lead:n1 (02-08); X and n0 are January accounts.
February cohort by lead: x2, y1, n1, and the deals without a stored lead by their own creation: DP, DO, DG.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import account_fixture
import pytest
from db_copies import built_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import metrics, sources
from dashboard.filters import Filters

T = datetime

# lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at
LEADS = [
    ("x1", "X", T(2025, 1, 20), "paid_search", "CFO", "SMB", "Ann", None, None),
    ("x2", "X", T(2025, 2, 5), "paid_search", "CFO", "SMB", "Ann", None, None),
    ("y1", "Y", T(2025, 2, 10), "paid_search", "CFO", "SMB", "Bob", None, None),
    ("y2", "Y", T(2025, 3, 5), "organic", "CTO", "SMB", "Bob", None, None),
    ("n0", None, T(2025, 1, 28), "organic", "CMO", "SMB", "Cy", None, None),
    ("n1", None, T(2025, 2, 8), "organic", "CMO", "SMB", "Cy", None, None),
]

# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    ("DX1", "x2", "X", "Ann", T(2025, 2, 10), "won", T(2025, 2, 20), 1000.0, None),
    ("DP", None, "X", "Ann", T(2025, 2, 12), "won", T(2025, 2, 26), 400.0, "outbound"),
    ("DY2", "y1", "Y", "Bob", T(2025, 2, 15), "won", T(2025, 2, 22), 600.0, None),
    ("DY4", "y1", "Y", "Bob", T(2025, 2, 25), "open", None, 250.0, None),
    # the lost deal of a February account whose lead (y2) came in March
    ("DY", "y2", "Y", "Bob", T(2025, 3, 6), "lost", T(2025, 3, 20), 700.0, None),
    ("DO", None, "Z", "Cy", T(2025, 2, 15), "won", T(2025, 2, 25), 5000.0, "outbound"),
    ("DN0", "n0", None, "Cy", T(2025, 1, 29), "won", T(2025, 2, 3), 200.0, None),
    ("DN", "n1", None, "Cy", T(2025, 2, 10), "won", T(2025, 2, 18), 300.0, None),
    # its lead is not stored and it names no account: a deal by lead, no account's
    ("DG", "zz", None, "Cy", T(2025, 2, 10), "won", T(2025, 2, 11), 50.0, None),
]

FEB = Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28))
FEB_ACCOUNTS = replace(FEB, count_by="account")


@pytest.fixture
def con():
    connection, _ = built_copy(f"{__name__} con", _fill)
    yield connection
    connection.close()


def _fill(connection, _folder) -> None:
    account_fixture.load(connection, LEADS, DEALS)
    spend = [date(2025, 2, 1), "paid_search", 1000.0]
    connection.execute("insert into spend (month, source, amount) values (?, ?, ?)", spend)


def outcome(summary: metrics.DealSummary) -> tuple:
    return summary.open, summary.won, summary.lost, summary.win_rate, summary.revenue


def test_the_funnel_counts_the_february_accounts(con):
    # Y, Z and lead:n1; by lead x2, y1, n1
    assert metrics.funnel(con, FEB_ACCOUNTS)["count_leads"].iloc[0] == 3
    assert metrics.funnel(con, FEB)["count_leads"].iloc[0] == 3


def test_deals_of_the_accounts_in_view(con):
    # Y: DY2 won 600, DY4 open, DY lost 700; Z: DO won 5000; n1: DN won 300. not DX1 nor DP (X is January's),
    # not DG (no account): open 1, won 3, lost 1, win rate 3/4, revenue 600 + 5000 + 300 = 5900
    assert outcome(metrics.deal_summary(con, FEB_ACCOUNTS)) == (1, 3, 1, 0.75, 5900.0)


def test_deals_by_lead_are_as_before(con):
    # x2: DX1 1000; y1: DY2 600, DY4 open; n1: DN 300; by their own creation DP 400, DO 5000, DG 50 (DY's lead y2
    # is March's): open 1, won 6, lost 0, win rate 1, revenue 7350
    assert outcome(metrics.deal_summary(con, FEB)) == (1, 6, 0, 1.0, 7350.0)


def test_sources_won_revenue_and_roi_by_account(con):
    table = sources.source_table(con, FEB_ACCOUNTS).set_index("source")
    # a deal keeps its own source: DY2 (y1) paid_search 600, DO outbound 5000, DN (n1) organic 300; DY (y2,
    # organic) is lost. paid_search ROI (600 - 1000) / 1000 = -0.4
    assert table["count_won"].to_dict() == {"paid_search": 1, "outbound": 1, "organic": 1}
    assert table["revenue"].to_dict() == {"paid_search": 600.0, "outbound": 5000.0, "organic": 300.0}
    assert table.loc["paid_search", "roi"] == pytest.approx(-0.4)
    # the accounts counted: Y (y1 paid_search), Z (DO outbound), n1 (organic)
    assert table["count_leads"].to_dict() == {"paid_search": 1, "outbound": 1, "organic": 1}


def test_sources_by_lead_are_as_before(con):
    table = sources.source_table(con, FEB).set_index("source")
    # paid_search DX1 1000 + DY2 600, ROI (1600 - 1000) / 1000 = 0.6; outbound DP 400 + DO 5000; organic DN 300;
    # DG has no source: unknown
    assert table["count_won"].to_dict() == {"outbound": 2, "paid_search": 2, "organic": 1, "unknown": 1}
    assert table["revenue"].to_dict() == {"outbound": 5400.0, "paid_search": 1600.0, "organic": 300.0, "unknown": 50.0}
    assert table.loc["paid_search", "roi"] == pytest.approx(0.6)


def test_a_dimension_filter_picks_accounts_by_their_first_lead(con):
    cfo = FEB_ACCOUNTS.with_values("persona", ["CFO"])
    # February accounts whose first lead is a CFO: Y only (Z has no lead, n1 is a CMO): DY2 won 600, DY4 open,
    # DY lost (its lead y2 is a CTO, its account's first lead a CFO)
    assert outcome(metrics.deal_summary(con, cfo)) == (1, 1, 1, 0.5, 600.0)
    # by lead: CFO leads created in February x2, y1: DX1 1000, DY2 600, DY4 open
    assert outcome(metrics.deal_summary(con, FEB.with_values("persona", ["CFO"]))) == (1, 2, 0, 1.0, 1600.0)


def test_activity_mode_takes_the_accounts_deals_dated_in_the_range(con):
    cfo = replace(FEB_ACCOUNTS, mode="activity").with_values("persona", ["CFO"])
    # accounts whose first lead is a CFO, whenever created: X, Y. closed in February: DX1 1000, DP 400 (X's
    # outbound deal), DY2 600; open and created in February: DY4; DY closed in March: won 3, revenue 2000
    assert outcome(metrics.deal_summary(con, cfo)) == (1, 3, 0, 1.0, 2000.0)
    # by lead the deal's own lead must be a CFO: DX1, DY2, DY4 (DP has no lead): won 2, revenue 1600
    lead_cfo = replace(FEB, mode="activity").with_values("persona", ["CFO"])
    assert outcome(metrics.deal_summary(con, lead_cfo)) == (1, 2, 0, 1.0, 1600.0)


def test_sourced_pipeline_and_revenue_by_account(con):
    totals = sources.sourced_totals(con, FEB_ACCOUNTS)
    # pipeline: every deal of Y, Z, n1 (created in their accounts' cohort). marketing DY 700 + DY2 600 + DY4 250 +
    # DN 300 = 1850; sales (outbound) DO 5000. revenue: won in scope DY2 600 + DN 300 = 900; DO 5000
    assert totals["pipeline_marketing"] == 1850.0
    assert totals["pipeline_sales"] == 5000.0
    assert totals["revenue_marketing"] == 900.0
    assert totals["revenue_sales"] == 5000.0


# --- property: by account in cohort mode, the deals counted are exactly the deals of the accounts counted ----------

BASE = datetime(2025, 1, 1)


@st.composite
def account_data(draw):
    leads, deals = [], []
    for i in range(draw(st.integers(0, 12))):
        created = BASE + timedelta(days=draw(st.integers(0, 90)))
        account = draw(st.sampled_from([None, "A0", "A1", "A2"]))
        persona = draw(st.sampled_from(["p", "q"]))
        leads.append((f"L{i}", account, created, "s", persona, "SMB", "o", None, None))
        for j in range(draw(st.integers(0, 2))):
            deals.append(_deal(draw, f"D{i}_{j}", f"L{i}", draw(st.sampled_from([None, account])), created))
    for k in range(draw(st.integers(0, 3))):
        # without a stored lead: outbound of an account (with leads or not), or of no account
        account = draw(st.sampled_from([None, "A0", "A3"]))
        deals.append(_deal(draw, f"O{k}", draw(st.sampled_from([None, "ghost"])), account, BASE))
    return leads, deals


def _deal(draw, deal_id, lead_id, account, after):
    status = draw(st.sampled_from(["open", "won", "lost"]))
    created = after + timedelta(days=draw(st.integers(0, 60)))
    closed = None if status == "open" else created + timedelta(days=draw(st.integers(0, 60)))
    return (deal_id, lead_id, account, "o", created, status, closed, 100.0, "outbound")


def account_of(deal: tuple, lead_accounts: dict[str, str]) -> str | None:
    """The account a deal counts for, as the README says it: the one it names, else its stored lead's."""
    return deal[2] or lead_accounts.get(deal[1])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=account_data(),
    start=st.dates(date(2025, 1, 1), date(2025, 3, 31)),
    days=st.integers(0, 60),
    persona=st.sampled_from([(), ("p",)]),
)
def test_account_deals_are_the_deals_of_the_accounts_at_the_top(empty_con, data, start, days, persona):
    account_fixture.load(empty_con, *data)
    leads, deals = data
    lead_accounts = {lead[0]: lead[1] or f"lead:{lead[0]}" for lead in leads}
    view = Filters(date_from=start, date_to=start + timedelta(days=days), count_by="account", personas=persona)
    params = {"view": view.to_params()["view"]}
    counted = {
        row[0]
        for row in empty_con.execute("select account_id from funnel_hits($view) where hit_lead", params).fetchall()
    }
    in_scope = {row[0] for row in empty_con.execute("select deal_id from deals_in_scope($view)", params).fetchall()}
    assert in_scope == {deal[0] for deal in deals if account_of(deal, lead_accounts) in counted}
    assert metrics.deal_summary(empty_con, view).won == sum(
        1 for deal in deals if deal[0] in in_scope and deal[5] == "won"
    )
