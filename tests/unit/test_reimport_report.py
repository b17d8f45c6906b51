"""Trial 24, the monthly re-import: what an import takes back, removes, leaves out or empties of the stored rows is
said in its report with counts and example ids (F1, F3, F3b, F7, F8, F9's dropped column)."""

from __future__ import annotations

from dashboard import store
from dashboard.importers.canonical import import_files
from dashboard.importers.run import ImportOptions, run_import

LEADS = """lead_id,created_at,source,mql_at,sql_at,first_contact_at
a1,2026-08-03 09:00,paid_search,2026-09-01,2026-10-02,2026-10-02 09:30
a2,2026-08-04 09:00,organic_search,2026-09-05,,2026-09-05 10:00
a3,2026-08-05 09:00,direct,,,
a4,2026-08-06 09:00,direct,,,
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def leads_stored(con, tmp_path):
    import_files(con, "leads", [write(tmp_path, "leads_now.csv", LEADS)])


def test_an_older_deals_file_appended_says_won_deals_go_back_to_open(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    newer = (
        "deal_id,lead_id,created_at,status,closed_at,amount\n"
        "d1,a1,2026-08-10,won,2026-10-20,20000\n"
        "d2,a2,2026-08-12,open,,5000\n"
    )
    import_files(empty_con, "deals", [write(tmp_path, "deals_nov.csv", newer)])
    older = (
        "deal_id,lead_id,created_at,status,closed_at,amount\n"
        "d1,a1,2026-08-10,open,,20000\nd2,a2,2026-08-12,open,,5000\n"
    )
    report = import_files(empty_con, "deals", [write(tmp_path, "deals_oct.csv", older)], mode="append")
    text = report.summary()
    # d1 was won on 2026-10-20 and the file says open with no close date: 1 deal back to open, 1 loses closed_at
    assert "1 stored deal goes back from won to open (e.g. d1)" in text
    assert "1 deal loses a stage date it had (e.g. d1: closed_at 2026-10-20)" in text
    assert "python -m dashboard undo" in text
    # said, not refused: the import goes through
    assert store.scalar(empty_con, "select status from deals where deal_id = 'd1'") == "open"


def test_an_older_leads_file_appended_says_stage_dates_cleared_and_moved(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    older = (
        "lead_id,created_at,source,mql_at,sql_at,first_contact_at\n"
        "a1,2026-08-03 09:00,paid_search,2026-09-01,,\n"
        "a2,2026-08-04 09:00,organic_search,2026-09-03,,2026-09-05 10:00\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "leads_sep.csv", older)], mode="append")
    text = report.summary()
    # a1 loses sql_at 2026-10-02 and first_contact_at 2026-10-02 09:30 (1 lead); a2's mql_at 09-05 -> 09-03 (1 lead)
    assert (
        "1 lead loses a stage date it had (e.g. a1: first_contact_at 2026-10-02 09:30, a1: sql_at 2026-10-02)" in text
    )
    assert "1 lead has a stage date moved from the stored one (e.g. a2: mql_at 2026-09-05 → 2026-09-03)" in text
    assert store.scalar(empty_con, "select count(sql_at) from leads") == 0


def test_a_full_export_appended_names_the_stored_leads_it_leaves_out(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    # a1, a2, a3 of the 4 stored (3/4 = 75 %, a full export) and a new a5: a4 is not in it
    full = (
        "lead_id,created_at,source\na1,2026-08-03,paid_search\na2,2026-08-04,organic_search\n"
        "a3,2026-08-05,direct\na5,2026-10-01,direct\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "full.csv", full)], mode="append")
    assert "1 stored lead is not in this file (e.g. a4), which has 3 of the 4 stored" in report.summary()
    assert "import it with --mode replace, which removes it" in report.summary()
    # an append keeps it: 5 leads
    assert store.scalar(empty_con, "select count(*) from leads") == 5


def test_a_small_incremental_file_appended_says_nothing_of_the_leads_it_leaves_out(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    # 1 of the 4 stored (25 %) and 2 new: this month's changes, not a full export
    incremental = "lead_id,created_at,source\na4,2026-08-06,direct\na5,2026-10-01,direct\na6,2026-10-02,direct\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "incr.csv", incremental)], mode="append")
    assert "not in this file" not in report.summary()


def test_a_replace_with_one_months_deals_says_which_stored_deals_it_removed(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    stored = (
        "deal_id,lead_id,created_at,status,closed_at,amount\n"
        "d1,a1,2026-08-10,won,2026-09-20,15000\nd2,a2,2026-08-12,open,,5000\n"
        "d3,a3,2026-09-01,lost,2026-09-15,1000\nd4,a4,2026-10-01,open,,2000\n"
    )
    import_files(empty_con, "deals", [write(tmp_path, "all.csv", stored)])
    october = (
        "deal_id,lead_id,created_at,status,closed_at,amount\nd4,a4,2026-10-01,open,,2500\nd5,a1,2026-10-05,open,,700\n"
    )
    report = import_files(empty_con, "deals", [write(tmp_path, "oct.csv", october)])
    text = report.summary()
    # d4 is in both (updated), d5 is new, d1 d2 d3 are stored and not in the file (removed)
    assert (
        "deals: 2 rows loaded (1 stored row updated, 1 new; 3 stored rows removed as not in the file (e.g. d1, d2, d3))"
        in text
    )
    assert "deals: 3 stored deals are not in the file and were removed (e.g. d1, d2, d3)" in text
    assert "existing rows replaced" not in text
    assert store.scalar(empty_con, "select count(*) from deals") == 2


def test_a_replace_without_a_column_says_the_stored_values_it_empties(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    # no first_contact_at column: a1 (10-02 09:30) and a2 (09-05 10:00) had one, a3 and a4 none: 2 leads
    no_outreach = (
        "lead_id,created_at,source,mql_at,sql_at\n"
        "a1,2026-08-03 09:00,paid_search,2026-09-01,2026-10-02\n"
        "a2,2026-08-04 09:00,organic_search,2026-09-05,\n"
        "a3,2026-08-05 09:00,direct,,\na4,2026-08-06 09:00,direct,,\n"
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "no_outreach.csv", no_outreach)])
    text = report.summary()
    assert "the stored first_contact_at of 2 leads is removed: this file has no column for it" in text
    # a1 and a2 lose their first contact (updated); a3 and a4, which had none, are as stored (trial 100: "4 updated")
    assert "2 stored rows updated, 2 rows already stored unchanged, 0 new; 0 stored rows removed" in text
    assert store.scalar(empty_con, "select count(first_contact_at) from leads") == 0


TARGETS = "month,metric,value\n2026-09-01,leads,10\n2026-10-01,leads,20\n2026-10-01,revenue,30000\n"


def test_a_targets_replace_names_the_months_it_removed(empty_con, tmp_path):
    import_files(empty_con, "targets", [write(tmp_path, "plan.csv", TARGETS)])
    october = "month,metric,value\n2026-10-01,leads,25\n2026-10-01,revenue,30000\n"
    report = import_files(empty_con, "targets", [write(tmp_path, "oct_plan.csv", october)])
    text = report.summary()
    # Oct leads and Oct revenue are in the file (2 updated), Sep leads 10 is not (1 removed)
    assert "2 stored rows updated; 1 stored row removed as not in the file (e.g. Sep 2026 leads 10)" in text
    assert "targets: 1 stored target is not in oct_plan.csv and was removed (Sep 2026 leads 10)" in text


def test_a_targets_append_says_each_value_it_changes(empty_con, tmp_path):
    import_files(empty_con, "targets", [write(tmp_path, "plan.csv", TARGETS)])
    older = "month,metric,value\n2026-10-01,leads,12\n2026-10-01,revenue,30000\n"
    report = import_files(empty_con, "targets", [write(tmp_path, "old_plan.csv", older)], mode="append")
    text = report.summary()
    # Oct leads 20 -> 12; Oct revenue 30000 repeated: not said
    assert "changed the stored target Oct 2026 leads (20 → 12) (stored → the file's)" in text
    assert "revenue (" not in text
    assert store.scalar(empty_con, "select value from targets where metric = 'leads' and month = '2026-10-01'") == 12


SPEND = (
    "month,source,campaign,amount\n"
    "2026-11-01,paid_social,meta,100\n2026-11-15,paid_social,meta,100\n2026-11-30,paid_social,meta,100\n"
)


def test_a_spend_month_replaced_by_rows_ending_early_is_not_called_a_later_export(empty_con, tmp_path):
    import_files(empty_con, "spend", [write(tmp_path, "nov.csv", SPEND)])
    # Nov 1 and Nov 8, 100 each: 200 < the stored 300, ending on Nov 8
    older = "month,source,campaign,amount\n2026-11-01,paid_social,meta,100\n2026-11-08,paid_social,meta,100\n"
    text = import_files(empty_con, "spend", [write(tmp_path, "old.csv", older)], mode="append").summary()
    assert "(300.00 → 200.00)" in text
    assert "The file's rows of Nov 2026 end on Nov 8, before the month's end, and spent less than the stored" in text
    assert "Right when the file is a later export" not in text


def test_a_spend_month_replaced_by_a_later_export_says_so(empty_con, tmp_path):
    import_files(empty_con, "spend", [write(tmp_path, "nov.csv", SPEND)])
    # Nov 1 and Nov 30, 200 each: 400 > the stored 300
    later = "month,source,campaign,amount\n2026-11-01,paid_social,meta,200\n2026-11-30,paid_social,meta,200\n"
    text = import_files(empty_con, "spend", [write(tmp_path, "later.csv", later)], mode="append").summary()
    assert "(300.00 → 400.00)" in text
    assert "Right when the file is a later export" in text


HUBSPOT_DEALS = (
    "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Create Date,Close Date,Deal owner,Associated Contact IDs,"
    "Is Closed Won,Is Deal Closed?,Last Modified Date\n"
)


def test_a_hubspot_row_modified_before_a_date_of_the_stored_deal_is_said_older(empty_con, tmp_path):
    leads = "lead_id,created_at,source\n101,2026-08-03,paid_search\n102,2026-08-04,direct\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", leads)])
    newer = HUBSPOT_DEALS + (
        "9001,Acme,Sales Pipeline,Closed Won,20000,2026-08-12 09:00,2026-10-20 09:00,Bob,101,true,true,"
        "2026-11-01 08:00\n"
        "9002,Beta,Sales Pipeline,Qualified To Buy,5000,2026-08-15 09:00,,Bob,102,false,false,2026-11-01 08:00\n"
    )
    hubspot = ImportOptions(kind="deals", preset="hubspot", mode="append")
    run_import(empty_con, hubspot, [write(tmp_path, "deals_nov.csv", newer)])
    older = HUBSPOT_DEALS + (
        "9001,Acme,Sales Pipeline,Presentation Scheduled,20000,2026-08-12 09:00,,Bob,101,false,false,2026-10-01 08:00\n"
        "9002,Beta,Sales Pipeline,Qualified To Buy,5000,2026-08-15 09:00,,Bob,102,false,false,2026-10-01 08:00\n"
    )
    text = run_import(empty_con, hubspot, [write(tmp_path, "deals_oct.csv", older)]).summary()
    # 9001 modified 10-01, its stored close 10-20: older (1 row); 9002 modified 10-01, its stored dates end 08-15: not
    assert (
        "1 row of deals_oct.csv was last modified (Last Modified Date) before a date its stored deal already has "
        "(e.g. 9001: modified 2026-10-01 08:00, the stored one has 2026-10-20 09:00)"
    ) in text
    assert "1 stored deal goes back from won to open (e.g. 9001)" in text


def test_a_leads_replace_names_the_stored_leads_it_removed_on_the_count_line(empty_con, tmp_path):
    leads_stored(empty_con, tmp_path)
    # a1, a2 stored and in the file (2 updated), a5 new (1), a3 and a4 stored and not in it (2 removed)
    full = "lead_id,created_at,source\na1,2026-08-03,paid_search\na2,2026-08-04,organic_search\na5,2026-10-01,direct\n"
    text = import_files(empty_con, "leads", [write(tmp_path, "m2.csv", full)]).summary()
    assert (
        "leads: 3 rows loaded (2 stored rows updated, 1 new; 2 stored rows removed as not in the file (e.g. a3, a4))"
        in text
    )
