"""Findings of the last stop's trial and review, each counted by hand: the SLA's waiting band as one config number,
the cost of breaches counted once, canonical headers read whatever their case, the import's advice fitted to the
mapping in use, the Data page and `undo` after a stated complete-through day, Salesforce user ids as lead owners."""

from __future__ import annotations

import pandas as pd
import pytest
from db_copies import built_copy
from fixture_data import load
from test_sla_edges import EDGE_LEADS

from dashboard import config, sla
from dashboard.filters import Filters


@pytest.fixture
def edge_con():
    con, _ = built_copy(f"{__name__} edge_con", lambda db, _folder: load(db, EDGE_LEADS, []))
    yield con
    con.close()


def test_the_waiting_band_is_the_one_config_number_the_sql_and_the_cost_share(edge_con, monkeypatch):
    # the SQL wrote 6 and sla.WAITING_BAND said 6 apart: moved in config alone, the waiting band moved with it in both
    monkeypatch.setattr(config, "SLA_WAITING_BAND_ORDER", 9, raising=False)
    bands = sla.speed_pays(edge_con, Filters(window_days=0), sla.SlaSettings()).set_index("band")
    # EDGE_LEADS (SLA 60 min from the SQL): E5, not contacted 14 days after its SQL, inside the 30-day horizon, is
    # the one lead waiting overdue; before, its band stayed 6
    assert int(bands.at["waiting, overdue", "band_order"]) == 9
    assert int(bands.at["waiting, overdue", "count_leads"]) == 1
    # no rate for a lead still waiting; the others have theirs (E7 never contacted: 0 opportunities of 1)
    assert bands["opportunity_rate"].isna().to_dict() == {
        "contacted before SQL": False,
        "15–60 min": False,
        "60+ min": False,
        "never contacted": False,
        "waiting, overdue": True,
    }
    # within: E2 (20 min), E3 (contacted before its SQL) = 2; breached: E4 (120), E1 (2430), E7 (never) = 3; E5 left
    # out (before, band 9 was not 6: E5 counted breached, 4)
    counts = sla.stake_counts(bands.reset_index())
    assert (counts.within, counts.breached) == (2, 3)


def test_the_cost_of_breaches_counts_the_bands_once(monkeypatch):
    # 30 of 40 within (75 %) against 5 of 40 breached (12.5 %), 35 wins worth $35,000: 40 × 0.625 × $1,000 = $25,000
    bands = pd.DataFrame(
        [(1, True, 40, 0, 30, 30, 30_000.0), (4, False, 40, 0, 5, 5, 5_000.0)],
        columns=["band_order", "within_sla", "count_leads", "count_young", "count_won", "count_won_grown", "revenue"],
    )
    calls: list[int] = []
    counted = sla.stake_counts
    monkeypatch.setattr(sla, "stake_counts", lambda b: calls.append(1) or counted(b))
    note = sla.stake_note(bands, Filters(window_days=0))
    assert "about **$25k** of revenue" in note
    assert "40 leads handed over within the SLA (30 became customers) against 40 breached (5)" in note
    # before: revenue_at_stake counted them, then stake_note again (2)
    assert len(calls) == 1
