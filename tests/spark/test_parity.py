"""The same JSON from `metrics` on DuckDB and on Spark: the hand-counted fixture under many views."""

from __future__ import annotations

import pytest

from dashboard import changes, config, friction, metrics, overview, sla, sources, spark_sql
from dashboard.cli import metrics_document
from dashboard.filters import Filters

D = __import__("datetime").date


# the hand-counted fixture's views: every mode, the order rule, windows, dates and every kind of filter (each
# whole document is some fifteen queries on Spark, so the views are few and each covers much)
VIEWS = [
    Filters(),
    Filters(mode="activity", date_from=D(2025, 2, 1), date_to=D(2025, 3, 31), sources=("email", "paid_search")),
    Filters(in_order=True, window_days=0, segments=("SMB",)),
    Filters(date_from=D(2025, 1, 1), window_days=3, personas=("CFO",), owners=("Ann",)),
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda f: f.caption())
def test_every_section_is_the_same_on_both_engines(engines, view):
    duck, spark = engines
    assert metrics_document(spark, view) == metrics_document(duck, view)


SLA_SETTINGS = [
    sla.SlaSettings(business_hours=True),
    sla.SlaSettings(minutes=120, clock_start="mql", business_hours=True, timezone="America/New_York"),
    sla.SlaSettings(minutes=30, clock_start="mql"),
]


# the fixture's data ends 2025-03-20 and its leads were created from January: under the default 180-day window
# every lead is too young to count, so the trait table is its 'all' row of zeros (none on Spark, once)
NO_LEAD_OLD_ENOUGH = [
    {"dimension": "all", "value": "all", "lead": 0, "mql": 0, "sql": 0, "opportunity": 0, "customer": 0}
    | {"open_mql": 0, "open_sql": 0, "open_opportunity": 0, "open_customer": 0}
]


def test_the_trait_table_without_a_lead_old_enough_is_the_same(engines):
    duck, spark = engines
    assert friction.step_rates(duck, Filters()).to_dict("records") == NO_LEAD_OLD_ENOUGH
    assert friction.step_rates(spark, Filters()).to_dict("records") == NO_LEAD_OLD_ENOUGH


@pytest.mark.parametrize("settings", SLA_SETTINGS, ids=lambda s: s.describe())
def test_sla_with_business_hours_is_the_same(engines, settings):
    duck, spark = engines
    assert sla.summary(spark, Filters(), settings) == sla.summary(duck, Filters(), settings)


def test_revenue_under_every_attribution_model_is_the_same(engines):
    duck, spark = engines
    # one row per source, one column per model (the sources section takes its --model column from it)
    on_spark, on_duckdb = sources.attribution(spark, Filters()), sources.attribution(duck, Filters())
    assert list(on_duckdb.columns) == ["source", *config.ATTRIBUTION_MODELS]
    assert on_spark.to_dict("records") == on_duckdb.to_dict("records")
    # D1 (1000, L1's path webinar, paid_search, email) and D3 (3000, L5, no touches: organic_search)
    linear = on_duckdb.set_index("source")["linear"].to_dict()
    assert linear == pytest.approx(
        {"organic_search": 3000.0, "webinar": 1000 / 3, "paid_search": 1000 / 3, "email": 1000 / 3}
    )


def test_spark_counts_the_fixture_by_hand(engines):
    _, spark = engines
    doc = metrics_document(spark, Filters())
    # 8 leads; L3 L4 L5 L6 L8 L1 L2 reached MQL (L7 did not); SQL: all but L3 and L7; deals on L1 L2 L5;
    # won: L1 and L5
    assert [s["count"] for s in doc["funnel"]] == [8, 7, 6, 3, 2]
    assert doc["deals"]["won"] == 2 and doc["deals"]["revenue"] == 4000.0
    # D1 (L1, 1000) and D3 (L5, 3000) won; D4 (outbound, 2000) and D5 (L1, 700) open
    assert doc["sourced"]["revenue_marketing"] == 4000.0
    assert doc["sourced"]["pipeline_sales"] == 2000.0


def test_what_changed_is_the_same_on_both_engines_and_spark_never_reads_a_rollup(engines):
    # DuckDB reads the entries rollup for a whole-month period; Spark scans the leads: the same parts. asked to read
    # a rollup, Spark refuses rather than count nothing
    duck, spark = engines
    view = overview.executive_view(Filters())
    assert changes.parts(duck, view, "2025-03").equals(changes.parts(spark, view, "2025-03"))
    params = {**overview.period_filters(Filters(), "2025-03").to_params(), "split": None, "use_rollup": True}
    with pytest.raises(spark_sql.Untranslatable, match="rollup runs on DuckDB only"):
        spark.run_query("changes", params)


@pytest.mark.parametrize("dimension", ["source", "owner"])
def test_the_breakdown_is_the_same_on_both_engines(engines, dimension):
    duck, spark = engines
    # all dates: DuckDB reads it from its rollup, Spark (which keeps none) scans
    on_spark, on_duckdb = metrics.breakdown(spark, Filters(), dimension), metrics.breakdown(duck, Filters(), dimension)
    assert on_spark.to_dict("records") == on_duckdb.to_dict("records")


def test_the_landing_page_s_period_outcomes_are_the_same_and_spark_measures_the_leads(engines):
    # DuckDB reads the SLA compliance from the stored waits (sla_facts, rollups.sla_exact), Spark, which stores none,
    # measures it from the leads (macros/sla.spark.sql): the same outcomes for every period and either agreement
    duck, spark = engines
    names = ["2025-01", "2025-02", "2025-03", "2025-Q1"]
    for settings in (None, *SLA_SETTINGS):
        assert overview.period_outcomes(spark, Filters(), names, settings=settings) == overview.period_outcomes(
            duck, Filters(), names, settings=settings
        )
