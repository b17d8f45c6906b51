"""Data page: what is loaded now, and how to load more."""

import streamlit as st

from dashboard import metrics, store, ui
from dashboard.importers import canonical
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import PRESETS
from dashboard.importers.run import run_import

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
st.caption(f"Last change: {last_import or 'never'} · {'demo data' if store.is_demo(con) else 'your data'}")

st.subheader("Import files")
if "_import_result" in st.session_state:
    st.success("Last import in this session:  \n" + st.session_state["_import_result"].replace("\n", "  \n"), icon="✅")
st.caption(
    "Leads first, then deals (deals find their leads). Each import is one transaction: a file that cannot "
    "be read is refused with its row and column, and nothing already loaded changes."
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
mapping_upload = st.file_uploader("Mapping file (optional, TOML; see the README)", type=["toml"], key="imp_mapping")
uploads = st.file_uploader("Files (CSV)", type=["csv", "txt", "tsv"], accept_multiple_files=True, key="imp_files")
if uploads:
    paths, mapping_path, dry = ui.prepared_import(uploads, mapping_upload, kind, preset, mode)
    if isinstance(dry, ImportRefused):
        st.error(f"This import cannot be done: {dry}. Nothing was changed.", icon="🚫")
    else:
        st.markdown(f"**Preview** — the first rows of {sum(dry.rows_read.values()):,} as they will be imported:")
        st.dataframe(dry.preview, hide_index=True, width="stretch")
        if st.button(f"Import {sum(dry.rows_read.values()):,} rows into {kind}", type="primary", key="imp_go"):
            try:
                with st.spinner("Importing…"):
                    report = run_import(con, kind, paths, preset, mapping_path, mode)
            except ImportRefused as exc:
                st.error(f"The import was refused: {exc}. Nothing was changed.", icon="🚫")
            else:
                # rerun so that "Loaded now" above shows the new rows; the result is shown after it
                st.session_state["_import_result"] = report.summary()
                st.rerun()

if store.is_demo(con):
    st.subheader("Remove the demo data")
    st.write("Empties every table so that only what you import is shown.")
    if st.button("Remove demo data", type="primary"):
        store.clear_all(con)
        st.success("Demo data removed. Import your files to fill the dashboard.")
        st.rerun()
