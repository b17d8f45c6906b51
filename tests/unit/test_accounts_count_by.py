"""Counting by account (issue 17): every number of tests/account_fixture.py counted by hand, and properties.

The fixture, counted by hand (as_of 2025-03-25, the lost D4's close):

| account | first lead (created, source, persona) | reached (entry)                                          |
|---------|---------------------------------------|----------------------------------------------------------|
| A1      | a1 01-05 paid_search CFO               | mql 01-12 (a2), sql 01-15, opp 01-20 (D1), cust 02-10    |
| A2      | b2 01-15 organic_search CFO            | mql 01-18 (b2), sql 01-25 (b1), opp 02-01 (D2 open)      |
| A3      | c1 02-10 paid_search CTO               | mql 02-15 (c2), sql/opp 03-01 (outbound D3), cust 03-20  |
| A4      | none: D4 03-05 outbound                | mql/sql/opp 03-05 (outbound D4, lost)                     |
| lead:n1 | n1 01-25 email CFO                     | mql 01-26                                                |
| lead:n2 | n2 03-01 organic_search CMO            | mql/sql/opp 03-10 (D5), cust 03-15                       |

By lead: 9 leads; MQL a2 a3 b1 b2 c2 n1 n2 = 7; SQL a2 b1 n2 = 3; opportunity a2 b1 n2 = 3; customer a2 n2 = 2.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import account_fixture
import pytest
from db_copies import built_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import accounts, cli, config, friction, metrics, sources
from dashboard.filters import FilterOptions, Filters

ACCOUNT = Filters(count_by="account")
JAN = {"date_from": date(2025, 1, 1), "date_to": date(2025, 1, 31)}
FEB = {"date_from": date(2025, 2, 1), "date_to": date(2025, 2, 28)}


@pytest.fixture
def acon():
    con, _ = built_copy(f"{__name__} acon", lambda db, _folder: account_fixture.load(db))
    yield con
    con.close()


def counts(con, filters: Filters) -> list[int]:
    return metrics.funnel(con, filters)["count_leads"].tolist()


def test_lead_funnel_of_the_fixture(acon):
    assert counts(acon, Filters()) == [9, 7, 3, 3, 2]


def test_account_funnel_counts_each_account_once(acon):
    # 6 accounts: A1, A2, A3, A4 and the two leads without an account; A4 and A3 reach SQL and opportunity
    # through their outbound deals; customers A1, A3 (outbound win) and n2
    assert counts(acon, ACCOUNT) == [6, 6, 5, 5, 3]


def test_conversion_window_is_measured_from_the_first_lead(acon):
    # 30 days: A1 won 36 days after a1 was created and A3 38 days after c1; n2 won after 14 days
    assert counts(acon, Filters(count_by="account", window_days=30)) == [6, 6, 5, 5, 1]


def test_cohort_is_the_first_leads_creation(acon):
    # January: A1 (a1 01-05), A2 (b2 01-15), n1 (01-25); A3 starts in February, A4 and n2 in March
    assert counts(acon, Filters(count_by="account", **JAN)) == [3, 3, 2, 2, 1]
    # a3 (created 02-01) belongs to A1, a January account: not a new account in February
    assert counts(acon, Filters(count_by="account", **FEB)) == [1, 1, 1, 1, 1]


def test_activity_counts_each_accounts_first_entry(acon):
    # February entries: A3 created 02-10, its first MQL 02-15; no first SQL; A2's opportunity 02-01; A1 won 02-10
    # (a3's creation and MQL in February are not A1's first)
    assert counts(acon, Filters(count_by="account", mode="activity", **FEB)) == [1, 1, 0, 1, 1]
    assert counts(acon, Filters(mode="activity", **FEB)) == [3, 2, 0, 1, 1]


def test_dimension_filters_match_the_first_lead(acon):
    # CFO first leads: A1 (a1), A2 (b2), n1
    assert counts(acon, Filters(count_by="account", personas=("CFO",))) == [3, 3, 2, 2, 1]
    # email: only n1; a2 and b1 are email leads of accounts that came first from paid and organic search
    assert counts(acon, Filters(count_by="account", sources=("email",))) == [1, 1, 0, 0, 0]


def test_breakdown_by_first_touch_source_adds_up(acon):
    parts = metrics.breakdown(acon, ACCOUNT, "source")
    table = metrics.breakdown_table(parts)
    assert table.loc["paid_search"].tolist() == [2, 2, 2, 2, 2]  # A1, A3
    assert table.loc["organic_search"].tolist() == [2, 2, 2, 2, 1]  # A2, n2
    assert table.loc["outbound"].tolist() == [1, 1, 1, 1, 0]  # A4
    assert table.loc["email"].tolist() == [1, 1, 0, 0, 0]  # n1
    ok, sentence = metrics.reconcile(parts, metrics.funnel(acon, ACCOUNT), "accounts")
    assert ok
    assert sentence == "The 4 parts add up to the total at every stage: 6 accounts, 3 customers."


def test_monthly_cohorts_by_account(acon):
    table = metrics.cohorts(acon, ACCOUNT).set_index("cohort_month")
    columns = ["count_leads", "count_mqls", "count_sqls", "count_opportunities", "count_customers"]
    assert table.loc["2025-01-01", columns].tolist() == [3, 3, 2, 2, 1]  # A1, A2, n1
    assert table.loc["2025-02-01", columns].tolist() == [1, 1, 1, 1, 1]  # A3
    assert table.loc["2025-03-01", columns].tolist() == [2, 2, 2, 2, 1]  # A4, n2


def test_time_to_convert_from_the_accounts_own_dates(acon):
    ttc = metrics.time_to_convert(acon, ACCOUNT).set_index("from_stage")
    # lead→MQL: A1 7 days (a1 01-05 → a2 01-12), A2 3, A3 5, n1 1; A4 and n2 have no MQL date of their own
    assert ttc.loc["lead", "count_converted"] == 4
    assert ttc.loc["lead", "median_days"] == pytest.approx(4.0)
    assert ttc.loc["lead", "p90_days"] == pytest.approx(6.4)  # 5 + 0.7 × (7 − 5)
    # MQL→SQL: A1 3 (01-12 → 01-15), A2 7 (01-18 → 01-25); SQL→opportunity: A1 5, A2 7
    assert (ttc.loc["mql", "count_converted"], ttc.loc["mql", "median_days"]) == (2, pytest.approx(5.0))
    assert (ttc.loc["sql", "count_converted"], ttc.loc["sql", "median_days"]) == (2, pytest.approx(6.0))
    # opportunity→customer: A1 21 (01-20 → 02-10), A3 19 (03-01 → 03-20), n2 5 (03-10 → 03-15)
    assert (ttc.loc["opportunity", "count_converted"], ttc.loc["opportunity", "median_days"]) == (
        3,
        pytest.approx(19.0),
    )


def test_drilldown_lists_accounts(acon):
    rows = metrics.drilldown(acon, ACCOUNT, "customer")
    assert rows["account_id"].tolist() == ["lead:n2", "A3", "A1"]  # newest first
    assert rows["first_lead_id"].tolist() == ["n2", "c1", "a1"]
    assert "lead_id" not in rows and "lifecycle_stage" not in rows
    assert len(rows) == metrics.drilldown_size(metrics.funnel(acon, ACCOUNT), "customer")
    # by lead the list is unchanged: leads, no account column
    assert "account_id" not in metrics.drilldown(acon, Filters(), "customer")


def test_stalled_accounts(acon):
    # open at their furthest stage on 03-25: A2 an opportunity with D2 open since 02-01 (52 days, under 60),
    # n1 an MQL since 01-26 (58 days, over 14); A1, A3 and n2 are customers, A4's only deal is lost
    table = metrics.stalled(acon, ACCOUNT).set_index("stage")
    assert table["count_in_stage"].tolist() == [0, 1, 0, 1]
    assert table["count_stalled"].tolist() == [0, 1, 0, 0]
    listed = friction.stalled_leads(acon, ACCOUNT, None)
    assert listed["account_id"].tolist() == ["lead:n1"]


def test_sources_count_accounts_and_keep_deals(acon):
    by_account = sources.source_table(acon, ACCOUNT).set_index("source")
    assert by_account["count_leads"].to_dict() == {"paid_search": 2, "organic_search": 2, "outbound": 1, "email": 1}
    by_lead = sources.source_table(acon, Filters()).set_index("source")
    # won deals are deals either way, by lead credited to their own lead's source: D1 (a2, email), D3 (outbound),
    # D5 (n2, organic_search); by account to their account's (its first lead's, trial 42): D1 A1's a1 paid_search,
    # D3 A3's c1 paid_search, D5 n2 organic_search
    won = {"email": 1, "outbound": 1, "organic_search": 1, "paid_search": 0}
    assert by_account["count_won"].to_dict() == {"email": 0, "outbound": 0, "organic_search": 1, "paid_search": 2}
    assert by_lead["count_won"].to_dict() == won | {"webinar": 0}  # a3, by lead its own row


def test_lead_only_sections_ignore_the_switch(acon):
    assert friction.volume(acon, ACCOUNT) == friction.volume(acon, Filters())
    # probe 93: the reconciliation counts accounts by account (before, the leads' counts and a fixed note that a
    # customer is an account with a won deal, untrue under a window): A1, A3 and n2's account won D1, D3, D5, one each,
    # and are the funnel's 3 customer accounts, so nothing differs to explain
    both = metrics.customers_and_wins(acon, ACCOUNT)
    assert (both.customers, both.won, both.won_accounts, both.repeat_wins) == (3, 3, 3, 0)
    assert both.sentence(ACCOUNT) == ""


def test_the_accounts_page_counts_the_outbound_only_account_as_the_funnel_does(acon):
    # window 0: nobody young. A4 has only the outbound D4 (lost): in the view by D4's date and source, with no
    # one engaged. engaged: A1 a1 a2 (a3 after D1), A2 b2 b1, A3 c1 c2 (before the outbound D3), n1, n2
    view = replace(ACCOUNT, window_days=0)
    cover = accounts.coverage(accounts.depth_groups(acon, view))
    assert (cover.accounts, cover.judged, cover.young, cover.sales_first, cover.outbound_only) == (6, 5, 0, 0, 1)
    assert cover.accounts == counts(acon, view)[0] == 6
    assert "accounts with only an outbound deal (no lead), so no one engaged: 1" in cover.sentence()
    rows = accounts.account_list(acon, view).set_index("account_key")
    # revenue first (A3 2,000, A1 1,000, n2 300), then engaged people (A2 2, n1 1, A4 0)
    assert rows.index.tolist() == ["A3", "A1", "lead:n2", "A2", "lead:n1", "A4"]
    a4 = rows.loc["A4", ["count_leads", "count_engaged", "furthest_stage", "owner"]].tolist()
    assert a4 == [0, 0, "opportunity", "Cy"]
    # by their first lead's (A4: its deal's) source and date, as the funnel picks them
    outbound = view.with_values("source", ["outbound"])
    assert accounts.coverage(accounts.depth_groups(acon, outbound)).accounts == counts(acon, outbound)[0] == 1
    january = replace(view, **JAN)
    assert accounts.coverage(accounts.depth_groups(acon, january)).accounts == counts(acon, january)[0] == 3


def test_friction_sentences_name_accounts():
    row = {"stage": "MQL→SQL", "from_stage": "mql", "to_stage": "sql", "rate": 0.1, "baseline": 0.3, "kind": "rest"}
    row |= {"segment": "source x", "count_from": 120, "value_at_stake": 0.0}
    assert "(-20.0 points, 120 MQL accounts)" in friction._sentence(row, False, metrics.stage_plurals(ACCOUNT))
    assert "(-20.0 points, 120 MQLs)" in friction._sentence(row, False, metrics.stage_plurals(Filters()))


def test_cli_counts_by_account(acon, capsys, tmp_path):
    path = str(tmp_path / "accounts.duckdb")
    account_fixture.fixture_db(path)
    assert cli.main(["metrics", "--db", path, "--count-by", "account"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["count_by"] == "account"
    assert [r["count"] for r in doc["funnel"]] == [6, 6, 5, 5, 3]
    assert doc["filters"].endswith("by account")
    assert cli.main(["metrics", "--db", path]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["count_by"] == "lead"
    assert [r["count"] for r in doc["funnel"]] == [9, 7, 3, 3, 2]


def test_filters_carry_count_by_in_the_url_and_the_caption():
    assert ACCOUNT.to_query() == {"count_by": "account"}
    assert Filters().to_query() == {}
    assert ACCOUNT.to_params()["view"]["count_by"] == "account"
    assert ACCOUNT.caption() == "All dates · cohort mode (180-day window) · by account"
    assert Filters().caption() == "All dates · cohort mode (180-day window)"
    back, notices = Filters.from_query({"count_by": ["account"]}, FilterOptions())
    assert back == ACCOUNT and notices == []
    wrong, notices = Filters.from_query({"count_by": ["company"]}, FilterOptions())
    assert wrong.count_by == "lead"
    assert notices == ["Ignored 'count_by=company' from the link: use one of lead, account."]
    with pytest.raises(ValueError, match="count_by"):
        Filters(count_by="company")


# --- properties over random accounts --------------------------------------------------------------------------

BASE = datetime(2025, 1, 1)
SOURCES = ["a", "b", "c"]
offset = st.one_of(st.none(), st.integers(min_value=-10, max_value=150))


@st.composite
def account_data(draw, outbound: bool = True):
    leads, deals = [], []
    for i in range(draw(st.integers(0, 20))):
        created = BASE + timedelta(days=draw(st.integers(0, 120)))
        mql, sql = draw(offset), draw(offset)
        account = draw(st.sampled_from([None, "A0", "A1", "A2", "A3"]))
        leads.append(
            (
                f"L{i}",
                account,
                created,
                draw(st.sampled_from(SOURCES)),
                draw(st.sampled_from(["p", "q"])),
                "SMB",
                "o",
                None if mql is None else created + timedelta(days=mql),
                None if sql is None else created + timedelta(days=sql),
            )
        )
        for j in range(draw(st.integers(0, 2))):
            deals.append(_deal(draw, f"D{i}_{j}", f"L{i}", account, created))
    for k in range(draw(st.integers(0, 3)) if outbound else 0):
        # outbound: no lead, an account that may or may not have leads
        account = draw(st.sampled_from(["A0", "A4", "A5"]))
        deals.append(_deal(draw, f"O{k}", None, account, BASE + timedelta(days=draw(st.integers(0, 120)))))
    return leads, deals


def _deal(draw, deal_id, lead_id, account, after):
    status = draw(st.sampled_from(["open", "won", "lost"]))
    created = after + timedelta(days=draw(st.integers(-5, 60)))
    closed = None if status == "open" else created + timedelta(days=draw(st.integers(0, 90)))
    return (deal_id, lead_id, account, "o", created, status, closed, float(draw(st.integers(0, 10_000))), "outbound")


@st.composite
def account_views(draw):
    start = draw(st.one_of(st.none(), st.dates(date(2024, 12, 1), date(2025, 6, 1))))
    end = draw(st.one_of(st.none(), st.dates(date(2024, 12, 1), date(2025, 8, 1))))
    if start and end and start > end:
        start, end = end, start
    return Filters(
        date_from=start,
        date_to=end,
        in_order=draw(st.booleans()),
        mode=draw(st.sampled_from(config.MODES)),
        window_days=draw(st.sampled_from([0, 30, 180])),
        count_by="account",
    )


# empty_con is one database for all examples of a test: each example loads its own rows first
PROPS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(data=account_data(outbound=False), mode=st.sampled_from(config.MODES), window=st.sampled_from([0, 30, 180]))
def test_accounts_never_outnumber_leads_at_any_stage(empty_con, data, mode, window):
    # over all dates and without dimension filters or stage order: an account counts at a stage only through a
    # lead that does (its earliest entry is a lead's, no further from that lead's creation than from the first's)
    account_fixture.load(empty_con, *data)
    by_lead = Filters(mode=mode, window_days=window)
    by_account = replace(by_lead, count_by="account")
    assert all(a <= b for a, b in zip(counts(empty_con, by_account), counts(empty_con, by_lead), strict=True))


@PROPS
@given(data=account_data(), view=account_views())
def test_account_funnel_never_increases_in_cohort_mode(empty_con, data, view):
    account_fixture.load(empty_con, *data)
    found = counts(empty_con, replace(view, mode="cohort"))
    assert all(a >= b for a, b in itertools.pairwise(found))


@PROPS
@given(data=account_data(), view=account_views())
def test_account_breakdown_parts_add_up_to_the_total(empty_con, data, view):
    account_fixture.load(empty_con, *data)
    parts = metrics.breakdown(empty_con, view, "source", top_n=1)
    assert metrics.reconcile(parts, metrics.funnel(empty_con, view))[0]


@PROPS
@given(data=account_data())
def test_every_account_counts_once_at_the_top(empty_con, data):
    account_fixture.load(empty_con, *data)
    leads, deals = data
    lead_ids = {row[0] for row in leads}
    keys = {row[1] or f"lead:{row[0]}" for row in leads}
    keys |= {d[2] for d in deals if d[1] not in lead_ids and d[2] is not None}
    assert counts(empty_con, Filters(count_by="account", window_days=0))[0] == len(keys)
