"""Trial 57, a hand-kept lead and deal spreadsheet: a stored row whose row in the file is skipped (a year-less date)
is in the file, kept as stored and never removed or counted as "not in the file" (M2)."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused

LEADS = """lead_id,created_at,source
a1,2026-08-03,paid_search
a2,2026-08-04,organic_search
a3,2026-08-05,direct
a4,2026-08-06,direct
"""
# a1 read; a2 and a3 skipped for dates with no year (as a sheet's CSV download writes them); a4 left out; a5 new
LEADS_REPLACED = """lead_id,created_at,source
a1,2026-08-03,referral
a2,1-Sep,referral
a3,Sep 2nd,referral
a5,2026-09-01,referral
"""
DEALS = """deal_id,lead_id,created_at,status,closed_at,amount
d1,a1,2026-08-10,won,2026-09-20,15000
d2,a2,2026-08-12,open,,5000
d3,a3,2026-09-01,lost,2026-09-15,1000
d4,a4,2026-10-01,open,,2000
"""
# d1 skipped (a close date with no year); d2 read; d3 and d4 left out; d5 new
DEALS_REPLACED = """deal_id,lead_id,created_at,status,closed_at,amount
d1,a1,2026-08-10,won,Oct 31,15000
d2,a2,2026-08-12,open,,5500
d5,a1,2026-10-05,open,,700
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_replace_keeps_the_stored_leads_whose_rows_were_skipped(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    report = import_files(empty_con, "leads", [write(tmp_path, "sheet.csv", LEADS_REPLACED)])
    text = report.summary()
    # 4 rows: a1 updated, a5 new (2 loaded); a2, a3 skipped and kept as stored; a4 alone is not in the file
    assert (
        "leads: 2 rows loaded (1 stored row updated, 1 new; 1 stored row removed as not in the file (e.g. a4); "
        "2 rows skipped, their stored versions kept (e.g. a2, a3))" in text
    )
    assert "2 stored leads (a2, a3) are in the file on a skipped row and are kept as stored, not removed" in text
    # stored after: a1 (file), a2 a3 (stored), a5 (file) = 4 leads
    assert store.scalar(empty_con, "select string_agg(lead_id, ',' order by lead_id) from leads") == "a1,a2,a3,a5"
    # a2 keeps its stored source, not the skipped row's referral; a1 takes the file's
    assert store.scalar(empty_con, "select source from leads where lead_id = 'a2'") == "organic_search"
    assert store.scalar(empty_con, "select source from leads where lead_id = 'a1'") == "referral"


def test_a_check_of_the_replace_says_the_skipped_rows_stored_versions_would_be_kept(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    report = import_files(empty_con, "leads", [write(tmp_path, "sheet.csv", LEADS_REPLACED)], dry_run=True)
    # the same counts as the import: 1 updated, 1 new, 1 removed (a4), 2 kept (a2, a3)
    assert report.changes(dry_run=True) == (
        "would update 1 stored row, add 1 new; would remove 1 stored row not in the file (e.g. a4); "
        "2 rows skipped, their stored versions would be kept (e.g. a2, a3)"
    )


def test_a_replace_keeps_the_stored_deals_whose_rows_were_skipped(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    report = import_files(empty_con, "deals", [write(tmp_path, "sheet.csv", DEALS_REPLACED)])
    text = report.summary()
    # d2 updated, d5 new (2 loaded); d1 skipped and kept; d3, d4 not in the file: removed
    assert (
        "deals: 2 rows loaded (1 stored row updated, 1 new; 2 stored rows removed as not in the file (e.g. d3, d4); "
        "1 row skipped, their stored versions kept (e.g. d1))" in text
    )
    assert "1 stored deal (d1) is in the file on a skipped row and is kept as stored, not removed" in text
    assert "2 stored deals are not in the file and were removed (e.g. d3, d4)" in text
    # d1 is still won with its 15,000: 1 won deal, revenue 15,000; d1 d2 d5 stored
    assert store.scalar(empty_con, "select count(*) from deals where status = 'won'") == 1
    assert store.scalar(empty_con, "select sum(amount) from deals where status = 'won'") == 15000
    assert store.scalar(empty_con, "select string_agg(deal_id, ',' order by deal_id) from deals") == "d1,d2,d5"


def test_an_append_does_not_call_a_skipped_rows_lead_not_in_the_file(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    # a full export: a1 a2 a3 read, a4 skipped (no year); 3 of the 4 stored read, none of the 4 missing
    full = (
        "lead_id,created_at,source\na1,2026-08-03,direct\na2,2026-08-04,direct\na3,2026-08-05,direct\na4,4-Sep,direct\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "full.csv", full)], mode="append")
    text = report.summary()
    assert "not in this file" not in text
    assert "1 row skipped, their stored versions kept (e.g. a4)" in text
    assert store.scalar(empty_con, "select count(*) from leads") == 4


def test_a_replace_in_another_currency_keeping_skipped_deals_is_refused(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    euros = DEALS.replace(",15000", ",€15000").replace(",5000", ",€5000").replace(",1000", ",€1000")
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", euros.replace(",2000", ",€2000"))])
    pounds = DEALS_REPLACED.replace(",15000", ",£15000").replace(",5500", ",£5500").replace(",700", ",£700")
    # d1 kept in EUR beside the file's GBP would add the two up: refused, nothing changed (4 deals, d2 at 5,000)
    with pytest.raises(ImportRefused, match="in EUR would be kept beside this file's amounts in GBP"):
        import_files(empty_con, "deals", [write(tmp_path, "sheet.csv", pounds)])
    assert store.scalar(empty_con, "select count(*) from deals") == 4
    assert store.scalar(empty_con, "select amount from deals where deal_id = 'd2'") == 5000
