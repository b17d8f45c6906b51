"""Data page: what is loaded now, and how to load more."""

from datetime import date
from functools import partial

import streamlit as st

from dashboard import (
    auth,
    checks,
    config,
    demo,
    import_ui,
    mapping_ui,
    metrics,
    snapshots,
    sources,
    store,
    targets,
    ui,
    undoing,
)
from dashboard.formatting import fmt_datetime, label_code, label_value, md_text
from dashboard.importers import canonical, run
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import PRESETS
from dashboard.importers.run import ImportOptions

PRESET_LABELS = {"canonical": "Canonical columns", "hubspot": "HubSpot export", "salesforce": "Salesforce export"}

st.set_page_config(page_title="Data", page_icon="📂", layout="wide")

filters = ui.sidebar_filters()
st.title("Data")
st.caption("What the dashboard is reading, and how to replace it with your own exports.")

con = ui.db()
ui.show_notice()
summary = ui.compute(metrics.data_summary)
st.subheader("Loaded now")
ui.table(summary)
# the deals kept aside for want of their lead are not in "Loaded now"'s deals either: said here as on every page
ui.awaiting_notice()
if ui.spark_data_note():
    st.stop()
last_import = store.get_meta(con, "last_import_at")
demo_tables = store.demo_tables(con)
whose = f"demo data: {', '.join(demo_tables)}" if demo_tables else "your data"
st.caption(f"Last import or change: {fmt_datetime(last_import) if last_import else 'never'} · {whose}")
# said until the next import's report says it (store._say_sales_tools)
if upgraded := store.get_meta(con, store.UPGRADE_NOTE_KEY):
    st.info(f"On upgrading the database file, {upgraded}.", icon=":material/info:")
failed = ui.compute(checks.failed_sentences)
if failed:
    st.warning(
        md_text("The last import left data that fails a check: " + "; ".join(failed) + "."), icon=":material/warning:"
    )

admin = auth.is_admin()
if not admin:
    st.info(
        "Importing files, removing or restoring the demo data and changing the sales-owned sources are for "
        f"admins: ask {auth.whom_to_ask()}.",
        icon=":material/lock:",
    )
else:
    st.subheader("Import files")
    last = st.session_state.get("_import_report")
    if last is not None:
        st.success(
            f"Last import in this session: {last.rows_loaded:,} rows into {last.kind}.", icon=":material/check_circle:"
        )
        import_ui.show_report(last, dry_run=False, key="imp_last_csv")
    elif (kept := run.last_report(con)) is not None:
        kind, at, text = kept
        with st.expander(f"The report of the last import ({label_code(kind)}, {fmt_datetime(at)})"):
            st.code(text, language=None, wrap_lines=True)
    st.caption(
        "Leads first, then deals (deals find their leads); accounts (company names and attributes) at any "
        "time. Each import is one transaction: a file that cannot "
        "be read is refused with its row and column, and nothing already loaded changes. Rows with a problem "
        "are skipped and listed, unless you choose to refuse the whole import."
    )
    c1, c2, c3 = st.columns(3)
    with c1:
        kind = st.selectbox("Table", list(canonical.KINDS), key="imp_kind", format_func=label_code)
    with c2:
        preset = st.selectbox(
            "Format",
            list(PRESETS),
            key="imp_preset",
            format_func=lambda p: PRESET_LABELS.get(p, p),
            help="HubSpot and Salesforce presets read leads/contacts, deals/opportunities and "
            "companies/accounts exports.",
        )
    with c3:
        mode = st.radio(
            "Mode",
            list(canonical.MODES),
            key="imp_mode",
            horizontal=True,
            format_func=lambda m: "replace the table" if m == "replace" else "add / update by id",
        )
    c4, c5 = st.columns(2)
    with c4:
        on_bad_rows = st.radio(
            "Rows with a problem",
            list(canonical.ON_BAD_ROWS),
            key="imp_bad_rows",
            horizontal=True,
            format_func=lambda o: "skip them and import the rest" if o == "skip" else "refuse the whole import",
        )
    with c5:
        sheet = st.text_input("Sheet (XLSX files; blank = the only visible sheet with rows)", key="imp_sheet").strip()
    mapping_ui.template_downloads()
    mapping_upload = st.file_uploader(
        "Mapping file (optional, TOML; see the README)",
        type=["toml"],
        # the mapping belongs to the chosen table, as the files do
        key=f"imp_mapping_{kind}",
        max_upload_size=config.MAX_UPLOAD_MB,
    )
    uploads = st.file_uploader(
        f"Files for {label_code(kind)} (CSV, XLSX or Parquet)",
        type=list(import_ui.UPLOAD_TYPES),
        accept_multiple_files=True,
        max_upload_size=config.MAX_UPLOAD_MB,
        # a new key after each import empties the uploader, so the same files are not offered again; the table in
        # the key too: the files belong to the table chosen, and choosing another starts with none (a deals file
        # kept while Table went back to leads was mapped as leads)
        key=f"imp_files_{kind}_{st.session_state.get('_import_count', 0)}",
    )
    if uploads:
        st.caption(import_ui.files_for_table_text([u.name for u in uploads], kind))
        run_mode = import_ui.effective_mode(kind, mode)
        if run_mode != mode:
            st.caption(f"{kind} holds demo data, so your rows replace it rather than being added to it.")
        if kind in ("deals", "touches") and "leads" in demo_tables:
            st.caption(f"{kind} are checked against the loaded leads, which are demo leads: import your leads first.")
        # files in other columns are mapped here, unless a mapping file or a preset says how
        mapped = (
            mapping_ui.mapping_step(kind, uploads, sheet or None)
            if not mapping_upload and preset == "canonical"
            else None
        )
        options = ImportOptions(kind=kind, preset=preset, mode=run_mode, on_bad_rows=on_bad_rows, sheet=sheet or None)
        paths, options, dry = import_ui.prepared_import(uploads, mapping_upload or mapped, options)
        if isinstance(dry, ImportRefused):
            st.error(f"This import cannot be done: {md_text(import_ui.refusal_text(dry))}", icon=":material/block:")
        else:
            if mapped:
                mapping_ui.show_preview(kind, options, paths, dry)
            st.markdown("**Check** — what the import will do:")
            import_ui.show_report(dry, dry_run=True, key="imp_dry_csv")
            st.markdown("**Preview** — the first rows as they will be imported:")
            st.dataframe(dry.preview, hide_index=True, width="stretch")
            rows_in = dry.total_read - dry.rows_skipped
            and_demo = " and remove the demo data" if dry.demo_removed else ""
            if st.button(f"Import {rows_in:,} rows into {kind}{and_demo}", type="primary", key="imp_go"):
                try:
                    report = import_ui.run_with_progress(options, paths)
                except ImportRefused as exc:
                    st.error(f"The import was refused: {md_text(import_ui.refusal_text(exc))}", icon=":material/block:")
                else:
                    # rerun so that "Loaded now" above shows the new rows; the report is shown after it
                    st.session_state["_import_report"] = report
                    st.session_state["_import_count"] = st.session_state.get("_import_count", 0) + 1
                    st.rerun()
    else:
        # the files were removed from the uploader: their copies go too
        import_ui.discard_uploads()
    if snapshots.can_undo(config.db_path()):
        with st.popover("Undo the last change…"):
            st.markdown(
                "Makes the data as it was before the last import or change (of any user, or from the command "
                f"line) current again. The {config.SNAPSHOTS_KEPT} snapshots before it are kept."
            )
            confirmed = st.checkbox("Yes, go back one step", key="undo_confirm")
            if st.button("Undo the last change", key="undo_go"):
                if confirmed:
                    try:
                        said = undoing.undo_lines(config.db_path())
                    except snapshots.Busy as exc:
                        st.error(f"Nothing was undone: {md_text(exc)}.", icon=":material/block:")
                    else:
                        st.session_state.pop("_import_report", None)
                        ui.set_notice(import_ui.undo_notice(said))
                        st.rerun()
                st.warning("Tick “Yes, go back one step” first. Nothing was changed.", icon=":material/warning:")


def _save_sales_sources() -> None:
    if not auth.is_admin():  # the role may have changed since the button was drawn
        return
    try:
        with ui.writing("a change of the sales-owned sources") as con:
            saved = store.set_sales_sources(con, st.session_state["sales_sources_pick"])
    except snapshots.Busy as exc:
        ui.set_notice(f"Nothing was saved: {exc}.")
        return
    st.session_state["sales_sources_pick"] = list(saved)
    listed = (
        md_text(", ".join(label_value("source", s) for s in saved))
        if saved
        else "none: every known source is marketing's"
    )
    ui.set_notice(f"Sales-owned sources saved ({listed}). Every page now splits by this list.")


def _reset_sales_sources() -> None:
    if not auth.is_admin():
        return
    try:
        with ui.writing("a reset of the sales-owned sources") as con:
            st.session_state["sales_sources_pick"] = list(store.reset_sales_sources(con))
    except snapshots.Busy as exc:
        ui.set_notice(f"Nothing was reset: {exc}.")
        return
    ui.set_notice("Sales-owned sources reset to the default list.")


def _save_complete_through(forget: bool) -> None:
    """Save the picked day the exports are complete through (forget: drop the stated day), saying how it ended."""
    if not auth.is_admin():
        return
    day = None if forget else st.session_state.get("complete_through_pick")
    try:
        with ui.writing("a change of the day the exports are complete through") as con:
            store.set_complete_through(con, day if isinstance(day, date) else None)
    except (ValueError, snapshots.Busy) as exc:
        ui.set_notice(f"Nothing was saved: {exc}.")
        return
    ui.set_notice(
        f"The exports are complete through {day:%-d %b %Y}: every page counts to that day."
        if isinstance(day, date)
        else "The stated day is forgotten: the latest record decides how far the data runs."
    )


st.subheader("Sales-owned sources")
in_use = store.sales_sources(con)
st.markdown(
    "Deals whose originating source is on this list are **sales-sourced**; deals from every other known source "
    "are **marketing-sourced**; a deal whose lead has no known source is of **unknown origin** (one without a lead "
    "and without a source of its own is outbound, sales-sourced). The list decides the marketing- vs "
    "sales-sourced split on the Sources page, the overview's revenue alignment, the monthly report and `metrics`. "
    "Sources match ignoring case, spaces, "
    'hyphens, dots and underscores ("Inside Sales" is inside_sales). '
    + ("This is the default list." if store.sales_sources_are_default(con) else "This list was saved here.")
)
labels = ui.compute(sources.source_labels, None, in_use)
# the picker starts from the stored list, and again whenever that changes (an undo, a save in another session): it
# kept an undone list, which a second Save wrote back (trial 74)
if "sales_sources_pick" not in st.session_state or st.session_state.get("sales_sources_pick_from") != list(in_use):
    st.session_state["sales_sources_pick"] = list(in_use)
    st.session_state["sales_sources_pick_from"] = list(in_use)
with ui.growing("sales_sources"):
    st.multiselect(
        "Sales' own sources (pick loaded sources or type new ones)",
        list(dict.fromkeys([*in_use, *st.session_state["sales_sources_pick"], *labels["source"]])),
        key="sales_sources_pick",
        # chips in words (inside_sales -> Inside sales); the list keeps the stored labels
        format_func=partial(label_value, "source"),
        accept_new_options=True,
        disabled=not admin,
    )
if admin:
    s1, s2, _ = st.columns([1, 1, 4])
    s1.button("Save", type="primary", key="sales_sources_save", on_click=_save_sales_sources)
    s2.button("Reset to default", key="sales_sources_reset", on_click=_reset_sales_sources)
if labels.empty:
    st.caption("No source is loaded yet.")
else:
    # the labels exactly as loaded (the list above is typed in them), not in words as other pages show sources
    loaded = labels.rename(columns={"source": "loaded_source"})
    ui.table(loaded[["loaded_source", "count_leads", "count_deals", "counted_as"]])

st.subheader("How far the exports run")
stated = store.complete_through(con)
last_day = targets.data_last_day(con)
st.markdown(
    "The data runs to its latest record, and a month whose last days have none (a weekend, a holiday) is counted "
    "in part: its targets pro rata, the overview still on the month before. If your exports are complete through "
    "a later day, say so here (or `python -m dashboard complete-through YYYY-MM-DD`)."
)
if stated is not None:
    # a stated day the records no longer agree with is said (trial 98: "Stated: complete through 30 Nov" stayed after
    # a replace with older exports, while the pages counted to 28 Oct)
    latest = targets.latest_record(con)
    note = targets.stated_day_note(stated, None if latest is None else latest.date())
    st.caption(f"Stated: the exports are complete through {stated:%-d %b %Y}." + (f" But {note}." if note else ""))
elif last_day is not None:
    st.caption(f"Not stated: the data runs to its latest record, of {last_day:%-d %b %Y}.")
if admin and last_day is not None:
    c1, c2, c3 = st.columns([2, 1, 1])
    c1.date_input("Complete through", value=stated or last_day, key="complete_through_pick")
    c2.button("Save", key="complete_through_save", on_click=_save_complete_through, args=(False,))
    if stated is not None:
        c3.button("Forget it", key="complete_through_clear", on_click=_save_complete_through, args=(True,))

st.subheader("Demo data")
demo_rows = store.demo_counts(con)
if demo_rows:
    st.write(
        f"Generated demo data: {import_ui.table_rows_text(demo_rows)}. Your first import removes all of it in "
        "the same step, or remove it now."
    )
else:
    st.write("No demo data is loaded.")
if admin and demo_rows:
    with st.popover("Remove demo data…"):
        st.markdown(
            f"This deletes {import_ui.table_rows_text(demo_rows)}. Those tables stay empty until you import your own."
        )
        confirmed = st.checkbox("Yes, delete the demo data", key="demo_remove_confirm")
        if st.button("Remove demo data", type="primary", key="demo_remove"):
            if confirmed:
                with ui.writing("a removal of the demo data") as writer:
                    removed = store.remove_demo_tables(writer)
                st.session_state.pop("_import_report", None)
                ui.set_notice(
                    f"Demo data removed: {import_ui.table_rows_text(removed)}. Import your files to fill the dashboard."
                )
                st.rerun()
            st.warning("Tick “Yes, delete the demo data” first. Nothing was removed.", icon=":material/warning:")
if admin:
    with st.popover("Restore demo data…"):
        loaded = {table: rows for table, rows in store.table_counts(con).items() if rows}
        st.markdown(
            f"Replaces **all** data with {config.DEMO_DEFAULT_LEADS:,} generated demo leads and their deals, touches, "
            "spend and targets. "
            + (
                f"Everything loaded now goes: {import_ui.table_rows_text(loaded)}."
                if loaded
                else "Nothing is loaded now."
            )
        )
        confirmed = st.checkbox("Yes, replace all data with the demo", key="demo_restore_confirm")
        if st.button("Restore demo data", key="demo_restore"):
            if confirmed:
                with ui.writing("a restore of the demo data") as writer:
                    demo.generate(writer)
                st.session_state.pop("_import_report", None)
                ui.set_notice(f"Demo data restored: {config.DEMO_DEFAULT_LEADS:,} leads.")
                st.rerun()
            st.warning(
                "Tick “Yes, replace all data with the demo” first. Nothing was changed.", icon=":material/warning:"
            )
