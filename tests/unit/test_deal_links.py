"""Deals linked to their leads from the lead side: Salesforce opportunity exports carry no lead id, a converted
lead names its opportunity (ConvertedOpportunityId), and the import copies that into deals.lead_id."""

from __future__ import annotations

import pytest

from dashboard import metrics, sources, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping, preset_mapping

# six leads: 00Q1 (Web) converted into 0061, 00Q2 (Trade Show) into 0062; 00Q3 and 00Q4 converted into
# opportunities this export does not hold (0068, 0069); 00Q5 a working lead (MQL); 00Q6 untouched
LEADS_API = (
    "Id,CreatedDate,LeadSource,Status,IsConverted,ConvertedDate,ConvertedOpportunityId,ConvertedAccountId\n"
    "00Q1,2025-03-01T09:00:00.000+0000,Web,Closed - Converted,true,2025-03-05,0061,001A\n"
    "00Q2,2025-03-02T09:00:00.000+0000,Trade Show,Closed - Converted,true,2025-03-06,0062,001B\n"
    "00Q3,2025-03-03T09:00:00.000+0000,Partner Referral,Closed - Converted,true,2025-03-07,0068,001C\n"
    "00Q4,2025-03-04T09:00:00.000+0000,Web,Closed - Converted,true,2025-03-08,0069,001D\n"
    "00Q5,2025-03-05T09:00:00.000+0000,Web,Working - Contacted,false,,,\n"
    "00Q6,2025-03-06T09:00:00.000+0000,Purchased List,Open - Not Contacted,false,,,\n"
)
# three opportunities, no lead id and no lead source (the export leaves them out): 0061 won 5,000 and 0062 open
# 900 came from leads; 0063 won 1,200.50 nobody converted into (outbound)
OPPORTUNITIES_API = (
    "Id,StageName,Amount,CloseDate,CreatedDate,IsClosed,IsWon,AccountId\n"
    "0061,Closed Won,5000,2025-03-20,2025-03-05T10:00:00.000+0000,true,true,001A\n"
    "0062,Negotiation/Review,900,,2025-03-06T10:00:00.000+0000,false,false,001B\n"
    "0063,Closed Won,1200.50,2025-03-25,2025-03-10T10:00:00.000+0000,true,true,001E\n"
)
# by hand: 6 leads; MQL = the 4 converted + 00Q5 = 5; SQL = the 4 converted; opportunity = 00Q1, 00Q2 (their
# deals are stored) = 2; customer = 00Q1 (0061 won) = 1
LINKED_FUNNEL = [6, 5, 4, 2, 1]
# revenue: 0061's 5,000 is marketing-sourced (its lead came from Web); 0063's 1,200.50 has no lead and no source,
# so it is sales-sourced
LINKED_REVENUE = {"marketing": 5000.0, "sales": 1200.5}
NO_WINDOW = Filters(window_days=0)
TWO_LINKED = "2 deals linked to their leads through the leads' Converted Opportunity ID (converted_deal_id)"
# 00Q5 "Working - Contacted" is an MQL with no MQL date (the 4 converted are dated by their ConvertedDate)
UNDATED_MQL = (
    "1 of 5 MQLs have no date for the stage (their status says they reached it, but no stage date column or deal "
    "dates it): the funnel counts them, but no month's activity can, so the landing page's MQL and SQL tiles for a "
    "month leave them out. Map the stage date columns (an MQL date, Salesforce's Converted Date …) to count them in "
    "their month"
)


def load(con, tmp_path, kind, text, name, preset="salesforce"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_files(con, kind, [path], mapping=preset_mapping(preset, kind))


def revenue(con):
    totals = sources.sourced_totals(con, NO_WINDOW)
    return {"marketing": totals["revenue_marketing"], "sales": totals["revenue_sales"]}


def stages(con):
    rows = con.execute("select lead_id, is_opportunity, is_customer from leads order by lead_id").fetchall()
    return {lead: (opportunity, customer) for lead, opportunity, customer in rows}


LINKED_STAGES = {
    "00Q1": (True, True),
    "00Q2": (True, False),
    "00Q3": (False, False),
    "00Q4": (False, False),
    "00Q5": (False, False),
    "00Q6": (False, False),
}


def test_leads_then_opportunities_link_through_converted_opportunity_id(empty_con, tmp_path):
    leads = load(empty_con, tmp_path, "leads", LEADS_API, "leads.csv")
    # no deal yet; 00Q5 is an MQL by its status alone, in no month's activity: said
    assert leads.links == [] and leads.alerts == [UNDATED_MQL]
    deals = load(empty_con, tmp_path, "deals", OPPORTUNITIES_API, "opportunities.csv")
    assert deals.links == [TWO_LINKED]
    assert deals.alerts == []
    assert "2 deals linked to their leads" in deals.summary()
    linked = dict(empty_con.execute("select deal_id, lead_id from deals").fetchall())
    assert linked == {"0061": "00Q1", "0062": "00Q2", "0063": None}
    assert metrics.funnel(empty_con, NO_WINDOW)["count_leads"].tolist() == LINKED_FUNNEL
    assert stages(empty_con) == LINKED_STAGES
    assert revenue(empty_con) == LINKED_REVENUE
    # the lead's account is the account it converted into, the one its opportunity names
    assert store.scalar(empty_con, "select account_id from leads where lead_id = '00Q1'") == "001A"


def test_opportunities_then_leads_link_the_stored_deals(empty_con, tmp_path):
    deals = load(empty_con, tmp_path, "deals", OPPORTUNITIES_API, "opportunities.csv")
    # no lead stored yet: nothing to link, nothing to warn about
    assert deals.links == [] and deals.alerts == []
    # before the leads: every won deal is sales-sourced (no lead, no source)
    assert revenue(empty_con) == {"marketing": 0.0, "sales": 6200.5}
    leads = load(empty_con, tmp_path, "leads", LEADS_API, "leads.csv")
    assert leads.links == [TWO_LINKED]
    assert leads.alerts == [UNDATED_MQL]
    assert metrics.funnel(empty_con, NO_WINDOW)["count_leads"].tolist() == LINKED_FUNNEL
    # the leads were derived as they went in, before their deals pointed at them: derived again since
    assert stages(empty_con) == LINKED_STAGES
    assert revenue(empty_con) == LINKED_REVENUE
    # importing the opportunities again (replace) links them again
    again = load(empty_con, tmp_path, "deals", OPPORTUNITIES_API, "opportunities.csv")
    assert again.links == [TWO_LINKED]
    assert metrics.funnel(empty_con, NO_WINDOW)["count_leads"].tolist() == LINKED_FUNNEL


def test_two_leads_naming_one_deal_link_neither(empty_con, tmp_path):
    # 00Q2 names 0061 too: 0061 stays without a lead; 0062 has no lead naming it any more
    both = LEADS_API.replace(",0062,001B", ",0061,001A")
    leads = load(empty_con, tmp_path, "leads", both, "leads.csv")
    deals = load(empty_con, tmp_path, "deals", OPPORTUNITIES_API, "opportunities.csv")
    assert leads.links == []
    assert deals.links == [
        "1 deal named by several leads' Converted Opportunity ID left without a lead (none is picked by chance): "
        "0061 named by 00Q1, 00Q2"
    ]
    assert store.scalar(empty_con, "select count(*) from deals where lead_id is not null") == 0
    # no deal reaches a lead: opportunity 0, customer 0, and the loud warning
    assert metrics.funnel(empty_con, NO_WINDOW)["count_leads"].tolist() == [6, 5, 4, 0, 0]
    assert len(deals.alerts) == 1


def test_a_lead_id_the_deals_file_gave_is_kept(empty_con, tmp_path):
    # canonical files: 00Q1 says it converted into 0061, but the deals file names 00Q5 as 0061's lead
    leads_csv = (
        "lead_id,created_at,source,converted_deal_id\n"
        "00Q1,2025-03-01,web,0061\n"
        "00Q2,2025-03-02,events,0062\n"
        "00Q5,2025-03-05,paid_search,\n"
    )
    deals_csv = "deal_id,lead_id,created_at,status,amount\n0061,00Q5,2025-03-06,won,5000\n0062,,2025-03-07,open,900\n"
    load(empty_con, tmp_path, "leads", leads_csv, "leads.csv", preset="canonical")
    deals = load(empty_con, tmp_path, "deals", deals_csv, "deals.csv", preset="canonical")
    assert deals.links == ["1 deal linked to its lead through the leads' Converted Opportunity ID (converted_deal_id)"]
    assert dict(empty_con.execute("select deal_id, lead_id from deals").fetchall()) == {"0061": "00Q5", "0062": "00Q2"}
    # 00Q5 is the customer (0061 won), 00Q2 an opportunity, 00Q1 neither
    assert stages(empty_con) == {"00Q1": (False, False), "00Q2": (True, False), "00Q5": (True, True)}


def test_deals_that_reach_no_lead_are_said_loudly(empty_con, tmp_path):
    # a leads export without Converted Opportunity ID (report labels) and opportunities without a lead id
    report_leads = (
        "Lead ID,Created Date,Lead Source,Lead Status,Converted,Converted Date\n"
        "00Q1,2025-03-01,Web,Closed - Converted,1,2025-03-05\n"
        "00Q2,2025-03-02,Trade Show,Working - Contacted,0,\n"
    )
    load(empty_con, tmp_path, "leads", report_leads, "leads.csv")
    deals = load(empty_con, tmp_path, "deals", OPPORTUNITIES_API, "opportunities.csv")
    assert deals.links == []
    assert len(deals.alerts) == 1
    alert = deals.alerts[0]
    assert alert.startswith("none of the 3 deals names one of the 2 leads")
    assert "no opportunity and no customer from leads" in alert
    assert "Converted Opportunity ID" in alert and "lead_id" in alert
    assert f"WARNING: {alert}" in deals.summary()
    assert metrics.funnel(empty_con, NO_WINDOW)["count_leads"].tolist() == [2, 2, 1, 0, 0]


@pytest.mark.parametrize("header", ["Converted Opportunity ID", "ConvertedOpportunityId"])
def test_the_preset_reads_both_spellings(empty_con, tmp_path, header):
    leads_csv = f"Lead ID,Created Date,{header}\n00Q1,2025-03-01,0061\n00Q2,2025-03-02,\n"
    load(empty_con, tmp_path, "leads", leads_csv, "leads.csv")
    assert dict(empty_con.execute("select lead_id, converted_deal_id from leads").fetchall()) == {
        "00Q1": "0061",
        "00Q2": None,
    }


# a leads report writes Salesforce ids with 15 characters, Data Loader writes them with 18: the 15 and three that
# say which letters are capitals, one per five ('A' + 1 for a capital first, 2 second, 4 third, 8 fourth, 16
# fifth; 26..31 are '0'..'5'). Worked by hand:
#   00Q5g|00000|LmNoP: Q 4, 0, L 1 + N 4 + P 16 = 21 -> "EAV"; 00Q5g|00000|lMnOp: Q 4, 0, M 2 + O 8 = 10 -> "EAK"
#   0065g|00000|XyZab: 0, 0, X 1 + Z 4 = 5 -> "AAF"
#   0065g|00000|qRsTu: 0, 0, R 2 + T 8 = 10 -> "AAK"
#   0015g|00000|AbCdE: 0, 0, A 1 + C 4 + E 16 = 21 -> "AAV"
REPORT_LEADS_15 = (
    "Lead ID,Created Date,Lead Source,Lead Status,Converted,Converted Date,Converted Opportunity ID,"
    "Converted Account ID\n"
    "00Q5g00000LmNoP,3/14/2025,Web,Closed - Converted,1,3/18/2025,0065g00000XyZab,0015g00000AbCdE\n"
    "00Q5g00000lMnOp,3/15/2025,Web,Closed - Converted,1,3/19/2025,0065g00000qRsTu,0015g00000AbCdE\n"
    "00Q5g00000abcde,3/16/2025,Web,Open - Not Contacted,0,,,\n"
)
DATA_LOADER_OPPORTUNITIES_18 = (
    "Id,StageName,Amount,CloseDate,CreatedDate,IsClosed,IsWon,AccountId\n"
    "0065g00000XyZabAAF,Closed Won,5000,2025-03-28,2025-03-18T10:00:00.000+0000,true,true,0015g00000AbCdEAAV\n"
    "0065g00000qRsTuAAK,Prospecting,900,,2025-03-19T10:00:00.000+0000,false,false,0015g00000AbCdEAAV\n"
)


@pytest.mark.parametrize("leads_first", [True, False])
def test_a_leads_report_links_to_a_data_loader_export(empty_con, tmp_path, leads_first):
    files = [
        ("leads", REPORT_LEADS_15, "leads.csv"),
        ("deals", DATA_LOADER_OPPORTUNITIES_18, "opportunities.csv"),
    ]
    reports = {
        kind: load(empty_con, tmp_path, kind, text, name) for kind, text, name in files[:: 1 if leads_first else -1]
    }
    assert reports["leads" if not leads_first else "deals"].links == [
        "2 deals linked to their leads through the leads' Converted Opportunity ID (converted_deal_id)"
    ]
    assert dict(empty_con.execute("select deal_id, lead_id from deals").fetchall()) == {
        "0065g00000XyZabAAF": "00Q5g00000LmNoPEAV",
        "0065g00000qRsTuAAK": "00Q5g00000lMnOpEAK",
    }
    # leads 3; MQL and SQL the 2 converted; both have an opportunity; the first won
    assert metrics.funnel(empty_con, NO_WINDOW)["count_leads"].tolist() == [3, 2, 2, 2, 1]
    assert set(empty_con.execute("select account_id from leads where account_id is not null").fetchall()) == {
        ("0015g00000AbCdEAAV",)
    }
    notes = reports["leads"].notes
    assert "lead_id: 3 Salesforce ids written with 15 characters (as reports write them) stored with 18" in " ".join(
        notes
    )
    assert any("converted_deal_id: 2 Salesforce ids" in n for n in notes)
    assert any("account_id: 2 Salesforce ids" in n for n in notes)
    # another system's 15-digit number is no Salesforce id: kept as written
    assert store.scalar(empty_con, "select salesforce_id('123456789012345')") == "123456789012345"
    # the Data Loader file's ids were 18 characters already: nothing to say
    assert not any("Salesforce id" in n for n in reports["deals"].notes)


def test_touches_naming_leads_by_15_character_ids_say_the_line_that_links_them(empty_con, tmp_path):
    # leads stored from Data Loader (18 characters); a campaign-members report names them with 15
    leads = "Id,CreatedDate,LeadSource\n00Q5g00000LmNoPEAV,2025-03-14T09:00:00.000+0000,Web\n"
    load(empty_con, tmp_path, "leads", leads, "leads.csv")
    touches = "lead_id,touched_at,campaign\n00Q5g00000LmNoP,2025-03-15,Webinar\n00Q5g00000LmNoPEAV,2025-03-16,Ebook\n"
    report = load(empty_con, tmp_path, "touches", touches, "members.csv", preset="canonical")
    assert report.skipped == {"unknown lead": 1}
    # (and the one touch stored has no source, which the report says too)
    assert [a for a in report.alerts if "has no source" not in a] == [
        "1 row name a stored lead by its 15-character Salesforce id (such as '00Q5g00000LmNoP'), where the leads "
        'were stored with 18 characters: add salesforce_ids = ["lead_id"] under [touches] in this file\'s mapping, '
        "and import again"
    ]
    # with the line, the touch reaches its lead
    m = tmp_path / "m.toml"
    m.write_text('[touches]\nsalesforce_ids = ["lead_id"]\n', encoding="utf-8")
    path = tmp_path / "members.csv"
    import_files(empty_con, "touches", [path], mapping=load_mapping(m)["touches"])
    assert empty_con.execute("select lead_id from touches").fetchall() == [("00Q5g00000LmNoPEAV",)] * 2


def test_a_15_letter_word_is_no_salesforce_id(empty_con):
    # a Salesforce id always holds digits (its key prefix and pod); a company name of 15 letters does not
    assert store.scalar(empty_con, "select salesforce_id('GlobalLogistics')") == "GlobalLogistics"
    assert store.scalar(empty_con, "select salesforce_id('ABCDEFGHIJKLMNO')") == "ABCDEFGHIJKLMNO"
    # a real one: 001Dn00000abcde -> capitals D (position 4) only: 'ABCDE...' letters 'I' (8), 'A', 'A'
    assert store.scalar(empty_con, "select salesforce_id('001Dn00000abcde')") == "001Dn00000abcdeIAA"
