"""Data page: what is loaded now, and how to load more."""

import streamlit as st

from dashboard import import_ui, metrics, store, ui
from dashboard.importers import canonical
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import PRESETS
from dashboard.importers.run import ImportOptions

PRESET_LABELS = {"canonical": "Canonical columns", "hubspot": "HubSpot export", "salesforce": "Salesforce export"}

st.set_page_config(page_title="Data", page_icon="📂", layout="wide")

filters = ui.sidebar_filters()
st.title("Data")
st.caption("What the dashboard is reading, and how to replace it with your own exports.")

con = ui.db()
summary = ui.compute(metrics.data_summary)
st.subheader("Loaded now")
st.dataframe(
    summary,
    hide_index=True,
    column_config={
        "table_name": "Table",
        "count_rows": st.column_config.NumberColumn("Rows", format="localized"),
        "first_date": st.column_config.DateColumn("First date", format="YYYY-MM-DD"),
        "last_date": st.column_config.DateColumn("Last date", format="YYYY-MM-DD"),
    },
)
last_import = store.get_meta(con, "last_import_at")
st.caption(f"Last import or change: {last_import or 'never'} · {'demo data' if store.is_demo(con) else 'your data'}")

st.subheader("Import files")
last = st.session_state.get("_import_report")
if last is not None:
    st.success(f"Last import in this session: {last.rows_loaded:,} rows into {last.kind}.", icon="✅")
    import_ui.show_report(last, dry_run=False, key="imp_last_csv")
st.caption(
    "Leads first, then deals (deals find their leads). Each import is one transaction: a file that cannot "
    "be read is refused with its row and column, and nothing already loaded changes. Rows with a problem "
    "are skipped and listed, unless you choose to refuse the whole import."
)
c1, c2, c3 = st.columns(3)
with c1:
    kind = st.selectbox("Table", list(canonical.KINDS), key="imp_kind")
with c2:
    preset = st.selectbox(
        "Format",
        list(PRESETS),
        key="imp_preset",
        format_func=lambda p: PRESET_LABELS.get(p, p),
        help="HubSpot and Salesforce presets read leads/contacts and deals/opportunities exports.",
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
    sheet = st.text_input("Sheet (XLSX files; blank = the first sheet)", key="imp_sheet").strip()
mapping_upload = st.file_uploader("Mapping file (optional, TOML; see the README)", type=["toml"], key="imp_mapping")
uploads = st.file_uploader(
    "Files (CSV, XLSX or Parquet)",
    type=list(import_ui.UPLOAD_TYPES),
    accept_multiple_files=True,
    # a new key after each import empties the uploader, so the same files are not offered again
    key=f"imp_files_{st.session_state.get('_import_count', 0)}",
)
if uploads:
    options = ImportOptions(kind=kind, preset=preset, mode=mode, on_bad_rows=on_bad_rows, sheet=sheet or None)
    paths, options, dry = import_ui.prepared_import(uploads, mapping_upload, options)
    if isinstance(dry, ImportRefused):
        st.error(f"This import cannot be done: {dry}. Nothing was changed.", icon="🚫")
    else:
        st.markdown("**Check** — what the import will do:")
        import_ui.show_report(dry, dry_run=True, key="imp_dry_csv")
        st.markdown("**Preview** — the first rows as they will be imported:")
        st.dataframe(dry.preview, hide_index=True, width="stretch")
        rows_in = dry.total_read - dry.rows_skipped
        if st.button(f"Import {rows_in:,} rows into {kind}", type="primary", key="imp_go"):
            try:
                report = import_ui.run_with_progress(options, paths)
            except ImportRefused as exc:
                st.error(f"The import was refused: {exc}. Nothing was changed.", icon="🚫")
            else:
                # rerun so that "Loaded now" above shows the new rows; the report is shown after it
                st.session_state["_import_report"] = report
                st.session_state["_import_count"] = st.session_state.get("_import_count", 0) + 1
                st.rerun()

if store.is_demo(con):
    st.subheader("Remove the demo data")
    st.write("Empties every table so that only what you import is shown.")
    if st.button("Remove demo data", type="primary"):
        store.clear_all(con)
        st.success("Demo data removed. Import your files to fill the dashboard.")
        st.rerun()
