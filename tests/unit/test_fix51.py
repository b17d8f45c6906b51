"""Trial 51 (lead-source ROI with Google Ads / LinkedIn / Meta spend exports), the fixes:

1. The campaign view merged one campaign name of two sources (google's and facebook's `retargeting`) into one row,
   with both sources' leads and revenue set against facebook's spend alone: a campaign row is one source's now, and
   names it (page, CSV, `metrics` JSON).
2. A source with spend but no leads (bing: its name matches no lead's source) was "Worst return" at -100 %: it is
   left out of best and worst and said so, on the page and in the monthly report.
3. Money rounded halves to even ($132,500 "$132k" beside $3,500 "$4k"); "linkedin" was written "Linkedin"; a Google
   Ads report's `Day` column was offered as the spend file's source.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from db_copies import built_copy

from dashboard import charts, report, sources
from dashboard.filters import Filters
from dashboard.formatting import fmt_money, fmt_money_column, fmt_money_full, label_value
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping

OCTOBER = Filters(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))

# google's retargeting: leads 1, 2, 3 (1 won 1,000, 2 won 2,000); facebook's retargeting: lead 4 (won 5,000), lead 5;
# linkedin's abm: lead 6 (won 4,000)
LEADS = (
    "lead_id,created_at,source,campaign,lifecycle_stage\n"
    "1,2026-10-02,google,retargeting,customer\n"
    "2,2026-10-03,google,retargeting,customer\n"
    "3,2026-10-04,google,retargeting,lead\n"
    "4,2026-10-05,facebook,retargeting,customer\n"
    "5,2026-10-06,facebook,retargeting,lead\n"
    "6,2026-10-07,linkedin,abm,customer\n"
)
DEALS = (
    "deal_id,lead_id,created_at,closed_at,status,amount\n"
    "91,1,2026-10-10,2026-10-20,won,1000\n"
    "92,2,2026-10-10,2026-10-21,won,2000\n"
    "94,4,2026-10-10,2026-10-22,won,5000\n"
    "96,6,2026-10-10,2026-10-23,won,4000\n"
)
# facebook's retargeting 1,000; linkedin's abm 2,000; google has none; bing 500, whose name no lead has
SPEND = (
    "month,source,campaign,amount\n"
    "2026-10-01,facebook,retargeting,1000\n"
    "2026-10-01,linkedin,abm,2000\n"
    "2026-10-01,bing,bing brand,500\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(connection, folder):
    import_files(connection, "leads", [write(folder, "leads.csv", LEADS)])
    import_files(connection, "deals", [write(folder, "deals.csv", DEALS)])
    import_files(connection, "spend", [write(folder, "spend.csv", SPEND)])


@pytest.fixture
def con(tmp_path):
    # imported once, each test given a copy of the file
    connection, _ = built_copy("test_fix51", _import, tmp_path / "f51.duckdb")
    yield connection
    connection.close()


def campaigns(con):
    return sources.with_model(
        sources.source_table(con, OCTOBER, "campaign"), sources.attribution(con, OCTOBER), "first_touch", "campaign"
    )


def by_source(con):
    return sources.with_model(
        sources.source_table(con, OCTOBER), sources.attribution(con, OCTOBER), "first_touch", chosen=()
    )


def test_one_campaign_name_of_two_sources_is_two_rows_each_with_its_own_spend(con):
    table = campaigns(con)
    rows = {(r["source"], r["campaign_source"]): r for r in table.to_dict("records")}
    # by hand: facebook's retargeting: leads 4, 5 = 2; won 4 = 1, 5,000; spend 1,000; ROI (5,000 - 1,000) / 1,000
    # = 4.0; CAC 1,000 / 1 = 1,000; CPL 1,000 / 2 = 500. (merged: 5 leads, 3 won, 8,000, ROI +700 %)
    fb = rows[("retargeting", "facebook")]
    assert (fb["count_leads"], fb["count_won"], fb["revenue"], fb["spend"]) == (2, 1, 5000, 1000)
    assert (fb["roi"], fb["cac"], fb["cost_per_lead"]) == (pytest.approx(4.0), 1000, 500)
    # google's retargeting: leads 1, 2, 3 = 3; won 1, 2 = 2, 1,000 + 2,000 = 3,000; no spend recorded
    google = rows[("retargeting", "google")]
    assert (google["count_leads"], google["count_won"], google["revenue"]) == (3, 2, 3000)
    assert google["spend"] != google["spend"]  # NaN: no spend, no ROI
    # bing's spend matches no lead: a row of its own, named with its source
    assert rows[("bing brand", "bing")]["unmatched_spend"] == 500
    # 2 retargeting + abm + bing brand = 4 rows
    assert len(table) == 4
    # the source view does not move
    table = by_source(con)
    got = {r["source"]: (r["count_leads"], r["count_won"], r["revenue"], r["spend"]) for r in table.to_dict("records")}
    # by hand: google 3 leads, 2 won, 3,000, no spend; facebook 2, 1, 5,000, 1,000; linkedin 1, 1, 4,000, 2,000;
    # bing 0, 0, 0, 500
    assert got["facebook"] == (2, 1, 5000, 1000)
    assert got["linkedin"] == (1, 1, 4000, 2000)
    assert got["bing"] == (0, 0, 0, 500)
    assert got["google"][:3] == (3, 2, 3000)


def test_the_campaign_csv_and_json_name_the_source(con):
    lines = list(csv.DictReader(io.StringIO(sources.table_csv(campaigns(con), "campaign").decode())))
    # by hand: 4 rows, facebook's retargeting spent 1,000, google's none
    assert [(r["campaign"], r["source"], r["spend"]) for r in lines if r["campaign"] == "retargeting"] == [
        ("retargeting", "facebook", "1000.0"),
        ("retargeting", "google", ""),
    ]
    records = sources.campaign_records(con, OCTOBER)
    pairs = {(r["campaign"], r["source"]): r["leads"] for r in records}
    # by hand: facebook's 2 leads, google's 3, linkedin's abm 1, bing's 0
    assert pairs == {("retargeting", "facebook"): 2, ("retargeting", "google"): 3, ("abm", "linkedin"): 1,
                     ("bing brand", "bing"): 0}  # fmt: skip


def test_the_callouts_name_a_campaign_with_its_source(con):
    lines = sources.callouts(campaigns(con), OCTOBER)
    # by hand: ROI facebook's retargeting +400 %, linkedin's abm (4,000 - 2,000) / 2,000 = +100 %
    assert "Best return: **Retargeting (Facebook)**, $5k from $1k spent (ROI +400.0%)." in lines
    assert "Worst return: **ABM (LinkedIn)**, $4k from $2k spent (ROI +100.0%)." in lines
    # the most revenue: 5,000 of 3,000 + 5,000 + 4,000 = 12,000, 41.7 %
    assert "**Retargeting (Facebook)** brings the most revenue: $5k (41.7% of the $12k won in this view)." in lines


def test_a_source_with_spend_and_no_leads_is_no_worst_return_and_is_said(con):
    lines = sources.callouts(by_source(con), OCTOBER)
    # by hand: with spend: facebook +400 %, linkedin +100 %, bing -100 % (no lead): worst is linkedin's
    assert "Worst return: **LinkedIn**, $4k from $2k spent (ROI +100.0%)." in lines
    said = [line for line in lines if line.startswith("Spend with no leads")]
    assert len(said) == 1 and "Bing \\$500" in said[0]
    html = report.build_html(con, Filters(), "2026-10")
    assert "Spend with no leads or deals of its source (Bing $500)" in html


def test_money_rounds_halves_away_from_zero():
    # by hand: 132,500 at 3 significant digits is 133k (half away); 0.5 a whole $1; 2.5 a whole $3
    assert fmt_money(132_500) == "$133k"
    assert fmt_money(0.5) == "$1"
    assert fmt_money(-1_245_000) == "-$1.25M"  # 1.245 at 3 digits: 1.25 (to even: 1.24)
    assert fmt_money_full(2.5) == "$3"
    # a column in one style, whole thousands: 132.5 goes up as 3.5 would (it wrote $132k)
    assert fmt_money_column([132_500, 4_000]) == ["$133k", "$4k"]


def test_brand_names_are_spelled_as_the_brand_does():
    assert label_value("source", "linkedin") == "LinkedIn"
    assert label_value("source", "paid_linkedin") == "Paid LinkedIn"
    assert label_value("source", "youtube_ads") == "YouTube ads"


def test_a_date_column_is_not_offered_as_the_spend_source(empty_con, tmp_path):
    # Google Ads' campaign report: Day holds 3 dates over 4 rows and a footer's "--": a few repeated values, but
    # dates, so no source
    text = (
        "Campaign,Day,Cost\nBrand,2026-09-03,10.00\nBrand,2026-09-04,11.00\nGeneric,2026-09-03,12.00\n"
        "Generic,2026-09-05,13.00\nTotal: Campaigns,--,46.00\n"
    )
    path = write(tmp_path, "google.csv", text)
    toml = write(tmp_path, "m.toml", '[spend.columns]\nmonth = "Day"\ncampaign = "Campaign"\namount = "Cost"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [path], mapping=load_mapping(toml)["spend"])
    assert "source" in str(refused.value)
    assert "'Day'" not in str(refused.value)


def test_the_chart_names_a_campaign_dot_with_its_source():
    frame = pd.DataFrame(
        {
            "source": ["retargeting", "retargeting"],
            "campaign_source": ["facebook", "google"],
            "spend": [1000.0, 300.0],
            "attributed_revenue": [5000.0, 3000.0],
        }
    )
    # by hand: two dots after the break-even line, each named with its source
    names = [trace.name for trace in charts.spend_vs_revenue(frame, "original campaign").data[1:]]
    assert names == ["Retargeting (Facebook)", "Retargeting (Google)"]
