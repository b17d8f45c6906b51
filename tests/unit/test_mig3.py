"""mig3: a deal written without a time on its lead's SQL day is read at the SQL's time whichever came first, the
deals or their leads (L9 ran only at a deals import: deals imported first stayed at midnight, unsaid)."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

LEADS = (
    "lead_id,created_at,source,mql_at,sql_at\nK0,2026-06-01 08:00,Web,,\n"
    "K1,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
    "K2,2026-06-20 08:00,Web,2026-06-21 08:00,2026-07-01 09:00\n"
)
# Q1 closes 2 Jul 10:00, after K1's SQL: read at 09:00. Q2 closes 1 Jul 08:00, before K2's SQL (09:00): it stays at
# midnight and is warned
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\nQ0,K0,2026-06-02,open,,500\n"
    "Q1,K1,2026-07-01,won,2026-07-02 10:00,1000\n"
    "Q2,K2,2026-07-01,won,2026-07-01 08:00,1000\n"
)
MOVED = [
    ("Q0", "2026-06-02 00:00:00", None),
    ("Q1", "2026-07-01 09:00:00", "2026-07-02 10:00:00"),
    ("Q2", "2026-07-01 00:00:00", "2026-07-01 08:00:00"),
]
WARNED = (
    "1 stored deal (e.g. Q2) created on the day of its lead's SQL, without a time, and closed before the SQL's time, "
    "read as created at midnight, before the SQL: the funnel counts it, but its in-order view (stages in order) does "
    "not. Export the deals' creation time (a date-time field) to count it in order"
)


def deals(con):
    return con.execute("select deal_id, created_at::varchar, closed_at::varchar from deals order by 1").fetchall()


def in_order(con):
    return con.execute("select lead_id, opportunity_in_order from leads order by 1").fetchall()


def test_deals_kept_aside_for_their_leads_are_read_at_the_sql_s_time_when_the_leads_come(empty_con, tmp_path):
    # K0 stored (its deal Q0 links); Q1 and Q2 name K1 and K2, not stored yet
    (tmp_path / "k0.csv").write_text(LEADS.splitlines()[0] + "\n" + LEADS.splitlines()[1] + "\n")
    (tmp_path / "deals.csv").write_text(DEALS)
    (tmp_path / "leads.csv").write_text(LEADS)
    import_files(empty_con, "leads", [str(tmp_path / "k0.csv")])
    import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    # Q1 and Q2 kept aside
    assert empty_con.execute("select count(*) from deals_awaiting_lead").fetchone() == (2,)
    checked = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], dry_run=True)
    report = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")])
    # the leads bring Q1 and Q2 in; Q1, created 1 Jul (no time) on K1's SQL day, is read at 09:00 (on int 00:00)
    assert deals(empty_con) == MOVED
    # K0 has no SQL: its opportunity is in order; K1 in order; K2 not, as its deal closes before the SQL
    assert in_order(empty_con) == [("K0", True), ("K1", True), ("K2", False)]
    for said in (checked, report):
        assert [a for a in said.alerts if "closed before the SQL's time" in a] == [WARNED]
        assert [n for n in said.notes if n.startswith("1 stored deal (e.g. Q1) created on the day of its lead's SQL")]


def test_stored_deals_are_read_at_the_sql_s_time_when_their_leads_get_the_sql_later(empty_con, tmp_path):
    # K1 and K2 stored as MQLs, their deals imported, then the leads appended with the SQL on 1 Jul 09:00
    (tmp_path / "mqls.csv").write_text(LEADS.replace(",2026-07-01 09:00\n", ",\n"))
    (tmp_path / "deals.csv").write_text(DEALS)
    (tmp_path / "leads.csv").write_text(LEADS)
    import_files(empty_con, "leads", [str(tmp_path / "mqls.csv")])
    import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    assert deals(empty_con) == [MOVED[0], ("Q1", "2026-07-01 00:00:00", "2026-07-02 10:00:00"), MOVED[2]]
    report = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], mode="append")
    assert deals(empty_con) == MOVED
    assert in_order(empty_con) == [("K0", True), ("K1", True), ("K2", False)]
    assert [a for a in report.alerts if "closed before the SQL's time" in a] == [WARNED]


def test_the_leads_first_order_still_says_the_deal_s_own_line(empty_con, tmp_path):
    (tmp_path / "deals.csv").write_text(DEALS)
    (tmp_path / "leads.csv").write_text(LEADS)
    import_files(empty_con, "leads", [str(tmp_path / "leads.csv")])
    report = import_files(empty_con, "deals", [str(tmp_path / "deals.csv")])
    assert deals(empty_con) == MOVED
    assert [a for a in report.alerts if a.startswith("1 deal (e.g. Q2)") and "closed before the SQL's time" in a]
    # a leads re-import says nothing more: Q1 is no longer at midnight, Q2 was warned by the deals import (its lead
    # and SQL time unchanged: not again, tidy3)
    again = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], mode="append")
    assert not [n for n in again.notes if "created on the day of" in n]
    assert not [a for a in again.alerts if "created on the day of" in a]
    assert deals(empty_con) == MOVED


STORED = (
    "lead_id,created_at,source,mql_at,sql_at\nM1,2026-03-01 09:00,Web,2026-03-02 09:00,2026-03-05 09:00\n"
    "M2,2026-03-01 09:00,Web,2026-03-02 09:00,2026-03-05 09:00\n"
)
# the new CRM's export: its own id in Lead, the stored one in Old ID, created on the migration's day 1 Jul
MIGRATED = (
    "Lead,Old ID,Created,Source,MQL,SQL\nS1,M1,2026-07-01 09:00,Web,2026-03-02 09:00,\n"
    "S2,M2,2026-07-01 09:00,Web,2026-03-03 09:00,\n"
)
LINE = (
    '[leads.columns]\nlead_id = ["Old ID", "Lead"]\ncreated_at = "Created"\nsource = "Source"\nmql_at = "MQL"\n'
    'sql_at = "SQL"\n'
)


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_migrated_lead_that_ends_as_stored_is_counted_unchanged(empty_con, tmp_path, dry_run):
    (tmp_path / "stored.csv").write_text(STORED)
    (tmp_path / "sf.csv").write_text(MIGRATED)
    (tmp_path / "line.toml").write_text(LINE)
    import_files(empty_con, "leads", [str(tmp_path / "stored.csv")])
    before = stored_leads(empty_con)
    report = import_files(
        empty_con,
        "leads",
        [str(tmp_path / "sf.csv")],
        mode="append",
        mapping=load_mapping(tmp_path / "line.toml")["leads"],
        dry_run=dry_run,
    )
    # M1 keeps its creation (1 Mar, earlier than the file's 1 Jul) and its SQL date (the file's is blank); its MQL
    # date is the stored one: it ends as stored. M2's MQL date moves from 2 Mar to 3 Mar: updated. Both stored: 2
    # of the file's ids update stored rows, 1 of them unchanged (on int 0: compared before the kept values)
    assert (report.rows_updated, report.rows_new, report.rows_unchanged) == (2, 0, 1)
    if not dry_run:
        after = stored_leads(empty_con)
        assert [a for a, b in zip(after, before, strict=True) if a != b] == [
            ("M2", "2026-03-01 09:00:00", "Web", "2026-03-03 09:00:00", "2026-03-05 09:00:00")
        ]


def stored_leads(con):
    return con.execute(
        "select lead_id, created_at::varchar, source, mql_at::varchar, sql_at::varchar from leads order by 1"
    ).fetchall()
