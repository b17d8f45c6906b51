"""Trial 69's targets and pacing, on the hand-counted rows of tests/trial69_fixture.py: the planner of a period the
data ends inside plans from the whole period's target (not the tiles' pro rata share), a month's share of a need is
rounded up, the alignment chart draws no target for a month where a selected source has none, and a period after
the data's last day has no values and no changes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from trial69_fixture import fill

from dashboard import changes, overview, report, sla, store
from dashboard.filters import Filters

RATES = overview.Rates(lead_to_mql=1.0, mql_to_sql=0.5, sql_to_opportunity=1.0, win_rate=0.5, avg_deal_size=10000)


@pytest.fixture(scope="module")
def con():
    connection = store.connect(":memory:")
    fill(connection)
    yield connection
    connection.close()


def planned(con, period: str) -> tuple[overview.PlanDefaults, pd.DataFrame]:
    kpis = {k.key: k for k in overview.kpis(con, Filters(), period)}
    start = overview.plan_defaults(overview.observed_rates(con, Filters(), period), kpis["revenue"], period)
    return start, overview.plan(start.target, RATES, *(1, 21) if period == "2026-11" else (3, 66)).set_index("stage")


def test_a_partial_month_is_planned_from_its_whole_target(con):
    kpis = {k.key: k for k in overview.kpis(con, Filters(), "2026-11")}
    # the tile paces 15 of November's 30 days: $60,000 × 15/30 = $30,000
    assert kpis["revenue"].target == pytest.approx(30000)
    start, plan = planned(con, "2026-11")
    assert start.target == pytest.approx(60000)
    assert start.rates == {"win_rate": 0.5, "lead_to_mql": 1.0, "mql_to_sql": 0.5, "sql_to_opportunity": 1.0}
    assert start.avg_deal_size == pytest.approx(10000)
    # $60,000 ÷ $10,000 = 6 wins; ÷ 50% = 12 opportunities; ÷ 100% = 12 SQLs; ÷ 50% = 24 MQLs; ÷ 100% = 24 leads
    assert plan["needed"].to_dict() == {"leads": 24, "mqls": 24, "sqls": 12, "opportunities": 12, "wins": 6}
    assert plan.loc["leads", "per_working_day"] == pytest.approx(24 / 21)
    assert start.target_words == (
        "the one loaded for the whole of Nov 2026, $60k, not the Revenue tile's $30k pro rata to the data's days: "
        "the plan covers all of Nov 2026"
    )
    assert overview.plan_target_caption(60000, "2026-11", date(2026, 11, 15)) == (
        "$60,000 to win in Nov 2026: the whole month, though the data ends on 15 Nov"
    )
    # a whole month: no such words
    assert overview.plan_target_caption(30000, "2026-10", date(2026, 11, 15)) == "$30,000 to win in Oct 2026"


def test_a_partial_quarter_is_planned_from_its_whole_target(con):
    kpis = {k.key: k for k in overview.kpis(con, Filters(), "2026-Q4")}
    # the tile: Oct's $30,000 whole + 15/30 of Nov's $60,000 + 0 of Dec's = $60,000; the quarter's is $120,000
    assert kpis["revenue"].target == pytest.approx(60000)
    start, plan = planned(con, "2026-Q4")
    assert start.target == pytest.approx(120000)
    # 12 wins, 24 opportunities, 24 SQLs, 48 MQLs, 48 leads; a month: 16, 16, 8, 8, 4
    assert plan["needed"].to_dict() == {"leads": 48, "mqls": 48, "sqls": 24, "opportunities": 24, "wins": 12}
    assert plan["per_month"].to_dict() == {"leads": 16, "mqls": 16, "sqls": 8, "opportunities": 8, "wins": 4}


def test_a_month_s_share_of_a_need_is_rounded_up():
    plan = overview.plan(130000, RATES, 3, 66).set_index("stage")
    # 13 wins, 26 opportunities, 26 SQLs, 52 MQLs, 52 leads over 3 months: 4.33 → 5, 8.67 → 9, 17.33 → 18
    assert plan["needed"].to_dict() == {"leads": 52, "mqls": 52, "sqls": 26, "opportunities": 26, "wins": 13}
    assert plan["per_month"].to_dict() == {"leads": 18, "mqls": 18, "sqls": 9, "opportunities": 9, "wins": 5}
    caption = overview.planner_caption("2026-Q4", overview.plan_against_actuals(plan.reset_index(), {}, {}))
    assert "Needed counts are whole, and so is a month's share: rounded up." in caption


def target_line(con, sources: tuple[str, ...]) -> dict[str, float | None]:
    months = overview.alignment_months(con, Filters(sources=sources), "2026-11")
    return {
        f"{pd.Timestamp(m):%Y-%m}": None if pd.isna(t) else float(t)
        for m, t in zip(months["month"], months["revenue_target"], strict=True)
    }


def test_the_alignment_chart_draws_no_target_for_a_month_a_selected_source_has_none(con):
    both = target_line(con, ("web", "ads"))
    # Oct: web $5,000 + ads $7,000; Nov: web only, so no target for web + ads (not web's $20,000 pro rata)
    assert both == {"2026-09": None, "2026-10": 12000.0, "2026-11": None}
    # web alone has November's: $20,000 × 15/30 days
    assert target_line(con, ("web",)) == {"2026-09": None, "2026-10": 5000.0, "2026-11": 10000.0}


def test_the_sla_page_s_promise_follows_the_same_rule(con):
    view = overview.period_filters(Filters(sources=("web", "ads")), "2026-Q4")
    promised = sla.marketing_delivery(con, view).query("metric == 'leads'").set_index("month")["promised"]
    # Oct: web 3 + ads 4; Nov: web's 12 alone is not the view's promise
    assert promised[pd.Timestamp("2026-10-01")] == 7
    assert pd.isna(promised[pd.Timestamp("2026-11-01")])


AFTER = "Dec 2026 is after the data's last day (15 Nov 2026): no data for it yet"


def test_a_month_after_the_data_has_no_values_and_no_changes(con):
    kpis = {k.key: k for k in overview.kpis(con, Filters(), "2026-12")}
    # no zeros: 20 November leads against December's "0" read "Leads fell 100.0% (20 → 0)"
    assert all(k.value is None for k in kpis.values())
    assert kpis["leads"].previous == 20
    assert overview.delta_text(kpis["leads"], "2026-12") is None
    # the targets stay shown, whole: 5 leads, $30,000
    assert overview.comparisons_text(kpis["leads"], "2026-12").startswith(f"{AFTER}; target 5 leads")
    assert kpis["revenue"].target == 30000
    changed = changes.summary(con, Filters(), "2026-12")
    assert changed.lines() == [(f"Not compared: {AFTER}.", None, None)]
    assert "leads" in changed.not_compared and changed.note() is None
    page = report.build_html(con, Filters(), "2026-12")
    assert "fell" not in page and "-100.0%" not in page
    assert "not compared: no data for Dec 2026 yet (the data ends on 15 Nov 2026)" in page
