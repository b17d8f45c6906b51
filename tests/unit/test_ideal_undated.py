"""The ideal lead in activity mode when some leads reached Customer by their stage alone (no won deal, no date),
counted by hand: the dated customers alone are no segment's rate, so no ideal lead is named, and the page says why."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import friction
from dashboard.filters import Filters

T = datetime


def _rows() -> tuple[list[tuple], list[tuple]]:
    """80 leads created 1–20 Jan 2026 with MQL and SQL dates: web W01–W40, events E01–E40.

    web:    W01–W10 customers by a won deal created and closed in January (dated); W11–W40 SQL.
    events: E01–E10 customers by their lifecycle stage alone (no deal: opportunity and customer undated); E11–E40 SQL.
    Activity mode's dated customers: web 10 of 40 (25 %), events 0 of 40, all 10 of 80 (12.5 %); web's Wilson
    interval (10 of 40: 14.2 %–40.2 %) is above 12.5 %, so the dated entries alone name web the ideal source, though
    events has as many customers (10 of 40 each: no source stands out).
    """
    leads, deals = [], []
    for i in range(1, 41):
        created = T(2026, 1, (i - 1) % 20 + 1)
        dates = (created + timedelta(days=1), created + timedelta(days=2), None)
        stage = "customer" if i <= 10 else "sql"
        leads.append((f"W{i:02d}", created, "web", None, None, "Ann", stage, *dates))
        leads.append((f"E{i:02d}", created, "events", None, None, "Ann", stage, *dates))
        if i <= 10:
            deals.append(
                (f"D{i:02d}", f"W{i:02d}", "Ann", created + timedelta(days=3), "won", T(2026, 1, 25), 100.0, None)
            )
    return leads, deals


@pytest.fixture
def con():
    connection, _ = built_copy(f"{__name__} con", lambda db, _folder: load(db, *_rows()))
    yield connection
    connection.close()


ACTIVITY = Filters(mode="activity", window_days=0)


def test_no_ideal_lead_on_dated_customers_alone(con):
    lifted = friction.lift(con, ACTIVITY)
    undated = friction.undated_steps(con, ACTIVITY)
    # events' 10 customers by stage alone: undated at Opportunity and Customer
    assert dict(undated.undated) == {"mql": 0, "sql": 0, "opportunity": 10, "customer": 10}
    assert friction.ideal_lead(lifted, undated) == []
    # events' 10 customers reached Opportunity and Customer undated
    assert undated.lift_note() == (
        "Of the leads created at any date, 10 leads reached Opportunity and 10 leads reached Customer with no date "
        "for the stage (a status or a yes/no column alone says so): activity mode counts each stage by its own date, "
        "so the rates below leave them out, and a step into or out of such a stage is not compared side by side. "
        "Cohort mode counts them; map the stage's date column to count them here. No ideal lead is named: the rates "
        "to Customer of dated entries alone are not the segments'."
    )


def test_cohort_mode_counts_every_customer_and_names_no_source(con):
    # cohort: 10 of 40 customers in each source, 20 of 80 overall (25 %): no source's interval is above it
    cohort = Filters(window_days=0)
    undated = friction.undated_steps(con, cohort)
    assert undated.lift_note() is None
    ideal = friction.ideal_lead(friction.lift(con, cohort), undated)
    assert [i for i in ideal if i["dimension"] == "source"] == []


def test_side_by_side_counts_no_step_into_an_undated_stage(con):
    # undated: Opportunity and Customer (events' 10). Lead→MQL and MQL→SQL are compared: 40 of 40 each side (all
    # 80 leads have MQL and SQL dates); SQL→Opportunity, Opportunity→Customer and Lead→Customer are not
    lifted = friction.lift(con, ACTIVITY)
    part = lifted[lifted["dimension"] == "source"]
    table = friction.side_by_side(part, "web", "events", undated=friction.undated_steps(con, ACTIVITY))
    rows = table.set_index("step")
    assert rows.loc["Lead→MQL", "web"].startswith("100.0%")
    assert rows.loc["MQL→SQL", "events"].startswith("100.0%")
    blank = ["SQL→Opportunity", "Opportunity→Customer", "Lead→Customer"]
    assert rows.loc[blank, "web"].tolist() == [friction.UNDATED_CELL] * 3
    assert rows.loc[blank, "events"].tolist() == [friction.UNDATED_CELL] * 3
    assert rows.loc[blank, "clearly different"].isna().all()


def test_the_table_output_gives_no_all_clear_for_the_steps_left_unjudged(con, capsys):
    from dashboard.cli import _print_friction, metrics_document

    doc = metrics_document(con, ACTIVITY)
    # SQL→Opportunity and Opportunity→Customer are left unjudged (Opportunity and Customer reached undated)
    assert doc["friction_not_judged"]["steps"] == ["SQL→Opportunity", "Opportunity→Customer"]
    _print_friction(doc)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:3] == ["friction", "  no step judged here stands out"]
    assert lines[3].startswith("  note: Not judged in activity mode: SQL→Opportunity and Opportunity→Customer.")
