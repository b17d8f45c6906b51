"""Tidy 100: config values the SQL used to repeat by hand now follow config, and the pages' fallback day without data
is the data's zone's; every number by hand.

Leads L1 3 Nov and L2 14 Nov 2026 16:30 (web), imported with the clock at 7 Dec 2026 03:28: the latest record is of
14 Nov. A day stated complete through, 30 Nov, is 16 days after it (30 - 14): it counts while
config.COMPLETE_THROUGH_MAX_DAYS is 16 or more (the data's today 30 Nov), and not at 15 (the data's today 14 Nov).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fix98_fixture import KiritimatiMachine

from dashboard import clock, config, spark_sql, store, targets
from dashboard.importers.canonical import import_files

LEADS = "lead_id,created_at,source\nL1,2026-11-03,web\nL2,2026-11-14 16:30,web\n"


@pytest.fixture
def stated_30_nov(empty_con, tmp_path, monkeypatch):
    """The two leads imported at 7 Dec 03:28, and 30 Nov stated in meta (as set_complete_through stores it)."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 7, 3, 28))
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    import_files(empty_con, "leads", [path])
    # written as set_complete_through writes it: that function refuses the day under a bound below 16 itself
    store.set_meta(empty_con, store.COMPLETE_THROUGH_KEY, "2026-11-30")
    return empty_con


@pytest.mark.parametrize(
    ("max_days", "last_day"),
    [
        # 16 days after 14 Nov: counted under a bound of 16 or more (31 is config's)
        (31, date(2026, 11, 30)),
        (16, date(2026, 11, 30)),
        # not under 15 or 10: the data runs to its latest record (refresh.sql wrote 31 by hand: 30 Nov)
        (15, date(2026, 11, 14)),
        (10, date(2026, 11, 14)),
    ],
)
def test_the_data_s_today_counts_a_stated_day_within_config_s_bound(stated_30_nov, monkeypatch, max_days, last_day):
    monkeypatch.setattr(config, "COMPLETE_THROUGH_MAX_DAYS", max_days)
    store.refresh_deal_facts(stated_30_nov)
    assert targets.data_last_day(stated_30_nov) == last_day


def test_the_spark_build_binds_the_same_bound(monkeypatch):
    monkeypatch.setattr(config, "COMPLETE_THROUGH_MAX_DAYS", 15)
    views = {view: args for view, _, args in spark_sql.create_statements("schema/refresh", store.refresh_params())}
    assert views["data_as_of"] == {"complete_through_max_days": 15}
    # the deal facts and data_days take no parameter
    assert views["deal_facts"] == {}
    assert views["data_days"] == {}


def test_a_page_s_day_without_data_is_today_in_the_data_s_zone_not_the_machine_s(monkeypatch):
    monkeypatch.setattr(clock, "datetime", KiritimatiMachine)
    # the machine's own clock reads 7 Dec 17:28; in a data zone of Honolulu (UTC-10) the instant is 6 Dec 17:28
    monkeypatch.setattr(config, "DATA_TIMEZONE", "Pacific/Honolulu")
    assert clock.day_or_today(None) == date(2026, 12, 6)
    # a day of the data is kept as it is
    assert clock.day_or_today(date(2026, 11, 14)) == date(2026, 11, 14)
