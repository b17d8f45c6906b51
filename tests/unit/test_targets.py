"""Targets follow the view: company-wide, the sum of the selected sources', or not comparable — by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import friction, overview, sla, store, targets
from dashboard.filters import Filters

# February 2025 targets: company 10 leads / $5,000; paid_search 6 leads / $3,000 ("Paid Search" as a
# planner writes it: matched by key); email 3 leads / $1,500; organic_search 1 lead and no revenue target
TARGETS = [
    ("2025-02-01", "leads", 10, None),
    ("2025-02-01", "revenue", 5000, None),
    ("2025-02-01", "leads", 6, "Paid Search"),
    ("2025-02-01", "revenue", 3000, "Paid Search"),
    ("2025-02-01", "leads", 3, "email"),
    ("2025-02-01", "revenue", 1500, "email"),
    ("2025-02-01", "leads", 1, "organic_search"),
]


@pytest.fixture
def with_targets(con):
    with store.transaction(con):
        con.executemany("insert into targets (month, metric, value, source) values (?, ?, ?, ?)", TARGETS)
    return con


def by_key(con, filters):
    return {k.key: k for k in overview.kpis(con, filters, "2025-02")}


def test_scope_of_a_view():
    assert targets.scope(Filters()) == targets.COMPANY
    assert targets.scope(Filters(sources=("email",))) == targets.SOURCES
    assert targets.scope(Filters(personas=("CFO",))) == targets.NOT_COMPARABLE
    assert targets.scope(Filters(sources=("email",), segments=("SMB",))) == targets.NOT_COMPARABLE


def test_without_filters_the_company_target(with_targets):
    k = by_key(with_targets, Filters())
    assert (k["leads"].target, k["revenue"].target) == (10, 5000)


def test_a_source_filter_sums_the_selected_sources_targets(with_targets):
    k = by_key(with_targets, Filters(sources=("paid_search", "email")))
    # 6 + 3 leads, 3000 + 1500 revenue; February actuals for those sources: L4 (email) -> 1 lead
    assert (k["leads"].target, k["revenue"].target) == (9, 4500)
    assert k["leads"].value == 1
    assert overview.comparisons_text(k["leads"], "2025-02").startswith("target 9 (11.1%)")
    # organic_search has a leads target but no revenue target: revenue has none (not a partial sum)
    k = by_key(with_targets, Filters(sources=("email", "organic_search")))
    assert (k["leads"].target, k["revenue"].target) == (4, None)


def test_a_persona_filter_shows_no_attainment_and_says_why(with_targets):
    view = Filters(personas=("CFO",), sources=("paid_search",))
    k = by_key(with_targets, view)
    assert all(kpi.target is None and kpi.attainment is None for kpi in k.values())
    text = overview.comparisons_text(k["leads"], "2025-02")
    assert text.startswith("company target — not comparable with this filtered view")
    # coverage speaks only of what the view has: no "more pipeline is needed"
    cover = overview.coverage(with_targets, view, "2025-02")
    assert not cover.short and "more pipeline is needed" not in cover.sentence()
    assert "no target to judge coverage against" in cover.sentence()
    assert not [a for a in overview.alerts(k, cover, view, "2025-02") if "pipeline" in a.message]
    # Friction's volume check and the SLA page's promise say the same
    volume = {c.metric: c for c in friction.volume(with_targets, overview.period_filters(view, "2025-02"))}
    assert volume["leads"].target is None and "not comparable" in volume["leads"].sentence("leads")
    # the company has no MQL or win-rate target: those say so, as they do unfiltered, not "not comparable"
    assert volume["mqls"].sentence("MQLs") == "0 MQLs entered; no target set."
    assert overview.comparisons_text(k["win_rate"], "2025-02").startswith("no target")
    assert overview.comparisons_text(k["revenue"], "2025-02").startswith("company target — not comparable")
    promised = sla.marketing_delivery(with_targets, overview.period_filters(view, "2025-02"))["promised"]
    assert promised.isna().all()


def test_sla_promise_follows_the_source_filter(with_targets):
    delivery = sla.marketing_delivery(with_targets, overview.period_filters(Filters(sources=("email",)), "2025-02"))
    leads = delivery[delivery["metric"] == "leads"].iloc[0]
    # email in February: L4 created, 3 promised
    assert (leads["delivered"], leads["promised"]) == (1, 3)


def test_a_month_the_data_or_the_dates_cut_short_counts_its_days_in_view(con):
    # #15: on the demo's 1 December the whole of December's plan was due ("Short: 50,000 leads of 52,560 planned").
    # Targets: February 56 leads (2 a day), March 62 (2 a day). The fixture's last day is 20 March (D4 created;
    # the last lead, L8, on 10 March; the last close, D3, on 15 March): 20 of March's 31 days are in the data.
    with store.transaction(con):
        con.execute(
            "insert into targets (month, metric, value) values ('2025-02-01', 'leads', 56), ('2025-03-01', 'leads', 62)"
        )
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    table = targets.totals(con, march)
    assert table.loc["leads"].tolist() == [40.0, 1, 20, 31]  # 62 × 20 / 31
    assert targets.pro_rata_words(table, "leads") == "pro rata: 20 of 31 days"
    # the quarter's coverage wants the whole plan: no pro rata
    assert targets.totals(con, march, pro_rata=False).at["leads", "target"] == 62
    # dates inside a month: 15-28 February is 14 of its 28 days -> 28 leads; February whole: no words
    assert (
        targets.totals(con, Filters(date_from=date(2025, 2, 15), date_to=date(2025, 2, 28))).at["leads", "target"] == 28
    )
    whole = targets.totals(con, Filters(date_from=date(2025, 2, 1), date_to=date(2025, 2, 28)))
    assert whole.at["leads", "target"] == 56 and targets.pro_rata_words(whole, "leads") == ""
    # the March tile: L7 and L8 of 40 due
    leads = {k.key: k for k in overview.kpis(con, Filters(), "2025-03")}["leads"]
    assert overview.comparisons_text(leads, "2025-03").startswith("target 40 (5.0%), pro rata: 20 of 31 days · ")
    # the revenue chart's March target too, as the Revenue tile's: 3,100 × 20 / 31 = 2,000; February whole
    with store.transaction(con):
        con.execute(
            "insert into targets (month, metric, value) values ('2025-02-01', 'revenue', 2800), "
            "('2025-03-01', 'revenue', 3100)"
        )
    chart = overview.alignment_months(con, Filters(), "2025-03")
    assert chart["revenue_target"].dropna().tolist() == [2800.0, 2000.0]
    # Friction's volume check over all dates: 56 + 40 = 96 due over 28 + 20 of 59 days. The targets are set for
    # February and March only, so they are compared with those months' leads, L4..L8 = 5 (the trial's finding 2:
    # all 8, January's L1..L3 too, were set against them): 5 / 96 = 5.2 %, 91 missing
    (check, *_) = friction.volume(con, Filters())
    assert check.sentence("leads") == (
        ":red[**Short:**] 8 leads entered, target set for Feb–Mar 2025 only: 5 leads in Feb–Mar 2025 of 96 planned "
        "(5.2%), 91 missing; pro rata by month: Feb 2025 whole, 20 of Mar 2025's 31 days"
    )
