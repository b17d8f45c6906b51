"""Undo the last change and say what it undid, the same words for the command line and the Data page: a team that
imported an older export by mistake sees which rows came back and which import the data is as after."""

from __future__ import annotations

import os

from dashboard import config, snapshots, store


def stored_counts(db: str | os.PathLike[str] | None) -> tuple[dict[str, int], str | None]:
    """The rows of each table now (the accounts too), and when the last import was made."""
    con = store.connect(db, read_only=True)
    try:
        return store.table_counts(con, optional=True), store.get_meta(con, "last_import_at")
    finally:
        con.close()


def undo_lines(db: str | os.PathLike[str] | None = None) -> list[str] | None:
    """Make the previous snapshot current again and say what changed; None when no earlier snapshot is kept.
    Raises snapshots.Busy when another change holds the data."""
    before = stored_counts(db)[0] if config.db_path(db).exists() else None
    if not snapshots.undo(db):
        return None
    after, imported_at = stored_counts(db)
    # a snapshot is made by every change, not only imports (the demo, the sales-owned sources, a new version's upgrade
    # of the file): what is certain is the state the data is back in
    lines = ["the previous snapshot is current again: the last change to the data is undone"]
    if imported_at:
        # as the page writes times (2026-12-06 14:30), not the stored ISO text with its "T" (trial 74)
        lines.append(f"the data is as it was after the import of {imported_at.replace('T', ' ')[:16]}")
    changes = [f"{t} {before[t]:,} → {n:,}" for t, n in after.items() if before and before.get(t) != n]
    lines.append(f"rows: {'; '.join(changes)}" if changes else "rows: the same counts as before the undo")
    return lines
