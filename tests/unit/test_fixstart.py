"""Fix "start": a period compared with one the data starts inside (days, not only whole months, before the data's
first day) is not compared where it counts something on the days the other lacks; a period the data starts
inside is held to its targets pro rata from that day; fmt_pct rounds halves up; metrics' JSON says when its range
starts before the data.

The fixture (tests/fixstart_fixture.py), counted by hand. The data starts on 21 Nov 2023 (N1), 20 days into
November (past config.DATA_START_GRACE_DAYS = 7): Nov 2023 holds 21–30 Nov only. It ends on 5 Jan 2025 (E1), so
Dec 2023 and Nov 2024 are whole. No deals.

| lead | created     | source      | MQL    | counted in                                        |
| N1   | 21 Nov 2023 | email       | 22 Nov | Nov 2023 lead, MQL                                |
| N2   | 25 Nov 2023 | email       |        | Nov 2023 lead                                     |
| D1   | 5 Dec 2023  | paid_search | 6 Dec  | Dec 2023 lead, MQL; on 1–20 Dec, the days mirroring Nov's 1–20 |
| D2   | 22 Dec 2023 | email       | 23 Dec | Dec 2023 lead, MQL                                |
| D3   | 28 Dec 2023 | email       |        | Dec 2023 lead                                     |
| V1   | 10 Nov 2024 | paid_search |        | Nov 2024 lead; on 1–20 Nov 2024, mirroring 1–20 Nov 2023 |
| V2–4 | 22, 23, 29 Nov 2024 | email |      | Nov 2024 leads                                    |
| E1   | 5 Jan 2025  | email       |        | Jan 2025 lead (the data's last day)               |

Dec 2023: 3 leads against Nov 2023's 2 (21–30 Nov only): before the fix "+50.0% vs Nov 2023"; D1 on 5 Dec has
no counterpart in November, so not compared. Email only: Dec 2023 2 (D2, D3) against Nov 2023 2 (N1, N2), and
no email lead on 1–20 Dec: the whole months compare the same days, compared (+0.0 %).
Nov 2024: 4 leads against Nov 2023's 2: before "Nov 2023: 2 (+100.0%)"; V1 on 10 Nov 2024: not compared. Email
only: 3 (V2–V4) against 2 (N1, N2), nothing on 1–20 Nov 2024: "Nov 2023: 2 (+50.0%)".
Targets, 6 leads a month from Oct to Dec 2023: Nov 2023 pro rata 6 × 10/30 = 2, 2 leads: 100.0 % (before: 6,
33.3 %); Q4 2023: Oct 0 of 31 days (before the data), Nov 2, Dec 6 = 8, 5 leads (N1, N2, D1–D3): 62.5 % (before:
18, 27.8 %).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fixstart_fixture import LEADS, TARGETS
from fixture_data import load
from period_helpers import kpis as _kpis
from period_helpers import report_text as _text

from dashboard import changes, cli, config, overview, report, store
from dashboard.filters import Filters
from dashboard.formatting import fmt_pct

EMAIL = Filters(sources=("email",))
NOT_COMPARED = "the data starts on 21 Nov 2023"


@pytest.fixture(scope="module")
def con():
    db = store.connect(":memory:")
    load(db, LEADS, [])
    db.executemany("insert into targets (month, metric, value) values (?, ?, ?)", TARGETS)
    yield db
    db.close()


def test_the_month_after_the_data_starts_is_not_set_against_its_part(con):
    k = _kpis(con, "2023-12")
    assert (k["leads"].value, k["mqls"].value) == (3, 2)
    # Nov 2023's 2 leads and 1 MQL are 21–30 Nov's: "+50.0% vs Nov 2023" before
    assert (k["leads"].previous, k["mqls"].previous) == (None, None)
    assert k["leads"].previous_note == NOT_COMPARED
    assert overview.delta_text(k["leads"], "2023-12") is None
    assert f"Nov 2023: not compared, {NOT_COMPARED}" in overview.tile_caption(k["leads"], "2023-12")
    # lead velocity rests on Nov's MQLs: not shown, and why
    assert k["lead_velocity"].value is None
    assert k["lead_velocity"].withheld == f"not shown: {NOT_COMPARED}, inside Nov 2023"


def test_a_view_with_nothing_on_the_missing_days_is_compared(con):
    # email: Dec 2023 2 (D2, D3) against Nov 2023 2 (N1, N2), no email lead on 1–20 Dec: like for like
    k = _kpis(con, "2023-12", EMAIL)
    assert (k["leads"].value, k["leads"].previous, k["leads"].previous_note) == (2, 2, "")
    assert overview.delta_text(k["leads"], "2023-12") == "no change vs Nov"
    # and the unfiltered view is not (D1 on 5 Dec): the rule keys on the view's own days
    assert _kpis(con, "2023-12")["leads"].previous is None


def test_last_year_that_the_data_starts_inside_is_not_compared(con):
    k = _kpis(con, "2024-11")
    assert k["leads"].value == 4
    # before: "Nov 2023: 2 (+100.0%)" (V1 on 10 Nov 2024 against days without data)
    assert k["leads"].last_year is None and k["leads"].last_year_note == NOT_COMPARED
    text = overview.comparisons_text(k["leads"], "2024-11")
    assert f"Nov 2023: not compared, {NOT_COMPARED}" in text and "+100.0%" not in text
    # email: 3 (V2–V4) against 2 (N1, N2), nothing on 1–20 Nov 2024: compared
    email = _kpis(con, "2024-11", EMAIL)["leads"]
    assert (email.value, email.last_year) == (3, 2)
    assert "Nov 2023: 2 (+50.0%)" in overview.comparisons_text(email, "2024-11")


def test_what_changed_is_not_set_against_the_part(con):
    result = changes.summary(con, Filters(), "2023-12")
    assert result.before_data == date(2023, 11, 21)
    assert result.lines() == [
        (
            "Not compared: the data starts on 21 Nov 2023, so Nov 2023 holds 21–30 Nov 2023 only, and set against it "
            "every number would read as a rise.",
            None,
            None,
        )
    ]
    # the email view has nothing on 1–20 Dec: its moves are compared
    assert changes.summary(con, EMAIL, "2023-12").before_data is None


def test_the_caption_says_why(con):
    k = _kpis(con, "2023-12")
    assert overview.not_compared_with(k) == ("previous",)
    caption = overview.period_caption(
        Filters(), "2023-12", date(2025, 1, 5), date(2023, 11, 21), overview.not_compared_with(k)
    )
    assert (
        "The data starts on 21 Nov 2023: Nov 2023 holds 21–30 Nov 2023 only while Dec 2023 counts leads or deals on "
        "1–20 Dec 2023, so Dec 2023 is not compared with it. "
    ) in caption


def test_the_report_does_not_compare_either(con):
    dec = _text(report.build_html(con, Filters(), "2023-12"))
    assert f"| Leads | | 3 | | not compared, {NOT_COMPARED} |" in dec
    assert "Nov 2023 holds 21–30 Nov 2023 only while Dec 2023 counts leads or deals on 1–20 Dec 2023" in dec
    nov = _text(report.build_html(con, Filters(), "2024-11"))
    assert f"Nov 2023: not compared, {NOT_COMPARED}" in nov and "Nov 2023: 2 (+100.0%)" not in nov


def test_the_target_of_a_month_the_data_starts_inside_is_pro_rata(con):
    leads = _kpis(con, "2023-11")["leads"]
    # 6 × 10/30 = 2 for 21–30 Nov; 2 leads: 100.0 % (before: target 6, 33.3 %)
    assert leads.value == 2
    assert leads.target == pytest.approx(2.0) and leads.whole_target == pytest.approx(6.0)
    assert leads.target_note == "pro rata: 10 of 30 days"
    assert leads.attainment == pytest.approx(1.0)
    quarter = _kpis(con, "2023-Q4")["leads"]
    # Oct 0 (before the data) + Nov 2 + Dec 6 = 8; 5 leads: 62.5 % (before: 18, 27.8 %)
    assert quarter.value == 5
    assert quarter.target == pytest.approx(8.0) and quarter.period_target == pytest.approx(18.0)
    assert quarter.attainment == pytest.approx(0.625)
    assert overview.comparisons_text(quarter, "2023-Q4").startswith("target 8 (62.5%)")


@pytest.mark.parametrize(("first_day", "compared"), [(8, True), (9, False)])
def test_a_first_day_in_the_months_first_week_counts_the_month_whole(first_day, compared):
    # G1 on 8 Jan (7 days after the 1st: DATA_START_GRACE_DAYS) or 9 Jan, G2 20 Jan, G3 3 Feb, G4 15 Feb, G5 3 Mar
    # (the data's last day: Feb whole). Feb 2 leads against Jan 2; G3 on 3 Feb lies on the days mirroring 1–8 Jan
    assert config.DATA_START_GRACE_DAYS == 7
    rows = [
        (name, datetime(2025, month, day, 9), "email", "CFO", "SMB", "Ann", "lead", None, None, None)
        for name, month, day in (("G1", 1, first_day), ("G2", 1, 20), ("G3", 2, 3), ("G4", 2, 15), ("G5", 3, 3))
    ]
    db = store.connect(":memory:")
    load(db, rows, [])
    leads = _kpis(db, "2025-02")["leads"]
    db.close()
    assert leads.value == 2
    # 8 Jan: 1–7 Jan read as quiet days, compared 2 against 2; 9 Jan: January holds 9–31 Jan only, not compared
    assert (leads.previous, leads.previous_note) == ((2, "") if compared else (None, "the data starts on 9 Jan 2025"))


def test_fmt_pct_rounds_halves_up():
    # 9/16 = 56.25 %: the float format wrote 56.2 % (half to even); 1/16 = 6.25 %; -9/16; 0.145 = 14.5 %
    assert fmt_pct(9 / 16) == "56.3%"
    assert fmt_pct(1 / 16) == "6.3%"
    assert fmt_pct(-9 / 16) == "-56.3%"
    assert fmt_pct(0.145) == "14.5%"
    assert fmt_pct(9 / 16, sign=True) == "+56.3%"


def test_the_metrics_json_says_the_range_starts_before_the_data(con):
    nov = Filters(date_from=date(2023, 11, 1), date_to=date(2023, 11, 30))
    assert cli.metrics_document(con, nov)["data_starts"] == {
        "date": "2023-11-21",
        "partial": True,
        "note": "the range starts on 1 Nov 2023, before the data's first day (21 Nov 2023): its first days have no "
        "data, so its counts are from that day, not whole",
    }
    dec = Filters(date_from=date(2023, 12, 1), date_to=date(2023, 12, 31))
    assert cli.metrics_document(con, dec)["data_starts"] == {"date": "2023-11-21", "partial": False, "note": None}
