"""Sources: which sources bring revenue and at what cost, under a named attribution model, and the closed loop."""

from functools import partial

import streamlit as st

from dashboard import charts, colours, config, metrics, sources, store, ui
from dashboard.formatting import fmt_money

st.set_page_config(page_title="Sources", page_icon="💰", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Sources, ROI and the closed loop", filters)

if ui.require_data():
    models = list(config.ATTRIBUTION_MODELS)
    model = ui.page_choice(
        st.selectbox,
        "Attribution model",
        models,
        "model",
        config.DEFAULT_ATTRIBUTION_MODEL,
        format_func=config.ATTRIBUTION_MODELS.get,
        help="How a won deal's revenue is shared among the sources that touched its lead before the "
        "opportunity. Deals without recorded touches credit their lead's original source under every model.",
    )
    by = ui.page_choice(
        st.radio,
        "Rows",
        list(config.SOURCE_GROUPINGS),
        "by",
        "source",
        format_func=lambda g: f"one per {config.SOURCE_GROUPINGS[g].lower()}",
        horizontal=True,
    )
    label = config.ATTRIBUTION_MODELS[model] if by == "source" else "original campaign"
    table = ui.compute(sources.source_table, filters, by)
    credited = ui.compute(sources.attribution, filters)
    view = sources.with_model(table, credited, model, by)
    # colours ranked over all the data, so that a source has the same colour on every page and under any filter
    shades = colours.colour_map(ui.compute(metrics.filter_options).values["source"])

    st.header(f"Revenue and cost per {config.SOURCE_GROUPINGS[by].lower()}")
    st.caption(
        f"Revenue credited by **{label}**. Counts follow the funnel's rules for this view; spend is the "
        "marketing spend recorded for the months the date range touches (other filters do not split it). "
        "CAC here is marketing spend ÷ won deals of the source."
    )
    if view.empty:
        st.info("No source has leads, deals or spend in this view. Widen the date range or clear a filter.", icon="🔍")
    else:
        for line in sources.callouts(view):
            st.markdown(f"- {line}")
        st.dataframe(
            sources.display_table(view),
            hide_index=True,
            width="stretch",
            column_config={
                "source": config.SOURCE_GROUPINGS[by],
                "count_leads": st.column_config.NumberColumn("Leads", format="localized"),
                "count_mqls": st.column_config.NumberColumn("MQLs", format="localized"),
                "count_sqls": st.column_config.NumberColumn("SQLs", format="localized"),
                "count_opportunities": st.column_config.NumberColumn("Opportunities", format="localized"),
                "count_won": st.column_config.NumberColumn("Won", format="localized"),
                "attributed_revenue": st.column_config.NumberColumn(f"Revenue ({label}), $", format="compact"),
                "open_pipeline": st.column_config.NumberColumn("Open pipeline, $", format="compact"),
                "spend": "Spend",
                "cost_per_lead": "Cost / lead",
                "cost_per_mql": "Cost / MQL",
                "cost_per_sql": "Cost / SQL",
                "cost_per_opportunity": "Cost / opportunity",
                "cac": "CAC",
                "roi": "ROI",
                "roas": "ROAS",
                "lead_to_mql": st.column_config.NumberColumn("Lead→MQL", format="percent"),
                "mql_to_sql": st.column_config.NumberColumn("MQL→SQL", format="percent"),
                "sql_to_opportunity": st.column_config.NumberColumn("SQL→Opp.", format="percent"),
            },
        )
        c1, c2 = st.columns(2)
        with c1:
            st.subheader("Spend against revenue")
            if (view["spend"] > 0).any():
                st.plotly_chart(
                    charts.spend_vs_revenue(view, label, shades if by == "source" else None), width="stretch"
                )
                st.caption("Above the dotted line a source earned more than it cost.")
            else:
                st.info("No spend is recorded for this view. Import a spend file (month, source, amount).", icon="💸")
        with c2:
            st.subheader("Every attribution model")
            if credited.empty:
                st.info("No won deal with an amount in this view.", icon="🔍")
            else:
                st.plotly_chart(charts.attribution_compare(credited), width="stretch")
                st.caption(
                    f"Total won revenue is {fmt_money(credited[models[0]].sum())} under every model; "
                    "the models only share it differently."
                )
        if not credited.empty:
            st.markdown("**Revenue per source under every model**")
            st.dataframe(
                sources.models_table(credited),
                hide_index=True,
                width="stretch",
                height="content",
                column_config={
                    "source": "Source",
                    **{
                        m: st.column_config.NumberColumn(name, format="compact")
                        for m, name in config.ATTRIBUTION_MODELS.items()
                    },
                },
            )

    st.header("Marketing-sourced and influenced")
    st.markdown(sources.sourced_definition(store.sales_sources(ui.db())))
    by_month = ui.compute(sources.sourced, filters)
    if by_month.empty:
        st.info("No deal in this view.", icon="🔍")
    else:
        ui.kpi_row(
            [
                ("Marketing-sourced pipeline", fmt_money(by_month["pipeline_marketing"].sum()), None),
                ("Sales-sourced pipeline", fmt_money(by_month["pipeline_sales"].sum()), None),
                ("Marketing-influenced pipeline", fmt_money(by_month["pipeline_influenced"].sum()), None),
            ]
        )
        ui.kpi_row(
            [
                ("Marketing-sourced revenue", fmt_money(by_month["revenue_marketing"].sum()), None),
                ("Sales-sourced revenue", fmt_money(by_month["revenue_sales"].sum()), None),
                ("Marketing-influenced revenue", fmt_money(by_month["revenue_influenced"].sum()), None),
            ]
        )
        st.plotly_chart(charts.sourced_by_month(by_month), width="stretch")

    trend = ui.compute(sources.source_trend, filters, config.TREND_TOP_N)
    if not trend.empty:
        st.header("Month by month")
        st.caption(f"The {config.TREND_TOP_N} sources with the most leads in this view; the rest as Other.")
        # the picker as wide as one chart, not across the page
        highlight = ui.page_choice(
            st.columns(2)[0].selectbox,
            "Highlight a source",
            ["", *charts.trend_order(trend)],
            "highlight",
            "",
            format_func=lambda s: s or "No highlight",
        )
        c1, c2 = st.columns(2)
        with c1:
            st.subheader("Leads per source")
            st.plotly_chart(
                charts.source_trend(
                    trend, "count_leads", "Leads created", colour_map=shades, highlight=highlight or None
                ),
                width="stretch",
            )
        with c2:
            st.subheader("Rejection rate per source")
            st.plotly_chart(
                charts.source_trend(
                    trend,
                    "rejection_rate",
                    "Rejected ÷ MQLs",
                    percent=True,
                    colour_map=shades,
                    highlight=highlight or None,
                ),
                width="stretch",
            )

    st.header("Closed loop: why sales rejects leads")
    rejected_by = ui.page_choice(
        st.radio,
        "Rejections by",
        list(config.REJECTION_GROUPINGS),
        "rej_by",
        "source",
        format_func=config.REJECTION_GROUPINGS.get,
        horizontal=True,
    )
    rejected = ui.compute(sources.rejections, filters, rejected_by)
    if rejected.empty:
        st.info(
            "No lead in this view was rejected by sales (no disqualified date). Rejections come from the "
            "leads export's `disqualified_at` and `disqualify_reason` columns.",
            icon="🔁",
        )
    else:
        st.plotly_chart(charts.reasons_heatmap(rejected, "count_rejected", "rejected"), width="stretch")
        st.dataframe(
            rejected,
            hide_index=True,
            width="stretch",
            column_config={
                "source": config.REJECTION_GROUPINGS[rejected_by],
                "reason": "Reason",
                "count_rejected": st.column_config.NumberColumn("Rejected", format="localized"),
                "count_mqls": st.column_config.NumberColumn("MQLs handed over", format="localized"),
                "rejection_rate": st.column_config.NumberColumn("Share of those MQLs", format="percent"),
            },
        )
        listed = ui.compute(sources.rejected_leads, filters, config.REJECTED_LIST_ROWS)
        st.subheader("Rejected leads")
        st.dataframe(listed, hide_index=True, width="stretch")
        st.download_button(
            "Download every rejected lead (CSV)",
            data=partial(sources.rejected_leads_csv, ui.db(), filters),
            file_name="rejected_leads.csv",
            mime="text/csv",
        )

    st.header("Closed loop: why deals are lost")
    lost = ui.compute(sources.lost_reasons, filters)
    if lost.empty:
        st.info("No deal in this view was lost.", icon="🔁")
    else:
        st.plotly_chart(charts.reasons_heatmap(lost, "count_lost", "lost"), width="stretch")
        st.dataframe(
            lost,
            hide_index=True,
            width="stretch",
            column_config={
                "source": "Source",
                "reason": "Reason",
                "count_lost": st.column_config.NumberColumn("Lost", format="localized"),
                "count_closed": st.column_config.NumberColumn("Closed deals of the source", format="localized"),
                "share_of_closed": st.column_config.NumberColumn("Share of closed deals", format="percent"),
            },
        )
