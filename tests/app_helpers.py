"""Helpers for AppTest tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def metric_values(at: AppTest) -> dict[str, str]:
    """Label -> shown value of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}
