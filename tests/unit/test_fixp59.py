"""fixp59: a deal listing several contacts credits the one furthest along, a stage reached by a yes/no column
(`SQL?` = yes, no date) ranking as reached."""

from __future__ import annotations

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

# 3. multi-contact credit
# C1 reached SQL by its SQL? column alone (no date); C2 has an MQL date only; C3 nothing; C4 an SQL date
SHEET = (
    "Id,Created,Source,MQL Date,SQL Date,SQL?\n"
    "C1,2025-01-02,Web,,,Yes\n"
    "C2,2025-01-03,Web,2025-01-05,,No\n"
    "C3,2025-01-04,Web,,,No\n"
    "C4,2025-01-06,Web,2025-01-07,2025-01-08,Yes\n"
)
SHEET_MAPPING = (
    '[leads.columns]\nlead_id = "Id"\ncreated_at = "Created"\nsource = "Source"\nmql_at = "MQL Date"\n'
    'sql_at = "SQL Date"\n[leads.reached]\nsql = "SQL?"\n'
)
# D1 lists C2 first, then C1; D2 C3 then C2; D3 C1 then C4
CONTACT_DEALS = (
    "Deal,Contacts,Stage,Created,Closed,Amount\n"
    "D1,C2;C1,won,2025-01-10,2025-01-20,100\n"
    "D2,C3;C2,open,2025-01-11,,200\n"
    "D3,C1;C4,open,2025-01-12,,300\n"
)
DEALS_MAPPING = (
    '[deals.columns]\ndeal_id = "Deal"\nlead_id = "Contacts"\nstatus = "Stage"\ncreated_at = "Created"\n'
    'closed_at = "Closed"\namount = "Amount"\n[deals.multi_value]\nlead_id = ";"\n'
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_contact_that_reached_sql_by_a_yes_no_column_gets_the_credit(empty_con, tmp_path):
    leads = load_mapping(_write(tmp_path, "leads.toml", SHEET_MAPPING))["leads"]
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", SHEET)], mapping=leads)
    deals = load_mapping(_write(tmp_path, "deals.toml", DEALS_MAPPING))["deals"]
    report = import_files(empty_con, "deals", [_write(tmp_path, "deals.csv", CONTACT_DEALS)], mapping=deals)
    credited = dict(empty_con.execute("select deal_id, lead_id from deals").fetchall())
    # by hand: D1 C1 (SQL by its yes, before C2's MQL date: C2 before the fix); D2 C2 (an MQL date, C3 nothing);
    # D3 C4 (both reached SQL, C4's is dated)
    assert credited == {"D1": "C1", "D2": "C2", "D3": "C4"}
    several = report.issues[report.issues["reason"] == "several leads listed"]["value"].tolist()
    assert sorted(several) == [
        "C1;C4 -> C4 (furthest along)",
        "C2;C1 -> C1 (furthest along)",
        "C3;C2 -> C2 (furthest along)",
    ]


# 4. the keep line compares values as the import reads cells: a CRM's no-value mark is blank, "" keeps blanks
# K1 New Business 100, K2 Zoho's -None- 200, K3 blank 400, K4 Existing Business 800
KEEP_DEALS = (
    "Deal,Deal Type,Stage,Created,Amount\n"
    "K1,New Business,open,2025-02-01,100\n"
    "K2,-None-,open,2025-02-02,200\n"
    "K3,,open,2025-02-03,400\n"
    "K4,Existing Business,open,2025-02-04,800\n"
)
KEEP_MAPPING = (
    '[deals]\nkeep = {{ column = "Deal Type", values = {values} }}\n'
    '[deals.columns]\ndeal_id = "Deal"\nstatus = "Stage"\ncreated_at = "Created"\namount = "Amount"\n'
)


def _kept(con, tmp_path, values):
    mapping = load_mapping(_write(tmp_path, "keep.toml", KEEP_MAPPING.format(values=values)))["deals"]
    report = import_files(con, "deals", [_write(tmp_path, "keep.csv", KEEP_DEALS)], mapping=mapping, mode="replace")
    return sorted(r[0] for r in con.execute("select deal_id from deals").fetchall()), report


def test_a_keep_line_keeps_blank_cells_and_reads_a_no_value_mark_as_blank(empty_con, tmp_path):
    # "" keeps the blank K3 and K2, whose -None- reads as blank: 3 kept, K4 left out (800)
    kept, report = _kept(empty_con, tmp_path, '["New Business", ""]')
    assert kept == ["K1", "K2", "K3"]
    assert report.skipped == {"left out by the mapping keep line": 1}
    # written as the CRM's mark, the same: K2 and K3 are both blank to the import (before: K2 alone)
    kept, _ = _kept(empty_con, tmp_path, '["New Business", "-None-"]')
    assert kept == ["K1", "K2", "K3"]
    # New Business alone leaves K2, K3 and K4 out (200 + 400 + 800 = 1,400): the mark is listed as a blank, with the
    # blank cell (2 rows; before: "'-None-' 1" and "blank 1")
    kept, report = _kept(empty_con, tmp_path, '["New Business"]')
    assert kept == ["K1"]
    assert report.skipped == {"left out by the mapping keep line": 3}
    assert sorted(report.issues["value"].fillna("blank").tolist()) == ["Existing Business", "blank", "blank"]
    said = next(line for line in report.notes if "the mapping's keep" in line)
    assert "left out 3 rows (amount 1,400): blank 2, 'Existing Business' 1" in said
