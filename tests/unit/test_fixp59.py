"""fixp59: a deal listing several contacts credits the one furthest along, a stage reached by a yes/no column
(`SQL?` = yes, no date) ranking as reached; a keep line reads a CRM's no-value mark as blank and "" keeps blanks;
counting by account, the deals with neither a lead nor an account are counted for the note that says so."""

from __future__ import annotations

from datetime import datetime

import account_fixture

from dashboard import metrics
from dashboard.filters import Filters
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


# 2. counting by account, the deals with neither a lead nor an account count for no account: said, with their revenue
T = datetime
# lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at: P1 on account ACME
ACCOUNT_LEADS = [("P1", "ACME", T(2025, 1, 5), "web", None, None, "Ann", None, None)]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source: W1 P1's (ACME), won 1,000;
# X1 and X2 won 10,000 and 20,000 and X3 lost 500, with neither a lead nor an account; X4 won 5,000 with no lead but
# booked on account BETA (an account of its own deals): counted for BETA
ACCOUNT_DEALS = [
    ("W1", "P1", None, "Ann", T(2025, 1, 10), "won", T(2025, 1, 20), 1000.0, None),
    ("X1", None, None, "Cy", T(2025, 1, 11), "won", T(2025, 1, 21), 10000.0, "outbound"),
    ("X2", None, None, "Cy", T(2025, 1, 12), "won", T(2025, 1, 22), 20000.0, "outbound"),
    ("X3", None, None, "Cy", T(2025, 1, 13), "lost", T(2025, 1, 23), 500.0, "outbound"),
    ("X4", None, "BETA", "Cy", T(2025, 1, 14), "won", T(2025, 1, 24), 5000.0, "outbound"),
]


def test_deals_with_neither_a_lead_nor_an_account_are_said_counting_by_account(empty_con):
    account_fixture.load(empty_con, ACCOUNT_LEADS, ACCOUNT_DEALS)
    by_lead, by_account = Filters(), Filters(count_by="account")
    # by lead: W1, X1, X2, X4 won: 36,000; by account: W1 (ACME) and X4 (BETA): 6,000; the gap X1 + X2 = 30,000
    assert metrics.deal_summary(empty_con, by_lead).revenue == 36000.0
    assert metrics.deal_summary(empty_con, by_account).revenue == 6000.0
    found = metrics.accountless_deals(empty_con, by_account)
    # X1, X2, X3: 3 deals, 2 won, 30,000
    assert (found.deals, found.won, found.revenue) == (3, 2, 30000.0)
    assert found.sentence(by_account) == (
        "3 deals (2 won, $30k) have neither a lead nor an account and count for no account: counted by account, the "
        "won deals and revenue here leave them out; counted by lead, they are in."
    )
    # by lead nothing is left out: no note
    assert found.sentence(by_lead) is None
    # a view whose dates hold none of them (X1-X3 created 11-13 Jan, cohort: by their own creation): no note
    january_tenth = Filters(count_by="account", date_from=T(2025, 1, 1).date(), date_to=T(2025, 1, 10).date())
    assert metrics.accountless_deals(empty_con, january_tenth).sentence(january_tenth) is None
