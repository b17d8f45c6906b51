"""A tester's findings: a touches file with a blank date crashed the missing-column advice; leads named by the other
Salesforce id length were refused as "import the leads first"; a formatted Salesforce XLSX report's Total row and
footer were read as deals; a close date was proposed as the creation date; leads of another CRM appended beside the
stored ones were counted twice without a word."""

from __future__ import annotations

import openpyxl
import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping, preset_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping(tmp_path, kind, text):
    return load_mapping(write(tmp_path, f"{kind}.toml", text))[kind]


def test_a_touches_file_with_a_blank_date_is_refused_with_advice_not_a_crash(empty_con, tmp_path):
    # touched_at is not mapped; 'When' holds dates, blank on L2's row (the blank arrived as None and crashed)
    path = write(tmp_path, "touches.csv", "lead_id,When\nL1,2025-01-05\nL2,\nL3,2025-01-07\n")
    m = mapping(tmp_path, "touches", '[touches.columns]\nlead_id = "lead_id"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "touches", [path], mapping=m)
    said = str(refused.value)
    assert "required column touched_at is missing" in said
    assert "'When' (such as '2025-01-05')" in said
    assert '[touches.columns] touched_at = "When"' in said


def test_a_close_date_before_the_creation_date_is_not_proposed_as_it(empty_con, tmp_path):
    # Sluitingsdatum (the close date) comes first, then a date whose name says nothing of creation ("Aanmaakdatum",
    # HubSpot's Dutch creation date, is creation-like since its synonym was added: test_fix_loc)
    text = "deal_id,status,Sluitingsdatum,Datum\nD1,won,2025-01-28,2025-01-22\nD2,lost,2025-02-10,2025-02-01\n"
    m = mapping(tmp_path, "deals", '[deals.columns]\ndeal_id = "deal_id"\nstatus = "status"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [write(tmp_path, "deals.csv", text)], mapping=m)
    said = str(refused.value)
    # both listed, the close date last; the line chooses the creation date
    assert "'Datum' (such as '2025-01-22'), 'Sluitingsdatum' (such as '2025-01-28')" in said
    assert '[deals.columns] created_at = "Datum"' in said


def test_a_close_date_is_not_listed_when_a_creation_like_column_is(empty_con, tmp_path):
    # "Expected Close Date" first, "Created Date" (a creation date by its name) after
    text = "deal_id,status,Expected Close Date,Created Date\nD1,won,2025-01-28,2025-01-22\n"
    m = mapping(tmp_path, "deals", '[deals.columns]\ndeal_id = "deal_id"\nstatus = "status"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [write(tmp_path, "deals.csv", text)], mapping=m)
    said = str(refused.value)
    assert "'Created Date' (such as '2025-01-22'); choose one" in said
    assert "Expected Close Date" not in said.split("missing")[1]


# a lead stored by Data Loader's 18-character id; its 15-character form is what reports write (the last three
# characters, EAV, are the checksum of the 15's capitals)
LEADS_18 = "Id,CreatedDate,LeadSource\n00Q5g00000LmNoPEAV,2025-03-14T09:00:00.000+0000,Web\n"


def test_touches_all_naming_leads_by_15_characters_are_refused_with_the_line_to_add(empty_con, tmp_path):
    import_files(
        empty_con, "leads", [write(tmp_path, "leads.csv", LEADS_18)], mapping=preset_mapping("salesforce", "leads")
    )
    # two touches, both of the stored lead by its 15 characters: none can be imported
    touches = "lead_id,touched_at,campaign\n00Q5g00000LmNoP,2025-03-15,Webinar\n00Q5g00000LmNoP,2025-03-16,Ebook\n"
    path = write(tmp_path, "members.csv", touches)
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "touches", [path], mapping=preset_mapping("canonical", "touches"))
    said = str(refused.value)
    assert "none of the 2 rows can be imported" in said
    assert (
        "2 rows name a stored lead by its 15-character Salesforce id (such as '00Q5g00000LmNoP'), where the leads "
        'were stored with 18 characters: add salesforce_ids = ["lead_id"] under [touches] in this file\'s mapping'
    ) in said


def test_touches_naming_leads_by_18_characters_where_15_are_stored_name_the_leads_line(empty_con, tmp_path):
    # leads stored as a report writes them (15 characters, canonical columns: not lengthened)
    leads = "lead_id,created_at,source\n00Q5g00000LmNoP,2025-03-14,web\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", leads)])
    touches = "lead_id,touched_at,campaign\n00Q5g00000LmNoPEAV,2025-03-15,Webinar\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "touches", [write(tmp_path, "t.csv", touches)])
    said = str(refused.value)
    # 1 row, its lead's 15-character form stored
    assert "1 row name a stored lead by its 18-character Salesforce id (such as '00Q5g00000LmNoPEAV')" in said
    assert 'salesforce_ids = ["lead_id"] under [leads] in the leads\' mapping' in said


def test_deals_named_by_15_characters_where_the_leads_converted_id_has_18_say_the_deals_line(empty_con, tmp_path):
    # the preset lengthens the lead's Converted Opportunity ID to 18 characters
    leads = (
        "Id,CreatedDate,LeadSource,Status,IsConverted,ConvertedDate,ConvertedOpportunityId\n"
        "00Q5g00000LmNoP,2025-03-01T09:00:00.000+0000,Web,Closed - Converted,true,2025-03-05,0065g00000OPP01\n"
    )
    import_files(empty_con, "leads", [write(tmp_path, "l.csv", leads)], mapping=preset_mapping("salesforce", "leads"))
    # the deal, in canonical columns, keeps the report's 15 characters: no deal meets a lead
    deals = "deal_id,created_at,status,amount\n0065g00000OPP01,2025-03-05,won,500\n"
    report = import_files(empty_con, "deals", [write(tmp_path, "d.csv", deals)])
    alert = next(a for a in report.alerts if "no opportunity and no customer" in a)
    assert (
        "1 deal stored with a 15-character Salesforce id that the leads' Converted Opportunity ID writes with 18: "
        'add salesforce_ids = ["deal_id"] under [deals] in the deals\' mapping'
    ) in alert
    assert "export the leads with their Converted Opportunity ID" not in alert


def formatted_report(path):
    """A formatted Salesforce report without groups: header row 1, two deals (rows 2-3), its Total row 4, a blank
    row 5 and the two footer lines (rows 6-7)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Opportunity Owner", "Opportunity ID", "Stage", "Amount", "Created Date", "Won", "Closed"])
    sheet.append(["Max", "0065g00000OPP01", "Closed Won", 1000, "2025-01-20", 1, 1])
    sheet.append(["Eva", "0065g00000OPP02", "Prospecting", 700, "2025-02-05", 0, 0])
    sheet.append(["Total", None, None, 1700])
    sheet.append([])
    sheet.append(["Confidential Information - Do Not Distribute"])
    sheet.append(["Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."])
    book.save(path)
    return path


def test_a_formatted_salesforce_report_s_total_row_and_footer_are_no_deals(empty_con, tmp_path):
    path = formatted_report(tmp_path / "report.xlsx")
    # strict: a skipped row would refuse the file
    report = import_files(
        empty_con, "deals", [path], mapping=preset_mapping("salesforce", "deals"), on_bad_rows="refuse"
    )
    # 2 deals read and imported, nothing skipped
    assert (report.total_read, report.rows_skipped) == (2, 0)
    assert empty_con.execute("select count(*) from deals").fetchone() == (2,)
    notes = " | ".join(report.notes)
    assert "report.xlsx: left out the 4 footer rows of a Salesforce report (rows 4–7; its Total row" in notes
    # won: OPP01; open: OPP02; the Total row is no open deal
    assert "status: read from 'Won' and 'Closed' — won 1, lost 0, open 1" in notes


def test_a_total_row_without_a_salesforce_footer_is_read_as_before(empty_con, tmp_path):
    # no footer: the Total row is a row (skipped for its missing id, as it was)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Opportunity ID", "Stage", "Amount", "Created Date"])
    sheet.append(["0065g00000OPP01", "Closed Won", 1000, "2025-01-20"])
    sheet.append(["Total", None, 1000])
    book.save(tmp_path / "plain.xlsx")
    report = import_files(empty_con, "deals", [tmp_path / "plain.xlsx"], mapping=preset_mapping("salesforce", "deals"))
    # 2 rows read: the deal and the Total row
    assert report.total_read == 2
    assert not any("footer" in n for n in report.notes)


HUBSPOT_CONTACTS = (
    "Record ID,Email,Lifecycle Stage,Create Date,Original Source\n"
    "101,a@acme.com,Lead,2025-01-15 09:10,Organic Search\n"
    "102,b@acme.com,Lead,2025-01-31 23:30,Paid Search\n"
)
SALESFORCE_LEADS = (
    "Lead ID,Email,Lead Status,Lead Source,Created Date\n"
    "00Q5g00000BBBB1,A@ACME.COM,Open - Not Contacted,Web,1/16/2025\n"
)


def test_leads_of_another_crm_appended_say_a_person_in_both_is_counted_twice(empty_con, tmp_path):
    import_files(
        empty_con, "leads", [write(tmp_path, "hs.csv", HUBSPOT_CONTACTS)], mapping=preset_mapping("hubspot", "leads")
    )
    report = import_files(
        empty_con,
        "leads",
        [write(tmp_path, "sf.csv", SALESFORCE_LEADS)],
        mode="append",
        mapping=preset_mapping("salesforce", "leads"),
    )
    # 2 + 1 = 3 leads: a@acme.com is two of them
    assert empty_con.execute("select count(*) from leads").fetchone() == (3,)
    said = [a for a in report.alerts if "counted twice" in a]
    assert len(said) == 1
    assert said[0].startswith("sf.csv: its lead is named by Salesforce ids, the 2 stored leads by numbers (as HubSpot")
    assert "a person in both exports is counted twice" in said[0]


def test_leads_of_the_same_crm_appended_say_nothing_of_it(empty_con, tmp_path):
    hubspot = preset_mapping("hubspot", "leads")
    import_files(empty_con, "leads", [write(tmp_path, "hs.csv", HUBSPOT_CONTACTS)], mapping=hubspot)
    more = "Record ID,Email,Lifecycle Stage,Create Date,Original Source\n103,c@beta.com,Lead,2025-02-01 10:00,Direct\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "hs2.csv", more)], mode="append", mapping=hubspot)
    assert not any("counted twice" in a for a in report.alerts)
