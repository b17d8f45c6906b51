"""Trial 98 (F6/F5/F3/F7) and review 99's rows and clocks, which tests/unit/test_fix98today.py,
tests/unit/test_fix99.py and tests/app/test_fix98today_page.py count by hand.

Leads (web), imported with the clock fixed at 7 Dec 2026 03:28 in the data's zone (UTC): leads horizon 8 Dec 03:28.
  L1 5 Oct, L2 20 Oct, L3 3 Nov, L4 14 Nov 16:30, and L9 8 Dec 03:35 (the import's clock + 1 day + 7 minutes): L9 is
  past the horizon, flagged, and not the data's today: the data runs to 14 Nov.
Targets: leads Nov 60 (November through the 14th: 60 x 14/30 = 28).
Deals, imported at 7 Dec 03:40 (12 minutes after the leads): D1 (L3) open, created 10 Nov; D2 (L4) won, created
  12 Nov, closed 13 Nov.
The older export a replace brings: L1 5 Oct, L2 14 Oct.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dashboard import clock, overview
from dashboard.filters import Filters

IMPORT_CLOCK = datetime(2026, 12, 7, 3, 28)
# past L9 (8 Dec 03:35)
LATER_CLOCK = datetime(2026, 12, 9, 12, 0)
DEALS_CLOCK = datetime(2026, 12, 7, 3, 40)
LEADS = (
    "lead_id,created_at,source\n"
    "L1,2026-10-05,web\n"
    "L2,2026-10-20,web\n"
    "L3,2026-11-03,web\n"
    "L4,2026-11-14 16:30,web\n"
    "L9,2026-12-08 03:35,web\n"
)
OLDER_LEADS = "lead_id,created_at,source\nL1,2026-10-05,web\nL2,2026-10-14,web\n"
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\n"
    "D1,L3,2026-11-10,open,,1000\n"
    "D2,L4,2026-11-12,won,2026-11-13,500\n"
)
TARGETS = "month,metric,value\n2026-11,leads,60\n"


def write_file(folder: Path, name: str, text: str) -> Path:
    """A file of the given text in the folder."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def at_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """The wall clock in the data's zone, fixed."""
    monkeypatch.setattr(clock, "now", lambda: moment)


def nov_leads(con) -> tuple[float | None, float | None]:
    """The overview's leads tile for November 2026: (value, target)."""
    tile = {k.key: k for k in overview.kpis(con, Filters(), "2026-11")}["leads"]
    return tile.value, tile.target


@contextmanager
def machine_zone(zone: str) -> Iterator[None]:
    """The process's local zone (TZ) for a block, restored after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


class KiritimatiMachine(datetime):
    """datetime whose now() is 7 Dec 2026 03:28 UTC, read on a machine in Pacific/Kiritimati (UTC+14): 17:28 there."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        instant = datetime(2026, 12, 7, 3, 28, tzinfo=UTC)
        if tz is None:
            return instant.astimezone(ZoneInfo("Pacific/Kiritimati")).replace(tzinfo=None)
        return instant.astimezone(tz)
