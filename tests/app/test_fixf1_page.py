"""Trial 61 on the Friction page (AppTest over the 80 hand-counted leads of tests/unit/test_fixf1.py: 18 MQLs and 3
SQLs known from their status alone): in activity mode the steps into and out of MQL and SQL are said unjudged and no
point is flagged on dated entries alone; the seed checks' cards say the stages reached with no date."""

from __future__ import annotations

from datetime import datetime, timedelta

from fixture_data import load

T = datetime


def _leads() -> list[tuple]:
    """80 leads created 1–20 Jan 2026 (owner Ann), 40 web (W) and 40 events (E), as in tests/unit/test_fixf1.py.

    web:    W01–W04 SQL with an MQL and an SQL date; W05–W20 MQL with an MQL date; W21–W40 lead.
    events: E01–E03 SQL by status alone; E04–E05 MQL with an MQL date; E06–E20 MQL by status alone; E21–E40 lead.
    MQLs 40: dated 22, undated 18. SQLs 7: dated 4, undated 3.
    """
    rows = []
    for i in range(1, 41):
        created = T(2026, 1, (i - 1) % 20 + 1)
        mql_at, sql_at = created + timedelta(days=1), created + timedelta(days=2)
        web = "sql" if i <= 4 else "mql" if i <= 20 else "lead"
        rows.append(
            (
                f"W{i:02d}",
                created,
                "web",
                None,
                None,
                "Ann",
                web,
                mql_at if i <= 20 else None,
                sql_at if i <= 4 else None,
                None,
            )
        )
        events = "sql" if i <= 3 else "mql" if i <= 20 else "lead"
        rows.append(
            (f"E{i:02d}", created, "events", None, None, "Ann", events, mql_at if i in (4, 5) else None, None, None)
        )
    return rows


NOT_JUDGED = (
    "Not judged in activity mode: Lead→MQL, MQL→SQL and SQL→Opportunity. Of the leads created at any date, 18 leads "
    "reached MQL and 3 leads reached SQL with no date for the stage (a status or a yes/no column alone says so); "
    "activity mode counts each stage by its own date, so these steps' rates would leave them out and flag segments "
    "on rates that are not theirs. Cohort mode judges these steps with every lead; map the stage's date column to "
    "judge them here."
)


def _friction(app_over, view: str, **query: str):
    at = app_over(lambda con: load(con, _leads(), []), fr_view=view, **query).run()
    at.switch_page("pages/4_Friction.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_activity_points_say_the_unjudged_steps_and_flag_nothing_on_dated_entries(app_over):
    at = _friction(app_over, "points", mode="activity", window="0")
    # before: "Lead→MQL for source Events is 5.0% against 50.0% for the rest" (2 of 40 dated against 20 of 40)
    assert [w.value for w in at.warning] == [NOT_JUDGED]
    assert not [m.value for m in at.markdown if "Lead→MQL for" in m.value]
    assert [s.value for s in at.success] == [
        "No step of any segment judged here is clearly worse than its comparison in this view."
    ]


def test_the_seed_checks_say_the_mqls_and_sqls_reached_with_no_date(app_over):
    at = _friction(app_over, "checks")
    texts = [m.value for m in at.markdown]
    # 22 dated MQL entries, 18 more undated; 4 dated SQL entries, 3 more undated
    assert (
        "22 MQLs entered; no target set. Not counted: 18 leads that reached MQL with no date for the stage (below)."
        in texts
    )
    assert (
        "4 SQLs entered; no target set. Not counted: 3 leads that reached SQL with no date for the stage (below)."
        in texts
    )
    captions = [c.value for c in at.caption]
    assert (
        "Not counted here: of the leads created at any date, 18 leads reached MQL and 3 leads reached SQL with no date "
        "for the stage nor a later one (a status or a yes/no column alone says so): counted by each stage's own date, "
        "they are in no month. The cohort funnel counts them; map a stage date column to count them in their month."
        in captions
    )
