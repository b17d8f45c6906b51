"""Definitions: the words both teams read, generated from the configuration."""

import streamlit as st

from dashboard import definitions, store, ui

st.set_page_config(page_title="Definitions", page_icon="📖", layout="wide")

filters = ui.sidebar_filters()
st.title("Definitions")
st.caption(
    "Generated from the dashboard's configuration and the sales-owned sources saved on the Data page, "
    "so the numbers and these words cannot drift apart."
)
for title, text in definitions.sections(store.sales_sources(ui.db())):
    st.subheader(title)
    st.markdown(text)
