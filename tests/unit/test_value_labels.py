"""Source, campaign, region and industry codes in words (formatting.label_value), in every chart, table and sentence
that shows them; the stored values, the filters and the colours keep the codes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from chart_fixtures import breakdown_frame, funnel_frame
from hypothesis import given
from hypothesis import strategies as st

from dashboard import changes, charts, colours, config, tables
from dashboard.filters import Filters
from dashboard.formatting import DASH, label_value


@pytest.mark.parametrize(
    ("dimension", "stored", "shown"),
    [
        ("region", "north_america", "North America"),
        ("region", "emea", "EMEA"),
        ("region", "apac", "APAC"),
        ("region", "latam", "LATAM"),
        ("industry", "financial_services", "Financial services"),
        ("industry", "retail", "Retail"),
        # the company's own spelling is kept: not a code
        ("region", "North America", "North America"),
        ("region", "Benelux (NL/BE)", "Benelux (NL/BE)"),
        ("region", config.OTHER_LABEL, config.OTHER_LABEL),
        ("region", None, DASH),
        # a source or campaign that is a code reads as words; the company's own spelling stays
        ("source", "paid_search", "Paid search"),
        ("source", "events", "Events"),
        ("source", "ai_referral", "AI referral"),
        ("source", "outbound_sdr", "Outbound SDR"),
        ("source", "Inside Sales", "Inside Sales"),
        ("source", "Website", "Website"),
        ("source", "Other sources (4)", "Other sources (4)"),
        ("source", config.NONE_LABEL, config.NONE_LABEL),
        ("campaign", "paid_search_2025_q3", "Paid search 2025 Q3"),
        ("source", None, DASH),
        # personas, segments and owners are people's and teams' names, as the data spells them
        ("persona", "it_director", "it_director"),
        ("segment", "smb", "smb"),
        ("owner", "ann", "ann"),
    ],
)
def test_a_value_is_shown_in_words_for_source_campaign_region_and_industry(dimension, stored, shown):
    assert label_value(dimension, stored) == shown


@given(st.from_regex(r"[a-z]{2,8}(_[a-z]{2,8}){1,3}", fullmatch=True))
def test_every_region_code_loses_its_underscores_and_starts_with_a_capital(code):
    shown = label_value("region", code)
    assert "_" not in shown and shown[0].isupper()
    assert shown.lower() == code.replace("_", " ") or shown in config.VALUE_LABELS.values()
    assert label_value("source", code) == shown
    assert label_value("persona", code) == code


def test_the_breakdown_and_compare_charts_name_values_in_words_and_colour_them_by_code():
    shades = colours.colour_map(["north_america", "emea"])
    bars = charts.breakdown(breakdown_frame(["north_america", "emea"]), shades, "region")
    assert [(t.name, t.marker.color) for t in bars.data] == [
        ("North America", config.DIMENSION_PALETTE[0]),
        ("EMEA", config.DIMENSION_PALETTE[1]),
    ]
    both = charts.compare(funnel_frame(), funnel_frame(), "emea", "north_america", shades, "region")
    assert [(t.name, t.marker.color) for t in both.data] == [
        ("EMEA", config.DIMENSION_PALETTE[1]),
        ("North America", config.DIMENSION_PALETTE[0]),
    ]
    # a source in words too; a persona as written
    assert [t.name for t in charts.breakdown(breakdown_frame(["paid_search"]), None, "source").data] == ["Paid search"]
    assert [t.name for t in charts.breakdown(breakdown_frame(["it_director"]), None, "persona").data] == ["it_director"]


def test_the_lift_chart_names_trait_values_in_words():
    frame = pd.DataFrame(
        {
            "value": ["latam", "financial_services"],
            "rate_customer": [0.2, 0.1],
            "low_customer": [0.1, 0.05],
            "high_customer": [0.3, 0.2],
            "lead": [40, 30],
            "lift_customer": [2.0, 1.0],
        }
    )
    assert list(charts.lift(frame, 0.1, "Customer", "industry").data[0].x) == ["LATAM", "Financial services"]
    assert list(charts.lift(frame, 0.1, "Customer", "persona").data[0].x) == ["latam", "financial_services"]
    # the dotted line is the analysis' average (in cohort mode of the leads older than the window), not "all leads"
    [line] = charts.lift(frame, 0.1, "Customer", "industry").layout.annotations
    assert line.text == "average 10.0%"


def test_tables_show_region_and_industry_columns_and_value_columns_in_words():
    leads = pd.DataFrame({"lead_id": ["L1", "L2"], "region": ["north_america", None], "industry": ["retail", "x_y"]})
    frame, _ = tables.display(leads)
    assert frame["Region"].tolist() == ["North America", DASH]
    assert frame["Industry"].tolist() == ["Retail", "X y"]
    parts = pd.DataFrame({"value": ["emea", config.OTHER_LABEL], "lead": [3, 1]})
    assert tables.label_values(parts, "region")["value"].tolist() == ["EMEA", config.OTHER_LABEL]
    assert tables.label_values(parts, "source")["value"].tolist() == ["EMEA", config.OTHER_LABEL]
    assert tables.label_values(parts, "persona")["value"].tolist() == ["emea", config.OTHER_LABEL]
    weeks = pd.DataFrame({"group_value": [pd.Timestamp("2025-01-06")]})
    assert tables.label_values(weeks, "week", "group_value").equals(weeks)  # not a dimension: kept as it is
    assert parts["value"].tolist() == ["emea", config.OTHER_LABEL]  # the stored frame is not changed


def test_the_view_caption_and_a_change_driver_name_regions_in_words():
    view = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), regions=("north_america", "apac"))
    # the filter (and the URL) keep the codes, in their order; the caption writes the words
    assert view.regions == ("apac", "north_america")
    assert view.caption() == "Jan 2025 · cohort mode (180-day window) · APAC, North America region"
    driver = changes.Driver(parts=(("source", "paid_social"), ("region", "latam")), delta=-5, share=0.8)
    assert driver.describe() == "region LATAM from Paid social"
