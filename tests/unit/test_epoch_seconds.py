"""Moments written as seconds since 1970 (Customer.io's API exports): 10 digits from 2000 until 2033 are read as UTC
moments; a 10-digit number past 2033 could be a date and hour in digits, and is not read (its row is skipped)."""

from __future__ import annotations

from dashboard.importers.canonical import import_files


def test_epoch_seconds_are_read_and_said(empty_con, tmp_path):
    # 1709648520 = 2024-03-05 14:22:00 UTC; 1704067200 = 2024-01-01 00:00:00 UTC; 2034021512 is past 2033: skipped
    text = "lead_id,created_at,source\nL1,1709648520,web\nL2,1704067200,web\nL3,2034021512,web\n"
    (tmp_path / "cio.csv").write_text(text, encoding="utf-8")
    report = import_files(empty_con, "leads", [tmp_path / "cio.csv"])
    got = empty_con.execute("select lead_id, created_at::varchar from leads order by 1").fetchall()
    assert got == [("L1", "2024-03-05 14:22:00"), ("L2", "2024-01-01 00:00:00")]
    assert report.rows_skipped == 1
    said = next(how for _, col, how in report.formats if col == "created_at")
    assert "seconds since 1970 (UTC, as Customer.io's API writes them) (2)" in said
