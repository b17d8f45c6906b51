"""Review 105a: a re-import's count of unchanged leads sees the deals the import brings in with their lead."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

LEADS = "lead_id,created_at,source,region\n"
DEALS = "deal_id,lead_id,created_at,status,closed_at,amount,source\n"


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_a_deal_kept_aside_decides_the_spelling_the_comparison_uses(empty_con, tmp_path, mode):
    # x1 stored 'Web'. D9 names x9, not stored: it is kept aside with 'Web'. The file brings x1 and x9, both 'web'.
    # The import moves D9 in first, so the deals spell the source 'Web' and the leads are stored 'Web': x1 ends as
    # it was (1 unchanged), x9 is new. Without D9 the file's 'web' (2 rows) would win over the stored 'Web' (1 row).
    (tmp_path / "l.csv").write_text(LEADS + "x1,2026-10-01,Web,EMEA\n")
    (tmp_path / "d.csv").write_text(
        DEALS + "D1,x1,2026-10-05,won,2026-10-20,100,Other\nD9,x9,2026-10-05,won,2026-10-20,100,Web\n"
    )
    (tmp_path / "a.csv").write_text(LEADS + "x1,2026-10-01,web,EMEA\nx9,2026-10-01,web,EMEA\n")
    import_files(empty_con, "leads", [str(tmp_path / "l.csv")])
    import_files(empty_con, "deals", [str(tmp_path / "d.csv")])
    assert empty_con.execute("select deal_id, source from deals_awaiting_lead").fetchall() == [("D9", "Web")]
    checked = import_files(empty_con, "leads", [str(tmp_path / "a.csv")], dry_run=True, mode=mode)
    assert (checked.rows_updated, checked.rows_unchanged) == (1, 1)
    done = import_files(empty_con, "leads", [str(tmp_path / "a.csv")], mode=mode)
    assert (done.rows_updated, done.rows_unchanged) == (1, 1)
    stored = empty_con.execute("select lead_id, source from leads order by 1").fetchall()
    assert stored == [("x1", "Web"), ("x9", "Web")]


def test_a_deal_closed_before_its_lead_s_sql_time_is_not_moved_after_its_close(empty_con, tmp_path):
    # review 105b: K1's SQL is 1 Jul 09:00. Q1 was created 1 Jul (no time) and closed 1 Jul 08:00: read at the SQL's
    # time it would be created at 09:00 and closed at 08:00, before its creation. It stays at midnight and is warned
    # (its opportunity out of order). Q2, created 1 Jul and closed 2 Jul 10:00, is read at 09:00 as the rule says.
    leads = (
        "lead_id,created_at,source,mql_at,sql_at\nK1,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
        "K2,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
    )
    (tmp_path / "leads.csv").write_text(leads)
    deals = (
        "deal_id,lead_id,created_at,status,closed_at,amount\nQ1,K1,2026-07-01,won,2026-07-01 08:00,1000\n"
        "Q2,K2,2026-07-01,won,2026-07-02 10:00,1000\n"
    )
    (tmp_path / "deals.csv").write_text(deals)
    import_files(empty_con, "leads", [str(tmp_path / "leads.csv")])
    report = import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    assert empty_con.execute(
        "select deal_id, created_at::varchar, closed_at::varchar from deals order by 1"
    ).fetchall() == [
        ("Q1", "2026-07-01 00:00:00", "2026-07-01 08:00:00"),
        ("Q2", "2026-07-01 09:00:00", "2026-07-02 10:00:00"),
    ]
    said = [a for a in report.alerts if "closed before the SQL's time" in a]
    assert said == [
        "1 deal (e.g. Q1) created on the day of its lead's SQL, without a time, and closed before the SQL's time, "
        "read as created at midnight, before the SQL: the funnel counts it, but its in-order view (stages in order) "
        "does not. Export the deals' creation time (a date-time field) to count it in order"
    ]
    assert any(n.startswith("1 deal (e.g. Q2) created on the day of its lead's SQL") for n in report.notes)


def test_the_disqualified_note_names_every_value_of_the_line(empty_con, tmp_path):
    # trial 106: Odoo's Lost Reason 'Not interested' (O1) and 'Spam' (O2) disqualify; O3's 'Too expensive' does not.
    # The note named the first value alone ("2 rows with 'Lost Reason' = 'Not interested'"); 'not interested' is the
    # same value as 'Not interested' to the match, named once
    (tmp_path / "odoo.csv").write_text(
        "ID,Created on,Stage,Lost Reason\nO1,2026-10-01,lead,Not interested\nO2,2026-10-02,lead,Spam\n"
        "O3,2026-10-03,mql,Too expensive\n"
    )
    (tmp_path / "map.toml").write_text(
        '[leads.columns]\nlead_id = "ID"\ncreated_at = "Created on"\nlifecycle_stage = "Stage"\n'
        '[leads.disqualified_by]\n"Lost Reason" = ["Not interested", "Spam", "not interested"]\n'
    )
    mapping = load_mapping(tmp_path / "map.toml")["leads"]
    report = import_files(empty_con, "leads", [str(tmp_path / "odoo.csv")], mapping=mapping)
    stages = dict(empty_con.execute("select lead_id, lifecycle_stage from leads").fetchall())
    assert stages == {"O1": "disqualified", "O2": "disqualified", "O3": "mql"}
    assert (
        "odoo.csv: lifecycle_stage: 2 rows with 'Lost Reason' = 'Not interested' or 'Spam' read as disqualified "
        "(rejected by sales)"
    ) in report.notes
