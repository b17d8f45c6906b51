"""Trial 55 on the SLA page: "every handed-over lead has been contacted" is not said beside a never-contacted lead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import config, sources
from dashboard.cli import main

# Nov 2026: L1 and L3 contacted 30 minutes after their SQL; L2 (SQL 3 Nov) never contacted, its open deal D1 making it
# "never contacted" rather than waiting: Never contacted 1, Waiting now 0
LEADS = (
    "lead_id,created_at,source,sql_at,first_contact_at\n"
    "L1,2026-11-02 09:00,events,2026-11-02 10:00,2026-11-02 10:30\n"
    "L2,2026-11-03 09:00,events,2026-11-03 10:00,\n"
    "L3,2026-11-20 09:00,events,2026-11-20 10:00,2026-11-20 10:30\n"
)
DEALS = "deal_id,lead_id,created_at,status,amount\nD1,L2,2026-11-05 09:00,open,5000\n"


@pytest.fixture
def sla_app(tmp_path: Path, monkeypatch, capsys):
    db = str(tmp_path / "sla.duckdb")
    for kind, text in (("leads", LEADS), ("deals", DEALS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert main(["import", "--db", db, "--kind", kind, str(path)]) == 0
    capsys.readouterr()
    monkeypatch.setenv(config.DB_ENV_VAR, db)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_sla_page_does_not_say_everyone_was_contacted(sla_app):
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["from"] = "2026-11-01"
    at.query_params["to"] = "2026-11-30"
    at.run()
    at.switch_page("pages/2_SLA.py").run()
    assert not at.exception, [e.message for e in at.exception]
    tiles = {m.label: m.value for m in at.metric}
    assert (tiles["Never contacted"], tiles["Waiting now"]) == ("1", "0")
    said = [e.value for e in (*at.success, *at.info)]
    assert not any("every handed-over lead has been contacted" in s for s in said), said
    assert "Nobody is waiting now, but 1 lead handed over was never contacted (in the breach list below)." in said


def test_the_rejection_rate_without_rejections_says_so(sla_app):
    at = AppTest.from_file(str(config.ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["src_view"] = "trend"
    at.run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # no lead of the file is disqualified: the rate chart is empty and says why, not a flat 0 %
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    notes = [a.get("text") for s in specs for a in s["layout"].get("annotations", [])]
    assert sources.NO_REJECTIONS_NOTE in notes, notes
