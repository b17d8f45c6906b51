"""The executive section read once: the deal outcomes and SLA compliance of its periods in one pass (counted by
hand, and equal to the per-period queries for random data), and its cache key (the view without the sidebar's
dates and mode) giving the same results as the full view."""

from __future__ import annotations

from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_consistency import PROPS, data_with_outbound, full_views
from test_properties import mem  # noqa: F401 (mem is a fixture)

from dashboard import changes, metrics, overview, periods, sla
from dashboard.filters import Filters

MONTHS = [f"2025-{m:02d}" for m in range(1, 6)]


def test_period_outcomes_by_hand(con):
    # deals (tests/fixture_data.py): D1 won 02-01 (1,000, 22 days after its creation), D2 lost 02-10,
    # D3 won 03-15 (3,000), D4 open created 03-20, D5 open created 03-01. January: none of them
    got = overview.period_outcomes(con, Filters(), ["2025-01", "2025-02", "2025-03"])
    january, february, march = got["2025-01"].deals, got["2025-02"].deals, got["2025-03"].deals
    assert (january.open, january.won, january.lost, january.revenue, january.win_rate) == (0, 0, 0, 0.0, None)
    assert (february.won, february.lost, february.revenue, february.win_rate) == (1, 1, 1000.0, 0.5)
    assert february.median_cycle_days == 22.0 and february.avg_deal_size == 1000.0
    assert (march.open, march.won, march.lost, march.revenue, march.win_rate) == (2, 1, 0, 3000.0, 1.0)


@PROPS
@given(data=data_with_outbound(), view=full_views(), month=st.sampled_from(MONTHS), quarter=st.booleans())
def test_period_outcomes_equal_the_queries_per_period(mem, data, view, month, quarter):  # noqa: F811
    load(mem, *data)
    period = periods.quarter_of(month) if quarter else month
    names = [periods.last_year(period), periods.previous(period), period]
    got = overview.period_outcomes(mem, view, names)
    for name in names:
        in_period = overview.period_filters(view, name)
        assert got[name].deals == metrics.deal_summary(mem, in_period), name
        assert got[name].sla_compliance == sla.summary(mem, in_period, sla.SlaSettings()).compliance, name


@PROPS
@given(data=data_with_outbound(), view=full_views(), month=st.sampled_from(MONTHS))
def test_the_executive_section_ignores_the_sidebar_dates_and_mode(mem, data, view, month):  # noqa: F811
    load(mem, *data)
    key = overview.executive_view(view)
    assert (key.date_from, key.date_to, key.mode) == (None, None, "cohort")
    assert (key.in_order, key.window_days, key.sources, key.personas) == (
        view.in_order,
        view.window_days,
        view.sources,
        view.personas,
    )
    for fn in (overview.kpis, overview.coverage, overview.alignment_months, overview.observed_rates, changes.summary):
        full, keyed = fn(mem, view, month), fn(mem, key, month)
        if hasattr(full, "equals"):
            assert full.equals(keyed), fn.__name__
        else:
            assert full == keyed, fn.__name__
