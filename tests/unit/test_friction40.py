"""Trial 40 (/tmp/probe40), counted by hand from a few HubSpot rows: leads that sales rejected by their Lead Status
alone ([leads.disqualified_by], no date: HubSpot has none) are not open, so neither stalled on the Friction page nor
in stage on the Funnel page nor waiting for a contact on the SLA page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard import friction, metrics, sla
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping
from dashboard.importers.run import ImportOptions, run_import

PRESET = Path(__file__).parents[2] / "dashboard" / "importers" / "presets" / "hubspot.toml"

# the data's last day is 2026-11-30 (Y9's creation); every contact is younger than the 180-day window.
# stall thresholds: lead 30 days, MQL 14, SQL 14, opportunity 60
CONTACTS = (
    '"Record ID","Create Date","Lifecycle Stage","Lead Status","Original Source","Contact owner",'
    '"Became a Marketing Qualified Lead Date","Became a Sales Qualified Lead Date","First Outreach Date"\n'
    # a lead for 90 days: stalled lead
    '"1","2026-09-01 09:00","Lead","Open","Paid Search","Ben","","",""\n'
    # rejected by its status at lead (the trial's Y02): not open
    '"2","2026-09-01 09:00","Lead","Unqualified","Paid Search","Ben","","",""\n'
    # an MQL for 112 days: stalled MQL
    '"3","2026-08-01 09:00","Marketing Qualified Lead","Open","Paid Search","Ben","2026-08-10 09:00","",""\n'
    # recycled to Other with its MQL date, then rejected by its status (the trial's Y11): not open
    '"4","2026-08-01 09:00","Other","Unqualified","Paid Search","Ben","2026-08-10 09:00","",""\n'
    # three SQLs for 60 days: stalled SQLs (5 contacted within the hour, so the data has contact times)
    '"5","2026-09-20 09:00","Sales Qualified Lead","Open","Paid Search","Ben","2026-09-25 09:00",'
    '"2026-10-01 09:00","2026-10-01 09:30"\n'
    '"6","2026-09-20 09:00","Sales Qualified Lead","Open","Paid Search","Ben","2026-09-25 09:00",'
    '"2026-10-01 09:00",""\n'
    '"7","2026-09-20 09:00","Sales Qualified Lead","Open","Paid Search","Ben","2026-09-25 09:00",'
    '"2026-10-01 09:00",""\n'
    # an opportunity with an open deal since 1 July (152 days): stalled opportunity
    '"8","2026-06-10 09:00","Opportunity","Open Deal","Paid Search","Ben","2026-06-12 09:00","2026-06-15 09:00",""\n'
    # a lead of the last day: in stage, not stalled
    '"9","2026-11-30 09:00","Lead","New","Paid Search","Ben","","",""\n'
    # an SQL of 20 November rejected by its status, never contacted: not open, and never contacted, not waiting
    '"10","2026-11-01 09:00","Sales Qualified Lead","Unqualified","Paid Search","Ben","2026-11-10 09:00",'
    '"2026-11-20 09:00",""\n'
    # created before 2026-06-03 (180 days before the last day) and never moved on: lost, not stalled, counted in the
    # caption (11 at lead, 12 at MQL); 13 was rejected by its status: not open, so not counted there either
    '"11","2026-01-10 09:00","Lead","Open","Paid Search","Ben","","",""\n'
    '"12","2026-02-01 09:00","Marketing Qualified Lead","Open","Paid Search","Ben","2026-02-05 09:00","",""\n'
    '"13","2026-01-15 09:00","Lead","Unqualified","Paid Search","Ben","","",""\n'
)
DEALS = (
    '"Record ID","Deal Stage","Amount","Create Date","Close Date","Deal owner","Associated Contact IDs"\n'
    '"71","Contract Sent","5000","2026-07-01 09:00","","Ben","8"\n'
)


@pytest.fixture
def rejected_by_status(empty_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The contacts above imported with the preset's mapping plus the Lead Status rule (README §HubSpot)."""
    mapping_path = tmp_path / "hubspot_disq.toml"
    mapping_path.write_text(
        PRESET.read_text(encoding="utf-8") + '\n[leads.disqualified_by]\n"Lead Status" = ["UNQUALIFIED"]\n',
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_path)
    contacts, deals = tmp_path / "contacts.csv", tmp_path / "deals.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    deals.write_text(DEALS, encoding="utf-8")
    import_files(empty_con, "leads", [str(contacts)], mapping=mapping["leads"])
    import_files(empty_con, "deals", [str(deals)], mapping=mapping["deals"])
    return empty_con


def test_the_rule_marks_four_contacts_rejected(rejected_by_status):
    # 2, 4, 10 and 13 have Lead Status Unqualified; none has a disqualification date
    rows = rejected_by_status.execute(
        "select lead_id from leads where lower(lifecycle_stage) = 'disqualified' and disqualified_at is null "
        "order by lead_id::int"
    ).fetchall()
    assert rows == [("2",), ("4",), ("10",), ("13",)]


def test_status_rejected_leads_are_not_stalled(rejected_by_status):
    overview = metrics.stalled_overview(rejected_by_status, Filters(), None)
    stages = overview.stages.set_index("stage")
    # stalled: lead 1 (1), MQL 1 (3), SQL 3 (5, 6, 7), opportunity 1 (8) = 6; before the fix 8 (2 and 4 listed)
    assert stages["count_stalled"].astype(int).to_dict() == {"lead": 1, "mql": 1, "sql": 3, "opportunity": 1}
    # in stage (the Funnel page's time in stage): lead 1 and 9; MQL 3; SQL 5, 6, 7 (10 is rejected); opportunity 8
    assert stages["count_in_stage"].astype(int).to_dict() == {"lead": 2, "mql": 1, "sql": 3, "opportunity": 1}
    assert sorted(overview.leads["lead_id"], key=int) == ["1", "3", "5", "6", "7", "8"]
    # the owner grid: Ben has the 6 stalled leads
    assert int(overview.by_owner["count_stalled"].sum()) == 6


def test_a_status_rejected_sql_is_never_contacted_not_waiting(rejected_by_status):
    settings = sla.SlaSettings()
    summary = sla.overview(rejected_by_status, Filters(), settings).summary
    # clocks (SQL dates): 5 (contacted in 30 min: within), 6 and 7 (1 October, past the 30-day horizon: never
    # contacted), 8 (an opportunity: never contacted), 10 (rejected: never contacted, not waiting): nobody waits
    assert summary.waiting_now == 0
    assert summary.waiting_overdue == 0
    # due: all five; within 1, never contacted 4 (6, 7, 8, 10)
    assert (summary.eligible, summary.within_sla, summary.never_contacted) == (5, 1, 4)
    lists = sla.lead_lists(rejected_by_status, Filters(), settings, 50)
    assert list(lists["waiting"]["lead_id"]) == []


def test_activity_mode_lists_the_leads_open_now_and_says_the_dates_do_not_apply(rejected_by_status):
    # January-February 2026 holds no stage entry of the six stalled leads (they entered their stages Jun-Nov): the
    # list is as of the data's last day all the same, 1 / 1 / 3 / 1, and the page says so
    view = Filters(mode="activity", date_from=date(2026, 1, 1), date_to=date(2026, 2, 28))
    stages = metrics.stalled_overview(rejected_by_status, view, None).stages.set_index("stage")
    assert stages["count_stalled"].astype(int).to_dict() == {"lead": 1, "mql": 1, "sql": 3, "opportunity": 1}
    note = metrics.activity_stalled_note(view)
    assert note is not None and "as of the data's last day" in note
    assert "date range picked does not apply" in note and "conversion window (180 days, below)" in note
    # the window's rule still applies in activity mode, so its caption stays, with its count: 11 and 12
    assert metrics.past_window_count(rejected_by_status, view) == 2
    assert metrics.activity_stalled_note(Filters()) is None


def test_the_past_window_caption_gives_its_count_and_is_left_out_when_there_are_none(rejected_by_status):
    # all dates: 11 (lead) and 12 (MQL) are open and past the window; 13 is rejected, not open: 2 leads
    assert metrics.past_window_count(rejected_by_status, Filters()) == 2
    note = metrics.past_window_note(Filters(), 2)
    assert note is not None
    assert note.startswith(
        "Not counted here: open leads created 180 days or more before the data's last day (2 leads)."
    )
    # leads created September-November: none is past the window, so no caption
    autumn = Filters(date_from=date(2026, 9, 1), date_to=date(2026, 11, 30))
    assert metrics.past_window_count(rejected_by_status, autumn) == 0
    assert metrics.past_window_note(autumn, 0) is None
    # window 0: nothing is left out, and 11 and 12 are in stage (lead 1, 9, 11; MQL 3, 12)
    assert metrics.past_window_count(rejected_by_status, Filters(window_days=0)) == 0
    stages = metrics.stalled(rejected_by_status, Filters(window_days=0)).set_index("stage")
    assert stages["count_in_stage"].astype(int).to_dict() == {"lead": 3, "mql": 2, "sql": 3, "opportunity": 1}


def test_an_sql_rejected_without_a_reason_says_no_reason_recorded(rejected_by_status):
    # SQLs: 5, 6, 7, 8 and 10; 10 was rejected (by its status) and no reason was recorded
    quality = friction.sql_quality(rejected_by_status, Filters())
    assert quality[["reason", "count_rejected", "count_sqls"]].values.tolist() == [["no reason recorded", 1, 5]]


def test_after_the_sale_names_the_mapping_line_to_write():
    text = friction.Retention(2, 0, 0, 0, 0, has_activated=False, has_churned=False).sentence()
    assert '[deals.columns] activated_at = "Go-live Date"' in text
    assert '[deals.columns] churned_at = "Churn Date"' in text
    assert "import the deals' activated_at" not in text


def test_the_method_says_when_the_previous_period_is_before_the_data():
    # 1 January - 30 April 2026 is 120 days; the previous 120 days end on 31 December 2025, before the data's first
    # day, 5 January 2026: nothing to compare with
    view = Filters(date_from=date(2026, 1, 1), date_to=date(2026, 4, 30))
    text = friction.describe_method(view, date(2026, 1, 5))
    assert "nothing before these dates to compare with" in text and "and with the previous 120 days" not in text
    # data from June 2025: the previous 120 days hold data
    assert "and with the previous 120 days" in friction.describe_method(view, date(2025, 6, 1))


def test_a_mapping_beside_the_preset_says_it_replaced_the_preset(empty_con, tmp_path):
    # the trial's disq.toml: only the Lead Status rule, beside --preset hubspot
    mapping = tmp_path / "disq.toml"
    mapping.write_text('[leads.disqualified_by]\n"Lead Status" = ["UNQUALIFIED"]\n', encoding="utf-8")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    options = ImportOptions(kind="leads", preset="hubspot", mapping_path=str(mapping))
    with pytest.raises(ImportRefused) as refused:
        run_import(empty_con, options, [str(contacts)])
    message = str(refused.value)
    assert message.startswith("disq.toml replaces the preset hubspot rather than adding to it")
    assert "the preset's lead_id, created_at" in message and "map --kind leads --out leads.toml" in message
    assert "required column lead_id, created_at is missing" in message
