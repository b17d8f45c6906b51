"""Friction: where the funnel clearly underperforms, the four seed checks, stalled leads and the ideal lead."""

from functools import partial

import streamlit as st

from dashboard import charts, config, friction, metrics, sources, ui
from dashboard.formatting import fmt_int, fmt_pct, label_code, label_value, md_text

# the stalled list's decision columns first: who, where, how long against the threshold, whose
STALLED_FIRST = ("lead_id", "account_id", "stage", "days_in_stage", "threshold_days", "owner")
# the table of every friction point: the step, its rate and its comparison's, each with its 95% interval
POINT_COLUMNS = (
    "stage",
    "segment",
    "compared_with",
    "rate",
    "low_rate",
    "high_rate",
    "baseline",
    "low_baseline",
    "high_baseline",
    "count_from",
    "still_open",
    "value_at_stake",
)

st.set_page_config(page_title="Friction", page_icon="🧭", layout="wide")

filters = ui.sidebar_filters()
# what one counted row is called: "Lead" / "Leads", or "Account" / "Accounts" counting by account
one, plural = filters.unit
ui.page_header(f"Friction points and the ideal {one.lower()}", filters)
SECTIONS = {
    "points": "Where it underperforms",
    "checks": "The four seed checks",
    "stalled": f"Stalled {plural.lower()}",
    "ideal": f"The ideal {one.lower()}",
}
# the stages as this view names them: the first is the unit ("Lead", "Account")
stage_labels = metrics.stage_labels(filters)

view = None
if ui.require_data():
    view = ui.analysis_choice(SECTIONS, config.FRICTION_VIEW_PARAM)

if view == "points":
    st.header("Where the funnel clearly underperforms")
    st.caption(friction.describe_method(filters, ui.compute(metrics.filter_options).min_date))
    # the points, the deal size and the unjudged steps from one read of each
    analysed = ui.compute(friction.points_analysis, filters)
    points, lifted = analysed.points, analysed.lifted
    flags, pending = friction.judged(points), friction.pending_note(points)
    # activity mode: the steps a stage reached with no date leaves unjudged, said (not judged on dated entries alone)
    undated_steps = analysed.unjudged
    if unjudged_steps := undated_steps.note():
        st.warning(unjudged_steps, icon=":material/event_busy:")
    # activity mode: the steps with more entries at their end than at their start are no rate, said (not judged)
    if over := friction.not_rates(lifted, filters, undated_steps):
        st.warning(over["note"], icon=":material/event_busy:")
    # a view of no lead at all is said so (a shorter conversion window cannot help it)
    empty = flags.empty and not ui.compute(metrics.funnel, filters)["count_leads"].sum()
    if flags.empty and (unjudged := friction.unjudged_note(lifted, filters, empty)):
        st.info(unjudged, icon=":material/hourglass_empty:")
    elif flags.empty and pending:
        st.info(
            "No step is clearly worse by what is settled: the points said under it are not judged yet, as their "
            "open entries may still convert.",
            icon=":material/pending:",
        )
    elif flags.empty:
        judged = "judged here " if unjudged_steps or over else ""
        st.success(
            f"No step of any segment {judged}is clearly worse than its comparison in this view.",
            icon=":material/check_circle:",
        )
    else:
        for message in flags["message"].head(config.BREAKDOWN_TOP_N):
            st.markdown(f"- {md_text(message)}")
        with st.expander(f"All {len(flags)} friction points"):
            # the intervals the caption flags by: the point's and its comparison's (a benchmark has none); still
            # open only where some are (no conversion window)
            shown = [c for c in POINT_COLUMNS if c != "still_open" or flags["still_open"].any()]
            ui.table(flags[shown], labels={"stage": "Step", **metrics.count_labels(filters)})
        # the average won deal revenue at stake is valued at leaves out the wins without a lead: said (lead_deals)
        if deal_note := analysed.deals.note():
            st.caption(deal_note)
    if pending:
        st.caption(f"Not judged yet: {md_text(pending)}")

if view == "checks":
    st.header("The four seed checks")
    # the data's days the sidebar read already (filter_options): the checks need not read them again
    options = ui.compute(metrics.filter_options)
    volume = {c.metric: c for c in ui.compute(friction.volume, filters, (options.min_date, options.max_date))}
    quality = ui.compute(friction.sql_quality, filters)
    rejected = ui.compute(sources.rejection_groups, filters)
    kept = ui.compute(friction.retention, filters)
    c1, c2, c3, c4 = st.columns(4)
    with c1, st.container(border=True):
        st.markdown("**Top of the funnel**")
        for metric, name in (("leads", "leads"), ("mqls", "MQLs")):
            st.write(volume[metric].sentence(name))
        ui.account_note(filters, "volume")
    with c2, st.container(border=True):
        st.markdown("**SQL shortfall**")
        st.write(volume["sqls"].sentence("SQLs"))
        ui.account_note(filters, "volume")
    with c3, st.container(border=True):
        st.markdown("**SQL quality**")
        if quality.empty:
            st.write("No SQL in this view was later rejected by sales.")
        else:
            top = quality.iloc[0]
            st.write(
                f"{fmt_pct(rejected.sql_share)} of {fmt_int(rejected.sqls)} {rejected.sql_plural} were rejected by "
                f"sales after accepting them; most often: {md_text(label_code(top['reason']))} "
                f"({fmt_int(top['count_rejected'])})."
            )
    with c4, st.container(border=True):
        st.markdown("**After the sale**")
        st.write(kept.sentence())
    if explained := ui.compute(metrics.customers_and_wins, filters).sentence(filters):
        st.caption(explained)
    # the leads that reached MQL or SQL with no date, in none of the cards' entries (the cards say how many)
    undated = {stage: volume[metric].undated for metric, stage in (("mqls", "mql"), ("sqls", "sql"))}
    if undated_note := metrics.undated_activity_note(undated, metrics.created_words(filters)):
        st.caption(undated_note)
    if note := friction.entries_note(list(volume.values()), rejected.sqls, rejected.sql_plural, filters):
        st.caption(note)
    if rejected.rejected:
        # the Sources page counts rejections of a wider group: say which, with its numbers
        st.caption(rejected.friction_sentence())

    if not quality.empty:
        with st.expander("SQLs rejected by sales after accepting them, by reason"):
            ui.table(quality, labels={"count_rejected": "Rejected SQLs", "count_sqls": "SQLs in the view"})

if view == "stalled":
    st.header(f"Stalled {plural.lower()}")
    # the counts, the owners and the list from one scan of the open leads
    found = ui.compute(metrics.stalled_overview, filters, config.FRICTION_LIST_ROWS)
    stalled = found.stages
    ui.account_note(filters, "stalled")
    st.caption(
        f"Open {plural.lower()} past their stage's threshold: "
        + ", ".join(f"{stage_labels[s]} {d} days" for s, d in config.STALL_DAYS.items())
        + "."
    )
    ui.kpi_row([(f"Stalled {r.label}", fmt_int(r.count_stalled), None) for r in stalled.itertuples()])
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
    if friction.stalled_count(stalled) > 0:
        # one above the other: side by side at 1440 px each hid columns
        st.markdown(f"**Stalled {plural.lower()} per owner and stage**")
        ui.table(friction.owner_grid(found.by_owner), labels=stage_labels)
        st.markdown(f"**The {plural.lower()} waiting longest**")
        # a blank owner or persona named as the drill-down names it, "(none)" (the CSV keeps the blank cell)
        ui.table(metrics.blanks_named(found.leads), labels=metrics.count_labels(filters), first=STALLED_FIRST)
        # the list stops at config.FRICTION_LIST_ROWS: said, with where the rest are (trial 70: 500 of 971, unsaid)
        if note := friction.list_cap_note(len(found.leads), stalled, plural.lower()):
            st.caption(note)
        st.download_button(
            f"Download every stalled {one.lower()} (CSV)",
            data=partial(friction.stalled_leads_csv, ui.db(), filters),
            file_name=f"stalled_{plural.lower()}.csv",
            mime="text/csv",
        )

if view == "ideal":
    lifted = ui.compute(friction.lift, filters)
    st.header(f"The ideal {one.lower()}")
    overall = friction.overall_rate(lifted)
    # activity mode: the stages reached with no date are in none of the rates below, said (no ideal lead on them)
    undated = ui.compute(friction.undated_steps, filters)
    if undated_words := undated.lift_note():
        st.warning(undated_words, icon=":material/event_busy:")
    ideal = friction.ideal_lead(lifted, undated)
    if ideal:
        st.success(
            f"**Ideal {one.lower()}** (clearly more likely to become a customer than the average "
            f"{md_text(friction.average_words(lifted, filters))}): "
            + "; ".join(
                f"{i['dimension']} **{md_text(label_value(i['dimension'], i['value']))}** "
                f"({fmt_pct(i['rate_customer'])}, "
                f"{i['lift_customer']:.1f}×, {fmt_int(i['lead'])} {plural.lower()})"
                for i in ideal
            ),
            icon=":material/flag:",
        )
    elif undated.judges_customers:
        st.info(
            "No trait value stands out clearly enough (enough leads and an interval above the average "
            f"{md_text(friction.average_words(lifted, filters))}).",
            icon=":material/search:",
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
        st.plotly_chart(
            charts.lift(
                part,
                overall,
                stage_labels["customer"],
                dimension,
                unit=plural.lower(),
                first_label=stage_labels["lead"],
            ),
            width="stretch",
        )
        ui.table(
            part[list(friction.LIFT_COLUMNS)],
            labels={"value": config.DIMENSIONS[dimension], "lead": "Leads", **metrics.count_labels(filters)},
            values_of=dimension,
        )
        if over := friction.lift_note(part):
            st.caption(over)
        values = part.sort_values("lead", ascending=False)["value"].tolist()
        if len(values) >= 2:
            st.subheader("Two values side by side")
            c1, c2 = st.columns(2)
            named = partial(label_value, dimension)
            first = c1.selectbox("First", values, index=0, key="fr_first", format_func=named)
            second = c2.selectbox("Second", values, index=1, key="fr_second", format_func=named)
            pair = friction.side_by_side(part, first, second, stage_labels, undated)
            ui.table(pair, labels={first: named(first), second: named(second)})
            if over := friction.side_by_side_note(pair):
                st.caption(over)
