"""Trial 42 (counting by account), each case counted by hand from a few rows.

The fixture: two companies, STARK and WAYNE. Stark's contact s2 has a won deal D1 (30,000) that sales booked on
WAYNE, and a CRM lifecycle stage "customer" because of it.

| lead | account | created    | source      | lifecycle | owner |
|------|---------|------------|-------------|-----------|-------|
| s1   | STARK   | 2026-01-05 | referral    | sql       | Ann   |
| w1   | WAYNE   | 2026-01-08 | email       | mql       | Bob   |
| s2   | STARK   | 2026-01-10 | paid_search | customer  | Ann   |

D1: lead s2, account WAYNE, created 2026-02-01, won 2026-03-01, 30,000.

By account, D1 is WAYNE's only: WAYNE (first lead w1, email) is an opportunity and a customer; STARK (first lead s1,
referral) is an SQL (s1's stage; s2's "customer" is D1's, read as SQL for STARK) and no customer.
Accounts 2, MQL 2, SQL 2, opportunity 1 (WAYNE), customer 1 (WAYNE); won 1, 30,000.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard import accounts, metrics, sources
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping, preset_mapping

ACCOUNT = Filters(count_by="account")
LEADS = (
    "lead_id,account_id,created_at,source,lifecycle_stage,owner\n"
    "s1,STARK,2026-01-05,referral,sql,Ann\n"
    "w1,WAYNE,2026-01-08,email,mql,Bob\n"
    "s2,STARK,2026-01-10,paid_search,customer,Ann\n"
)
DEALS = "deal_id,lead_id,account_id,created_at,closed_at,status,amount\nD1,s2,WAYNE,2026-02-01,2026-03-01,won,30000\n"


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _load(con, tmp_path: Path, deals: str = DEALS):
    import_files(con, "leads", [_file(tmp_path, "leads.csv", LEADS)])
    return import_files(con, "deals", [_file(tmp_path, "deals.csv", deals)])


def _funnel(con, filters: Filters) -> list[int]:
    return metrics.funnel(con, filters)["count_leads"].tolist()


def test_a_deal_booked_on_another_company_makes_one_customer(empty_con, tmp_path):
    report = _load(empty_con, tmp_path)
    # accounts STARK, WAYNE; MQL both; SQL both (s1 sql, WAYNE by D1); opportunity and customer WAYNE only
    assert _funnel(empty_con, ACCOUNT) == [2, 2, 2, 1, 1]
    # the deal summary and the funnel name the same account: WAYNE's source email has the customer and the win
    email = ACCOUNT.with_values("source", ["email"])
    assert _funnel(empty_con, email) == [1, 1, 1, 1, 1]
    assert (metrics.deal_summary(empty_con, email).won, metrics.deal_summary(empty_con, email).revenue) == (1, 30000)
    # STARK (referral): SQL by s1 and by s2's capped lifecycle stage, no opportunity, no customer, no win
    referral = ACCOUNT.with_values("source", ["referral"])
    assert _funnel(empty_con, referral) == [1, 1, 1, 0, 0]
    assert metrics.deal_summary(empty_con, referral).won == 0
    # the account list: one customer (WAYNE, 30,000), STARK at SQL with no revenue
    rows = accounts.account_list(empty_con, Filters(count_by="account", window_days=0)).set_index("account_key")
    assert rows["furthest_stage"].to_dict() == {"WAYNE": "customer", "STARK": "sql"}
    assert rows["revenue"].to_dict() == {"WAYNE": 30000.0, "STARK": 0.0}
    # said at import, naming both accounts
    assert any("D1 counted for WAYNE, not for STARK of its lead s2" in a for a in report.alerts)
    # by lead nothing changes: s2 is the customer with the deal
    assert _funnel(empty_con, Filters()) == [3, 3, 2, 1, 1]


def test_sources_by_account_credit_the_accounts_source(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    spend = "month,source,amount\n2026-01-01,email,3000\n2026-01-01,paid_search,6000\n"
    import_files(empty_con, "spend", [_file(tmp_path, "spend.csv", spend)])
    table = sources.source_table(empty_con, ACCOUNT)
    shown = sources.with_model(table, sources.attribution(empty_con, ACCOUNT), "first_touch").set_index("source")
    # D1 is WAYNE's, and WAYNE's source is email (w1): 1 won, 1 new customer, 30,000; CAC 3,000 / 1 = 3,000;
    # ROI (30,000 - 3,000) / 3,000 = 9 (+900 %); paid search (s2's own source) won nothing: ROI -100 %
    assert shown.loc["email", ["count_won", "count_new_customers", "attributed_revenue"]].tolist() == [1, 1, 30000]
    assert (shown.loc["email", "cac"], shown.loc["email", "roi"]) == (3000, 9)
    assert shown.loc["paid_search", ["count_won", "attributed_revenue", "roi"]].tolist() == [0, 0, -1]


def test_a_deal_without_a_contact_takes_its_accounts_source(empty_con, tmp_path):
    # D2: no lead, booked on STARK (first lead s1, referral), won 5,000: referral's, not "unknown"
    deals = DEALS + "D2,,STARK,2026-03-05,2026-03-10,won,5000\n"
    _load(empty_con, tmp_path, deals)
    table = sources.source_table(empty_con, ACCOUNT).set_index("source")
    assert table.loc["referral", ["count_won", "count_new_customers", "revenue"]].tolist() == [1, 1, 5000]
    assert "unknown" not in table.index


def test_the_account_list_shows_the_owner_the_filter_matches(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    import_files(empty_con, "accounts", [_file(tmp_path, "a.csv", "account_id,name,owner\nSTARK,Stark,Zed\n")])
    # filtered to Ann (s1's owner, STARK's first lead): STARK, whose account owner is Zed; both owners listed
    ann = ACCOUNT.with_values("owner", ["Ann"])
    rows = accounts.account_list(empty_con, ann)
    assert rows[["account_key", "owner", "first_lead_owner"]].values.tolist() == [["STARK", "Zed", "Ann"]]
    assert "Owner filter matches each account's first lead's owner" in accounts.describe(ann)


def test_a_company_name_column_is_not_split(empty_con, tmp_path):
    # ACME, Inc and Acme Inc. -> acme; "Smith, Jones & Partners" is not Smith: 3 accounts, not 2
    path = tmp_path / "m.toml"
    path.write_text(
        '[leads]\naccount_from = "company"\n[leads.columns]\nlead_id = "Id"\ncreated_at = "Created"\n'
        'source = "Source"\naccount_id = "Company"\n[leads.multi_value]\naccount_id = [";", ", "]\n',
        encoding="utf-8",
    )
    text = (
        'Id,Created,Source,Company\n1,2026-01-02,web,"ACME, Inc"\n2,2026-01-03,web,Acme Inc.\n'
        '3,2026-01-04,web,"Smith, Jones & Partners"\n4,2026-01-05,web,Smith\n'
    )
    report = import_files(empty_con, "leads", [_file(tmp_path, "l.csv", text)], mapping=load_mapping(path)["leads"])
    ids = dict(empty_con.execute("select lead_id, account_id from leads").fetchall())
    assert ids["1"] == ids["2"]
    assert len({ids["1"], ids["3"], ids["4"]}) == 3
    assert not [w for w in report.alerts + report.notes if "several accounts" in w]


def test_an_accounts_file_matching_no_leads_account_warns(empty_con, tmp_path):
    import_files(empty_con, "leads", [_file(tmp_path, "leads.csv", LEADS)])
    # the CRM's ids 9001, 9002: none is STARK or WAYNE
    text = "account_id,name\n9001,Stark Industries\n9002,Wayne Enterprises\n"
    report = import_files(empty_con, "accounts", [_file(tmp_path, "a.csv", text)])
    assert any("none of the 2 accounts (9001, 9002, …) is a stored lead's account" in a for a in report.alerts)


def test_the_wording_of_one_and_of_less():
    cover = accounts.Coverage(accounts=3, judged=2, young=1, sales_first=0, lone_leads=0)
    assert "1 is younger than the conversion window" in cover.sentence()
    # the Overview's open pipeline ($0) below the table's ($25k): "$25k less", not "-$25k more"
    note = sources.open_pipeline_note(
        pd.DataFrame({"open_pipeline": [25000.0]}), 0.0, Filters(date_from=date(2026, 1, 1))
    )
    assert note.endswith("$0: $25k less.")


def test_a_salesforce_leads_reports_company_column_says_how_to_group_by_it(empty_con, tmp_path):
    # Ld2 is unconverted (no Converted Account ID): an account of its own; the unread Company / Account says why
    text = (
        "Lead ID,Created Date,Lead Source,Lead Status,Company / Account,Converted Account ID\n"
        "00Q000000000001,1/25/2026,Web,Open - Not Contacted,Northwind,001000000000001\n"
        "00Q000000000002,1/26/2026,Web,Open - Not Contacted,Northwind,\n"
    )
    mapping = preset_mapping("salesforce", "leads")
    report = import_files(empty_con, "leads", [_file(tmp_path, "l.csv", text)], mapping=mapping)
    assert any('account_id = "Company / Account" with account_from = "company"' in n for n in report.notes)
