"""AppTest helpers: each test gets the fixture database and empty Streamlit caches."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config


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
