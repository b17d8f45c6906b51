"""Trial 44's findings, counted by hand: the sentence that sets a period's own counts apart from its cohort, the
worst return on a tie, the report's spend under a segment filter, the minimum base of new metrics and of the
MQL→SQL alert, and the empty "does speed pay?" chart."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest
from changes_fixture import rows
from fixture_data import load

from dashboard import changes, config, metrics, overview, periods, report, sla, sources, store
from dashboard.filters import Filters

OCT = "2026-10"


def kpi(key: str, value: float | None) -> overview.Kpi:
    return overview.Kpi(key, key, "int", value, None, None, None)


def test_the_two_counts_of_one_month_are_set_apart_in_one_sentence():
    # trial 44's October: by each stage's own date 46 MQLs, 4 wins for $102,480; its leads as a cohort 49 MQLs,
    # 6 wins for $169,350 (5 of them closed in November)
    by_key = {"mqls": kpi("mqls", 46), "wins": kpi("wins", 4), "revenue": kpi("revenue", 102_480)}
    cohort = metrics.Headline(leads=141, mqls=49, sqls=25, opportunities=16, won_deals=6, revenue=169_350)
    assert overview.two_counts_sentence(OCT, 180, by_key, cohort) == (
        "The tiles of Oct 2026 at a glance count what happened in Oct 2026, each stage by its own date (46 MQLs, "
        "4 wins, $102k); this filtered view and the Funnel, Sources and SLA pages count the leads created in "
        "Oct 2026, followed for 180 days (49 MQLs, 6 wins, $169k): a deal these leads won after Oct 2026 counts "
        "below, one won in Oct 2026 by an earlier lead in the tiles."
    )
    # trial 44's V3 (paid search, SMB): 7 MQLs, no win either way: nothing to set apart
    same = metrics.Headline(leads=14, mqls=7, sqls=1, opportunities=0, won_deals=0, revenue=0.0)
    none_won = {"mqls": kpi("mqls", 7), "wins": kpi("wins", 0), "revenue": kpi("revenue", 0)}
    assert overview.two_counts_sentence(OCT, 180, none_won, same) == ""
    in_report = overview.two_counts_sentence(OCT, 0, by_key, cohort, where="report")
    assert in_report.startswith("This report counts what happened in Oct 2026, each stage by its own date (46 MQLs")
    assert "followed to the end of the data (49 MQLs, 6 wins, $169k)" in in_report


def test_the_sentence_is_wanted_only_where_the_view_is_that_period_s_cohort():
    october = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
    assert overview.cohort_apart(october, OCT)
    assert not overview.cohort_apart(Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 30)), OCT)
    assert not overview.cohort_apart(
        Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31), mode="activity"), OCT
    )
    assert not overview.cohort_apart(Filters(), OCT)
    # the Sources page: a month or a quarter of leads, in cohort mode
    assert "the leads created in Oct 2026, followed for 180 days" in overview.cohort_sources_sentence(october)
    quarter = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 12, 31))
    assert "the leads created in Q4 2026" in overview.cohort_sources_sentence(quarter)
    assert overview.cohort_sources_sentence(Filters(date_from=date(2026, 10, 2), date_to=date(2026, 10, 31))) == ""
    assert periods.of_range(date(2026, 10, 1), date(2026, 12, 31)) == "2026-Q4"
    assert periods.of_range(date(2026, 10, 1), date(2026, 11, 30)) is None


def test_the_entries_chart_says_what_it_counts():
    assert overview.ENTRIES_TITLE == "Stage entries per month, each by its own date"
    assert "not the tiles above" in overview.entries_caption(Filters())
    assert "not the tiles" not in overview.entries_caption(Filters(mode="activity"))


def test_the_worst_return_on_a_tie_is_the_biggest_loss():
    # three sources with spend: partner 1,000 won from 100 (ROI +900 %); paid_search and webinar nothing won from
    # 2,284 and 353 (both -100 %): the worst is paid_search's 2,284 lost, not webinar's 353
    table = pd.DataFrame(
        {
            "source": ["partner", "paid_search", "webinar"],
            "attributed_revenue": [1000.0, 0.0, 0.0],
            "spend": [100.0, 2284.0, 353.0],
        }
    )
    table["roi"] = (table["attributed_revenue"] - table["spend"]) / table["spend"]
    lines = sources.callouts(table, Filters())
    assert "Best return: **Partner**, $1k from $100 spent (ROI +900.0%)." in lines
    assert "Worst return: **Paid search**, $0 from $2.28k spent (ROI -100.0%)." in lines


def test_the_report_says_spend_is_not_split_by_segment(con):
    # the fixture has no spend at all; under a segment filter the cell says why there is none to show, and the
    # Sources page's sentence follows the table
    page = report.build_html(con, Filters(segments=("SMB",)), "2025-02")
    assert "no spend recorded" not in page
    assert "<td>not split by segment</td><td>not split by segment</td>" in page
    assert "Spend is recorded per source and month, not per segment: clear the segment filter" in page
    assert sources.spend_cell_words(Filters()) == "no spend recorded"


def test_the_report_sets_its_counts_apart_from_the_cohort(con):
    # Feb 2025 in the fixture, by each stage's own date: MQLs L4 L5 (L6 has no date) = 2, D1 won $1,000;
    # the leads created in February (L4 L5 L6), all reaching MQL = 3, D3 (L5) won $3,000 on 15 March
    page = report.build_html(con, Filters(), "2025-02")
    assert (
        "This report counts what happened in Feb 2025, each stage by its own date (2 MQLs, 1 win, $1k); the Funnel, "
        "Sources and SLA pages of the dashboard, in cohort mode (their default), count the leads created in Feb "
        "2025, followed for 180 days (3 MQLs, 1 win, $3k)" in page
    )


@pytest.fixture
def two_months() -> duckdb.DuckDBPyConnection:
    connection = store.connect(":memory:")
    load(connection, *rows())
    yield connection
    connection.close()


def test_a_metric_new_in_the_period_needs_the_minimum_base(two_months, monkeypatch):
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 2)
    result = changes.summary(two_months, Filters(sources=("paid_social",)), "2025-02")
    # paid_social: no deal in January, one in February (group A, $500): 1 opportunity and 1 win are under the base
    # of 2 (so are revenue, whose base is the wins): not compared, as any small base, instead of "no earlier data"
    assert {"opportunities", "wins", "revenue"} <= set(result.small_base)
    assert not [line for line, _, _ in result.lines() if "to compare" in line]
    # with a base of 1 the single opportunity is listed, in words that do not claim there is no earlier data
    monkeypatch.setattr(config, "CHANGES_MIN_BASE", 1)
    lines = [line for line, _, _ in changes.summary(two_months, Filters(sources=("paid_social",)), "2025-02").lines()]
    assert "Opportunities: 1 in Feb 2025 — none in Jan 2025 to compare with." in lines


def test_the_mql_to_sql_alert_needs_the_minimum_base():
    # 2 SQLs of 7 MQLs (28.6 %) is under the 30 % threshold but on 7 MQLs, under the base of 20: no alert;
    # 5 of 20 (25 %) alerts
    def sql_alerts(mqls: int, sqls: int) -> list[str]:
        by_key = {"sla_compliance": kpi("sla_compliance", None), "mqls": kpi("mqls", mqls), "sqls": kpi("sqls", sqls)}
        return [a.message for a in overview.alerts(by_key, None, Filters(), OCT) if a.message.startswith("SQLs")]

    assert config.CHANGES_MIN_BASE == 20
    assert sql_alerts(7, 2) == []
    assert sql_alerts(20, 5) == ["SQLs are 25.0% of MQLs in Oct 2026, under 30%."]


def test_no_speed_chart_without_a_rate():
    # every lead too young: both rates empty in every band
    young = pd.DataFrame({"opportunity_rate": [None, None], "won_rate": [None, None]}, dtype="float64")
    assert not sla.has_rates(young)
    assert not sla.has_rates(young.iloc[0:0])
    assert sla.has_rates(pd.DataFrame({"opportunity_rate": [0.5, None], "won_rate": [None, None]}))
