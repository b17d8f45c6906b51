"""The dashboard on Spark ($FUNNEL_ENGINE=spark over the built fixture): every page opens, the headline numbers
are the ones counted by hand and the ones the same data shows on DuckDB, and what Spark cannot do is said."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest
import streamlit as st
from fixture_data import HEADLINE_TILES
from streamlit.testing.v1 import AppTest

from dashboard import config

PAGES = tuple(script for script, _, _ in config.PAGES)
# the pages whose numbers both engines show alike (Accounts and Data say what Spark cannot do instead)
SAME_NUMBERS = ("streamlit_app.py", "pages/1_Funnel.py", "pages/2_SLA.py", "pages/3_Sources.py", "pages/4_Friction.py")


@dataclass
class Seen:
    """What one page showed: its exceptions, tiles, tables and messages."""

    exceptions: list[str]
    metrics: list[tuple[str, str]]
    tables: list[pd.DataFrame]
    infos: list[str]
    warnings: list[str]


def _seen(at: AppTest) -> Seen:
    return Seen(
        # the message is redacted in AppTest; the trace's last line names the error
        [e.stack_trace[-1] if e.stack_trace else e.message for e in at.exception],
        [(m.label, m.value) for m in at.metric],
        [d.value for d in at.dataframe],
        [i.value for i in at.info],
        [w.value for w in at.warning],
    )


def visit(monkeypatch, env: dict[str, str], pages: tuple[str, ...] = PAGES[1:], **query: str) -> dict[str, Seen]:
    """Open the landing page, then the pages in turn in the same session (as a visitor clicks through)."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=600)
    for key, value in query.items():
        at.query_params[key] = value
    seen = {"streamlit_app.py": _seen(at.run())}
    for page in pages:
        seen[page] = _seen(at.switch_page(page).run())
    st.cache_data.clear()
    st.cache_resource.clear()
    return seen


@pytest.fixture(scope="module")
def both(built):
    """Every page on DuckDB (the fixture's file) and on Spark (the tables built from its export)."""
    db_file, folder = built
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(st.secrets, "_secrets", {})  # a developer's own [auth] would gate every page
        duck = visit(mp, {config.ENGINE_ENV_VAR: "duckdb", config.DB_ENV_VAR: str(db_file)})
        spark = visit(mp, {config.ENGINE_ENV_VAR: "spark", config.SPARK_DATA_ENV_VAR: str(folder)})
    return duck, spark


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_spark(both, page):
    _, spark = both
    assert spark[page].exceptions == []


def test_the_headline_numbers_are_the_hand_counted_ones(both):
    _, spark = both
    # the extras (spend, touches, campaigns, rejections) add no lead and no deal
    assert dict(spark["streamlit_app.py"].metrics[-6:]) == HEADLINE_TILES
    funnel = spark["pages/1_Funnel.py"].tables[0]
    assert funnel[["Stage", "Leads"]].values.tolist() == [
        ["Lead", 8],
        ["MQL", 7],
        ["SQL", 6],
        ["Opportunity", 3],
        ["Customer", 2],
    ]


@pytest.mark.parametrize("page", SAME_NUMBERS)
def test_a_page_shows_the_numbers_duckdb_shows(both, page):
    duck, spark = both
    assert duck[page].exceptions == []
    assert spark[page].metrics == duck[page].metrics
    assert len(spark[page].tables) == len(duck[page].tables)
    for on_spark, on_duckdb in zip(spark[page].tables, duck[page].tables, strict=True):
        pd.testing.assert_frame_equal(on_spark, on_duckdb)


def test_accounts_and_data_pages_say_what_needs_duckdb(both, built):
    _, spark = both
    assert spark["pages/5_Accounts.py"].infos == [config.SPARK_NO_ACCOUNTS]
    data = spark["pages/9_Data.py"]
    assert any(str(built[1]) in info and "need the DuckDB engine" in info for info in data.infos)
    # what it reads: the five built tables (no accounts on Spark), counted
    summary = data.tables[0]
    assert dict(zip(summary.iloc[:, 0], summary.iloc[:, 1], strict=True)) == {
        "Leads": 8,
        "Deals": 5,
        "Touches": 4,
        "Spend": 4,
        "Targets": 0,
    }


def test_a_link_counting_by_account_counts_leads_on_spark_and_says_why(monkeypatch, built):
    monkeypatch.setattr(st.secrets, "_secrets", {})
    env = {config.ENGINE_ENV_VAR: "spark", config.SPARK_DATA_ENV_VAR: str(built[1])}
    funnel = visit(monkeypatch, env, ("pages/1_Funnel.py",), count_by="account")["pages/1_Funnel.py"]
    assert funnel.exceptions == []
    assert config.SPARK_NO_ACCOUNTS in funnel.warnings[0]
    assert funnel.tables[0]["Leads"].tolist() == [8, 7, 6, 3, 2]
