"""The demo generator: deterministic for a seed, and shaped like a real company."""

from __future__ import annotations

from datetime import datetime

from dashboard import accounts, demo, metrics, store
from dashboard.filters import Filters

END = datetime(2026, 11, 1)


def fingerprint(con, tables: tuple[str, ...] = ("leads", "deals", "spend", "targets")) -> tuple:
    return tuple(
        store.scalar(con, f"select count(*)::varchar || ':' || sum(hash(r))::varchar from {t} as r") for t in tables
    )


def test_same_seed_same_rows_other_seed_other_rows():
    a, b, c = (store.connect(":memory:") for _ in range(3))
    demo.generate(a, leads=3000, seed=7, end_at=END)
    demo.generate(b, leads=3000, seed=7, end_at=END)
    demo.generate(c, leads=3000, seed=8, end_at=END)
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(c)


def test_demo_has_what_every_page_needs():
    con = store.connect(":memory:")
    demo.generate(con, leads=20_000, seed=42, end_at=END)
    assert store.is_demo(con)
    assert store.table_counts(con)["leads"] == 20_000
    span = store.scalar(con, "select date_diff('day', min(created_at), max(created_at)) from leads")
    assert 1000 < span <= 1095
    assert store.scalar(con, "select count(distinct source) from leads") >= 7
    assert store.scalar(con, "select count(distinct persona) from leads") == 4
    assert store.scalar(con, "select count(distinct segment) from leads") == 3
    assert store.scalar(con, "select count(distinct owner) from leads") == 20
    reasons = {r[0] for r in con.execute("select distinct disqualify_reason from leads").fetchall()}
    assert {"no_budget", "not_decision_maker", "too_early", "poor_fit", "no_response"} <= reasons
    statuses = {r[0] for r in con.execute("select distinct status from deals").fetchall()}
    assert statuses == {"open", "won", "lost"}
    assert store.scalar(con, "select count(*) from deals where lead_id is null") > 0
    assert store.scalar(con, "select count(*) from deals where churned_at is not null") > 0
    assert store.scalar(con, "select count(distinct metric) from targets") == 5
    # sources differ in cost: no spend for direct, some for the rest
    assert store.scalar(con, "select count(*) from spend where source = 'direct'") == 0
    assert store.scalar(con, "select count(distinct source) from spend") >= 7
    # nothing happens after the demo's "today"
    assert (
        store.scalar(
            con, "select max(greatest(created_at, mql_at, sql_at, first_contact_at, disqualified_at)) from leads"
        )
        <= END
    )
    # realistic rates: lead->MQL 20-50 %, MQL->SQL 30-70 %, win rate 15-40 %
    f = metrics.funnel(con, Filters()).set_index("stage")["pct_of_previous"]
    assert 0.2 < f["mql"] < 0.5 and 0.3 < f["sql"] < 0.7
    assert 0.15 < metrics.deal_summary(con, Filters()).win_rate < 0.4
    # some SQLs wait past the 60-minute SLA, some are never contacted
    late = store.scalar(con, "select count(*) from leads where first_contact_at > sql_at + interval 60 minute")
    never = store.scalar(con, "select count(*) from leads where sql_at is not null and first_contact_at is null")
    assert late > 0 and never > 0


def test_seasonality_summer_dip():
    con = store.connect(":memory:")
    demo.generate(con, leads=30_000, seed=1, end_at=END)
    by_month = dict(con.execute("select month(created_at), count(*) from leads group by 1").fetchall())
    assert by_month[8] < by_month[10]


def test_chunked_generation_gives_the_same_rows_as_one_pass():
    every = ("leads", "deals", "touches", "spend", "targets", "deal_facts", "data_as_of")
    whole, chunked = store.connect(":memory:"), store.connect(":memory:")
    demo.generate(whole, leads=2_000, seed=3, end_at=END)
    # 700 leads a chunk: two full chunks and a part one
    demo.generate(chunked, leads=2_000, seed=3, end_at=END, chunk_leads=700)
    assert fingerprint(chunked, every) == fingerprint(whole, every)
    ids = chunked.execute("select count(distinct lead_id), min(lead_id), max(lead_id) from leads").fetchall()
    assert ids == [(2_000, "L00000000", "L00001999")]
    # spend and targets count the leads of every chunk, not only the last one's 600
    assert store.scalar(chunked, "select sum(value) from targets where metric = 'leads'") > 1_500


def test_a_second_demo_on_the_same_connection_replaces_the_first():
    con = store.connect(":memory:")
    demo.generate(con, leads=300, seed=1, end_at=END, chunk_leads=100)
    demo.generate(con, leads=200, seed=1, end_at=END, chunk_leads=100)
    assert store.table_counts(con)["leads"] == 200
    assert store.scalar(con, "select sum(value) from targets where metric = 'leads'") > 150


def test_demo_per_source_targets_add_up_to_the_company_target():
    demo_con = store.connect(":memory:")
    demo.generate(demo_con, leads=3000, seed=7, end_at=END)
    # every month and metric: the company-wide row equals the sum of the per-source rows
    gaps = demo_con.execute(
        "select month, metric, sum(value) filter (where source is null) as company, "
        "sum(value) filter (where source is not null) as sources from targets group by all "
        "having company is distinct from sources"
    ).fetchall()
    assert gaps == []
    assert store.scalar(demo_con, "select count(distinct source) from targets") >= 7
    # outbound deals have a wins and revenue target but no leads target: it brings no leads
    assert store.scalar(demo_con, "select count(*) from targets where source = 'outbound' and metric = 'leads'") == 0


def test_accounts_have_one_to_twelve_people_and_bigger_buying_groups_convert_better():
    con = store.connect(":memory:")
    demo.generate(con, leads=20_000, seed=42, end_at=END)
    per_account = "select count(*) as n from leads group by account_id"
    sizes = dict(con.execute(f"select n, count(*) from ({per_account}) group by n").fetchall())
    # most accounts are small, a tail reaches twelve people
    assert min(sizes) == 1 and max(sizes) == 12
    assert sizes[1] > sizes[2] > sizes[3] > sizes[5] > sizes[12] > 0
    # read with plain SQL: the share of accounts with a won deal, for one-person and five-or-more-people accounts
    won_share = dict(
        con.execute(
            "select n >= 5, avg(won::int) from (select l.account_id, count(distinct l.lead_id) as n, "
            "bool_or(d.status = 'won') is true as won from leads as l left join deals as d using (lead_id) "
            "group by l.account_id) where n = 1 or n >= 5 group by all"
        ).fetchall()
    )
    assert won_share[True] > 2 * won_share[False]
    # and as the Accounts page counts them (people engaged before the first opportunity): the 95 % intervals
    # of 5+ and of 1 are apart, to opportunity and to customer
    depth = accounts.by_depth(accounts.depth_groups(con, Filters())).set_index("bucket")
    for stage in ("opportunity", "customer"):
        assert depth.loc["5+", f"to_{stage}_low"] > depth.loc["1", f"to_{stage}_high"]
