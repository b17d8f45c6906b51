"""Review 24's findings on deals kept aside for want of their lead (R1, R1b, R2, R9) and on the refusal of a daily
and a month-total spend file imported together (R4). Every number is counted by hand from the files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import demo, store
from dashboard.cli import main
from dashboard.importers.canonical import ImportRefused, import_files

LEADS_12 = "lead_id,created_at,source,lifecycle_stage\nL1,2026-08-01,paid_search,lead\nL2,2026-08-02,organic,lead\n"
LEADS_123 = LEADS_12 + "L3,2026-08-03,organic,lead\n"
DEALS_HEADER = "deal_id,lead_id,created_at,amount,status,closed_at\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out


def deals_numbers(db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, int, float]:
    doc = json.loads(run(capsys, "metrics", "--db", db, "--format", "json"))
    return doc["deals"]["open"], doc["deals"]["won"], doc["deals"]["revenue"]


def awaiting(db: str) -> list[tuple[str, str]]:
    con = store.connect(db, read_only=True)
    try:
        return con.execute("select deal_id, lead_id from deals_awaiting_lead order by deal_id").fetchall()
    finally:
        con.close()


def test_deals_imported_over_demo_leads_are_kept_aside_and_come_in_with_their_leads(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    run(capsys, "demo", "--db", db, "--leads", "30")
    deals = write(
        tmp_path,
        "deals.csv",
        DEALS_HEADER + "D0,,2026-08-10,500,won,2026-08-20\nD1,L1,2026-08-10,1000,won,2026-08-20\n"
        "D3,L3,2026-08-12,4000,won,2026-08-22\n",
    )
    out = run(capsys, "import", "--db", db, "--kind", "deals", deals)
    # D1 and D3 name leads not loaded (the demo leads go with this import): both kept aside, and said
    assert "2 rows skipped: unknown lead" in out
    assert "2 deals skipped for want of their lead are kept aside" in out
    assert awaiting(db) == [("D1", "L1"), ("D3", "L3")]
    out = run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", LEADS_123))
    assert "2 deals skipped earlier for want of their lead imported now that the lead is loaded (D1, D3)" in out
    # won: D0 500 + D1 1,000 + D3 4,000 = 5,500, 3 won (before the fix: 500, 1 won)
    assert deals_numbers(db, capsys) == (0, 3, 5500.0)


def test_touches_and_a_refused_deals_import_promise_no_deal_kept_aside(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", LEADS_12))
    touches = write(tmp_path, "t.csv", "lead_id,touched_at,source\nL1,2026-08-01,paid_search\nL9,2026-08-02,email\n")
    out = run(capsys, "import", "--db", db, "--kind", "touches", touches)
    # L9's touch is skipped for good: 1 row skipped, and no word of keeping it
    assert "1 row skipped: unknown lead" in out
    assert "kept aside" not in out
    # every deal names L7 or L8, neither loaded: the import is refused and nothing is kept
    deals = write(
        tmp_path, "deals.csv", DEALS_HEADER + "D7,L7,2026-08-10,1000,won,2026-08-20\nD8,L8,2026-08-11,2000,open,\n"
    )
    con = store.connect(db)
    with pytest.raises(ImportRefused) as refused:
        import_files(con, "deals", [deals])
    text = str(refused.value)
    assert text.startswith("none of the 2 rows can be imported")
    assert "kept aside" not in text
    assert con.execute("select count(*) from deals_awaiting_lead").fetchall() == [(0,)]
    con.close()


def park_d3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A database of own leads L1, L2 and deals D1 (L1, won 1,000), D3 (L3, won 4,000) whose D3 waits for L3."""
    tmp_path.mkdir(exist_ok=True)
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", LEADS_12))
    deals = DEALS_HEADER + "D1,L1,2026-08-10,1000,won,2026-08-20\nD3,L3,2026-08-12,4000,won,2026-08-22\n"
    run(capsys, "import", "--db", db, "--kind", "deals", write(tmp_path, "deals.csv", deals))
    assert awaiting(db) == [("D3", "L3")]
    return db


def test_demo_empties_the_deals_kept_aside_of_the_data_it_replaces(tmp_path, capsys):
    db = park_d3(tmp_path, capsys)
    run(capsys, "demo", "--db", db, "--leads", "30")
    assert awaiting(db) == []
    out = run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads2.csv", LEADS_123))
    # no deals file imported since the demo: 0 deals, revenue 0 (before the fix D3 came back: 4,000)
    assert "D3" not in out
    assert deals_numbers(db, capsys) == (0, 0, 0.0)
    # the other path that replaces every deal, a deals replace, empties the list too
    db = park_d3(tmp_path / "again", capsys)
    deals = DEALS_HEADER + "D1,L1,2026-08-10,1000,won,2026-08-20\n"
    run(capsys, "import", "--db", db, "--kind", "deals", "--mode", "replace", write(tmp_path, "d1.csv", deals))
    assert awaiting(db) == []


def test_clearing_all_data_or_removing_demo_deals_empties_the_deals_kept_aside(tmp_path, capsys):
    db = park_d3(tmp_path, capsys)
    con = store.connect(db)
    store.clear_all(con)
    assert con.execute("select count(*) from deals_awaiting_lead").fetchall() == [(0,)]
    # a kept-aside row beside demo deals (a file from before the fix): removing the demo deals removes it
    demo.generate(con, leads=30)
    con.execute("insert into deals_awaiting_lead by name select 'D3' as deal_id, 'L3' as lead_id")
    store.remove_demo_tables(con)
    assert con.execute("select count(*) from deals_awaiting_lead").fetchall() == [(0,)]
    con.close()


def test_a_stored_deal_moved_to_a_lead_not_loaded_waits_and_is_updated_with_the_lead(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", LEADS_12))
    first = DEALS_HEADER + "D1,L1,2026-08-10,1000,won,2026-08-20\nD2,L2,2026-08-11,2000,open,\n"
    run(capsys, "import", "--db", db, "--kind", "deals", write(tmp_path, "h1a.csv", first))
    # this month D2 is on L3 (not loaded yet) and won 2,500
    later = DEALS_HEADER + "D1,L1,2026-08-10,1000,won,2026-08-20\nD2,L3,2026-08-11,2500,won,2026-09-01\n"
    out = run(capsys, "import", "--db", db, "--kind", "deals", "--mode", "append", write(tmp_path, "h1b.csv", later))
    assert "1 stored deal is not updated: this file names a lead not loaded (D2 (lead L3))" in out
    assert awaiting(db) == [("D2", "L3")]
    # until L3 comes: the stored D2 (open 2,000) stays; won D1 1,000
    assert deals_numbers(db, capsys) == (1, 1, 1000.0)
    out = run(capsys, "import", "--db", db, "--kind", "leads", "--mode", "append", write(tmp_path, "l.csv", LEADS_123))
    assert "1 deal skipped earlier for want of its lead imported now that the lead is loaded (D2)" in out
    # D1 1,000 + D2 2,500 = 3,500 won, 0 open (before the fix: 1,000 won, D2 open 2,000 on L2)
    assert deals_numbers(db, capsys) == (0, 2, 3500.0)
    con = store.connect(db, read_only=True)
    assert con.execute("select lead_id from deals where deal_id = 'D2'").fetchall() == [("L3",)]
    con.close()
    assert awaiting(db) == []


def test_of_two_rows_of_one_deal_kept_aside_the_first_of_the_file_waits_and_a_later_import_replaces_it(
    empty_con, tmp_path
):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS_12)])
    # D5 on L8 (a.csv, after ten deals of leads not loaded either) and on L9 (b.csv): a.csv's row waits, on L8.
    # Before the fix either could: of 6 runs of this import, one kept L9; 20 imports here
    rows = "".join(f"X{i},M{i},2026-08-10,1,won,2026-08-20\n" for i in range(10))
    first = write(tmp_path, "a.csv", DEALS_HEADER + "D1,L1,2026-08-10,1000,won,2026-08-20\n" + rows
                  + "D5,L8,2026-08-10,700,won,2026-08-20\n")  # fmt: skip
    second = write(tmp_path, "b.csv", DEALS_HEADER + "D5,L9,2026-08-10,900,won,2026-08-20\n")
    for _ in range(20):
        import_files(empty_con, "deals", [first, second])
        parked = "select lead_id from deals_awaiting_lead where deal_id = 'D5'"
        assert empty_con.execute(parked).fetchall() == [("L8",)]
    # a later append gives D5 on L9: the later import's row waits instead, and comes in with L9
    later = DEALS_HEADER + "D1,L1,2026-08-10,1000,won,2026-08-20\nD5,L9,2026-08-10,900,won,2026-08-20\n"
    import_files(empty_con, "deals", [write(tmp_path, "later.csv", later)], mode="append")
    assert empty_con.execute(parked).fetchall() == [("L9",)]
    leads = "lead_id,created_at,source,lifecycle_stage\nL9,2026-08-05,organic,lead\n"
    import_files(empty_con, "leads", [write(tmp_path, "l9.csv", leads)], mode="append")
    # D1 1,000 + D5 900 = 1,900
    assert empty_con.execute("select sum(amount) from deals where status = 'won'").fetchall() == [(1900.0,)]


META_DAILY = (
    "month,source,campaign,amount\n2026-09-01,paid_social,meta_fall,100\n2026-09-02,paid_social,meta_fall,200\n"
)


def test_another_platforms_month_total_beside_a_daily_campaign_is_imported(empty_con, tmp_path):
    daily = write(tmp_path, "meta_daily.csv", META_DAILY)
    linkedin = write(tmp_path, "linkedin_month.csv", "month,source,amount\n2026-09,paid_social,500\n")
    import_files(empty_con, "spend", [daily, linkedin])
    # 100 + 200 of Meta and 500 of LinkedIn: 800 of paid_social in Sep 2026 (refused before the fix)
    assert empty_con.execute("select sum(amount) from spend").fetchall() == [(800.0,)]
    # a total without campaign that sums the daily rows, 100 + 200 = 300, is the same money: still refused
    total = write(tmp_path, "total.csv", "month,source,amount\n2026-10,paid_social,300\n")
    daily = write(tmp_path, "oct.csv", META_DAILY.replace("2026-09", "2026-10"))
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [daily, total], mode="append")
    assert str(refused.value).startswith(
        "oct.csv gives the spend of paid_social meta_fall of Oct 2026 by day (2 rows, 300) and total.csv as "
        "the month's total of paid_social without a campaign (300)"
    )
    # nothing changed: 800 still
    assert empty_con.execute("select sum(amount) from spend").fetchall() == [(800.0,)]
