"""A ninth trial (form tools, Mailchimp, Apple Numbers, SugarCRM, Capsule, Copper): what the proposal and the import
got wrong there, written small and counted by hand."""

from __future__ import annotations

import json

import duckdb
import pytest

from dashboard.cli import main
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from tests.propose_helpers import proposal_and_mapping as proposed
from tests.propose_helpers import write

# HubSpot's form submissions, newest first; ann@ submitted three times (rows 1, 4, 6)
HS_FORMS = (
    "Conversion Date,Email,Company name,Form Name\n"
    "2024-04-02 10:05,ann@brightwater.com,Brightwater,Demo request\n"
    "2024-03-28 16:20,gus@adatum.com,Adatum,Ebook download\n"
    "2024-03-20 09:00,bo@northwind.com,Northwind,Ebook download\n"
    "2024-03-14 11:11,ann@brightwater.com,Brightwater,Webinar registration\n"
    "2024-03-10 08:45,cy@fabrikam.com,Fabrikam,Ebook download\n"
    "2024-02-27 13:30,ann@brightwater.com,Brightwater,Ebook download\n"
    "2024-02-15 17:00,di@contoso.com,Contoso,Ebook download\n"
)


def test_a_repeated_lead_keeps_its_earliest_created_row(tmp_path, capsys):
    # by hand: 5 people; ann@ first came 2024-02-27 (row 6, Ebook download): February has di@ and ann@ = 2 leads,
    # March 3 (cy@, bo@, gus@), April 0; rows 1 and 4 skipped; 5 rows loaded, so 5 got an account (not 7)
    path = write(tmp_path, "hubspot_form_submissions.csv", HS_FORMS)
    p, _ = proposed(tmp_path, "leads", path)
    assert p.mapping.columns["created_at"] == ("Conversion Date",)
    db = tmp_path / "hs.duckdb"
    # the trial's edited mapping: the form's name as the campaign
    toml = write(
        tmp_path,
        "hsforms_edit.toml",
        '[leads]\naccount_from = "company"\n[leads.columns]\ncreated_at = "Conversion Date"\ncampaign = "Form Name"\n'
        'lead_id = "Email"\naccount_id = "Company name"\n',
    )
    assert main(["import", "--db", str(db), "--kind", "leads", "--mapping", str(toml), str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "1 id of hubspot_form_submissions.csv appears on several rows with other created dates; the earliest-created "
        "row of each was kept, a lead being created when it first appears (ann@brightwater.com: row 6, created "
        "2024-02-27 13:30, kept over row 1, row 4)" in out
    )
    assert "ann@brightwater.com (kept: row 6 of hubspot_form_submissions.csv)" in out
    assert "5 rows got an account (5 distinct accounts)" in out
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select lead_id, created_at::date::varchar, campaign from leads order by 2").fetchall()
    con.close()
    assert rows[1] == ("ann@brightwater.com", "2024-02-27", "Ebook download")
    by_month = {}
    for _, day, _ in rows:
        by_month[day[:7]] = by_month.get(day[:7], 0) + 1
    assert by_month == {"2024-02": 2, "2024-03": 3}


def test_a_deal_repeated_keeps_its_first_row(empty_con, tmp_path):
    # deals keep the first row of an id (a history export's first row), whatever their dates: D1 created 2024-03-05
    deals = write(
        tmp_path,
        "deals.csv",
        "deal_id,created_at,status,amount\nD1,2024-03-05,open,100\nD1,2024-03-01,won,100\n",
    )
    import_files(empty_con, "deals", [deals])
    assert empty_con.execute("select created_at::date::varchar, status from deals").fetchall() == [
        ("2024-03-05", "open")
    ]


MAILCHIMP = (
    "Email Address,Company,OPTIN_TIME,CONFIRM_TIME,CC,REGION,LAST_CHANGED\n"
    "ann@brightwater.com,Brightwater,2024-03-01 09:15:22,2024-03-01 09:16:01,US,NY,2024-03-20 10:00:00\n"
    "bo@northwind.com,Northwind,2024-03-02 11:40:00,2024-03-02 11:41:00,CA,ON,2024-03-20 10:00:00\n"
    "di@contoso.com,Contoso,,2024-02-15 08:00:00,US,CA,2024-03-20 10:00:00\n"
    "ed@tailspin.com,Tailspin,,2024-02-15 08:00:00,GB,,2024-03-20 10:00:00\n"
)


def test_mailchimp_created_falls_back_to_confirm_time_and_region_is_the_country(tmp_path):
    # by hand: 2 rows have no OPTIN_TIME; CONFIRM_TIME fills both (2024-02-15): 4 leads, 2 in February, 2 in March;
    # regions by country: US 2, CA 1, GB 1
    path = write(tmp_path, "mailchimp.csv", MAILCHIMP)
    p, _ = proposed(tmp_path, "leads", path)
    assert p.mapping.columns["created_at"] == ("OPTIN_TIME", "CONFIRM_TIME")
    assert p.mapping.columns["region"] == ("CC",)
    assert "state or province codes" in p.reasons["columns.region"]
    db = tmp_path / "mc.duckdb"
    assert (
        main(["import", "--db", str(db), "--kind", "leads", "--mapping", str(tmp_path / "mailchimp.toml"), str(path)])
        == 0
    )
    con = duckdb.connect(str(db), read_only=True)
    months = con.execute("select strftime(created_at, '%Y-%m'), count(*) from leads group by 1 order by 1").fetchall()
    regions = con.execute("select region, count(*) from leads group by 1 order by 1").fetchall()
    con.close()
    assert months == [("2024-02", 2), ("2024-03", 2)]
    assert regions == [("CA", 1), ("GB", 1), ("US", 2)]


def test_a_blank_created_date_names_the_dates_that_fill_it(empty_con, tmp_path):
    # the trial's own mapping (OPTIN_TIME alone): rows 3 and 4 skipped, 2 loaded, so 2 rows got an account; the
    # warning names CONFIRM_TIME (and LAST_CHANGED, a date too) and writes the line with CONFIRM_TIME, the creation
    path = write(tmp_path, "mailchimp.csv", MAILCHIMP)
    toml = write(
        tmp_path,
        "m.toml",
        '[leads]\naccount_from = "company"\n[leads.columns]\nlead_id = "Email Address"\naccount_id = "Company"\n'
        'created_at = "OPTIN_TIME"\n',
    )
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(toml)["leads"])
    assert empty_con.execute("select count(*) from leads").fetchone() == (2,)
    said = " ".join(report.alerts)
    assert "created_at ('OPTIN_TIME') is blank on 2 rows (rows 3, 4)" in said
    assert "'CONFIRM_TIME' (2 rows)" in said
    assert "'CONFIRM_TIME' (2 rows), 'LAST_CHANGED' (2 rows)" in said
    assert 'write created_at = ["OPTIN_TIME", "CONFIRM_TIME"] under [leads.columns]' in said
    assert any("2 rows got an account (2 distinct accounts)" in n for n in report.notes)


NUMBERS_LEADS = (
    "Lead,Created,Source,Stage,MQL,SQL\n"
    'L-01,"3/1/24, 9:15 AM",Webinar,MQL,3/2/24,\n'
    'L-02,"3/2/24, 11:40 AM",Paid Search,SQL,3/3/24,3/4/24\n'
    'L-03,"3/13/24, 4:45 PM",Webinar,Lead,,\n'
)
NUMBERS_DEALS = (
    "Deal,Lead,Created,Closed,Amount,Stage\n"
    'D-01,L-02,"3/10/24, 10:00 AM",3/28/24,"$12,000.00",Won\n'
    'D-02,L-02,"3/20/24, 2:00 PM",,"$3,000.00",Negotiation\n'
)


def test_apple_numbers_two_digit_years_and_its_columns(empty_con, tmp_path):
    # by hand: 3/13/24 shows month first; L-01 created 2024-03-01 09:15, L-03 2024-03-13 16:45; MQL dates on L-01,
    # L-02 (2), SQL on L-02 (1, month first as Created shows); D-01 won 2024-03-28, D-02 created 14:00
    leads = write(tmp_path, "numbers_leads.csv", NUMBERS_LEADS)
    p, mapping = proposed(tmp_path, "leads", leads)
    assert p.mapping.columns["lead_id"] == ("Lead",)
    assert (p.mapping.columns["mql_at"], p.mapping.columns["sql_at"]) == (("MQL",), ("SQL",))
    report = import_files(empty_con, "leads", [leads], mapping=mapping)
    assert report.rows_loaded == 3
    got = empty_con.execute(
        "select lead_id, strftime(created_at, '%Y-%m-%d %H:%M'), mql_at::date::varchar, sql_at::date::varchar "
        "from leads order by 1"
    ).fetchall()
    assert got == [
        ("L-01", "2024-03-01 09:15", "2024-03-02", None),
        ("L-02", "2024-03-02 11:40", "2024-03-03", "2024-03-04"),
        ("L-03", "2024-03-13 16:45", None, None),
    ]
    deals = write(tmp_path, "numbers_deals.csv", NUMBERS_DEALS)
    p, mapping = proposed(tmp_path, "deals", deals)
    assert (p.mapping.columns["deal_id"], p.mapping.columns["lead_id"]) == (("Deal",), ("Lead",))
    assert p.mapping.columns["closed_at"] == ("Closed",)
    import_files(empty_con, "deals", [deals], mapping=mapping)
    got = empty_con.execute(
        "select deal_id, status, strftime(created_at, '%Y-%m-%d %H:%M'), closed_at::date::varchar from deals order by 1"
    ).fetchall()
    assert got == [("D-01", "won", "2024-03-10 10:00", "2024-03-28"), ("D-02", "open", "2024-03-20 14:00", None)]


def test_two_digit_years_that_show_no_order_are_refused_with_the_line(empty_con, tmp_path):
    path = write(tmp_path, "l.csv", 'lead_id,created_at\nA,"3/1/24, 9:15 AM"\nB,3/2/24\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path])
    said = str(refused.value)
    assert '"%m/%d/%y, %I:%M %p"' in said and '"%d/%m/%y"' in said


def test_created_dates_of_form_tools_and_crms_are_proposed(tmp_path):
    cases = {
        "brevo.csv": ("CONTACT ID;EMAIL;ADDED_TIME\n11;a@x.com;01-03-2024 09:15:22\n", "ADDED_TIME"),
        "gforms.csv": ("Timestamp,Email Address\n3/1/2024 9:15:22,a@x.com\n", "Timestamp"),
        "typeform.csv": (
            "#,Start Date (UTC),Stage Date (UTC),Submit Date (UTC)\nk3,2024-02-29 23:58:01,2024-03-01 00:01:12,"
            "2024-03-01 00:01:12\n",
            "Submit Date (UTC)",
        ),
        "sugar.csv": ('"id","date_entered"\n"1","03/01/2024 09:15am"\n', "date_entered"),
        "hsforms.csv": ("Conversion Date,Email\n2024-04-02 10:05,a@x.com\n", "Conversion Date"),
    }
    for name, (text, created) in cases.items():
        p = proposal_for("leads", stage_file(write(tmp_path, name, text)), {})
        assert p.mapping.columns["created_at"] == (created,), name
        assert "created_at" not in p.missing


def test_deal_stages_of_capsule_and_sugar_and_a_row_id_for_deals(empty_con, tmp_path):
    # Copper has no deal id: each deal's id is its file and row (copper.csv:1, :2); by hand won 1 (24,000),
    # open 1 (8,000), whose Close Date 04/30/2024 is an expected close: not stored, said
    copper = write(
        tmp_path,
        "copper.csv",
        "Name,Stage,Status,Value,Close Date,Date Created\n"
        "Brightwater,Closed,Won,24000,03/28/2024,03/04/2024\n"
        "Northwind,Proposal,Open,8000,04/30/2024,03/05/2024\n",
    )
    p, mapping = proposed(tmp_path, "deals", copper)
    assert p.mapping.columns["deal_id"] == ("@row",)
    assert "deal_id" not in p.missing
    report = import_files(empty_con, "deals", [copper], mapping=mapping)
    got = empty_con.execute("select deal_id, status, amount, closed_at::date::varchar from deals order by 1").fetchall()
    assert got == [("copper.csv:1", "won", 24000.0, "2024-03-28"), ("copper.csv:2", "open", 8000.0, None)]
    assert any(
        "1 open deal had a close date in 'Close Date', taken as the date it is expected to close" in n
        for n in report.notes
    )
    capsule = write(tmp_path, "capsule.csv", "Id,Milestone,Value,Created\n1,Won,500,2024-03-04\n")
    sugar = write(tmp_path, "sugar.csv", "id,sales_stage,amount,date_entered\no1,Closed Won,100,03/07/2024\n")
    for path, stage in ((capsule, "Milestone"), (sugar, "sales_stage")):
        p = proposal_for("deals", stage_file(path), {})
        assert p.mapping.columns["status"] == (stage,)
        assert p.mapping.values["status"]["won" if stage == "Milestone" else "closed won"] == "won"


def test_typeform_stage_date_is_not_offered_as_a_stage(empty_con, tmp_path):
    path = write(
        tmp_path,
        "typeform.csv",
        "#,utm_medium,Stage Date (UTC),Submit Date (UTC)\nk3,cpc,2024-03-01 00:01:12,2024-03-01 00:01:12\n",
    )
    _, mapping = proposed(tmp_path, "leads", path)
    report = import_files(empty_con, "leads", [path], mapping=mapping)
    stages = [a for a in report.alerts if "no column gives the leads' stages" in a]
    assert stages and "Stage Date" not in stages[0]


def test_metrics_count_each_person_once(tmp_path, capsys):
    path = write(tmp_path, "hubspot_form_submissions.csv", HS_FORMS)
    proposed(tmp_path, "leads", path)
    db = tmp_path / "m.duckdb"
    toml = tmp_path / "hubspot_form_submissions.toml"
    assert main(["import", "--db", str(db), "--kind", "leads", "--mapping", str(toml), str(path)]) == 0
    capsys.readouterr()
    assert main(["metrics", "--format", "json", "--db", str(db)]) == 0
    data = json.loads(capsys.readouterr().out)
    # 5 people, not 7 rows
    assert data["funnel"][0] == {
        "stage": "lead",
        "count": 5,
        "pct_of_previous": None,
        "pct_of_first": 1.0,
        "still_in_window": 0,
        "dropped": 0,
    }
