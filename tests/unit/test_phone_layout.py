"""Chart layouts that hold on a 390 px phone as on a 1440 px screen: labels inside the plot area, counts that
cannot run into each other, legends that do not cover the bars. Plotly lays a figure out in the browser, so
these check the figure's properties; tests/e2e/test_landing_browser.py measures the drawn text."""

from __future__ import annotations

import pandas as pd
from chart_fixtures import breakdown_frame, sla_bands_frame

from dashboard import charts, config


def hand_funnel(in_progress: tuple[int, ...] = (0, 1, 0, 0, 0)) -> pd.DataFrame:
    """10 leads → 5 MQLs (4 dropped, 1 still in window) → 4 SQLs (1 dropped) → 2 opportunities → 1 customer."""
    return pd.DataFrame(
        {
            "stage": list(config.STAGES),
            "label": [config.STAGE_LABELS[s] for s in config.STAGES],
            "team": [config.STAGE_OWNERS[s] for s in config.STAGES],
            "count_leads": [10, 5, 4, 2, 1],
            "count_dropped": [0, 5 - in_progress[1], 1, 2, 1],
            "count_in_progress": list(in_progress),
            "pct_of_previous": [float("nan"), 0.5, 0.8, 0.5, 0.5],
            "pct_of_first": [1.0, 0.5, 0.4, 0.2, 0.1],
        }
    )


def test_each_funnel_label_sits_above_its_own_bar_from_the_axis_on():
    fig = charts.funnel(hand_funnel())
    notes = fig.layout.annotations
    assert [n.text for n in notes] == [
        "<b>10</b>",
        "<b>5</b> · 50.0% of previous · 50.0% of leads",
        "<b>4</b> · 80.0% of previous · 40.0% of leads",
        "<b>2</b> · 50.0% of previous · 20.0% of leads",
        "<b>1</b> · 50.0% of previous · 10.0% of leads",
    ]
    # anchored at the plot's left edge (x = 0 on the leads axis), growing right: never past the right edge of a
    # plot wider than the label, whatever the bars' lengths (beside the bars it ran off a phone's screen)
    assert {(n.x, n.xref, n.xanchor) for n in notes} == {(0, "x", "left")}
    # the bars are 0.5 of a row thick (bargap 0.5): row i spans i ± 0.25 and its label's bottom edge is between
    # the bar's top (i - 0.25) and the bar above's bottom (i - 0.75), on the reversed category axis
    assert fig.layout.bargap == 0.5
    for i, n in enumerate(notes):
        assert n.yanchor == "bottom"
        assert i - 0.75 < n.y < i - 0.25
    # the axis runs from below the last row to above the first row's label: no label is outside the plot area
    bottom, top = fig.layout.yaxis.range
    assert bottom == 4.5 and top < notes[0].y - 0.25
    # the bars use the whole width: the widest row (10 leads) ends near the right edge, not at 1/1.6 of it
    assert fig.layout.xaxis.range[1] < 10 * 1.1


def test_the_hand_over_is_a_dashed_line_under_the_last_marketing_bar_named_in_the_legend():
    fig = charts.funnel(hand_funnel())
    (line,) = fig.layout.shapes
    # SQL (row 2) is sales' first stage; the line hangs from MQL's bar, which ends at 1.25, a few pixels under
    # it (pixels count upwards), so it keeps its place whatever the row height (the browser test measures it)
    assert line.line.dash == "dash" and line.y0 == line.y1
    assert (line.yanchor, line.ysizemode) == (1.25, "pixel") and -5 <= line.y0 < 0
    named = [t for t in fig.data if t.name == charts.HANDOVER_NAME]
    assert len(named) == 1 and named[0].line.dash == "dash"
    # no text on the line itself: on a phone it ran into SQL's label
    assert not any("hand-over" in (n.text or "").lower() for n in fig.layout.annotations)


def test_the_funnel_legend_is_under_the_figure_and_the_activity_funnel_has_no_drop_offs():
    cohort = charts.funnel(hand_funnel())
    assert [t.name for t in cohort.data] == ["Reached", "Dropped out", "Still in window", charts.HANDOVER_NAME]
    legend = cohort.layout.legend
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
    activity = charts.funnel(hand_funnel(), show_dropoff=False)
    assert [t.name for t in activity.data] == ["Reached", charts.HANDOVER_NAME]
    assert activity.layout.xaxis.range[1] < 10 * 1.1  # the reached bars alone: 10 leads is the widest


def test_compare_counts_stand_upright_above_their_bars_inside_the_figure():
    frame = hand_funnel()
    fig = charts.compare(frame, frame.assign(count_leads=[20, 9, 8, 3, 1]), "north_america", "emea")
    for bar in fig.data:
        # upright, each count is one line wide, narrower than its bar: two counts side by side cannot merge
        assert (bar.textposition, bar.textangle, bar.cliponaxis) == ("outside", -90, False)
    assert list(fig.data[1].text) == ["20", "9", "8", "3", "1"]
    # 100 % bars leave room above them for their counts; the ticks stop at 100 %
    axis = fig.layout.yaxis
    assert axis.range[1] > 1.2 and max(axis.tickvals) == 1
    assert fig.layout.uniformtext.minsize >= 10


def test_the_sla_bands_legend_is_under_the_bars_with_room_added():
    groups = sla_bands_frame(["Ann", "Bob"], [0.5, 0.0])
    fig = charts.sla_bands(groups)
    legend = fig.layout.legend
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
    # 2 rows: the 260 px floor, plus the legend's room
    assert fig.layout.height == 260 + charts.LEGEND_ROOM
    assert fig.layout.xaxis.range == (0, 1) and fig.layout.xaxis.tickvals == (0, 0.25, 0.5, 0.75, 1)
    # Plotly hides a tick label that would cross the figure's edge: half of "100%" fits in the right margin
    assert fig.layout.margin.r >= 20


def test_every_other_legend_is_at_the_top_of_the_figure_making_its_own_room():
    legend = charts.breakdown(breakdown_frame(["a", "b"])).layout.legend
    # in the figure's coordinates, so the top margin grows by the legend's height (rows of a wrapped legend
    # included); on the plot's coordinates (y = 1.12) a five-row legend covered the tallest bars on a phone
    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == ("h", "container", 1, "top")
