"""A Hypothesis property: random small datasets and random views give the same `metrics` JSON on DuckDB and on
Spark, with the stage columns derived on each engine by the same lead_derivation SQL."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import pytest
from fixture_data import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import config, sla, spark_engine, store
from dashboard.cli import metrics_document
from dashboard.export import export_tables
from dashboard.filters import Filters

BASE = datetime(2025, 1, 1)
SOURCES = ["a", "b", "outbound"]
LIFECYCLE = [None, "lead", "mql", "sql", "opportunity", "customer"]
offset_hours = st.one_of(st.none(), st.integers(min_value=-48, max_value=24 * 90))


@st.composite
def datasets(draw):
    """Leads with stage dates on hours plus a fraction of a second (so 'seconds between' meets its boundaries),
    deals, touches and spend; amounts whole, so sums are exact whatever the order of adding."""
    leads, deals, touches, spend = [], [], [], []
    for i in range(draw(st.integers(0, 14))):
        created = BASE + timedelta(hours=draw(st.integers(0, 24 * 150)), milliseconds=draw(st.sampled_from([0, 900])))
        mql, sql_, contact = draw(offset_hours), draw(offset_hours), draw(offset_hours)
        ms = draw(st.sampled_from([0, 200]))
        at = [None if h is None else created + timedelta(hours=h, milliseconds=ms) for h in (mql, sql_, contact)]
        source = draw(st.sampled_from(SOURCES))
        leads.append(
            (
                f"L{i}",
                created,
                source,
                draw(st.sampled_from(["p", "q"])),
                "SMB",
                "o",
                draw(st.sampled_from(LIFECYCLE)),
                *at,
            )
        )
        for j in range(draw(st.integers(0, 2))):
            status = draw(st.sampled_from(["open", "won", "lost"]))
            opened = created + timedelta(hours=draw(st.integers(-24, 24 * 60)))
            closed = None if status == "open" else opened + timedelta(hours=draw(st.integers(0, 24 * 90)))
            deals.append((f"D{i}_{j}", f"L{i}", "o", opened, status, closed, float(draw(st.integers(0, 5000))), None))
        for k in range(draw(st.integers(0, 3))):
            touches.append(
                (
                    f"L{i}",
                    created + timedelta(hours=draw(st.integers(-24 * 10, 24 * 30)) + k),
                    draw(st.sampled_from(SOURCES)),
                )
            )
    for month in range(1, 7):
        if draw(st.booleans()):
            spend.append((date(2025, month, 1), draw(st.sampled_from(SOURCES)), float(draw(st.integers(1, 900)))))
    return leads, deals, touches, spend


@st.composite
def views(draw):
    start = draw(st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2025, 5, 1))))
    end = draw(st.one_of(st.none(), st.dates(date(2025, 1, 15), date(2025, 8, 1))))
    if start and end and start > end:
        start, end = end, start
    return Filters(
        date_from=start,
        date_to=end,
        mode=draw(st.sampled_from(config.MODES)),
        in_order=draw(st.booleans()),
        window_days=draw(st.sampled_from([0, 7, config.CONVERSION_WINDOW_DAYS])),
        sources=tuple(draw(st.sets(st.sampled_from(SOURCES), max_size=2))),
    )


sla_settings = st.builds(
    sla.SlaSettings,
    minutes=st.sampled_from([30, 60, 600]),
    clock_start=st.sampled_from(list(config.SLA_CLOCK_STARTS)),
    business_hours=st.booleans(),
    timezone=st.sampled_from(["UTC", "Europe/Berlin"]),
)


@pytest.fixture(scope="module")
def duck():
    con = store.connect(":memory:")
    yield con
    con.close()


# each example starts Spark jobs for every section (about half a minute here): three keep `make test` short;
# SPARK_PROPERTY_EXAMPLES=50 runs a thorough search
@settings(
    max_examples=int(os.environ.get("SPARK_PROPERTY_EXAMPLES", "3")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=datasets(), view=views(), settings_=sla_settings, model=st.sampled_from(list(config.ATTRIBUTION_MODELS)))
def test_both_engines_print_the_same_metrics(spark, duck, tmp_path_factory, data, view, settings_, model):
    leads, deals, touches, spend = data
    load(duck, leads, deals)
    with store.transaction(duck):
        duck.execute("delete from touches")
        duck.execute("delete from spend")
        if touches:
            duck.executemany("insert into touches (lead_id, touched_at, source) values (?, ?, ?)", touches)
        if spend:
            duck.executemany("insert into spend (month, source, amount) values (?, ?, ?)", spend)
    folder = tmp_path_factory.mktemp("canonical")
    export_tables(duck, folder)
    tables = spark_engine.derive(spark, {t: spark_engine.read_table(spark, folder, t) for t in store.BASE_TABLES})
    # computed once, as `build` writes them: every page query would otherwise plan and run the derivation again
    tables["leads"] = tables["leads"].localCheckpoint()
    on_spark = spark_engine.SparkEngine(spark, tables, spark_engine.read_meta(folder))
    on_duckdb = metrics_document(duck, view, settings_, model)
    on_spark_doc = metrics_document(on_spark, view, settings_, model)
    for section, value in on_duckdb.items():
        assert (section, _last_bit(on_spark_doc[section])) == (section, _last_bit(value))


def _last_bit(value):
    """Floats to 12 significant digits: an interpolated median or p95 can differ in the last bit between the
    engines (see spark_sql._quantile); every count, text and sum of whole amounts is compared exactly."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _last_bit(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_last_bit(v) for v in value]
    return value
