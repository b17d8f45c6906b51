"""SLA compliance: did sales respond in time, and did marketing deliver the volume it promised?"""

from functools import partial

import streamlit as st

from dashboard import charts, clock, config, metrics, sla, ui
from dashboard.filters import dates_in_heading
from dashboard.formatting import fmt_count, fmt_int, fmt_pct

METRIC_LABELS = {"leads": "leads", "mqls": "MQLs"}
METRIC_TITLES = {"leads": "Leads", "mqls": "MQLs"}

st.set_page_config(page_title="SLA", page_icon="⏱️", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Service-level agreement", filters)
ui.account_note(filters, "sla")

if ui.require_data():
    settings = ui.sla_settings_form()
    st.markdown(f"**The agreement:** {settings.describe()}")

    st.header("Sales: speed to lead")
    # the summary tiles and the response bands further down come from one scan of the view's SLA leads
    sales_side = ui.compute(sla.overview, filters, settings)
    summary = sales_side.summary
    if not summary.contact_times:
        st.warning(
            f"Speed to lead cannot be measured: the data has no first-contact time for any lead "
            f"({fmt_int(summary.handed_over)} leads in this view were handed to sales). Import the leads again with "
            f"the column that records sales' first contact mapped to `first_contact_at` ({sla.CONTACT_COLUMN_HINT}).",
            icon=":material/help:",
        )
    elif summary.eligible == 0 and summary.waiting_now == 0:
        st.info(
            "No lead in this view has been handed to sales yet (no "
            + ("SQL" if settings.clock_start == "sql" else "MQL")
            + " date). Widen the date range, clear a filter, or start the clock at the MQL date.",
            icon=":material/search:",
        )
    else:
        ui.kpi_row(
            [
                ("SLA compliance", fmt_pct(summary.compliance), "Contacted within the SLA ÷ leads that were due"),
                (
                    "Leads due",
                    fmt_int(summary.eligible),
                    "Contacted, or waited longer than the SLA. " + sla.CLOSED_RULE,
                ),
                ("Within SLA", fmt_int(summary.within_sla), None),
            ]
        )
        ui.kpi_row(
            [
                (
                    "Median response",
                    settings.duration(summary.median_minutes),
                    "Time to first contact, for contacted leads",
                ),
                (
                    "95th percentile",
                    settings.duration(summary.p95_minutes),
                    "95% of contacted leads heard from sales within this time",
                ),
                (
                    "Never contacted",
                    fmt_int(summary.never_contacted),
                    f"Not contacted after {config.SLA_WAITING_HORIZON_DAYS} days, or closed without a contact "
                    "after its SLA window",
                ),
                (
                    "Waiting now",
                    fmt_int(summary.waiting_now),
                    "Handed over and not contacted yet, as of the data's last event",
                ),
            ]
        )
        # "now" is the data's, not the wall clock's: a manager read a lead due an hour ago as not overdue yet
        now_words = ui.compute(sla.now_words)
        if now_words:
            st.caption(f"Waits are measured {now_words}, not at the time you read this.")
        if ahead := sla.clock_after_today_note(
            ui.compute(sla.clock_after_today, filters, settings), settings.clock_start
        ):
            st.caption(ahead)
        if mostly := summary.before_clock_warning(settings.clock_start):
            st.warning(mostly, icon=":material/warning:")
        elif before := summary.before_clock_note(settings.clock_start):
            st.caption(before)
        if summary.compliance is not None and summary.compliance < config.SLA_ALERT_COMPLIANCE:
            st.warning(
                f"SLA compliance is {fmt_pct(summary.compliance)}, under the agreed {config.SLA_ALERT_COMPLIANCE:.0%}.",
                icon=":material/error:",
            )

        group = ui.page_choice(
            st.radio,
            "Show by",
            ["owner", "source", "week", "month"],
            "by",
            "owner",
            horizontal=True,
            format_func=str.capitalize,
        )
        by = ui.compute(sla.by_group, filters, settings, group)
        if group in ("week", "month"):
            st.plotly_chart(charts.sla_trend(by, config.SLA_ALERT_COMPLIANCE), width="stretch")
            st.caption(sla.period_words(filters, group))
        else:
            st.plotly_chart(charts.sla_bands(by, group, settings.business_hours), width="stretch")
        ui.table(
            sla.shown_groups(by[sla.group_columns(summary)], settings),
            labels={"group_value": group.capitalize()},
            values_of=group,
            values_in="group_value",
        )

        st.subheader(f"Waiting for a first contact {now_words or 'now'}")
        lists = ui.compute(sla.lead_lists, filters, settings, config.SLA_LIST_ROWS)
        waiting = lists["waiting"]
        if waiting.empty:
            words, all_contacted = summary.nobody_waiting()
            (st.success if all_contacted else st.info)(words)
        else:
            ui.table(sla.shown_list(waiting, settings), labels=sla.list_labels(settings))

        st.subheader("Breach list")
        breaches = lists["breached"]
        st.caption(
            f"{fmt_int(summary.breaches)} leads missed the SLA or were never contacted; the "
            f"{fmt_int(len(breaches))} longest waits are shown, longest first; the CSV has them all."
        )
        ui.table(sla.shown_list(breaches, settings), labels=sla.list_labels(settings))
        st.download_button(
            f"Download the {fmt_count(summary.breaches, 'breach', 'breaches')} as CSV",
            data=partial(sla.lead_list_csv, ui.db(), filters, settings),
            file_name="sla_breaches.csv",
            mime="text/csv",
            disabled=breaches.empty,
        )

        st.subheader("Does speed pay?")
        bands = sales_side.bands
        if sla.has_rates(bands):
            st.plotly_chart(charts.speed_pays(bands), width="stretch")
        else:
            st.caption("No chart yet: no response band of this view has a rate to show.")
        ui.table(bands.drop(columns=["band_order"]), labels={"count_won": "Customers"})
        if differs := sla.customers_note(bands, ui.compute(metrics.funnel, filters.by_lead()), filters):
            st.caption(differs)
        if young := sla.young_note(bands, filters):
            st.caption(young)
        if stake := sla.stake_note(bands, filters):
            st.markdown(stake)

    st.header("Marketing: lead volume")
    st.caption("Delivered per month in the sidebar's dates; the pace below follows its own commitment months instead.")
    delivery = ui.compute(sla.marketing_delivery, filters)
    if delivery.empty:
        st.info("No leads were created in this view, and no lead or MQL targets are loaded for it.")
    else:
        left, right = st.columns(2)
        through = ui.counted_through(filters)
        for column, (metric, label) in zip((left, right), METRIC_TITLES.items(), strict=True):
            with column:
                st.markdown(f"**{label}: delivered vs promised per month**")
                st.plotly_chart(
                    charts.delivery(delivery[delivery["metric"] == metric], label, through), width="stretch"
                )
        ui.partial_month_caption(through)

        # this section has its own months, not the sidebar's dates: its heading names them once they are picked
        heading = st.empty()
        months = sorted(delivery["month"].dt.date.unique())
        options = ui.compute(metrics.filter_options)
        today = clock.day_or_today(options.max_date)
        commitment = sla.default_commitment(months, options.max_date)
        c1, c2, c3, c4 = st.columns(4)
        with c1:
            metric = st.radio(
                "Commitment on",
                list(METRIC_TITLES),
                format_func=METRIC_TITLES.get,
                key="pace_metric",
                horizontal=True,
            )
        with c2:
            first = st.selectbox(
                "From month",
                months,
                index=months.index(commitment[0]),
                key="pace_first",
                format_func=lambda d: f"{d:%b %Y}",
                help=f"The commitment in force: the {config.SLA_COMMITMENT_MONTHS} months ending with the data's "
                "last month, unless you pick others.",
            )
        with c3:
            ends = [m for m in months if m >= first]
            last = st.selectbox(
                "To month",
                ends,
                index=ends.index(commitment[1]) if commitment[1] in ends else len(ends) - 1,
                key=f"pace_last_{first}",
                format_func=lambda d: f"{d:%b %Y}",
            )
        start = sla.pace_start(first, options.min_date)
        default_promise, gap = sla.default_promise(delivery, metric, first, last, start)
        with c4:
            promised = st.number_input(
                "Promised in total",
                min_value=0.0,
                value=float(default_promise),
                step=100.0,
                format="%.0f",
                key=f"pace_promised_{metric}_{first}_{last}_{start}",
            )
            # the input cannot show thousands separators: the number as people read it, under it
            st.caption(f"{fmt_int(promised)} {METRIC_LABELS[metric]}")
        if gap:
            st.caption(gap)
        span = f"{first:%b %Y}" if first == last else f"{first:%b %Y} – {last:%b %Y}"
        heading.subheader(f"Pace within the commitment of {span}")
        if promised <= 0:
            st.info("Enter the number promised for this period (no target is loaded for it).")
        else:
            daily = ui.compute(sla.daily_delivery, filters, metric, first, last)
            p = sla.pace(daily, metric, first, last, promised, today, start)
            st.markdown(p.sentence(METRIC_LABELS[metric], last))
            if note := sla.pace_start_note(first, start):
                st.caption(note)
            st.plotly_chart(charts.pace(sla.pace_curve(daily, promised, today, start), promised), width="stretch")

        st.subheader(f"Delivered by source: {dates_in_heading(filters.date_from, filters.date_to)}")
        by_source = ui.compute(metrics.breakdown, filters, "source")
        ui.table(
            metrics.breakdown_table(by_source, ("lead", "mql")).reset_index(),
            labels={"value": "Source"},
            values_of="source",
        )
