"""Trial 40 (/tmp/probe40), counted by hand from a few HubSpot rows: leads that sales rejected by their Lead Status
alone ([leads.disqualified_by], no date: HubSpot has none) are not open, so neither stalled on the Friction page nor
in stage on the Funnel page nor waiting for a contact on the SLA page."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard import metrics, sla
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

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


def test_the_rule_marks_three_contacts_rejected(rejected_by_status):
    # 2, 4 and 10 have Lead Status Unqualified; none has a disqualification date
    rows = rejected_by_status.execute(
        "select lead_id from leads where lower(lifecycle_stage) = 'disqualified' and disqualified_at is null "
        "order by lead_id::int"
    ).fetchall()
    assert rows == [("2",), ("4",), ("10",)]


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
