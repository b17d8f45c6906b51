"""The SLA page's leads from the stored sla_facts (schema/sla_facts.sql): the waits stored per started lead, around the
clock and in business hours, counted by hand on a small fixture written here; read only where rollups.sla_exact says
the settings are the ones they were measured under; and the same summary, bands, rows per owner and month and lists as
the measuring scan for random data, views and settings."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from unittest import mock

import pandas as pd
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views

from dashboard import rollups, sla, store
from dashboard.filters import Filters

T = datetime
# the default SLA: 60 minutes from the SQL date; business hours 09:00-17:00 Monday to Friday, UTC. the data's today
# is Z0's creation, 30 June 2025 12:00. lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at,
# sql_at, first_contact_at
LEADS = [
    # clock Friday 10 January 16:30, contact Monday 13 January 09:15: 64 h 45 min around the clock (3,885 minutes,
    # late), 30 + 15 = 45 business minutes (within)
    ("C1", T(2025, 1, 10), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 1, 10, 16, 30), T(2025, 1, 13, 9, 15)),
    # Tuesday 14 January 10:00 to 10:20: 20 minutes either way, within
    ("C2", T(2025, 1, 14), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 1, 14, 10), T(2025, 1, 14, 10, 20)),
    # clock Saturday 18 January 12:00, contact Monday 20 January 09:30: 45 h 30 min around the clock (2,730 minutes,
    # late), 30 business minutes from Monday's opening (within)
    ("C3", T(2025, 1, 18), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 1, 18, 12), T(2025, 1, 20, 9, 30)),
    # never contacted, clock Monday 3 February 09:00, older than the 30-day horizon: 147 days and 3 hours to the
    # data's today (28 + 31 + 30 + 31 + 27 days), 211,860 minutes around the clock
    ("C4", T(2025, 2, 3), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 2, 3, 9), None),
    # no clock: not stored
    ("Z0", T(2025, 6, 30, 12), "paid", "CMO", "SMB", "Bob", "lead", None, None, None),
]


def _summary(con, view: Filters, settings: sla.SlaSettings) -> tuple:
    s = sla.overview(con, view, settings).summary
    return (s.eligible, s.within_sla, s.late, s.never_contacted, s.waiting_overdue, s.median_minutes)


def test_the_stored_waits_by_hand(mem):  # noqa: F811
    load(mem, LEADS, [])
    rows = mem.execute(
        "select lead_id, owner, clock_minutes_waited, business_minutes_waited from sla_facts order by lead_id"
    ).fetchall()
    assert [r[:3] for r in rows] == [("C1", "Ann", 3885.0), ("C2", "Ann", 20.0), ("C3", "Bob", 2730.0),
                                     ("C4", "Bob", 211860.0)]  # fmt: skip
    assert [r[3] for r in rows[:3]] == [45.0, 20.0, 30.0]
    # in business hours C1 was due Monday 13 January 09:30 (30 minutes on Friday, 30 on Monday)
    due = mem.execute("select business_due_at from sla_facts where lead_id = 'C1'").fetchone()[0]
    assert due == T(2025, 1, 13, 9, 30)


def test_the_page_from_the_stored_waits_by_hand(mem):  # noqa: F811
    load(mem, LEADS, [])
    clock, hours = sla.SlaSettings(), sla.SlaSettings(business_hours=True)
    # around the clock: due C1 (late), C2 (within), C3 (late), C4 (never contacted); response times 3,885, 20, 2,730:
    # median 2,730. (eligible, within, late, never, waiting overdue, median)
    assert _summary(mem, Filters(), clock) == (4, 1, 2, 1, 0, 2730.0)
    # in business hours C1 (45), C2 (20) and C3 (30) are within: median 30
    assert _summary(mem, Filters(), hours) == (4, 3, 0, 1, 0, 30.0)
    # a 3,000-minute SLA around the clock (the stored waits, compared with it): C2 and C3 within, C1 late
    assert _summary(mem, Filters(), dataclasses.replace(clock, minutes=3000)) == (4, 2, 1, 1, 0, 2730.0)
    # Bob's leads only: C3 late, C4 never contacted
    assert _summary(mem, Filters(owners=("Bob",)), clock) == (2, 0, 1, 1, 0, 2730.0)
    # created in January: C1, C2, C3
    assert _summary(mem, Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31)), hours) == (3, 3, 0, 0, 0, 30.0)
    by_owner = sla.by_group(mem, Filters(), hours, "owner")
    assert by_owner[["group_value", "count_eligible", "count_within"]].values.tolist() == [["Ann", 2, 2], ["Bob", 2, 1]]
    lists = sla.lead_lists(mem, Filters(), clock, 500)
    assert lists["breached"]["lead_id"].tolist() == ["C4", "C1", "C3"]
    assert lists["breached"]["minutes_waited"].tolist() == [211860.0, 3885.0, 2730.0]
    assert lists["waiting"].empty


def test_the_stored_waits_are_read_only_where_exact(mem):  # noqa: F811
    default = sla.SlaSettings()
    hours = sla.SlaSettings(business_hours=True)
    assert rollups.sla_exact(default)
    assert rollups.sla_exact(hours)
    # around the clock any SLA length and any office calendar (business hours off: only the real time counts)
    assert rollups.sla_exact(dataclasses.replace(default, minutes=30))
    assert rollups.sla_exact(dataclasses.replace(default, timezone="Europe/Berlin", day_start=time(8)))
    # never another clock start or data time zone
    assert not rollups.sla_exact(dataclasses.replace(default, clock_start="mql"))
    assert not rollups.sla_exact(dataclasses.replace(default, data_timezone="Europe/Berlin"))
    # in business hours, the calendar it was measured under and its SLA length (the due times)
    assert not rollups.sla_exact(dataclasses.replace(hours, minutes=30))
    assert not rollups.sla_exact(dataclasses.replace(hours, timezone="Europe/Berlin"))
    assert not rollups.sla_exact(dataclasses.replace(hours, day_start=time(8)))
    assert not rollups.sla_exact(dataclasses.replace(hours, day_end=time(18)))
    assert not rollups.sla_exact(dataclasses.replace(hours, workdays=(1, 2, 3, 4, 5, 6)))
    assert not rollups.sla_exact(dataclasses.replace(hours, holidays=(date(2025, 1, 13),)))
    load(mem, LEADS, [])
    with mock.patch.object(sla, "run", wraps=sla.run) as spy:
        sla.overview(mem, Filters(), default)
        sla.overview(mem, Filters(), dataclasses.replace(hours, holidays=(date(2025, 1, 10),)))
        stored = [c.args[2]["sla_stored"] for c in spy.call_args_list if c.args[1] == "sla_overview"]
    assert stored == [True, False]
    # a holiday on Friday 10 January: C1's clock starts at Monday's opening, contacted 15 minutes later; the response
    # times 15, 20 and 30: median 20 (the stored waits, under the default calendar, said 30)
    off = dataclasses.replace(hours, holidays=(date(2025, 1, 10),))
    assert _summary(mem, Filters(), off) == (4, 3, 0, 1, 0, 20.0)


BASE = T(2025, 1, 6)


@st.composite
def timed_datasets(draw):
    """Leads with SQL dates and first contacts at any minute (weekends, nights, before the clock, never), rejected,
    opportunities and customers, and a few deals, over five months."""
    leads, deals = [], []
    for i in range(draw(st.integers(0, 20))):
        created = BASE + timedelta(minutes=draw(st.integers(0, 150 * 1440)))
        sql = draw(st.one_of(st.none(), st.integers(-600, 20 * 1440)))
        contact = draw(st.one_of(st.none(), st.integers(-300, 5 * 1440)))
        sql_at = None if sql is None else created + timedelta(minutes=sql)
        contact_at = None if contact is None or sql_at is None else sql_at + timedelta(minutes=contact)
        stage = draw(st.sampled_from(["lead", "mql", "sql", "opportunity", "customer", "unqualified"]))
        owner = draw(st.sampled_from(["Ann", "Bob", None]))
        source = draw(st.sampled_from(["email", "paid"]))
        leads.append((f"L{i}", created, source, "CFO", "SMB", owner, stage, None, sql_at, contact_at))
        if draw(st.booleans()):
            status = draw(st.sampled_from(["open", "won", "lost"]))
            closed = None if status == "open" else created + timedelta(days=draw(st.integers(1, 90)))
            deals.append((f"D{i}", f"L{i}", owner, created, status, closed, float(draw(st.integers(0, 9000))), None))
    return leads, deals


@st.composite
def exact_settings(draw):
    """Settings the stored waits answer: around the clock any length, in business hours the default one."""
    if draw(st.booleans()):
        return sla.SlaSettings(business_hours=True)
    return sla.SlaSettings(minutes=draw(st.sampled_from([1, 30, 60, 600, 3000])))


def _all(con, view: Filters, settings: sla.SlaSettings) -> list[pd.DataFrame]:
    both = sla.overview(con, view, settings)
    lists = sla.lead_lists(con, view, settings, 4)
    groups = [sla.by_group(con, view, settings, g) for g in ("owner", "month")]
    return [pd.DataFrame([dataclasses.asdict(both.summary)]), both.bands, lists["waiting"], lists["breached"], *groups]


@PROPS
@given(data=timed_datasets(), view=any_views(), settings=exact_settings())
def test_the_stored_waits_give_the_scan_s_page(mem, data, view, settings):  # noqa: F811
    load(mem, *data)
    assert rollups.sla_exact(settings)
    stored = _all(mem, view, settings)
    with mock.patch.object(rollups, "sla_exact", return_value=False):
        scanned = _all(mem, view, settings)
    for a, b in zip(stored, scanned, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_an_import_rebuilds_the_stored_waits(mem):  # noqa: F811
    load(mem, LEADS, [])
    # C2 contacted later, in a transaction as an import's: 20 -> 100 minutes, late; the response times 3,885, 100, 2,730
    with store.transaction(mem):
        mem.execute("update leads set first_contact_at = timestamp '2025-01-14 11:40' where lead_id = 'C2'")
    assert _summary(mem, Filters(), sla.SlaSettings()) == (4, 0, 3, 1, 0, 2730.0)
