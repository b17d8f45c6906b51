"""A twentieth trial's weak proposals (Maven Analytics' CRM data set, NetSuite, Keap, Nutshell, lead forms, ad
platforms, Greek, Turkish, Hebrew, Arabic, Traditional Chinese and Korean headers), written small and counted by
hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard import store
from dashboard.cli import main
from dashboard.importers.canonical import ImportRefused, ImportReport, import_files
from dashboard.importers.isolated import checked_import
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.run import ImportOptions
from tests.propose_helpers import proposal_and_mapping as proposed
from tests.propose_helpers import write


def by_status(con):
    """Deals and revenue per status, as stored."""
    rows = con.execute("select status, count(*), coalesce(sum(amount), 0) from deals group by 1 order by 1").fetchall()
    return {s: (n, amount) for s, n, amount in rows}


# Maven Analytics' public "CRM sales opportunities" data set, its columns as published, six of its rows
MAVEN = (
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
    "1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\n"
    "Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Won,2016-10-25,2017-03-11,4514\n"
    "NL3JZH1Z,Maureen Marcano,GTX Plus Pro,Rangreen,Lost,2016-11-04,2017-03-01,0\n"
    "HAXMC4IX,James Ascencio,MG Advanced,,Engaging,2016-11-03,,\n"
    "J1FZX0H7,Violet Mclelland,GTX Plus Pro,Sonron,Engaging,2016-11-04,,\n"
    "OLBETWNQ,Anna Snelling,GTX Basic,Konex,Prospecting,,,\n"
)


def test_maven_crm_data_set_is_proposed_whole_and_imports_its_revenue(empty_con, tmp_path):
    # by hand: won 2 (1054 + 4514 = 5568), lost 1 (0), open 2 (the Engaging ones); the Prospecting deal has no
    # engage_date and is skipped (a required created date), so 5 deals stored
    path = write(tmp_path, "maven_sales_pipeline.csv", MAVEN)
    p, mapping = proposed(tmp_path, "deals", path)
    cols = p.mapping.columns
    assert cols["amount"] == ("close_value",)
    assert cols["created_at"] == ("engage_date",)
    assert cols["owner"] == ("sales_agent",)
    assert cols["account_id"] == ("account",)
    assert cols["deal_id"] == ("opportunity_id",)
    assert cols["closed_at"] == ("close_date",)
    assert p.mapping.values["status"] == {
        "won": "won",
        "lost": "lost",
        "engaging": "open",
        "prospecting": "open",
        "*": "open",
    }
    assert p.missing == ()
    import_files(empty_con, "deals", [path], mapping=mapping)
    assert by_status(empty_con) == {"won": (2, 5568.0), "lost": (1, 0.0), "open": (2, 0)}
    owners = empty_con.execute("select owner from deals where deal_id = 'Z063OYW0'").fetchone()
    assert owners == ("Darcel Schlecht",)


def test_stages_that_end_a_deal_unwon_are_lost(empty_con, tmp_path):
    # by hand: won 1 (D1, 500); lost 4 (D2 did not win 100, D3 won't proceed 200, D4 no decision 300, D5 Salesforce's
    # Closed - No Decision 400 = 1,000); open 1 (D6, 50); "Not won" (D7) stays the user's to choose, skipped
    path = write(
        tmp_path,
        "odd_stages.csv",
        "Deal ID,Deal Stage,Amount,Created Date,Close Date\n"
        "D1,Won,500,2025-03-01,2025-03-20\n"
        "D2,Did not win,100,2025-03-01,2025-03-20\n"
        "D3,Won't proceed,200,2025-03-01,2025-03-20\n"
        "D4,No decision,300,2025-03-01,2025-03-20\n"
        "D5,Closed - No Decision,400,2025-03-01,2025-03-20\n"
        "D6,Proposal,50,2025-03-01,\n"
        "D7,Not won,70,2025-03-01,2025-03-20\n",
    )
    p, mapping = proposed(tmp_path, "deals", path)
    status = p.mapping.values["status"]
    for value in ("did not win", "won't proceed", "no decision", "closed - no decision"):
        assert status[value] == "lost", value
    assert status["proposal"] == "open"
    assert "not won" not in status
    import_files(empty_con, "deals", [path], mapping=mapping)
    assert by_status(empty_con) == {"won": (1, 500.0), "lost": (4, 1000.0), "open": (1, 50.0)}


# NetSuite's opportunities saved search, ending with its Total row (dates month first: 3/15 says so)
NETSUITE = (
    "Internal ID,Document Number,Date,Customer,Status,Projected Total,Expected Close,Sales Rep,Lead Source\n"
    '2201,OPP1001,3/15/2025,ACME Corp,Closed Won,"12,500.00",3/31/2025,"Smith, John",Web\n'
    '2202,OPP1002,3/16/2025,Globex,Closed Lost,"3,000.00",3/28/2025,"Smith, John",Trade Show\n'
    '2203,OPP1003,3/20/2025,Initech,In Negotiation,"8,000.00",4/30/2025,"Doe, Jane",Web\n'
    'Total,,,,,"23,500.00",,,\n'
)


def test_netsuite_opportunities_are_proposed_with_their_id_date_and_total(empty_con, tmp_path):
    # by hand: won 1 (12,500), lost 1 (3,000), open 1 (8,000); the Total row is no deal (not 4 deals, not 47,000)
    path = write(tmp_path, "netsuite_opportunities.csv", NETSUITE)
    p, mapping = proposed(tmp_path, "deals", path)
    cols = p.mapping.columns
    assert cols["deal_id"] == ("Internal ID",)
    assert cols["created_at"] == ("Date",)
    assert cols["amount"] == ("Projected Total",)
    # the Total row's blank status is not proposed as an open deal
    assert p.mapping.values["status"] == {
        "closed won": "won",
        "closed lost": "lost",
        "in negotiation": "open",
        "*": "open",
    }
    import_files(empty_con, "deals", [path], mapping=mapping)
    assert by_status(empty_con) == {"won": (1, 12500.0), "lost": (1, 3000.0), "open": (1, 8000.0)}
    ids = [r[0] for r in empty_con.execute("select deal_id from deals order by 1").fetchall()]
    assert ids == ["2201", "2202", "2203"]


def test_keap_amount_and_nutshell_owner_and_source_are_proposed(empty_con, tmp_path):
    # Keap gives a projected range, no amount: its low end is proposed, the high end named; by hand won 1 (1,000)
    keap = write(
        tmp_path,
        "keap_opportunities.csv",
        "Id,Opportunity Title,Stage,Projected Revenue Low,Projected Revenue High,Date Created,Owner\n"
        "11,Website,Win,1000.00,3000.00,03/03/2025,Sam Hill\n"
        "12,SEO,Proposal Sent,200.00,400.00,03/15/2025,Sam Hill\n",
    )
    p, mapping = proposed(tmp_path, "deals", keap)
    assert p.mapping.columns["amount"] == ("Projected Revenue Low",)
    assert 'amount = "Projected Revenue High"' in p.reasons["columns.amount"]
    import_files(empty_con, "deals", [keap], mapping=mapping)
    assert by_status(empty_con) == {"won": (1, 1000.0), "open": (1, 200.0)}
    nutshell = write(
        tmp_path,
        "nutshell_leads.csv",
        "Id,Name,Status,Value,Created,Assignee,Source(s)\n1001,Acme,Won,5000,3/4/2025,Jane Doe,Referral\n",
    )
    p = proposal_for("deals", stage_file(nutshell), {})
    assert p.mapping.columns["owner"] == ("Assignee",)
    assert p.mapping.columns["source"] == ("Source(s)",)


def test_lead_form_and_scheduling_tools_creation_dates_ids_and_sources(tmp_path):
    cases = {
        # LinkedIn Lead Gen, Unbounce, Intercom (Unix seconds), Calendly (booked at, not the meeting's time)
        "linkedin_leadgen.csv": (
            "Lead ID,Submitted At (UTC),Email Address,Form Name\nurn:li:1,2025-03-31 23:15:00,a@x.com,Whitepaper\n",
            {"created_at": ("Submitted At (UTC)",), "lead_id": ("Lead ID",)},
        ),
        "unbounce_leads.csv": (
            "page_uuid,date_submitted,time_submitted,email\nu1,2025-03-31,23:50,a@x.com\n",
            {"created_at": ("date_submitted",), "lead_id": ("email",)},
        ),
        "intercom_users.csv": (
            "User ID,Name,Signed up,Last seen\nu_1,Ann Lee,1743464700,1743550000\n",
            {"created_at": ("Signed up",)},
        ),
        "calendly_events.csv": (
            "Invitee Name,Invitee Email,Start Date & Time,End Date & Time,Scheduled At\n"
            "Ann Lee,a@x.com,2025-04-02 10:00 am,2025-04-02 10:30 am,2025-03-31 11:45 pm\n",
            {"created_at": ("Scheduled At",), "lead_id": ("Invitee Email",)},
        ),
        "klaviyo_profiles.csv": (
            "Klaviyo ID,Email,Initial Source,Date Added\nK1,a@x.com,Footer Signup Form,2025-03-03 10:00:00\n",
            {"source": ("Initial Source",)},
        ),
        "eloqua_contacts.csv": (
            "Email Address,Date Created,Lead Source - Most Recent,Lead Source - Original\n"
            "a@x.com,2025-03-31 11:30:00,Webinar,Paid Search\n",
            {"source": ("Lead Source - Original",)},
        ),
    }
    for name, (text, expected) in cases.items():
        p = proposal_for("leads", stage_file(write(tmp_path, name, text)), {})
        for target, columns in expected.items():
            assert p.mapping.columns.get(target) == columns, (name, target)


def test_intercom_signed_up_seconds_import_as_the_creation_month(empty_con, tmp_path):
    # by hand: 1743464700 = 2025-03-31 23:45 UTC, 1741600000 = 2025-03-10 09:46:40 UTC, 1743465900 = 2025-04-01
    # 00:05 UTC: March 2 leads, April 1
    path = write(
        tmp_path,
        "intercom_users.csv",
        "User ID,Email,Signed up\nu_1,a@x.com,1743464700\nu_2,b@x.com,1743465900\nu_3,c@x.com,1741600000\n",
    )
    _, mapping = proposed(tmp_path, "leads", path)
    import_files(empty_con, "leads", [path], mapping=mapping)
    months = empty_con.execute(
        "select strftime(created_at, '%Y-%m'), count(*) from leads group by 1 order by 1"
    ).fetchall()
    assert months == [("2025-03", 2), ("2025-04", 1)]


def test_a_last_update_date_is_never_offered_as_the_creation_date(empty_con, tmp_path):
    # ZoomInfo's only date is its last update: the refusal says so, and names no created_at line to write
    path = write(
        tmp_path,
        "zoominfo_contacts.csv",
        "ZoomInfo Contact ID,Email Address,Company Name,Last Updated Date\n1,a@x.com,Acme,3/31/2025\n"
        "2,b@x.com,Bo,3/2/2025\n",
    )
    p = proposal_for("leads", stage_file(path), {})
    assert "created_at" in p.missing
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=p.mapping)
    said = str(refused.value)
    assert "'Last Updated Date'" in said
    assert 'created_at = "Last Updated Date"' not in said
    assert "not when it came" in said


def test_suitecrm_dead_is_disqualified_and_in_process_a_lead(tmp_path):
    path = write(
        tmp_path,
        "suitecrm_leads.csv",
        "id,date_entered,status\nl1,2025-03-02 09:00:00,Dead\nl2,2025-03-03 09:00:00,In Process\n"
        "l3,2025-03-04 09:00:00,New\n",
    )
    p = proposal_for("leads", stage_file(path), {})
    stages = p.mapping.values["lifecycle_stage"]
    assert stages["dead"] == "disqualified"
    assert stages["in process"] == "lead"


def test_ad_platforms_spend_and_day_columns_are_proposed(tmp_path):
    cases = {
        "pinterest_ads.csv": ("Campaign name,Date,Spend in account currency\nHome,2025-03-15,125.40\n", "Date"),
        "taboola.csv": ('Date,Campaign,Spent,Currency\n"Mar 3, 2025",Native,$75.00,USD\n', "Date"),
        "pinterest_api_micro.csv": ("DATE,CAMPAIGN_NAME,SPEND_IN_MICRO_DOLLAR\n2025-03-15,Home,125400000\n", "DATE"),
        "google_ads.csv": ("segments.date,campaign.name,metrics.cost_micros\n2025-03-30,Brand,15000000\n", None),
        "snapchat_ads.csv": (
            "Start time,End time,Campaign Name,Amount Spent\n2025-03-30 00:00:00,2025-03-31 00:00:00,Gen Z,45.67\n",
            "Start time",
        ),
    }
    amounts = {
        "pinterest_ads.csv": "Spend in account currency",
        "taboola.csv": "Spent",
        "pinterest_api_micro.csv": "SPEND_IN_MICRO_DOLLAR",
        "google_ads.csv": "metrics.cost_micros",
        "snapchat_ads.csv": "Amount Spent",
    }
    for name, (text, month) in cases.items():
        p = proposal_for("spend", stage_file(write(tmp_path, name, text)), {})
        assert p.mapping.columns["amount"] == (amounts[name],), name
        assert p.mapping.columns["month"] == (month or "segments.date",), name


def test_google_ads_api_micros_import_in_units_by_day(empty_con, tmp_path):
    # by hand: 15,000,000 micros on 30 March = 15.00; 25,000,000 + 5,000,000 in April = 30.00
    path = write(
        tmp_path,
        "google_ads_api.csv",
        "segments.date,campaign.name,metrics.cost_micros\n2025-03-30,Brand,15000000\n2025-04-01,Brand,25000000\n"
        "2025-04-02,Generic,5000000\n",
    )
    p = proposal_for("spend", stage_file(path), {})
    import_files(empty_con, "spend", [path], mapping=replace(p.mapping, constants={"source": "paid_search"}))
    got = empty_con.execute("select strftime(month, '%Y-%m'), sum(amount) from spend group by 1 order by 1").fetchall()
    assert got == [("2025-03", 15.0), ("2025-04", 30.0)]


def test_a_campaign_column_with_a_total_row_is_not_offered_as_the_source(tmp_path, capsys):
    # Quora's export: its campaigns, then a Total row; the source is the platform's, stated once
    path = write(
        tmp_path,
        "quora_ads.csv",
        "Day,Campaign,Ad Set,Spend\n03/29/2025,Q - Thought Leadership,Tech,$37.50\n"
        "04/13/2025,Q - Thought Leadership,Tech,$30.00\n04/14/2025,Q - Brand,Tech,$5.00\n,Total,,$72.50\n",
    )
    assert main(["map", "--kind", "spend", str(path)]) == 0
    err = capsys.readouterr().err
    advice = next(line for line in err.splitlines() if line.startswith("warning: quora_ads.csv, source:"))
    assert 'source = "Campaign"' not in advice
    assert '[spend.constants] source = "paid_search"' in advice


# a deals export's header in each language (id, name, stage, amount, created, closed, owner), and its won and lost
LOCALIZED_DEALS = {
    "el": (
        "Αναγνωριστικό,Όνομα ευκαιρίας,Στάδιο,Ποσό,Ημερομηνία δημιουργίας,Ημερομηνία κλεισίματος,Κάτοχος",
        "Κερδήθηκε",
        "Χάθηκε",
    ),
    "tr": (
        "Fırsat Kimliği,Fırsat Adı,Aşama,Tutar,Oluşturulma Tarihi,Kapanış Tarihi,Fırsat Sahibi",
        "Kazanıldı",
        "Kaybedildi",
    ),
    "he": ("מזהה הזדמנות,שם הזדמנות,שלב,סכום,תאריך יצירה,תאריך סגירה,בעלים", "נסגר - זכייה", "נסגר - הפסד"),
    "ar": (
        "معرف الفرصة,اسم الفرصة,المرحلة,المبلغ,تاريخ الإنشاء,تاريخ الإغلاق,المالك",
        "مغلقة - مكسوبة",
        "مغلقة - خاسرة",
    ),
    "zh_tw": ("商機 ID,商機名稱,階段,金額,建立日期,結束日期,商機擁有者", "結束並贏得", "結束並失去"),
    "ko": ("영업 기회 ID,영업 기회 이름,단계,금액,생성 날짜,종료 날짜,영업 기회 소유자", "성사됨", "실패"),
}


@pytest.mark.parametrize("lang", sorted(LOCALIZED_DEALS))
def test_localized_deal_headers_and_outcomes_are_proposed(empty_con, tmp_path, lang):
    # by hand: D1 won 100, D2 lost 20, D3 open 5 (its stage "X-3" is no outcome word)
    header, won, lost = LOCALIZED_DEALS[lang]
    names = header.split(",")
    path = write(
        tmp_path,
        f"loc_{lang}_deals.csv",
        f"{header}\nD1,A,{won},100,2025-03-01,2025-03-20,X\nD2,B,{lost},20,2025-03-02,2025-03-21,X\n"
        "D3,C,X-3,5,2025-03-03,,Y\n",
    )
    p, mapping = proposed(tmp_path, "deals", path)
    cols = p.mapping.columns
    assert cols["deal_id"] == (names[0],)
    assert cols["stage"] == (names[2],)
    assert cols["amount"] == (names[3],)
    assert cols["created_at"] == (names[4],)
    assert cols["closed_at"] == (names[5],)
    assert cols["owner"] == (names[6],)
    import_files(empty_con, "deals", [path], mapping=mapping)
    assert by_status(empty_con) == {"won": (1, 100.0), "lost": (1, 20.0), "open": (1, 5.0)}


@pytest.mark.parametrize(
    "header",
    [
        "Κωδικός,Ημερομηνία δημιουργίας,Πηγή,Υπεύθυνος",
        "Kişi No,Oluşturma Tarihi,Kaynak,Sorumlu",
        "מזהה,תאריך יצירה,מקור,אחראי",
        "المعرف,تاريخ الإنشاء,المصدر,المسؤول",
        "編號,建立日期,來源,負責人",
        "번호,생성일,출처,담당자",
    ],
)
def test_localized_contact_headers_are_proposed(tmp_path, header):
    path = write(tmp_path, "contacts.csv", f"{header}\n101,2025-03-03,Web,N\n102,2025-03-04,Web,M\n")
    p = proposal_for("leads", stage_file(path), {})
    names = header.split(",")
    expected = {"lead_id": names[0], "created_at": names[1], "source": names[2], "owner": names[3]}
    assert {t: p.mapping.columns.get(t, ("",))[0] for t in expected} == expected


# Trial 29 (Pipedrive, Zoho and Marketo through `map` proposals): the date_format advice that read one column and
# left another unread, a check that said nothing of the warnings its import says, and proposals that took a person's
# id for a deal's, left Converted and Marketo's stage dates unread, and counted values unlike their map.

# Zoho's user format dd/MM/yyyy hh:mm a in Created Time, a plain date in Closing Date; every day and month <= 12
ZOHO_DEALS = (
    '"Record Id","Stage","Amount","Created Time","Closing Date"\n'
    '"z1","Closed Won","100","03/02/2025 11:30 AM","04/03/2025"\n'
    '"z2","Closed Lost","50","01/04/2025 10:00 AM","10/05/2025"\n'
    '"z3","Qualification","70","05/05/2025 09:00 AM",""\n'
)
ZOHO_MAPPING = """
[deals]
{formats}

[deals.columns]
deal_id = "Record Id"
status = "Stage"
amount = "Amount"
created_at = "Created Time"
closed_at = "Closing Date"

[deals.values.status]
"closed won" = "won"
"closed lost" = "lost"
"qualification" = "open"
"""


def zoho_mapping(tmp_path, formats: str = ""):
    return load_mapping(write(tmp_path, "zoho.toml", ZOHO_MAPPING.format(formats=formats)))["deals"]


def test_the_ambiguous_date_refusal_writes_a_line_for_every_date_column_of_the_table(empty_con, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [write(tmp_path, "z.csv", ZOHO_DEALS)], mapping=zoho_mapping(tmp_path))
    # Created Time is written with a 12-hour time, Closing Date without one: the table-wide list needs both
    assert '[deals] date_format = ["%d/%m/%Y %I:%M %p", "%d/%m/%Y"] (day first)' in str(refused.value)
    assert '["%m/%d/%Y %I:%M %p", "%m/%d/%Y"] (month first)' in str(refused.value)
    assert "the line reads Closing Date too" in str(refused.value)


def test_a_stated_date_format_that_leaves_a_column_unread_says_so_and_writes_the_line(empty_con, tmp_path):
    mapping = zoho_mapping(tmp_path, formats='date_format = ["%d/%m/%Y %I:%M %p"]')
    report = import_files(empty_con, "deals", [write(tmp_path, "z.csv", ZOHO_DEALS)], mapping=mapping)
    # the closed deals' Closing Date (04/03/2025, 10/05/2025) has no time: both rows skipped; z3 has none, kept
    assert (report.rows_skipped, report.total_read) == (2, 3)
    [said] = [a for a in report.alerts if "not read by the mapping's date_format" in a]
    assert said.startswith("z.csv, column Closing Date: 2 dates such as '04/03/2025' are not read")
    assert 'state [deals] date_format = ["%d/%m/%Y %I:%M %p", "%d/%m/%Y"] to read them' in said


def test_a_month_first_stated_list_gets_the_month_first_format_added(empty_con, tmp_path):
    mapping = zoho_mapping(tmp_path, formats='date_format = ["%m/%d/%Y %I:%M %p"]')
    report = import_files(empty_con, "deals", [write(tmp_path, "z.csv", ZOHO_DEALS)], mapping=mapping)
    [said] = [a for a in report.alerts if "not read by the mapping's date_format" in a]
    assert '[deals] date_format = ["%m/%d/%Y %I:%M %p", "%m/%d/%Y"]' in said


TWO_LEADS = "lead_id,created_at,source\nL1,2025-01-05,web\nL2,2025-01-10,web\n"
# deals that name no lead: no lead_id column at all (a Pipedrive proposal without Person - ID)
UNLINKED_DEALS = "deal_id,created_at,status,closed_at,amount\nD1,2025-01-20,won,2025-02-01,100\n"


def test_the_check_says_the_deals_name_none_of_the_leads_and_writes_nothing(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", TWO_LEADS)])
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", UNLINKED_DEALS)], dry_run=True)
    # 1 deal, 2 leads stored, no link: the import's warning, said by the check before it
    assert any(a.startswith("none of the 1 deal names one of the 2 leads") for a in report.alerts)
    assert store.scalar(empty_con, "select count(*) from deals") == 0
    assert store.scalar(empty_con, "select count(*) from leads") == 2


def test_the_check_says_mqls_without_a_date(empty_con, tmp_path):
    leads = "lead_id,created_at,lifecycle_stage\nL1,2025-01-05,mql\nL2,2025-01-10,lead\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "leads.csv", leads)], dry_run=True)
    # L1 is an MQL by its stage alone, without an MQL date: 1 of 1 MQLs
    assert any(a.startswith("1 of 1 MQL") and "no date" in a for a in report.alerts)
    assert store.scalar(empty_con, "select count(*) from leads") == 0


def test_the_data_pages_check_says_the_deals_name_none_of_the_leads(tmp_path):
    db = str(tmp_path / "f.duckdb")
    con = store.connect(db)
    import_files(con, "leads", [write(tmp_path, "leads.csv", TWO_LEADS)])
    con.close()
    report = checked_import(db, ImportOptions(kind="deals"), [write(tmp_path, "deals.csv", UNLINKED_DEALS)])
    assert isinstance(report, ImportReport)
    assert any(a.startswith("none of the 1 deal names one of the 2 leads") for a in report.alerts)
    con = store.connect(db, read_only=True)
    assert store.scalar(con, "select count(*) from deals") == 0
    con.close()


def test_a_stated_date_format_that_reads_no_row_is_refused_with_the_line_for_every_column(empty_con, tmp_path):
    mapping = zoho_mapping(tmp_path, formats='date_format = ["%d/%m/%Y %I:%M %p"]')
    closed = "\n".join(ZOHO_DEALS.splitlines()[:3]) + "\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [write(tmp_path, "z.csv", closed)], mapping=mapping)
    # both rows skipped: the refusal's line keeps Created Time's format beside Closing Date's
    assert str(refused.value).endswith('state [deals] date_format = ["%d/%m/%Y %I:%M %p", "%d/%m/%Y"] to read them')


def proposal_of(tmp_path, kind, name, text):
    return proposal_for(kind, stage_file(write(tmp_path, name, text)), {})


# Pipedrive's deals export: "Object - Field" headers, the deal's person by "Person - ID"
PIPEDRIVE_DEALS = (
    "Deal - ID,Deal - Value,Deal - Status,Deal - Deal created,Person - ID,Person - Name\n"
    "1,100,won,2025-01-05 10:00:00,101,Ana\n"
    "2,200,Lost,2025-01-06 10:00:00,101,Ana\n"
    "3,300,lost,2025-01-07 10:00:00,102,Bo\n"
)


def test_pipedrives_person_id_is_the_deals_lead_id(tmp_path):
    p = proposal_of(tmp_path, "deals", "deals.csv", PIPEDRIVE_DEALS)
    assert p.mapping.columns["deal_id"] == ("Deal - ID",)
    assert p.mapping.columns["lead_id"] == ("Person - ID",)


def test_a_persons_id_is_never_the_deals_own_id(tmp_path):
    no_id = "\n".join(",".join(line.split(",")[1:]) for line in PIPEDRIVE_DEALS.splitlines()) + "\n"
    p = proposal_of(tmp_path, "deals", "deals.csv", no_id)
    # person 101 has two deals: as the deal id, two deals were one
    assert p.mapping.columns["deal_id"] != ("Person - ID",)
    assert p.mapping.columns["lead_id"] == ("Person - ID",)


def test_zohos_associated_contact_is_the_deals_lead_id(tmp_path):
    text = "Deal Id,Amount,Stage,Created Time,Associated Contact\nd1,10,Closed Won,2025-01-05,c1\n"
    assert proposal_of(tmp_path, "deals", "d.csv", text).mapping.columns["lead_id"] == ("Associated Contact",)


@pytest.mark.parametrize(
    ("header", "created"),
    [
        ("Person - ID,Person - Person created", "Person - Person created"),
        ("Lead - ID,Lead - Lead created", "Lead - Lead created"),
    ],
)
def test_pipedrives_person_and_lead_creation_is_created_at(tmp_path, header, created):
    p = proposal_of(tmp_path, "leads", "people.csv", f"{header}\n101,2025-01-05 10:00:00\n")
    assert p.mapping.columns["created_at"] == (created,)


ZOHO_LEADS = (
    "Record Id,Lead Status,Created Time,Converted,Converted Deal\n"
    "z1,Contacted,2025-01-05,false,\n"
    "z2,Not Contacted,2025-01-06,true,zd9\n"
)


def test_zohos_converted_leads_reach_sql_and_name_their_deal(tmp_path):
    p = proposal_of(tmp_path, "leads", "zoho.csv", ZOHO_LEADS)
    assert p.mapping.reached == {"sql": ("Converted",)}
    assert p.mapping.columns["converted_deal_id"] == ("Converted Deal",)


def test_contacted_as_mql_and_recycled_as_disqualified_are_said_to_be_judgement_calls(tmp_path):
    p = proposal_of(tmp_path, "leads", "zoho.csv", ZOHO_LEADS)
    assert p.mapping.values["lifecycle_stage"]["contacted"] == "mql"
    assert p.reasons["values.lifecycle_stage.contacted"].startswith("a judgement call")
    marketo = "Id,Lead Status,Created At\n1,Recycled,2025-01-05\n2,MQL,2025-01-06\n"
    p = proposal_of(tmp_path, "leads", "marketo.csv", marketo)
    assert "Recycled means sent back to nurture" in p.reasons["values.lifecycle_stage.recycled"]
    assert p.reasons["values.lifecycle_stage.mql"].startswith("a known lifecycle value")


def test_marketos_became_an_mql_and_sql_dates_are_proposed(tmp_path):
    text = "Id,Lead Status,Created At,Became an MQL Date,Became an SQL Date\n1,SQL,2025-01-05,2025-01-06,2025-01-07\n"
    p = proposal_of(tmp_path, "leads", "marketo.csv", text)
    assert p.mapping.columns["mql_at"] == ("Became an MQL Date",)
    assert p.mapping.columns["sql_at"] == ("Became an SQL Date",)


def test_the_warning_for_an_mql_date_names_the_files_column(empty_con, tmp_path):
    text = "Id,Lead Status,Created At,Became an MQL Date\n1,Disqualified,2025-01-05,2025-01-06\n2,MQL,2025-01-06,\n"
    mapping = write(
        tmp_path,
        "m.toml",
        '[leads.columns]\nlead_id = "Id"\nlifecycle_stage = "Lead Status"\ncreated_at = "Created At"\n'
        '[leads.values.lifecycle_stage]\n"disqualified" = "disqualified"\n"mql" = "mql"\n',
    )
    report = import_files(
        empty_con, "leads", [write(tmp_path, "marketo.csv", text)], mapping=load_mapping(mapping)["leads"]
    )
    # lead 2 is an MQL without a date, lead 1 disqualified without one: both warnings name the unread column
    said = [a for a in report.alerts if 'mql_at = "Became an MQL Date"' in a]
    assert len(said) == 2


def test_the_rows_a_value_map_line_says_count_every_spelling_it_matches(tmp_path):
    p = proposal_of(tmp_path, "deals", "deals.csv", PIPEDRIVE_DEALS)
    # "Lost" and "lost": the map's "lost" reads both, 2 rows
    assert p.reasons["values.status.lost"] == "reads as lost (2 rows)"
    assert p.reasons["values.status.won"] == "reads as won (1 row)"
