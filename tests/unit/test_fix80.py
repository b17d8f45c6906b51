"""Fix 80, counted by hand (tests/fix80_fixture.py): a young cohort's worst return is not judged while its open
deals could lift it; the Sources CSV writes money to the cent and the new customers CAC divides by; the campaign
view says its months without spend are checked per source."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
from fix80_fixture import load_fix80, load_fix80_autumn
from trial76_fixture import load_with_spend

from dashboard import sources, store
from dashboard.filters import Filters

NOV = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))


def _con(fill=load_fix80):
    con = store.connect(":memory:")
    fill(con)
    return con


def _rows(con, filters):
    table = sources.source_table(con, filters)
    return sources.with_model(table, sources.attribution(con, filters), "first_touch")


def _returns(lines):
    return [line for line in lines if line.startswith(("Best return", "Worst return"))]


def test_a_young_cohorts_worst_return_its_open_deals_could_lift_is_not_judged():
    con = _con()
    # November in cohort mode, 180-day window: its leads are 12-18 days old on the data's today (20 Nov)
    assert sources.young_cohort(con, NOV)
    lines = _returns(sources.callouts(_rows(con, NOV), NOV, young=True))
    assert lines == [
        # paid_search: 800 won (D1 600 + D3 200) from 1,000 spent: (800 - 1,000) / 1,000 = -20 %
        "Best return: **Paid search**, $800 from $1k spent (ROI -20.0%).",
        # paid_social: 0 from 400 (-100 %), D2's 800 open: (0 + 800 - 400) / 400 = +100 %, not below -20 %
        "Worst return: too early to say. **Paid social** has $0 from $400 spent so far (ROI -100.0%), but this "
        "view's leads are still in their 180-day conversion window and $800 of its deals are open: were they won, "
        "its ROI would be +100.0%, not below Paid search's -20.0%, so it is not judged yet.",
    ]
    con.close()


def test_a_return_that_is_final_is_still_called_the_worst():
    con = _con()
    # activity mode counts the deals won in the dates: a later win is December's, November's return is final
    activity = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30), mode="activity")
    assert not sources.young_cohort(con, activity)
    worst = "Worst return: **Paid social**, $0 from $400 spent (ROI -100.0%)."
    assert _returns(sources.callouts(_rows(con, activity), activity, young=False))[1] == worst
    # a 10-day window over 1-5 Nov: the last day's leads were 10 days old on 16 Nov, before the data's today (20 Nov)
    old = Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 5), window_days=10)
    assert not sources.young_cohort(con, old)
    # the same leads but B2 (6 Nov), the same deals and November's whole spend: the same returns, judged
    assert _returns(sources.callouts(_rows(con, old), old, young=False))[1] == worst
    # the view's last day decides (funnel_hits' is_young: created after the data's today less the window): a lead of
    # 9 Nov is 10 days old or more at 20 Nov, not young; one of 10 Nov may be younger than 10 days, young
    assert not sources.young_cohort(
        con, Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 9), window_days=10)
    )
    assert sources.young_cohort(con, Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 10), window_days=10))
    con.close()


def test_open_deals_too_small_to_lift_the_worst_leave_it_judged():
    # worst first: -100 % with 100 open on 400 spent: (0 + 100 - 400) / 400 = -75 %, still below the next's -20 %
    ranked = pd.DataFrame(
        {
            "source": ["paid_social", "paid_search"],
            "attributed_revenue": [0.0, 800.0],
            "open_pipeline": [100.0, 0.0],
            "spend": [400.0, 1000.0],
            "roi": [-1.0, -0.2],
        }
    )
    assert not sources.worst_too_early(ranked, young=True)
    # 300 open: (0 + 300 - 400) / 400 = -25 %, still below -20 %; 320 open: -20 %, not below it: not judged
    assert not sources.worst_too_early(ranked.assign(open_pipeline=[300.0, 0.0]), young=True)
    assert sources.worst_too_early(ranked.assign(open_pipeline=[320.0, 0.0]), young=True)
    # nothing open, or a cohort that is not young: judged
    assert not sources.worst_too_early(ranked.assign(open_pipeline=[0.0, 0.0]), young=True)
    assert not sources.worst_too_early(ranked.assign(open_pipeline=[800.0, 0.0]), young=False)


def _csv(con, filters, by="source"):
    table = sources.source_table(con, filters, by)
    rows = sources.with_model(table, sources.attribution(con, filters), "first_touch", by)
    return {r[by]: r for r in csv.DictReader(io.StringIO(sources.table_csv(rows, by).decode()))}


def test_the_csv_writes_money_to_the_cent_and_the_new_customers_beside_the_won_deals():
    con = _con(load_fix80_autumn)
    rows = _csv(con, Filters())
    search = rows["paid_search"]
    # 36,838.48 + 37,735.97 + 38,342.58 = 112,917.03, as the ad platform's total
    assert search["spend"] == "112917.03"
    # 3 leads: 112,917.03 / 3 = 37,639.01
    assert search["cost_per_lead"] == "37639.01"
    # 2 won (D1, D3), 1 new customer (D3 is A1's second win): CAC 112,917.03 / 1
    assert (search["count_won"], search["count_new_customers"], search["cac"]) == ("2", "1", "112917.03")
    assert (search["attributed_revenue"], search["open_pipeline"]) == ("800.0", "0.0")
    # ROI and ROAS are ratios, not money: (800 - 112,917.03) / 112,917.03 as computed
    assert abs(float(search["roi"]) - (800 - 112917.03) / 112917.03) < 1e-12
    # paid_social: no spend, 0 won, 0 new customers
    assert (rows["paid_social"]["spend"], rows["paid_social"]["count_new_customers"]) == ("", "0")
    header = next(csv.reader(io.StringIO(sources.table_csv(_rows(con, Filters())).decode())))
    # probe 93: the wins without an amount beside them, as the JSON has them, before the revenue they are not in
    assert header[:9] == [
        "source",
        "count_leads",
        "count_mqls",
        "count_sqls",
        "count_opportunities",
        "count_won",
        "count_new_customers",
        "count_won_without_amount",
        "attributed_revenue",
    ]
    con.close()


def test_the_table_shows_the_new_customers_cac_divides_by():
    con = _con()
    shown = sources.display_table(_rows(con, NOV)).set_index("source")
    # paid_search: 2 won, 1 new customer, CAC 1,000 / 1 = 1,000; paid_social: none
    assert shown.loc["paid_search", ["count_won", "count_new_customers", "cac"]].tolist() == [2, 1, 1000.0]
    assert shown.loc["paid_social", "count_new_customers"] == 0
    con.close()


def test_the_campaign_view_says_its_months_without_spend_are_checked_per_source():
    con = _con(load_with_spend)
    # trial 76's fixture: paid_search's December lead P3 has no December spend (1 of its 3 leads)
    rows = sources.unspent_months(con, Filters())
    note = sources.unspent_months_note(rows, by="campaign")
    assert note is not None
    assert note.startswith("Some leads were created in months with no spend loaded for their source (Paid search: 1 ")
    assert note.endswith(
        "Months without spend are checked per source, not per campaign: a campaign's own months without spend, "
        "while its source has spend, are not seen here."
    )
    # per source the note is as it was
    assert "per campaign" not in (sources.unspent_months_note(rows) or "")
    # the campaign view's caption says it when there is no warning too
    assert sources.roi_caption("campaign", "original campaign").endswith(
        "Months without spend are checked per source, not per campaign: a campaign's own months without spend, "
        "while its source has spend, are not seen here."
    )
    assert "per campaign" not in sources.roi_caption("source", "First touch")
    con.close()
