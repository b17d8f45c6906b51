"""Review 99 N1/N2/L1/T1: a horizon per table (leads judged against the last leads import's clock, deals against the
last deals import's), complete-through bounded by the day of the last leads or deals import, and the upgrade's
machine-zone conversion; every number by hand.

Leads (web), imported with the clock fixed at 7 Dec 2026 03:28 in the data's zone (UTC): leads horizon 8 Dec 03:28.
  L1 5 Oct, L2 20 Oct, L3 3 Nov, L4 14 Nov 16:30, and L9 8 Dec 03:35 (the import's clock + 1 day + 7 minutes): L9 is
  flagged and the data runs to 14 Nov. Targets: leads Nov 60, so November (14 of 30 days) is 2 leads (L3, L4) of 28.
Deals, imported 12 minutes later (7 Dec 03:40): D1 (L3) open, created 10 Nov; D2 (L4) won, created 12 Nov, closed
  13 Nov. Deals horizon 8 Dec 03:40. int2's one shared horizon became 8 Dec 03:40: L9 (03:35) fell inside it, the
  data's today became 8 Dec, November whole, 2 of 60. Here the leads keep 8 Dec 03:28: 14 Nov, 2 of 28, L9 flagged.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fix98_fixture import (
    DEALS,
    DEALS_CLOCK,
    IMPORT_CLOCK,
    LEADS,
    TARGETS,
    at_clock,
    machine_zone,
    nov_leads,
    write_file,
)

from dashboard import checks as data_checks
from dashboard import store, targets
from dashboard.importers import checks
from dashboard.importers.canonical import import_files


@pytest.fixture
def leads_then_deals(empty_con, tmp_path, monkeypatch):
    """Leads and targets imported at 7 Dec 03:28, the deals 12 minutes later; returns the deals import's report."""
    at_clock(monkeypatch, IMPORT_CLOCK)
    import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", LEADS)])
    import_files(empty_con, "targets", [write_file(tmp_path, "targets.csv", TARGETS)])
    at_clock(monkeypatch, DEALS_CLOCK)
    report = import_files(empty_con, "deals", [write_file(tmp_path, "deals.csv", DEALS)])
    return empty_con, report


def test_a_deals_import_minutes_after_the_leads_leaves_a_flagged_lead_out_of_the_data_s_today(leads_then_deals):
    con, report = leads_then_deals
    # int2: 8 Dec (L9), November whole, 2 of 60
    assert targets.data_last_day(con) == date(2026, 11, 14)
    assert nov_leads(con) == (2, pytest.approx(28))
    # L9 still named by the check (int2: dropped from it, nothing flagged); the deals are all before their horizon
    assert data_checks.violations(con, "no_future_dates")["id"].tolist() == ["L9"]
    assert checks.FUTURE_DATE not in report.warnings
    assert store.horizon(con, "leads") == datetime(2026, 12, 8, 3, 28)
    assert store.horizon(con, "deals") == datetime(2026, 12, 8, 3, 40)
    # the later of the two: the last leads or deals import's
    assert store.horizon(con) == datetime(2026, 12, 8, 3, 40)


def test_an_older_file_s_one_horizon_becomes_both_tables_at_its_upgrade(leads_then_deals):
    con, _ = leads_then_deals
    # a file of int2: one data_horizon (7 Dec 03:28 + a day), no horizon per table
    con.execute("delete from meta where key in ('leads_horizon', 'deals_horizon')")
    store.set_meta(con, "data_horizon", "2026-12-08T03:28:00")
    store.set_sales_sources(con, ["sales"])
    assert store.get_meta(con, "leads_horizon") == "2026-12-08T03:28:00"
    assert store.get_meta(con, "deals_horizon") == "2026-12-08T03:28:00"
    assert store.get_meta(con, "data_horizon") is None
    assert targets.data_last_day(con) == date(2026, 11, 14)


def test_complete_through_is_bounded_by_the_day_of_the_last_import_not_the_wall_clock(empty_con, tmp_path, monkeypatch):
    at_clock(monkeypatch, IMPORT_CLOCK)
    import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", LEADS)])
    # six days later (13 Dec 09:00): the exports imported on 7 Dec cannot run to 12 Dec (int2 accepted it)
    at_clock(monkeypatch, datetime(2026, 12, 13, 9, 0))
    with pytest.raises(ValueError) as refused:
        store.set_complete_through(empty_con, date(2026, 12, 12))
    assert str(refused.value) == (
        "the exports were imported on 7 Dec 2026: they cannot be complete through a later day (12 Dec 2026)"
    )
    # the day after the import's: refused too
    with pytest.raises(ValueError, match="imported on 7 Dec 2026"):
        store.set_complete_through(empty_con, date(2026, 12, 8))
    assert store.complete_through(empty_con) is None
    assert targets.data_last_day(empty_con) == date(2026, 11, 14)
    # the import's own day: 23 days after 14 Nov (16 + 7), accepted
    assert store.set_complete_through(empty_con, date(2026, 12, 7)) == date(2026, 11, 14)
    assert targets.data_last_day(empty_con) == date(2026, 12, 7)
    # a deals import on 10 Dec 09:00 is the last import: 10 Dec is then accepted
    at_clock(monkeypatch, datetime(2026, 12, 10, 9, 0))
    import_files(empty_con, "deals", [write_file(tmp_path, "deals.csv", DEALS)])
    assert store.last_import_day(empty_con) == date(2026, 12, 10)
    at_clock(monkeypatch, datetime(2026, 12, 13, 9, 0))
    store.set_complete_through(empty_con, date(2026, 12, 10))
    assert targets.data_last_day(empty_con) == date(2026, 12, 10)


def test_the_upgrade_reads_the_last_import_time_in_the_machine_s_zone(leads_then_deals):
    con, _ = leads_then_deals
    # 17:28 on a machine in Pacific/Kiritimati (UTC+14) is 03:28 UTC; 22:28 in New York (EST, UTC-5) is 03:28 next day
    with machine_zone("Pacific/Kiritimati"):
        assert store._in_data_zone(datetime(2026, 12, 7, 17, 28)) == datetime(2026, 12, 7, 3, 28)
    with machine_zone("America/New_York"):
        assert store._in_data_zone(datetime(2026, 12, 6, 22, 28)) == datetime(2026, 12, 7, 3, 28)
    # an older file without a horizon, its last import written at 17:28 Kiritimati time: horizon 8 Dec 03:28 UTC, so
    # L9 (8 Dec 03:35) stays out (read as UTC, 8 Dec 17:28, it would be the data's today)
    con.execute("delete from meta where key in ('leads_horizon', 'deals_horizon')")
    store.set_meta(con, "last_import_at", "2026-12-07T17:28:00")
    with machine_zone("Pacific/Kiritimati"):
        store.set_sales_sources(con, ["sales"])
    assert store.horizon(con, "leads") == datetime(2026, 12, 8, 3, 28)
    assert targets.data_last_day(con) == date(2026, 11, 14)
