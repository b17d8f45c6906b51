"""Trial 98 (F2) on the SLA page: leads from 12 Sep 2026 (one a day, past the 7-day grace) to 14 Nov 2026, lead
targets 30 / 50 / 60 for Sep / Oct / Nov. The commitment in force is Sep–Nov 2026; its promise counts September pro
rata, 30 × 19/30 = 19, so 129 in all (was 140); 64 leads delivered with 64 of its 80 days gone (80.0 %), a straight
line at 129 × 0.8 = 103.2, written 103."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import account_fixture
import pytest

from dashboard import store

PAGE = "pages/2_SLA.py"


@pytest.fixture
def fixture_db_path(tmp_path) -> str:
    """This file's data instead of the shared fixture (make_app opens whatever this names)."""
    path = str(tmp_path / "pace98.duckdb")
    con = store.connect(path)
    first = date(2026, 9, 12)
    leads = [
        (
            f"L{i}",
            None,
            datetime.combine(first + timedelta(days=i), datetime.min.time()) + timedelta(hours=9),
            "email",
            "CFO",
            "SMB",
            "Ann",
            None,
            None,
        )
        for i in range(64)
    ]
    account_fixture.load(con, leads, [])
    with store.transaction(con):
        con.executemany(
            "insert into targets (month, metric, value) values (?, 'leads', ?)",
            [(date(2026, 9, 1), 30.0), (date(2026, 10, 1), 50.0), (date(2026, 11, 1), 60.0)],
        )
    con.close()
    return path


def test_the_pace_counts_the_data_s_first_month_pro_rata(make_app):
    at = make_app().run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(h.value == "Pace within the commitment of Sep 2026 – Nov 2026" for h in at.subheader)
    assert next(n for n in at.number_input if n.label == "Promised in total").value == pytest.approx(129.0)
    text = next(m.value for m in at.markdown if "leads promised by Nov 2026" in m.value)
    assert text.startswith(
        "**64** of the **129** leads promised by Nov 2026 delivered with 80.0% of the period gone (a straight line "
        "would be at 103)."
    )
    assert any(c.value.startswith("Counted from 12 Sep 2026, the data's first day") for c in at.caption)
