"""Trial 103 in AppTest: the deals stored twice under the ids of two CRMs (a Salesforce export appended over the
HubSpot one) are said on the landing page and the Data page, with counts and the fix, after the next import too."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config, store
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping
from tests.trial103_fixture import SALESFORCE_OPPORTUNITIES, append_one_hubspot_deal, import_hubspot, write_file


@pytest.fixture
def trial103_db(tmp_path) -> str:
    """Trial 103's database file: the HubSpot exports, then Salesforce's opportunities appended (3 deals stored
    twice, under the ids of the two CRMs)."""
    path = str(tmp_path / "trial103.duckdb")
    con = store.connect(path)
    import_hubspot(con, tmp_path)
    sf = write_file(tmp_path, "sf_deals.csv", SALESFORCE_OPPORTUNITIES)
    import_files(con, "deals", [sf], mode="append", mapping=preset_mapping("salesforce", "deals"))
    con.close()
    return path


def test_deals_stored_twice_are_said_on_the_landing_and_data_pages(trial103_db, tmp_path, monkeypatch):
    path = trial103_db
    # a later import, whose report says nothing of the deals stored twice
    con = store.connect(path)
    append_one_hubspot_deal(con, tmp_path)
    con.close()
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    # OP01A = 9004, OP02A = 9006, OP03A = 9007
    landing = [w.value for w in at.warning if "stored twice" in w.value]
    assert len(landing) == 1
    assert landing[0].startswith("3 deals are stored twice, under the ids of two CRMs")
    at.switch_page("pages/9_Data.py").run()
    assert not at.exception, [e.message for e in at.exception]
    data = [w.value for w in at.warning if "fails a check" in w.value]
    assert len(data) == 1
    assert "stored twice: 3 deals of sf" in data[0]
    assert "HubSpot Deal ID" in data[0] and "Opportunity ID" in data[0]
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_landing_notice_reads_the_pairs_once_across_reruns(trial103_db, monkeypatch):
    # the notice's rows (checks.violations, 373 ms at ten million leads while the check fails) are cached with the
    # page's other computations: read at the first run, not at the rerun a widget causes (read at each before)
    from dashboard import checks

    path = trial103_db
    reads = []
    real = checks.violations
    monkeypatch.setattr(checks, "violations", lambda c, name: reads.append(name) or real(c, name))
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=120).run()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert next(w.value for w in at.warning if "stored twice" in w.value).startswith("3 deals are stored twice")
    assert reads.count(checks.STORED_TWICE) == 1
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_data_page_reads_the_pairs_once_across_reruns(trial103_db, monkeypatch):
    # the Data page's sentences on the failed checks read the pairs of records stored twice (checks.violations), as
    # the landing notice does: cached on the data version with the other computations, read at the page's first run
    # and not at the rerun a widget causes (read at each before)
    from dashboard import checks

    path = trial103_db
    reads = []
    real = checks.violations
    monkeypatch.setattr(checks, "violations", lambda c, name: reads.append(name) or real(c, name))
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=120).run()
    reads.clear()  # the landing notice's own read
    at.switch_page("pages/9_Data.py").run()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    data = [w.value for w in at.warning if "fails a check" in w.value]
    assert len(data) == 1 and "stored twice: 3 deals of sf" in data[0]
    assert reads.count(checks.STORED_TWICE) == 1
    st.cache_data.clear()
    st.cache_resource.clear()
