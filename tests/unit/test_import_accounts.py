"""The optional accounts table: HubSpot companies and Salesforce accounts presets, the checks every import gets,
and the account derived from a lead's e-mail domain or company name (a mapping's `account_from`).

Every expected row and count is written by hand from the fixtures below."""

from __future__ import annotations

import functools
import string

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_malformed_inputs import table_hashes

from dashboard import config, demo, store
from dashboard.cli import main
from dashboard.importers.accounts import legal_forms
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping, preset_mapping
from dashboard.importers.propose import propose
from dashboard.importers.toml_writer import to_toml
from dashboard.templates import template_csv

ACCOUNT_ROW = "select account_id, name, industry, segment, region, employees, owner from accounts order by account_id"

# a HubSpot companies export with the UI labels; the domain and create date columns are not account columns
HUBSPOT_COMPANIES_UI = (
    "Record ID,Company name,Company Domain Name,Industry,Type,Number of Employees,Company owner,Country/Region,"
    "Create Date\n"
    '501,"Acme, Inc.",acme.com,Computer Software,Prospect,"1,200",Ann Lee,United States,2025-01-02 10:00\n'
    "502,Globex GmbH,globex.de,Retail,Partner,35,Bob Roe,Germany,2025-01-03 11:00\n"
    "503,Initech,,,,,,,2025-01-04 12:00\n"
)
# the same export through the API: internal names
HUBSPOT_COMPANIES_API = (
    "hs_object_id,name,domain,industry,numberofemployees,hubspot_owner_id,country,type\n"
    "601,Hooli,hooli.com,INTERNET,4000,12345,United States,PROSPECT\n"
)
# a Salesforce account report (labels) with a custom Segment column, blank on one row
SALESFORCE_ACCOUNTS_REPORT = (
    "Account ID,Account Name,Type,Segment,Industry,Billing Country,Employees,Account Owner\n"
    "001A,Acme Corp,Customer - Direct,Enterprise,Technology,USA,250,Di Park\n"
    "001B,Beta Ltd,Prospect,,Retail,UK,,Cy Ng\n"
)
# a Data Loader export (API names)
SALESFORCE_ACCOUNTS_LOADER = (
    "Id,Name,Type,Industry,BillingCountry,NumberOfEmployees,OwnerId\n"
    "001C,Gamma SA,Channel Partner / Reseller,Finance,France,80,005000000000001\n"
)
SALESFORCE_OPPORTUNITIES = (
    "Id,StageName,Amount,CloseDate,CreatedDate,IsClosed,IsWon,OwnerId,AccountId\n"
    "0061,Closed Won,5000,2025-04-01,2025-03-10T09:00:00.000+0000,true,true,Di,001A\n"
    "0062,Prospecting,700,,2025-03-11T09:00:00.000+0000,false,false,Cy,001B\n"
)
# contacts of an export that has no company id: six people, hand-sorted by what each gives
CONTACTS = (
    "Contact,Email,Company,Created\n"
    'c1,ann@Acme.com,"Acme, Inc.",2025-02-01\n'  # acme.com / acme
    "c2,bob@gmail.com,ACME inc,2025-02-02\n"  # free mail / acme
    "c3,cy@acme.com,Acme,2025-02-03\n"  # acme.com / acme
    "c4,,Globex GmbH,2025-02-04\n"  # blank / globex
    "c5,not-an-address,Inc.,2025-02-05\n"  # no address / nothing but a legal form
    "c6,di@outlook.com,,2025-02-06\n"  # free mail / blank
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(con, tmp_path, preset: str, kind: str, text: str, name: str, **kwargs):
    return import_files(con, kind, [write(tmp_path, name, text)], mapping=preset_mapping(preset, kind), **kwargs)


def mapping_for(tmp_path, how: str, column: str):
    toml = (
        f'[leads]\naccount_from = "{how}"\n\n[leads.columns]\nlead_id = "Contact"\ncreated_at = "Created"\n'
        f'account_id = "{column}"\n'
    )
    return load_mapping(write(tmp_path, f"{how}.toml", toml))["leads"]


# ---- the presets


def test_hubspot_companies_with_ui_labels(empty_con, tmp_path):
    report = load(empty_con, tmp_path, "hubspot", "accounts", HUBSPOT_COMPANIES_UI, "companies.csv")
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (3, 3, 0)
    assert empty_con.execute(ACCOUNT_ROW).fetchall() == [
        ("501", "Acme, Inc.", "Computer Software", "Prospect", "United States", 1200, "Ann Lee"),
        ("502", "Globex GmbH", "Retail", "Partner", "Germany", 35, "Bob Roe"),
        ("503", "Initech", None, None, None, None, None),
    ]
    # "1,200" alone reads both ways as an amount; as a count of people it can only be twelve hundred, said so
    assert report.formats == [
        (
            "companies.csv",
            "Number of Employees",
            "decimal '.' and thousands ',': a count has no decimals, so 1,200 is 1200",
        )
    ]


def test_hubspot_companies_with_internal_names(empty_con, tmp_path):
    load(empty_con, tmp_path, "hubspot", "accounts", HUBSPOT_COMPANIES_API, "companies_api.csv")
    assert empty_con.execute(ACCOUNT_ROW).fetchall() == [
        ("601", "Hooli", "INTERNET", "PROSPECT", "United States", 4000, "12345")
    ]


def test_salesforce_accounts_report_and_data_loader(empty_con, tmp_path):
    report = load(empty_con, tmp_path, "salesforce", "accounts", SALESFORCE_ACCOUNTS_REPORT, "accounts.csv")
    # the custom Segment is blank on Beta's row: its Type fills it, and the report says so
    assert "accounts.csv: segment: 1 row read from 'Type' because 'Segment' is blank" in report.notes
    load(empty_con, tmp_path, "salesforce", "accounts", SALESFORCE_ACCOUNTS_LOADER, "loader.csv", mode="append")
    assert empty_con.execute(ACCOUNT_ROW).fetchall() == [
        ("001A", "Acme Corp", "Technology", "Enterprise", "USA", 250, "Di Park"),
        ("001B", "Beta Ltd", "Retail", "Prospect", "UK", None, "Cy Ng"),
        ("001C", "Gamma SA", "Finance", "Channel Partner / Reseller", "France", 80, "005000000000001"),
    ]


def test_salesforce_opportunities_find_their_account_by_its_id(empty_con, tmp_path):
    load(empty_con, tmp_path, "salesforce", "accounts", SALESFORCE_ACCOUNTS_REPORT, "accounts.csv")
    load(empty_con, tmp_path, "salesforce", "deals", SALESFORCE_OPPORTUNITIES, "opportunities.csv")
    named = "select d.deal_id, a.name from deals as d join accounts as a using (account_id) order by 1"
    assert empty_con.execute(named).fetchall() == [("0061", "Acme Corp"), ("0062", "Beta Ltd")]


def test_hubspot_contacts_find_their_company_by_its_record_id(empty_con, tmp_path):
    load(empty_con, tmp_path, "hubspot", "accounts", HUBSPOT_COMPANIES_UI, "companies.csv")
    contacts = (
        "Record ID,Create Date,Associated Company ID\n101,2025-01-03 09:15,501\n102,2025-01-04 10:00,502\n"
        "103,2025-01-05 11:30,\n"
    )
    load(empty_con, tmp_path, "hubspot", "leads", contacts, "contacts.csv")
    named = "select l.lead_id, a.name from leads as l left join accounts as a using (account_id) order by 1"
    assert empty_con.execute(named).fetchall() == [("101", "Acme, Inc."), ("102", "Globex GmbH"), ("103", None)]


def test_the_accounts_template_imports_as_it_is(empty_con, tmp_path):
    path = tmp_path / "accounts_template.csv"
    path.write_bytes(template_csv("accounts"))
    report = import_files(empty_con, "accounts", [path])
    assert (report.rows_loaded, report.rows_skipped, report.rows_warned) == (2, 0, 0)
    assert empty_con.execute("select account_id, employees from accounts order by 1").fetchall() == [
        ("A-17", 240),
        ("A-18", 35),
    ]


def test_a_company_size_given_as_a_band_is_blank_and_the_company_kept(empty_con, tmp_path):
    # HubSpot's "Number of Employees" as companies often hold it: bands. No one number is the count, so the count
    # is blank and the company (its name, industry) stays; a plain count is read as before
    text = 'account_id,name,employees\nA1,Acme,51-200\nA2,Globex,"1,001–5,000"\nA3,Initech,10001+\nA4,Hooli,35\n'
    report = import_files(empty_con, "accounts", [write(tmp_path, "companies.csv", text)])
    assert empty_con.execute("select account_id, name, employees from accounts order by 1").fetchall() == [
        ("A1", "Acme", None),
        ("A2", "Globex", None),
        ("A3", "Initech", None),
        ("A4", "Hooli", 35),
    ]
    [(_, _, how)] = [f for f in report.formats if f[1] == "employees"]
    assert how.endswith("; 3 bands such as '1,001–5,000' read as blank: a band is no one number")
    # a count whose separators read both ways (1,200 or 1.500 alone) says its bands all the same
    text = 'account_id,name,employees\nA1,Acme,51-200\nA2,Globex,"1,200"\nA3,Initech,1.500\n'
    report = import_files(empty_con, "accounts", [write(tmp_path, "sizes.csv", text)])
    [(_, _, how)] = [f for f in report.formats if f[1] == "employees"]
    assert how.endswith("; 1 band such as '51-200' read as blank: a band is no one number")


def test_the_proposal_knows_both_presets_and_takes_no_id_unasked():
    hubspot = propose("accounts", ["Record ID", "Company name", "Number of Employees", "Company owner"])
    # the columns the file has, as the preset names them
    assert (hubspot.origin, hubspot.mapping.columns["account_id"]) == ("hubspot", ("Record ID",))
    salesforce = propose("accounts", ["Id", "Name", "NumberOfEmployees", "BillingCountry"])
    assert salesforce.origin == "salesforce"
    plain = propose("accounts", ["Company", "Domain", "Headcount"])
    assert dict(plain.mapping.columns) == {"name": ("Company",), "employees": ("Headcount",)}
    assert plain.missing == ("account_id",)


def test_append_upserts_accounts_by_id(empty_con, tmp_path):
    load(empty_con, tmp_path, "hubspot", "accounts", HUBSPOT_COMPANIES_UI, "companies.csv")
    more = "Record ID,Company name,Number of Employees\n502,Globex AG,36\n504,Umbrella,\n"
    report = load(empty_con, tmp_path, "hubspot", "accounts", more, "more.csv", mode="append")
    assert (report.rows_loaded, report.rows_replaced) == (2, 1)
    rows = empty_con.execute("select account_id, name, employees from accounts order by 1").fetchall()
    assert rows == [
        ("501", "Acme, Inc.", 1200),
        ("502", "Globex AG", 36),
        ("503", "Initech", None),
        ("504", "Umbrella", None),
    ]


# ---- what every import gets: rows named, nothing guessed, refusals change nothing


def test_duplicate_ids_and_bad_counts_are_skipped_with_file_row_and_column(empty_con, tmp_path):
    text = (
        "account_id,name,employees\n"
        "A1,Acme,10\n"
        "A2,Beta,12.5\n"  # not a whole number: DuckDB's own cast would make it 13
        "A1,Acme again,11\n"  # the id of row 1 again
        "A3,Gamma,-4\n"
        "A4,Delta,\n"
    )
    report = import_files(empty_con, "accounts", [write(tmp_path, "accounts.csv", text)])
    assert report.skipped == {"duplicate id": 1, "not a whole number": 1, "negative count": 1}
    problems = report.issues[["row_number", "column_name", "reason", "value"]].values.tolist()
    assert problems == [
        [2, "employees", "not a whole number", "12.5"],
        [3, "account_id", "duplicate id", "A1 (first on row 1 of accounts.csv)"],
        [4, "employees", "negative count", "-4"],
    ]
    assert empty_con.execute("select account_id, employees from accounts order by 1").fetchall() == [
        ("A1", 10),
        ("A4", None),
    ]


@pytest.fixture
def con_with_accounts(con, tmp_path):
    """The hand-counted fixture plus three HubSpot companies: something a refused import must not touch."""
    load(con, tmp_path, "hubspot", "accounts", HUBSPOT_COMPANIES_UI, "companies.csv")
    return con


@pytest.mark.parametrize(
    ("text", "strict", "message"),
    [
        ("Company name,Industry\nAcme,Retail\n", False, "none of the columns 'Record ID'"),
        (
            "Record ID,Company name\n701,Acme\n701,Acme twice\n",
            True,
            r"new\.csv, row 2, column Record ID: duplicate id",
        ),
        (
            "Record ID,Number of Employees\n701,12.5\n",
            False,
            r"new\.csv, row 1, column Number of Employees: not a whole number: '12\.5'",
        ),
        ("Record ID,Company name\n", False, r"new\.csv: the file has a header but no data rows"),
    ],
)
def test_a_refused_accounts_file_leaves_every_table_as_it_was(con_with_accounts, tmp_path, text, strict, message):
    before = table_hashes(con_with_accounts)
    with pytest.raises(ImportRefused, match=message):
        load(
            con_with_accounts,
            tmp_path,
            "hubspot",
            "accounts",
            text,
            "new.csv",
            on_bad_rows="refuse" if strict else "skip",
        )
    assert table_hashes(con_with_accounts) == before
    assert store.scalar(con_with_accounts, "select count(*) from accounts") == 3


def test_a_database_without_the_accounts_table_gets_it_and_keeps_its_data(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    con.execute("insert into leads (lead_id, created_at) values ('old-1', '2024-05-01')")
    # as a file written before the accounts table existed: no table, and an older code version
    con.execute("drop table accounts")
    store.set_meta(con, "code_version", "before-accounts")
    con.close()
    con = store.connect(path)
    assert store.scalar(con, "select count(*) from accounts") == 0
    assert store.scalar(con, "select lead_id from leads") == "old-1"


def test_replacing_all_data_takes_the_accounts_with_it(con_with_accounts):
    store.clear_all(con_with_accounts)
    assert store.scalar(con_with_accounts, "select count(*) from accounts") == 0


def test_the_demo_replaces_imported_accounts(con_with_accounts):
    demo.generate(con_with_accounts, leads=50)
    assert store.scalar(con_with_accounts, "select count(*) from accounts where account_id in ('501', '502')") == 0


def test_cli_imports_accounts(tmp_path, capsys):
    db = str(tmp_path / "cli.duckdb")
    path = write(tmp_path, "accounts.csv", SALESFORCE_ACCOUNTS_REPORT)
    assert main(["import", "--db", db, "--kind", "accounts", "--preset", "salesforce", str(path)]) == 0
    assert "accounts: rows read 2 = imported 2 + skipped 0" in capsys.readouterr().out


# ---- the account derived from an e-mail domain or a company name


def test_account_from_email_domain(empty_con, tmp_path):
    mapping = mapping_for(tmp_path, "email_domain", "Email")
    report = import_files(empty_con, "leads", [write(tmp_path, "contacts.csv", CONTACTS)], mapping=mapping)
    rows = empty_con.execute("select lead_id, account_id from leads order by 1").fetchall()
    assert rows == [("c1", "acme.com"), ("c2", None), ("c3", "acme.com"), ("c4", None), ("c5", None), ("c6", None)]
    assert (
        "contacts.csv: account_id: derived from the e-mail domain in 'Email' — 2 rows got an account "
        "(1 distinct account); 4 got none: 2 free-mail addresses (gmail.com 1, outlook.com 1), "
        "1 not an e-mail address or domain, 1 blank"
    ) in report.notes
    assert report.rows_loaded == 6


def test_account_from_company_name(empty_con, tmp_path):
    mapping = mapping_for(tmp_path, "company", "Company")
    report = import_files(empty_con, "leads", [write(tmp_path, "contacts.csv", CONTACTS)], mapping=mapping)
    rows = empty_con.execute("select lead_id, account_id from leads order by 1").fetchall()
    # "Acme, Inc.", "ACME inc" and "Acme" are one account
    assert rows == [("c1", "acme"), ("c2", "acme"), ("c3", "acme"), ("c4", "globex"), ("c5", None), ("c6", None)]
    assert (
        "contacts.csv: account_id: derived from the company name in 'Company' — 4 rows got an account "
        "(2 distinct accounts); 2 got none: 1 no company name (a legal form or punctuation alone; N/A, [not provided], "
        "Individual …), 1 blank"
    ) in report.notes


def test_leads_by_email_domain_find_companies_keyed_by_their_domain(empty_con, tmp_path):
    companies = 'Company Domain Name,Company name\nACME.com,"Acme, Inc."\nglobex.de,Globex GmbH\n'
    toml = '[accounts]\naccount_from = "email_domain"\n\n[accounts.columns]\naccount_id = "Company Domain Name"\n'
    toml += 'name = "Company name"\n'
    by_domain = load_mapping(write(tmp_path, "companies.toml", toml))["accounts"]
    import_files(empty_con, "accounts", [write(tmp_path, "companies.csv", companies)], mapping=by_domain)
    mapping = mapping_for(tmp_path, "email_domain", "Email")
    import_files(empty_con, "leads", [write(tmp_path, "contacts.csv", CONTACTS)], mapping=mapping)
    named = "select l.lead_id, a.name from leads as l join accounts as a using (account_id) order by 1"
    assert empty_con.execute(named).fetchall() == [("c1", "Acme, Inc."), ("c3", "Acme, Inc.")]


def test_a_company_s_website_is_its_domain(empty_con, tmp_path):
    # a companies export that gives the website (www. in capitals, or with its scheme and a path) meets the people
    # whose addresses are at the bare domain: CONTACTS' c1 and c3 are at acme.com
    companies = 'Website,Company name\nWWW.ACME.com,"Acme, Inc."\nhttps://globex.de/about/,Globex GmbH\n'
    toml = '[accounts]\naccount_from = "email_domain"\n\n[accounts.columns]\naccount_id = "Website"\n'
    toml += 'name = "Company name"\n'
    by_site = load_mapping(write(tmp_path, "companies.toml", toml))["accounts"]
    import_files(empty_con, "accounts", [write(tmp_path, "companies.csv", companies)], mapping=by_site)
    assert empty_con.execute("select account_id from accounts order by 1").fetchall() == [("acme.com",), ("globex.de",)]
    import_files(
        empty_con,
        "leads",
        [write(tmp_path, "contacts.csv", CONTACTS)],
        mapping=mapping_for(tmp_path, "email_domain", "Email"),
    )
    named = "select l.lead_id, a.name from leads as l join accounts as a using (account_id) order by 1"
    assert empty_con.execute(named).fetchall() == [("c1", "Acme, Inc."), ("c3", "Acme, Inc.")]


def test_deals_derive_their_account_from_the_company_name_too(empty_con, tmp_path):
    toml = '[deals]\naccount_from = "company"\n\n[deals.columns]\ndeal_id = "Deal"\ncreated_at = "Created"\n'
    toml += 'status = "Status"\naccount_id = "Account Name"\n'
    deals = "Deal,Created,Status,Account Name\nd1,2025-03-01,open,ACME Ltd.\nd2,2025-03-02,won,Initech LLC\n"
    mapping = load_mapping(write(tmp_path, "deals.toml", toml))["deals"]
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", deals)], mapping=mapping)
    assert empty_con.execute("select deal_id, account_id from deals order by 1").fetchall() == [
        ("d1", "acme"),
        ("d2", "initech"),
    ]
    assert any("2 rows got an account (2 distinct accounts); every row got one" in n for n in report.notes)


def test_the_summary_prints_the_derivation(empty_con, tmp_path):
    mapping = mapping_for(tmp_path, "company", "Company")
    report = import_files(
        empty_con, "leads", [write(tmp_path, "contacts.csv", CONTACTS)], mapping=mapping, dry_run=True
    )
    assert "4 rows got an account (2 distinct accounts)" in report.summary(dry_run=True)
    assert store.scalar(empty_con, "select count(*) from leads") == 0


def test_a_written_mapping_keeps_account_from(tmp_path):
    mapping = mapping_for(tmp_path, "email_domain", "Email")
    again = load_mapping(write(tmp_path, "again.toml", to_toml({"leads": mapping})))["leads"]
    assert (again.account_from, again.columns["account_id"]) == ("email_domain", ("Email",))


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[leads]\naccount_from = "domain"\n', r"account_from must be 'email_domain' or 'company'"),
        ("[leads]\naccount_from = 1\n", r"account_from must be"),
        (
            '[leads]\naccount_from = "company"\n[leads.columns]\nlead_id = "Contact"\ncreated_at = "Created"\n',
            r"needs \[leads.columns\] account_id, the file column holding the company name",
        ),
    ],
)
def test_a_mapping_that_cannot_derive_accounts_is_refused(empty_con, tmp_path, toml, message):
    with pytest.raises(ImportRefused, match=message):
        mapping = load_mapping(write(tmp_path, "bad.toml", toml))["leads"]
        import_files(empty_con, "leads", [write(tmp_path, "contacts.csv", CONTACTS)], mapping=mapping)
    assert store.scalar(empty_con, "select count(*) from leads") == 0


@functools.cache
def _macros() -> duckdb.DuckDBPyConnection:
    return store.connect(":memory:")


def companies(names: list[str | None]) -> list[str | None]:
    """company_account of each name, in order, in one query (the macro's binding costs a query a quarter second:
    the properties below check a list of names per example rather than one query per name)."""
    query = (
        "select company_account(v, $legal_suffixes, $legal_prefixes, $legal_glued) "
        "from unnest($v::varchar[]) with ordinality as t(v, i) order by i"
    )
    return [account for (account,) in _macros().execute(query, {"v": names, **legal_forms()}).fetchall()]


def company(name: str | None) -> str | None:
    [account] = companies([name])
    return account


def emails(cells: list[str | None]) -> list[str | None]:
    """email_account of each cell, in order, in one query."""
    query = "select email_account(v, $f) from unnest($v::varchar[]) with ordinality as t(v, i) order by i"
    return [
        account for (account,) in _macros().execute(query, {"v": cells, "f": list(config.FREE_MAIL_DOMAINS)}).fetchall()
    ]


def email(cell: str | None) -> str | None:
    [account] = emails([cell])
    return account


@pytest.mark.parametrize(
    ("name", "account"),
    [
        ("Acme, Inc.", "acme"),
        ("ACME inc", "acme"),
        ("  Acme   Holdings Co., Ltd. ", "acme holdings"),
        ("Müller GmbH & Co. KG", "müller"),
        ("O'Reilly Media, Inc", "oreilly media"),
        ("Globex S.A.", "globex"),
        ("Incorporate Inc", "incorporate"),  # a word that only starts like a legal form stays
        ("Procter & Gamble", "procter and gamble"),
        ("Procter and Gamble", "procter and gamble"),
        ("Marks and Spencer plc", "marks and spencer"),
        ("Inc.", None),
        ("  ", None),
        (None, None),
    ],
)
def test_company_names_as_accounts(name, account):
    assert company(name) == account


def test_a_company_field_that_names_no_company_gives_no_account(empty_con, tmp_path):
    # "[not provided]" (Salesforce web-to-lead), "N/A", "Individual" and "Self-employed" twice each were one account
    # per word, two strangers in it; each such lead is an account of its own. Acme twice, spelled two ways: one
    names = ["[not provided]", "[not provided]", "N/A", "n/a", "Individual", "Self-employed", "Acme, Inc.", "ACME"]
    # a placeholder is a whole name: "Test GmbH" is a company
    names.append("Test GmbH")
    text = "Lead ID,Created Date,Company\n" + "".join(f"{i},2025-01-0{i},{n}\n" for i, n in enumerate(names, 1))
    text = text.replace("Acme, Inc.", '"Acme, Inc."')
    mapping = load_mapping(
        write(
            tmp_path,
            "m.toml",
            '[leads]\naccount_from = "company"\n[leads.columns]\nlead_id = "Lead ID"\n'
            'created_at = "Created Date"\naccount_id = "Company"\n',
        )
    )["leads"]
    report = import_files(empty_con, "leads", [write(tmp_path, "leads.csv", text)], mapping=mapping)
    got = empty_con.execute("select lead_id, account_id from leads order by lead_id::int").fetchall()
    assert got == [(str(i), None) for i in range(1, 7)] + [("7", "acme"), ("8", "acme"), ("9", "test")]
    assert any("6 no company name (a legal form" in n for n in report.notes)


@pytest.mark.parametrize("domain", ["yahoo.de", "hotmail.it", "live.co.uk", "gmx.at", "comcast.net", "yahoo.co.jp"])
def test_free_mail_under_a_country_domain_is_no_company(domain):
    # two prospects at yahoo.de were one account
    assert email(f"ann@{domain}") is None
    assert email("ann@yahoo-inc.com") == "yahoo-inc.com"


@pytest.mark.parametrize(
    ("cell", "account"),
    [
        ("Ann@ACME.com ", "acme.com"),
        ("x@Sub.Acme.co.uk", "sub.acme.co.uk"),
        ("acme.com", "acme.com"),  # a bare domain, as a companies export writes it
        ("bob@gmail.com", None),
        ("Bob@GMail.COM", None),
        ("bob", None),
        ("a@b", None),
        ("Bob <bob@acme.com>", None),
        (None, None),
    ],
)
def test_email_cells_as_accounts(cell, account):
    assert email(cell) == account


def test_legal_suffixes_are_single_words_once_their_dots_go():
    assert all(s.replace(".", "").isalnum() for s in config.COMPANY_LEGAL_SUFFIXES)
    assert all(d == d.lower() and "@" not in d for d in config.FREE_MAIL_DOMAINS)


# letters whose upper and lower case map back to each other (not ß, whose upper case is SS)
CASED = string.ascii_letters + "éÉüÜøØñÑ"
NAMES = st.text(alphabet=CASED + string.digits + " .,&'-/()", max_size=24)
# each example checks a list of up to 10 names in one or two queries: 30 examples check about as many names as
# 80 examples of one name did, in a third of the queries (each query, not each name, is what costs)
PROPS = settings(max_examples=30, deadline=None)
NAME_LISTS = st.lists(NAMES, min_size=1, max_size=10)


@PROPS
@given(NAME_LISTS)
def test_company_normaliser_is_idempotent(names):
    once = [account for account in companies(names) if account is not None]
    assert companies(once) == once


@PROPS
@given(NAME_LISTS)
def test_company_normaliser_ignores_case(names):
    n = len(names)
    accounts = companies([name.upper() for name in names] + [name.lower() for name in names] + names)
    assert accounts[:n] == accounts[n : 2 * n] == accounts[2 * n :]


@PROPS
@given(
    st.lists(
        st.tuples(NAMES, st.sampled_from(config.COMPANY_LEGAL_SUFFIXES), st.sampled_from([" ", ", ", " - "])),
        min_size=1,
        max_size=10,
    )
)
def test_a_legal_form_at_the_end_does_not_change_the_account(named):
    accounts = companies([f"{name}{separator}{suffix}" for name, suffix, separator in named] + [n for n, _, _ in named])
    assert accounts[: len(named)] == accounts[len(named) :]


@PROPS
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8), st.sampled_from(["acme.com", "gmail.com"])
        ),
        min_size=1,
        max_size=10,
    )
)
def test_email_account_ignores_case_and_never_is_free_mail(addresses):
    cells = [f"{local}@{domain}" for local, domain in addresses]
    expected = [None if domain in config.FREE_MAIL_DOMAINS else domain for _, domain in addresses]
    n = len(cells)
    accounts = emails([cell.upper() for cell in cells] + cells)
    assert accounts[:n] == accounts[n:] == expected
