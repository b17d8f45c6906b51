"""Probe 93 (Sources page on HubSpot exports), every number counted by hand from the small fixtures below.

1. Counting by account with a conversion window, the funnel's customer accounts are window-bound while the won deals
   (and Sources' new customer accounts) are every deal of the view's accounts: the sentence under them said "a
   customer is an account with a won deal" and nothing of the window.
2. A deal naming a lead that is not loaded (a contact deleted in the CRM) is kept aside by default; the line
   lead_not_loaded = "unknown" under [deals] counts it, of unknown origin; the advice names that line.
3. The "no spend loaded" note counted months whose spend was loaded as 0, and named scattered months as a range.
4. The Sources CSV has the wins without an amount, as the JSON has.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import account_fixture

from dashboard import metrics, sources, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import TableMapping
from dashboard.importers.run import ImportOptions, run_import

T = datetime

# lead_id, account_id, created_at, source, persona, segment, owner, mql_at, sql_at
LEADS = [
    # account X: its first lead on 01-01 starts its window; its second lead on 05-01
    ("x1", "X", T(2025, 1, 1), "paid_search", None, None, "Ann", None, None),
    ("x2", "X", T(2025, 5, 1), "email", None, None, "Ann", None, None),
    ("y1", "Y", T(2025, 1, 10), "email", None, None, "Ann", None, None),
    ("z1", "Z", T(2025, 1, 20), "organic_search", None, None, "Ann", None, None),
]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount, source
DEALS = [
    # X's first win closes 2025-08-01: 212 days after the account's first lead (x1, 01-01), past a 180-day window,
    # though only 92 days after its own lead x2. DX2 is X's second win (a repeat)
    ("DX1", "x2", "X", "Ann", T(2025, 6, 1), "won", T(2025, 8, 1), 1000.0, None),
    ("DX2", "x2", "X", "Ann", T(2025, 8, 5), "won", T(2025, 9, 1), 500.0, None),
    # Y wins 22 days after its lead: a customer account within any window
    ("DY", "y1", "Y", "Ann", T(2025, 1, 15), "won", T(2025, 2, 1), 2000.0, None),
]


def _accounts_loaded():
    con = store.connect(":memory:")
    account_fixture.load(con, LEADS, DEALS)
    return con


def test_by_account_the_sentence_says_which_accounts_won_after_the_window():
    con = _accounts_loaded()
    view = Filters(count_by="account", window_days=180)
    both = metrics.customers_and_wins(con, view)
    # funnel: Y only (X's win is on day 212 of X); won deals DX1, DX2, DY of 2 accounts; DX2 a repeat; X not a customer
    assert (both.customers, both.won, both.won_accounts, both.repeat_wins) == (1, 3, 2, 1)
    assert (both.won_accounts_not_customers, both.customers_without_win) == (1, 0)
    assert both.sentence(view) == (
        "The funnel counts 1 customer account where 3 deals were won in this view by 2 accounts: 1 is a second or "
        "later win of the same account; 1 account won after the 180-day conversion window (from the account's first "
        "lead) and is not counted as a customer here (set the window to none to include it); Sources' won deals, new "
        "customer accounts and revenue count every deal of the view's accounts, whatever the window."
    )
    # Sources counts both accounts as new customers (X under paid_search, its first lead's; Y under email), so the
    # sentence's 2 accounts are the table's: 2 new customer accounts against the funnel's 1
    table = sources.source_table(con, view).set_index("source")
    assert int(table["count_new_customers"].sum()) == 2
    assert table.loc["paid_search", "count_won"] == 2 and table.loc["email", "count_won"] == 1
    con.close()


def test_by_account_without_a_window_only_the_repeat_win_differs():
    con = _accounts_loaded()
    view = Filters(count_by="account", window_days=0)
    both = metrics.customers_and_wins(con, view)
    assert (both.customers, both.won, both.won_accounts, both.won_accounts_not_customers) == (2, 3, 2, 0)
    assert both.sentence(view) == (
        "The funnel counts 2 customer accounts where 3 deals were won in this view by 2 accounts: 1 is a second or "
        "later win of the same account."
    )
    # by lead nothing changes: x2 (92 days) and y1 are customers, DX2 a repeat win of x2
    by_lead = metrics.customers_and_wins(con, Filters(window_days=180))
    assert (by_lead.customers, by_lead.won, by_lead.repeat_wins, by_lead.count_by) == (2, 3, 1, "lead")
    con.close()


GONE_LEADS = "lead_id,created_at,source\nc1,2026-01-05,email\nc2,2026-01-06,email\n"
# g9 is a lead deleted in the CRM: in no leads export. d2 won $9,000 under it
GONE_DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\n"
    "d1,c1,2026-01-10,won,2026-02-01,5000\n"
    "d2,g9,2026-01-12,won,2026-02-03,9000\n"
    "d3,c2,2026-01-15,open,,700\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _by_source(con) -> dict[str, tuple[int, float]]:
    table = sources.source_table(con, Filters())
    return {r["source"]: (int(r["count_won"]), float(r["revenue"])) for _, r in table.iterrows()}


def test_a_deal_of_a_deleted_lead_is_kept_aside_by_default_and_the_advice_names_the_line(empty_con, tmp_path):
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", GONE_LEADS)])
    report = import_files(empty_con, "deals", [_write(tmp_path, "deals.csv", GONE_DEALS)])
    # d2 kept aside: email won 1 / $5,000 (d1), no unknown row; total revenue $5,000
    assert _by_source(empty_con) == {"email": (1, 5000.0)}
    said = report.summary()
    assert "1 deal skipped for want of its lead is kept aside, in none of the numbers (d2 (lead g9))" in said
    assert 'lead_not_loaded = "unknown"' in said
    waiting = metrics.awaiting_lead(empty_con)
    assert (waiting.count, waiting.won, waiting.won_amount) == (1, 1, 9000.0)
    # the page's advice: the line that counts it, not "blank the lead id" (outbound, sales-sourced)
    assert 'lead_not_loaded = "unknown"' in waiting.sentence()
    assert "blank the lead id" not in waiting.sentence()
    assert "outbound, sales-sourced" in waiting.sentence()


def test_with_the_line_a_deal_of_a_deleted_lead_counts_of_unknown_origin(empty_con, tmp_path):
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", GONE_LEADS)])
    import_files(empty_con, "deals", [_write(tmp_path, "deals.csv", GONE_DEALS)])  # d2 kept aside first
    line = _write(tmp_path, "gone.toml", '[deals]\nlead_not_loaded = "unknown"\n')
    options = ImportOptions(kind="deals", preset="canonical", mapping_path=str(line))
    report = run_import(empty_con, options, [_write(tmp_path, "deals.csv", GONE_DEALS)])
    assert (
        "1 lead named by deals is not loaded (g9): their deals are imported and counted, of unknown origin "
        '(lead_not_loaded = "unknown" under [deals]), not kept aside'
    ) in report.summary()
    # the unknown row: +1 won, +$9,000; email unchanged; total $14,000; nothing waits any more
    assert _by_source(empty_con) == {"email": (1, 5000.0), "unknown": (1, 9000.0)}
    assert not metrics.awaiting_lead(empty_con).waits()
    split = sources.sourced_totals(empty_con, Filters())
    assert (split["revenue_marketing"], split["revenue_sales"], split["revenue_unknown"]) == (5000.0, 0.0, 9000.0)
    # the pipeline: d1 5,000 + d3 700 marketing's, d2 9,000 unknown
    assert (split["pipeline_marketing"], split["pipeline_unknown"]) == (5700.0, 9000.0)


def test_the_line_beside_a_preset_adds_to_it_and_is_refused_elsewhere(empty_con, tmp_path):
    from dashboard.importers.errors import ImportRefused
    from dashboard.importers.mapping import load_mapping, preset_mapping, with_formats

    stated = load_mapping(_write(tmp_path, "gone.toml", '[deals]\nlead_not_loaded = "unknown"\n'))["deals"]
    preset = preset_mapping("hubspot", "deals")
    assert preset is not None
    merged = with_formats(preset, stated)
    assert merged is not None and merged.lead_not_loaded == "unknown" and merged.columns == preset.columns
    assert TableMapping("deals", "x").lead_not_loaded == "wait"
    try:
        load_mapping(_write(tmp_path, "bad.toml", '[leads]\nlead_not_loaded = "unknown"\n'))
    except ImportRefused as exc:
        assert "lead_not_loaded is a line of [deals] only" in str(exc)
    else:
        raise AssertionError("a [leads] lead_not_loaded line was accepted")


SPEND_LEADS = (
    "lead_id,created_at,source\n"
    "j1,2026-01-10,offline\n"
    "f1,2026-02-03,offline\nf2,2026-02-20,offline\n"
    "m1,2026-03-11,offline\n"
    "y1,2026-05-02,offline\ny2,2026-05-09,offline\ny3,2026-05-30,offline\n"
)
# offline spend: Jan 100, Feb an explicit 0 (no event that month: spend recorded), Apr 50; Mar and May none
SPEND = "month,source,amount\n2026-01-01,offline,100\n2026-02-01,offline,0\n2026-04-01,offline,50\n"


def test_months_loaded_as_zero_are_spend_and_scattered_months_are_listed(empty_con, tmp_path):
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", SPEND_LEADS)])
    import_files(empty_con, "spend", [_write(tmp_path, "spend.csv", SPEND)])
    rows = sources.unspent_months(empty_con, Filters())
    # 7 leads; without spend: Mar (m1) and May (y1-y3) = 4; Feb's 2 have spend 0 recorded
    assert rows[["count_leads", "count_leads_unspent"]].values.tolist() == [[7, 4]]
    note = sources.unspent_months_note(rows)
    assert note is not None
    assert "(Offline: 4 of its 7 leads, created in Mar 2026 and May 2026)" in note


def test_month_runs_names_each_run():
    assert sources.month_runs(["2026-06", "2026-02", "2026-04"]) == "Feb 2026, Apr 2026 and Jun 2026"
    assert sources.month_runs(["2026-02", "2026-03", "2026-05", "2026-06"]) == (
        "Feb 2026 to Mar 2026 and May 2026 to Jun 2026"
    )
    assert sources.month_runs(["2026-12", "2027-01"]) == "Dec 2026 to Jan 2027"
    assert sources.month_runs(["2026-03"]) == "Mar 2026"


def test_the_sources_csv_has_the_wins_without_an_amount(empty_con, tmp_path):
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", GONE_LEADS)])
    # d1 won $5,000, d4 won without an amount: 2 won, 1 without amount, revenue $5,000
    deals = "deal_id,lead_id,created_at,status,closed_at,amount\nd1,c1,2026-01-10,won,2026-02-01,5000\n"
    deals += "d4,c2,2026-01-11,won,2026-02-02,\n"
    import_files(empty_con, "deals", [_write(tmp_path, "deals.csv", deals)])
    rows = sources.with_model(
        sources.source_table(empty_con, Filters()), sources.attribution(empty_con, Filters()), "first_touch"
    )
    read = list(csv.DictReader(io.StringIO(sources.table_csv(rows).decode("utf-8-sig"))))
    assert [(r["source"], r["count_won"], r["count_won_without_amount"], r["attributed_revenue"]) for r in read] == [
        ("email", "2", "1", "5000.0")
    ]


def test_the_spend_warning_proposes_a_line_for_every_label_the_leads_name_otherwise(empty_con, tmp_path):
    leads = "lead_id,created_at,source\nc1,2026-01-05,email\nc2,2026-01-06,offline\nc3,2026-01-07,paid_search\n"
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", leads)])
    # HubSpot's own labels: "Offline Sources" (2,500, the most) and "Email Marketing" (500) meet no lead's source
    spend = "month,source,amount\n2026-01,Offline Sources,2500\n2026-01,Email Marketing,500\n2026-01,paid_search,900\n"
    report = import_files(empty_con, "spend", [_write(tmp_path, "spend.csv", spend)])
    (alert,) = [a for a in report.alerts if "matches no source of the leads" in a]
    assert '[spend.values.source] "Offline Sources" = "offline", "Email Marketing" = "email" and import' in alert


def test_the_definitions_say_what_the_funnel_counts_of_a_customer_without_a_deal(empty_con, tmp_path):
    from dashboard import definitions

    # c1's exported lifecycle stage says customer, with no deal: the funnel counts it an opportunity and a customer
    leads = "lead_id,created_at,source,lifecycle_stage\nc1,2026-01-05,email,customer\nc2,2026-01-06,email,lead\n"
    import_files(empty_con, "leads", [_write(tmp_path, "leads.csv", leads)])
    both = metrics.customers_and_wins(empty_con, Filters(window_days=0))
    assert (both.customers, both.won, both.customers_without_win) == (1, 0, 1)
    assert "lifecycle stage says customer" in definitions.STAGE_MEANING["customer"]
    assert "lifecycle stage says opportunity or customer" in definitions.STAGE_MEANING["opportunity"]
