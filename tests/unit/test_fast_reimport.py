"""A monthly replace of own leads with a clean canonical CSV takes the fast way again (it had been sent to the staged
way, 2.4x slower, so that the re-import comparisons would run) and its report still says what it updates, adds,
removes, takes back and empties."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers import canonical
from dashboard.importers.canonical import import_files

STORED = """lead_id,created_at,source,mql_at,sql_at,first_contact_at
b1,2026-08-03 09:00,paid_search,2026-09-01,2026-10-02,2026-10-02 09:30
b2,2026-08-04 09:00,organic_search,2026-09-05,,2026-09-05 10:00
b3,2026-08-05 09:00,direct,,,
b4,2026-08-06 09:00,direct,,,
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def stored(empty_con, tmp_path):
    """Four own leads stored, then the staged way made to fail: a test passes only if the fast way did the work."""
    import_files(empty_con, "leads", [write(tmp_path, "leads_sep.csv", STORED)])

    def no_staged_way(*_args, **_kwargs):
        raise AssertionError("the staged way ran")

    patch = pytest.MonkeyPatch()
    patch.setattr(canonical, "_import_staged", no_staged_way)
    yield empty_con
    patch.undo()


def test_a_monthly_replace_of_own_leads_takes_the_fast_way_and_counts_updated_new_removed(stored, tmp_path):
    # b1, b2, b4 stored and in the file: b2 gains an sql_at (1 updated), b1 and b4 as stored (2 unchanged; trial 100:
    # all 3 were "updated"); b5 new (1), b3 stored and not in it (1 removed)
    month = (
        "lead_id,created_at,source,mql_at,sql_at,first_contact_at\n"
        "b1,2026-08-03 09:00,paid_search,2026-09-01,2026-10-02,2026-10-02 09:30\n"
        "b2,2026-08-04 09:00,organic_search,2026-09-05,2026-10-07,2026-09-05 10:00\n"
        "b4,2026-08-06 09:00,direct,,,\n"
        "b5,2026-10-01 08:00,webinar,,,\n"
    )
    text = import_files(stored, "leads", [write(tmp_path, "leads_oct.csv", month)]).summary()
    assert (
        "leads: 4 rows loaded (1 stored row updated, 2 rows already stored unchanged, 1 new; 1 stored row removed as "
        "not in the file (e.g. b3))"
    ) in text
    # b2 gains an sql_at: moving on is what a later export does, nothing is said of it
    assert "stage date" not in text
    assert sorted(r[0] for r in stored.execute("select lead_id from leads").fetchall()) == ["b1", "b2", "b4", "b5"]
    assert store.scalar(stored, "select count(sql_at) from leads") == 2


def test_the_fast_way_says_a_stage_date_cleared_or_moved_and_a_column_emptied(stored, tmp_path):
    # b1 loses sql_at 2026-10-02 (cleared); b2's mql_at 09-05 -> 09-03 (moved); no first_contact_at column: b1 and
    # b2 had one (2 leads emptied)
    older = (
        "lead_id,created_at,source,mql_at,sql_at\n"
        "b1,2026-08-03 09:00,paid_search,2026-09-01,\n"
        "b2,2026-08-04 09:00,organic_search,2026-09-03,\n"
        "b3,2026-08-05 09:00,direct,,\n"
        "b4,2026-08-06 09:00,direct,,\n"
    )
    text = import_files(stored, "leads", [write(tmp_path, "leads_aug.csv", older)]).summary()
    # b1 and b2 change; b3 and b4, with no first contact, are as stored (trial 100: all 4 were "updated")
    assert "2 stored rows updated, 2 rows already stored unchanged, 0 new; 0 stored rows removed" in text
    assert "1 lead loses a stage date it had (e.g. b1: sql_at 2026-10-02)" in text
    assert "1 lead has a stage date moved from the stored one (e.g. b2: mql_at 2026-09-05 → 2026-09-03)" in text
    assert "the stored first_contact_at of 2 leads is removed: this file has no column for it" in text
    assert store.scalar(stored, "select count(first_contact_at) from leads") == 0


def test_a_file_with_a_row_problem_still_takes_the_staged_way_with_the_same_counts(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads_sep.csv", STORED)])
    # b9 has no created_at: skipped (1), so b1 and b2 updated (2), b3 and b4 removed (2), nothing new
    month = (
        "lead_id,created_at,source\nb1,2026-08-03 09:00,paid_search\nb2,2026-08-04 09:00,organic_search\nb9,,direct\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "leads_bad.csv", month)])
    assert report.rows_skipped == 1
    assert (
        "leads: 2 rows loaded (2 stored rows updated, 0 new; 2 stored rows removed as not in the file (e.g. b3, b4))"
        in report.summary()
    )


def test_no_rows_of_the_fast_way_are_left_behind(stored, tmp_path):
    month = "lead_id,created_at,source\nb1,2026-08-03 09:00,paid_search\n"
    import_files(stored, "leads", [write(tmp_path, "leads_one.csv", month)])
    left = store.scalar(stored, f"select count(*) from duckdb_tables() where table_name = '{canonical.FAST_ROWS}'")
    assert left == 0
