"""tidy3: follow-ups of the migration mends (mig3)."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files

# A1 reached MQL by score (no MQL date); A2 is a lead
KEPT_STORED = (
    "lead_id,created_at,source,lifecycle_stage,mql_at\nA1,2026-03-01 09:00,Web,mql,\nA2,2026-03-01 09:00,Web,lead,\n"
)
# a later export: A1 back to lead without a date (kept at MQL on append: its row ends identical), A2 on to MQL, A3 new
KEPT_FILE = (
    "lead_id,created_at,source,lifecycle_stage,mql_at\nA1,2026-03-01 09:00,Web,lead,\n"
    "A2,2026-03-01 09:00,Web,mql,\nA3,2026-03-04 09:00,Web,lead,\n"
)


def stages(con):
    return con.execute("select lead_id, lifecycle_stage, mql_at::varchar from leads order by 1").fetchall()


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_lead_kept_at_its_stored_stage_that_ends_identical_is_counted_unchanged(empty_con, tmp_path, dry_run):
    (tmp_path / "stored.csv").write_text(KEPT_STORED)
    (tmp_path / "later.csv").write_text(KEPT_FILE)
    import_files(empty_con, "leads", [str(tmp_path / "stored.csv")])
    before = stages(empty_con)
    report = import_files(empty_con, "leads", [str(tmp_path / "later.csv")], mode="append", dry_run=dry_run)
    # A1 and A2 stored: 2 updated; A3 new: 1; A1 stays MQL (kept on append), every column as stored: 1 unchanged
    # (on main 0: compared before the stage was kept)
    assert (report.rows_updated, report.rows_new, report.rows_unchanged) == (2, 1, 1)
    assert [a for a in report.alerts if a.startswith("1 lead stays MQL")]
    if not dry_run:
        assert stages(empty_con) == [before[0], ("A2", "mql", None), ("A3", "lead", None)]


def test_a_stage_date_the_file_has_no_column_for_is_the_stored_one_when_compared(empty_con, tmp_path):
    # B1 stored as an MQL dated 2 Mar; the file has no MQL date column and says lead: the append keeps the stored
    # date (a column the file does not give), so the row dates a stage, and its stage is the file's: updated, not
    # unchanged. A guard of the comparison's order (stored values first, as the append applies them)
    (tmp_path / "stored.csv").write_text(
        "lead_id,created_at,source,lifecycle_stage,mql_at\nB1,2026-03-01 09:00,Web,mql,2026-03-02 09:00\n"
    )
    (tmp_path / "later.csv").write_text("lead_id,created_at,source,lifecycle_stage\nB1,2026-03-01 09:00,Web,lead\n")
    import_files(empty_con, "leads", [str(tmp_path / "stored.csv")])
    for dry_run in (True, False):
        report = import_files(empty_con, "leads", [str(tmp_path / "later.csv")], mode="append", dry_run=dry_run)
        assert (report.rows_updated, report.rows_new, report.rows_unchanged) == (1, 0, 0)
    assert stages(empty_con) == [("B1", "lead", "2026-03-02 09:00:00")]


SQL_9 = (
    "lead_id,created_at,source,mql_at,sql_at\nK1,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
    "K2,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
)
# Q1's creation a date alone on K1's SQL day: read at 09:00 (L9). Q2 has a time of its own, 08:30
SQL_DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\nQ1,K1,2026-07-01,won,2026-07-02 10:00,1000\n"
    "Q2,K2,2026-07-01 08:30,won,2026-07-02 10:00,1000\n"
)
BORROWED = (
    "1 stored deal (Q1: created 2026-07-01 09:00, the SQL 11:00) was created at its lead's stored SQL time, which "
    "this file moves later the same day: if its creation was a date alone, read at the SQL's time, it keeps the old "
    "time, now before the SQL, and the funnel's in-order view counts its opportunity out of order. Import the deals "
    "again after this file to read a date alone at the new SQL time"
)


def created(con):
    return con.execute("select deal_id, created_at::varchar from deals order by 1").fetchall()


@pytest.mark.parametrize("mode", ["append", "replace"])
def test_a_deal_read_at_its_lead_s_sql_time_is_said_when_the_sql_moves_later_that_day(empty_con, tmp_path, mode):
    (tmp_path / "leads.csv").write_text(SQL_9)
    (tmp_path / "deals.csv").write_text(SQL_DEALS)
    (tmp_path / "later.csv").write_text(SQL_9.replace("2026-07-01 09:00", "2026-07-01 11:00"))
    import_files(empty_con, "leads", [str(tmp_path / "leads.csv")])
    import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    assert created(empty_con) == [("Q1", "2026-07-01 09:00:00"), ("Q2", "2026-07-01 08:30:00")]
    for dry_run in (True, False):
        report = import_files(empty_con, "leads", [str(tmp_path / "later.csv")], mode=mode, dry_run=dry_run)
        # Q1 only: Q2's time is its own (08:30, not the SQL's 09:00); on main nothing said
        assert [a for a in report.alerts if "stored SQL time" in a] == [BORROWED]
    # the deal stays at 09:00, before the SQL (11:00): out of order, as said
    assert created(empty_con)[0] == ("Q1", "2026-07-01 09:00:00")
    assert empty_con.execute("select opportunity_in_order from leads where lead_id = 'K1'").fetchone() == (False,)
    # the advice: the deals again read Q1's date alone at 11:00, in order; a leads import again says nothing
    import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    assert created(empty_con) == [("Q1", "2026-07-01 11:00:00"), ("Q2", "2026-07-01 08:30:00")]
    assert empty_con.execute("select opportunity_in_order from leads where lead_id = 'K1'").fetchone() == (True,)
    again = import_files(empty_con, "leads", [str(tmp_path / "later.csv")], mode=mode)
    assert not [a for a in again.alerts if "stored SQL time" in a]


def ids_table(con):
    return con.execute("select count(*) from duckdb_tables() where temporary and table_name = '_ids'").fetchone()


def test_a_fast_check_over_no_stored_leads_leaves_no_ids_of_an_earlier_import(empty_con, tmp_path):
    # a Salesforce order: opportunities first (no lead column), then the leads naming them (Converted Opportunity)
    (tmp_path / "deals.csv").write_text(
        "deal_id,created_at,status,closed_at,amount\nQ1,2026-07-01,won,2026-07-02 10:00,1000\n"
    )
    (tmp_path / "leads.csv").write_text(
        "lead_id,created_at,source,mql_at,sql_at,converted_deal_id\n"
        "K1,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00,Q1\n"
    )
    import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    # the deals import's ids (Q1) are left in _ids
    assert ids_table(empty_con) == (1,)
    checked = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], dry_run=True)
    # the check drops them as the import does (on main it kept them, and read Q1 as a lead id: no note)
    assert ids_table(empty_con) == (0,)
    report = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")])
    assert ids_table(empty_con) == (0,)
    # Q1 linked to K1, created 1 Jul (a date) on K1's SQL day: read at 09:00, said by the check and the import
    said = [n for n in report.notes if n.startswith("1 stored deal (e.g. Q1) created on the day of its lead's SQL")]
    assert len(said) == 1
    assert [n for n in checked.notes if n in said] == said


K2_LEADS = "lead_id,created_at,source,mql_at,sql_at\nK2,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
# Q2 created 1 Jul (a date) on K2's SQL day, closed 08:00, before the SQL's 09:00: stays at midnight, warned
K2_DEALS = "deal_id,lead_id,created_at,status,closed_at,amount\nQ2,K2,2026-07-01,won,2026-07-01 08:00,1000\n"


def closed_first(report):
    return [a for a in report.alerts if "closed before the SQL's time" in a]


@pytest.mark.parametrize("mode", ["append", "replace"])
def test_the_closed_before_the_sql_warning_is_said_once(empty_con, tmp_path, mode):
    (tmp_path / "leads.csv").write_text(K2_LEADS)
    (tmp_path / "deals.csv").write_text(K2_DEALS)
    (tmp_path / "moved.csv").write_text(K2_LEADS.replace("2026-07-01 09:00", "2026-07-01 09:30"))
    import_files(empty_con, "leads", [str(tmp_path / "leads.csv")])
    assert len(closed_first(import_files(empty_con, "deals", [str(tmp_path / "deals.csv")]))) == 1
    # the same leads again: Q2, its lead and the SQL's time as before: nothing new to say (on main said each time)
    for dry_run in (True, False):
        again = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], mode=mode, dry_run=dry_run)
        assert closed_first(again) == []
    # the SQL moved to 09:30, Q2 still closes before it: said again, of the new SQL time
    for dry_run in (True, False):
        moved = import_files(empty_con, "leads", [str(tmp_path / "moved.csv")], mode=mode, dry_run=dry_run)
        assert [a[:40] for a in closed_first(moved)] == ["1 stored deal (e.g. Q2) created on the d"]
    assert empty_con.execute("select created_at::varchar from deals").fetchone() == ("2026-07-01 00:00:00",)
    # the import's table is gone with it
    assert empty_con.execute(
        "select count(*) from duckdb_tables() where table_name = 'import_closed_before_the_sql'"
    ).fetchone() == (0,)


def test_the_demo_s_today_and_the_report_s_time_are_the_product_s_clock(monkeypatch):
    from datetime import datetime

    from dashboard import clock, config, demo, report

    # the data's zone Berlin, its clock 20 May 2031 23:30 (summer time): the machine's (this one's 2026, in UTC)
    # is neither; on main both read the machine's
    monkeypatch.setattr(config, "DATA_TIMEZONE", "Europe/Berlin")
    monkeypatch.setattr(clock, "now", lambda: datetime(2031, 5, 20, 23, 30))
    assert demo.default_end() == datetime(2031, 5, 20)
    assert report._generated() == "2031-05-20 23:30 CEST"
