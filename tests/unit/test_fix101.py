"""Review 101's findings: a re-import's count of the stored rows it leaves unchanged (a deal moved to another lead,
a source written two ways in one file), and the SLA page's cost sentence when breached leads convert better."""

from __future__ import annotations

import pytest
from test_fix100 import bands_of

from dashboard import sla
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

LEADS = "lead_id,created_at,source\nx1,2026-10-01,web\nx2,2026-10-02,web\n"
DEAL_ON_X1 = "deal_id,lead_id,created_at,status,closed_at,amount\nD1,x1,2026-10-05,won,2026-10-20,100\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_a_deal_moved_to_another_lead_is_an_update(empty_con, tmp_path, mode):
    # D1 is stored on lead x1; the file gives D1 on x2, every other cell the same: 1 updated, 0 unchanged
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEAL_ON_X1)])
    moved = DEAL_ON_X1.replace("D1,x1", "D1,x2")
    report = import_files(empty_con, "deals", [write(tmp_path, "moved.csv", moved)], dry_run=True, mode=mode)
    assert (report.rows_updated, report.rows_unchanged, report.rows_new) == (1, 0, 0)
    assert report.changes(dry_run=True).startswith("would update 1 stored row, add 0 new")
    # the same file as stored: D1 on x1, the lead_id compared and equal, 1 unchanged
    report = import_files(empty_con, "deals", [write(tmp_path, "again.csv", DEAL_ON_X1)], dry_run=True, mode=mode)
    assert (report.rows_updated, report.rows_unchanged) == (1, 1)


def test_one_file_spelling_a_source_two_ways_re_imported_is_unchanged(empty_con, tmp_path):
    # 'web' on x1 and 'Web' on x2 are stored as one spelling; the same file again changes neither lead: 0 updated,
    # 2 unchanged (before: x1's 'web' against its stored 'Web' counted 1 updated)
    leads = "lead_id,created_at,source\nx1,2026-10-01,web\nx2,2026-10-02,Web\nx3,2026-10-03,Web\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", leads)])
    stored = empty_con.execute("select distinct source from leads").fetchall()
    assert stored == [("Web",)]
    report = import_files(empty_con, "leads", [write(tmp_path, "again.csv", leads)], dry_run=True)
    assert (report.rows_updated, report.rows_unchanged) == (3, 3)
    assert report.changes(dry_run=True).startswith("would update 0 stored rows, leave 3 already stored unchanged")
    # a source renamed is still an update: x1 from web to email, 1 of the 3 updated
    renamed = leads.replace("x1,2026-10-01,web", "x1,2026-10-01,email")
    report = import_files(empty_con, "leads", [write(tmp_path, "renamed.csv", renamed)], dry_run=True)
    assert report.rows_unchanged == 2
    assert report.changes(dry_run=True).startswith("would update 1 stored row, leave 2 already stored unchanged")


def test_breached_leads_converting_better_are_not_called_a_gap_within_chance():
    # 5 of 100 within (5.0 %) against 40 of 100 breached (40.0 %): Wilson intervals 0.022–0.112 and 0.309–0.498
    # do not overlap, and the breached side is the better one: nothing to price, and not "within chance"
    bands = bands_of((1, True, 100, 0, 5, 5, 5_000.0), (4, False, 100, 0, 40, 40, 40_000.0))
    assert sla.stake_note(bands, Filters(window_days=0)) == (
        "Breached leads converted no worse here (40 of 100, 40.0%, against 5 of 100, 5.0% within the SLA): no cost "
        "to put on the breaches in this view."
    )


def test_breached_leads_converting_as_well_are_not_priced():
    # 10 of 40 on both sides (25.0 %): an equal rate is no worse
    bands = bands_of((1, True, 40, 0, 10, 10, 10_000.0), (4, False, 40, 0, 10, 10, 10_000.0))
    assert sla.stake_note(bands, Filters(window_days=0)) == (
        "Breached leads converted no worse here (10 of 40, 25.0%, against 10 of 40, 25.0% within the SLA): no cost "
        "to put on the breaches in this view."
    )


def test_a_re_import_compares_each_column_as_it_will_be_stored(empty_con, tmp_path):
    # x1 and x2 stored with source 'Web' and region 'EMEA'; the file gives 'web' on both, and x1's region padded
    # (' EMEA', cleaned when staged). No deal has the source: the file's 'web' is the only spelling left, stored as
    # 'web', so the source of both leads changes: 2 updated, 0 unchanged (before: 2 unchanged, the sources compared
    # by key while each lead's label changed)
    stored = "lead_id,created_at,source,region\nx1,2026-10-01,Web,EMEA\nx2,2026-10-02,Web,EMEA\n"
    again = "lead_id,created_at,source,region\nx1,2026-10-01,web, EMEA\nx2,2026-10-02,web,EMEA\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", stored)])
    for mode in ("replace", "append"):
        report = import_files(empty_con, "leads", [write(tmp_path, "again.csv", again)], dry_run=True, mode=mode)
        assert (report.rows_updated, report.rows_unchanged) == (2, 0)
    import_files(empty_con, "leads", [write(tmp_path, "again.csv", again)])
    assert empty_con.execute("select source, region from leads").fetchall() == [("web", "EMEA")] * 2
    # a deal writing 'Web': the leads keep that spelling, so the same file changes neither lead (and x1's padded
    # region is the stored one): 0 updated, 2 unchanged
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", stored)])
    deal = "deal_id,lead_id,created_at,status,closed_at,amount,source\nD1,x1,2026-10-05,won,2026-10-20,100,Web\n"
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", deal)])
    report = import_files(empty_con, "leads", [write(tmp_path, "again.csv", again)], dry_run=True)
    assert (report.rows_updated, report.rows_unchanged) == (2, 2)
    import_files(empty_con, "leads", [write(tmp_path, "again.csv", again)])
    assert empty_con.execute("select source, region from leads").fetchall() == [("Web", "EMEA")] * 2
