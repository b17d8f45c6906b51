"""Trial 98 (F2): the SLA page's volume pace counts the month the data starts in pro rata, as the tiles count its
target. Lead targets 30 / 50 / 60 for Sep / Oct / Nov 2026, the data's first day 12 Sep (past the 7-day grace), one
lead a day from then, the data's today 14 Nov.

- counted from 12 Sep: 19 of September's 30 days, so September promises 30 × 19/30 = 19; in all 19 + 50 + 60 = 129
  (the whole months: 140, what the page said: "120 of the 140 promised")
- the commitment's days: 12–30 Sep 19, Oct 31, Nov 30 = 80; gone by 14 Nov: 19 + 31 + 14 = 64, 80.0 %; delivered 64
- the straight line at 14 Nov: 129 × 64/80 = 103.2; it is 0 on 11 Sep, 129/80 = 1.6125 on 12 Sep, 129 on 30 Nov
"""

from datetime import date

import pandas as pd
import pytest

from dashboard import sla

SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
DATA_FIRST = date(2026, 9, 12)
TODAY = date(2026, 11, 14)


def _delivery() -> pd.DataFrame:
    months = pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"])
    return pd.DataFrame({"metric": "leads", "month": months, "promised": [20.0, 30.0, 50.0, 60.0]})


def _daily() -> pd.DataFrame:
    days = pd.date_range("2026-09-01", "2026-11-30")
    return pd.DataFrame({"day": days, "delivered": [1 if d.date() >= DATA_FIRST else 0 for d in days]})


def test_the_pace_starts_on_the_data_s_first_day_past_the_grace():
    assert sla.pace_start(SEP, DATA_FIRST) == DATA_FIRST
    # a first lead on 5 Sep: 1-4 Sep were quiet, the month counts whole
    assert sla.pace_start(SEP, date(2026, 9, 5)) == SEP
    # a commitment starting after the data's first month
    assert sla.pace_start(OCT, DATA_FIRST) == OCT
    assert sla.pace_start(SEP, None) == SEP


def test_the_promise_counts_the_first_month_pro_rata():
    start = sla.pace_start(SEP, DATA_FIRST)
    assert sla.default_promise(_delivery(), "leads", SEP, NOV, start) == (pytest.approx(129.0), "")
    # without the data's start: the whole months, as before
    assert sla.default_promise(_delivery(), "leads", SEP, NOV) == (140.0, "")
    # August lies wholly before the data: it promises nothing the data could hold
    aug = date(2026, 8, 1)
    assert sla.default_promise(_delivery(), "leads", aug, NOV, sla.pace_start(aug, DATA_FIRST)) == (
        pytest.approx(129.0),
        "",
    )


def test_the_pace_and_its_line_count_from_the_start():
    start = sla.pace_start(SEP, DATA_FIRST)
    p = sla.pace(_daily(), "leads", SEP, NOV, 129.0, TODAY, start)
    assert (p.delivered, p.elapsed_share) == (64, 0.8)
    assert p.expected_by_now == pytest.approx(103.2)
    curve = sla.pace_curve(_daily(), 129.0, TODAY, start).set_index("day")["plan"]
    assert curve.loc["2026-09-11"] == 0
    assert curve.loc["2026-09-12"] == pytest.approx(1.6125)
    assert curve.loc["2026-11-30"] == pytest.approx(129.0)
    assert sla.pace_start_note(SEP, start) == (
        "Counted from 12 Sep 2026, the data's first day: Sep 2026's promise pro rata (19 of its 30 days), as the "
        "tiles count its target."
    )
    assert sla.pace_start_note(SEP, SEP) == ""
