"""Trial 51 on the Sources page: a campaign row is one source's and names it; the chart's caption says campaign;
a source with spend but no leads is no worst return."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard import config, store
from dashboard.importers.canonical import import_files

# google's retargeting: leads 1, 2 (1 won 1,000); facebook's retargeting: lead 3 (won 5,000); linkedin's abm: lead 4
# (won 4,000). Spend: facebook's retargeting 1,000, linkedin's abm 2,000, bing 500 (no lead has bing)
LEADS = (
    "lead_id,created_at,source,campaign,lifecycle_stage\n"
    "1,2026-10-02,google,retargeting,customer\n"
    "2,2026-10-03,google,retargeting,lead\n"
    "3,2026-10-05,facebook,retargeting,customer\n"
    "4,2026-10-07,linkedin,abm,customer\n"
)
DEALS = (
    "deal_id,lead_id,created_at,closed_at,status,amount\n"
    "91,1,2026-10-10,2026-10-20,won,1000\n"
    "93,3,2026-10-10,2026-10-22,won,5000\n"
    "94,4,2026-10-10,2026-10-23,won,4000\n"
)
SPEND = (
    "month,source,campaign,amount\n"
    "2026-10-01,facebook,retargeting,1000\n"
    "2026-10-01,linkedin,abm,2000\n"
    "2026-10-01,bing,bing brand,500\n"
)


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    path = str(tmp_path / "p51.duckdb")
    con = store.connect(path)
    for kind, text in (("leads", LEADS), ("deals", DEALS), ("spend", SPEND)):
        file = tmp_path / f"{kind}.csv"
        file.write_text(text, encoding="utf-8")
        import_files(con, kind, [file])
    con.close()
    monkeypatch.setenv(config.DB_ENV_VAR, path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def open_sources(make_app, **query):
    at = make_app(**query).run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_campaign_rows_name_their_source(make_app, db):
    at = open_sources(make_app, by="campaign", **{"from": "2026-10-01", "to": "2026-10-31"})
    table = at.dataframe[0].value
    rows = {(r["Campaign"], r["Source"]): r for r in table.to_dict("records")}
    # by hand: facebook's retargeting 1 lead, 1 won, spend 1,000; google's 2 leads, 1 won, no spend; abm; bing brand
    assert set(rows) == {
        ("Retargeting", "Facebook"),
        ("Retargeting", "Google"),
        ("ABM", "LinkedIn"),
        ("bing brand", "Bing"),  # written with a blank: no code, shown as written
    }
    facebook = rows[("Retargeting", "Facebook")]
    assert (facebook["Leads"], facebook["Spend"]) == (1, "$1k")  # a column with a dash is text
    assert rows[("Retargeting", "Google")]["Leads"] == 2
    assert any(c.value == "Above the dotted line a campaign earned more than it cost." for c in at.caption)


def test_a_source_with_spend_and_no_leads_is_no_worst_return(make_app, db):
    at = open_sources(make_app, **{"from": "2026-10-01", "to": "2026-10-31"})
    said = " ".join(m.value for m in at.markdown)
    # by hand: facebook +400 %, linkedin (4,000 - 2,000) / 2,000 = +100 %, bing -100 % with no lead: worst linkedin
    assert "Worst return: **LinkedIn**" in said
    assert "Spend with no leads or deals of its source" in said
