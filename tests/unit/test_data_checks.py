"""The data checks (queries/checks/): every one passes on the demo and the fixtures, each one finds the
rows that break its rule, and an import keeps the failures for the Data page."""

from __future__ import annotations

from datetime import datetime

import pytest
from changes_fixture import rows as changes_rows
from fixture_data import add_source_extras, load

from dashboard import checks, demo, store

END = datetime(2026, 6, 1)


def _fixture(con):
    load(con)


def _fixture_with_extras(con):
    load(con)
    add_source_extras(con)


def _changes(con):
    load(con, *changes_rows())


def _demo(con):
    demo.generate(con, leads=3000, seed=11, end_at=END)


DATASETS = {"fixture": _fixture, "fixture with extras": _fixture_with_extras, "changes": _changes, "demo": _demo}


def test_there_are_the_seven_checks():
    assert checks.names() == [
        "entries_in_order",
        "known_stages",
        "no_future_dates",
        "stages_never_increase",
        "stored_twice",
        "unique_ids",
        "won_within_opportunities",
    ]


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("check", checks.names())
def test_every_check_passes_on_the_demo_and_the_fixtures(empty_con, dataset, check):
    DATASETS[dataset](empty_con)
    assert store.table_counts(empty_con)["leads"] > 0
    assert checks.violations(empty_con, check).empty
    assert checks.failures(empty_con) == {}


def _broken(con, sql: str) -> None:
    # a writer that bypasses the import's checks and the derivation (as a hand-made update would)
    con.execute(sql)


BROKEN = {
    # L7 is a plain lead: stored as a customer without being an opportunity
    "stages_never_increase": ("update leads set is_customer = true where lead_id = 'L7'", {"L7"}),
    # D2 (L2's lost deal) marked won, L2's stages not derived again: an opportunity, not a customer
    "won_within_opportunities": ("update deals set status = 'won' where deal_id = 'D2'", {"L2"}),
    # L3 stored a second time
    "unique_ids": ("insert into leads (lead_id, created_at) values ('L3', timestamp '2025-01-21')", {"L3"}),
    # L6's lifecycle stage is not a funnel stage
    "known_stages": ("update leads set lifecycle_stage = 'prospect' where lead_id = 'L6'", {"L6"}),
    # L4 first contacted in 2099 (a typo for 2025) and D3 closed then; D4 is open, its expected close ahead is
    # no fault
    "no_future_dates": (
        "update leads set first_contact_at = timestamp '2099-02-05 03:00' where lead_id = 'L4';"
        "update deals set closed_at = timestamp '2099-02-01' where deal_id in ('D3', 'D4')",
        {"L4", "D3"},
    ),
    # D5 found by an import under another CRM's id, D1 (a migrated deal stored twice); D2's twin D9 is not stored
    "stored_twice": (
        "insert into twin_ids values ('deals', 'D5', 'D1', 'sf.csv', 'HubSpot Deal ID', 'Opportunity ID'), "
        "('deals', 'D2', 'D9', 'sf.csv', 'HubSpot Deal ID', 'Opportunity ID')",
        {"D5"},
    ),
    # L1 (mql 01-06, sql 01-08, in order) with its sql entry moved before its mql entry
    "entries_in_order": ("update leads set sql_entered_at = timestamp '2025-01-05' where lead_id = 'L1'", {"L1"}),
}


@pytest.mark.parametrize("check", BROKEN)
def test_each_check_returns_the_rows_that_break_it(con, check):
    sql, expected = BROKEN[check]
    _broken(con, sql)
    found = checks.violations(con, check)
    key = "id" if "id" in found.columns else "lead_id"
    assert set(found[key]) == expected
    assert checks.run_all(con) == {check: len(found)}


def test_an_import_keeps_the_failing_checks_and_a_clean_one_clears_them(con):
    with store.transaction(con):
        con.execute("insert into leads (lead_id, created_at) values ('L3', timestamp '2025-01-21')")
    assert checks.failures(con) == {"unique_ids": 1}
    assert checks.describe(checks.failures(con)) == ["unique ids: 1 row breaks it"]
    with store.transaction(con):
        con.execute("delete from leads where lead_id = 'L3' and created_at = timestamp '2025-01-21'")
    assert checks.failures(con) == {}
