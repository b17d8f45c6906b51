"""Trial 54 (Marketo people, Salesforce opportunities, ad spend): one file's people repeated under two ids by
e-mail, Marketo's SAL read as SQL and its SAL Date advised in place of the SQL Date, opportunities naming the
Salesforce contact ids a Marketo export holds unread, and a CSV with LF title lines above CRLF rows. Every number
is counted by hand from the files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import store
from dashboard.cli import main

# 4 rows, 4 Marketo ids, 3 e-mail addresses: 1001 and 1004 are Ann (ANN@A.COM in capitals in row 4).
# Statuses: 1001 SQL (SQL Date), 1002 SAL (SAL Date only), 1003 and 1004 Known
LEADS = (
    "Id,Email Address,Person Status,Lead Source,Created At,MQL Date,SAL Date,SQL Date,SFDC Contact ID\n"
    "1001,ann@a.com,SQL,Paid Search,2026-10-01,2026-10-02,2026-10-03,2026-10-05,0035e0000y58xJbAAI\n"
    "1002,bob@b.com,SAL,Paid Search,2026-10-01,2026-10-02,2026-10-04,,\n"
    "1003,cy@c.com,Known,Website,2026-10-01,,,,\n"
    "1004,ANN@A.COM,Known,Website,2026-10-06,,,,\n"
)
LEADS_MAPPING = """
[leads.columns]
lead_id = "Id"
created_at = "Created At"
source = "Lead Source"
lifecycle_stage = "Person Status"
mql_at = "MQL Date"
sql_at = "SQL Date"

[leads.values.lifecycle_stage]
"sql" = "sql"
"sal" = "sql"
"known" = "lead"
"""
# the opportunity names Ann by the 15 characters of her 18-character contact id, as a Salesforce report does
DEALS = (
    "Opportunity ID,Stage,Amount,Close Date,Created Date,Contact ID\n"
    "0065e0000ACxpkG,Closed Won,15000,2026-10-28,2026-10-21,0035e0000y58xJb\n"
)
DEALS_MAPPING = """
[deals]
salesforce_ids = ["deal_id", "lead_id"]

[deals.columns]
deal_id = "Opportunity ID"
status = "Stage"
amount = "Amount"
closed_at = "Close Date"
created_at = "Created Date"
lead_id = "Contact ID"

[deals.values.status]
"closed won" = "won"
"""
# trial 54's Google Ads export as its generator wrote it: two title lines ending in LF, then rows ending in CRLF
SPEND = (
    b"Campaign report\n"
    b"September 1, 2026 - November 30, 2026\n"
    b"Month,Campaign,Currency code,Cost\r\n"
    b'September 2026,GA-Brand-2026,USD,"1,200.50"\r\n'
    b'September 2026,GA-Competitor-2026,USD,"2,400.00"\r\n'
    b'October 2026,GA-Brand-2026,USD,"1,350.25"\r\n'
)
SPEND_MAPPING = """
[spend.constants]
source = "paid_search"

[spend.columns]
month = "Month"
campaign = "Campaign"
amount = "Cost"
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> str:
    capsys.readouterr()
    assert main(list(args)) == code
    captured = capsys.readouterr()
    return captured.out + captured.err


def import_leads(tmp_path: Path, capsys: pytest.CaptureFixture[str], mapping: str = LEADS_MAPPING) -> tuple[str, str]:
    db = str(tmp_path / "x.duckdb")
    leads = write(tmp_path, "marketo.csv", LEADS)
    out = run(capsys, "import", "--db", db, "--kind", "leads", "--mapping", write(tmp_path, "l.toml", mapping), leads)
    return db, " ".join(out.split())


def test_one_files_people_repeated_by_e_mail_are_warned_of_and_not_merged(tmp_path, capsys):
    db, out = import_leads(tmp_path, capsys)
    # 1 address (ann@a.com) on rows 1 (id 1001) and 4 (id 1004): 2 leads for likely 1 person
    assert (
        "marketo.csv: 1 e-mail address is on rows of different ids (ann@a.com: row 1 id 1001, row 4 id 1004): "
        "counted as 2 leads, one per id" in out
    )
    assert "likely 1 person; nothing was merged" in out
    con = store.connect(db, read_only=True)
    try:
        # nothing merged: the 4 rows are 4 leads
        assert con.execute("select count(*) from leads").fetchone() == (4,)
    finally:
        con.close()


def test_the_sql_date_advice_keeps_the_mapped_sql_date_first(tmp_path, capsys):
    _, out = import_leads(tmp_path, capsys)
    # SQLs: 1001 (SQL) and 1002 (SAL read as sql); 1002 has no SQL Date: 1 of 2 undated
    assert "1 of 2 SQLs have no date for the stage" in out
    assert 'sql_at = ["SQL Date", "SAL Date"]' in out
    assert 'sql_at = "SAL Date"' not in out


def test_the_proposal_says_sal_as_sql_is_a_judgement_and_gives_the_salesforce_id_list(tmp_path, capsys):
    out = run(capsys, "map", "--kind", "leads", write(tmp_path, "marketo.csv", LEADS))
    line = next(line for line in out.splitlines() if line.startswith('"sal" = "sql"'))
    assert "a judgement call" in line
    assert "SAL comes before SQL" in line
    assert 'lead_id = ["SFDC Contact ID", "Id"] under [leads.columns]' in " ".join(out.split())


def test_deals_naming_unread_salesforce_contact_ids_give_the_lead_id_list(tmp_path, capsys):
    db, _ = import_leads(tmp_path, capsys)
    deals = write(tmp_path, "opps.csv", DEALS)
    mapping = write(tmp_path, "d.toml", DEALS_MAPPING)
    out = " ".join(run(capsys, "import", "--db", db, "--kind", "deals", "--mapping", mapping, deals, code=1).split())
    # the 1 opportunity names contact 0035e0000y58xJb, which only the leads file's unread SFDC Contact ID holds
    assert "none of the 1 rows can be imported" in out
    assert "1 row names its lead by a Salesforce contact id (such as '0035e0000y58xJbAAI')" in out
    assert "the leads file's 'SFDC Contact ID' holds such ids, not read: the leads were stored by 'Id'" in out
    assert 'lead_id = ["SFDC Contact ID", "Id"] under [leads.columns]' in out
    # the advice followed: the leads by contact id where they have one, the opportunity then links to Ann's row
    fixed = LEADS_MAPPING.replace('lead_id = "Id"', 'lead_id = ["SFDC Contact ID", "Id"]')
    import_leads(tmp_path, capsys, '[leads]\nsalesforce_ids = ["lead_id"]\n' + fixed)
    run(capsys, "import", "--db", db, "--kind", "deals", "--mapping", mapping, deals)
    con = store.connect(db, read_only=True)
    try:
        assert con.execute("select lead_id from deals").fetchall() == [("0035e0000y58xJbAAI",)]
    finally:
        con.close()


def test_the_preset_no_link_warning_names_the_unread_contact_id(tmp_path, capsys):
    db, _ = import_leads(tmp_path, capsys)
    deals = write(tmp_path, "opps.csv", DEALS)
    out = " ".join(run(capsys, "import", "--db", db, "--kind", "deals", "--preset", "salesforce", deals).split())
    # 1 deal, 4 leads, none meeting
    assert "none of the 1 deal names one of the 4 leads" in out
    assert "The file's 'Contact ID' names each deal's person and is not read: map lead_id = \"Contact ID\"" in out


def test_title_lines_ending_in_lf_above_crlf_rows_are_read(tmp_path, capsys):
    db = str(tmp_path / "s.duckdb")
    path = tmp_path / "google.csv"
    path.write_bytes(SPEND)
    run(
        capsys,
        "import",
        "--db",
        db,
        "--kind",
        "spend",
        "--mapping",
        write(tmp_path, "s.toml", SPEND_MAPPING),
        str(path),
    )
    con = store.connect(db, read_only=True)
    try:
        # 3 rows: 1,200.50 + 2,400.00 + 1,350.25 = 4,950.75
        assert con.execute("select count(*), sum(amount) from spend").fetchone() == (3, 4950.75)
    finally:
        con.close()


def test_rows_skipped_without_the_mapped_id_are_given_the_id_list(tmp_path, capsys):
    _, out = import_leads(tmp_path, capsys, LEADS_MAPPING.replace('lead_id = "Id"', 'lead_id = "SFDC Contact ID"'))
    # rows 2-4 (1002, 1003, 1004) have no SFDC Contact ID: 3 skipped, each with its Marketo Id
    assert "rows read 4 = imported 1 + skipped 3" in out
    assert (
        "marketo.csv: 3 rows without 'SFDC Contact ID' have 'Id': to keep them, "
        'lead_id = ["SFDC Contact ID", "Id"] under [leads.columns]' in out
    )


@pytest.mark.parametrize(
    ("others", "filler"),
    [
        # 'Paid' and 'Valid' end in the letters id, not the word: filled in the row too, they came first before
        ("Paid,Valid,Contact Id", "Contact Id"),
        ("Paid,レコードID", "レコードID"),
    ],
)
def test_the_id_that_fills_a_row_without_its_id_is_a_header_ending_in_the_word_id(tmp_path, capsys, others, filler):
    # row 2 has no 'Lead': skipped, and each other column is filled in it
    filled = ",".join("x" for _ in others.split(","))
    leads = write(tmp_path, "leads.csv", f"Lead,Created,{others}\nL1,2026-10-01,{filled}\n,2026-10-02,{filled}\n")
    mapping = write(tmp_path, "l.toml", '[leads.columns]\nlead_id = "Lead"\ncreated_at = "Created"\n')
    out = " ".join(
        run(
            capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", "--mapping", mapping, leads
        ).split()
    )
    assert "rows read 2 = imported 1 + skipped 1" in out
    assert f"leads.csv: 1 row without 'Lead' has '{filler}': to keep them, lead_id = [\"Lead\", \"{filler}\"]" in out
