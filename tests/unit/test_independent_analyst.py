"""What an independent analyst, checking the numbers against DOMAIN's definitions by hand, found wrong.

CAC is spend ÷ new customers, not ÷ won deals: a lead's second won deal is a repeat purchase, and a customer won
before the view's dates who buys again in them was acquired before (organic's CAC read 300, 600 ÷ 2 won deals, where
its one customer, L13, won twice: 600). The metrics JSON said nothing of a young cohort's leads still inside the
conversion window, and gave activity mode's ratios of different people's entries as conversion rates."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard import metrics, sources, store
from dashboard.cli import main
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

LEADS = (
    "lead_id,created_at,source,account_id\n"
    "L1,2026-01-05,organic_search,A1\n"
    "L2,2026-01-06,paid_search,A2\n"
    "L3,2026-01-07,paid_search,A2\n"
    "L4,2026-01-08,paid_search,\n"
)
# L1 wins twice (one new customer); L2 and L3 are two people of account A2, each winning once; L4 wins in January
# and again in February; D9 is an outbound paid_search deal without a lead (a customer of its own)
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount,source\n"
    "D1,L1,2026-01-10,won,2026-01-20,100,\n"
    "D2,L1,2026-01-25,won,2026-01-28,100,\n"
    "D3,L2,2026-01-10,won,2026-01-15,100,\n"
    "D4,L3,2026-01-11,won,2026-01-16,100,\n"
    "D5,L4,2026-01-12,won,2026-01-18,100,\n"
    "D6,L4,2026-02-02,won,2026-02-10,100,\n"
    "D9,,2026-01-09,won,2026-01-19,100,paid_search\n"
)
SPEND = "month,source,amount\n2026-01-01,organic_search,600\n2026-01-01,paid_search,900\n2026-02-01,paid_search,300\n"


@pytest.fixture
def cac_con(empty_con, tmp_path):
    for kind, text in (("leads", LEADS), ("deals", DEALS), ("spend", SPEND)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_files(empty_con, kind, [path])
    return empty_con


def by_source(con, filters):
    return {r["source"]: r for r in sources.source_table(con, filters).to_dict("records")}


def test_cac_divides_spend_by_new_customers_not_won_deals(cac_con):
    t = by_source(cac_con, Filters())
    # organic: won D1, D2 (2 deals), one customer L1: 600 ÷ 1
    assert (t["organic_search"]["count_won"], t["organic_search"]["count_new_customers"]) == (2, 1)
    assert t["organic_search"]["cac"] == 600
    # paid: won D3, D4, D5, D6, D9 (5 deals); customers L2, L3, L4, D9 (4); spend 900 + 300 = 1,200 ÷ 4
    assert (t["paid_search"]["count_won"], t["paid_search"]["count_new_customers"]) == (5, 4)
    assert t["paid_search"]["cac"] == 300


def test_counting_by_account_two_people_of_one_account_are_one_customer(cac_con):
    t = by_source(cac_con, Filters(count_by="account"))
    # paid: A2 (L2, L3: first win D3) and L4 (its own account): 2 customers; D9, without a lead or an account, is no
    # account's deal and not in an account view (README, counting by account); 1,200 ÷ 2
    assert t["paid_search"]["count_new_customers"] == 2
    assert t["paid_search"]["cac"] == 600


def test_a_repeat_win_in_activity_dates_is_no_new_customer(cac_con):
    february = Filters(mode="activity", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    t = by_source(cac_con, february)
    # February: D6 won (L4's second win; its first, D5, closed in January): 1 won deal, 0 new customers, no CAC
    assert (t["paid_search"]["count_won"], t["paid_search"]["count_new_customers"]) == (1, 0)
    assert t["paid_search"]["cac"] != t["paid_search"]["cac"]  # NaN: no new customer to divide by


def test_the_metrics_json_says_which_missing_conversions_are_still_in_window(empty_con, tmp_path, capsys):
    # the data's today is its last date, 2026-03-02 (L1's MQL). L2 and L3 (created 2026-03-01) have no MQL yet but
    # are a day old: inside the 180-day window, not dropped. L4 (created 2025-01-01, 425 days before) never became
    # one: dropped. MQL: 1 reached, 2 still in window, 1 dropped
    leads = (
        "lead_id,created_at,source,mql_at\n"
        "L1,2026-03-01,email,2026-03-02\nL2,2026-03-01,email,\nL3,2026-03-01,email,\nL4,2025-01-01,email,\n"
    )
    path = tmp_path / "leads.csv"
    path.write_text(leads, encoding="utf-8")
    db = tmp_path / "young.duckdb"
    con = store.connect(str(db))
    import_files(con, "leads", [path])
    con.close()
    assert main(["metrics", "--format", "json", "--db", str(db)]) == 0
    mql = json.loads(capsys.readouterr().out)["funnel"][1]
    assert (mql["stage"], mql["count"], mql["still_in_window"], mql["dropped"]) == ("mql", 1, 2, 1)


def test_activity_mode_s_json_gives_no_conversion_rate(cac_con):
    february = Filters(mode="activity", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    records = metrics.funnel_records(metrics.funnel(cac_con, february), activity=True)
    assert [r["pct_of_previous"] for r in records] == [None] * 5
    assert [r["pct_of_first"] for r in records] == [None] * 5
    cohort = metrics.funnel_records(metrics.funnel(cac_con, Filters()))
    # cohort mode, all dates: 4 leads, customers L1..L4 (4): 100 % of the first stage
    assert cohort[-1]["pct_of_first"] == 1.0


def test_times_a_summer_time_change_skips_or_repeats_are_said(empty_con, tmp_path):
    # Berlin's clocks went from 02:00 to 03:00 on 30 March 2025 (02:30 never happened) and from 03:00 back to 02:00
    # on 26 October 2025 (02:30 happened twice); 10:00 on 1 June and 01:30 on 26 October are plain summer times
    path = tmp_path / "tz.csv"
    path.write_text(
        "lead_id,created_at,source\n"
        "L1,2025-03-30 02:30 Europe/Berlin,email\n"
        "L2,2025-10-26 02:30 Europe/Berlin,email\n"
        "L3,2025-06-01 10:00 Europe/Berlin,email\n"
        "L4,2025-10-26 01:30 Europe/Berlin,email\n",
        encoding="utf-8",
    )
    report = import_files(empty_con, "leads", [path])
    note = next(said for name, column, said in report.formats if (name, column) == ("tz.csv", "created_at"))
    assert (
        "1 time in the hour the clocks skip when summer time starts (such as '2025-03-30 02:30 Europe/Berlin')" in note
    )
    assert "1 time in the hour shown twice when summer time ends (such as '2025-10-26 02:30 Europe/Berlin')" in note
    got = dict(empty_con.execute("select lead_id, strftime(created_at, '%Y-%m-%d %H:%M') from leads").fetchall())
    # in UTC: 02:30 CET (as read: the hour after, 03:30 CEST) = 01:30; 02:30 CET (the second) = 01:30;
    # 10:00 CEST = 08:00; 01:30 CEST = 23:30 the day before
    assert got == {
        "L1": "2025-03-30 01:30",
        "L2": "2025-10-26 01:30",
        "L3": "2025-06-01 08:00",
        "L4": "2025-10-25 23:30",
    }


def load(con, tmp_path, **texts):
    for kind, text in texts.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        import_files(con, kind, [path])


def test_an_undated_first_win_leaves_the_dated_one_in_the_range_a_new_customer(empty_con, tmp_path):
    # a reviewer's find: L5's won deal D5a has no close date, so activity mode cannot place it in January, and its
    # dated win D5b (closed 20 Jan) was taken for a repeat: January's new customers L1 (D1) and L5 (D5b) = 2,
    # spend 1,200 ÷ 2 = 600 (the funnel counts 2 customers too)
    load(
        empty_con,
        tmp_path,
        leads="lead_id,created_at,source\nL1,2026-01-05,paid_search\nL5,2026-01-05,paid_search\n",
        deals="deal_id,lead_id,created_at,status,closed_at,amount\n"
        "D1,L1,2026-01-06,won,2026-01-20,100\nD5a,L5,2026-01-06,won,,100\nD5b,L5,2026-01-07,won,2026-01-20,100\n",
        spend="month,source,amount\n2026-01-01,paid_search,1200\n",
    )
    january = Filters(mode="activity", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    paid = by_source(empty_con, january)["paid_search"]
    assert (paid["count_won"], paid["count_new_customers"], paid["cac"]) == (2, 2, 600)


def test_a_win_without_a_close_date_is_not_blamed_on_an_owner(empty_con, tmp_path):
    # one lead, one owner everywhere, no owner filter: L1's only win D4 has no close date, so activity mode's
    # January has the customer (its win dated by creation) and no won deal. It is no deal owner's doing
    load(
        empty_con,
        tmp_path,
        leads="lead_id,created_at,source,owner\nL1,2026-01-05,email,ann\n",
        deals="deal_id,lead_id,created_at,status,closed_at,amount,owner\nD4,L1,2026-01-06,won,,100,ann\n",
    )
    january = Filters(mode="activity", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    both = metrics.customers_and_wins(empty_con, january)
    assert (both.customers, both.won, both.customers_without_win, both.customers_won_elsewhere) == (1, 0, 1, 0)
    assert (
        "no won deal in this view (their exported lifecycle stage says customer, or their win has no close date)"
        in (both.sentence(january))
    )


def test_activity_mode_s_json_gives_no_window_counts(cac_con):
    february = Filters(mode="activity", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    records = metrics.funnel_records(metrics.funnel(cac_con, february), activity=True)
    assert [(r["still_in_window"], r["dropped"]) for r in records] == [(None, None)] * 5
