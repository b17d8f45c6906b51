"""Helpers for AppTest tests."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config


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


def shown_cells(element: object) -> pd.DataFrame:
    """A table as the browser writes it: the display values of its money columns (tables.styled) over its
    values, every cell as text."""
    values = element.value.astype(object).astype(str)  # type: ignore[attr-defined]
    styler = element.proto.arrow_data.styler  # type: ignore[attr-defined]
    if not styler.display_values:
        return values
    written = pa.ipc.open_stream(styler.display_values).read_pandas()
    return written.set_axis(values.columns, axis=1).set_axis(values.index, axis=0)


def open_page(page: str, query: dict[str, str | list[str]]) -> AppTest:
    """A page opened as a link opens it (the landing page with the query, then the page), on fresh caches, with the
    database $FUNNEL_DB names."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "streamlit_app.py" and not at.exception:
        at.switch_page(page).run()
    return at
