"""Trial 61 on the Sources page, counted by hand: "Price" and "price" are one lost reason (they were two rows, and two
"Price" columns of the heatmap), "No Budget" and "No budget" one rejection reason, and a missing reason reads
"no reason recorded" as the README says (the page wrote "(none)")."""

from __future__ import annotations

import json

from trial61_fixture import DEALS, LEADS

from dashboard.importers.canonical import import_files


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
