"""The reread's mends: the SLA pace's promise takes the targets' own pro rata (targets.month_share, as totals and the
alignment chart count a month), and the report reads the tiles and the coverage in one pass over the deals
(overview.kpi_parts, as the landing page) with the same numbers.

Pace: lead targets 20 / 30 / 50 / 60 for Aug / Sep / Oct / Nov 2026, the data's first day 12 Sep (past the 7-day
grace): August 0 of its 31 days, September 19 of 30 (12-30 Sep), October and November whole:
20 × 0 + 30 × 19/30 + 50 + 60 = 129.

Report, tests/fixture_data.py (data 5 Jan - 20 Mar 2025) with a revenue target of 3,000 for each of Jan-Mar 2025, March
2025: the quarter's whole target 9,000; won in Q1 to 20 Mar D1 1,000 (1 Feb) + D3 3,000 (15 Mar) = 4,000, still to win
5,000; open now D4 2,000 + D5 700 = 2,700, covering it 2,700 / 5,000 = 0.54 → "0.5×"; the trailing year's closes D1
won, D2 lost, D3 won: 2 / 3 = 66.7 %, about 1 / (2/3) = 1.5× needed, 1.5 × 5,000 - 2,700 = 4,800 more; March alone
D3 won: 100.0 % (the Win rate tile).
"""

from __future__ import annotations

import re
from datetime import date
from unittest import mock

import pandas as pd
import pytest

from dashboard import report, sla, targets
from dashboard.filters import Filters

AUG, SEP, OCT, NOV = date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
DATA_FIRST = date(2026, 9, 12)


def _delivery() -> pd.DataFrame:
    months = pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"])
    return pd.DataFrame({"metric": "leads", "month": months, "promised": [20.0, 30.0, 50.0, 60.0]})


def test_a_month_s_share_is_its_days_counted_over_its_days():
    assert targets.month_share(SEP, DATA_FIRST, None) == pytest.approx(19 / 30)
    assert targets.month_share(AUG, DATA_FIRST, None) == 0.0
    assert targets.month_share(OCT, DATA_FIRST, None) == 1.0
    # cut at both ends: 12-14 Nov is 3 of 30 days
    assert targets.month_share(NOV, date(2026, 11, 12), date(2026, 11, 14)) == pytest.approx(3 / 30)
    assert targets.month_share(NOV, None, None) == 1.0


def test_the_pace_s_promise_counts_each_month_as_the_targets_do():
    assert sla.promised_total(_delivery(), "leads", AUG, NOV, DATA_FIRST) == pytest.approx(129.0)
    assert sla.promised_total(_delivery(), "leads", SEP, NOV, DATA_FIRST) == pytest.approx(129.0)
    # without the data's start: the whole months, 30 + 50 + 60
    assert sla.promised_total(_delivery(), "leads", SEP, NOV) == 140.0


def test_the_pace_s_promise_has_no_pro_rata_of_its_own():
    # the one rule: whatever share targets.month_share gives a month, the promise takes (half of 140 = 70)
    with mock.patch.object(targets, "month_share", return_value=0.5):
        assert sla.default_promise(_delivery(), "leads", SEP, NOV, DATA_FIRST) == (70.0, "")


@pytest.fixture
def targeted(con):
    con.executemany(
        "insert into targets (month, metric, value) values (?, 'revenue', 3000)",
        [["2025-01-01"], ["2025-02-01"], ["2025-03-01"]],
    )
    return con


def test_the_report_reads_the_deals_once_with_the_same_numbers(targeted, reads):
    page = report.build_html(targeted, Filters(), "2025-03")
    assert (
        "$4k of the $9k target for Q1 2025 is won; the $2.7k of pipeline open now (every open deal, whenever "
        "created) covers the $5k still to win 0.5×, and at the 66.7% win rate of the deals closed in the 365 days to "
        "20 Mar 2025 (Mar 2025 alone, the Win rate tile: 100.0%) it takes about 1.5×: about $4.8k more pipeline is "
        "needed." in page
    )
    assert re.search(r"<td>Win rate</td><td>100.0%</td>", page)
    assert re.search(r"<td>Revenue</td><td>\$3k</td>", page)
    # the tiles' pass over the deals gives the coverage's win rates: deals.sql only for the cohort view's headline
    # (three before: coverage read the trailing year and March again); date_bounds once (twice); the alignment
    # chart cut from the tiles' span (monthly_deals 4, five before)
    assert reads["period_outcomes"] == 1
    assert reads["deals"] == 1
    assert reads["date_bounds"] == 1
    assert reads["monthly_deals"] == 4
    # the friction section's step rates of the month and of its previous period from one read (step_rates_periods,
    # two step_rates before)
    assert reads["step_rates_periods"] == 1
    assert "step_rates" not in reads
    # the statements in all: 34 on this fixture (35 before the step rates were read once, 40 before that)
    assert sum(reads.values()) == 34
