"""A [leads.disqualified_by] value that makes a row disqualified whose mapped stage was past MQL is said loudly
(dqwarn): a saved Odoo mapping listed 'Spam' from its leads' lost reasons, and a later export's opportunity lost for
Spam (Type Opportunity: sql) became a disqualified lead, SQLs 20 -> 19, with only "3 rows ... read as disqualified"
in the report. Counted by hand from the seven rows below; not Odoo's columns: the rule is any status column's."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

LEADS = (
    "Lead ID,Created,Stage,Status,SQL Date\n"
    # row 1: a lead rejected: no stage taken back past MQL
    "L1,2026-09-01,Lead,Rejected,\n"
    # row 2: an SQL without an SQL date made disqualified: warned (Rejected)
    "L2,2026-09-02,SQL,Rejected,\n"
    # row 3: an SQL made disqualified, but its SQL date still counts the stage: not warned
    "L3,2026-09-03,SQL,Rejected,2026-09-10\n"
    # row 4: an MQL rejected: no stage past MQL
    "L4,2026-09-04,MQL,Rejected,\n"
    # row 5: an opportunity: the verdict is stale and the stage stands (not disqualified at all)
    "L5,2026-09-05,Opportunity,Rejected,\n"
    # row 6: an SQL without an SQL date made disqualified by the list's other value: warned (Junk)
    "L6,2026-09-06,SQL,Junk,\n"
    # row 7: an SQL whose status is not listed: stays an SQL
    "L7,2026-09-07,SQL,Open,\n"
)
MAPPING = """
[leads.columns]
lead_id = "Lead ID"
created_at = "Created"
lifecycle_stage = "Stage"
sql_at = "SQL Date"

[leads.values.lifecycle_stage]
"Lead" = "lead"
"MQL" = "mql"
"SQL" = "sql"
"Opportunity" = "opportunity"

[leads.disqualified_by]
"Status" = ["Rejected", "Junk"]
"""


def _import(con: duckdb.DuckDBPyConnection, tmp_path: Path, dry_run: bool = False):
    (tmp_path / "leads.csv").write_text(LEADS, encoding="utf-8")
    (tmp_path / "my_leads.toml").write_text(MAPPING, encoding="utf-8")
    mapping = load_mapping(tmp_path / "my_leads.toml")["leads"]
    return import_files(con, "leads", [str(tmp_path / "leads.csv")], mapping=mapping, dry_run=dry_run)


def _over_later(alerts: list[str]) -> list[str]:
    return [a for a in alerts if "whose lifecycle stage read" in a]


def test_rows_taken_back_from_sql_are_warned_per_value_with_rows_and_remedy(empty_con, tmp_path):
    report = _import(empty_con, tmp_path)
    stages = dict(empty_con.execute("select lead_id, lifecycle_stage from leads").fetchall())
    # rows 1, 2, 3, 4 and 6 disqualified; 5 (opportunity) and 7 (Open) as mapped
    assert stages == {
        "L1": "disqualified",
        "L2": "disqualified",
        "L3": "disqualified",
        "L4": "disqualified",
        "L5": "opportunity",
        "L6": "disqualified",
        "L7": "sql",
    }
    warned = _over_later(report.alerts)
    # two undated SQLs taken back, one per value: Junk (row 6) before Rejected (row 2), both 1 row
    assert len(warned) == 2
    junk, rejected = warned
    assert junk.startswith(
        "leads.csv: 1 row whose lifecycle stage read SQL made disqualified by 'Status' = 'Junk' of "
        "[leads.disqualified_by] in my_leads.toml (e.g. row 6, L6)"
    )
    assert rejected.startswith(
        "leads.csv: 1 row whose lifecycle stage read SQL made disqualified by 'Status' = 'Rejected' of "
        "[leads.disqualified_by] in my_leads.toml (e.g. row 2, L2)"
    )
    assert "remove 'Rejected' from the 'Status' list under [leads.disqualified_by]" in rejected
    assert "(sql_at)" in rejected
    # L3 (dated SQL), L1 and L4 (not past MQL) are named nowhere
    assert not any(f"row {n}," in " ".join(warned) for n in (1, 3, 4, 5, 7))
    # the report's line on the rule counts the five and the two
    assert (
        "leads.csv: lifecycle_stage: 5 rows with 'Status' = 'Rejected' or 'Junk' read as disqualified (rejected by "
        "sales), 2 of them over a later stage (see the warning)"
    ) in report.notes


def test_the_check_says_it_too(empty_con, tmp_path):
    report = _import(empty_con, tmp_path, dry_run=True)
    assert len(_over_later(report.alerts)) == 2


def test_no_row_past_mql_no_warning(empty_con, tmp_path):
    # only rows 1, 4, 5 and 7: nothing past MQL is disqualified
    lines = LEADS.splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[0] in ("L1", "L4", "L5", "L7")]
    (tmp_path / "leads.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (tmp_path / "my_leads.toml").write_text(MAPPING, encoding="utf-8")
    mapping = load_mapping(tmp_path / "my_leads.toml")["leads"]
    report = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], mapping=mapping)
    assert _over_later(report.alerts) == []
    assert (
        "leads.csv: lifecycle_stage: 2 rows with 'Status' = 'Rejected' or 'Junk' read as disqualified (rejected by "
        "sales)"
    ) in report.notes


def test_a_row_the_keep_line_leaves_out_is_neither_warned_nor_counted(empty_con, tmp_path):
    # rev108: keep leaves out row 2 (L2, the undated SQL with 'Rejected'): it is never imported, yet it was warned of as
    # "1 row ... counted no more at SQL (e.g. row 2, L2)" and counted in the rule's note (5 rows, 2 of them)
    keep = 'keep = { column = "Lead ID", values = ["L1", "L3", "L4", "L5", "L6", "L7"] }\n'
    (tmp_path / "leads.csv").write_text(LEADS, encoding="utf-8")
    (tmp_path / "my_leads.toml").write_text(MAPPING.replace("[leads.columns]", f"[leads]\n{keep}\n[leads.columns]"))
    mapping = load_mapping(tmp_path / "my_leads.toml")["leads"]
    report = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], mapping=mapping)
    assert empty_con.execute("select count(*) from leads where lifecycle_stage = 'disqualified'").fetchone() == (4,)
    # only row 6 (Junk) is warned of; L1, L3, L4 and L6 disqualified: 4 rows, 1 over a later stage
    warned = _over_later(report.alerts)
    assert len(warned) == 1 and "'Junk'" in warned[0] and "(e.g. row 6, L6)" in warned[0]
    assert (
        "leads.csv: lifecycle_stage: 4 rows with 'Status' = 'Rejected' or 'Junk' read as disqualified (rejected by "
        "sales), 1 of them over a later stage (see the warning)"
    ) in report.notes


def test_leads_numbered_by_row_are_warned_of_by_row_number(empty_con, tmp_path):
    # rev108: lead_id = "@row" (the file name and row number) made the warning's query read a column "@row", and the
    # import was refused ("the database refused the rows"); now rows 2 and 6 are named by number alone
    (tmp_path / "leads.csv").write_text(LEADS, encoding="utf-8")
    (tmp_path / "my_leads.toml").write_text(MAPPING.replace('lead_id = "Lead ID"', 'lead_id = "@row"'))
    mapping = load_mapping(tmp_path / "my_leads.toml")["leads"]
    report = import_files(empty_con, "leads", [str(tmp_path / "leads.csv")], mapping=mapping)
    stages = dict(empty_con.execute("select lead_id, lifecycle_stage from leads").fetchall())
    assert (stages["leads.csv:2"], stages["leads.csv:5"], stages["leads.csv:7"]) == (
        "disqualified",
        "opportunity",
        "sql",
    )
    warned = _over_later(report.alerts)
    assert len(warned) == 2
    assert "'Junk' of [leads.disqualified_by] in my_leads.toml (e.g. row 6):" in warned[0]
    assert "'Rejected' of [leads.disqualified_by] in my_leads.toml (e.g. row 2):" in warned[1]
