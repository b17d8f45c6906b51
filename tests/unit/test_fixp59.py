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
