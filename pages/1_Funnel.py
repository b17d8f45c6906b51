"""The unified funnel: one funnel for marketing and sales, where it leaks, and who dropped out."""

from functools import partial

import streamlit as st

from dashboard import charts, colours, config, metrics, ui
from dashboard.filters import describe_mode
from dashboard.formatting import fmt_int, label_value

SECTIONS = {
    "breakdown": "Breakdown and comparison",
    "cohorts": "Monthly cohorts",
    "time": "Time to convert and time in stage",
}

st.set_page_config(page_title="Funnel", page_icon="🔻", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Unified funnel", filters)
st.markdown(describe_mode(filters))
# what one counted row is called: "Leads" / "leads", or "Accounts" / "accounts" counting by account
plural = filters.unit[1]
many = plural.lower()
# the stages as this view names them: the first is the unit ("Lead", "Account")
stage_labels = metrics.stage_labels(filters)
if filters.count_by == "account":
    st.caption(config.ACCOUNT_RULE)

has_data = ui.require_data()
view = None
if has_data:
    funnel = ui.compute(metrics.funnel, filters)
    if funnel["count_leads"].sum() == 0:
        st.info(ui.compute(metrics.empty_funnel_words, filters), icon=":material/search:")
        st.stop()

    cohort = filters.mode == "cohort"
    st.subheader(" → ".join(stage_labels.values()))
    st.caption(metrics.funnel_chart_caption(filters, many))
    if not cohort and (
        undated := metrics.undated_activity_note(
            ui.compute(metrics.undated_stages, filters), metrics.created_words(filters), filters.unit
        )
    ):
        st.caption(undated)
    event = st.plotly_chart(
        charts.funnel(funnel, show_dropoff=cohort, unit=many, rates=cohort, no_window=not filters.window_days),
        width="stretch",
        on_select="rerun",
        selection_mode="points",
        key="funnel_chart",
    )
    points = event.selection.points if event and event.selection else []
    clicked = points[0].get("customdata") if points else None
    if clicked in config.STAGES and st.session_state.get("_funnel_clicked") != clicked:
        ui.set_page_choice("step", clicked)
    st.session_state["_funnel_clicked"] = clicked

    ui.table(
        funnel.drop(columns=["stage"])
        if cohort
        else funnel.drop(columns=["stage", "count_dropped", "count_in_progress"]),
        labels=metrics.count_labels(filters),
    )

    if explained := ui.compute(metrics.customers_and_wins, filters).sentence(filters):
        st.caption(explained)

    st.subheader("Who is behind a step")
    kind_labels = metrics.drilldown_kind_labels(filters)
    c1, c2 = st.columns([1, 1])
    with c1:
        step = ui.page_choice(
            st.selectbox,
            "Step",
            list(config.STAGES),
            "step",
            config.STAGES[-1],
            format_func=stage_labels.get,
        )
    with c2:
        kind = ui.page_choice(
            st.radio,
            f"{plural} that",
            # activity mode counts separate entries: nobody "drops out" between two of them
            list(kind_labels) if cohort else ["reached"],
            "list",
            "reached",
            horizontal=True,
            format_func=kind_labels.get,
        )
    if step == config.STAGES[0] and kind != "reached":
        st.info(
            f"Every {filters.unit[0].lower()} is at the first stage; pick a later step to see who dropped out before "
            "it."
        )
    else:
        total = metrics.drilldown_size(funnel, step, kind)
        pages = max(1, -(-total // config.DRILLDOWN_PAGE_SIZE))
        page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, key="drill_page") - 1
        rows = ui.compute(metrics.drilldown, filters, step, kind, page)
        st.caption(
            f"{metrics.drilldown_count(filters, total, kind)} {stage_labels[step]} · showing {len(rows):,} on page "
            f"{page + 1}"
        )
        ui.table(rows, labels=metrics.count_labels(filters))
        st.download_button(
            f"Download all {fmt_int(total)} as CSV",
            # built only when clicked: the whole list can be millions of rows
            data=partial(metrics.drilldown_csv, ui.db(), filters, step, kind),
            file_name=f"{many}_{kind}_{step}.csv",
            mime="text/csv",
            disabled=total == 0,
        )

    st.divider()
    view = ui.analysis_choice(SECTIONS, "view")

if has_data and view == "breakdown":
    st.subheader("Breakdown")
    dims = list(config.DIMENSIONS)
    dimension = ui.page_choice(
        st.selectbox, "Break the funnel down by", dims, "breakdown", "source", format_func=config.DIMENSIONS.get
    )
    parts = ui.compute(metrics.breakdown, filters, dimension)
    # colours ranked over all the data, so that a value has the same colour on every page and under any filter
    shades = colours.colour_map(ui.compute(metrics.filter_options).values[dimension])
    st.plotly_chart(charts.breakdown(parts, shades, dimension, unit=many), width="stretch")
    ok, sentence = metrics.reconcile(parts, funnel, many)
    (st.caption if ok else st.error)(sentence)
    table = metrics.breakdown_table(parts, labels=stage_labels).reset_index()
    ui.table(table, labels={"value": config.DIMENSIONS[dimension]}, values_of=dimension)

    st.markdown(f"**Compare two {config.DIMENSIONS[dimension].lower()} values side by side**")
    values = metrics.named_values(parts)
    if len(values) < 2:
        st.info(f"This view has fewer than two {config.DIMENSIONS[dimension].lower()} values to compare.")
    else:
        named = partial(label_value, dimension)
        a_col, b_col = st.columns(2)
        with a_col:
            first = ui.page_choice(st.selectbox, "First", values, "compare_a", values[0], format_func=named)
        with b_col:
            second = ui.page_choice(st.selectbox, "Second", values, "compare_b", values[1], format_func=named)
        first_funnel = ui.compute(metrics.funnel, filters.with_values(dimension, [first]))
        second_funnel = ui.compute(metrics.funnel, filters.with_values(dimension, [second]))
        st.plotly_chart(
            charts.compare(first_funnel, second_funnel, first, second, shades, dimension, unit=many), width="stretch"
        )

if has_data and view == "cohorts":
    st.subheader("Monthly cohorts")
    cohorts = ui.compute(metrics.cohorts, filters)
    if cohorts.empty:
        st.info(f"No {many} were created in this date range.")
    else:
        st.caption(metrics.cohorts_caption(filters, many))
        ui.wide_chart(charts.cohort_heatmap(cohorts, unit=many), "cohorts")
        st.download_button(
            "Download the cohorts as CSV",
            data=metrics.cohorts_csv(cohorts, filters),
            file_name="cohorts.csv",
            mime="text/csv",
        )

if has_data and view == "time":
    st.subheader("Time to convert")
    # the table and the trend from one scan (time_to_convert.sql)
    times = ui.compute(metrics.times_to_convert, filters)
    ttc = times.steps
    ui.table(ttc[["step", "count_converted", "median_days", "p90_days"]], labels=metrics.count_labels(filters))
    if not_timed := metrics.not_timed_note(ttc, filters):
        st.caption(not_timed)
    trend = times.trend
    if not trend.empty:
        # a cohort's conversions run past the date range: its last month is the data's, not the range's
        last_day = ui.compute(metrics.filter_options).max_date if cohort else ui.counted_through(filters)
        through = metrics.shown_through(trend["month"], last_day)
        st.plotly_chart(charts.time_to_convert_trend(trend, unit=many, through=through), width="stretch")
        st.caption(metrics.time_trend_caption(filters))
        ui.partial_month_caption(through)

    st.subheader("Time in current stage")
    stalled = ui.compute(metrics.stalled, filters)
    st.caption(
        f"{plural} still open at their furthest stage (not disqualified, not customers, opportunities with an open "
        "deal), and how many have waited longer than the stage's threshold."
    )
    ui.table(
        stalled[["label", "count_in_stage", "median_days_in_stage", "threshold_days", "count_stalled"]],
        labels=metrics.count_labels(filters),
    )
    if as_of := metrics.activity_stalled_note(filters):
        st.caption(as_of)
    if any_order := metrics.in_order_stalled_note(filters):
        st.caption(any_order)
    if lost := metrics.past_window_note(filters, ui.compute(metrics.past_window_count, filters)):
        st.caption(lost)
    if moved := metrics.moved_back_note(stalled, filters):
        st.caption(moved)
    if undated := metrics.undated_note(stalled, filters):
        st.caption(undated)
