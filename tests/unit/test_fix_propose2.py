"""Trial 29 (Pipedrive, Zoho and Marketo through `map` proposals): the date_format advice that read one column and
left another unread, a check that said nothing of the warnings its import says, and proposals that took a person's
id for a deal's, left Converted and Marketo's stage dates unread, and counted values unlike their map."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, ImportReport, import_files
from dashboard.importers.isolated import checked_import
from dashboard.importers.mapping import load_mapping
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
