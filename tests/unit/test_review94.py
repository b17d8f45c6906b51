"""Review 94: the stored SLA waits stay measured to the data's today when saving the sales-owned list (which no
longer moves it: trial 98, the horizon is stored at the import), and a deals
file under lead_not_loaded = "unknown" still has ids that spell a loaded lead otherwise kept aside, not counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fixture_data import load

from dashboard import clock, sla, sources, store
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.run import ImportOptions, run_import

# a lead dated this far past the clock: after the import's horizon (the clock plus a day), before a later refresh's
AHEAD = timedelta(days=1, seconds=30)


def _waits(con) -> dict[str, float]:
    lists = sla.lead_lists(con, Filters(), sla.SlaSettings(), 50)
    return {lead: minutes for lead, minutes in lists["waiting"][["lead_id", "minutes_waited"]].values.tolist()}


def test_saving_the_sales_owned_list_keeps_the_stored_waits_at_the_data_s_today(monkeypatch):
    con = store.connect(":memory:")
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    leads = [
        # handed over (SQL) three days ago, never contacted: waiting
        ("A1", now - timedelta(days=3), "email", "CFO", "SMB", "Ann", "sql", None, now - timedelta(days=3), None),
        # contacted 10 minutes after its SQL date two days ago: the latest record the import's horizon admits
        (
            "A2",
            now - timedelta(days=2),
            "email",
            "CFO",
            "SMB",
            "Ann",
            "sql",
            None,
            now - timedelta(days=2),
            now - timedelta(days=2, minutes=-10),
        ),
        # dated a day and 30 seconds ahead: not the data's today at the import, nor once the clock passed it
        ("F1", now + AHEAD, "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ]
    load(con, leads, [])
    # today is A2's contact: A1 has waited 1 day and 10 minutes
    assert _waits(con) == {"A1": 1450.0}
    # the clock past F1's date (it was a 31-second sleep): the horizon stored at the load stays the data's
    monkeypatch.setattr(clock, "now", lambda: now + timedelta(days=2))
    store.set_sales_sources(con, ["sales"])
    # trial 98 changed this expectation (it was 5,760.5, F1's creation): today is still A2's contact, 1,450 minutes
    assert _waits(con) == {"A1": 1450.0}


def _files(folder: Path) -> tuple[Path, Path, Path]:
    leads = folder / "leads.csv"
    leads.write_text("lead_id,created_at,source\n00101,2026-01-05,email\n5000,2026-01-06,email\n")
    deals = folder / "deals.csv"
    # d1 names lead 00101 without its leading zeros; d2 names lead 5000; d3 names 4999, loaded under no spelling
    deals.write_text(
        "deal_id,lead_id,created_at,status,closed_at,amount\n"
        "d1,101,2026-01-10,won,2026-02-01,5000\n"
        "d2,5000,2026-01-12,won,2026-02-03,9000\n"
        "d3,4999,2026-01-14,won,2026-02-05,700\n"
    )
    line = folder / "gone.toml"
    line.write_text('[deals]\nlead_not_loaded = "unknown"\n')
    return leads, deals, line


def _revenue(con) -> dict[str, float]:
    totals = sources.sourced_totals(con, Filters())
    return {k: float(totals[k]) for k in ("revenue_marketing", "revenue_unknown")}


def test_lead_not_loaded_unknown_keeps_aside_the_deals_of_a_lead_spelled_otherwise(tmp_path):
    leads, deals, line = _files(tmp_path)
    con = store.connect(":memory:")
    import_files(con, "leads", [leads])
    report = run_import(con, ImportOptions(kind="deals", preset="canonical", mapping_path=str(line)), [deals])
    said = " ".join(report.alerts + report.notes)
    # 101 reads as 00101 without its zeros: nothing is counted of unknown origin; d2's $9,000 is email's
    assert "leading zeros dropped" in said
    assert 'lead_not_loaded = "unknown" is not applied' in said
    assert _revenue(con) == {"revenue_marketing": 9000.0, "revenue_unknown": 0.0}


def test_lead_not_loaded_unknown_counts_the_deals_of_a_lead_loaded_under_no_spelling(tmp_path):
    leads, deals, line = _files(tmp_path)
    # without d1 (101): only d3 names a lead not loaded, under no other spelling of one
    deals.write_text("\n".join(line_ for line_ in deals.read_text().splitlines() if not line_.startswith("d1,")))
    con = store.connect(":memory:")
    import_files(con, "leads", [leads])
    run_import(con, ImportOptions(kind="deals", preset="canonical", mapping_path=str(line)), [deals])
    assert _revenue(con) == {"revenue_marketing": 9000.0, "revenue_unknown": 700.0}
