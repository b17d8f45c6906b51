"""Trial 61, counted by hand: leads that reached MQL or SQL by their status alone (no stage date). Activity mode's
friction steps into and out of those stages are not judged on dated entries alone, and say so (page, JSON, report);
the seed checks' volume cards and the monthly report say how many reached a stage with no date."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import friction, report
from dashboard.cli import metrics_document
from dashboard.filters import Filters

T = datetime


def _lead(lead_id: str, day: int, source: str, stage: str, mql: bool, sql: bool) -> tuple:
    """One lead created on day `day` of Jan 2026 (owner Ann for all): its MQL date the day after and SQL date two days
    after when `mql` / `sql`, else none."""
    created = T(2026, 1, day)
    mql_at = created + timedelta(days=1) if mql else None
    sql_at = created + timedelta(days=2) if sql else None
    return (lead_id, created, source, None, None, "Ann", stage, mql_at, sql_at, None)


def _leads() -> list[tuple]:
    """80 leads created 1–20 Jan 2026, 40 web (W01–W40) and 40 events (E01–E40), half of each at MQL or past it.

    web:    W01–W04 SQL with an MQL and an SQL date; W05–W20 MQL with an MQL date; W21–W40 lead.
    events: E01–E03 SQL by status alone (no date); E04–E05 MQL with an MQL date; E06–E20 MQL by status alone;
            E21–E40 lead.
    MQLs: 20 + 20 = 40, of them dated 20 + 2 = 22, undated 3 + 15 = 18. SQLs: 4 + 3 = 7, dated 4, undated 3.
    """
    rows = []
    for i in range(1, 41):
        day = (i - 1) % 20 + 1
        web = "sql" if i <= 4 else "mql" if i <= 20 else "lead"
        rows.append(_lead(f"W{i:02d}", day, "web", web, i <= 20, i <= 4))
        events = "sql" if i <= 3 else "mql" if i <= 20 else "lead"
        rows.append(_lead(f"E{i:02d}", day, "events", events, i in (4, 5), False))
    return rows


@pytest.fixture
def undated_con():
    connection, _ = built_copy(f"{__name__} undated_con", lambda db, _folder: load(db, _leads(), []))
    yield connection
    connection.close()


ACTIVITY = Filters(mode="activity", window_days=0)
NOT_JUDGED = (
    "Not judged in activity mode: Lead→MQL, MQL→SQL and SQL→Opportunity. Of the leads created at any date, 18 leads "
    "reached MQL and 3 leads reached SQL with no date for the stage (a status or a yes/no column alone says so); "
    "activity mode counts each stage by its own date, so these steps' rates would leave them out and flag segments "
    "on rates that are not theirs. Cohort mode judges these steps with every lead; map the stage's date column to "
    "judge them here."
)


def test_activity_mode_flags_no_step_from_its_dated_entries_alone(undated_con):
    # by dated entries events' Lead→MQL is 2 of 40 (5 %) against web's 20 of 40 (50 %): intervals apart, 40 a side,
    # flagged before. The real rates are 20 of 40 both: nothing to flag. The three steps touching MQL or SQL are
    # left out; Opportunity→Customer has nothing to judge (no deal)
    flags = friction.find(undated_con, ACTIVITY)
    assert flags.empty, flags["message"].tolist()
    unjudged = friction.undated_steps(undated_con, ACTIVITY)
    assert unjudged.steps == (("lead", "mql"), ("mql", "sql"), ("sql", "opportunity"))
    assert unjudged.note() == NOT_JUDGED


def test_the_metrics_json_says_which_steps_activity_mode_leaves_unjudged(undated_con):
    doc = metrics_document(undated_con, ACTIVITY)
    assert doc["friction"] == []
    # 18 undated MQLs and 3 undated SQLs (the fixture's table)
    assert doc["friction_not_judged"] == {
        "steps": ["Lead→MQL", "MQL→SQL", "SQL→Opportunity"],
        "undated": {"mql": 18, "sql": 3},
        "note": NOT_JUDGED,
    }
    # cohort mode counts every stage reached, dated or not: every step is judged, and web against events at Lead→MQL
    # (20 of 40 each) is no friction
    cohort = metrics_document(undated_con, Filters(window_days=0))
    assert cohort["friction_not_judged"] is None
    assert not [f for f in cohort["friction"] if f["stage"] == "Lead→MQL" and f["kind"] == "rest"]


def test_the_volume_cards_say_the_stages_reached_with_no_date(undated_con):
    # entries by their own date: 80 leads, 22 MQLs (18 more undated), 4 SQLs (3 more undated)
    checks = {c.metric: c for c in friction.volume(undated_con, Filters())}
    assert checks["leads"].sentence("leads") == "80 leads entered; no target set."
    assert checks["mqls"].sentence("MQLs") == (
        "22 MQLs entered; no target set. Not counted: 18 leads that reached MQL with no date for the stage (below)."
    )
    assert checks["sqls"].sentence("SQLs") == (
        "4 SQLs entered; no target set. Not counted: 3 leads that reached SQL with no date for the stage (below)."
    )


def test_the_sql_gap_is_put_down_to_the_undated_sqls_not_to_dates(undated_con):
    # no dates picked: the 7 SQLs of the funnel against 4 entries are the 3 undated, not "these dates"
    view = Filters()
    checks = friction.volume(undated_con, view)
    assert friction.entries_note(checks, 7, "SQLs", view) == (
        "The top of the funnel and the SQL shortfall count each stage by its own date, by lead, as targets are set: "
        "4 SQLs; SQL quality counts the 7 SQLs of this view's funnel. 3 leads of the view reached SQL with no date "
        "for the stage: the funnel counts them, no count of entries can."
    )


def test_the_monthly_report_says_the_undated_stages_and_the_unjudged_steps(undated_con):
    page = report.build_html(undated_con, Filters(), "2026-01", base="http://app")
    # January by its own dates: 22 MQLs; its leads as a cohort: 40 MQLs, 18 of them with no date
    assert (
        "and 18 leads created in Jan 2026 reached MQL with no date for the stage, which the cohort counts and no "
        "count by date can" in page
    )
    assert (
        "Not counted here: of the leads created in Jan 2026, 18 leads reached MQL and 3 leads reached SQL with no "
        "date for the stage" in page
    )
    # the report's friction points are counted by activity: the three steps are said unjudged (up to 31 Jan)
    assert "Not judged in activity mode: Lead→MQL, MQL→SQL and SQL→Opportunity. Of the leads created up to 31 Jan " in (
        page
    )
