"""Trial 64: the attribution under a source filter, first touch as the original source, the touches import's warning
of touches without a source and map's touched_at, counted by hand on three won deals whose paths cross sources."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from dashboard import cli, sources
from dashboard.definitions import MODEL_MEANING
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

# LA (Webinar) and LC (Paid) are account ACME, LA its first lead (ACME's source: Webinar); LB (Paid) is BETA
LEADS = (
    "lead_id,account_id,created_at,source\n"
    "LA,ACME,2025-01-01,Webinar\n"
    "LB,BETA,2025-01-02,Paid\n"
    "LC,ACME,2025-01-05,Paid\n"
)
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\n"
    "DA,LA,2025-02-01,won,2025-02-20,1000\n"
    "DB,LB,2025-02-05,won,2025-02-25,3000\n"
    "DC,LC,2025-02-10,won,2025-02-28,2000\n"
)
# paths (touches up to the deal's creation, in time order): DA Paid, Webinar; DB Webinar, Email, Paid; DC Paid. LB's
# Paid touch is at DB's creation (5 Feb, midnight both): on the path
TOUCHES = (
    "lead_id,touched_at,source\n"
    "LA,2025-01-10,Paid\n"
    "LA,2025-01-20,Webinar\n"
    "LB,2025-01-15,Webinar\n"
    "LB,2025-02-05,Paid\n"
    "LB,2025-02-03,Email\n"
    "LC,2025-01-06,Paid\n"
)
SPEND = "month,source,amount\n2025-02,Webinar,500\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def crossed(empty_con: duckdb.DuckDBPyConnection, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The three won deals above, their touches and February's Webinar spend."""
    for kind, text in (("leads", LEADS), ("deals", DEALS), ("touches", TOUCHES), ("spend", SPEND)):
        import_files(empty_con, kind, [write(tmp_path, f"{kind}.csv", text)])
    return empty_con


def credited(con: duckdb.DuckDBPyConnection, filters: Filters, model: str) -> dict[str, float]:
    """Revenue per source under one model, as the Sources page credits it, rows of 0 left out."""
    frame = sources.attribution(con, filters)
    return {s: v for s, v in zip(frame["source"], frame[model], strict=True) if v}


def test_linear_credit_of_a_source_is_the_same_filtered_or_not(crossed):
    # linear: DA 1000 / 2 = 500 to Paid and Webinar; DB 3000 / 3 = 1000 to Webinar, Paid and Email; DC 2000 to Paid
    # -> Webinar 500 + 1000 = 1500, Paid 500 + 1000 + 2000 = 3500, Email 1000 (6000 in all)
    assert credited(crossed, Filters(), "linear") == {"Webinar": 1500.0, "Paid": 3500.0, "Email": 1000.0}
    # filtered to Webinar: its row as above (before: DA alone, Webinar's lead, 500)
    assert credited(crossed, Filters(sources=("Webinar",)), "linear") == {"Webinar": 1500.0}
    assert sources.shared_revenue(sources.attribution(crossed, Filters(sources=("Webinar",)))) == 6000.0
    # counting by account the same (before: ACME's deals DA and DC, Webinar 500 + 0)
    by_account = Filters(sources=("Webinar",), count_by="account")
    assert credited(crossed, by_account, "linear") == {"Webinar": 1500.0}


def test_a_source_filter_keeps_the_dates(crossed):
    # leads created 1-3 January: LA and LB, so DA and DB (DC's lead LC came on 5 January): Paid 500 + 1000 = 1500
    january = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 3), sources=("Paid",))
    assert credited(crossed, january, "linear") == {"Paid": 1500.0}
    assert sources.shared_revenue(sources.attribution(crossed, january)) == 4000.0


def test_the_callout_share_is_of_the_views_won_revenue(crossed):
    webinar = Filters(sources=("Webinar",))
    table = sources.with_model(
        sources.source_table(crossed, webinar), sources.attribution(crossed, webinar), "linear", chosen=("Webinar",)
    )
    # 1500 of the 6000 won: 25 % (before: "100.0% of the total", the one row shown); one row: no "the most"
    # (probe 79)
    assert sources.callouts(table, webinar)[0] == (
        "**Webinar** brings $1.5k (25.0% of the $6k won across every source in this view's dates and other filters)."
    )
    # ROI (1500 - 500) / 500 = +200 %, as without the filter (before: (500 - 500) / 500 = 0)
    assert table.set_index("source").loc["Webinar", "roi"] == 2.0
    assert sources.source_filter_note(webinar) is not None and sources.source_filter_note(Filters()) is None


def test_the_metrics_json_row_is_the_same_filtered_or_not(crossed):
    def webinar(filters: Filters) -> dict[str, object]:
        return next(r for r in sources.source_records(crossed, filters, "linear") if r["source"] == "Webinar")

    alone, among_all = webinar(Filters(sources=("Webinar",))), webinar(Filters())
    # Webinar under linear: 1500 (above), spend 500, ROI +200 %, ROAS 3
    assert (alone["revenue"], alone["roi"], alone["roas"]) == (1500.0, 2.0, 3.0)
    assert alone == among_all


def test_first_touch_is_the_original_source_by_lead_and_by_account(crossed):
    # by lead: each deal to its lead's source: DA Webinar 1000, DB Paid 3000, DC Paid 2000 (before: the first logged
    # touch, DA Paid, DB Webinar, DC Paid: Paid 3000, Webinar 3000)
    assert credited(crossed, Filters(), "first_touch") == {"Paid": 5000.0, "Webinar": 1000.0}
    # by account: ACME's (LA's: Webinar) DA 1000 + DC 2000, BETA's (LB's: Paid) DB 3000
    assert credited(crossed, Filters(count_by="account"), "first_touch") == {"Webinar": 3000.0, "Paid": 3000.0}
    # so a source's first-touch revenue is its won deals' revenue in the Sources table, both ways
    for view in (Filters(), Filters(count_by="account")):
        table = sources.with_model(
            sources.source_table(crossed, view), sources.attribution(crossed, view), "first_touch"
        )
        rows = table[table["count_won"] > 0]
        assert rows["attributed_revenue"].tolist() == rows["revenue"].tolist()
        assert rows["revenue"].sum() == 6000.0


def test_w_shaped_middle_touch_is_the_earlier_middle_of_an_even_path(crossed, tmp_path):
    # a fourth lead: Email, Webinar, Paid, Email touches before its deal of 1000 (n = 4: first, (4 + 1) // 2 = 2nd and
    # last take 30 % each, the 3rd 10 %): Email 300 + 300, Webinar 300, Paid 100
    import_files(crossed, "leads", [write(tmp_path, "l4.csv", "lead_id,created_at,source\nLD,2025-03-01,Web\n")])
    deal = "deal_id,lead_id,created_at,status,closed_at,amount\nDD,LD,2025-04-01,won,2025-04-10,1000\n"
    import_files(crossed, "deals", [write(tmp_path, "d4.csv", deal)], mode="append")
    touches = "lead_id,touched_at,source\nLD,2025-03-02,Email\nLD,2025-03-03,Webinar\n"
    touches += "LD,2025-03-04,Paid\nLD,2025-03-05,Email\n"
    import_files(crossed, "touches", [write(tmp_path, "t4.csv", touches)], mode="append")
    march = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31))
    assert credited(crossed, march, "w_shaped") == pytest.approx({"Email": 600.0, "Webinar": 300.0, "Paid": 100.0})
    # the Definitions page says which touch that is, and why not the lead-creation touch
    assert "the earlier of the two middle ones" in MODEL_MEANING["w_shaped"]
    assert "do not mark which touch that was" in MODEL_MEANING["w_shaped"]


def test_an_append_warns_of_its_own_touches_without_a_source(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    first = import_files(
        empty_con, "touches", [write(tmp_path, "t1.csv", "lead_id,touched_at,source\nLA,2025-01-10,\n")]
    )
    assert any(a.startswith("1 touch of this import has no source:") for a in first.alerts)
    # a 2-row append, both with a source: no alert of the stored one, a note that names it as stored before
    clean = "lead_id,touched_at,source\nLB,2025-01-15,Webinar\nLC,2025-01-16,Paid\n"
    second = import_files(empty_con, "touches", [write(tmp_path, "t2.csv", clean)], mode="append")
    assert not any("no source" in a for a in second.alerts)
    assert any(
        n.startswith("1 touch stored before this import has no source (none of this import's)") for n in second.notes
    )
    # an append with a blank of its own: its 1, and the 1 stored before said apart
    blank = "lead_id,touched_at,source\nLB,2025-01-20,\n"
    third = import_files(empty_con, "touches", [write(tmp_path, "t3.csv", blank)], mode="append")
    assert any(
        a.startswith("1 touch of this import has no source (and 1 touch stored before has none):") for a in third.alerts
    )


def test_map_fills_touched_at_with_the_files_only_date_column(tmp_path, capsys):
    one = write(
        tmp_path,
        "log.csv",
        "Lead ID,Event Timestamp (America/New_York),Channel\n"
        "L1,2026-08-25 12:00:00,Webinar\nL2,2026-08-26 09:30:00,Web\n",
    )
    assert cli.main(["map", "--kind", "touches", str(one)]) == 0
    assert 'touched_at = "Event Timestamp (America/New_York)"' in capsys.readouterr().out
    # two date columns: which one is the touch's is the user's choice, left unfilled
    two = write(
        tmp_path,
        "log2.csv",
        "Lead ID,Event Timestamp,Received At,Channel\nL1,2026-08-25 12:00:00,2026-08-25 12:01:00,Webinar\n"
        "L2,2026-08-26 09:30:00,2026-08-26 09:31:00,Web\n",
    )
    assert cli.main(["map", "--kind", "touches", str(two)]) == 0
    assert "touched_at =" not in capsys.readouterr().out
