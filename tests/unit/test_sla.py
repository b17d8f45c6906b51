"""The SLA: compliance, percentiles, bands, never contacted, business hours, marketing pace — by hand."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import charts, config, metrics, sla, store
from dashboard.filters import Filters

T = datetime

# SQLs (clock at sql_at), with first contact after: 3, 10, 30, 90 minutes; S5 never contacted (old);
# S6 handed over one hour before the data's today (2025-03-10 12:00) and not contacted yet.
# lead_id, created_at, source, persona, segment, owner, lifecycle, mql_at, sql_at, first_contact_at
SLA_LEADS = [
    ("S1", T(2025, 3, 3, 9), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 3, 3, 10), T(2025, 3, 3, 10, 3)),
    ("S2", T(2025, 3, 3, 9), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 3, 3, 10), T(2025, 3, 3, 10, 10)),
    ("S3", T(2025, 3, 3, 9), "paid_search", "CMO", "SMB", "Bob", "sql", None, T(2025, 3, 3, 10), T(2025, 3, 3, 10, 30)),
    ("S4", T(2025, 3, 3, 9), "paid_search", "CMO", "SMB", "Bob", "sql", None, T(2025, 3, 3, 10), T(2025, 3, 3, 11, 30)),
    ("S5", T(2025, 1, 6, 9), "paid_search", "CMO", "SMB", "Bob", "sql", None, T(2025, 1, 6, 10), None),
    ("S6", T(2025, 3, 10, 9), "email", "CFO", "SMB", "Ann", "sql", None, T(2025, 3, 10, 11), None),
    # a lead that never became SQL is not on the clock
    ("S7", T(2025, 3, 10, 12), "email", "CFO", "SMB", "Ann", "mql", T(2025, 3, 10, 12), None, None),
]
# S1 and S3 became customers (won 1000 and 3000), S4 an opportunity that was lost
SLA_DEALS = [
    ("E1", "S1", "Ann", T(2025, 3, 4), "won", T(2025, 3, 5), 1000.0, None),
    ("E3", "S3", "Bob", T(2025, 3, 4), "won", T(2025, 3, 6), 3000.0, None),
    ("E4", "S4", "Bob", T(2025, 3, 4), "lost", T(2025, 3, 6), 500.0, None),
]


@pytest.fixture
def sla_con():
    con, _ = built_copy(f"{__name__} sla_con", lambda db, _folder: load(db, SLA_LEADS, SLA_DEALS))
    yield con
    con.close()


def test_summary_around_the_clock(sla_con):
    s = sla.summary(sla_con, Filters(), sla.SlaSettings(minutes=60))
    # due: S1-S4 contacted, S5 never; S6 waited 60 min at the data's today: not due yet; S7 no clock
    assert (s.eligible, s.within_sla, s.never_contacted, s.waiting_now) == (5, 3, 1, 1)
    assert s.compliance == pytest.approx(3 / 5)
    assert s.breaches == 2  # S4 late, S5 never contacted
    # response minutes 3, 10, 30, 90: median 20, p95 = 30 + 0.85 * 60
    assert s.median_minutes == pytest.approx(20)
    assert s.p95_minutes == pytest.approx(81)


def test_an_open_deal_s_expected_close_date_does_not_move_the_data_s_today():
    # CRMs export an expected close date on every open deal, months ahead: were it the data's today (2025-12-31),
    # S6 would have waited 9 months and count as never contacted, and the summary would read 6 due, 3 within.
    # the data's today stays 2025-03-10 12:00 (S7's creation), so the numbers are those of
    # test_summary_around_the_clock; a won deal's close date is something that happened and does count
    con = store.connect(":memory:")
    load(con, SLA_LEADS, [*SLA_DEALS, ("E6", None, "Ann", T(2025, 3, 10, 11), "open", T(2025, 12, 31), 800.0, None)])
    assert store.scalar(con, "select as_of from data_as_of") == T(2025, 3, 10, 12)
    s = sla.summary(con, Filters(), sla.SlaSettings(minutes=60))
    assert (s.eligible, s.within_sla, s.never_contacted, s.waiting_now) == (5, 3, 1, 1)
    options = metrics.filter_options(con)
    assert (options.min_date, options.max_date) == (date(2025, 1, 6), date(2025, 3, 10))
    con.close()
    won_late = store.connect(":memory:")
    load(won_late, SLA_LEADS, [*SLA_DEALS, ("E6", None, "Ann", T(2025, 3, 10, 11), "won", T(2025, 3, 20), 800.0, None)])
    assert store.scalar(won_late, "select as_of from data_as_of") == T(2025, 3, 20)
    won_late.close()


def test_stricter_sla(sla_con):
    s = sla.summary(sla_con, Filters(), sla.SlaSettings(minutes=15))
    # within 15: S1, S2. S6 has waited 60 > 15 minutes: now due and overdue
    assert (s.eligible, s.within_sla) == (6, 2)


def test_bands_by_owner(sla_con):
    df = sla.by_group(sla_con, Filters(), sla.SlaSettings(), "owner").set_index("group_value")
    assert df.loc["Ann", ["count_band_1", "count_band_2", "count_band_3", "count_band_4"]].tolist() == [1, 1, 0, 0]
    assert df.loc["Bob", ["count_band_1", "count_band_2", "count_band_3", "count_band_4"]].tolist() == [0, 0, 1, 1]
    assert df.loc["Bob", "count_never"] == 1 and df.loc["Bob", "count_eligible"] == 3
    assert df.loc["Bob", "compliance"] == pytest.approx(1 / 3)
    assert df.loc["Ann", "count_waiting"] == 1


def test_band_shares_of_an_owner_with_a_lead_waiting_overdue_add_up_to_one(sla_con):
    # a 15-minute SLA: Ann's S1 (3 min) is in band 1, S2 (10 min) in band 2, S6 has waited 60 minutes
    # uncontacted: due and overdue, so her bar needs a third segment; Bob: S3, S4 in bands 3 and 4, S5 never
    df = sla.by_group(sla_con, Filters(), sla.SlaSettings(minutes=15), "owner").set_index("group_value")
    shares = ["share_band_1", "share_band_2", "share_band_3", "share_band_4", "share_never", "share_waiting_overdue"]
    assert df.loc["Ann", shares].tolist() == pytest.approx([1 / 3, 1 / 3, 0, 0, 0, 1 / 3])
    assert df.loc["Bob", shares].tolist() == pytest.approx([0, 0, 1 / 3, 1 / 3, 1 / 3, 0])
    figure = charts.sla_bands(df.reset_index())
    ann = {trace.name: trace.x[list(trace.y).index("Ann")] for trace in figure.data}
    assert ann["waiting, overdue"] == pytest.approx(1 / 3)
    assert sum(ann.values()) == pytest.approx(1)


def test_by_month(sla_con):
    df = sla.by_group(sla_con, Filters(), sla.SlaSettings(), "month")
    assert df["group_value"].tolist() == ["2025-01", "2025-03"]
    assert df["count_eligible"].tolist() == [1, 4]


def test_breach_list_and_waiting_list(sla_con):
    breaches = sla.lead_list(sla_con, Filters(), sla.SlaSettings())
    assert breaches["lead_id"].tolist() == ["S5", "S4"]  # longest wait first
    assert breaches["status"].tolist() == ["never_contacted", "late"]
    assert breaches.loc[1, "minutes_waited"] == 90
    assert breaches.loc[1, "due_at"] == T(2025, 3, 3, 11)
    waiting = sla.lead_list(sla_con, Filters(), sla.SlaSettings(), "waiting")
    assert waiting["lead_id"].tolist() == ["S6"] and waiting.loc[0, "minutes_waited"] == 60


def test_both_lists_from_one_computation_are_the_lists_one_by_one(sla_con):
    # the page's two lists at once: S5 (never contacted) and S4 (90 min late) breached, S6 waiting 60 min; with a
    # limit of one, each list keeps its longest wait
    lists = sla.lead_lists(sla_con, Filters(), sla.SlaSettings(), 10)
    assert lists["breached"]["lead_id"].tolist() == ["S5", "S4"]
    assert lists["waiting"]["lead_id"].tolist() == ["S6"]
    assert lists["breached"]["status"].tolist() == ["never_contacted", "late"]
    assert lists["waiting"]["minutes_waited"].tolist() == [60]
    one = sla.lead_lists(sla_con, Filters(), sla.SlaSettings(), 1)
    assert (one["breached"]["lead_id"].tolist(), one["waiting"]["lead_id"].tolist()) == (["S5"], ["S6"])


def test_speed_pays_and_revenue_at_stake(sla_con):
    # no conversion window: these leads are days old, and a window leaves leads younger than it out of the rates
    bands = sla.speed_pays(sla_con, Filters(window_days=0), sla.SlaSettings())
    assert bands["band"].tolist() == ["0–5 min", "5–15 min", "15–60 min", "60+ min", "never contacted"]
    assert bands["count_leads"].tolist() == [1, 1, 1, 1, 1]
    assert bands["count_won"].tolist() == [1, 0, 1, 0, 0]
    assert bands["count_opportunities"].tolist() == [1, 0, 1, 1, 0]
    # within: 2 won of 3; breached (60+, never): 0 of 2; 2 breaches x 2/3 x average won deal 2000
    assert sla.revenue_at_stake(bands) == pytest.approx(2 * (2 / 3) * 2000)


def test_leads_still_waiting_overdue_have_no_conversion_rate_yet(sla_con):
    # a 15-minute SLA: S6, handed over an hour before the data's today and not contacted, is overdue and still
    # waiting; it has had no time to convert, so its band shows no rate (not 0 %)
    # no conversion window, as above: with one, these days-old leads are all too young for a rate
    bands = sla.speed_pays(sla_con, Filters(window_days=0), sla.SlaSettings(minutes=15)).set_index("band")
    waiting = bands.loc["waiting, overdue"]
    assert waiting["count_leads"] == 1
    assert pd.isna(waiting["opportunity_rate"]) and pd.isna(waiting["won_rate"])
    assert bands.loc["0–5 min", "won_rate"] == 1.0


def test_speed_pays_counts_customers_as_the_funnel_does_within_the_window(sla_con):
    # #15: the bands counted every win (605 on the demo) where the funnel counts wins within the conversion
    # window (603). S1 (created 03-03 09:00) won 03-05, S3 won 03-06: 2 and 3 days after creation
    funnel = metrics.funnel(sla_con, Filters()).set_index("stage")["count_leads"]
    bands = sla.speed_pays(sla_con, Filters(), sla.SlaSettings())
    assert bands["count_won"].sum() == funnel["customer"] == 2
    assert sla.customers_note(bands, metrics.funnel(sla_con, Filters()), Filters()) == ""
    # a 2-day window (a stage counts when entered less than 2 days after creation) keeps S1 (won 1 day 15 h after
    # creation) and drops S3 (2 days 15 h), and S3's 3000 with it; the deals (opportunities) came after 15 h
    short = Filters(window_days=2)
    bands = sla.speed_pays(sla_con, short, sla.SlaSettings())
    assert bands["count_won"].tolist() == [1, 0, 0, 0, 0]
    assert bands["revenue"].tolist()[0] == 1000.0 and bands["revenue"][1:].isna().all()
    assert bands["count_opportunities"].tolist() == [1, 0, 1, 1, 0]
    assert metrics.funnel(sla_con, short).set_index("stage").at["customer", "count_leads"] == 1


def test_customers_never_due_for_contact_are_named_with_their_number():
    # S1 as in the SLA fixture (a customer contacted in 3 minutes) and W1, a customer with no SQL date: the funnel
    # counts both, the bands only S1 (W1's clock never started)
    con = store.connect(":memory:")
    leads = [SLA_LEADS[0], ("W1", T(2025, 3, 3, 9), "email", "CFO", "SMB", "Ann", None, None, None, None)]
    deals = [SLA_DEALS[0], ("W9", "W1", "Ann", T(2025, 3, 4), "won", T(2025, 3, 5), 500.0, None)]
    load(con, leads, deals)
    bands = sla.speed_pays(con, Filters(), sla.SlaSettings())
    funnel = metrics.funnel(con, Filters())
    assert bands["count_won"].sum() == 1
    assert sla.customers_note(bands, funnel, Filters()) == (
        "The Funnel page counts 2 customers; 1 of them never came due for a sales contact under these settings "
        "(no hand-over date, or handed over less than the SLA ago), so these bands show 1."
    )
    # activity mode, 5-31 March: the funnel counts S1 and W1, who won in those dates; no lead's clock started in
    # them (S1's started 3 March), so no band
    march = Filters(date_from=date(2025, 3, 5), date_to=date(2025, 3, 31), mode="activity")
    bands = sla.speed_pays(con, march, sla.SlaSettings())
    assert sla.customers_note(bands, metrics.funnel(con, march), march) == (
        "The Funnel page counts 2 customers: the leads that became customers in these dates. These bands count 0 "
        "customers among the leads handed over to sales in these dates, whenever they won."
    )
    con.close()


BUSINESS = sla.SlaSettings(minutes=60, business_hours=True, day_start=time(9), day_end=time(17))


def one_lead(sql_at, contact_at, as_of_lead=None):
    con = store.connect(":memory:")
    rows = [("B1", sql_at, "email", "CFO", "SMB", "Ann", "sql", None, sql_at, contact_at)]
    if as_of_lead:
        rows.append(("B2", as_of_lead, "email", "CFO", "SMB", "Ann", "lead", None, None, None))
    load(con, rows, [])
    return con


def test_business_hours_over_a_weekend():
    # Friday 2025-03-07 18:00 -> Monday 09:30: only Monday 09:00-09:30 counts
    con = one_lead(T(2025, 3, 7, 18), T(2025, 3, 10, 9, 30))
    s = sla.summary(con, Filters(), BUSINESS)
    assert (s.median_minutes, s.within_sla) == (30, 1)
    assert sla.summary(con, Filters(), sla.SlaSettings()).median_minutes == pytest.approx(63.5 * 60)


def test_business_hours_overnight_and_due_time():
    # Tuesday 16:30 -> Wednesday 10:00: 30 min Tuesday + 60 Wednesday = 90; due Wednesday 09:30
    con = one_lead(T(2025, 3, 4, 16, 30), T(2025, 3, 5, 10))
    s = sla.summary(con, Filters(), BUSINESS)
    assert (s.median_minutes, s.within_sla, s.eligible) == (90, 0, 1)
    breach = sla.lead_list(con, Filters(), BUSINESS)
    assert breach.loc[0, "due_at"] == T(2025, 3, 5, 9, 30)


def test_business_hours_skip_holidays():
    # Thursday 16:00 -> Monday 09:10 with Friday a holiday: 60 + 10 = 70 minutes
    con = one_lead(T(2025, 4, 17, 16), T(2025, 4, 21, 9, 10))
    holiday = sla.SlaSettings(business_hours=True, day_start=time(9), day_end=time(17), holidays=(date(2025, 4, 18),))
    assert sla.summary(con, Filters(), holiday).median_minutes == 70
    assert sla.summary(con, Filters(), BUSINESS).median_minutes == 60 + 8 * 60 + 10


def test_business_hours_in_another_timezone():
    # data in UTC, office in New York (UTC-5 in January): 13:30 UTC = 08:30 local, contact 14:45 UTC = 09:45
    con = one_lead(T(2025, 1, 14, 13, 30), T(2025, 1, 14, 14, 45))
    ny = sla.SlaSettings(business_hours=True, day_start=time(9), day_end=time(17), timezone="America/New_York")
    assert sla.summary(con, Filters(), ny).median_minutes == 45
    assert sla.summary(con, Filters(), BUSINESS).median_minutes == 75


def test_settings_validation():
    with pytest.raises(ValueError):
        sla.SlaSettings(minutes=0)
    with pytest.raises(ValueError):
        sla.SlaSettings(timezone="Mars/Olympus")
    with pytest.raises(ValueError):
        sla.SlaSettings(business_hours=True, day_start=time(17), day_end=time(9))
    assert "within 60 minutes" in sla.SlaSettings().describe()
    assert "09:00–17:00 (UTC) on Mon, Tue, Wed, Thu, Fri" in BUSINESS.describe()


def test_marketing_pace_on_a_two_month_commitment(sla_con):
    # 5,000 leads promised for Jan + Feb 2025; 2,000 delivered on 10 Jan, so 2,000 by 31 Jan
    days = pd.date_range("2025-01-01", "2025-02-28")
    delivery = pd.DataFrame({"day": days, "delivered": [2000 if d.day == 10 and d.month == 1 else 0 for d in days]})
    p = sla.pace(delivery, "leads", date(2025, 1, 1), date(2025, 2, 1), 5000, today=date(2025, 1, 31))
    # 31 of 59 days elapsed: expected 5000 * 31/59; projected 2000 * 59/31 = 3806 -> not on track
    assert p.expected_by_now == pytest.approx(5000 * 31 / 59)
    assert p.projected == pytest.approx(2000 * 59 / 31)
    assert p.on_track is False
    assert p.sentence("leads", date(2025, 2, 1)).startswith("**2,000** of the **5,000** leads promised by Feb 2025")
    assert "**behind**" in p.sentence("leads", date(2025, 2, 1))


def test_marketing_delivery_against_targets(sla_con):
    with store.transaction(sla_con):
        sla_con.execute("insert into targets values (date '2025-03-01', 'leads', 4, null, 'marketing')")
        sla_con.execute("insert into targets values (date '2025-03-01', 'mqls', 2, null, 'marketing')")
    df = sla.marketing_delivery(sla_con, Filters()).set_index(["month", "metric"])
    march = df.xs(__import__("pandas").Timestamp("2025-03-01"), level="month")
    # March: leads S1-S4, S6, S7 = 6 (promised 4); MQL entries S1-S4 (via SQL), S6, S7 = 6 (promised 2)
    assert march.loc["leads", "delivered"] == 6 and march.loc["leads", "attainment"] == pytest.approx(1.5)
    assert march.loc["mqls", "delivered"] == 6 and march.loc["mqls", "promised"] == 2


def test_speed_pays_never_contacted_band_is_the_summary_s_never_contacted(sla_con):
    # a 30-minute SLA: S6 has waited 60 minutes, so it is due and overdue but still inside the waiting
    # horizon — not "never contacted" (only S5 is), a band of its own
    settings = sla.SlaSettings(minutes=30)
    bands = sla.speed_pays(sla_con, Filters(), settings).set_index("band")
    assert bands.loc["never contacted", "count_leads"] == 1
    # named as the waiting table and the bands chart name them (#15: three names for the same leads)
    assert bands.loc["waiting, overdue", "count_leads"] == 1
    assert sla.summary(sla_con, Filters(), settings).never_contacted == 1


def test_pace_over_the_promise_says_ahead_never_more_of_fewer():
    # the case: 2,037 delivered of 1,972 promised with the whole period gone
    days = pd.date_range("2026-10-01", "2026-10-31")
    daily = pd.DataFrame({"day": days, "delivered": [2037] + [0] * 30})
    p = sla.pace(daily, "leads", date(2026, 10, 1), date(2026, 10, 1), 1972, today=date(2026, 11, 30))
    assert p.elapsed_share == 1
    assert p.sentence("leads", date(2026, 10, 1)) == (
        "**Ahead:** **2,037** leads delivered, 65 more than the 1,972 promised by Oct 2026, "
        "with 100.0% of the period gone."
    )
    short = sla.pace(daily, "leads", date(2026, 10, 1), date(2026, 10, 1), 3000, today=date(2026, 11, 30))
    assert short.sentence("leads", date(2026, 10, 1)).startswith("**Missed:** **2,037** of the 3,000 leads")
    assert "963 short" in short.sentence("leads", date(2026, 10, 1))


def test_daily_pace_of_a_commitment(sla_con):
    # March 2025 (one-month commitment): leads created S1-S4 on 03-03, S6 and S7 on 03-10; the data's today
    # is 03-10 12:00 (S7's creation), so the cumulative line stops on 03-10
    daily = sla.daily_delivery(sla_con, Filters(), "leads", date(2025, 3, 1), date(2025, 3, 1))
    assert len(daily) == 31 and daily["delivered"].sum() == 6
    assert daily.set_index("day").loc["2025-03-03", "delivered"] == 4
    curve = sla.pace_curve(daily, 62, today=date(2025, 3, 10)).set_index("day")
    assert curve.loc["2025-03-02", "cumulative"] == 0 and curve.loc["2025-03-10", "cumulative"] == 6
    assert curve["cumulative"].loc["2025-03-11":].isna().all()
    # the straight line reaches the promise on the last day: 62 * 3 / 31 = 6 on 03-03
    assert curve.loc["2025-03-03", "plan"] == 6 and curve.loc["2025-03-31", "plan"] == 62
    # MQL entries: S1-S4 via their SQL dates on 03-03, S6 on 03-10, S7 on 03-10
    mqls = sla.daily_delivery(sla_con, Filters(), "mqls", date(2025, 3, 1), date(2025, 3, 1))
    assert mqls["delivered"].sum() == 6


def test_default_commitment_is_the_configured_months_ending_with_the_data_s_last_month():
    months = [date(2026, m, 1) for m in range(1, 13)]
    assert config.SLA_COMMITMENT_MONTHS == 3
    assert sla.default_commitment(months, date(2026, 12, 2)) == (date(2026, 10, 1), date(2026, 12, 1))
    # fewer months offered than the commitment: the ones there are
    assert sla.default_commitment(months[:2], date(2026, 2, 20)) == (date(2026, 1, 1), date(2026, 2, 1))
    assert sla.default_commitment([], None) is None
