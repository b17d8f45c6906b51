"""Sources: which sources bring revenue and at what cost, under a named attribution model, and the closed loop."""

from functools import partial

import streamlit as st

from dashboard import charts, colours, config, metrics, overview, sources, store, ui
from dashboard.formatting import fmt_money, label_value, md_text

SECTIONS = {
    "roi": "Revenue and cost",
    "sourced": "Marketing-sourced",
    "trend": "Month by month",
    "rejected": "Why sales rejects leads",
    "lost": "Why deals are lost",
}
# the decision columns in the table that is always in view (it fits 1440 px; all nineteen columns did not and
# hid the costs off screen), the counts, conversions and costs per step in a second one, folded under it
# (the new customers beside CAC, which divides the spend by them: Won counts repeat wins too, trial 76)
DECISION_COLUMNS = (
    "source",
    "count_leads",
    "count_won",
    "attributed_revenue",
    "spend",
    "roi",
    "count_new_customers",
    "cac",
    "open_pipeline",
)
STEP_COLUMNS = (
    "source",
    "count_mqls",
    "count_sqls",
    "count_opportunities",
    "lead_to_mql",
    "mql_to_sql",
    "sql_to_opportunity",
    "cost_per_lead",
    "cost_per_mql",
    "cost_per_sql",
    "cost_per_opportunity",
    "roas",
)

st.set_page_config(page_title="Sources", page_icon="💰", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Sources, ROI and the closed loop", filters)
# what one counted row is called: "Leads", or "Accounts" counting by account
plural = filters.unit[1]

view = None
if ui.require_data():
    view = ui.analysis_choice(SECTIONS, "src_view")
    # colours ranked over all the data, so that a source has the same colour on every page and under any filter
    shades = colours.colour_map(ui.compute(metrics.filter_options).values["source"])

if view == "roi":
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
    rows = sources.with_model(table, credited, model, by, chosen=filters.sources)

    st.header(f"Revenue and cost per {config.SOURCE_GROUPINGS[by].lower()}")
    st.caption(sources.roi_caption(by, label))
    if filtered_note := sources.source_filter_note(filters, by):
        st.caption(filtered_note)
    ui.account_note(filters, "sources")
    ui.accountless_note(filters)
    if months_note := sources.spend_months_note(filters):
        st.warning(months_note, icon=":material/date_range:")
    unspent = ui.compute(sources.unspent_months, filters)
    if unspent_note := sources.unspent_months_note(unspent, unit=filters.count_by, by=by):
        st.warning(unspent_note, icon=":material/money_off:")
    if rows.empty:
        st.info(
            "No source has leads, deals or spend in this view. Widen the date range or clear a filter.",
            icon=":material/search:",
        )
    else:
        young = ui.compute(sources.young_cohort, filters)
        for line in sources.callouts(rows, filters, ui.compute(sources.loaded_source_labels), young):
            st.markdown(f"- {line}")
        if apart := overview.cohort_sources_sentence(filters):
            st.caption(md_text(apart))
        shown = sources.display_table(rows)
        names = {
            "source": config.SOURCE_GROUPINGS[by],
            "attributed_revenue": f"Revenue ({label})",
            **metrics.count_labels(filters),
        }
        # a campaign row names its source: google's and facebook's retargeting are two rows
        named = ["source", "campaign_source"] if by == "campaign" else ["source"]
        decisions = shown[[*named, *DECISION_COLUMNS[1:]]]
        ui.table(decisions, labels=names, pin_first=True)
        if by == "campaign":
            for line in sources.campaign_notes(rows):
                st.caption(line)
        if caveat := sources.revenue_caveat(rows):
            st.caption(caveat)
        if note := sources.open_pipeline_note(rows, ui.compute(metrics.open_pipeline_now, filters), filters):
            st.caption(note)
        # the Won column counts deals; the Funnel's Customer counts leads: the same sentence as on the Funnel page
        if won := ui.compute(metrics.customers_and_wins, filters).sentence(filters):
            st.caption(won)
        with st.expander(f"Each step per {config.SOURCE_GROUPINGS[by].lower()}: counts, conversion and cost"):
            ui.table(shown[[*named, *STEP_COLUMNS[1:]]], labels=names, pin_first=True)
        st.download_button(
            "Download the table with exact amounts (CSV)",
            data=sources.table_csv(rows, by),
            file_name=f"{by}s_{model}.csv",
            mime="text/csv",
        )
        c1, c2 = st.columns(2)
        with c1:
            st.subheader("Spend against revenue")
            if (rows["spend"] > 0).any():
                st.plotly_chart(
                    charts.spend_vs_revenue(rows, label, shades if by == "source" else None), width="stretch"
                )
                st.caption(f"Above the dotted line a {config.SOURCE_GROUPINGS[by].lower()} earned more than it cost.")
            else:
                st.info(sources.no_spend_message(filters), icon=":material/payments:")
        with c2:
            st.subheader("Every attribution model")
            if credited.empty:
                st.info("No won deal with an amount in this view.", icon=":material/search:")
            else:
                st.plotly_chart(charts.attribution_compare(credited), width="stretch")
                st.caption(
                    f"Total won revenue is {fmt_money(sources.shared_revenue(credited))} under every model; "
                    "the models only share it differently"
                    + (" (the rows shown are the chosen sources' share of it)." if filters.sources else ".")
                )
        if not credited.empty:
            st.markdown("**Revenue per source under every model**")
            # touches without a source credit the deal's own: the models read alike, and this says why (probe 79)
            if sourceless := ui.compute(sources.sourceless_touches, filters).note():
                st.warning(sourceless, icon=":material/link_off:")
            ui.table(sources.models_table(credited, beside=decisions), height="content")

if view == "sourced":
    st.header("Marketing-sourced and influenced")
    st.markdown(sources.sourced_definition(store.sales_sources(ui.db())))
    by_month = ui.compute(sources.sourced, filters)
    if by_month.empty:
        st.info("No deal in this view.", icon=":material/search:")
    else:
        ui.kpi_row(sources.sourced_tiles(by_month, "pipeline"))
        ui.kpi_row(sources.sourced_tiles(by_month, "revenue"))
        ui.accountless_note(filters)
        if unknown_note := sources.unknown_origin_note(by_month):
            st.caption(unknown_note)
        for measure in ("pipeline", "revenue"):
            st.caption(sources.influence_note(by_month, measure))
        through = ui.counted_through(filters)
        st.plotly_chart(charts.sourced_by_month(by_month, through), width="stretch")
        ui.partial_month_caption(through)

if view == "trend":
    st.header("Month by month")
    # the data's days the sidebar read already (filter_options): the trend's months need not read them again
    options = ui.compute(metrics.filter_options)
    trend = ui.compute(sources.source_trend, filters, config.TREND_TOP_N, (options.min_date, options.max_date))
    if trend.empty:
        st.info("No lead in this view.", icon=":material/search:")
    else:
        st.caption(
            f"The {config.TREND_TOP_N} sources with the most {plural.lower()} in this view; the rest summed in one "
            "line, Other sources (how many)."
        )
        # the picker as wide as one chart, not across the page
        highlight = ui.page_choice(
            st.columns(2)[0].selectbox,
            "Highlight a source",
            ["", *charts.trend_order(trend)],
            "highlight",
            "",
            format_func=lambda s: label_value("source", s) if s else "No highlight",
        )
        through = ui.counted_through(filters)
        c1, c2 = st.columns(2)
        with c1:
            st.subheader(f"{plural} per source")
            st.plotly_chart(
                charts.source_trend(
                    trend,
                    "count_leads",
                    f"{plural} created",
                    colour_map=shades,
                    highlight=highlight or None,
                    through=through,
                ),
                width="stretch",
            )
        with c2:
            st.subheader("Rejection rate per source")
            st.plotly_chart(
                charts.source_trend(
                    trend,
                    "rejection_rate",
                    "Rejected {0} ÷ {0}".format(metrics.stage_plurals(filters)["mql"]),
                    percent=True,
                    colour_map=shades,
                    highlight=highlight or None,
                    through=through,
                    empty_note=sources.NO_REJECTIONS_NOTE,
                ),
                width="stretch",
            )
        ui.partial_month_caption(through)

if view == "rejected":
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
    ui.account_note(filters, "rejections")
    rejected = ui.compute(sources.rejections, filters, rejected_by)
    if rejected.empty:
        st.info(
            "No lead in this view was rejected by sales (no disqualified date). Rejections come from the "
            "leads export's `disqualified_at` and `disqualify_reason` columns.",
            icon=":material/autorenew:",
        )
    else:
        # two pages count rejections of two groups of leads: this one says which, and the other's numbers
        st.caption(ui.compute(sources.rejection_groups, filters).sources_sentence())
        st.plotly_chart(charts.reasons_heatmap(rejected, "count_rejected", "rejected", rejected_by), width="stretch")
        ui.table(
            rejected,
            labels={
                "source": config.REJECTION_GROUPINGS[rejected_by],
                "count_rejected": "Rejected leads (any stage)",
                "count_rejected_mqls": "Of them MQLs",
                "count_rejected_unknown": "Of them by status alone (stage unknown)",
                "count_mqls": "MQLs handed to sales",
                "count_unknown": "Rejected by status alone (the source's)",
            },
        )
        listed = ui.compute(sources.rejected_leads, filters, config.REJECTED_LIST_ROWS)
        st.subheader("Rejected leads")
        ui.table(listed)
        st.download_button(
            "Download every rejected lead (CSV)",
            data=partial(sources.rejected_leads_csv, ui.db(), filters),
            file_name="rejected_leads.csv",
            mime="text/csv",
        )

if view == "lost":
    st.header("Closed loop: why deals are lost")
    lost = ui.compute(sources.lost_reasons, filters)
    if lost.empty:
        st.info("No deal in this view was lost.", icon=":material/autorenew:")
    else:
        st.plotly_chart(charts.reasons_heatmap(lost, "count_lost", "lost"), width="stretch")
        ui.table(lost)
