"""The rejection rate is rejected MQLs ÷ MQLs handed to sales (DOMAIN.md): leads turned down before they were ever
MQLs stay in the rejected count, but no longer lift the rate above 100 %. Counted by hand from the file below."""

from __future__ import annotations

from pathlib import Path

from dashboard import sources
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

# web: L1 MQL rejected, L2 MQL kept, L3 and L4 rejected as plain leads (never MQLs): 3 rejected, 1 of them an MQL,
# 2 MQLs -> rate 1/2 = 50 % (counting every rejected lead against the MQLs read 3/2 = 150 %).
# ads: L5 a plain lead rejected, no MQL -> no rate (nothing was handed over).
LEADS = """lead_id,created_at,source,lifecycle_stage,mql_at,disqualified_at,disqualify_reason
L1,2026-03-02 09:00,web,mql,2026-03-03 09:00,2026-03-10 09:00,no budget
L2,2026-03-02 10:00,web,mql,2026-03-04 09:00,,
L3,2026-03-05 09:00,web,lead,,2026-03-06 09:00,no budget
L4,2026-03-06 09:00,web,lead,,2026-03-07 09:00,poor fit
L5,2026-03-07 09:00,ads,lead,,2026-03-08 09:00,poor fit
"""


def _load(con, tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    import_files(con, "leads", [str(path)])


def test_the_rate_counts_only_rejected_mqls_against_the_mqls(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    table = sources.rejections(empty_con, Filters())
    got = {
        (r["source"], r["reason"]): (r["count_rejected"], r["count_rejected_mqls"], r["count_mqls"])
        for r in table.to_dict("records")
    }
    # web "no budget": L1 (an MQL) and L3; "poor fit": L4; ads "poor fit": L5; web's MQLs L1, L2, ads none
    assert got == {
        ("web", "no budget"): (2, 1, 2),
        ("web", "poor fit"): (1, 0, 2),
        ("ads", "poor fit"): (1, 0, 0),
    }
    rates = {(r["source"], r["reason"]): r["rejection_rate"] for r in table.to_dict("records")}
    assert rates[("web", "no budget")] == 0.5 and rates[("web", "poor fit")] == 0.0
    assert rates[("ads", "poor fit")] != rates[("ads", "poor fit")]  # NaN: no MQL was handed over
    assert all(r <= 1 for r in table["rejection_rate"].dropna())


def test_the_monthly_trend_rate_is_rejected_mqls_over_mqls(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    trend = sources.source_trend(empty_con, Filters())
    got = {
        r["source"]: (r["count_leads"], r["count_mqls"], r["count_rejected"], r["count_rejected_mqls"])
        for r in trend.to_dict("records")
    }
    # March 2026: web 4 leads, 2 MQLs, 3 rejected (L1 L3 L4), 1 of them an MQL; ads 1 lead, none, 1 rejected
    assert got == {"web": (4, 2, 3, 1), "ads": (1, 0, 1, 0)}
    rates = dict(zip(trend["source"], trend["rejection_rate"], strict=True))
    assert rates["web"] == 0.5  # was 3 / 2 = 150 %
    assert rates["ads"] != rates["ads"]
