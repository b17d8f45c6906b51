"""The review of the afternoon's merge (/tmp/review28), each case counted by hand from a few rows: a score rule kept
a disqualified lead's rejection, real rows taken for totals rows, and an append that undid a CRM's recycled lead."""

from __future__ import annotations

from pathlib import Path

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping


def _mapping(tmp_path: Path, kind: str, text: str):
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)[kind]


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_score_rule_leaves_a_disqualified_lead_disqualified(empty_con, tmp_path):
    # ann: Open, Score 120 -> MQL by the rule; bo: Disqualified, Score 150 -> stays disqualified (sales' verdict),
    # cy: Disqualified, Score 10 -> disqualified
    mapping = _mapping(
        tmp_path,
        "leads",
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created"\nsource = "Source"\nlifecycle_stage = "Status"\n'
        '[leads.values.lifecycle_stage]\n"Open" = "lead"\n"Disqualified" = "disqualified"\n'
        '[leads.reached]\nmql = { column = "Score", at_least = 100 }\n',
    )
    text = (
        "Email,Created,Source,Status,Score\nann@a.com,2026-11-02,web,Open,120\nbo@b.com,2026-11-03,web,Disqualified,150\n"
        "cy@c.com,2026-11-04,web,Disqualified,10\n"
    )
    report = import_files(empty_con, "leads", [_file(tmp_path, "l.csv", text)], mapping=mapping)
    stages = empty_con.execute("select lead_id, lifecycle_stage from leads order by 1").fetchall()
    assert stages == [("ann@a.com", "mql"), ("bo@b.com", "disqualified"), ("cy@c.com", "disqualified")]
    assert not [n for n in report.notes if "not read" in n and "Score" in n]


def test_a_sheet_numbered_by_row_keeps_people_named_like_totals(empty_con, tmp_path):
    # @row ids: Jenny Sum (a surname), Bo Chan of the company Total: leads; "TOTAL" alone in the first column: a
    # totals row. 3 leads, 1 skipped
    mapping = _mapping(
        tmp_path, "leads", '[leads.columns]\nlead_id = "@row"\ncreated_at = "Created"\nsource = "Source"\n'
    )
    text = (
        "Name,Created,Source,Company\nAnn Lee,2026-11-02,web,Acme\nJenny Sum,2026-11-03,web,Globex\n"
        "Bo Chan,2026-11-04,web,Total\nTOTAL,2026-11-30,,\n"
    )
    report = import_files(empty_con, "leads", [_file(tmp_path, "l.csv", text)], mapping=mapping)
    assert (report.rows_loaded, report.rows_skipped) == (3, 1)


def test_a_deal_of_the_company_total_with_its_own_id_is_a_deal(empty_con, tmp_path):
    # D3's account is "Total" and its 2,000 is D1 + D2: with ids of its own it is a deal: 3 deals, 4,000 won
    mapping = _mapping(
        tmp_path,
        "deals",
        '[deals.columns]\ndeal_id = "Deal"\ncreated_at = "Created"\nstatus = "Status"\namount = "Amount"\n'
        '[deals.values.status]\n"won" = "won"\n',
    )
    text = (
        "Deal,Account,Created,Amount,Status\nD1,Acme,2026-11-02,1000,won\nD2,Globex,2026-11-03,1000,won\n"
        "D3,Total,2026-11-04,2000,won\n"
    )
    import_files(empty_con, "deals", [_file(tmp_path, "d.csv", text)], mapping=mapping)
    assert empty_con.execute("select count(*), sum(amount) from deals").fetchone() == (3, 4000.0)


def test_an_append_that_dates_the_stages_takes_the_crms_recycled_stage(empty_con, tmp_path):
    # 101 an SQL (dated); the next export has it back at lead with its dates: a lead moved back, not a stalled SQL
    header = "lead_id,created_at,source,lifecycle_stage,mql_at,sql_at\n"
    first = header + "101,2026-09-01,web,sql,2026-09-02,2026-09-03\n102,2026-11-20,web,lead,,\n"
    import_files(empty_con, "leads", [_file(tmp_path, "a.csv", first)])
    again = header + "101,2026-09-01,web,lead,2026-09-02,2026-09-03\n"
    report = import_files(empty_con, "leads", [_file(tmp_path, "b.csv", again)], mode="append")
    assert not [a for a in report.alerts if "stay" in a]
    stalled = metrics.stalled(empty_con, Filters(window_days=0)).set_index("stage")
    assert stalled.loc["sql", ["count_in_stage", "count_moved_back"]].tolist() == [0, 1]
