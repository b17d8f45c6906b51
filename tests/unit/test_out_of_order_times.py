"""Time to convert leaves out a conversion whose later stage is dated before the earlier one, and now says so
(a trial read "Converted (both dates known)" 7 where 8 leads had both dates). Counted by hand from the file below."""

from __future__ import annotations

from pathlib import Path

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

# L1: created 1 Mar, MQL 3 Mar (2 days), SQL 5 Mar (2 days): in order.
# L2: created 1 Mar, MQL 27 Feb (before its creation), SQL 4 Mar (5 days after the MQL).
# L3: created 2 Mar, MQL 6 Mar (4 days), SQL 4 Mar (before the MQL).
# lead→MQL: L1 and L3 timed (2 and 4 days, median 3), L2 left out; MQL→SQL: L1 and L2 timed (2 and 5, median 3.5),
# L3 left out.
LEADS = """lead_id,created_at,source,lifecycle_stage,mql_at,sql_at
L1,2026-03-01 09:00,web,sql,2026-03-03 09:00,2026-03-05 09:00
L2,2026-03-01 09:00,web,sql,2026-02-27 09:00,2026-03-04 09:00
L3,2026-03-02 09:00,web,sql,2026-03-06 09:00,2026-03-04 09:00
"""


def test_conversions_dated_out_of_order_are_counted_apart_and_named(empty_con, tmp_path: Path):
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    import_files(empty_con, "leads", [str(path)])
    times = metrics.time_to_convert(empty_con, Filters(window_days=0)).set_index("to_stage")
    assert times.loc["mql", ["count_converted", "count_out_of_order"]].tolist() == [2, 1]
    assert times.loc["sql", ["count_converted", "count_out_of_order"]].tolist() == [2, 1]
    assert times.loc["mql", "median_days"] == 3.0 and times.loc["sql", "median_days"] == 3.5
    assert times.loc["opportunity", "count_out_of_order"] == 0
    note = metrics.not_timed_note(times.reset_index(), Filters(window_days=0))
    assert note is not None
    assert "of the 3 leads at MQL, 1 whose MQL date is before the creation; " in note
    assert "of the 3 leads at SQL, 1 whose SQL date is before the MQL date." in note


def test_no_note_when_every_conversion_is_in_order(empty_con, tmp_path: Path):
    path = tmp_path / "leads.csv"
    path.write_text(LEADS.splitlines()[0] + "\n" + LEADS.splitlines()[1] + "\n", encoding="utf-8")
    import_files(empty_con, "leads", [str(path)])
    times = metrics.time_to_convert(empty_con, Filters(window_days=0))
    assert times["count_out_of_order"].tolist() == [0, 0, 0, 0]
    assert metrics.not_timed_note(times, Filters(window_days=0)) is None
