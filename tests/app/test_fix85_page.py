"""Probe 79 on the Sources page, counted by hand: it says when the won deals' touches have no source (the models'
columns are then the same), and one source filtered gets no superlative."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.importers.canonical import import_files

LEADS = "lead_id,created_at,source\nLA,2025-01-01,Webinar\nLB,2025-01-02,Paid\nLC,2025-01-03,Email\n"
DEALS = (
    "deal_id,lead_id,created_at,status,closed_at,amount\n"
    "DA,LA,2025-02-01,won,2025-02-20,1000\n"
    "DB,LB,2025-02-05,won,2025-02-25,3000\n"
    "DC,LC,2025-02-10,won,2025-02-28,2000\n"
)


def filler(tmp_path: Path, touches: str):
    """A fill for app_over: the leads and deals above and the touches given."""

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        for kind, text in (("leads", LEADS), ("deals", DEALS), ("touches", touches)):
            path = tmp_path / f"{kind}.csv"
            path.write_text(text)
            import_files(con, kind, [path])

    return fill


def test_the_page_says_the_touches_have_no_source(app_over, tmp_path):
    # DA's path: LA's 2 touches; DB's: LB's 15 Jan one (its 20 Feb one is after DB's creation); DC has no touches
    touches = "lead_id,touched_at\nLA,2025-01-10\nLA,2025-01-20\nLB,2025-01-15\nLB,2025-02-20\n"
    at = app_over(filler(tmp_path, touches), model="linear", **{"from": "2025-01-01", "to": "2025-03-31"})
    at.run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    said = [w.value for w in at.warning]
    assert any(
        w.startswith(
            "2 of the 3 won deals in this view have touches with no source on their path (3 touches): a touch without "
            "a source is credited to the deal's own source, so every model credits the revenue as first touch does "
            "and the models' columns are the same."
        )
        for w in said
    ), said


def test_one_source_filtered_gets_no_superlative(app_over, tmp_path):
    # DA's path: Direct Mail, Webinar: linear gives Webinar 500 of the 6000 won
    touches = "lead_id,touched_at,source\nLA,2025-01-10,Direct Mail\nLA,2025-01-20,Webinar\n"
    at = app_over(
        filler(tmp_path, touches), model="linear", source="Webinar", **{"from": "2025-01-01", "to": "2025-03-31"}
    )
    at.run()
    at.switch_page("pages/3_Sources.py").run()
    assert not at.exception, [e.message for e in at.exception]
    said = [m.value for m in at.markdown]
    assert (
        "- **Webinar** brings $500 (8.3% of the $6k won across every source in this view's dates and other filters)."
    ) in said, said
    assert "- No spend recorded for Webinar: its cost and ROI are not shown." in said
    assert not any("brings the most revenue" in m for m in said)
    assert not [w.value for w in at.warning if "no source on" in w.value]
