"""Plotly figure builders: a DataFrame in, a Figure out; they never render."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import config


def monthly_entries(df: pd.DataFrame) -> go.Figure:
    """Lines of stage entries per month, one line per stage in funnel order."""
    fig = go.Figure()
    for i, stage in enumerate(config.STAGES):
        part = df[df["stage"] == stage]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part["count_entries"],
                mode="lines+markers",
                name=config.STAGE_LABELS[stage],
                line={"color": config.SERIES_COLOURS[i % len(config.SERIES_COLOURS)]},
                hovertemplate="%{x|%b %Y}: %{y:,} " + config.STAGE_LABELS[stage] + "<extra></extra>",
            )
        )
    fig.update_layout(
        yaxis_title="Entries per month",
        xaxis_title=None,
        legend={"orientation": "h", "y": 1.1},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hovermode="x unified",
    )
    return fig
