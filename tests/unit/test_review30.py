"""Review 30b of trials 46 and 47: a column of three-decimal amounts (Kuwaiti dinars) is not warned row by row, and
a deal's placeholder close date (1970-01-01, stored blank) is not "before its lead". Files written here, a few rows;
every count worked out by hand beside it."""

from __future__ import annotations

from test_csv46 import DEALS_HEADER, count, hs_leads, import_hs

from dashboard.importers.canonical import import_files


def _kept(report) -> list[tuple[int, str, str]]:
    kept = report.issues[report.issues["action"] == "kept"]
    return [(int(r.row_number), r.column_name, r.reason) for r in kept.itertuples()]


def test_a_column_of_three_decimal_amounts_is_not_warned(empty_con, tmp_path):
    # 1.500, 12.250 and 1250.125 dinars: 1250.125 has four digits before the point, which no thousands separator
    # leaves, so the column has three decimals by design. By hand: 3 deals, 1.5 + 12.25 + 1250.125 = 1263.875, no
    # row kept with a warning
    import_hs(empty_con, tmp_path, "leads", "leads.csv", hs_leads(["1", "2", "3"]))
    deals = DEALS_HEADER + (
        "5001,Deal 1,1,closedwon,2026-02-01,2026-02-06,1.500\n"
        "5002,Deal 2,2,closedwon,2026-02-02,2026-02-07,12.250\n"
        "5003,Deal 3,3,closedwon,2026-02-03,2026-02-08,1250.125\n"
    )
    report = import_hs(empty_con, tmp_path, "deals", "deals.csv", deals)
    assert count(empty_con, "deals") == 3
    assert empty_con.execute("select sum(amount) from deals").fetchone()[0] == 1263.875
    assert [k for k in _kept(report) if k[2] == "amount with three decimals"] == []


def test_a_placeholder_close_date_is_not_before_the_lead(empty_con, tmp_path):
    # leads L1 created 2026-01-05, L2 2026-01-06 (canonical files); deal D1 closed 1970-01-01 (a placeholder: stored
    # blank), D2 created 2025-12-20, before its lead L2: by hand 1 deal before its lead, row 2
    leads = tmp_path / "leads.csv"
    leads.write_text("lead_id,created_at,source\nL1,2026-01-05,web\nL2,2026-01-06,web\n", encoding="utf-8")
    import_files(empty_con, "leads", [leads])
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "deal_id,lead_id,created_at,status,closed_at,amount\n"
        "D1,L1,2026-01-25,lost,1970-01-01,1000.00\nD2,L2,2025-12-20,won,2026-01-20,2000.00\n",
        encoding="utf-8",
    )
    report = import_files(empty_con, "deals", [deals])
    assert count(empty_con, "deals") == 2
    said = report.issues.fillna("")
    before = said[said["reason"].eq("deal dated before its lead") | said["also"].str.contains("before its lead")]
    assert before["row_number"].tolist() == [2]


def test_a_deal_closed_hours_before_it_was_created_is_said_so():
    # 0.04 days (an hour) before creation read "closed 0.0 days before it was created"
    from dashboard.metrics import DealSummary

    summary = DealSummary(0, 1, 0, 1.0, 100.0, 100.0, 0.0, closed_before_created=1, most_days_before_created=0.04)
    assert summary.cycle_caveat() == "includes 1 deal closed less than a day before it was created"
