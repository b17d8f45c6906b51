"""Trial 29 (Pipedrive, Zoho and Marketo through `map` proposals): the date_format advice that read one column and
left another unread, a check that said nothing of the warnings its import says, and proposals that took a person's
id for a deal's, left Converted and Marketo's stage dates unread, and counted values unlike their map."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, ImportReport, import_files
from dashboard.importers.isolated import checked_import
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.run import ImportOptions


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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


def proposed(tmp_path, kind, name, text):
    return proposal_for(kind, stage_file(write(tmp_path, name, text)), {})


# Pipedrive's deals export: "Object - Field" headers, the deal's person by "Person - ID"
PIPEDRIVE_DEALS = (
    "Deal - ID,Deal - Value,Deal - Status,Deal - Deal created,Person - ID,Person - Name\n"
    "1,100,won,2025-01-05 10:00:00,101,Ana\n"
    "2,200,Lost,2025-01-06 10:00:00,101,Ana\n"
    "3,300,lost,2025-01-07 10:00:00,102,Bo\n"
)


def test_pipedrives_person_id_is_the_deals_lead_id(tmp_path):
    p = proposed(tmp_path, "deals", "deals.csv", PIPEDRIVE_DEALS)
    assert p.mapping.columns["deal_id"] == ("Deal - ID",)
    assert p.mapping.columns["lead_id"] == ("Person - ID",)


def test_a_persons_id_is_never_the_deals_own_id(tmp_path):
    no_id = "\n".join(",".join(line.split(",")[1:]) for line in PIPEDRIVE_DEALS.splitlines()) + "\n"
    p = proposed(tmp_path, "deals", "deals.csv", no_id)
    # person 101 has two deals: as the deal id, two deals were one
    assert p.mapping.columns["deal_id"] != ("Person - ID",)
    assert p.mapping.columns["lead_id"] == ("Person - ID",)


def test_zohos_associated_contact_is_the_deals_lead_id(tmp_path):
    text = "Deal Id,Amount,Stage,Created Time,Associated Contact\nd1,10,Closed Won,2025-01-05,c1\n"
    assert proposed(tmp_path, "deals", "d.csv", text).mapping.columns["lead_id"] == ("Associated Contact",)


@pytest.mark.parametrize(
    ("header", "created"),
    [
        ("Person - ID,Person - Person created", "Person - Person created"),
        ("Lead - ID,Lead - Lead created", "Lead - Lead created"),
    ],
)
def test_pipedrives_person_and_lead_creation_is_created_at(tmp_path, header, created):
    p = proposed(tmp_path, "leads", "people.csv", f"{header}\n101,2025-01-05 10:00:00\n")
    assert p.mapping.columns["created_at"] == (created,)


ZOHO_LEADS = (
    "Record Id,Lead Status,Created Time,Converted,Converted Deal\n"
    "z1,Contacted,2025-01-05,false,\n"
    "z2,Not Contacted,2025-01-06,true,zd9\n"
)


def test_zohos_converted_leads_reach_sql_and_name_their_deal(tmp_path):
    p = proposed(tmp_path, "leads", "zoho.csv", ZOHO_LEADS)
    assert p.mapping.reached == {"sql": ("Converted",)}
    assert p.mapping.columns["converted_deal_id"] == ("Converted Deal",)


def test_contacted_as_mql_and_recycled_as_disqualified_are_said_to_be_judgement_calls(tmp_path):
    p = proposed(tmp_path, "leads", "zoho.csv", ZOHO_LEADS)
    assert p.mapping.values["lifecycle_stage"]["contacted"] == "mql"
    assert p.reasons["values.lifecycle_stage.contacted"].startswith("a judgement call")
    marketo = "Id,Lead Status,Created At\n1,Recycled,2025-01-05\n2,MQL,2025-01-06\n"
    p = proposed(tmp_path, "leads", "marketo.csv", marketo)
    assert "Recycled means sent back to nurture" in p.reasons["values.lifecycle_stage.recycled"]
    assert p.reasons["values.lifecycle_stage.mql"].startswith("a known lifecycle value")


def test_marketos_became_an_mql_and_sql_dates_are_proposed(tmp_path):
    text = "Id,Lead Status,Created At,Became an MQL Date,Became an SQL Date\n1,SQL,2025-01-05,2025-01-06,2025-01-07\n"
    p = proposed(tmp_path, "leads", "marketo.csv", text)
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
    p = proposed(tmp_path, "deals", "deals.csv", PIPEDRIVE_DEALS)
    # "Lost" and "lost": the map's "lost" reads both, 2 rows
    assert p.reasons["values.status.lost"] == "reads as lost (2 rows)"
    assert p.reasons["values.status.won"] == "reads as won (1 row)"
