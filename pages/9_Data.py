"""Data page: what is loaded now, and how to load more."""

import streamlit as st

from dashboard import metrics, store, ui

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
        "first_date": "First date",
        "last_date": "Last date",
    },
)
last_import = store.get_meta(con, "last_import_at")
st.caption(f"Last change: {last_import or 'never'} · {'demo data' if store.is_demo(con) else 'your data'}")

st.subheader("Load your own data")
st.markdown(
    "Import files already in the canonical columns (see the README) from a terminal, "
    "one transaction per import:\n\n"
    "```\npython -m dashboard import --kind leads --preset canonical leads.csv\n"
    "python -m dashboard import --kind deals --preset canonical deals.csv\n```"
)

if store.is_demo(con):
    st.subheader("Remove the demo data")
    st.write("Empties every table so that only what you import is shown.")
    if st.button("Remove demo data", type="primary"):
        store.clear_all(con)
        st.success("Demo data removed. Import your files to fill the dashboard.")
        st.rerun()
