"""Helpers for AppTest tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def metric_values(at: AppTest) -> dict[str, str]:
    """Label -> shown value of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def strings_in(node: object) -> list[str]:
    """Every string in a figure's JSON (names, ticks, texts, hover templates), however deep."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings_in(v)]
    if isinstance(node, list | tuple):
        return [s for v in node for s in strings_in(v)]
    return []
