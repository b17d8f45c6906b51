"""Trial 28 (touches and accounts exports): a deal booked on an account none of the leads belongs to counts for that
account (it had counted for none), a blank touch or spend date beside another date column is a skipped row (it had
crashed the import), and a touch without a source is said to credit the deal's own source, as it does."""

from __future__ import annotations

from pathlib import Path

from dashboard import metrics, sources, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

# A: a1, a2; no account: b1. D1 of a1 on A won 1,000; D2 of a2 booked on P (no lead is in P) won 7,000; D3 of b1
# open (no account: its lead's own)
LEADS = (
    "lead_id,account_id,created_at,source\na1,A,2025-01-05,paid_search\na2,A,2025-01-10,email\nb1,,2025-01-20,webinar\n"
)
DEALS = (
    "deal_id,lead_id,account_id,created_at,status,closed_at,amount\n"
    "D1,a1,A,2025-01-15,won,2025-02-01,1000\n"
    "D2,a2,P,2025-01-20,won,2025-02-10,7000\n"
    "D3,b1,,2025-01-25,open,,500\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def loaded(con, tmp_path: Path) -> str:
    import_files(con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    return import_files(con, "deals", [write(tmp_path, "deals.csv", DEALS)]).summary()


def test_a_deal_booked_on_an_account_without_leads_counts_for_its_leads_account(empty_con, tmp_path):
    said = loaded(empty_con, tmp_path)
    assert (
        "1 deal is booked on an account none of the leads belongs to (D2 on P, its lead a2 in A): counted by "
        "account, it counts for its lead's account"
    ) in said
    by_account = Filters(count_by="account", window_days=0)
    # accounts A and lead:b1 (2; P has no lead); A a customer (a1's D1, a2's D2), lead:b1 an opportunity (D3 open)
    assert metrics.funnel(empty_con, by_account)["count_leads"].tolist() == [2, 2, 2, 2, 1]
    # the deals of the accounts: D1 and D2 (A's) won, 8,000, as by lead; D3 (lead:b1) open
    for view in (by_account, Filters(window_days=0)):
        deals = metrics.deal_summary(empty_con, view)
        assert (deals.won, deals.revenue, deals.open) == (2, 8000.0, 1), view.count_by


def test_a_lead_without_an_account_takes_its_deal_booked_elsewhere(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    # b1 has no account; its deal D4 names P, which no lead has: D4 counts for lead:b1, and is noted
    deals = "deal_id,lead_id,account_id,created_at,status,closed_at,amount\nD4,b1,P,2025-01-25,won,2025-02-01,900\n"
    said = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", deals)]).summary()
    assert "1 deal is booked on an account none of the leads belongs to (D4 on P, its lead b1)" in said
    by_account = Filters(count_by="account", window_days=0)
    # accounts A (a1, a2) and lead:b1: 2; customer lead:b1 only
    assert metrics.funnel(empty_con, by_account)["count_leads"].tolist() == [2, 1, 1, 1, 1]
    assert metrics.deal_summary(empty_con, by_account).revenue == 900.0


def test_the_deals_account_takes_the_deals_revenue_on_the_sources_page(empty_con, tmp_path):
    loaded(empty_con, tmp_path)
    table = sources.source_table(empty_con, Filters(count_by="account", window_days=0)).set_index("source")
    # both deals count for A, credited to A's source (its first lead a1's paid_search, trial 42): D1 1,000 + D2 7,000
    assert table.loc["paid_search", "revenue"] == 8000.0
    assert table["revenue"].get("email", 0.0) == 0.0


def test_a_file_of_version_21_ties_its_deals_again_on_opening(tmp_path):
    db = str(tmp_path / "v21.duckdb")
    con = store.connect(db)
    loaded(con, tmp_path)
    # as version 21 left it: no unit_account_id, D2 tied to P by its account_id
    con.execute("alter table deal_facts drop column unit_account_id")
    store.set_meta(con, "derived_version", "21")
    con.close()
    con = store.connect(db)
    # by account D2 counts for A, its lead's; its own account stays P (a repeat purchase is the company's)
    assert con.execute("select unit_account_id, account_id from deal_facts where deal_id = 'D2'").fetchone() == (
        "A",
        "P",
    )
    assert metrics.deal_summary(con, Filters(count_by="account", window_days=0)).revenue == 8000.0
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION
    con.close()


def test_a_blank_touch_date_beside_another_date_column_is_a_skipped_row(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    # a Campaign Members report: a1 responded; b1 was sent and never responded (blank First Responded Date)
    members = (
        "Lead ID,Campaign Type,First Responded Date,Created Date\na1,Webinar,1/25/2025,1/3/2025\nb1,Webinar,,1/2/2025\n"
    )
    mapping = write(
        tmp_path,
        "m.toml",
        '[touches.columns]\nlead_id = "Lead ID"\nsource = "Campaign Type"\ntouched_at = "First Responded Date"\n',
    )
    from dashboard.importers.mapping import load_mapping

    report = import_files(
        empty_con, "touches", [write(tmp_path, "members.csv", members)], mapping=load_mapping(mapping)["touches"]
    )
    assert (report.rows_loaded, report.rows_skipped) == (1, 1)
    assert "if one of them gives the touched_at of those rows, add it to touched_at under [touches.columns]" in (
        report.summary()
    )


def test_a_touch_without_a_source_credits_the_deals_own_source_with_its_place(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    deals = "deal_id,lead_id,account_id,created_at,status,closed_at,amount\nD1,a1,A,2025-01-15,won,2025-02-01,1000\n"
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", deals)])
    touches = "lead_id,touched_at,source\na1,2025-01-06,webinar\na1,2025-01-07,\n"
    report = import_files(empty_con, "touches", [write(tmp_path, "touches.csv", touches)])
    said = "1 touch of this import has no source: attribution credits the deal's own source"
    assert any(said in a for a in report.alerts)
    # linear over 2 touches: webinar 500, the blank one goes to a1's own source paid_search 500
    shares = sources.attribution(empty_con, Filters(window_days=0))
    linear = shares.set_index("source")["linear"].to_dict()
    assert linear == {"webinar": 500.0, "paid_search": 500.0}


def test_a_touch_dated_without_a_time_repeated_in_every_column_is_said(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    # rows 2 and 3 are the same touch of a1 (day, source, campaign): 1 repeat, kept; row 1 differs by its campaign
    touches = (
        "lead_id,touched_at,source,campaign\n"
        "a1,2025-01-25,email,Newsletter Dec\na1,2025-01-25,email,Newsletter Jan\na1,2025-01-25,email,Newsletter Jan\n"
    )
    report = import_files(empty_con, "touches", [write(tmp_path, "members.csv", touches)])
    assert report.rows_loaded == 3
    assert any(
        a.startswith(
            "1 touch dated without a time repeats another row in every column (lead, day, source, campaign "
            "and type; rows members.csv row 2, members.csv row 3)"
        )
        for a in report.alerts
    ), report.alerts


def test_same_day_repeats_of_a_touch_stored_already_are_skipped_not_said_kept(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    stored = "lead_id,touched_at,source,campaign\na1,2025-01-25,email,Jan\n"
    import_files(empty_con, "touches", [write(tmp_path, "t1.csv", stored)])
    # the stored touch twice (both skipped as stored already) and one other: nothing repeated is kept
    again = stored + "a1,2025-01-25,email,Jan\na2,2025-01-26,email,Jan\n"
    report = import_files(empty_con, "touches", [write(tmp_path, "t2.csv", again)], mode="append")
    assert report.rows_loaded == 1
    assert not any("dated without a time" in a for a in report.alerts), report.alerts
