"""Chart builders: one fixed colour per dimension value, the top sources with a highlight, and names from the
data shown as text (Plotly draws <a href>, <b>, <br> and <span style> in any text it is given)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from app_helpers import strings_in
from chart_fixtures import MONTHS, breakdown_frame, every_chart_with, funnel_frame, trend_frame
from fixture_data import add_source_extras
from hypothesis import given
from hypothesis import strategies as st

from dashboard import charts, colours, config, periods, sources
from dashboard.filters import Filters

LINK = '<a href="http://evil.example">x</a>'
IMAGE = "<img src=x onerror=alert(1)>"
LINK_SHOWN = '&lt;a href="http://evil.example"&gt;x&lt;/a&gt;'
IMAGE_SHOWN = "&lt;img src=x onerror=alert(1)&gt;"
P = config.DIMENSION_PALETTE


def test_values_take_the_palette_in_rank_order_then_greys_with_other_and_none_fixed():
    ranked = [f"s{i}" for i in range(len(P) + 2)]
    shades = colours.colour_map(ranked)
    assert [shades[v] for v in ranked] == [*P, *config.BEYOND_PALETTE_GREYS[:2]]
    assert (shades[config.OTHER_LABEL], shades[config.NONE_LABEL]) == (config.OTHER_COLOUR, config.NONE_COLOUR)
    # "Other" in the ranking (a value literally called so) keeps the Other colour and takes no palette slot
    assert colours.colour_map(["a", config.OTHER_LABEL, "b"])["b"] == P[1]


def test_without_a_map_a_chart_still_never_gives_two_values_one_colour():
    assert colours.pick(["x", "y", config.OTHER_LABEL]) == {"x": P[0], "y": P[1], config.OTHER_LABEL: "#BBBBBB"}
    # a value the map lacks takes a colour no mapped value of the chart has
    assert colours.pick(["new", "b"], {"a": P[0], "b": P[1]}) == {"new": P[0], "b": P[1]}


names = st.text(min_size=1, max_size=12).filter(lambda v: v not in colours.FIXED)


@given(st.lists(names, unique=True, max_size=len(P) + len(config.BEYOND_PALETTE_GREYS)), st.data())
def test_a_value_has_one_colour_whatever_subset_a_view_shows(ranked, data):
    whole = colours.colour_map(ranked)
    assert len({whole[v] for v in ranked} | {config.OTHER_COLOUR, config.NONE_COLOUR}) == len(ranked) + 2
    shown = data.draw(st.lists(st.sampled_from(ranked), unique=True)) if ranked else []
    shown_with_other = [*shown, config.OTHER_LABEL]
    assert colours.pick(shown_with_other, whole) == {v: whole[v] for v in shown_with_other}


def test_a_source_has_the_same_colour_in_every_chart_whatever_the_view_shows():
    shades = colours.colour_map(["organic_search", "paid_search", "email", "events"])  # ranked over all data
    # the breakdown of a filtered view shows email and events only, the trend paid_search and events
    bars = charts.breakdown(breakdown_frame(["events", "email"]), shades)
    assert {t.name: t.marker.color for t in bars.data} == {"events": P[3], "email": P[2]}
    lines = charts.source_trend(
        trend_frame(["paid_search", "events", config.OTHER_LABEL]), "count_leads", "x", colour_map=shades
    )
    assert {t.name: t.line.color for t in lines.data} == {
        "Paid search": P[1],
        "Events": P[3],
        config.OTHER_LABEL: config.OTHER_COLOUR,
    }
    both = charts.compare(funnel_frame(), funnel_frame(), "events", "organic_search", shades)
    assert [t.marker.color for t in both.data] == [P[3], P[0]]
    spend = pd.DataFrame(
        {"source": ["email", "events", "webinar"], "spend": [5.0, 0.0, 2.0], "attributed_revenue": [1.0, 2.0, 3.0]}
    )
    line, *dots = charts.spend_vs_revenue(spend, "First touch", shades).data
    # events spent nothing (no dot); webinar is not in the ranking and takes a colour nobody else in the chart has;
    # each source is its own legend entry in its colour (not one "Source" entry for dots of many colours)
    assert line.name.startswith("Break-even")
    assert [(d.name, d.marker.color, d.showlegend) for d in dots] == [("Email", P[2], None), ("Webinar", P[0], None)]
    assert [(list(d.x), list(d.y)) for d in dots] == [([5.0], [1.0]), ([2.0], [3.0])]


def test_the_model_comparison_legend_sits_below_the_bars_not_over_them():
    frame = pd.DataFrame({"source": ["email"], **{model: [1.0] for model in config.ATTRIBUTION_MODELS}})
    legend = charts.attribution_compare(frame).layout.legend
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")


def test_the_highlighted_source_is_bold_and_the_others_fade():
    fig = charts.source_trend(trend_frame(["a", "b", config.OTHER_LABEL]), "count_leads", "Leads", highlight="b")
    styles = {t.name: (t.line.width, t.opacity) for t in fig.data}
    assert styles == {
        "A": (None, config.FADED_OPACITY),
        "B": (config.HIGHLIGHT_LINE_WIDTH, 1.0),
        config.OTHER_LABEL: (None, config.FADED_OPACITY),
    }
    plain = charts.source_trend(trend_frame(["a", "b"]), "count_leads", "Leads")
    assert {(t.line.width, t.opacity) for t in plain.data} == {(None, 1.0)}


def test_the_trend_keeps_the_top_sources_and_sums_the_rest_as_other(con):
    add_source_extras(con)
    t = sources.source_trend(con, Filters(), 2)
    got = {(str(r["month"])[:7], r["source"]): (r["count_leads"], r["count_mqls"]) for r in t.to_dict("records")}
    # email (L3 L4 L8) and paid_search (L1 L2 L7) have 3 leads each; organic_search (L5 L6, February) is Other
    # a line without leads in one of the data's months has zeros there (drawn as 0, not joined across)
    assert got == {
        ("2025-01", "email"): (1, 1),
        ("2025-01", "Other sources (1)"): (0, 0),
        ("2025-01", "paid_search"): (2, 2),
        ("2025-02", "email"): (1, 1),
        ("2025-02", "Other sources (1)"): (2, 2),
        ("2025-02", "paid_search"): (0, 0),
        ("2025-03", "email"): (1, 1),
        ("2025-03", "Other sources (1)"): (0, 0),
        ("2025-03", "paid_search"): (1, 0),
    }


@pytest.mark.parametrize(
    ("name", "shown"), [(LINK, LINK_SHOWN), (IMAGE, IMAGE_SHOWN), ("R&D <b>", "R&amp;D &lt;b&gt;")]
)
def test_names_from_the_data_reach_every_chart_escaped(name, shown):
    for chart, fig in every_chart_with(name).items():
        texts = strings_in(json.loads(fig.to_json()))
        assert shown in texts or any(shown in t for t in texts), chart
        assert not any(name in t for t in texts), chart
        # hover templates name the trace by reference (%{fullData.name}), so "%{…}" in a name is never a field
        assert not any(shown in (trace.hovertemplate or "") for trace in fig.data), chart


def test_reasons_are_words_on_the_heatmap_axis_as_in_the_tables():
    frame = pd.DataFrame(
        {
            "source": ["email", "email", "paid_search"],
            "reason": ["no_budget", "not_decision_maker", "no_budget"],
            "count_lost": [3, 1, 2],
        }
    )
    heatmap = charts.reasons_heatmap(frame, "count_lost", "lost").data[0]
    assert list(heatmap.x) == ["No budget", "Not decision maker"]
    assert [list(row) for row in heatmap.z] == [[3, 1], [2, 0]]  # email, then paid_search (no not_decision_maker)
    # the sources in words too; the same column holding personas (rejections by persona) as they are written
    assert list(heatmap.y) == ["Email", "Paid search"]
    personas = frame.assign(source=["it_director", "it_director", "CFO"])
    assert list(charts.reasons_heatmap(personas, "count_lost", "lost", "persona").data[0].y) == ["CFO", "it_director"]


def test_the_month_a_range_or_the_data_cuts_short_is_the_partial_one():
    # the earlier of the range's last day and the data's: 2 Dec 2026 cuts December; 30 Nov ends November
    assert periods.counted_through(None, date(2026, 12, 2)) == date(2026, 12, 2)
    assert periods.counted_through(date(2026, 11, 30), date(2026, 12, 2)) == date(2026, 11, 30)
    assert periods.counted_through(None, None) is None
    assert periods.partial_month(date(2026, 12, 2)) == date(2026, 12, 1)
    assert periods.partial_month(date(2026, 11, 30)) is None and periods.partial_month(date(2024, 2, 29)) is None
    assert periods.partial_month(date(2024, 2, 28)) == date(2024, 2, 1)  # a leap year's February has a 29th
    assert periods.partial_note(date(2026, 12, 2)).startswith("Dec 2026 is counted to 2 Dec only")
    assert periods.partial_note(date(2026, 11, 30)) is None


def test_every_month_by_month_chart_shades_the_partial_last_month():
    # MONTHS are Jan and Feb 2025; the data runs to 10 Feb: February is shaded and labelled, January not
    entries = pd.DataFrame(
        {"month": list(MONTHS), "stage": ["lead", "lead"], "label": ["Lead", "Lead"], "count_entries": [5, 1]}
    )
    sourced = pd.DataFrame(
        {"month": list(MONTHS)}
        | {c: [1.0, 0.5] for c in ("pipeline_marketing", "pipeline_sales", "pipeline_influenced")}
    )
    delivered = pd.DataFrame({"month": pd.to_datetime(list(MONTHS)), "delivered": [5, 1], "promised": [6.0, 6.0]})
    aligned = pd.DataFrame(
        {
            "month": list(MONTHS),
            "revenue_marketing": [1.0, 2.0],
            "revenue_sales": [0.0, 1.0],
            "revenue_target": [3.0, 3.0],
        }
    )
    built = {
        "alignment": lambda through: charts.alignment(aligned, "revenue", through),
        "delivery": lambda through: charts.delivery(delivered, "Leads", through),
        "monthly_entries": lambda through: charts.monthly_entries(entries, through),
        "sourced_by_month": lambda through: charts.sourced_by_month(sourced, through),
        "source_trend": lambda through: charts.source_trend(
            trend_frame(["a"]), "count_leads", "Leads", through=through
        ),
    }
    for chart, build in built.items():
        (band,) = build(date(2025, 2, 10)).layout.shapes
        centre = pd.Timestamp(band.x0) + (pd.Timestamp(band.x1) - pd.Timestamp(band.x0)) / 2
        assert centre == pd.Timestamp("2025-02-01"), chart
        assert [a.text for a in build(date(2025, 2, 10)).layout.annotations] == ["to 10 Feb"], chart
        assert not build(date(2025, 2, 28)).layout.shapes, chart  # February complete: nothing to mark
        assert not build(None).layout.shapes, chart
        assert not build(date(2025, 3, 10)).layout.shapes, chart  # the partial month is not on the chart


def test_the_legend_and_the_picker_list_the_sources_by_leads_with_other_last():
    frame = pd.DataFrame(
        {
            "month": [*MONTHS, *MONTHS, MONTHS[0]],
            "source": ["Other sources (3)", "Other sources (3)", "b", "b", "a"],
            "is_other": [True, True, False, False, False],
            "count_leads": [50, 50, 3, 4, 7],
        }
    )
    # the bucket has the most leads (100) but comes last, in grey; a and b tie at 7 and go by name
    assert charts.trend_order(frame) == ["a", "b", "Other sources (3)"]
    fig = charts.source_trend(frame, "count_leads", "Leads")
    # the legend in words, in the picker's order of stored values
    assert [t.name for t in fig.data] == ["A", "B", "Other sources (3)"]
    assert fig.data[2].line.color == config.OTHER_COLOUR


def test_a_source_the_data_calls_other_is_a_source_not_the_bucket():
    # #15: "Other" meant both the top-5 bucket and a source value; a value named so ranks as any other value
    frame = pd.DataFrame(
        {
            "month": [MONTHS[0], MONTHS[0], MONTHS[0]],
            "source": ["Other", "a", "Other sources (2)"],
            "is_other": [False, False, True],
            "count_leads": [9, 7, 1],
        }
    )
    assert charts.trend_order(frame) == ["Other", "a", "Other sources (2)"]


def test_the_coverage_amounts_stay_level_whatever_the_bar_length():
    # 5k still to win beside 900k open: the short bar's "$5k" was drawn on its side to fit inside it
    fig = charts.coverage(5_000, 900_000, 60_000)
    (bar,) = fig.data
    assert list(bar.text) == ["$5k", "$900k", "$60k"]
    assert bar.textangle == 0


def _entries() -> pd.DataFrame:
    return pd.DataFrame(
        {"month": list(MONTHS), "stage": ["lead", "lead"], "label": ["Lead", "Lead"], "count_entries": [12_000, 9]}
    )


def _funnel_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "stage": list(config.STAGES),
            "label": [config.STAGE_LABELS[s] for s in config.STAGES],
            "team": ["marketing", "marketing", "sales", "sales", "sales"],
            "count_leads": [12_000, 6_000, 3_000, 1_000, 500],
            "count_dropped": [0, 6_000, 3_000, 2_000, 500],
            "count_in_progress": [0, 0, 0, 0, 0],
            "pct_of_previous": [None, 0.5, 0.5, 0.33, 0.5],
            "pct_of_first": [1.0, 0.5, 0.25, 0.08, 0.04],
        }
    )


def _by_month(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({"month": list(MONTHS)} | {c: [1_500_000.0, 2_260_000.0] for c in columns})


def test_count_axes_have_thousands_separators_and_money_axes_the_money_style():
    # Plotly's own ticks read "12000" under a table that says 12,000
    day = pd.date_range("2025-01-01", periods=3)
    count_axes = {
        "monthly_entries": charts.monthly_entries(_entries()).layout.yaxis,
        "funnel": charts.funnel(_funnel_rows()).layout.xaxis,
        "time_to_convert_trend": every_chart_with("a")["time_to_convert_trend"].layout.yaxis,
        "sla_trend": charts.sla_trend(
            pd.DataFrame({"group_value": ["Jan 2025"], "count_eligible": [12_000], "compliance": [0.9]})
        ).layout.yaxis,
        "delivery": charts.delivery(
            pd.DataFrame({"month": list(MONTHS), "delivered": [12_000, 11_000], "promised": [12_500.0, None]}), "Leads"
        ).layout.yaxis,
        "pace": charts.pace(
            pd.DataFrame({"day": day, "cumulative": [1, 2, 3], "plan": [1.0, 2.0, 3.0]}), 3
        ).layout.yaxis,
        "source_trend": charts.source_trend(trend_frame(["a"]), "count_leads", "Leads").layout.yaxis,
        "reasons_heatmap": every_chart_with("a")["reasons_heatmap"].data[0].colorbar,
    }
    assert {name: axis.tickformat for name, axis in count_axes.items()} == dict.fromkeys(count_axes, ",")
    money_axes = {
        "spend_vs_revenue x": every_chart_with("a")["spend_vs_revenue"].layout.xaxis,
        "spend_vs_revenue y": every_chart_with("a")["spend_vs_revenue"].layout.yaxis,
        "attribution_compare": every_chart_with("a")["attribution_compare"].layout.yaxis,
        "sourced_by_month": charts.sourced_by_month(
            _by_month("pipeline_marketing", "pipeline_sales", "pipeline_influenced")
        ).layout.yaxis,
        "alignment": charts.alignment(_by_month("revenue_marketing", "revenue_sales", "revenue_target")).layout.yaxis,
        "coverage": charts.coverage(5_000, 900_000, 60_000).layout.xaxis,
    }
    assert {name: (a.tickprefix, a.tickformat) for name, a in money_axes.items()} == dict.fromkeys(
        money_axes, ("$", "~s")
    )


def test_a_heatmap_writes_its_counts_with_separators():
    frame = pd.DataFrame({"source": ["email"], "reason": ["no_budget"], "count_lost": [12_000]})
    (cells,) = charts.reasons_heatmap(frame, "count_lost", "lost").data
    assert [list(row) for row in cells.text] == [["12,000"]]


def test_month_by_month_charts_end_half_a_month_after_the_data_s_last_month():
    # MONTHS are Jan and Feb 2025: the axis runs from 17 Dec 2024 to 16 Feb 2025, no "Mar 2025" tick
    figures = {
        "monthly_entries": charts.monthly_entries(_entries()),
        "sourced_by_month": charts.sourced_by_month(
            _by_month("pipeline_marketing", "pipeline_sales", "pipeline_influenced")
        ),
        "alignment": charts.alignment(_by_month("revenue_marketing", "revenue_sales", "revenue_target")),
        "source_trend": charts.source_trend(trend_frame(["a"]), "count_leads", "Leads"),
        "time_to_convert_trend": every_chart_with("a")["time_to_convert_trend"],
        "delivery": charts.delivery(
            pd.DataFrame({"month": list(MONTHS), "delivered": [3, 4], "promised": [None, None]}), "Leads"
        ),
    }
    for name, fig in figures.items():
        assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [
            pd.Timestamp("2024-12-17"),
            pd.Timestamp("2025-02-16"),
        ], name
        assert fig.layout.xaxis.tickformat == "%b %Y", name


def test_a_short_month_by_month_axis_has_one_tick_per_month():
    # one month (September): Plotly's own ticks fell every two weeks and "%b %Y" wrote "Aug 2026" twice
    one = charts.month_axis(go.Figure(), pd.Series(pd.to_datetime(["2026-09-01"])))
    assert one.layout.xaxis.dtick == "M1"
    assert pd.Timestamp(one.layout.xaxis.tick0) == pd.Timestamp("2026-09-01")
    assert [pd.Timestamp(x) for x in one.layout.xaxis.range] == [pd.Timestamp("2026-08-17"), pd.Timestamp("2026-09-16")]
    # half a year: still a tick per month
    half = charts.month_axis(go.Figure(), pd.Series(pd.date_range("2025-12-01", periods=6, freq="MS")))
    assert half.layout.xaxis.dtick == "M1"
    # a year of months (the report's revenue chart): a tick every second month (12 / 6) from the first, level
    # labels that fit the report's width (twelve went aslant and the last was hidden)
    year = charts.month_axis(go.Figure(), pd.Series(pd.date_range("2025-12-01", periods=12, freq="MS")))
    assert (year.layout.xaxis.dtick, pd.Timestamp(year.layout.xaxis.tick0)) == ("M2", pd.Timestamp("2025-12-01"))
    # two years of months: a tick every fourth month (24 / 6)
    many = charts.month_axis(go.Figure(), pd.Series(pd.date_range("2025-01-01", periods=24, freq="MS")))
    assert (many.layout.xaxis.dtick, pd.Timestamp(many.layout.xaxis.tick0)) == ("M4", pd.Timestamp("2025-01-01"))


def test_a_month_chart_of_nothing_says_so_instead_of_a_minus_one_to_one_axis():
    months = pd.to_datetime(["2026-08-01", "2026-09-01"])
    frame = pd.DataFrame(
        {"month": list(months) * 2, "stage": ["lead"] * 2 + ["mql"] * 2, "label": ["Lead"] * 2 + ["MQL"] * 2}
    )
    empty = charts.monthly_entries(frame.assign(count_entries=0))
    assert empty.layout.yaxis.showticklabels is False and list(empty.layout.yaxis.range) == [0, 1]
    assert [a.text for a in empty.layout.annotations] == ["Nothing in these months for this view"]
    some = charts.monthly_entries(frame.assign(count_entries=[0, 3, 0, 1]))
    assert some.layout.yaxis.showticklabels is None and not some.layout.annotations
