"""Buying groups on the hand-counted fixture of tests/accounts_fixture.py (its table has every account's people,
deals, engaged count and persona mix), and properties over random accounts."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pandas as pd
import pytest
from accounts_fixture import load
from db_copies import built_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import accounts, charts
from dashboard.filters import Filters

# window 0: every account is judged, whatever its age
ALL = Filters(window_days=0)


@pytest.fixture
def acc_con():
    con, _ = built_copy(f"{__name__} acc_con", lambda db, _folder: load(db))
    yield con
    con.close()


def counts(table: pd.DataFrame, key: str) -> dict[str, tuple[int, int, int]]:
    return {
        row[key]: (row["count_accounts"], row["count_opportunities"], row["count_customers"])
        for _, row in table.iterrows()
    }


def test_conversion_by_number_of_engaged_people(acc_con):
    depth = accounts.by_depth(accounts.depth_groups(acc_con, ALL))
    # 1: A1 (won) and lead:L9 (an MQL); 2: A2 (lost deal) and A3 (won; c3 came after its deal, so 2 of 3);
    # 3–4: none; 5+: A5 (won through a deal without a lead). AX engaged nobody before its deal: not here.
    assert counts(depth, "bucket") == {"1": (2, 1, 1), "2": (2, 2, 1), "3–4": (0, 0, 0), "5+": (1, 1, 1)}
    rates = depth.set_index("bucket")
    assert rates.loc["1", "to_opportunity"] == 0.5 and rates.loc["2", "to_opportunity"] == 1.0
    assert rates.loc["2", "to_customer"] == 0.5 and rates.loc["5+", "to_customer"] == 1.0
    # an empty bucket has no rate and no interval (not "0.0 % – 100.0 %" beside nobody)
    assert pd.isna(rates.loc["3–4", "to_opportunity"])
    assert pd.isna(rates.loc["3–4", "to_opportunity_low"]) and pd.isna(rates.loc["3–4", "to_opportunity_high"])
    # Wilson 95 % for 1 of 2: centre (0.5 + 0.9604) / 1.9208 = 0.76, half 1.96 · √(0.125 + 0.2401) / 1.9208
    assert rates.loc["1", "to_opportunity_low"] == pytest.approx(0.0945, abs=1e-4)
    assert rates.loc["1", "to_opportunity_high"] == pytest.approx(0.9055, abs=1e-4)


def test_conversion_by_persona_mix_keeps_the_rest_as_other(acc_con):
    groups = accounts.depth_groups(acc_con, ALL)
    mixes = accounts.by_mix(groups)
    # e5 has no persona: A5's mix is its other people's; c3 (after the deal) is not in A3's mix
    assert counts(mixes, "persona_mix") == {
        "CFO": (2, 1, 1),
        "CFO + CMO": (1, 1, 1),
        "CFO + CMO + IT Director": (1, 1, 1),
        "CFO + IT Director": (1, 1, 0),
    }
    assert mixes["persona_mix"].tolist()[0] == "CFO"  # most accounts first, then by name
    top = accounts.by_mix(groups, top_n=2)
    # the rest is named with what it holds: the 2 mixes CFO + CMO + IT Director and CFO + IT Director
    assert counts(top, "persona_mix") == {
        "CFO": (2, 1, 1),
        "CFO + CMO": (1, 1, 1),
        "Other persona mixes (2)": (2, 2, 1),
    }


def test_coverage_names_what_is_left_out(acc_con):
    cover = accounts.coverage(accounts.depth_groups(acc_con, ALL))
    assert (cover.accounts, cover.judged, cover.young, cover.sales_first, cover.lone_leads) == (6, 5, 0, 1, 1)
    assert cover.sentence() == (
        "5 of 6 accounts in the view are compared here: 1 had an opportunity before any of their people was a "
        "lead. Leads without an account id, each an account of its own: 1."
    )


def test_the_conversion_window_counts_conversions_and_leaves_young_accounts_out(acc_con):
    # 30 days from the first lead: A1's deal (day 9) counts, its win (day 31) does not; A3's deal on day 27 does,
    # its win (day 64) not; A5's deal on day 31 does not. The data's today is 2025-04-01 (A5's win): none is young.
    depth = accounts.by_depth(accounts.depth_groups(acc_con, Filters(window_days=30)))
    assert counts(depth, "bucket") == {"1": (2, 1, 0), "2": (2, 2, 0), "3–4": (0, 0, 0), "5+": (1, 0, 0)}
    # 90 days: only A1, created on 2025-01-01 at midnight, is 90 days older than 2025-04-01; AX is sales-first
    cover = accounts.coverage(accounts.depth_groups(acc_con, Filters(window_days=90)))
    assert (cover.judged, cover.young, cover.sales_first) == (1, 4, 1)


def test_filters_pick_accounts_by_their_first_lead(acc_con):
    # email: A2 (b1 is its first lead; b2 is paid_search) and lead:L9
    email = accounts.depth_groups(acc_con, Filters(window_days=0, sources=("email",)))
    assert counts(accounts.by_depth(email), "bucket") == {
        "1": (1, 0, 0),
        "2": (1, 1, 0),
        "3–4": (0, 0, 0),
        "5+": (0, 0, 0),
    }
    # created from 2025-01-06: A5 (01-10), L9 (01-20) and AX (01-08); A3's first lead is 01-05, so A3 is out
    later = Filters(window_days=0, date_from=datetime(2025, 1, 6).date())
    assert accounts.account_list(acc_con, later)["account_key"].tolist() == ["A5", "lead:L9", "AX"]


def test_the_account_list(acc_con):
    rows = accounts.account_list(acc_con, ALL)
    # biggest won revenue first, then most people engaged
    assert rows["account_key"].tolist() == ["A5", "A3", "A1", "A2", "lead:L9", "AX"]
    a = rows.set_index("account_key")
    assert a.loc["A3", ["count_engaged", "count_leads", "persona_mix"]].tolist() == [2, 3, "CFO + CMO"]
    assert a.loc["A5", "revenue"] == 9000.0 and a.loc["A2", "revenue"] == 0.0
    stages = a["furthest_stage"].to_dict()
    assert stages == {
        "A5": "customer",
        "A3": "customer",
        "A1": "customer",
        "A2": "opportunity",
        "lead:L9": "mql",
        "AX": "opportunity",
    }
    # the owner of the latest deal; the first lead's without a deal
    assert a.loc["A2", "owner"] == "Dee" and a.loc["lead:L9", "owner"] == "Bob"
    # no accounts imported: ids only
    assert pd.isna(a.loc["lead:L9", "account_id"]) and "name" not in rows.columns
    assert a.loc["AX", "persona_mix"] == "(none)"


def test_the_list_of_one_depth_bucket_and_its_size(acc_con):
    groups = accounts.depth_groups(acc_con, ALL)
    assert accounts.account_list(acc_con, ALL, "2")["account_key"].tolist() == ["A3", "A2"]
    assert accounts.account_list(acc_con, ALL, "5+")["account_key"].tolist() == ["A5"]
    assert accounts.account_list(acc_con, ALL, "3–4").empty
    sizes = {b: accounts.list_size(groups, b) for b in ("all", "1", "2", "3–4", "5+")}
    assert sizes == {"all": 6, "1": 2, "2": 2, "3–4": 0, "5+": 1}
    # pages of two: the third holds the last two
    assert accounts.account_list(acc_con, ALL, page=2, page_size=2)["account_key"].tolist() == ["lead:L9", "AX"]
    with pytest.raises(ValueError, match="depth bucket must be one of"):
        accounts.account_list(acc_con, ALL, "7")


def test_names_and_owners_come_from_an_accounts_table_when_there_is_one(acc_con):
    # the accounts table is always there, empty until an accounts file is imported
    acc_con.execute(
        "insert into accounts (account_id, name, owner) values ('A1', '=Acme', 'Zoe'), ('A2', 'Beta', null)"
    )
    rows = accounts.account_list(acc_con, ALL).set_index("account_key")
    assert rows.loc["A1", "name"] == "=Acme" and rows.loc["A2", "name"] == "Beta"
    assert pd.isna(rows.loc["A3", "name"])
    # the accounts table's owner wins; without one there, the deal's
    assert rows.loc["A1", "owner"] == "Zoe" and rows.loc["A2", "owner"] == "Dee"
    # the download: every account, a name a spreadsheet would run as a formula neutralised
    csv = pd.read_csv(io.BytesIO(accounts.account_list_csv(acc_con, ALL)))
    assert len(csv) == 6
    assert csv.set_index("account_key").loc["A1", "name"] == "'=Acme"


BASE = datetime(2025, 1, 1)


@st.composite
def account_sets(draw):
    leads, deals = [], []
    for a in range(draw(st.integers(0, 8))):
        account = draw(st.one_of(st.none(), st.just(f"A{a}")))
        for i in range(draw(st.integers(1, 6))):
            created = BASE + timedelta(days=draw(st.integers(0, 90)))
            persona = draw(st.sampled_from([None, "CFO", "CMO", "IT"]))
            stage = draw(st.sampled_from([None, "mql", "opportunity", "customer"]))
            leads.append((f"L{a}_{i}", account, created, "s", persona, "o", stage))
            if draw(st.booleans()):
                status = draw(st.sampled_from(["open", "won", "lost"]))
                d_created = created + timedelta(days=draw(st.integers(-10, 60)))
                closed = None if status == "open" else d_created + timedelta(days=draw(st.integers(0, 60)))
                lead_id = draw(st.one_of(st.none(), st.just(f"L{a}_{i}"))) if account else f"L{a}_{i}"
                deals.append((f"D{a}_{i}", lead_id, account, "o", d_created, status, closed, 100.0, None))
    return leads, deals


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=account_sets(), window=st.sampled_from([0, 30]))
def test_buckets_add_up_and_conversion_stays_within_one(empty_con, data, window):
    load(empty_con, *data)
    view = Filters(window_days=window)
    groups = accounts.depth_groups(empty_con, view)
    cover = accounts.coverage(groups)
    depth, mixes = accounts.by_depth(groups), accounts.by_mix(groups, top_n=2)
    # the buckets, and the persona mixes, are parts of the accounts judged
    assert depth["count_accounts"].sum() == cover.judged == mixes["count_accounts"].sum()
    assert cover.judged + cover.young + cover.sales_first + cover.outbound_only == cover.accounts
    assert cover.accounts == accounts.list_size(groups) == len(accounts.account_list(empty_con, view, page_size=None))
    assert sum(accounts.list_size(groups, b) for b in accounts.BUCKETS) == cover.judged + cover.young
    for table in (depth, mixes):
        assert (table["count_customers"] <= table["count_opportunities"]).all()
        assert (table["count_opportunities"] <= table["count_accounts"]).all()
        rates = table[["to_opportunity", "to_customer"]].stack().dropna()
        assert ((rates >= 0) & (rates <= 1)).all()
    # every account counts once: the accounts of leads with an account id, and each lead without one
    leads = data[0]
    assert cover.accounts == len({lead[1] or f"lead:{lead[0]}" for lead in leads})


def test_the_chart_keeps_every_bucket_and_says_which_have_no_account(acc_con):
    depth = accounts.by_depth(accounts.depth_groups(acc_con, ALL))
    fig = charts.account_conversion(depth, "bucket", "People engaged")
    # "1" and "2" must not turn the axis into numbers, which would drop "3–4" and "5+"
    assert fig.layout.xaxis.type == "category"
    opportunity, customer = fig.data
    assert list(opportunity.x) == ["1", "2", "3–4", "5+"]
    assert list(opportunity.y) == [0.5, 1.0, 0.0, 1.0] and list(customer.y) == [0.5, 0.5, 0.0, 1.0]
    # the empty bucket: a flat bar that says so, without the meaningless 0–100 % interval
    assert list(opportunity.text) == ["", "", "no account", ""]
    assert opportunity.error_y.array[2] == 0 and opportunity.error_y.arrayminus[2] == 0


def test_a_mix_names_the_62_most_common_personas_and_the_rest_as_other_personas(empty_con):
    # account BIG has 64 people, personas P00 … P63; a lone lead more of each of P00 … P61 makes those the
    # 62 most common, so P62 and P63 share the last bit
    day = datetime(2025, 1, 1)
    big = [(f"b{i}", "BIG", day, "s", f"P{i:02d}", "o", None) for i in range(64)]
    lone = [(f"x{i}", None, day, "s", f"P{i:02d}", "o", None) for i in range(63)]
    load(empty_con, big + lone, [])
    rows = accounts.account_list(empty_con, ALL, page_size=None).set_index("account_key")
    assert rows.loc["BIG", "persona_mix"] == " + ".join([f"P{i:02d}" for i in range(62)] + ["other personas"])
    assert rows.loc["lead:x0", "persona_mix"] == "P00"
    assert rows.loc["lead:x62", "persona_mix"] == "other personas"


def test_the_page_says_how_it_reads_the_sidebar():
    assert "(listed by its lead id: “No company (lead L123)”)" in accounts.describe(ALL)
    assert "within 30 days of the first lead" in accounts.describe(Filters(window_days=30))
    assert "followed as cohorts in either counting mode" in accounts.describe(Filters(mode="activity"))
    assert "stage-order rule does not apply" in accounts.describe(Filters(in_order=True))
    assert "stage-order rule" not in accounts.describe(ALL)
