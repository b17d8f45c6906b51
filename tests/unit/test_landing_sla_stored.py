"""The landing page's SLA compliance tile (overview.period_outcomes) read from the stored waits (sla_facts) where they
are the ones the agreement measures, as the SLA page reads them: measuring every started lead of the tiles' thirteen
months from the leads took half of period_outcomes.sql at ten million leads. Counted by hand on a small fixture, the
stored waits read only where exact, and the same outcomes as the measure from the leads for random data and views."""

from __future__ import annotations

from unittest import mock

from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_perfsla import LIST_LEADS
from test_properties import PROPS, datasets, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views

from dashboard import config, overview, rollups, sla
from dashboard.filters import Filters

MONTHS = ("2025-01", "2025-02", "2025-03", "2025-06")


def _compliance(con, settings: sla.SlaSettings | None = None) -> dict[str, float | None]:
    outcomes = overview.period_outcomes(con, Filters(), MONTHS, settings=settings)
    return {name: outcomes[name].sla_compliance for name in MONTHS}


def test_the_compliance_tile_reads_the_stored_waits_where_exact_by_hand(mem):  # noqa: F811
    # LIST_LEADS (test_perfsla): a 60-minute SLA around the clock from the SQL date, the data's today 30 June 2025
    # 12:00. January: B1 within (30 min), B2 late (180 min) -> 1 / 2; February: B3 never contacted, due -> 0 / 1;
    # March: B6 late -> 0 / 1; June: B4 waiting 10 days, due -> 0 / 1 (B5, waiting 30 minutes, is not due yet)
    load(mem, LIST_LEADS, [])
    by_hand = {"2025-01": 0.5, "2025-02": 0.0, "2025-03": 0.0, "2025-06": 0.0}
    assert _compliance(mem) == by_hand
    # the stored waits emptied: config's agreement reads them (no lead due in any month: no compliance), one whose
    # calendar they were not measured under measures the leads, as before (around the clock, the calendar unused)
    # (outside store.transaction, whose commit would derive them again)
    mem.execute("delete from sla_facts")
    assert _compliance(mem) == dict.fromkeys(MONTHS)
    other_clock = sla.SlaSettings(clock_start="mql")
    assert not rollups.sla_exact(other_clock)
    assert _compliance(mem, other_clock) == by_hand  # no MQL dates: the clock starts at the SQL date, as above


@PROPS
@given(
    data=datasets(),
    view=any_views(),
    names=st.lists(
        st.sampled_from(["2025-01", "2025-02", "2025-04", "2025-07", "2025-Q1", "2025-Q3"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    minutes=st.sampled_from([config.SLA_RESPONSE_MINUTES, 1, 600]),
    hours=st.booleans(),
)
def test_the_period_outcomes_are_the_measured_ones_whichever_path(mem, data, view, names, minutes, hours):  # noqa: F811
    load(mem, *data)
    settings = sla.SlaSettings(minutes=minutes, business_hours=hours)
    stored = overview.period_outcomes(mem, view, names, settings=settings)
    with mock.patch.object(rollups, "sla_exact", return_value=False):
        measured = overview.period_outcomes(mem, view, names, settings=settings)
    assert stored == measured
