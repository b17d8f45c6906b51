"""Undo the last change and say what it undid, the same words for the command line and the Data page: a team that
imported an older export by mistake sees which rows came back and which import the data is as after."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from dashboard import config, sla, snapshots, store


@dataclass(frozen=True)
class Stored:
    """What an undo compares before and after: rows per table, the last import's time, the stated day."""

    counts: dict[str, int]
    imported_at: str | None
    complete_through: date | None = None


def stored(db: str | os.PathLike[str] | None) -> Stored:
    """The rows of each table now (the accounts too), when the last import was made, the stated complete-through
    day."""
    con = store.connect(db, read_only=True)
    try:
        return Stored(
            store.table_counts(con, optional=True), store.get_meta(con, "last_import_at"), store.complete_through(con)
        )
    finally:
        con.close()


def _now_words(db: str | os.PathLike[str] | None) -> str:
    """sla.now_words of the data: "as of 27 Nov 2026 16:00 (the data's last event)"."""
    con = store.connect(db, read_only=True)
    try:
        return sla.now_words(con)
    finally:
        con.close()


def undo_lines(db: str | os.PathLike[str] | None = None) -> list[str] | None:
    """Make the previous snapshot current again and say what changed; None when no earlier snapshot is kept.
    Raises snapshots.Busy when another change holds the data."""
    before = stored(db) if config.db_path(db).exists() else None
    if not snapshots.undo(db):
        return None
    after = stored(db)
    # a snapshot is made by every change, not only imports (the demo, the sales-owned sources, a new version's upgrade
    # of the file): what is certain is the state the data is back in
    lines = ["the previous snapshot is current again: the last change to the data is undone"]
    if before is not None and before.imported_at == after.imported_at:
        lines += _stated_day_undone(before.complete_through, after, db)
    if after.imported_at:
        # as the page writes times (2026-12-06 14:30), not the stored ISO text with its "T" (trial 74)
        lines.append(f"the data is as it was after the import of {after.imported_at.replace('T', ' ')[:16]}")
    changes = [
        f"{t} {before.counts[t]:,} → {n:,}" for t, n in after.counts.items() if before and before.counts.get(t) != n
    ]
    lines.append(f"rows: {'; '.join(changes)}" if changes else "rows: the same counts as before the undo")
    return lines


def _stated_day_undone(was: date | None, after: Stored, db: str | os.PathLike[str] | None) -> list[str]:
    """The line saying the undone change was a stated complete-through day (set, changed or forgotten) and the data's
    today now; none when the day is the same (trial L3: undo put a stated day back unsaid)."""
    if was == after.complete_through:
        return []
    # only here: the data's today is read (the latest record over every table) for this line alone, not every undo
    words = _now_words(db)
    now = f"data {words}" if words else "no data"
    if was is None:
        return [
            f"undid the forgetting of the stated complete-through day: {after.complete_through:%-d %b %Y} is stated "
            f"again; {now}"
        ]
    again = f" ({after.complete_through:%-d %b %Y} is stated again)" if after.complete_through else ""
    return [f"undid the stated complete-through day {was:%-d %b %Y}{again}; {now}"]
