"""Probe 88 (MEDIUM 4) on the Funnel page, counted by hand: in order, the list of those who dropped out before SQL
writes a furthest stage entered out of order as such. Y1: created 1 Mar 2026, MQL 20 Mar, SQL 10 Mar (before its
MQL), so in order an MQL that never counts at SQL: dropped out before SQL, its furthest stage "SQL (out of order)"
(before: "SQL", unmarked). Z1, created 30 Jun, sets the data's today."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.importers.canonical import import_files

LEADS = "lead_id,created_at,mql_at,sql_at\nY1,2026-03-01,2026-03-20,2026-03-10\nZ1,2026-06-30,,\n"


def filler(tmp_path: Path):
    """A fill for app_over: the leads above."""

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        path = tmp_path / "leads.csv"
        path.write_text(LEADS)
        import_files(con, "leads", [path])

    return fill


def test_dropped_before_sql_in_order_marks_the_sql_out_of_order(app_over, tmp_path):
    at = app_over(filler(tmp_path), order="in_order", step="sql", list="dropped")
    at.run()
    at.switch_page("pages/1_Funnel.py").run()
    assert not at.exception, [e.message for e in at.exception]
    cells = [str(v) for df in at.dataframe for v in df.value.astype(str).to_numpy().ravel()]
    assert "SQL (out of order)" in cells, cells
