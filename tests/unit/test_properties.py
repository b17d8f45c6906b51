"""Hypothesis properties over random small datasets: the funnel's invariants."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from fixture_data import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import metrics, store
from dashboard.filters import Filters

BASE = datetime(2025, 1, 1)
SOURCES = ["a", "b", "c"]
LIFECYCLE = [None, "lead", "mql", "sql", "opportunity", "customer", "disqualified"]

offset = st.one_of(st.none(), st.integers(min_value=-20, max_value=200))


@st.composite
def datasets(draw):
    n = draw(st.integers(min_value=0, max_value=25))
    leads, deals = [], []
    for i in range(n):
        created = BASE + timedelta(days=draw(st.integers(0, 120)))
        mql, sql, contact = draw(offset), draw(offset), draw(offset)
        leads.append(
            (
                f"L{i}",
                created,
                draw(st.sampled_from(SOURCES)),
                draw(st.sampled_from(["p", "q"])),
                "SMB",
                "o",
                draw(st.sampled_from(LIFECYCLE)),
                None if mql is None else created + timedelta(days=mql),
                None if sql is None else created + timedelta(days=sql),
                None if contact is None else created + timedelta(days=contact),
            )
        )
        for j in range(draw(st.integers(0, 2))):
            status = draw(st.sampled_from(["open", "won", "lost"]))
            d_created = created + timedelta(days=draw(st.integers(-5, 60)))
            closed = None if status == "open" else d_created + timedelta(days=draw(st.integers(0, 90)))
            deals.append(
                (f"D{i}_{j}", f"L{i}", "o", d_created, status, closed, float(draw(st.integers(0, 10_000))), None)
            )
    return leads, deals


@st.composite
def views(draw):
    start = draw(st.one_of(st.none(), st.dates(date(2024, 12, 1), date(2025, 6, 1))))
    end = draw(st.one_of(st.none(), st.dates(date(2024, 12, 1), date(2025, 8, 1))))
    if start and end and start > end:
        start, end = end, start
    return Filters(date_from=start, date_to=end, in_order=draw(st.booleans()))


@pytest.fixture(scope="module")
def mem():
    con = store.connect(":memory:")
    yield con
    con.close()


# 25 examples, as test_consistency's: each example's load (an import's derivation and checks) is 85% of its time,
# and 19 properties (here, test_rollups and the rollup/perf files) share these settings
PROPS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPS
@given(data=datasets(), view=views())
def test_cohort_counts_never_increase_and_rates_stay_in_bounds(mem, data, view):
    load(mem, *data)
    df = metrics.funnel(mem, view)
    counts = df["count_leads"].tolist()
    assert all(a >= b for a, b in itertools.pairwise(counts))
    rates = df[["pct_of_previous", "pct_of_first"]].stack().dropna()
    assert ((rates >= 0) & (rates <= 1)).all()
    pcts = df["pct_of_previous"].tolist()
    for k in range(1, len(counts)):
        if counts[k - 1]:
            assert pcts[k] * counts[k - 1] == pytest.approx(counts[k])


@PROPS
@given(data=datasets(), view=views())
def test_in_order_never_counts_more_than_reached(mem, data, view):
    load(mem, *data)
    reached = metrics.funnel(mem, Filters(date_from=view.date_from, date_to=view.date_to))["count_leads"]
    ordered = metrics.funnel(mem, Filters(date_from=view.date_from, date_to=view.date_to, in_order=True))["count_leads"]
    assert (ordered <= reached).all()
    assert ordered.iloc[0] == reached.iloc[0]


@PROPS
@given(data=datasets(), view=views())
def test_breakdown_by_source_adds_up_to_the_total(mem, data, view):
    load(mem, *data)
    total = metrics.funnel(mem, view)["count_leads"]
    parts = sum(metrics.funnel(mem, view.with_values("source", [s]))["count_leads"] for s in SOURCES)
    assert parts.tolist() == total.tolist()
    deals_total = metrics.deal_summary(mem, view)
    deal_parts = [metrics.deal_summary(mem, view.with_values("source", [s])) for s in SOURCES]
    assert sum(d.won for d in deal_parts) == deals_total.won
    assert sum(d.revenue for d in deal_parts) == pytest.approx(deals_total.revenue)


@st.composite
def instant_datasets(draw):
    """Leads whose every stage happens the moment they are created."""
    leads, deals = [], []
    for i in range(draw(st.integers(0, 25))):
        created = BASE + timedelta(days=draw(st.integers(0, 120)), hours=draw(st.integers(0, 23)))
        depth = draw(st.integers(0, 4))
        leads.append(
            (
                f"L{i}",
                created,
                draw(st.sampled_from(SOURCES)),
                "p",
                "SMB",
                "o",
                None,
                created if depth >= 1 else None,
                created if depth >= 2 else None,
                None,
            )
        )
        if depth >= 3:
            status = "won" if depth == 4 else draw(st.sampled_from(["open", "lost"]))
            deals.append((f"D{i}", f"L{i}", "o", created, status, None if status == "open" else created, 1.0, None))
    return leads, deals


@PROPS
@given(data=instant_datasets(), view=views())
def test_cohort_and_activity_agree_when_leads_convert_on_creation(mem, data, view):
    load(mem, *data)
    cohort = metrics.funnel(mem, view)["count_leads"].tolist()
    activity = metrics.funnel(
        mem, Filters(date_from=view.date_from, date_to=view.date_to, mode="activity", in_order=view.in_order)
    )["count_leads"].tolist()
    assert cohort == activity


@PROPS
@given(data=datasets(), view=views(), top_n=st.integers(1, 4), window=st.sampled_from([0, 10, 60, 180]))
def test_breakdown_with_other_adds_up_and_drop_offs_reconcile(mem, data, view, top_n, window):
    load(mem, *data)
    f = Filters(date_from=view.date_from, date_to=view.date_to, in_order=view.in_order, window_days=window)
    total = metrics.funnel(mem, f)
    parts = metrics.breakdown(mem, f, "source", top_n=top_n)
    assert parts["value"].nunique() <= top_n + 1
    ok, sentence = metrics.reconcile(parts, total) if len(parts) else (total["count_leads"].sum() == 0, "")
    assert ok, sentence
    counts = total["count_leads"].tolist()
    for k in range(1, 5):
        row = total.iloc[k]
        assert row["count_leads"] + row["count_dropped"] + row["count_in_progress"] == counts[k - 1]
