"""HubSpot and Salesforce presets: UI labels and API names both load into the canonical tables."""

from __future__ import annotations

import pytest

from dashboard import metrics, store
from dashboard.filters import Filters
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import preset_mapping

HUBSPOT_CONTACTS_UI = (
    "Record ID,Create Date,Lifecycle Stage,Original Source,Contact owner,Persona,"
    "Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date\n"
    "101,2025-01-03 09:15,Customer,Organic Search,Ann,CFO,2025-01-04 10:00,2025-01-05 11:00\n"
    "102,2025-01-04 10:00,Marketing Qualified Lead,PAID_SEARCH,Bob,CMO,2025-01-06 08:00,\n"
    "103,2025-01-05 11:30,subscriber,,Ann,,,\n"
)
HUBSPOT_CONTACTS_API = (
    "hs_object_id,createdate,lifecyclestage,hs_analytics_source,hs_lifecyclestage_marketingqualifiedlead_date\n"
    "201,2025-02-01T08:00:00Z,salesqualifiedlead,EMAIL_MARKETING,\n"
    "202,2025-02-02T08:00:00Z,lead,DIRECT_TRAFFIC,\n"
)
HUBSPOT_DEALS = (
    "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Create Date,Close Date,Deal owner,Associated Contact IDs\n"
    "9001,Acme,Sales Pipeline,Closed Won,1200.5,2025-01-10,2025-01-30,Ann,101\n"
    "9002,Beta,Sales Pipeline,appointmentscheduled,800,2025-01-12,,Bob,102\n"
)
SALESFORCE_LEADS = (
    "Lead ID,Lead Source,Lead Status,Created Date,Converted Date,Lead Owner,Industry\n"
    "00Q1,Web,Open - Not Contacted,2025-03-01,,Cy,software\n"
    "00Q2,Trade Show,Working - Contacted,2025-03-02,,Cy,retail\n"
    "00Q3,Partner Referral,Closed - Converted,2025-03-03,2025-03-10,Di,software\n"
)
SALESFORCE_OPPORTUNITIES = (
    "Id,StageName,Amount,CloseDate,CreatedDate,IsClosed,IsWon,LeadSource,OwnerId,AccountId\n"
    "0061,Closed Won,5000,2025-04-01,2025-03-10T09:00:00.000+0000,true,true,Partner Referral,Di,001A\n"
    "0062,Closed Lost,700,2025-04-02,2025-03-11T09:00:00.000+0000,true,false,Web,Cy,001B\n"
    "0063,Negotiation/Review,900,,2025-03-12T09:00:00.000+0000,false,false,,Cy,001C\n"
)


def load(con, tmp_path, preset, kind, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_files(con, kind, [path], mapping=preset_mapping(preset, kind))


def test_hubspot_ui_labels_and_internal_names(empty_con, tmp_path):
    load(empty_con, tmp_path, "hubspot", "leads", HUBSPOT_CONTACTS_UI, "contacts.csv")
    load(empty_con, tmp_path, "hubspot", "leads", HUBSPOT_CONTACTS_API, "contacts_api.csv")
    rows = dict(
        empty_con.execute("select lead_id, source || '/' || coalesce(lifecycle_stage, '') from leads").fetchall()
    )
    # second import replaced the first (mode replace)
    assert rows == {"201": "email/sql", "202": "direct/lead"}


def test_hubspot_funnel_with_deals(empty_con, tmp_path):
    load(empty_con, tmp_path, "hubspot", "leads", HUBSPOT_CONTACTS_UI, "contacts.csv")
    load(empty_con, tmp_path, "hubspot", "deals", HUBSPOT_DEALS, "deals.csv")
    sources = dict(empty_con.execute("select lead_id, source from leads").fetchall())
    assert sources == {"101": "organic_search", "102": "paid_search", "103": "unknown"}
    deals = empty_con.execute("select deal_id, lead_id, status, amount from deals order by deal_id").fetchall()
    assert deals == [("9001", "101", "won", 1200.5), ("9002", "102", "open", 800.0)]
    # 101 customer; 102 MQL with an open deal -> opportunity (so SQL too); 103 subscriber
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist() == [3, 2, 2, 2, 1]


def test_salesforce_leads_report_labels_and_opportunities_api_names(empty_con, tmp_path):
    load(empty_con, tmp_path, "salesforce", "leads", SALESFORCE_LEADS, "leads.csv")
    stages = dict(empty_con.execute("select lead_id, lifecycle_stage || '/' || source from leads").fetchall())
    assert stages == {"00Q1": "lead/web", "00Q2": "mql/events", "00Q3": "sql/partner"}
    # working lead = MQL; converted lead = SQL
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist() == [3, 2, 1, 0, 0]
    load(empty_con, tmp_path, "salesforce", "deals", SALESFORCE_OPPORTUNITIES, "opportunities.csv")
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.open, d.won, d.lost, d.revenue) == (1, 1, 1, 5000.0)
    assert store.scalar(empty_con, "select source from deals where deal_id = '0061'") == "partner"


def test_preset_names_what_is_missing(empty_con, tmp_path):
    with pytest.raises(ImportRefused, match="none of the columns 'Record ID', 'Contact ID'"):
        load(empty_con, tmp_path, "hubspot", "leads", "Email,Create Date\na@b.c,2025-01-01\n", "x.csv")
    with pytest.raises(ImportRefused, match="reads leads, deals, accounts; not spend"):
        preset_mapping("hubspot", "spend")
    with pytest.raises(ImportRefused, match="unknown preset"):
        preset_mapping("pipedrive", "leads")


def test_hubspot_deal_listing_several_contacts_takes_the_loaded_one_furthest_along(empty_con, tmp_path):
    load(empty_con, tmp_path, "hubspot", "leads", HUBSPOT_CONTACTS_UI, "contacts.csv")
    deals = (
        "Record ID,Deal Stage,Amount,Create Date,Associated Contact IDs\n"
        "9101,Closed Won,100,2025-01-10,102;101\n"
        "9102,Closed Won,200,2025-01-11,999; 103\n"
        "9103,Closed Won,300,2025-01-12,101\n"
    )
    report = load(empty_con, tmp_path, "hubspot", "deals", deals, "deals.csv")
    leads = dict(empty_con.execute("select deal_id, lead_id from deals").fetchall())
    # 9101: 101 has an SQL date, 102 an MQL date only: 101 (trial 56); 999 is not a loaded contact, so 9102 goes to
    # the next one listed
    assert leads == {"9101": "101", "9102": "103", "9103": "101"}
    assert report.warnings == {"several leads listed": 2}
    assert report.issues["value"].tolist() == ["102;101 -> 101 (furthest along)", "999; 103 -> 103"]


def test_hubspot_s_label_before_2021_for_social_is_social(empty_con, tmp_path):
    # "Social Media" became "Organic Social" in 2021; an older export and a newer one name one source
    older = "Record ID,Create Date,Lifecycle Stage,Original Source\n301,2020-05-01,lead,Social Media\n"
    newer = "Record ID,Create Date,Lifecycle Stage,Original Source\n302,2025-05-01,lead,Organic Social\n"
    load(empty_con, tmp_path, "hubspot", "leads", older, "older.csv")
    path = tmp_path / "newer.csv"
    path.write_text(newer, encoding="utf-8")
    import_files(empty_con, "leads", [path], mapping=preset_mapping("hubspot", "leads"), mode="append")
    assert empty_con.execute("select lead_id, source from leads order by 1").fetchall() == [
        ("301", "social"),
        ("302", "social"),
    ]
