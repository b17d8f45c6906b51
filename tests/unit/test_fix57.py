"""Trial 57, a hand-kept lead and deal spreadsheet: a stored row whose row in the file is skipped (a year-less date)
is in the file, kept as stored and never removed or counted as "not in the file" (M2)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from fixture_data import load

from dashboard import store
from dashboard.cli import metrics_document
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml

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


# M1: activity-mode counts say how many leads reached MQL or SQL with no date of their own (in no month)

T = datetime
# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at.
# November: N1 an MQL with no date, N2 an SQL with no date (so MQL too), N3 an MQL dated by its deal D1 (10 Nov),
# N4 an MQL dated 6 Nov, N5 a plain lead; September: S1 an MQL with no date
UNDATED_LEADS = [
    ("N1", T(2026, 11, 2), "web", None, None, "Ann", "mql", None, None, None),
    ("N2", T(2026, 11, 3), "web", None, None, "Ann", "sql", None, None, None),
    ("N3", T(2026, 11, 4), "web", None, None, "Ann", "mql", None, None, None),
    ("N4", T(2026, 11, 5), "web", None, None, "Ann", "mql", T(2026, 11, 6), None, None),
    ("N5", T(2026, 11, 7), "web", None, None, "Ann", "lead", None, None, None),
    ("S1", T(2026, 9, 1), "web", None, None, "Ann", "mql", None, None, None),
]
UNDATED_DEALS = [("D1", "N3", "Ann", T(2026, 11, 10), "open", None, 1000.0, None)]
NOVEMBER = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), mode="activity")


def test_the_activity_json_says_how_many_mqls_and_sqls_are_in_no_month(empty_con):
    load(empty_con, UNDATED_LEADS, UNDATED_DEALS)
    doc = metrics_document(empty_con, NOVEMBER)
    # November's MQLs by their own date: N3 (its deal, 10 Nov) and N4 (6 Nov) = 2; SQL: N3 = 1
    assert {r["stage"]: r["count"] for r in doc["funnel"]}["mql"] == 2
    # in no month: N1 and N2 reached MQL, N2 reached SQL (S1 is September's)
    undated = doc["undated_stages"]
    assert (undated["mql"], undated["sql"]) == (2, 1)
    assert undated["note"].startswith(
        "Not counted here: of the leads created in Nov 2026, 2 leads reached MQL and 1 lead reached SQL with no date "
        "for the stage"
    )
    # over all dates: N1, N2 and S1 (3 MQLs), N2 (1 SQL)
    everything = metrics_document(empty_con, Filters(mode="activity"))["undated_stages"]
    assert (everything["mql"], everything["sql"]) == (3, 1)
    assert "of the leads created at any date, 3 leads reached MQL" in everything["note"]
    # the cohort funnel counts them: no such section
    assert (
        metrics_document(empty_con, Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)))["undated_stages"]
        is None
    )


# M3: a hand-kept sheet's yes/no MQL?/SQL? columns are proposed under [leads.reached]; the no-stage warning names them

# 5 leads: MQL? yes on L1, L2 (Y), L3 (✓); SQL? yes on L1 only; "MQL date" holds dates, no flag
SHEET = """#,Date,Source,MQL?,SQL?,MQL date
L1,2026-09-01,Web,Yes,yes,2026-09-02
L2,2026-09-02,Web,Y,No,
L3,2026-09-03,Web,✓,,
L4,2026-09-04,Web,No,No,
L5,2026-09-05,Web,,,
"""


def test_the_proposal_reads_yes_no_stage_columns_and_the_import_counts_them(empty_con, tmp_path):
    path = write(tmp_path, "sheet.csv", SHEET)
    p = proposal_for("leads", stage_file(path), {})
    assert dict(p.mapping.reached) == {"mql": ("MQL?",), "sql": ("SQL?",)}
    toml = to_toml({"leads": p.mapping}, {"leads": p.reasons})
    import_files(empty_con, "leads", [path], mapping=load_mapping(write(tmp_path, "p.toml", toml))["leads"])
    # MQL: L1, L2, L3 (SQL L1 counts as MQL too) = 3; SQL: L1 = 1
    assert store.scalar(empty_con, "select count(*) filter (where is_mql) from leads") == 3
    assert store.scalar(empty_con, "select count(*) filter (where is_sql) from leads") == 1


def test_the_no_stage_warning_names_the_reached_lines_for_yes_no_columns(empty_con, tmp_path):
    path = write(tmp_path, "sheet.csv", "\n".join(line.rsplit(",", 1)[0] for line in SHEET.splitlines()) + "\n")
    mapping = write(tmp_path, "m.toml", '[leads.columns]\nlead_id = "#"\ncreated_at = "Date"\nsource = "Source"\n')
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(mapping)["leads"])
    said = next(a for a in report.alerts if "no column gives the leads' stages" in a)
    assert 'is read under [leads.reached] in the mapping: mql = "MQL?" and sql = "SQL?"' in said


# L1: a tick reads as yes; a cross is refused with the [leads.reached] rule that reads it


def test_a_cross_in_a_yes_no_stage_column_is_refused_with_the_rule_that_reads_it(empty_con, tmp_path):
    path = write(tmp_path, "sheet.csv", SHEET.replace("L4,2026-09-04,Web,No", "L4,2026-09-04,Web,✗"))
    mapping = write(
        tmp_path,
        "m.toml",
        '[leads.columns]\nlead_id = "#"\ncreated_at = "Date"\nsource = "Source"\n'
        '[leads.reached]\nmql = "MQL?"\nsql = "SQL?"\n',
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=load_mapping(mapping)["leads"])
    said = str(refused.value)
    assert "holds '✗' (1 row, first row 4)" in said
    # the column's yes values (✓, Y, Yes, as written) and the cross
    assert 'mql = { column = "MQL?", contains = ["Y", "Yes", "✓", "✗"] }' in said
    assert "from the CRM" not in said
