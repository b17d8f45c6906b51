"""Landing page: one month or quarter at a glance for executives, then the funnel of the filtered view."""

from functools import partial

import streamlit as st

from dashboard import changes, charts, checks, config, metrics, overview, periods, report, ui
from dashboard.filters import dates_in_heading, describe_mode
from dashboard.formatting import fmt_int, fmt_money, fmt_money_full, md_text, pct_number

st.set_page_config(page_title="Funnel overview", page_icon="📊", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Funnel overview", filters)

if ui.require_data():
    # records stored twice under the ids of two CRMs count twice in every number below: said until mended
    if twice := ui.compute(checks.stored_twice_notice):
        st.warning(md_text(twice), icon=":material/content_copy:")
        st.page_link(ui.DATA_PAGE, label="Data: the records stored twice, and the fix")
    options = ui.compute(metrics.filter_options)
    choices = periods.options(options.min_date, options.max_date)
    # a deep link to a period the data does not reach falls back to the default: said, not silently
    unshown = overview.unshown_period(st.query_params.get("period"), choices, options.min_date, options.max_date)
    period = ui.page_choice(
        st.selectbox,
        "Month or quarter",
        choices,
        "period",
        periods.default(options.max_date) or choices[0],
        always_in_url=True,
        format_func=periods.label,
        help="The executive view counts each stage by its own date in this period (as targets are set) and "
        "compares it with the previous period and the same period last year. The sidebar's dimension filters "
        "apply; its dates apply to the filtered view further down, whose heading names them.",
    )
    name = periods.label(period)
    if unshown:
        st.info(f"{unshown} Showing {name} instead.", icon=":material/info:")
    elif opened := ui.compute(overview.default_period_note, None, period, options.max_date):
        st.info(md_text(opened), icon=":material/info:")
    # the executive section ignores the sidebar's dates and mode: cached once per dimension filters and period
    executive = overview.executive_view(filters)
    # one computation for the tiles, the coverage, the alignment chart and the planner: what they share read once
    landing = ui.compute(overview.landing, executive, period)
    changed = ui.compute(changes.summary, executive, period, landing.data_end, landing.data_first)
    st.subheader(changed.heading())
    for sentence, label, move in changed.lines():
        st.markdown(f"- {md_text(sentence)}")
        if move is not None:
            # in this tab, as the alerts' links: a deep link inside the app (a Markdown link opened a new tab)
            st.page_link(move.page, label=label or "", query_params=move.query)
    if changed.note():
        st.caption(md_text(changed.note()))
    # two time contexts on one page: each section names its own period in its heading
    st.header(f"{name} at a glance")
    kpis = landing.kpis
    by_key = {k.key: k for k in kpis}
    # the tiles say which periods the data's first day leaves uncompared: the caption says why, once
    skipped = overview.not_compared_with(by_key)
    st.caption(overview.period_caption(filters, period, options.max_date, options.min_date, skipped))
    ui.account_note(filters, "overview")
    if empty := overview.empty_view_note(filters, period, by_key):
        st.info(empty, icon=":material/search_off:")
    cover = landing.coverage
    for alert in overview.alerts(by_key, cover, filters, period):
        st.warning(alert.message, icon=":material/warning:")
        st.page_link(alert.page, label=alert.page_label, query_params=alert.query)
    with ui.tile_grid():
        for start in range(0, len(kpis), config.KPI_TILES_PER_ROW):
            for column, kpi in zip(
                st.columns(config.KPI_TILES_PER_ROW), kpis[start : start + config.KPI_TILES_PER_ROW], strict=False
            ):
                with column, st.container(border=True):
                    delta_color, delta_arrow = overview.delta_style(kpi)
                    st.metric(
                        kpi.label,
                        overview.tile_value(kpi),
                        delta=overview.delta_text(kpi, period, changed.not_compared),
                        delta_color=delta_color,
                        delta_arrow=delta_arrow,
                        help=kpi.help,
                        chart_data=list(kpi.trend) or None,
                        chart_type="area",
                    )
                    st.caption(overview.tile_caption(kpi, period))
                    if kpi.warning:
                        st.warning(kpi.warning, icon=":material/warning:")
    undated = landing.undated
    if undated_note := metrics.undated_activity_note(undated, f"in {name}"):
        st.caption(undated_note)
    html_col, pdf_col = st.columns(2)
    html_col.download_button(
        f"Download the report for {name} (HTML)",
        data=partial(report.build_html, ui.db(), filters, period, ui.app_url()),
        file_name=f"funnel_report_{period}.html",
        mime="text/html",
        help="One self-contained file: KPIs, funnel, sources, SLA, friction and definitions. "
        "`python -m dashboard report --month YYYY-MM --out report.html` writes it (and a PDF) from the command line.",
    )
    has_chromium = report.chromium() is not None
    pdf_col.download_button(
        f"Download the report for {name} (PDF)",
        # printed only when clicked: Chromium takes a few seconds
        data=partial(report.build_pdf, ui.db(), filters, period, ui.app_url()) if has_chromium else b"",
        file_name=f"funnel_report_{period}.pdf",
        mime="application/pdf",
        disabled=not has_chromium,
        help="The same report printed to PDF by headless Chromium."
        if has_chromium
        else "The PDF is printed by Chromium, which is not installed on this server (apt-get install chromium). "
        "Download the HTML and print it to PDF from your browser instead.",
    )
    if not has_chromium:
        pdf_col.caption("No PDF here: this server has no Chromium to print it. Print the HTML from your browser.")

    st.header(f"Revenue alignment: the {config.SPARKLINE_MONTHS} months to {name}")
    measure = ui.page_choice(
        st.radio,
        "Show",
        ["revenue", "pipeline"],
        "align",
        "revenue",
        format_func=lambda m: "revenue won, against target" if m == "revenue" else "pipeline created",
        horizontal=True,
    )
    c1, c2 = st.columns([3, 2])
    with c1:
        months = landing.months
        through = overview.counted_through(period, options.max_date)
        st.plotly_chart(charts.alignment(months, measure, through), width="stretch")
        ui.partial_month_caption(through)
    with c2:
        st.markdown(cover.sentence())
        if cover.remaining:
            st.plotly_chart(
                charts.coverage(cover.remaining, cover.open_pipeline, cover.needed_pipeline), width="stretch"
            )

    with st.expander(f"Plan backwards from a revenue target for {name}"):
        observed = landing.rates
        start = overview.plan_defaults(observed, by_key["revenue"], period)
        c1, c2, c3 = st.columns(3)
        # whole units and "%d": Streamlit's inputs cannot show thousands separators, so no "1443707.00"
        target = c1.number_input(
            "Revenue target", min_value=0, value=round(start.target), step=config.PLAN_TARGET_STEP, format="%d"
        )
        c1.caption(overview.plan_target_caption(target, period, options.max_date))
        # empty without a won deal to observe: no made-up amount
        average = None if start.avg_deal_size is None else max(1, round(start.avg_deal_size))
        deal = c2.number_input("Average deal", min_value=1, value=average, format="%d")
        c2.caption(f"{fmt_money_full(deal)} per won deal" if deal else "No deal won in the trailing year: enter one")
        # a real 0 % stays 0 % (the plan is then undefined from that step up)
        pct = {"min_value": 0.0, "max_value": 100.0, "format": "%.1f"}
        win = c3.number_input("Win rate %", value=pct_number(start.rates["win_rate"]), **pct) / 100
        c4, c5, c6 = st.columns(3)
        to_mql = c4.number_input("Lead→MQL %", value=pct_number(start.rates["lead_to_mql"]), **pct) / 100
        to_sql = c5.number_input("MQL→SQL %", value=pct_number(start.rates["mql_to_sql"]), **pct) / 100
        to_opp = c6.number_input("SQL→Opportunity %", value=pct_number(start.rates["sql_to_opportunity"]), **pct) / 100
        rates = overview.Rates(to_mql, to_sql, to_opp, win, deal)
        planned = overview.plan_against_actuals(
            overview.plan(target, rates, periods.months_in(period), periods.working_days(period)),
            overview.arriving(by_key),
            overview.set_targets(by_key),
        )
        st.caption(overview.planner_caption(period, planned, observed.as_of, start, undated))
        ui.table(
            planned,
            pin_first=True,  # on a phone the grid scrolls sideways: the stage stays in view
            labels={
                "needed": f"Needed in {name}",
                "per_working_day": f"Per working day ({periods.working_days(period)})",
            },
        )

    st.header(f"The filtered view: {dates_in_heading(filters.date_from, filters.date_to)}")
    st.caption(describe_mode(filters))
    head = ui.compute(metrics.headline, filters)
    if overview.cohort_apart(filters, period) and (
        apart := overview.two_counts_sentence(period, filters.window_days, by_key, head)
    ):
        st.info(md_text(apart), icon=":material/info:")
    # counting by account the four funnel tiles count accounts ("MQL accounts"), with the rule as their help
    names = metrics.stage_titles(filters)
    lead_help = {
        "lead": "People who entered the funnel",
        "mql": "Leads marketing qualified (or that reached a later stage)",
        "sql": "Leads sales accepted as sales-qualified",
        "opportunity": "Leads with at least one deal",
    }
    counts = {"lead": head.leads, "mql": head.mqls, "sql": head.sqls, "opportunity": head.opportunities}
    ui.kpi_row(
        [
            *(
                (names[s], fmt_int(n), config.ACCOUNT_RULE if filters.count_by == "account" else lead_help[s])
                for s, n in counts.items()
            ),
            ("Won deals", fmt_int(head.won_deals), "Deals won, including deals without a lead"),
            ("Revenue", fmt_money(head.revenue), "Amount of the won deals"),
        ]
    )
    ui.accountless_note(filters)
    if head.revenue_caveat:
        st.caption(f"Revenue {head.revenue_caveat}.")
    if explained := ui.compute(metrics.customers_and_wins, filters).sentence(filters):
        st.caption(explained)
    if head.leads == 0 and head.won_deals == 0:
        st.info(
            f"No {filters.unit[1].lower()} or deals match these filters. Widen the date range or clear a filter in "
            "the sidebar.",
            icon=":material/search:",
        )
    else:
        st.subheader(overview.ENTRIES_TITLE)
        through = ui.counted_through(filters)
        entries = ui.compute(metrics.monthly_entries, filters)
        st.caption(overview.entries_caption(filters))
        st.plotly_chart(charts.monthly_entries(entries, through), width="stretch")
        ui.partial_month_caption(through)
        # each point dates a stage by its own date: the view's stages reached with no date are in no month
        if undated_entries := metrics.undated_activity_note(
            ui.compute(metrics.undated_stages, filters), metrics.created_words(filters)
        ):
            st.caption(undated_entries)
