"""Landing page: the headline numbers of the shared funnel for the filtered view."""

import streamlit as st

from dashboard import charts, metrics, ui
from dashboard.formatting import fmt_int, fmt_money

st.set_page_config(page_title="Funnel overview", page_icon="📊", layout="wide")

filters = ui.sidebar_filters()
ui.page_header("Funnel overview", filters)

if ui.require_data():
    head = ui.compute(metrics.headline, filters)
    ui.kpi_row(
        [
            ("Leads", fmt_int(head.leads), "People who entered the funnel"),
            ("MQLs", fmt_int(head.mqls), "Leads marketing qualified (or that reached a later stage)"),
            ("SQLs", fmt_int(head.sqls), "Leads sales accepted as sales-qualified"),
            ("Opportunities", fmt_int(head.opportunities), "Leads with at least one deal"),
            ("Won deals", fmt_int(head.won_deals), "Deals won, including deals without a lead"),
            ("Revenue", fmt_money(head.revenue), "Amount of the won deals"),
        ]
    )
    if head.leads == 0 and head.won_deals == 0:
        st.info(
            "No leads or deals match these filters. Widen the date range or clear a filter in the sidebar.",
            icon="🔍",
        )
    else:
        st.subheader("Stage entries per month")
        st.plotly_chart(charts.monthly_entries(ui.compute(metrics.monthly_entries, filters)), width="stretch")
