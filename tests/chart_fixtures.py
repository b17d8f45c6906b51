"""Small frames for every chart builder, and every builder that shows text from the data given one name."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, config

MONTHS = pd.to_datetime(["2025-01-01", "2025-02-01"])


def trend_frame(sources_: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"month": m, "source": s, "count_leads": i + 1, "rejection_rate": 0.5}
            for i, s in enumerate(sources_)
            for m in MONTHS
        ]
    )


def breakdown_frame(values: list[str]) -> pd.DataFrame:
    rows = []
    for rank, value in enumerate(values):
        for stage in config.STAGES:
            rows.append(
                {
                    "value": value,
                    "value_rank": rank,
                    "stage": stage,
                    "label": config.STAGE_LABELS[stage],
                    "pct_of_first": 0.5,
                    "count_leads": 2,
                }
            )
    return pd.DataFrame(rows)


def funnel_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"label": [config.STAGE_LABELS[s] for s in config.STAGES], "pct_of_first": [1, 0.5, 0.4, 0.2, 0.1]}
    ).assign(count_leads=[10, 5, 4, 2, 1])


SLA_BAND_COLUMNS = (
    "share_band_1",
    "share_band_2",
    "share_band_3",
    "share_band_4",
    "share_never",
    "share_waiting_overdue",
)


def sla_bands_frame(groups: list[str], share: list[float]) -> pd.DataFrame:
    """SLA groups with the same share of their leads in every band."""
    return pd.DataFrame({"group_value": groups, **dict.fromkeys(SLA_BAND_COLUMNS, share)})


def every_chart_with(name: str) -> dict[str, go.Figure]:
    """Each builder that shows text from the data, given `name` as a source, value, owner, reason and step."""
    other = "email"
    return {
        "breakdown": charts.breakdown(breakdown_frame([name, other])),
        "compare": charts.compare(funnel_frame(), funnel_frame(), name, other),
        "source_trend": charts.source_trend(trend_frame([name, other]), "count_leads", "Leads", highlight=name),
        "spend_vs_revenue": charts.spend_vs_revenue(
            pd.DataFrame({"source": [name, other], "spend": [5.0, 2.0], "attributed_revenue": [1.0, 3.0]}), "First"
        ),
        "attribution_compare": charts.attribution_compare(
            pd.DataFrame({"source": [name, other], **{m: [1.0, 2.0] for m in config.ATTRIBUTION_MODELS}})
        ),
        "reasons_heatmap": charts.reasons_heatmap(
            pd.DataFrame({"source": [name, other], "reason": [other, name], "count_lost": [1, 2]}), "count_lost", "lost"
        ),
        "sla_bands": charts.sla_bands(sla_bands_frame([name, other], [0.2, 0.2])),
        "lift": charts.lift(
            pd.DataFrame(
                {
                    "value": [name, other],
                    "rate_customer": [0.2, 0.1],
                    "high_customer": [0.3, 0.2],
                    "low_customer": [0.1, 0.05],
                    "lead": [10, 20],
                    "lift_customer": [1.5, 0.8],
                }
            ),
            0.15,
            "Customer",
        ),
        "time_to_convert_trend": charts.time_to_convert_trend(
            pd.DataFrame(
                {
                    "step": [name, name, other, other],
                    "month": [*MONTHS, *MONTHS],
                    "median_days": [1.0, 2.0, 1.5, 2.5],
                    "p90_days": [3.0, 4.0, 3.5, 4.5],
                    "count_converted": [5, 6, 7, 8],
                }
            )
        ),
    }
