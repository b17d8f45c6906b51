"""Trial 91: a period the data starts inside is not compared as if whole (Q3 2025's September alone read
"Q3 2025: 14 (+457.1%)"), the report's speed-to-lead table adds up to the leads due, a view with nothing in the
period says so, and the report names the data's last day and the time zone of its generation time.

The fixture below, counted by hand. The data starts on 10 Feb 2025 (A1), so Jan 2025 has none and Q1 2025 holds
10 Feb – 31 Mar 2025 only; it ends on 2 Apr 2026 09:00 (B7), so Q1 2026 and Mar 2026 are whole.

| lead | created          | owner | MQL        | SQL              | first contact    | counted in          |
| A1   | 10 Feb 2025      | Bob   | 12 Feb     |                  |                  | Q1 2025 lead, MQL   |
| A2   | 3 Mar 2025       | Bob   |            |                  |                  | Q1 2025 lead        |
| A3   | 15 Apr 2025      | Bob   | 20 Apr     |                  |                  | Q2 2025 lead, MQL   |
| B1   | 5 Jan 2026       | Ann   |            |                  |                  | Q1 2026 lead        |
| B2   | 10 Feb 2026      | Ann   | 11 Feb     |                  |                  | Q1 2026 lead, MQL   |
| B3   | 1 Mar 2026 08:00 | Ann   | 1 Mar      | 1 Mar 09:00      | none             | Q1 2026 lead, MQL, SQL |
| B4   | 20 Mar 2026      | Ann   | 20 Mar     | 21 Mar 09:00     | 21 Mar 09:30     | Q1 2026 lead, MQL, SQL |
| B5   | 21 Mar 2026      | Ann   | 21 Mar     | 22 Mar 10:00     | 22 Mar 15:00     | Q1 2026 lead, MQL, SQL |
| B6   | 24 Mar 2026      | Ann   | 24 Mar     | 25 Mar 10:00     | none             | Q1 2026 lead, MQL, SQL |
| B7   | 2 Apr 2026 09:00 | Ann   |            |                  |                  | Q2 2026 lead        |

Q1 2026: 6 leads (B1–B6), 5 MQLs (B2–B6), 4 SQLs (B3–B6). Q1 2025, last year: 2 leads and 1 MQL, but from 10 Feb
only: not compared (before the fix "Q1 2025: 2 (+200.0%)"). Q2 2025: 1 lead (A3), against Q1 2025's part: not
compared (before: "-50.0% vs Q1"). Mar 2025 against Feb 2025 (the data's first month, counted as data as the trend
lines count it): 1 lead (A2) against 1 (A1), compared.

Mar 2026's SLA, 60 minutes from the SQL date, around the clock: 4 due (B3–B6): B4 within (30 min), B5 late (5 h),
B3 never contacted (no contact 32 days after its SQL date, over the 30-day horizon), B6 not contacted yet and overdue
(8 days). 1 within of 4: 25.0 %. Owner Bob has nothing in Mar 2026.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from fix91_fixture import LEADS
from fixture_data import load
from period_helpers import kpis as _kpis
from period_helpers import report_text as _text

from dashboard import changes, overview, report, store
from dashboard.filters import Filters


@pytest.fixture(scope="module")
def con():
    db = store.connect(":memory:")
    load(db, LEADS, [])
    yield db
    db.close()


def test_last_year_that_the_data_starts_inside_is_not_compared(con):
    k = _kpis(con, "2026-Q1")
    assert (k["leads"].value, k["mqls"].value, k["sqls"].value) == (6, 5, 4)
    # Q1 2025 holds 10 Feb – 31 Mar 2025 only: 2 leads, which read "+200.0%" against a whole quarter
    assert k["leads"].last_year is None and k["mqls"].last_year is None
    assert "Q1 2025: not compared, the data starts on 10 Feb 2025" in overview.comparisons_text(k["leads"], "2026-Q1")
    assert "+200.0%" not in overview.comparisons_text(k["leads"], "2026-Q1")
    # Q4 2025 is whole (no lead in it): compared, 0
    assert k["leads"].previous == 0


def test_previous_period_that_the_data_starts_inside_is_not_compared(con):
    k = _kpis(con, "2025-Q2")
    assert k["leads"].value == 1
    # Q1 2025's 2 leads from 10 Feb: before the fix "-50.0% vs Q1"
    assert k["leads"].previous is None
    assert k["leads"].previous_note == "the data starts on 10 Feb 2025"
    assert overview.delta_text(k["leads"], "2025-Q2") is None
    # its lead velocity rests on Q1 2025's MQLs: not shown, and why
    assert k["lead_velocity"].value is None
    assert k["lead_velocity"].withheld == "not shown: the data starts on 10 Feb 2025, inside Q1 2025"


def test_the_datas_first_month_is_counted_as_data_from_its_first_day(con):
    # Mar 2025 against Feb 2025, the month the data starts in (10 Feb): Feb holds 10–28 Feb only, and March counts
    # A2 on 3 Mar, one of the days (1–9 Mar) that mirror Feb's days without data: not compared. Before fixstart
    # this expected "1 against 1, compared" (the month rule of fix91): that expectation was the defect
    k = _kpis(con, "2025-03")
    assert (k["leads"].value, k["leads"].previous, k["leads"].previous_note) == (
        1,
        None,
        "the data starts on 10 Feb 2025",
    )


def test_what_changed_against_a_previous_period_the_data_starts_inside(con):
    result = changes.summary(con, Filters(), "2025-Q2")
    assert result.lines() == [
        (
            "Not compared: the data starts on 10 Feb 2025, so Q1 2025 holds 10 Feb – 31 Mar 2025 only, and set "
            "against it every number would read as a rise.",
            None,
            None,
        )
    ]
    assert result.note() is None
    assert "leads" in result.not_compared and "lead_velocity" in result.not_compared


def test_the_captions_say_where_the_data_starts(con):
    assert overview.data_start_note("2025-Q1", date(2025, 2, 10), date(2026, 4, 2)) == (
        "The data starts on 10 Feb 2025, inside Q1 2025: its numbers hold 10 Feb – 31 Mar 2025 only, not the whole "
        "quarter, and its targets are pro rata to those days. "
    )
    assert overview.data_start_note("2026-Q1", date(2025, 2, 10), date(2026, 4, 2)) == (
        "The data starts on 10 Feb 2025: Q1 2025 holds 10 Feb – 31 Mar 2025 only, so Q1 2026 is not compared with it. "
    )
    # (fixstart: Feb 2025 holds 10–28 Feb only; before, the month rule said nothing here)
    assert overview.data_start_note("2025-03", date(2025, 2, 10), date(2026, 4, 2)) == (
        "The data starts on 10 Feb 2025: Feb 2025 holds 10–28 Feb 2025 only, so Mar 2025 is not compared with it. "
    )
    assert overview.data_start_note("2025-04", date(2025, 2, 10), date(2026, 4, 2)) == ""


def test_the_report_of_a_period_the_data_starts_inside(con):
    text = _text(report.build_html(con, Filters(), "2025-Q1"))
    assert "The data starts on 10 Feb 2025, inside Q1 2025: its numbers hold 10 Feb – 31 Mar 2025 only" in text
    q1 = _text(report.build_html(con, Filters(), "2026-Q1"))
    assert "Q1 2025: not compared, the data starts on 10 Feb 2025" in q1
    assert "+200.0%" not in q1
    q2 = _text(report.build_html(con, Filters(), "2025-Q2"))
    assert "| Leads | | 1 | | not compared, the data starts on 10 Feb 2025 |" in q2


def test_the_reports_speed_to_lead_adds_up_to_the_leads_due(con):
    text = _text(report.build_html(con, Filters(), "2026-03"))
    section = text.split("Speed to lead", 1)[1]
    parts = "| Within the SLA | | Contacted late | | Never contacted | | Waiting, overdue |"
    assert f"| SLA compliance | | Leads due | {parts}" in section
    # 4 due = 1 within + 1 late + 1 never contacted + 1 not contacted yet and overdue
    assert "| 25.0% | | 4 | | 1 | | 1 | | 1 | | 1 |" in section


def test_a_view_with_nothing_in_the_period_says_so(con):
    bob = Filters(owners=("Bob",))
    assert overview.empty_view_note(bob, "2026-03", _kpis(con, "2026-03", bob)) == (
        "No leads or deals for owner Bob in Mar 2026: no lead was created or reached a stage and no deal was created "
        "or closed, so the numbers below are 0 or “–”."
    )
    assert "No leads or deals for owner Bob in Mar 2026" in _text(report.build_html(con, bob, "2026-03"))
    # Ann has leads in March: nothing said
    ann = Filters(owners=("Ann",))
    assert overview.empty_view_note(ann, "2026-03", _kpis(con, "2026-03", ann)) == ""


def test_the_report_names_the_datas_last_day_and_the_time_zone(con):
    text = _text(report.build_html(con, Filters(), "2026-03"))
    assert "data through 2 Apr 2026" in text
    assert re.search(r"generated \d{4}-\d\d-\d\d \d\d:\d\d [A-Z][A-Za-z+\-0-9]+ from the funnel dashboard", text)
