"""Plotly figure builders: a DataFrame in, a Figure out; they never render.

Plotly draws a subset of HTML in every text (names, ticks, legends, hovers: <a href>, <b>, <br>, <span style>),
so every text that comes from the data goes through plain() and shows as the characters it is; names reach
hover templates as %{fullData.name}, never pasted into the template, where "%{…}" would be read as a field.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import colours, config, periods
from dashboard.formatting import fmt_count, fmt_money, fmt_pct, label_code, label_value, money_symbol

# count axes with thousands separators, as every table and tile writes counts: 12,000, never Plotly's "12000"
COUNT_AXIS = {"tickformat": ","}
# a count axis up to this many shows whole numbers only (0.5 leads is no count)
SMALL_COUNT_TICKS = 5
MONTH_TICKS = "%b %Y"
PARTIAL_SHADE = "#9E9E9E"  # the grey band over a month the data or the date range cuts short
# legends in the figure's own coordinates ("container"): the margin grows by the legend's height, however many
# rows it wraps into on a phone; LEGEND_BELOW for charts whose top holds labels
LEGEND_ABOVE = {"orientation": "h", "yref": "container", "y": 1, "yanchor": "top"}
LEGEND_BELOW = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"}
LEGEND_ROOM = 60  # px added to a chart's height for LEGEND_BELOW: one row on a wide screen, three on a phone
# the funnel's rows, in rows of the category axis: a bar is 2 × FUNNEL_BAR_HALF thick, its label sits
# FUNNEL_LABEL_GAP above it, and FUNNEL_TOP_ROOM above the first row holds that row's label
FUNNEL_BAR_HALF = 0.25
FUNNEL_LABEL_GAP = 0.03
FUNNEL_TOP_ROOM = 0.35
# the hand-over line lies this many px under the last marketing bar, whatever the chart's height: placed in rows
# of the axis it moved with the row height and crossed the first sales row's label on a phone (rows of 39 px)
FUNNEL_HANDOVER_PX = 2
# the plot's height: rows of at least 50 px on a phone, where the legend below takes four lines, leave a gap
# between a bar and the next row's label (19 px high) for the hand-over line
FUNNEL_HEIGHT = 440
COMPARE_TOP = 1.3
COMPARE_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1]
QUARTERS = [0, 0.25, 0.5, 0.75, 1]
EDGE_TICK_ROOM = 24  # px
COUNT_TEXT_SIZE = 11  # px: the smallest count on a bar that reads on a phone
HANDOVER_NAME = "Hand-over: marketing ▲ / sales ▼"


def hover_money(axis: str) -> str:
    """A hover's exact amount of the x or y value, with the data's currency symbol ($3,602,760)."""
    return f"{money_symbol()}%{{{axis}:,.0f}}"


def money_axis() -> dict[str, str]:
    """A money axis in the compact house style (dashboard.formatting): the data's currency symbol, $126k, $1.2M."""
    return {"tickprefix": money_symbol(), "tickformat": "~s"}


def plain(text: object) -> str:
    """Data-derived text as Plotly shows it literally: <, > and & as entities, never markup."""
    return html.escape(str(text), quote=False)


def plains(values: Iterable[object]) -> list[str]:
    """plain() of each value, for axis categories and labels."""
    return [plain(v) for v in values]


def value_names(dimension: str, values: Iterable[object]) -> list[str]:
    """A dimension's values as a chart shows them: in words (formatting.label_value), then plain()."""
    return [plain(label_value(dimension, v)) for v in values]


def _partial_month_marks(months: pd.Series, through: date | None) -> tuple[list[dict], list[dict]]:
    """The band and the label ("to 2 Dec") over the month that `through` cuts short (periods.partial_month), when the
    chart shows that month; none otherwise. Written out, not add_vrect: its placement took 6 ms of a 24 ms chart."""
    start = periods.partial_month(through)
    if start is None or through is None or pd.Timestamp(start) not in set(pd.to_datetime(months)):
        return [], []
    half = pd.Timedelta(days=15)  # a month's point sits on its first day; the band covers its bar
    right = pd.Timestamp(start) + half
    band = {
        "type": "rect",
        "xref": "x",
        "yref": "y domain",
        "x0": pd.Timestamp(start) - half,
        "x1": right,
        "y0": 0,
        "y1": 1,
        "fillcolor": PARTIAL_SHADE,
        "opacity": 0.2,
        "line": {"width": 0},
    }
    # anchored at the band's right edge, the axis's end: centred, "to 29 Nov" ran 2 px off a phone's chart
    label = {
        "text": f"to {through.day} {periods.MONTH_NAMES[through.month - 1]}",
        "showarrow": False,
        "xref": "x",
        "yref": "y domain",
        "x": right,
        "y": 1,
        "xanchor": "right",
        "yanchor": "top",
    }
    return [band], [label]


def mark_partial_month(fig: go.Figure, months: pd.Series, through: date | None) -> go.Figure:
    """Shade the month that `through` cuts short and label it "to 2 Dec", when the chart shows it: the one way every
    month-by-month chart marks a month that is not whole."""
    bands, labels = _partial_month_marks(months, through)
    if bands:
        fig.update_layout(shapes=[*fig.layout.shapes, *bands], annotations=[*fig.layout.annotations, *labels])
    return fig


# up to this many months a month-by-month chart gets one tick per month; over more, one every 2, 3... months, so
# that no more ticks than this are drawn. Plotly's own spacing ticked every two weeks up to about half a year (trial
# 64: "Jul 2026, Aug 2026, Aug 2026, Sep 2026..." under five bars, August's bar read as July's); twelve ticks on the
# report's 700-pixel chart turned the labels aslant and Plotly hid the last month's, "Nov 2026", beside the edge
MONTH_TICKS_AT_MOST = 6


def _month_range(months: pd.Series) -> dict[str, object]:
    """A month-by-month chart's x axis: the data's months, half a month either side of the first and last point
    (Plotly's own range ran to a "Jan 2027" tick the data does not reach when it ends in Dec 2026), one "%b %Y"
    tick per month (per few months over MONTH_TICKS_AT_MOST), each once."""
    stamps = pd.to_datetime(pd.Series(months)).dropna()
    if stamps.empty:
        return {}
    half = pd.Timedelta(days=15)
    axis: dict[str, object] = {"range": [stamps.min() - half, stamps.max() + half], "tickformat": MONTH_TICKS}
    first, last = stamps.min().to_period("M"), stamps.max().to_period("M")
    span = (last - first).n + 1
    step = -(-span // MONTH_TICKS_AT_MOST)
    axis.update(tick0=first.to_timestamp(), dtick=f"M{step}")
    return axis


def month_axis(fig: go.Figure, months: pd.Series) -> go.Figure:
    """Span the x axis over the data's months (_month_range)."""
    axis = _month_range(months)
    if axis:
        fig.update_xaxes(**axis)
    return fig


def _base_layout() -> dict[str, Any]:
    # the small margins grow to fit the tick labels and titles (automargin), whatever template or size is used:
    # a fixed margin clips "Opportunity" to "ty" and "$1.2M" to "M"; the legend, at the top of the figure, pushes
    # the plot down by its own height (a legend placed on the plot's coordinates covered the tallest bars when
    # it wrapped into five rows on a phone)
    return {
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "legend": dict(LEGEND_ABOVE),
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
    }


def _month_chart(traces: list[dict[str, Any]], months: pd.Series, through: date | None, **layout: Any) -> go.Figure:
    """A month-by-month chart in one construction (each update_* call on a figure costs a millisecond or more, and
    the landing page draws two of these on every run): the base layout, the months' x axis (no title), the
    partial month marked; `layout` adds or extends the rest (yaxis settings merge into the base's)."""
    bands, labels = _partial_month_marks(months, through)
    spec = _base_layout()
    spec["xaxis"].update(_month_range(months))
    spec["yaxis"].update(layout.pop("yaxis", {}))
    spec.update(layout)
    if not any(_has_values(t.get("y")) for t in traces):
        # nothing but zeros: Plotly's axis ran from -1 to 1 ("$-500m" on a money axis); say it instead
        spec["yaxis"].update(range=[0, 1], showticklabels=False)
        labels = [*labels, {**EMPTY_NOTE, "text": "Nothing in these months for this view"}]
    if bands or labels:
        spec.update(shapes=bands, annotations=labels)
    return go.Figure(data=traces, layout=spec)


# an empty chart's note, in the middle of its plot
EMPTY_NOTE = {"x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False, "font": {"size": 14}}


def _has_values(values: Any) -> bool:
    """True when a trace's values hold a number other than 0."""
    if values is None:
        return False
    numbers = pd.to_numeric(pd.Series(values), errors="coerce")
    return bool((numbers.fillna(0) != 0).any())


def counted(values: Any, unit: str) -> list[str]:
    """Each count with its noun for a hover ("1 lead", "29 leads"): "%{x:,} leads" read "1 leads" (trial 65)."""
    return [fmt_count(int(v), unit.removesuffix("s"), unit) for v in values]


def monthly_entries(df: pd.DataFrame, through: date | None = None) -> go.Figure:
    """Lines of stage entries per month, one line per stage in funnel order, named by the frame's label column (the
    first stage is the unit counted); a partial last month shaded."""
    lines = []
    for i, stage in enumerate(config.STAGES):
        part = df[df["stage"] == stage]
        if part.empty:
            continue
        label = part["label"].iloc[0]
        lines.append(
            {
                "type": "scatter",
                "x": part["month"],
                "y": part["count_entries"],
                "mode": "lines+markers",
                "name": label,
                "line": {"color": config.SERIES_COLOURS[i % len(config.SERIES_COLOURS)]},
                "hovertemplate": "%{x|%b %Y}: %{y:,} " + label + "<extra></extra>",
            }
        )
    yaxis = {**COUNT_AXIS, "title": {"text": "Entries per month"}}
    return _month_chart(lines, df["month"], through, yaxis=yaxis, hovermode="x unified")


def _layout(fig: go.Figure, **kwargs: object) -> go.Figure:
    # _base_layout in one update (each update_* call costs a millisecond or more); a figure with more axes than the
    # first pair (a second y axis) has them all set by update_xaxes/update_yaxes
    fig.update_layout(_base_layout(), **kwargs)
    if any(f"{axis}2" in fig.layout for axis in ("xaxis", "yaxis")):
        fig.update_xaxes(automargin=True)
        fig.update_yaxes(automargin=True)
    return fig


def funnel_line(r: Any, unit: str = "leads", rates: bool = True) -> str:
    """A funnel row's label: the count (bold), its % of the previous stage and, after the first, % of the first
    stage's `unit` (leads or accounts); the count alone without `rates` (activity mode)."""
    parts = [f"<b>{r.count_leads:,}</b>"]
    if not rates:
        # activity mode's stages count different people's entries: 4 customers after 3 opportunities is no 133 %
        # conversion, and "% of previous" reads as one
        return parts[0]
    if r.pct_of_previous == r.pct_of_previous and r.pct_of_previous is not None:  # not NaN
        parts.append(f"{fmt_pct(r.pct_of_previous)} of previous")
    if r.stage != config.STAGES[0] and r.pct_of_first == r.pct_of_first and r.pct_of_first is not None:
        parts.append(f"{fmt_pct(r.pct_of_first)} of {unit}")
    return " · ".join(parts)


def funnel(
    df: pd.DataFrame, show_dropoff: bool = True, unit: str = "leads", rates: bool = True, no_window: bool = False
) -> go.Figure:
    """Horizontal funnel: reached (team colour) with count, % of previous and % of first (without `rates`: the
    count alone); drop-offs beside it (with `no_window`, no conversion window, those not there yet are "not
    converted yet", not "still in window").

    Each row's bars add up to the previous stage's count, so what leaked at each step is visible. Each row's
    label sits above its bars from the axis on: it fits any width the plot fits (beside the bars it ran off a
    phone's screen), and the bars use the whole width.
    """
    labels = df["label"].tolist()
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=df["count_leads"],
            orientation="h",
            name="Reached",
            marker_color=[config.TEAM_COLOURS[t] for t in df["team"]],
            customdata=df["stage"],
            hovertext=counted(df["count_leads"], unit),
            hovertemplate="%{y}: %{hovertext}<extra></extra>",
        )
    )
    if show_dropoff:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=df["count_dropped"],
                orientation="h",
                name="Dropped out",
                marker_color="#D9D9D9",
                customdata=df["stage"],
                hovertemplate="%{x:,} dropped out before %{y}<extra></extra>",
            )
        )
        if df["count_in_progress"].sum() > 0:
            fig.add_trace(
                go.Bar(
                    y=labels,
                    x=df["count_in_progress"],
                    orientation="h",
                    name=config.NO_WINDOW_IN_PROGRESS if no_window else "Still in window",
                    marker={"color": "#EFEFEF", "pattern": {"shape": "/", "fgcolor": "#BBBBBB"}},
                    customdata=df["stage"],
                    hovertemplate="%{x:,} not at %{y} yet, "
                    + ("still open" if no_window else "still inside the window")
                    + "<extra></extra>",
                )
            )
    handover = [i for i, t in enumerate(df["team"]) if t == "sales"]
    if handover and handover[0] > 0:
        # the line runs just under the last marketing bar, above the first sales row's label; the legend names
        # it (a label on the line collided with that row's label on a narrow screen). Pixels from the bar's bottom
        # edge (the axis is reversed: a larger value is lower, and a pixel offset counts upwards)
        fig.add_shape(
            type="line",
            xref="paper",
            x0=0,
            x1=1,
            yanchor=handover[0] - 1 + FUNNEL_BAR_HALF,
            ysizemode="pixel",
            y0=-FUNNEL_HANDOVER_PX,
            y1=-FUNNEL_HANDOVER_PX,
            line={"dash": "dash", "color": "#555555"},
        )
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=HANDOVER_NAME,
                line={"dash": "dash", "color": "#555555"},
                hoverinfo="skip",
            )
        )
    for i, r in enumerate(df.itertuples()):
        # category i spans i ± 0.5 (the axis is reversed: smaller is higher); the label's bottom edge sits just
        # above the bar
        fig.add_annotation(
            x=0,
            y=i - FUNNEL_BAR_HALF - FUNNEL_LABEL_GAP,
            xref="x",
            text=funnel_line(r, unit, rates),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 12},
        )
    row_ends = df["count_leads"] + (df["count_dropped"] + df["count_in_progress"] if show_dropoff else 0)
    widest = max(int(row_ends.max()), 1)
    # the first row's label needs room above it: the range starts above the first category's half row
    top = -0.5 - FUNNEL_TOP_ROOM
    fig.update_yaxes(categoryorder="array", categoryarray=labels, range=[len(labels) - 0.5, top])
    fig.update_xaxes(title=unit.capitalize(), range=[0, widest * 1.02], **COUNT_AXIS)
    _layout(
        fig,
        barmode="stack",
        bargap=1 - 2 * FUNNEL_BAR_HALF,
        height=FUNNEL_HEIGHT + LEGEND_ROOM,
        clickmode="event+select",
    )
    fig.update_layout(legend_traceorder="normal", legend=LEGEND_BELOW)
    return fig


def breakdown(
    df: pd.DataFrame, colour_map: Mapping[str, str] | None = None, dimension: str = "", unit: str = "leads"
) -> go.Figure:
    """Grouped bars: % of each value's `unit` (leads or accounts) reaching each stage, counts in the hover;
    colours from colour_map (keyed by stored value), names in words (the values of `dimension`)."""
    fig = go.Figure()
    values = df.drop_duplicates("value").sort_values("value_rank")["value"].tolist()
    shades = colours.pick(values, _with_other_grey(df, "value", colour_map))
    for value in values:
        part = df[(df["value"] == value) & (df["stage"] != config.STAGES[0])]
        fig.add_trace(
            go.Bar(
                x=part["label"],
                y=part["pct_of_first"],
                name=value_names(dimension, [value])[0],
                marker_color=shades[str(value)],
                hovertext=counted(part["count_leads"], unit),
                hovertemplate="%{fullData.name} · %{x}: %{hovertext} (%{y:.1%})<extra></extra>",
            )
        )
    fig.update_yaxes(title=f"% of the value's {unit}", tickformat=".0%")
    return _layout(fig, barmode="group", height=380)


def compare(
    first: pd.DataFrame,
    second: pd.DataFrame,
    first_name: str,
    second_name: str,
    colour_map: Mapping[str, str] | None = None,
    dimension: str = "",
    unit: str = "leads",
) -> go.Figure:
    """Two funnels side by side: % of leads reaching each stage, with counts as text; colours from colour_map,
    names in words (two values of `dimension`)."""
    fig = go.Figure()
    shades = colours.pick([first_name, second_name], colour_map)
    for df, name in ((first, first_name), (second, second_name)):
        fig.add_trace(
            go.Bar(
                x=df["label"],
                y=df["pct_of_first"],
                name=value_names(dimension, [name])[0],
                marker_color=shades[str(name)],
                text=[f"{c:,}" for c in df["count_leads"]],
                # upright above its bar: lying flat, two counts wider than their bars ran into one number on a
                # phone ("8,8997,168"); upright each is one line wide; inside, a short bar cut it
                textposition="outside",
                textangle=-90,
                cliponaxis=False,
                hovertext=counted(df["count_leads"], unit),
                hovertemplate="%{fullData.name} · %{x}: %{hovertext} " + f"(%{{y:.1%}} of {unit})<extra></extra>",
            )
        )
    # room above 100 % for the counts over the first stage's bars; the ticks stop at 100 %
    fig.update_yaxes(title=f"% of {unit}", tickformat=".0%", range=[0, COMPARE_TOP], tickvals=COMPARE_TICKS)
    return _layout(fig, barmode="group", height=360, uniformtext={"minsize": COUNT_TEXT_SIZE, "mode": "show"})


def cohort_heatmap(df: pd.DataFrame, unit: str = "leads") -> go.Figure:
    """Monthly cohorts × stage: % of the cohort that reached it and how many (the count beside the %, and in the
    hover "23 of 29"); incomplete cohorts marked."""
    stages = [
        ("pct_mql", "count_mqls", "MQL"),
        ("pct_sql", "count_sqls", "SQL"),
        ("pct_opportunity", "count_opportunities", "Opportunity"),
        ("pct_customer", "count_customers", "Customer"),
    ]
    rows = [
        f"{m:%b %Y}{' (incomplete)' if inc else ''} · {n:,}"
        for m, inc, n in zip(df["cohort_month"], df["is_incomplete"], df["count_leads"], strict=True)
    ]
    z = df[[pct for pct, _, _ in stages]].to_numpy()
    counts = df[[count for _, count, _ in stages]].to_numpy()
    size = df["count_leads"].to_numpy()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[label for _, _, label in stages],
            y=rows,
            colorscale="Blues",
            zmin=0,
            text=[
                [f"{fmt_pct(v)} ({c:,})" for v, c in zip(row, crow, strict=True)]
                for row, crow in zip(z, counts, strict=True)
            ],
            customdata=[
                [f"{c:,} of {fmt_count(int(n), unit.removesuffix('s'), unit)}" for c in crow]
                for crow, n in zip(counts, size, strict=True)
            ],
            texttemplate="%{text}",
            hovertemplate="%{y}: %{customdata} (%{z:.1%}) reached %{x}<extra></extra>",
            colorbar={"tickformat": ".0%", "title": "% of cohort"},
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    return _layout(fig, height=max(300, 24 * len(rows) + 80))


def time_to_convert_trend(df: pd.DataFrame, unit: str = "leads", through: date | None = None) -> go.Figure:
    """Median days per step by the month its later stage was reached, one line per step; a month's median from
    fewer than config.TTC_TREND_MIN_CONVERSIONS conversions a hollow point off the line; a partial month shaded."""
    fig = go.Figure()
    hover = "%{fullData.name} %{x|%b %Y}: median %{y:.1f} d, p90 %{customdata[0]:.1f} d, %{hovertext}<extra></extra>"
    for i, step in enumerate(df.drop_duplicates("step")["step"]):
        part = df[df["step"] == step]
        colour = config.SERIES_COLOURS[i % len(config.SERIES_COLOURS)]
        few = part["count_converted"] < config.TTC_TREND_MIN_CONVERSIONS
        common = {
            "x": part["month"],
            "customdata": part[["p90_days", "count_converted"]],
            "hovertext": counted(part["count_converted"], unit),
            "hovertemplate": hover,
        }
        fig.add_trace(
            go.Scatter(
                y=part["median_days"].where(~few),
                mode="lines+markers",
                name=plain(step),
                legendgroup=f"step{i}",
                line={"color": colour},
                **common,
            )
        )
        if few.any():
            fig.add_trace(
                go.Scatter(
                    y=part["median_days"].where(few),
                    mode="markers",
                    name=f"{plain(step)} (fewer than {config.TTC_TREND_MIN_CONVERSIONS})",
                    legendgroup=f"step{i}",
                    showlegend=False,
                    marker={"color": colour, "symbol": "circle-open", "size": 9},
                    **common,
                )
            )
    fig.update_yaxes(title="Median days", **COUNT_AXIS)
    fig.update_xaxes(title="Month the later stage was reached")
    mark_partial_month(fig, df["month"], through)
    month_axis(fig, df["month"])
    return _layout(fig, height=340, hovermode="x unified")


def sla_bands(df: pd.DataFrame, dimension: str = "", business_hours: bool = False) -> go.Figure:
    """Stacked horizontal bars per group (values of `dimension` in words): share of due leads in each response band,
    never contacted and still waiting past their due time (the segments of a bar add up to 100 %); the bands in
    business minutes with `business_hours`."""
    unit = "business min" if business_hours else "min"
    bands = [
        # within the SLA without a response time: contacted before the clock started
        ("share_before_clock", "contacted before the clock", "#1F6F8B"),
        ("share_band_1", f"0–{config.SLA_BANDS[0]} {unit}", "#3B8B5A"),
        ("share_band_2", f"{config.SLA_BANDS[0]}–{config.SLA_BANDS[1]} {unit}", "#8CC084"),
        ("share_band_3", f"{config.SLA_BANDS[1]}–{config.SLA_BANDS[2]} {unit}", "#F2C14E"),
        ("share_band_4", f"{config.SLA_BANDS[2]}+ {unit}", "#F18F01"),
        ("share_never", "never contacted", "#C73E1D"),
        ("share_waiting_overdue", "waiting, overdue", "#7D7D7D"),
    ]
    fig = go.Figure()
    for column, name, colour in bands:
        if column == "share_before_clock" and not df.get(column, pd.Series(dtype=float)).fillna(0).any():
            continue  # a legend entry only where some lead was contacted before its clock started
        fig.add_trace(
            go.Bar(
                y=value_names(dimension, df["group_value"]),
                x=df[column],
                name=name,
                orientation="h",
                marker_color=colour,
                hovertemplate="%{y}: %{x:.1%} " + name + "<extra></extra>",
            )
        )
    fig.update_xaxes(tickformat=".0%", range=[0, 1], tickvals=QUARTERS, title="Share of leads due")
    fig.update_yaxes(autorange="reversed", type="category")
    # the six bands' legend wraps into rows on a phone: under the figure, with height added for it, not over
    # the bars
    _layout(fig, barmode="stack", height=max(260, 26 * len(df) + 100) + LEGEND_ROOM, legend_traceorder="normal")
    # Plotly hides a tick label that would cross the figure's edge: the right margin holds half of "100%"
    fig.update_layout(legend=LEGEND_BELOW, margin_r=EDGE_TICK_ROOM)
    return fig


def sla_trend(df: pd.DataFrame, target: float | None = None) -> go.Figure:
    """SLA compliance by period (week or month, as the table beside it writes them), over the leads due as bars on
    the right axis. The line sits on the overlaying axis, drawn above the bars (bars on the overlaying axis hid its
    points); the periods are categories, centred under their bar (a month read as a date sat half a month early)."""
    fig = go.Figure()
    periods = [str(v) for v in df["group_value"]]
    fig.add_trace(
        go.Bar(
            x=periods,
            y=df["count_eligible"],
            name="Leads due",
            marker_color="#D9D9D9",
            hovertemplate="%{x}: %{y:,} due<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=periods,
            y=df["compliance"],
            name="Compliance",
            mode="lines+markers",
            line={"color": config.SERIES_COLOURS[0]},
            yaxis="y2",
            hovertemplate="%{x}: %{y:.1%} within the SLA<extra></extra>",
        )
    )
    if target is not None:
        fig.add_hline(y=target, yref="y2", line_dash="dot", annotation_text=f"alert below {target:.0%}")
    most = float(df["count_eligible"].max()) if len(df) and df["count_eligible"].notna().any() else 0.0
    counts: dict[str, Any] = {
        "side": "right",
        "showgrid": False,
        "title": "Leads due",
        "rangemode": "tozero",
        # whole leads: Plotly's own ticks on a second axis read 21.2537729867
        "tickmode": "auto",
        **COUNT_AXIS,
    }
    if most <= SMALL_COUNT_TICKS:
        counts["dtick"] = 1
    fig.update_layout(
        xaxis={"type": "category"},
        yaxis=counts,
        yaxis2={
            "overlaying": "y",
            "side": "left",
            "tickformat": ".0%",
            "range": [0, 1.05],
            "tickvals": QUARTERS,
            "title": "Within the SLA",
        },
    )
    return _layout(fig, height=340)


def delivery(df: pd.DataFrame, label: str, through: date | None = None) -> go.Figure:
    """Delivered (bars) vs promised (line) per month for one metric; a partial last month shaded."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=df["month"],
            y=df["delivered"],
            name="Delivered",
            marker_color=config.TEAM_COLOURS["marketing"],
            hovertemplate="%{x|%b %Y}: %{y:,} delivered<extra></extra>",
        )
    )
    if df["promised"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=df["month"],
                y=df["promised"],
                name="Promised",
                mode="lines+markers",
                line={"color": "#333333", "dash": "dash"},
                hovertemplate="%{x|%b %Y}: %{y:,.0f} promised<extra></extra>",
            )
        )
    fig.update_yaxes(title=label, **COUNT_AXIS)
    month_axis(fig, df["month"])
    mark_partial_month(fig, df["month"], through)
    return _layout(fig, height=320)


def pace(cumulative: pd.DataFrame, promised: float) -> go.Figure:
    """Cumulative delivery per day inside a commitment (sla.pace_curve) against the straight line to the promise."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=cumulative["day"],
            y=cumulative["cumulative"],
            name="Delivered so far",
            mode="lines",
            line={"color": config.TEAM_COLOURS["marketing"]},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=cumulative["day"],
            y=cumulative["plan"],
            name="Straight line to the promise",
            mode="lines",
            line={"color": "#333333", "dash": "dash"},
        )
    )
    fig.add_hline(y=promised, line_dash="dot", annotation_text=f"promised {promised:,.0f}")
    fig.update_xaxes(type="date", tickformat="%d %b %Y")
    fig.update_yaxes(rangemode="tozero", **COUNT_AXIS)
    return _layout(fig, height=300)


def speed_pays(df: pd.DataFrame) -> go.Figure:
    """Opportunity and won rate per response band, with the number of leads in the hover."""
    fig = go.Figure()
    for column, name, colour in (
        ("opportunity_rate", "Became opportunity", config.SERIES_COLOURS[0]),
        ("won_rate", "Became customer", config.SERIES_COLOURS[2]),
    ):
        fig.add_trace(
            go.Bar(
                x=df["band"],
                y=df[column],
                name=name,
                marker_color=colour,
                customdata=df["count_leads"],
                hovertemplate="%{x}: %{y:.1%} of %{customdata:,} leads<extra></extra>",
            )
        )
    fig.update_yaxes(tickformat=".0%", title="Share of leads")
    fig.update_xaxes(title="Time to first contact")
    return _layout(fig, barmode="group", height=320)


def spend_vs_revenue(df: pd.DataFrame, model_label: str, colour_map: Mapping[str, str] | None = None) -> go.Figure:
    """One dot per source with spend: spend across, attributed revenue up, and the break-even line; dots in the
    sources' colours (keyed by the stored source), one legend entry each, named in words."""
    spent = df[df["spend"] > 0]
    shades = colours.pick(spent["source"], colour_map)
    fig = go.Figure()
    if not spent.empty:
        # the line spans the spend axis only: revenue far above spend must not squash the dots
        top = float(spent["spend"].max())
        fig.add_trace(
            go.Scatter(
                x=[0, top],
                y=[0, top],
                mode="lines",
                name="Break-even (revenue = spend)",
                line={"color": config.SERIES_COLOURS[-1], "dash": "dot"},
                hoverinfo="skip",
            )
        )
    # one trace per source: the legend names each colour; no labels on the dots, which overlapped each other
    # and were clipped at the plot's edge
    for row in spent.itertuples(index=False):
        name = value_names("source", [row.source])[0]
        # a campaign's dot names its source: google's and facebook's retargeting are two dots (trial 51)
        if isinstance(campaign_source := getattr(row, "campaign_source", None), str):
            name = f"{name} ({label_value('source', campaign_source)})"
        fig.add_trace(
            go.Scatter(
                x=[row.spend],
                y=[row.attributed_revenue],
                mode="markers",
                name=name,
                marker={"size": 12, "color": shades[str(row.source)]},
                hovertemplate="%{fullData.name}: "
                + hover_money("x")
                + " spent, "
                + hover_money("y")
                + " revenue<extra></extra>",
            )
        )
    fig.update_xaxes(**money_axis())
    fig.update_yaxes(**money_axis())
    return _layout(fig, xaxis_title="Spend", yaxis_title=f"Revenue ({model_label})", showlegend=True)


def attribution_compare(df: pd.DataFrame) -> go.Figure:
    """Revenue per source under every attribution model, side by side."""
    fig = go.Figure()
    for i, (model, label) in enumerate(config.ATTRIBUTION_MODELS.items()):
        fig.add_trace(
            go.Bar(
                x=value_names("source", df["source"]),
                y=df[model],
                name=label,
                marker_color=config.SERIES_COLOURS[i % len(config.SERIES_COLOURS)],
                hovertemplate="%{x}: " + hover_money("y") + " (" + label + ")<extra></extra>",
            )
        )
    fig.update_yaxes(**money_axis())
    _layout(fig, barmode="group", yaxis_title="Attributed revenue", xaxis_title=None)
    # six long model names above the plot covered the bars: below the whole figure, its margin made room for
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"})
    return fig


def reasons_heatmap(df: pd.DataFrame, count: str, what: str, dimension: str = "source") -> go.Figure:
    """Leads or deals by source (or the `dimension` whose values the frame's source column holds; rows, in words)
    and reason (columns, in words as the tables write them), the count in each cell."""
    grid = df.pivot_table(index="source", columns="reason", values=count, aggfunc="sum", fill_value=0)
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=plains(label_code(reason) for reason in grid.columns),
            y=value_names(dimension, grid.index),
            colorscale="Oranges",
            text=[[f"{v:,.0f}" for v in row] for row in grid.values],
            texttemplate="%{text}",
            hovertemplate="%{y}, %{x}: %{text} " + what + "<extra></extra>",
            colorbar={"title": what.capitalize(), **COUNT_AXIS},
        )
    )
    return _layout(fig, xaxis_title="Reason", yaxis_title=None)


def origin_series(df: pd.DataFrame, measure: str) -> list[tuple[str, str, str]]:
    """(column, name, colour) of the stacked parts of a measure by origin: marketing- and sales-sourced, and of
    unknown origin only when the frame has some (no empty legend entry where every deal's origin is known)."""
    series = [
        (f"{measure}_marketing", "Marketing-sourced", config.TEAM_COLOURS["marketing"]),
        (f"{measure}_sales", "Sales-sourced", config.TEAM_COLOURS["sales"]),
    ]
    unknown = f"{measure}_unknown"
    if unknown in df.columns and df[unknown].fillna(0).astype(float).any():
        series.append((unknown, "Origin unknown", config.UNKNOWN_ORIGIN_COLOUR))
    return series


def sourced_by_month(df: pd.DataFrame, through: date | None = None) -> go.Figure:
    """Pipeline created per month, marketing-sourced, sales-sourced and of unknown origin (stacked), with the
    influenced part as a line; a partial last month shaded."""
    fig = go.Figure()
    for column, name, colour in origin_series(df, "pipeline"):
        fig.add_trace(
            go.Bar(
                x=df["month"],
                y=df[column],
                name=name,
                marker_color=colour,
                hovertemplate="%{x|%b %Y}: " + hover_money("y") + " " + name.lower() + "<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=df["month"],
            y=df["pipeline_influenced"],
            name="Marketing-influenced",
            mode="lines+markers",
            line={"color": config.SERIES_COLOURS[2]},
            hovertemplate="%{x|%b %Y}: " + hover_money("y") + " influenced<extra></extra>",
        )
    )
    fig.update_yaxes(**money_axis())
    mark_partial_month(fig, df["month"], through)
    month_axis(fig, df["month"])
    return _layout(fig, barmode="stack", yaxis_title="Pipeline created", xaxis_title=None)


def trend_order(df: pd.DataFrame) -> list[str]:
    """The sources of a month-by-month frame, most leads first, the bucket of the rest (is_other) last: the legend's
    and the picker's order."""
    totals = df.groupby(df["source"].astype(str), sort=True)["count_leads"].sum()
    ranked = totals.sort_values(ascending=False, kind="stable").index.tolist()
    others = set(_other_values(df, "source"))
    return [s for s in ranked if s not in others] + [s for s in ranked if s in others]


def _other_values(df: pd.DataFrame, column: str) -> list[str]:
    """The names of the bucket rows (is_other) of a frame; a frame without the column has none."""
    if "is_other" not in df.columns:
        return []
    return df.loc[df["is_other"].astype(bool), column].astype(str).unique().tolist()


def _with_other_grey(df: pd.DataFrame, column: str, colour_map: Mapping[str, str] | None) -> dict[str, str]:
    """The colour map plus the Other colour for the bucket of the rest, whatever it is named."""
    return {**(colour_map or {}), **dict.fromkeys(_other_values(df, column), config.OTHER_COLOUR)}


def source_trend(
    df: pd.DataFrame,
    value: str,
    title: str,
    percent: bool = False,
    colour_map: Mapping[str, str] | None = None,
    highlight: str | None = None,
    through: date | None = None,
    empty_note: str = "",
) -> go.Figure:
    """One line per source over the months, of the given column; the highlighted source bold, the others faded;
    a partial last month shaded; with nothing but zeros, empty_note (when given) over an empty plot instead of a
    flat 0 on an axis from -100 % to 100 %."""
    fig = go.Figure()
    number = ":.1%" if percent else ":,"
    order = trend_order(df)
    shades = colours.pick(order, _with_other_grey(df, "source", colour_map))
    for source in order:
        part = df[df["source"].astype(str) == source]
        faded = highlight is not None and source != highlight
        bold = highlight is not None and source == highlight
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part[value],
                name=value_names("source", [source])[0],
                mode="lines+markers",
                line={"color": shades[source], "width": config.HIGHLIGHT_LINE_WIDTH if bold else None},
                opacity=config.FADED_OPACITY if faded else 1.0,
                hovertemplate="%{x|%b %Y}: %{y" + number + "} %{fullData.name}<extra></extra>",
            )
        )
    # a rate's axis starts at 0: nothing is rejected less than never
    fig.update_yaxes(tickformat=".0%" if percent else COUNT_AXIS["tickformat"], rangemode="tozero")
    mark_partial_month(fig, df["month"], through)
    month_axis(fig, df["month"])
    if empty_note and not any(_has_values(t.y) for t in fig.data):
        fig.update_yaxes(range=[0, 1], showticklabels=False)
        fig.add_annotation(**EMPTY_NOTE, text=empty_note)
    return _layout(fig, yaxis_title=title, xaxis_title=None)


def lift(
    df: pd.DataFrame,
    overall_rate: float | None,
    stage_label: str,
    dimension: str = "",
    unit: str = "leads",
    first_label: str = config.STAGE_LABELS["lead"],
) -> go.Figure:
    """Conversion per value of one trait (`dimension`, its values in words) with its 95 % interval, against the
    view's overall rate; the step from `first_label` (the unit counted: "Lead", "Account") to `stage_label`."""
    ordered = df.sort_values("rate_customer", ascending=False)
    fig = go.Figure(
        go.Bar(
            x=value_names(dimension, ordered["value"]),
            y=ordered["rate_customer"],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": ordered["high_customer"] - ordered["rate_customer"],
                "arrayminus": ordered["rate_customer"] - ordered["low_customer"],
            },
            marker_color=config.TEAM_COLOURS["sales"],
            customdata=ordered[["lead", "lift_customer"]],
            hovertemplate="%{x}: %{y:.1%} of %{customdata[0]:,} "
            + unit
            + " (lift %{customdata[1]:.1f}×)<extra></extra>",
            name=f"{first_label} → {stage_label}",
        )
    )
    if overall_rate is not None:
        # the average of the leads the analysis counts: in cohort mode only those older than the conversion
        # window (the sentence above the chart names them), so not "all leads" of the view
        fig.add_hline(y=overall_rate, line_dash="dot", annotation_text=f"average {fmt_pct(overall_rate)}")
    fig.update_yaxes(tickformat=".1%")
    return _layout(fig, yaxis_title=f"{first_label} → {stage_label}", xaxis_title=None, showlegend=False)


def alignment(df: pd.DataFrame, measure: str = "revenue", through: date | None = None) -> go.Figure:
    """Revenue won (or pipeline created) per month, marketing-sourced, sales-sourced and of unknown origin
    (stacked); revenue against target; a partial last month shaded."""
    title = "Revenue won" if measure == "revenue" else "Pipeline created"
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "x": df["month"],
            "y": df[column],
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": "%{x|%b %Y}: " + hover_money("y") + "<extra>" + name + "</extra>",
        }
        for column, name, colour in origin_series(df, measure)
    ]
    if measure == "revenue" and df["revenue_target"].notna().any():
        traces.append(
            {
                "type": "scatter",
                "x": df["month"],
                "y": df["revenue_target"],
                "name": "Revenue target",
                "mode": "lines+markers",
                "line": {"color": config.SERIES_COLOURS[3], "dash": "dash"},
                "hovertemplate": "%{x|%b %Y}: target " + hover_money("y") + "<extra></extra>",
            }
        )
    yaxis = {**money_axis(), "title": {"text": title}}
    return _month_chart(traces, df["month"], through, yaxis=yaxis, barmode="stack")


def coverage(remaining: float, open_pipeline: float, needed: float | None) -> go.Figure:
    """Still to win, the open pipeline, and the pipeline the win rate says it takes."""
    names = ["Still to win", "Open now (all deals)"] + (["Pipeline needed"] if needed is not None else [])
    values = [remaining, open_pipeline] + ([needed] if needed is not None else [])
    colours = [config.SERIES_COLOURS[-1], config.TEAM_COLOURS["sales"], config.SERIES_COLOURS[3]]
    bars = {
        "type": "bar",
        "x": values,
        "y": names,
        "orientation": "h",
        "marker": {"color": colours[: len(values)]},
        "text": [fmt_money(v) for v in values],
        "textposition": "auto",
        # level, always: plotly turned an amount on its side to fit it inside a short bar ("Still to win")
        "textangle": 0,
        "hovertemplate": "%{y}: " + hover_money("x") + "<extra></extra>",
    }
    # in one construction, as _month_chart (the landing page draws it on every run)
    spec = _base_layout()
    spec["xaxis"].update(money_axis())
    spec["yaxis"].update(autorange="reversed")
    spec.update(showlegend=False, height=260)
    return go.Figure(data=[bars], layout=spec)


def account_conversion(df: pd.DataFrame, group: str, group_title: str) -> go.Figure:
    """Accounts' conversion to opportunity and to customer per group (depth bucket, persona mix), 95 % intervals."""
    fig = go.Figure()
    # a group without accounts keeps its place on the axis, as a flat bar that says so (no rate is known)
    empty = df["count_accounts"] == 0
    for stage, colour in (("opportunity", config.SERIES_COLOURS[0]), ("customer", config.TEAM_COLOURS["sales"])):
        rate = df[f"to_{stage}"].fillna(0.0)
        fig.add_trace(
            go.Bar(
                x=plains(df[group]),
                y=rate,
                # said once per group, over its first bar
                text=["no account" if e and stage == "opportunity" else "" for e in empty],
                textposition="outside",
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": (df[f"to_{stage}_high"] - rate).mask(empty, 0.0),
                    "arrayminus": (rate - df[f"to_{stage}_low"]).mask(empty, 0.0),
                },
                marker_color=colour,
                customdata=df[["count_accounts"]],
                hovertemplate="%{x}: %{y:.1%} of %{customdata[0]:,} accounts<extra></extra>",
                name=f"Account → {config.STAGE_LABELS[stage]}",
            )
        )
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    # "1" and "2" would make Plotly read the axis as numbers and drop "3–4" and "5+"
    fig.update_xaxes(type="category")
    return _layout(fig, barmode="group", yaxis_title="Share of accounts", xaxis_title=group_title)
