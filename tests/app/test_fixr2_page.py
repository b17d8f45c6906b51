"""Trial 61 on the Sources page, counted by hand: "Price" and "price" are one lost reason (they were two rows, and two
"Price" columns of the heatmap), "No Budget" and "No budget" one rejection reason, and a missing reason reads
"no reason recorded" as the README says (the page wrote "(none)")."""

from __future__ import annotations

import json

from dashboard.importers.canonical import import_files

# rejections: "no budget" written five ways: No Budget (L1), No budget (L2, L6), no_budget (L3), "No  budget" (L4, two
# spaces) -> one reason named "No budget" (2 of 5): web L1 L2 L3 = 3, ads L4 L6 = 2. "bad timing" (L7) and "Bad
# Timing" (L8), one each: a tie, named by the first in byte order, "Bad Timing": web 2. L9 no reason: web 1. ads L5
# "Poor fit" 1. SQLs rejected: L7, L8 (Bad Timing 2) and L9 (no reason 1)
LEADS = """lead_id,created_at,source,lifecycle_stage,mql_at,sql_at,disqualified_at,disqualify_reason
L1,2026-03-02 09:00,web,lead,,,2026-03-05 09:00,No Budget
L2,2026-03-02 10:00,web,lead,,,2026-03-05 09:00,No budget
L3,2026-03-03 09:00,web,lead,,,2026-03-05 09:00,no_budget
L4,2026-03-03 10:00,ads,lead,,,2026-03-05 09:00,No  budget
L5,2026-03-04 09:00,ads,lead,,,2026-03-05 09:00,Poor fit
L6,2026-03-04 10:00,ads,lead,,,2026-03-05 09:00,No budget
L7,2026-03-04 11:00,web,sql,2026-03-05 09:00,2026-03-06 09:00,2026-03-09 09:00,bad timing
L8,2026-03-04 12:00,web,sql,2026-03-05 09:00,2026-03-06 09:00,2026-03-09 09:00,Bad Timing
L9,2026-03-05 09:00,web,sql,2026-03-05 10:00,2026-03-06 10:00,2026-03-09 09:00,
L10,2026-03-05 10:00,web,mql,2026-03-06 09:00,,,
"""
# lost deals of web (L10's): Price D1 D2, price D3 -> Price 3; Timing D4 1; D5 no reason 1; closed: D1-D5 and won D6 = 6
DEALS = """deal_id,lead_id,created_at,closed_at,status,amount,lost_reason
D1,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,Price
D2,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,Price
D3,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,price
D4,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,Timing
D5,L10,2026-03-07 09:00,2026-03-20 09:00,lost,100,
D6,L10,2026-03-07 09:00,2026-03-20 09:00,won,500,
"""


def _file(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _open(app_over, tmp_path, view: str):
    def fill(con) -> None:
        import_files(con, "leads", [_file(tmp_path, "leads.csv", LEADS)])
        import_files(con, "deals", [_file(tmp_path, "deals.csv", DEALS)])

    at = app_over(fill, src_view=view).run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_one_row_and_one_heatmap_column_per_lost_reason(app_over, tmp_path):
    at = _open(app_over, tmp_path, "lost")
    table = at.dataframe[0].value
    # web's lost deals: Price D1 D2 and price D3 = 3, Timing D4, D5 without a reason
    assert table[["Reason", "Lost"]].values.tolist() == [["Price", 3], ["Timing", 1], ["no reason recorded", 1]]
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert sorted(heatmap["x"]) == ["Price", "Timing", "no reason recorded"]


def test_one_row_per_rejection_reason(app_over, tmp_path):
    at = _open(app_over, tmp_path, "rejected")
    table = at.dataframe[0].value
    got = {(r["Source"], r["Reason"]): r["Rejected leads (any stage)"] for r in table.to_dict("records")}
    # No Budget L1, No budget L2 L6, no_budget L3, "No  budget" L4: web 3, ads 2; bad timing L7 and Bad Timing L8 (a
    # tie, named "Bad Timing"); L9 without a reason; ads' Poor fit L5
    assert got == {
        ("Web", "No budget"): 3,
        ("Web", "Bad Timing"): 2,
        ("Web", "no reason recorded"): 1,
        ("Ads", "No budget"): 2,
        ("Ads", "Poor fit"): 1,
    }
