"""Trial 103 (a HubSpot export, then Salesforce's after a migration, appended): the migrated deals were stored twice
without a word, the warning gone after the next import, a migrated deal's creation moved months later silently."""

from __future__ import annotations

import json

import pytest

from dashboard import checks, metrics, sources
from dashboard import report as meeting_report
from dashboard.export import export_tables
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping
from tests.trial103_fixture import (
    DEALS_BY_HUBSPOT_ID,
    HUBSPOT_DEALS,
    LEADS_BY_HUBSPOT_ID,
    SALESFORCE_LEADS,
    SALESFORCE_OPPORTUNITIES,
    append_one_hubspot_deal,
    import_hubspot,
    mapping_of,
    write_file,
)


def append(con, folder, kind, text, mapping=None, dry_run=False):
    """Append one Salesforce file (the preset, or the given mapping)."""
    path = write_file(folder, f"sf_{kind}.csv", text)
    chosen = mapping or preset_mapping("salesforce", kind)
    return import_files(con, kind, [path], mode="append", mapping=chosen, dry_run=dry_run)


def won(con):
    return con.execute(
        "select count(*) filter (where status = 'won'), sum(amount) filter (where status = 'won'), "
        "count(*) filter (where status = 'open') from deals"
    ).fetchone()


@pytest.fixture
def hubspot(empty_con, tmp_path):
    import_hubspot(empty_con, tmp_path)
    return empty_con


def test_opportunities_of_another_crm_appended_over_stored_deals_are_said(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    # stored by opportunity id: 4 + 4 deals, won 9001, 9004, OP01A, OP02A, OP06A = 12,000 + 15,000 + 15,000 + 20,000
    # + 5,000; 9006 and 9007 still open beside their won and lost copies
    assert won(hubspot) == (5, 67_000, 2)
    shape = [a for a in report.alerts if "another CRM's export" in a]
    assert len(shape) == 1
    assert shape[0].startswith(
        "sf_deals.csv: its 4 deals are named by Salesforce ids, such as 0065g00000OP01AAAT, 0065g00000OP02AAAT, "
        "0065g00000OP03AAAT; the 4 stored deals by numbers"
    )
    column = [a for a in report.alerts if "'HubSpot Deal ID'" in a and "a column not read" in a]
    assert len(column) == 1
    # OP01A is 9004, OP02A 9006, OP03A 9007; OP06A has no HubSpot id
    assert column[0].startswith(
        "sf_deals.csv: 3 rows have in 'HubSpot Deal ID', a column not read, the id of a deal stored already "
        "(0065g00000OP01AAAT = stored 9004; 0065g00000OP02AAAT = stored 9006; 0065g00000OP03AAAT = stored 9007)"
    )
    assert 'deal_id = ["HubSpot Deal ID", "Opportunity ID"] under [deals.columns]' in column[0]
    assert "undo the import" in column[0]
    # imported with --preset salesforce: a mapping of that line alone would replace the preset and refuse the import
    beside = "beside a preset: the preset's mapping written out with `python -m dashboard map`, the line written in it"
    assert beside in shape[0] and beside in column[0]


def test_the_line_the_warning_gives_counts_each_migrated_deal_once(hubspot, tmp_path):
    report = append(
        hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, mapping_of(tmp_path, "deals", DEALS_BY_HUBSPOT_ID)
    )
    # 9001, 9004, 9006 (won since), OP06A: 12,000 + 15,000 + 20,000 + 5,000; 9007 lost since
    assert won(hubspot) == (4, 52_000, 0)
    assert not [a for a in report.alerts if "another CRM" in a or "a column not read" in a]


def test_a_check_of_the_append_names_the_line_to_import_with_not_undo(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, dry_run=True)
    column = [a for a in report.alerts if "a column not read" in a]
    assert len(column) == 1
    assert 'import it with deal_id = ["HubSpot Deal ID", "Opportunity ID"]' in column[0]
    assert "undo" not in column[0]


def test_deals_of_the_same_crm_appended_say_nothing_of_another_crm(hubspot, tmp_path):
    report = append_one_hubspot_deal(hubspot, tmp_path)
    assert not [a for a in report.alerts if "another CRM" in a or "a column not read" in a]


def test_migrated_leads_named_in_an_unread_column_name_it_and_the_line(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "leads", SALESFORCE_LEADS)
    # 5 HubSpot contacts + 3 Salesforce leads: Hal Quo (108) and Rae Abe (118) are two leads each
    assert hubspot.execute("select count(*) from leads").fetchone() == (8,)
    column = [a for a in report.alerts if "'HubSpot Contact ID'" in a and "a column not read" in a]
    assert len(column) == 1
    assert column[0].startswith(
        "sf_leads.csv: 2 rows have in 'HubSpot Contact ID', a column not read, the id of a lead stored already "
        "(00Q5g00000HM01AEAT = stored 108; 00Q5g00000HM03AEAT = stored 118)"
    )
    assert 'lead_id = ["HubSpot Contact ID", "Lead ID"] under [leads.columns]' in column[0]


def test_the_leads_warning_advises_the_stored_id_column_before_the_e_mail(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "leads", SALESFORCE_LEADS)
    shape = [a for a in report.alerts if "another CRM's export" in a]
    assert len(shape) == 1
    # e-mail ids in both files would leave HubSpot's deals, naming contacts by Record ID, without their leads
    assert "import both with lead_id mapped to it" not in shape[0]
    assert 'lead_id = ["HubSpot Contact ID", "Lead ID"]' in shape[0]
    assert shape[0].index("HubSpot Contact ID") < shape[0].index("e-mail address in both files")


def test_the_leads_line_keeps_each_migrated_person_one_lead(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "leads", SALESFORCE_LEADS, mapping_of(tmp_path, "leads", LEADS_BY_HUBSPOT_ID))
    # 108 and 118 updated, SN03A new: 6 leads
    assert hubspot.execute("select count(*) from leads").fetchone() == (6,)
    assert not [a for a in report.alerts if "a column not read" in a]


def test_the_deals_stored_twice_fail_a_check_that_outlives_the_next_import(hubspot, tmp_path):
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    # OP01A = 9004, OP02A = 9006, OP03A = 9007
    assert checks.failures(hubspot) == {"stored_twice": 3}
    found = checks.violations(hubspot, "stored_twice")
    assert list(zip(found["id"], found["other_id"], strict=True)) == [
        ("0065g00000OP01AAAT", "9004"),
        ("0065g00000OP02AAAT", "9006"),
        ("0065g00000OP03AAAT", "9007"),
    ]
    # the next import (one more HubSpot deal) says nothing of it: the check still does
    append_one_hubspot_deal(hubspot, tmp_path)
    assert checks.failures(hubspot) == {"stored_twice": 3}
    said = checks.describe(checks.failures(hubspot), hubspot)
    assert len(said) == 1
    assert said[0].startswith(
        "stored twice: 3 deals of sf_deals.csv are stored twice, under the ids of two CRMs (0065g00000OP01AAAT = 9004; "
        "0065g00000OP02AAAT = 9006; 0065g00000OP03AAAT = 9007: its column 'HubSpot Deal ID' names the stored deal)"
    )
    assert 'deal_id = ["HubSpot Deal ID", "Opportunity ID"] under [deals.columns]' in said[0]
    assert checks.stored_twice_notice(hubspot).startswith("3 deals are stored twice, under the ids of two CRMs")


def test_leads_and_deals_stored_twice_are_counted_apart(hubspot, tmp_path):
    append(hubspot, tmp_path, "leads", SALESFORCE_LEADS)
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    # leads HM01A = 108, HM03A = 118; deals as above
    assert checks.failures(hubspot) == {"stored_twice": 5}
    assert checks.stored_twice_notice(hubspot).startswith("3 deals and 2 leads are stored twice")


def test_the_mend_the_check_gives_passes_it(hubspot, tmp_path):
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    # the first CRM's export with replace, then the file with the line
    import_files(
        hubspot, "deals", [write_file(tmp_path, "hs.csv", HUBSPOT_DEALS)], mapping=preset_mapping("hubspot", "deals")
    )
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, mapping_of(tmp_path, "deals", DEALS_BY_HUBSPOT_ID))
    assert checks.failures(hubspot) == {}
    assert checks.stored_twice_notice(hubspot) is None
    assert won(hubspot) == (4, 52_000, 0)


def test_a_check_of_the_file_stores_no_twin(hubspot, tmp_path):
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, dry_run=True)
    assert hubspot.execute("select count(*) from twin_ids").fetchone() == (0,)
    assert checks.failures(hubspot) == {}


def test_a_migrated_deal_whose_creation_moves_later_is_said(hubspot, tmp_path):
    report = append(
        hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, mapping_of(tmp_path, "deals", DEALS_BY_HUBSPOT_ID)
    )
    later = [a for a in report.alerts if "a creation in a later month" in a]
    assert len(later) == 1
    # 9004 created 5 Apr, 9006 20 May, 9007 10 Jun in HubSpot; each 1 Jul (the migration) in Salesforce
    assert later[0].startswith(
        "sf_deals.csv: 3 stored deals get a creation in a later month from 'Created Date' (9004: 2026-04-05 09:00 → "
        "2026-07-01; 9006: 2026-05-20 09:00 → 2026-07-01; 9007: 2026-06-10 09:00 → 2026-07-01): each counts in that "
        "later month"
    )
    # as a lead named by a CRM's record id, the deal takes the file's creation (said, not kept)
    assert hubspot.execute("select created_at::date::varchar from deals where deal_id = '9004'").fetchone() == (
        "2026-07-01",
    )


def test_a_deal_re_imported_with_its_own_creation_says_nothing_of_it(hubspot, tmp_path):
    path = write_file(tmp_path, "hs_again.csv", HUBSPOT_DEALS)
    report = import_files(hubspot, "deals", [path], mode="append", mapping=preset_mapping("hubspot", "deals"))
    assert not [a for a in report.alerts if "a creation in a later month" in a]


def test_an_owner_written_as_an_address_beside_the_stored_name_is_said_and_kept(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "leads", SALESFORCE_LEADS)
    said = [a for a in report.alerts if "written both as an e-mail address and as a name" in a]
    assert len(said) == 1
    # HM01A alex.morgan@acme.com; HM03A and SN03A sam.patel@acme.com; HubSpot's Alex Morgan and Sam Patel stored
    assert said[0].startswith(
        "sf_leads.csv: 2 owners are written both as an e-mail address and as a name: 'alex.morgan@acme.com' (1 row of "
        "this file) and 'Alex Morgan' (stored); 'sam.patel@acme.com' (2 rows of this file) and 'Sam Patel' (stored)"
    )
    assert '"alex.morgan@acme.com" = "Alex Morgan"; "sam.patel@acme.com" = "Sam Patel"' in said[0]
    assert "[leads.values.owner]" in said[0]
    # two lines, and beside the preset the import is with the preset's mapping written out, not a file of two lines
    assert "(a line each) under [leads.values.owner] in the mapping (beside a preset: the preset's mapping" in said[0]
    # said, not changed
    assert hubspot.execute("select count(distinct owner) from leads").fetchone() == (4,)


def test_two_spellings_of_an_owner_in_one_file_are_said(empty_con, tmp_path):
    text = "lead_id,created_at,owner\n1,2026-01-01,Jordan Lee\n2,2026-01-02,jordan_lee@acme.com\n3,2026-01-03,Jo Ray\n"
    text += "4,2026-01-04,jo@acme.com\n"
    path = write_file(tmp_path, "leads.csv", text)
    report = import_files(empty_con, "leads", [path], mapping=mapping_of(tmp_path, "leads", "[leads.columns]\n"))
    said = [a for a in report.alerts if "written both as an e-mail address and as a name" in a]
    # jo@acme.com is not Jo Ray: only Jordan Lee's two spellings
    assert said == [
        "leads.csv: an owner is written both as an e-mail address and as a name: 'jordan_lee@acme.com' (1 row of this "
        "file) and 'Jordan Lee' (1 row of this file): counted as two owners each (the SLA page's owners, the owner "
        "filter and every breakdown by owner split them). If they are one person, name them one way: add "
        '"jordan_lee@acme.com" = "Jordan Lee" (the line) under [leads.values.owner] in the mapping (beside a preset: '
        "the preset's mapping written out with `python -m dashboard map`, the line written in it; and under the other "
        "table's, leads or deals, for its files); the import changes no owner by itself"
    ]


def test_the_monthly_report_says_the_deals_stored_twice(hubspot, tmp_path):
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    page = meeting_report.build_html(hubspot, Filters(), "2026-07")
    # OP01A = 9004, OP02A = 9006, OP03A = 9007
    assert '<div class="alert">3 deals are stored twice, under the ids of two CRMs' in page


def test_the_deals_stored_twice_travel_to_the_spark_engine(hubspot, tmp_path):
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    export_tables(hubspot, tmp_path / "out")

    class Built:
        """A built folder's engine as the landing page reads it: its meta.json's facts."""

        meta = json.loads((tmp_path / "out" / "meta.json").read_text(encoding="utf-8"))

        def get_meta(self, key):
            return self.meta.get(key)

    # the count travels, not the rows: said without the tables' split
    assert checks.stored_twice_notice(Built()).startswith("3 leads or deals are stored twice, under the ids of two")


def test_people_stored_by_e_mail_then_by_another_tool_s_id_fail_the_check(empty_con, tmp_path):
    by_mail = "lead_id,created_at,source\nann@acme.com,2024-03-05 09:30,Website\neve@hooli.com,2024-03-09 09:30,Event\n"
    import_files(empty_con, "leads", [write_file(tmp_path, "mc.csv", by_mail)])
    by_id = "Id,Email,Created Date,Source\n1001,Ann@acme.com,2024-03-05 09:00,Website\n"
    by_id += "1003,eve@hooli.com,2024-03-09 09:00,Trade Show\n1004,gus@globex.com,2024-03-10 09:00,Website\n"
    mapping = mapping_of(tmp_path, "leads", '[leads.columns]\nlead_id = "Id"\ncreated_at = "Created Date"\n')
    import_files(empty_con, "leads", [write_file(tmp_path, "pardot.csv", by_id)], mode="append", mapping=mapping)
    # Ann (1001) and Eve (1003) are stored under their e-mail too; Gus once
    assert checks.failures(empty_con) == {"stored_twice": 2}
    said = checks.describe(checks.failures(empty_con), empty_con)
    assert said[0].startswith(
        "stored twice: 2 leads of pardot.csv are stored twice, under the ids of two CRMs (1001 = ann@acme.com; "
        "1003 = eve@hooli.com: its column 'Email' names the stored lead)"
    )


def _owner_said(con, folder, kind, name, text, mode):
    report = import_files(con, kind, [write_file(folder, name, text)], mode=mode)
    return [a for a in report.alerts if "written both as an e-mail address and as a name" in a]


LEAD_L1 = "lead_id,created_at,source\nL1,2026-01-05,web\n"
DEAL_BY = "deal_id,lead_id,created_at,status,amount,owner\nD1,L1,2026-02-01,open,100,{}\n"


def test_a_replace_says_nothing_of_the_owner_spelling_it_deletes(empty_con, tmp_path):
    # D1 stored by alex.morgan@acme.com, replaced by D1 of Alex Morgan: one spelling is left (on int: warned)
    import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", LEAD_L1)])
    _owner_said(empty_con, tmp_path, "deals", "d1.csv", DEAL_BY.format("alex.morgan@acme.com"), "replace")
    assert _owner_said(empty_con, tmp_path, "deals", "d2.csv", DEAL_BY.format("Alex Morgan"), "replace") == []
    assert empty_con.execute("select owner from deals").fetchall() == [("Alex Morgan",)]


def test_a_replace_still_says_the_other_table_s_spelling(empty_con, tmp_path):
    # the lead L1 stored by Alex Morgan; the deals replaced with his address: both spellings are kept
    text = "lead_id,created_at,source,owner\nL1,2026-01-05,web,Alex Morgan\n"
    import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", text)])
    said = _owner_said(empty_con, tmp_path, "deals", "d1.csv", DEAL_BY.format("alex.morgan@acme.com"), "replace")
    assert len(said) == 1 and said[0].startswith(
        "d1.csv: an owner is written both as an e-mail address and as a name: 'alex.morgan@acme.com' (1 row of this "
        "file) and 'Alex Morgan' (stored)"
    )


def test_a_later_time_in_the_same_month_moves_no_deal(empty_con, tmp_path):
    # D1 stored 1 Feb, appended 1 Feb 09:00 (same day); D2 stored 10 Feb, appended 28 Feb (same month); D3 stored
    # 10 Feb, appended 2 Mar: only D3 counts in a later month (on int: 3 deals said)
    import_files(empty_con, "leads", [write_file(tmp_path, "leads.csv", LEAD_L1)])
    head = "deal_id,lead_id,created_at,status,amount\n"
    stored = head + "D1,L1,2026-02-01,open,1\nD2,L1,2026-02-10,open,1\nD3,L1,2026-02-10,open,1\n"
    import_files(empty_con, "deals", [write_file(tmp_path, "d1.csv", stored)])
    again = head + "D1,L1,2026-02-01 09:00,open,1\nD2,L1,2026-02-28,open,1\nD3,L1,2026-03-02,open,1\n"
    report = import_files(empty_con, "deals", [write_file(tmp_path, "d2.csv", again)], mode="append")
    later = [a for a in report.alerts if "later" in a and "creation" in a]
    assert len(later) == 1 and later[0].startswith(
        "d2.csv: 1 stored deal gets a creation in a later month from 'created_at' (D3: 2026-02-10 → 2026-03-02): it "
        "counts in that later month"
    )


def test_the_landing_notice_of_leads_stored_twice_says_counts_and_rates_of_leads(hubspot, tmp_path):
    # HM01A = 108, HM03A = 118: leads only, so no amount is doubled
    append(hubspot, tmp_path, "leads", SALESFORCE_LEADS)
    assert checks.stored_twice_notice(hubspot) == (
        "2 leads are stored twice, under the ids of two CRMs (an import of another CRM's export named them by their "
        "new ids; their old ids were in a column the import did not read): every count and rate of leads here counts "
        "them twice. The Data page says which, and the mapping line that mends it."
    )


def test_the_landing_notice_of_deals_stored_twice_says_amounts_too(hubspot, tmp_path):
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    assert checks.stored_twice_notice(hubspot) == (
        "3 deals are stored twice, under the ids of two CRMs (an import of another CRM's export named them by their "
        "new ids; their old ids were in a column the import did not read): every count, amount and rate of deals "
        "here counts them twice. The Data page says which, and the mapping line that mends it."
    )


# two HubSpot SQLs with their dates (trial 103's 113 and 130), then Salesforce's rows of them after the migration:
# 113 still 'SQL', 130 'Closed - Not Converted', neither converted in Salesforce (Converted Date blank); 7/13 tells the
# dates month first
SQL_CONTACTS = (
    "Record ID,Email,Create Date,Lifecycle Stage,Original Source,Contact owner,"
    "Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date\n"
    "113,max.vig@example113.com,2026-03-09 11:00,salesqualifiedlead,Email Marketing,Jordan Lee,2026-03-15 09:00,"
    "2026-04-01 09:00\n"
    "130,dot.mao@example130.com,2026-06-08 13:00,salesqualifiedlead,Referrals,Jordan Lee,2026-06-12 09:00,"
    "2026-06-26 09:00\n"
)
SQL_LEADS_MIGRATED = (
    "Lead ID,Email,Created Date,Lead Source,Lead Status,Lead Owner,Converted,Converted Date,Converted Opportunity ID,"
    "HubSpot Contact ID\n"
    "00Q5g00000HM02A,max.vig@example113.com,7/1/2026 9:00 AM,Web,SQL,jordan.lee@acme.com,FALSE,,,113\n"
    "00Q5g00000HM10A,dot.mao@example130.com,7/13/2026 9:00 AM,External Referral,Closed - Not Converted,"
    "jordan.lee@acme.com,FALSE,,,130\n"
)
# the line of the migration, and Salesforce's statuses as salesforce.toml reads them
SQL_LEADS_LINE = (
    LEADS_BY_HUBSPOT_ID + '\n[leads.values.lifecycle_stage]\n"sql" = "sql"\n"closed - not converted" = "disqualified"\n'
)


def sqls(con):
    funnel = metrics.funnel(con, Filters())
    return int(funnel.loc[funnel["stage"] == "sql", "count_leads"].iloc[0])


@pytest.fixture
def two_sqls(empty_con, tmp_path):
    path = write_file(tmp_path, "hs_sql.csv", SQL_CONTACTS)
    import_files(empty_con, "leads", [path], mapping=preset_mapping("hubspot", "leads"))
    return empty_con


def test_a_migrated_lead_keeps_the_stage_date_its_row_leaves_blank(two_sqls, tmp_path):
    assert sqls(two_sqls) == 2
    report = append(two_sqls, tmp_path, "leads", SQL_LEADS_MIGRATED, mapping_of(tmp_path, "leads", SQL_LEADS_LINE))
    # both reached SQL in HubSpot, and a lead who reached a stage has reached it: 2 SQLs (on main 1: 130, rejected in
    # Salesforce, lost its sql_at and counted no more)
    assert sqls(two_sqls) == 2
    assert two_sqls.execute("select lead_id, sql_at::varchar from leads order by 1").fetchall() == [
        ("113", "2026-04-01 09:00:00"),
        ("130", "2026-06-26 09:00:00"),
    ]
    kept = [a for a in report.alerts if "named by the stored id" in a and "where the file's is blank" in a]
    assert len(kept) == 1 and kept[0].startswith(
        "sf_leads.csv: 2 leads named by the stored id in 'HubSpot Contact ID' (their own id in 'Lead ID') "
        "keep their stored sql_at where the file's is blank (113: sql_at 2026-04-01 09:00; 130: sql_at 2026-06-26 "
        "09:00)"
    )
    # kept, so not said to be lost
    assert not [a for a in report.alerts if "lose a stage date" in a]


def test_a_lead_of_the_same_crm_still_takes_a_blank_stage_date(two_sqls, tmp_path):
    # HubSpot's own later export (one id column): the CRM cleared the date, the row says so
    text = SQL_CONTACTS.replace("2026-06-12 09:00,2026-06-26 09:00", "2026-06-12 09:00,")
    report = import_files(
        two_sqls,
        "leads",
        [write_file(tmp_path, "hs_again.csv", text)],
        mode="append",
        mapping=preset_mapping("hubspot", "leads"),
    )
    assert two_sqls.execute("select sql_at from leads where lead_id = '130'").fetchone() == (None,)
    assert [a for a in report.alerts if "1 lead loses a stage date it had (e.g. 130: sql_at 2026-06-26 09:00)" in a]


def test_a_migrated_lead_keeps_its_first_touch_and_its_revenue_counts_there(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "leads", SALESFORCE_LEADS, mapping_of(tmp_path, "leads", LEADS_BY_HUBSPOT_ID))
    append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, mapping_of(tmp_path, "deals", DEALS_BY_HUBSPOT_ID))
    # by first touch: 9001 (103) and 9004 (112) paid_search 12,000 + 15,000; 9006 (118, won since) referral 20,000,
    # HubSpot's Referrals, not Salesforce's External Referral; OP06A (SN03A) Trade Show 5,000 (on main: referral none,
    # External Referral 20,000)
    table = sources.source_table(hubspot, Filters())
    assert dict(zip(table["source"], table["revenue"], strict=True)) == {
        "paid_search": 27_000,
        "referral": 20_000,
        "Trade Show": 5_000,
    }
    # created in HubSpot, not on the migration's day (on main: 2026-07-01 09:00 both)
    assert hubspot.execute(
        "select lead_id, created_at::varchar, source from leads where lead_id in ('108', '118') order by 1"
    ).fetchall() == [("108", "2026-02-11 13:00:00", "paid_search"), ("118", "2026-04-10 11:00:00", "referral")]
    kept = [a for a in report.alerts if "keep their stored creation and source" in a]
    assert len(kept) == 1 and kept[0].startswith(
        "sf_leads.csv: 2 leads named by the stored id in 'HubSpot Contact ID' (their own id in 'Lead ID') keep their "
        "stored creation "
        "and source, earlier than this file's (108 2026-02-11 13:00 paid_search (file: 2026-07-01 09:00 "
        "Advertisement); 118 2026-04-10 11:00 referral (file: 2026-07-01 09:00 External Referral))"
    )
    by_source = "By source: 1 paid_search lead the file calls Advertisement, 1 referral lead the file calls External "
    assert by_source in kept[0]
    # not said to move to a later month, which they no longer do
    assert not [a for a in report.alerts if "replaced by a row created later" in a]


def test_a_conversion_and_its_opportunity_dated_alike_read_alike(hubspot, tmp_path):
    append(hubspot, tmp_path, "leads", SALESFORCE_LEADS, mapping_of(tmp_path, "leads", LEADS_BY_HUBSPOT_ID))
    report = append(
        hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, mapping_of(tmp_path, "deals", DEALS_BY_HUBSPOT_ID)
    )
    # Rae Abe (118) converted 7/1/2026, a date, on the day Salesforce created her 9:00: her SQL reads 09:00; her
    # opportunity OP02A (stored 9006), created 7/1/2026, a date, reads 09:00 too (on main 00:00, before the SQL, and
    # her opportunity out of order)
    assert hubspot.execute(
        "select l.sql_at::varchar, d.created_at::varchar, l.opportunity_in_order from leads as l "
        "join deals as d using (lead_id) where d.deal_id = '9006'"
    ).fetchone() == ("2026-07-01 09:00:00", "2026-07-01 09:00:00", True)
    assert [n for n in report.notes if n.startswith("1 deal (e.g. 9006) created on the day of its lead's SQL")]


def test_a_migrated_deal_out_of_order_is_said_to_be_the_migration_s(hubspot, tmp_path):
    # OP01A (row 1) is HubSpot's 9004, created 5 Apr and won 28 May; Salesforce dates it 7/1/2026, the migration
    line_route = append(
        hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES, mapping_of(tmp_path, "deals", DEALS_BY_HUBSPOT_ID)
    )
    said = [a for a in line_route.alerts if "stage dates out of order" in a]
    assert said == [
        "sf_deals.csv: 1 row kept with stage dates out of order is a migrated deal (row 1: stored "
        "9004 (named in 'HubSpot Deal ID'), created 2026-04-05 09:00 as stored): the new CRM's export dates a migrated "
        "deal's creation by the migration, after what the deal did before it, so the order is the migration's, not the "
        "CRM's stage history"
    ]


def test_a_deal_stored_twice_out_of_order_is_said_to_be_the_migration_s(hubspot, tmp_path):
    report = append(hubspot, tmp_path, "deals", SALESFORCE_OPPORTUNITIES)
    said = [a for a in report.alerts if "stage dates out of order" in a]
    assert len(said) == 1 and said[0].startswith(
        "sf_deals.csv: 1 row kept with stage dates out of order is a migrated deal (row 1: "
        "0065g00000OP01AAAT = stored 9004, created 2026-04-05 09:00 as stored)"
    )


def test_a_deal_of_one_crm_out_of_order_says_nothing_of_a_migration(hubspot, tmp_path):
    text = HUBSPOT_DEALS.splitlines()[0] + "\n9010,New,Sales Pipeline,Closed Won,1000,2026-06-20 09:00,"
    text += "2026-06-01 09:00,Alex Morgan,true,true,103\n"
    path = write_file(tmp_path, "hs_more.csv", text)
    report = import_files(hubspot, "deals", [path], mode="append", mapping=preset_mapping("hubspot", "deals"))
    # 9010 closes before its creation: kept with the row's warning, and no word of a migration
    assert report.warnings == {"stage dates out of order": 1}
    assert not [a for a in report.alerts if "a migrated deal" in a]
