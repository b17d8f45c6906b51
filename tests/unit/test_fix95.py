"""Trial 95's SLA findings, counted by hand on small fixtures written here: a lead closed (disqualified, or an
opportunity) without a contact waits until its close, so closed inside its SLA window it was never due and is on no
list, closed after it it is never contacted with the wait to its close; a clock that starts after the data's today is
not waiting; and the stored waits (sla_facts) give the scan's page for random closes inside and outside the window."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from unittest import mock

import pandas as pd
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_perfsla2 import _all, exact_settings, timed_datasets
from test_properties import PROPS, mem  # noqa: F401 (mem is a fixture)
from test_rollups import any_views

from dashboard import rollups, sla, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping

T = datetime
# the default SLA: 60 minutes from the SQL date; business hours 09:00-17:00 Monday to Friday, UTC. the data's today is
# Z's creation, Monday 10 March 2025 12:00. lead_id, created_at, source, persona, segment, owner, lifecycle_stage,
# mql_at, sql_at, first_contact_at. every clock starts Monday 3 March 10:00
LEADS = [
    # contacted 10 minutes after: within (10 minutes either way)
    ("A", T(2025, 3, 3, 9), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 3, 3, 10), T(2025, 3, 3, 10, 10)),
    # disqualified 10:10 without a contact (DISQUALIFIED): closed inside its window, never due
    ("B", T(2025, 3, 3, 9), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 3, 3, 10), None),
    # disqualified Wednesday 5 March 10:00 without a contact: never contacted, waited 2 days = 2,880 minutes around the
    # clock; in business hours Monday 10:00-17:00 (420) + Tuesday (480) + Wednesday 09:00-10:00 (60) = 960
    ("C", T(2025, 3, 3, 9), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 3, 3, 10), None),
    # a deal (an opportunity) created 10:30 without a contact (DEALS): closed inside its window, never due
    ("O", T(2025, 3, 3, 9), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 3, 3, 10), None),
    # no clock: the data's today
    ("Z", T(2025, 3, 10, 12), "paid", "CMO", "SMB", "Bob", "lead", None, None, None),
]
DEALS = [("D1", "O", "Bob", T(2025, 3, 3, 10, 30), "open", None, 1000.0, None)]
DISQUALIFIED = {"B": T(2025, 3, 3, 10, 10), "C": T(2025, 3, 5, 10)}


def _load(con, leads: list[tuple], deals: list[tuple], disqualified: dict[str, datetime]) -> None:
    """The leads and deals, and the leads' disqualification dates, derived as an import derives them."""
    load(con, leads, deals)
    # "true": every lead's stage columns derived again (is_rejected reads the date)
    with store.transaction(con, "true"):
        if disqualified:
            con.executemany(
                "update leads set disqualified_at = ?, lifecycle_stage = 'unqualified' where lead_id = ?",
                [(at, lead) for lead, at in disqualified.items()],
            )


def _summary(con, settings: sla.SlaSettings) -> tuple:
    s = sla.overview(con, Filters(), settings).summary
    return (s.eligible, s.within_sla, s.late, s.never_contacted, s.waiting_overdue, s.waiting_now, s.compliance)


def _both(con, settings: sla.SlaSettings, read) -> tuple:
    """What `read` gives from the stored waits and from the scan (rollups.sla_exact forced False)."""
    stored = read(con, settings)
    with mock.patch.object(rollups, "sla_exact", return_value=False):
        scanned = read(con, settings)
    return stored, scanned


def _breached(con, settings: sla.SlaSettings) -> tuple:
    lists = sla.lead_lists(con, Filters(), settings, 500)
    breached = lists["breached"]
    return breached["lead_id"].tolist(), breached["minutes_waited"].tolist(), lists["waiting"]["lead_id"].tolist()


def test_a_lead_closed_inside_its_window_was_never_due(mem):  # noqa: F811
    _load(mem, LEADS, DEALS, DISQUALIFIED)
    clock, hours = sla.SlaSettings(), sla.SlaSettings(business_hours=True)
    # due A (within) and C (never contacted); B and O closed inside their window: (due, within, late, never, overdue,
    # waiting now, compliance) = (2, 1, 0, 1, 0, 0, 50 %), around the clock and in business hours, stored and scanned
    for settings in (clock, hours):
        assert _both(mem, settings, _summary) == ((2, 1, 0, 1, 0, 0, 0.5),) * 2
    # the breach list: C alone, its wait to its disqualification (2,880 minutes; 960 business minutes), not to today
    assert _both(mem, clock, _breached) == ((["C"], [2880.0], []),) * 2
    assert _both(mem, hours, _breached) == ((["C"], [960.0], []),) * 2
    # the response bands: A in 5-15 minutes, C never contacted; 2 leads due
    bands = sla.overview(mem, Filters(), clock).bands
    assert dict(zip(bands["band"], bands["count_leads"], strict=True)) == {"5–15 min": 1, "never contacted": 1}


def test_a_lead_closed_after_its_window_counts_to_its_close(mem):  # noqa: F811
    # B disqualified 61 minutes after its clock (past the 60-minute SLA): never contacted, waited 61 minutes; in
    # business hours 61 too (Monday 10:00-11:01); C as before. due 3 (A, B, C), within 1: 33.3 %
    _load(mem, LEADS, DEALS, {**DISQUALIFIED, "B": T(2025, 3, 3, 11, 1)})
    for settings in (sla.SlaSettings(), sla.SlaSettings(business_hours=True)):
        assert _both(mem, settings, _summary) == ((3, 1, 0, 2, 0, 0, 1 / 3),) * 2
    assert _both(mem, sla.SlaSettings(), _breached) == ((["C", "B"], [2880.0, 61.0], []),) * 2


def test_a_clock_after_the_data_s_today_is_not_waiting(mem):  # noqa: F811
    leads = [
        *LEADS,
        # SQL 11:30 on the data's today, no contact: waiting 30 minutes, not due
        ("W", T(2025, 3, 10, 11), "paid", "CMO", "SMB", "Bob", "sql", None, T(2025, 3, 10, 11, 30), None),
        # SQL dated far ahead (past the import's horizon, so not the data's today): not handed over yet
        ("F", T(2025, 3, 4, 9), "paid", "CMO", "SMB", "Bob", "sql", None, T(2099, 1, 15, 10, 10), None),
    ]
    _load(mem, leads, DEALS, DISQUALIFIED)
    for settings in (sla.SlaSettings(), sla.SlaSettings(business_hours=True)):
        # waiting now 1 (W), not 2; the due leads as before
        assert _both(mem, settings, _summary) == ((2, 1, 0, 1, 0, 1, 0.5),) * 2
        waiting = _both(mem, settings, _breached)
        assert [w[2] for w in waiting] == [["W"], ["W"]]
        # the page says how many were left out
        assert sla.clock_after_today(mem, Filters(), settings) == 1
    assert "1 lead is dated to become an SQL after the data's today" in sla.clock_after_today_note(1, "sql")
    assert sla.clock_after_today_note(0, "sql") == ""
    assert mem.execute("select count(*) from sla_facts where lead_id = 'F'").fetchone()[0] == 0


@st.composite
def closed_datasets(draw):
    """timed_datasets' leads, some disqualified before, inside or after their SLA window (or long after)."""
    leads, deals = draw(timed_datasets())
    disqualified = {}
    for lead in leads:
        sql_at = lead[8]
        if sql_at is not None and draw(st.booleans()):
            disqualified[lead[0]] = sql_at + timedelta(minutes=draw(st.sampled_from([-30, 0, 10, 59, 60, 61, 2880])))
    return leads, deals, disqualified


@PROPS
@given(data=closed_datasets(), view=any_views(), settings=exact_settings())
def test_the_stored_closes_give_the_scan_s_page(mem, data, view, settings):  # noqa: F811
    _load(mem, *data)
    assert rollups.sla_exact(settings)
    stored = _all(mem, view, settings)
    with mock.patch.object(rollups, "sla_exact", return_value=False):
        scanned = _all(mem, view, settings)
    for a, b in zip(stored, scanned, strict=True):
        pd.testing.assert_frame_equal(a, b)
    # no lead closed inside its window without a contact is due or on a list
    leads = sla.lead_lists(mem, view, settings, 500)
    listed = set(leads["breached"]["lead_id"]) | set(leads["waiting"]["lead_id"])
    closed_in = mem.execute(
        "select lead_id from leads where first_contact_at is null and disqualified_at is not null "
        "and disqualified_at between sql_at and sql_at + interval 59 minute"
    ).fetchall()
    if not settings.business_hours:
        assert not listed & {r[0] for r in closed_in}


def test_the_breach_csv_writes_a_missing_owner_as_the_screen(mem):  # noqa: F811
    # C (never contacted, the only breach) without an owner: the screen's "–", not a blank
    leads = [(*lead[:5], None, *lead[6:]) if lead[0] == "C" else lead for lead in LEADS]
    _load(mem, leads, DEALS, DISQUALIFIED)
    rows = list(csv.DictReader(io.StringIO(sla.lead_list_csv(mem, Filters(), sla.SlaSettings()).decode("utf-8"))))
    assert [(r["lead_id"], r["owner"], r["source"]) for r in rows] == [("C", "–", "paid")]


# trial 95's closed_in_window.csv: 5001 an SQL 23 Nov 10:00 disqualified 10:10 without a contact, 5002 contacted
# 10:20 (20 minutes, within), 5003 created 30 Nov 15:00 (the data's today)
CLOSED_IN_WINDOW = (
    "Record ID,Create Date,Lifecycle Stage,Original Source,Contact owner,Became a Marketing Qualified Lead Date,"
    "Became a Sales Qualified Lead Date,First Outreach Date,Unqualified Date,Country/Region\n"
    "5001,2026-11-23 09:00,Sales Qualified Lead,Paid Search,Alice Martin,2026-11-23 09:30,2026-11-23 10:00,,"
    "2026-11-23 10:10,US\n"
    "5002,2026-11-23 09:00,Sales Qualified Lead,Paid Search,Alice Martin,2026-11-23 09:30,2026-11-23 10:00,"
    "2026-11-23 10:20,,US\n"
    "5003,2026-11-30 15:00,Lead,Paid Search,Bob Chen,,,,,US\n"
)


def test_the_hubspot_preset_reads_the_unqualified_date(empty_con, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(CLOSED_IN_WINDOW, encoding="utf-8")
    import_files(empty_con, "leads", [path], mapping=preset_mapping("hubspot", "leads"))
    dated = empty_con.execute("select lead_id, disqualified_at from leads where disqualified_at is not null").fetchall()
    assert dated == [("5001", T(2026, 11, 23, 10, 10))]
    # 5001 closed inside its window: due 1 (5002, within), 100 %, around the clock and in business hours
    for settings in (sla.SlaSettings(), sla.SlaSettings(business_hours=True)):
        assert _summary(empty_con, settings) == (1, 1, 0, 0, 0, 0, 1.0)
