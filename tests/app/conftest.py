"""AppTest helpers: each test gets the fixture database and empty Streamlit caches."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config, store


@pytest.fixture(autouse=True)
def no_secrets_file(monkeypatch) -> None:
    """Read no secrets.toml: a developer's own [auth] would gate every page (tests set `at.secrets`)."""
    monkeypatch.setattr(st.secrets, "_secrets", {})


@pytest.fixture
def app_db(fixture_db_path, monkeypatch) -> str:
    monkeypatch.setenv(config.DB_ENV_VAR, fixture_db_path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield fixture_db_path
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def make_app(app_db):
    def factory(script: str = "streamlit_app.py", **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(config.ROOT / script), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        return at

    return factory


@pytest.fixture
def app_over(tmp_path, monkeypatch):
    """A factory of the landing page's AppTest over a database filled by `fill(con)` (the fixture's loaders), with
    the query parameters given; empty Streamlit caches before and after."""

    def factory(fill, **query: str) -> AppTest:
        path = str(tmp_path / "app_over.duckdb")
        con = store.connect(path)
        fill(con)
        con.close()
        monkeypatch.setenv(config.DB_ENV_VAR, path)
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        return at

    yield factory
    st.cache_data.clear()
    st.cache_resource.clear()
