"""Trial 41's window findings, counted by hand from nine leads: a dated MQL outside the window is not made an in-window
MQL and SQL by an undated SQL (a Salesforce status Qualified without a Converted Date); the window includes its last
day; a disqualified lead or a lead whose deals are all lost has dropped out even when young; with no window a lead not
converted yet is not dropped out; and `map` proposes a file's own SQL date over Salesforce's Converted Date."""

from __future__ import annotations

from datetime import datetime as T

from fixture_data import load

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.propose import propose

# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at.
# the data's today is the latest moment, Y4's creation: 2026-11-30 00:00. young under 180 days: created after
# 2026-06-03 (the July and November leads); under 30 days: after 2026-10-31 (the November leads)
LEADS = [
    # MQL 42.4 days after creation (42 d 9 h 36 min), status SQL without an SQL date
    ("L08", T(2026, 7, 1), "web", None, None, None, "sql", T(2026, 8, 12, 9, 36), None, None),
    # SQL exactly 30.0 days after a date-only creation
    ("L15", T(2026, 7, 1), "web", None, None, None, None, T(2026, 7, 5), T(2026, 7, 31), None),
    # SQL 30 days and 1 second after creation
    ("L20", T(2026, 7, 1), "web", None, None, None, None, T(2026, 7, 2), T(2026, 7, 31, 0, 0, 1), None),
    ("Y1", T(2026, 11, 20), "web", None, None, None, "disqualified", None, None, None),  # young, rejected
    ("Y2", T(2026, 11, 21), "web", None, None, None, None, T(2026, 11, 22), T(2026, 11, 23), None),  # deal lost
    ("Y3", T(2026, 11, 25), "web", None, None, None, None, None, None, None),  # young, nothing yet
    ("Y4", T(2026, 11, 30), "web", None, None, None, None, None, None, None),  # created on the data's last day
    ("O1", T(2026, 1, 5), "web", None, None, None, None, None, None, None),  # old, nothing: open with no window
    ("O2", T(2026, 2, 10), "web", None, None, None, "disqualified", None, None, None),  # old, rejected
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source
DEALS = [("D2", "Y2", None, T(2026, 11, 24), "lost", T(2026, 11, 26), 500.0, None)]


def _funnel(con, filters: Filters, use_rollup: bool = False) -> tuple[list[int], list[int], list[int]]:
    """Counts, still in window (not converted yet) and dropped out per stage: lead, MQL, SQL, opportunity, customer."""
    df = metrics.funnel_from(con, filters, use_rollup=use_rollup)
    return (
        [int(v) for v in df["count_leads"]],
        [int(v) for v in df["count_in_progress"]],
        [int(v) for v in df["count_dropped"]],
    )


def test_a_dated_mql_after_the_window_is_not_made_in_window_by_an_undated_sql(empty_con):
    load(empty_con, LEADS, DEALS)
    # MQL within 30 days: L15 (4 d), L20 (1 d), Y2 (1 d) = 3; L08's MQL came at 42.4 days, and its undated SQL came
    # no earlier, so neither counts (it read MQL 4). SQL: L15 (exactly 30.0 days: inside), Y2 = 2; L20 is a second
    # late. lead→MQL dropped: L08 (old: July), Y1 (rejected), O1 (old), O2 = 4; still in window: Y3, Y4 = 2.
    # MQL→SQL: L20 dropped. SQL→opportunity: L15 dropped. opportunity→customer: Y2 (lost) dropped
    expected = ([9, 3, 2, 1, 0], [0, 2, 0, 0, 0], [0, 4, 1, 1, 1])
    assert _funnel(empty_con, Filters(window_days=30)) == expected
    # the per-stage path (entries in order) counts the same: every lead here is in order
    assert _funnel(empty_con, Filters(window_days=30, in_order=True)) == expected


def test_time_to_convert_leaves_out_the_mql_after_the_window(empty_con):
    load(empty_con, LEADS, DEALS)
    # lead→MQL within 30 days: L15 4 d, L20 1 d, Y2 1 d: n 3, median 1 day (L08's 42.4 days made it 4)
    times = metrics.time_to_convert(empty_con, Filters(window_days=30))
    first = times[times["step_order"] == 1].iloc[0]
    assert (int(first["count_converted"]), float(first["median_days"])) == (3, 1.0)


def test_the_undated_sql_counts_when_its_dated_mql_is_inside_the_window(empty_con):
    load(empty_con, LEADS, DEALS)
    # 60 days: L08's MQL (42.4 d) counts, and its SQL with it. MQL: L08, L15, L20, Y2 = 4; SQL the same 4
    counts, _, _ = _funnel(empty_con, Filters(window_days=60))
    assert counts[:3] == [9, 4, 4]


def test_rejected_and_lost_leads_drop_out_even_when_young(empty_con):
    load(empty_con, LEADS, DEALS)
    # 180 days: MQL L08, L15, L20, Y2 = 4; SQL the same 4 (L08 by its status); opportunity Y2; customer none.
    # lead→MQL: still in window Y3, Y4; dropped Y1 (rejected, though young), O1 and O2 (old) = 3.
    # SQL→opportunity: L08, L15, L20, young and open, still in window = 3. opportunity→customer: Y2's only deal is
    # lost: dropped out, not still in window
    expected = ([9, 4, 4, 1, 0], [0, 2, 0, 3, 0], [0, 3, 0, 0, 1])
    assert _funnel(empty_con, Filters()) == expected
    # the stored rollup of the default window counts the same
    assert _funnel(empty_con, Filters(), use_rollup=True) == expected
    dropped = metrics.drilldown(empty_con, Filters(), "customer", "dropped")
    assert list(dropped["lead_id"]) == ["Y2"]
    waiting = metrics.drilldown(empty_con, Filters(), "mql", "in_window")
    assert sorted(waiting["lead_id"]) == ["Y3", "Y4"]


def test_with_no_window_a_lead_not_converted_yet_is_not_dropped(empty_con):
    load(empty_con, LEADS, DEALS)
    # no window: lead→MQL not converted yet Y3, Y4 and O1 = 3; dropped only the rejected Y1 and O2 = 2 (Y4, created
    # on the data's last day, read dropped out). SQL→opportunity: L08, L15, L20 not converted yet. Y2 lost: dropped
    assert _funnel(empty_con, Filters(window_days=0)) == ([9, 4, 4, 1, 0], [0, 3, 0, 3, 0], [0, 2, 0, 0, 1])
    # a cohort with open leads may still convert: January (O1), July (the three SQLs), November (Y3, Y4); February's
    # only lead is rejected: complete
    cohorts = metrics.cohorts(empty_con, Filters(window_days=0))
    marked = {
        m.strftime("%Y-%m"): bool(i) for m, i in zip(cohorts["cohort_month"], cohorts["is_incomplete"], strict=True)
    }
    assert marked == {"2026-01": True, "2026-02": False, "2026-07": True, "2026-11": True}
    assert metrics.count_labels(Filters(window_days=0))["count_in_progress"] == "Not converted yet"
    assert metrics.drilldown_kind_labels(Filters(window_days=0))["in_window"] == "have not converted to it yet"


def test_map_proposes_the_files_own_stage_dates_over_the_converted_date():
    # Data Loader's API names: the custom MQL_Date__c and SQL_Date__c beside ConvertedDate
    header = [
        "Id",
        "CreatedDate",
        "LeadSource",
        "Status",
        "IsConverted",
        "ConvertedDate",
        "ConvertedOpportunityId",
        "MQL_Date__c",
        "SQL_Date__c",
    ]
    columns = propose("leads", header).mapping.columns
    assert (columns["mql_at"], columns["sql_at"]) == (("MQL_Date__c",), ("SQL_Date__c",))
    # a Lightning report's labels: "SQL Date" over "Converted Date"
    labels = ["Lead ID", "Created Date", "Lead Source", "Lead Status", "Converted", "Converted Date"]
    labels += ["Converted Opportunity ID", "MQL Date", "SQL Date"]
    columns = propose("leads", labels).mapping.columns
    assert (columns["mql_at"], columns["sql_at"]) == (("MQL Date",), ("SQL Date",))
    # without a column of its own the Converted Date stays the SQL date
    columns = propose("leads", labels[:-1]).mapping.columns
    assert columns["sql_at"] == ("Converted Date",)
