"""Accounts: buying-group depth (people and personas engaged before the first opportunity) and the account list."""

from functools import partial

import streamlit as st

from dashboard import accounts, charts, ui
from dashboard.formatting import fmt_int

st.set_page_config(page_title="Accounts", page_icon="🏢", layout="wide")

filters = ui.sidebar_filters(counts_by="account")
ui.page_header("Accounts and buying groups", filters)

if ui.accounts_available() and ui.require_data():
    groups = ui.compute(accounts.depth_groups, filters)
    st.caption(accounts.describe(filters))

    st.header("Buying-group depth")
    st.caption(accounts.coverage(groups).sentence())
    depth = accounts.by_depth(groups)
    if accounts.judged(groups).empty:
        # the coverage sentence above says why no account is judged; empty charts would only add 0 % axes
        st.info(accounts.coverage(groups).none_judged(), icon=":material/hourglass_empty:")
    else:
        st.plotly_chart(
            charts.account_conversion(depth, "bucket", "People engaged before the first opportunity"), width="stretch"
        )
        ui.table(depth)

        st.subheader("By persona mix")
        mix = accounts.by_mix(groups)
        st.plotly_chart(charts.account_conversion(mix, "persona_mix", "Personas engaged"), width="stretch")
        ui.table(mix)

    st.header("The accounts")
    choices = [accounts.ALL_BUCKETS, *accounts.BUCKETS]
    bucket = ui.page_choice(
        st.radio,
        "People engaged",
        choices,
        "depth",
        accounts.ALL_BUCKETS,
        horizontal=True,
        format_func=lambda b: "All" if b == accounts.ALL_BUCKETS else b,
    )
    total = accounts.list_size(groups, bucket)
    pages = max(1, -(-total // accounts.PAGE_SIZE))
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, key="acc_page") - 1
    rows = ui.compute(accounts.account_list_shown, filters, bucket, page)
    st.caption(accounts.list_caption(groups, bucket, len(rows), page))
    # an account's leads whenever created, not the view's: 180 beside the 141 leads every other page counts
    ui.table(rows.drop(columns="account_id"), labels={"count_leads": accounts.LEADS_ALL_TIME}, pin_first=True)
    st.download_button(
        f"Download all {fmt_int(total)} as CSV",
        # built only when clicked: the whole list can be a million accounts
        data=partial(accounts.account_list_csv, ui.db(), filters, bucket),
        file_name=f"accounts_{'all' if bucket == accounts.ALL_BUCKETS else bucket}.csv",
        mime="text/csv",
        disabled=total == 0,
    )
