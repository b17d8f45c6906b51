"""Friction: where the funnel clearly underperforms, the four seed checks, stalled leads and the ideal lead."""

from functools import partial

import streamlit as st

from dashboard import charts, config, friction, metrics, ui
from dashboard.formatting import fmt_int, fmt_pct, md_text

st.set_page_config(page_title="Friction", page_icon="🧭", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Friction points and the ideal lead", filters)

if ui.require_data():
    st.header("Where the funnel clearly underperforms")
    st.caption(friction.describe_method(filters))
    flags, lifted = ui.compute(friction.analysis, filters)
    if flags.empty:
        st.success("No step of any segment is clearly worse than its comparison in this view.", icon="✅")
    else:
        for message in flags["message"].head(config.BREAKDOWN_TOP_N):
            st.markdown(f"- {md_text(message)}")
        with st.expander(f"All {len(flags)} friction points"):
            st.dataframe(
                flags[["stage", "segment", "compared_with", "rate", "baseline", "count_from", "value_at_stake"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "stage": "Step",
                    "segment": "Segment",
                    "compared_with": "Compared with",
                    "rate": st.column_config.NumberColumn("Rate", format="percent"),
                    "baseline": st.column_config.NumberColumn("Comparison", format="percent"),
                    "count_from": st.column_config.NumberColumn("Leads at the step", format="localized"),
                    "value_at_stake": st.column_config.NumberColumn("Revenue at stake, $", format="compact"),
                },
            )

    st.header("The four seed checks")
    volume = {c.metric: c for c in ui.compute(friction.volume, filters)}
    quality = ui.compute(friction.sql_quality, filters)
    kept = ui.compute(friction.retention, filters)
    c1, c2, c3, c4 = st.columns(4)
    with c1, st.container(border=True):
        st.markdown("**Top of the funnel**")
        for metric, name in (("leads", "leads"), ("mqls", "MQLs")):
            st.write(volume[metric].sentence(name))
    with c2, st.container(border=True):
        st.markdown("**SQL shortfall**")
        st.write(volume["sqls"].sentence("SQLs"))
    with c3, st.container(border=True):
        st.markdown("**SQL quality**")
        if quality.empty:
            st.write("No SQL in this view was later rejected by sales.")
        else:
            share = quality["count_rejected"].sum() / quality["count_sqls"].iloc[0]
            top = quality.iloc[0]
            st.write(
                f"{fmt_pct(share)} of {fmt_int(quality['count_sqls'].iloc[0])} SQLs were rejected by sales; "
                f"most often: {md_text(top['reason'])} ({fmt_int(top['count_rejected'])})."
            )
    with c4, st.container(border=True):
        st.markdown("**After the sale**")
        if kept.won == 0:
            st.write("No won deal in this view.")
        else:
            st.write(
                f"{fmt_pct(kept.activation_rate)} of {fmt_int(kept.won)} won deals reached first success; "
                f"{fmt_pct(kept.early_churn_rate)} churned within {config.CHURN_WINDOW_DAYS} days of signing; "
                + (
                    f"{fmt_pct(kept.repeat_rate)} of accounts bought again."
                    if kept.repeat_rate is not None
                    else "no account ids to measure repeat purchase."
                )
            )
    if explained := ui.compute(metrics.customers_and_wins, filters).sentence(filters):
        st.caption(explained)

    if not quality.empty:
        with st.expander("SQLs rejected by sales, by reason"):
            st.dataframe(
                quality,
                hide_index=True,
                width="stretch",
                column_config={
                    "reason": "Reason",
                    "count_rejected": st.column_config.NumberColumn("Rejected SQLs", format="localized"),
                    "count_sqls": st.column_config.NumberColumn("SQLs in the view", format="localized"),
                    "share_of_sqls": st.column_config.NumberColumn("Share of SQLs", format="percent"),
                },
            )

    st.header("Stalled leads")
    stalled = ui.compute(metrics.stalled, filters)
    st.caption(
        "Open leads past their stage's threshold: "
        + ", ".join(f"{config.STAGE_LABELS[s]} {d} days" for s, d in config.STALL_DAYS.items())
        + "."
    )
    ui.kpi_row([(f"Stalled {r.label}", fmt_int(r.count_stalled), None) for r in stalled.itertuples()])
    if stalled["count_stalled"].sum() > 0:
        c1, c2 = st.columns([1, 2])
        with c1:
            st.dataframe(ui.compute(friction.stalled_by_owner, filters), hide_index=True, width="stretch")
        with c2:
            st.dataframe(
                ui.compute(friction.stalled_leads, filters, config.FRICTION_LIST_ROWS),
                hide_index=True,
                width="stretch",
                column_config={
                    "days_in_stage": st.column_config.NumberColumn("Days in stage", format="%.0f"),
                    "threshold_days": st.column_config.NumberColumn("Threshold", format="%d"),
                },
            )
        st.download_button(
            "Download every stalled lead (CSV)",
            data=partial(friction.stalled_leads_csv, ui.db(), filters),
            file_name="stalled_leads.csv",
            mime="text/csv",
        )

    st.header("The ideal lead")
    overall = friction.overall_rate(lifted)
    ideal = friction.ideal_lead(lifted)
    if ideal:
        st.success(
            "**Ideal lead** (clearly more likely to become a customer than the average "
            f"{fmt_pct(overall)}): "
            + "; ".join(
                f"{i['dimension']} **{md_text(i['value'])}** ({fmt_pct(i['rate_customer'])}, "
                f"{i['lift_customer']:.1f}×, {fmt_int(i['lead'])} leads)"
                for i in ideal
            ),
            icon="🎯",
        )
    else:
        st.info(
            "No trait value stands out clearly enough (enough leads and an interval above the average) in this view.",
            icon="🔍",
        )
    if not lifted.empty:
        dimension = ui.page_choice(
            st.selectbox,
            "Trait",
            list(config.FRICTION_DIMENSIONS),
            "trait",
            "persona",
            format_func=config.DIMENSIONS.get,
        )
        part = lifted[lifted["dimension"] == dimension]
        st.plotly_chart(charts.lift(part, overall, config.STAGE_LABELS["customer"]), width="stretch")
        st.dataframe(
            part[list(friction.LIFT_COLUMNS)],
            hide_index=True,
            width="stretch",
            column_config={
                "value": config.DIMENSIONS[dimension],
                "lead": st.column_config.NumberColumn("Leads", format="localized"),
                "rate_sql": st.column_config.NumberColumn("→ SQL", format="percent"),
                "low_sql": st.column_config.NumberColumn("95 % from", format="percent"),
                "high_sql": st.column_config.NumberColumn("to", format="percent"),
                "lift_sql": st.column_config.NumberColumn("Lift", format="%.2f×"),
                "rate_customer": st.column_config.NumberColumn("→ Customer", format="percent"),
                "low_customer": st.column_config.NumberColumn("95 % from", format="percent"),
                "high_customer": st.column_config.NumberColumn("to", format="percent"),
                "lift_customer": st.column_config.NumberColumn("Lift", format="%.2f×"),
            },
        )
        values = part.sort_values("lead", ascending=False)["value"].tolist()
        if len(values) >= 2:
            st.subheader("Two values side by side")
            c1, c2 = st.columns(2)
            first = c1.selectbox("First", values, index=0, key="fr_first")
            second = c2.selectbox("Second", values, index=1, key="fr_second")
            st.dataframe(
                friction.side_by_side(part, first, second),
                hide_index=True,
                width="stretch",
            )
