"""Review 105b of trial 103's migration rules: a replace clearing a migrated lead's stage dates went unsaid, and the
line of migrated leads keeping their first touch named no file or column when no source was relabelled."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping
from tests.trial103_fixture import mapping_of, write_file
from tests.unit.test_fixmig import SQL_CONTACTS, SQL_LEADS_LINE, SQL_LEADS_MIGRATED, append


@pytest.fixture
def two_sqls(empty_con, tmp_path):
    """HubSpot's SQLs 113 (2026-04-01 09:00) and 130 (2026-06-26 09:00), imported with the preset."""
    path = write_file(tmp_path, "hs_sql.csv", SQL_CONTACTS)
    import_files(empty_con, "leads", [path], mapping=preset_mapping("hubspot", "leads"))
    return empty_con


def test_a_replace_clearing_a_migrated_lead_s_stage_dates_says_so(two_sqls, tmp_path):
    path = write_file(tmp_path, "sf_leads.csv", SQL_LEADS_MIGRATED)
    report = import_files(
        two_sqls, "leads", [path], mode="replace", mapping=mapping_of(tmp_path, "leads", SQL_LEADS_LINE)
    )
    # a replace writes the file's rows: both Converted Dates are blank, so HubSpot's SQL dates go
    assert two_sqls.execute("select lead_id, sql_at from leads order by 1").fetchall() == [("113", None), ("130", None)]
    # and that is said (on int: no line, the migrated exception applied to a replace, which keeps nothing)
    assert [
        a
        for a in report.alerts
        if "2 leads lose a stage date they had (e.g. 113: sql_at 2026-04-01 09:00, 130: sql_at 2026-06-26 09:00)" in a
    ]


def test_the_line_of_migrated_leads_keeping_their_creation_names_the_file_when_no_source_moves(two_sqls, tmp_path):
    # Salesforce's rows with HubSpot's sources, as HubSpot's preset reads them: nothing relabelled
    text = SQL_LEADS_MIGRATED.replace(",Web,", ",email,").replace(",External Referral,", ",referral,")
    report = append(two_sqls, tmp_path, "leads", text, mapping_of(tmp_path, "leads", SQL_LEADS_LINE))
    kept = [a for a in report.alerts if "keep their stored creation and source" in a]
    # on int: ": 2 migrated leads (named by the stored id in ) keep ..."
    assert len(kept) == 1 and kept[0].startswith(
        "sf_leads.csv: 2 leads named by the stored id in 'HubSpot Contact ID' (their own id in 'Lead ID') keep their "
        "stored creation "
        "and source, earlier than this file's (113 2026-03-09 11:00 email (file: 2026-07-01 09:00 email); 130 "
        "2026-06-08 13:00 referral (file: 2026-07-13 09:00 referral))"
    )
    assert "By source" not in kept[0]


def test_one_salesforce_record_under_its_two_id_spellings_is_not_migrated(empty_con, tmp_path):
    # the preset's lead_id = ["Lead ID", "Id"]: a report's 15-character id beside the 18-character one of the same
    # lead (00Q5g00000HM01A is 00Q5g00000HM01AEAT), then Salesforce's own later export, the lead no longer converted
    header = "Lead ID,Id,Created Date,Lead Source,Lead Status,Converted,Converted Date\n"
    first = "00Q5g00000HM01A,00Q5g00000HM01AEAT,1/5/2026 9:00 AM,Web,Closed - Converted,TRUE,1/20/2026\n"
    later = "00Q5g00000HM01A,00Q5g00000HM01AEAT,1/5/2026 9:00 AM,Web,Open - Not Contacted,FALSE,\n"
    mapping = preset_mapping("salesforce", "leads")
    import_files(empty_con, "leads", [write_file(tmp_path, "a.csv", header + first)], mapping=mapping)
    report = import_files(
        empty_con, "leads", [write_file(tmp_path, "b.csv", header + later)], mode="append", mapping=mapping
    )
    # one CRM's record re-exported: the blank clears the date and is said (on int: read as a migrated lead, the
    # 20 Jan SQL date kept and said to be a migration's)
    assert empty_con.execute("select sql_at from leads").fetchall() == [(None,)]
    assert not [a for a in report.alerts if "migrated" in a]
    assert [a for a in report.alerts if "1 lead loses a stage date it had (e.g. 00Q5g00000HM01AEAT: sql_at" in a]
