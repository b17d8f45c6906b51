"""A replace with the mapping's keep line removes the stored rows it leaves out (a renewal stored before the keep line
is not counted after it), while a row skipped for a problem keeps its stored version; counted by hand."""

from __future__ import annotations

from dashboard import store
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

LEADS = "lead_id,created_at,source,lifecycle_stage\n301,2025-01-02,paid,customer\n304,2025-02-01,email,customer\n"
# 9201, 9203 new business (won); 9202 a renewal (won), 9204 a renewal (open)
DEALS = (
    "Record ID,Deal Type,Deal Stage,Amount,Create Date,Close Date,Contact\n"
    "9201,New Business,won,10000,2025-01-13,2025-02-10,301\n"
    "9202,Existing Business,won,4000,2025-03-01,2025-03-20,304\n"
    "9203,New Business,won,6000,2025-01-20,2025-02-15,301\n"
    "9204,Existing Business,open,3000,2025-03-05,,304\n"
)
# the same file with 9203's close date unreadable: skipped for a problem
DEALS_BAD_DATE = DEALS.replace("2025-01-20,2025-02-15", "2025-01-20,someday")
MAPPING = """
[deals]
{keep}

[deals.columns]
deal_id = "Record ID"
lead_id = "Contact"
status = "Deal Stage"
created_at = "Create Date"
closed_at = "Close Date"
amount = "Amount"
"""
KEEP = 'keep = { column = "Deal Type", values = ["New Business"] }'


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _deals(con, tmp_path, text, keep):
    mapping = load_mapping(_write(tmp_path, "map.toml", MAPPING.format(keep=keep)))["deals"]
    import_files(con, "deals", [_write(tmp_path, "deals.csv", text)], mapping=mapping, on_bad_rows="skip")


def _stored(con):
    return [r[0] for r in con.execute("select deal_id from deals order by deal_id").fetchall()]


def test_a_replace_with_a_keep_line_removes_the_rows_it_leaves_out(tmp_path):
    con = store.connect(str(tmp_path / "k.duckdb"))
    import_files(con, "leads", [_write(tmp_path, "leads.csv", LEADS)])
    _deals(con, tmp_path, DEALS, "")
    assert _stored(con) == ["9201", "9202", "9203", "9204"]
    # the keep line leaves 9202 and 9204 out: the replace keeps the new business only (2 deals, won 16,000)
    _deals(con, tmp_path, DEALS, KEEP)
    assert _stored(con) == ["9201", "9203"]
    assert con.execute("select sum(amount) from deals where status = 'won'").fetchone()[0] == 16000


def test_a_row_skipped_for_a_problem_keeps_its_stored_version_beside_the_keep_line(tmp_path):
    con = store.connect(str(tmp_path / "k.duckdb"))
    import_files(con, "leads", [_write(tmp_path, "leads.csv", LEADS)])
    _deals(con, tmp_path, DEALS, "")
    # 9203's close date is unreadable (skipped, its stored version kept); 9202 and 9204 are left out (removed)
    _deals(con, tmp_path, DEALS_BAD_DATE, KEEP)
    assert _stored(con) == ["9201", "9203"]


def _report(con, tmp_path, text, keep, mode):
    mapping = load_mapping(_write(tmp_path, "map.toml", MAPPING.format(keep=keep)))["deals"]
    return import_files(con, "deals", [_write(tmp_path, "deals.csv", text)], mapping=mapping, mode=mode)


def test_the_report_says_the_rows_left_out_on_purpose_apart_from_those_not_in_the_file(tmp_path):
    con = store.connect(str(tmp_path / "k.duckdb"))
    import_files(con, "leads", [_write(tmp_path, "leads.csv", LEADS)])
    _deals(con, tmp_path, DEALS, "")
    report = _report(con, tmp_path, DEALS, KEEP, "replace")
    # 9202 and 9204 are in the file, left out by the keep line: removed, and not called "not in the file"
    assert "0 stored rows removed as not in the file, 2 as left out on purpose" in report.summary()
    said = [a for a in report.alerts if "leave" in a and "on purpose" in a]
    assert said == [
        "deals: 2 stored deals (9202, 9204) are on rows this file leaves out on purpose (the mapping's keep line, or "
        "archived or deleted in the CRM): were removed, as the rows are not imported"
    ]
    assert not [a for a in report.alerts if "deleted or merged in the CRM" in a]


def test_an_append_with_a_keep_line_says_it_keeps_the_stored_rows_it_leaves_out(tmp_path):
    con = store.connect(str(tmp_path / "k.duckdb"))
    import_files(con, "leads", [_write(tmp_path, "leads.csv", LEADS)])
    _deals(con, tmp_path, DEALS, "")
    report = _report(con, tmp_path, DEALS, KEEP, "append")
    # an append removes nothing: 9202 and 9204 stay stored and counted, and the report says so
    assert _stored(con) == ["9201", "9202", "9203", "9204"]
    assert any("(9202, 9204)" in a and "an append keeps them as stored" in a for a in report.alerts)
