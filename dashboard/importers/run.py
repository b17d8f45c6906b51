"""One entry point for an import, used by the CLI and the Data page: options, files, progress."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from dashboard import store
from dashboard.importers.canonical import ImportReport, Progress, import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.local_times import zone_named
from dashboard.importers.mapping import TableMapping, load_mapping, preset_mapping, with_formats


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose for one import; hashable, so the Data page can tell when it changed."""

    kind: str
    preset: str = "canonical"
    mapping_path: str | None = None
    mode: str = "replace"
    on_bad_rows: str = "skip"
    sheet: str | None = None
    # the time zone of times written without one (--timezone; a mapping's own timezone gives way to it)
    timezone: str | None = None


# the preset's columns a mapping that replaced it leaves unread, named in a refusal: the rest are counted
PRESET_COLUMNS_LISTED = 4

# the meta key of the last import's report as the command line prints it, and the most of it kept
LAST_REPORT_KEY = "last_import_report"
LAST_REPORT_CHARS = 20_000


def run_import(
    con: duckdb.DuckDBPyConnection,
    options: ImportOptions,
    paths: Sequence[str | os.PathLike[str]],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files in a preset's format or through a mapping file; a mapping file wins over the preset, except one
    that states formats only (date_format, number_format), which adds them to the preset."""
    preset = table_mapping = preset_mapping(options.preset, options.kind)
    replaced = ""
    if options.mapping_path:
        mappings = load_mapping(options.mapping_path)
        if options.kind not in mappings:
            raise ImportRefused(f"{os.path.basename(options.mapping_path)} has no [{options.kind}] section")
        stated = mappings[options.kind]
        merged = with_formats(table_mapping, stated) if table_mapping is not None else None
        table_mapping = merged or stated
        if preset is not None and merged is None:
            replaced = replaced_preset_note(options, preset, stated)
    if options.timezone:
        zone = zone_named(options.timezone, "--timezone")
        base = table_mapping or TableMapping(options.kind, "--timezone")
        table_mapping = replace(base, timezone=zone)
    try:
        report = import_files(
            con,
            options.kind,
            paths,
            mode=options.mode,
            mapping=table_mapping,
            dry_run=dry_run,
            on_bad_rows=options.on_bad_rows,
            sheet=options.sheet or None,
            progress=progress,
        )
    except ImportRefused as exc:
        if not replaced:
            raise
        # first: the refusal that follows (a required column missing) is its consequence
        raise ImportRefused(f"{replaced}. {exc}") from exc
    if not dry_run:
        # kept with the data it describes: the Data page showed an import's warnings (a won deal back to open, the
        # stored rows removed) only to the session that imported, until its next import; another admin, a reload or
        # an import from the command line saw none of them
        # the import's time is to the second, so the data version tells a change made within the same second
        kept = {"at": store.get_meta(con, "last_import_at"), "version": store.data_version(con), "kind": report.kind}
        # with the stated day its warnings speak of, so they can be left out once another day is stated
        day = store.complete_through(con)
        said = {"stated": None if day is None else day.isoformat(), "stated_alerts": report.stated_alerts}
        text = report.summary()[:LAST_REPORT_CHARS]
        store.set_meta(con, LAST_REPORT_KEY, json.dumps({**kept, **said, "text": text}))
    return report


def replaced_preset_note(options: ImportOptions, preset: TableMapping, stated: TableMapping) -> str:
    """Why a refused import beside --preset may lack columns: the mapping file replaced the preset, whose columns it
    does not name are not read (trial 40: a file holding only [leads.disqualified_by] beside --preset hubspot was
    refused for want of lead_id, as if the preset were not there). '' when the mapping names all the preset's."""
    dropped = [column for column in preset.columns if column not in stated.columns]
    if not dropped:
        return ""
    name = os.path.basename(options.mapping_path or "")
    listed = ", ".join(dropped[:PRESET_COLUMNS_LISTED]) + (
        f" and {len(dropped) - PRESET_COLUMNS_LISTED:,} more" if len(dropped) > PRESET_COLUMNS_LISTED else ""
    )
    return (
        f"{name} replaces the preset {options.preset} rather than adding to it (a mapping file is used alone, unless "
        f"it states formats only), so the preset's {listed} are not read. To add to the preset, write its mapping "
        f"for your file with `python -m dashboard map --kind {options.kind} --out {options.kind}.toml FILE`, add "
        f"your lines to that file and import with --mapping {options.kind}.toml alone"
    )


def last_report(con: duckdb.DuckDBPyConnection) -> tuple[str, str, str] | None:
    """The last import's table, time and report (as the command line printed it); None when the rows changed in
    another way since (the demo, undo to before it, a new version's upgrade), whose time is the last import's now;
    a setting changed since (store.rows_version) leaves it."""
    raw = store.get_meta(con, LAST_REPORT_KEY)
    if raw is None:
        return None
    kept = json.loads(raw)
    at = store.get_meta(con, "last_import_at")
    # against the rows' version: a stated complete-through day or the sales-owned sources saved since change no row
    # the report counts (trial L3: a complete-through hid the report of the import before it)
    if at is None or kept.get("at") != at or kept.get("version") != store.rows_version(con):
        return None
    return kept["kind"], at, _stated_since(con, kept)


def _stated_since(con: duckdb.DuckDBPyConnection, kept: dict[str, Any]) -> str:
    """The kept report's text, without its warnings on a stated complete-through day another day has replaced since
    (or a forget), which say so instead (review 104: "the data runs past the stated day 26 Nov" and its advice to
    state the day again stayed after 30 Nov was stated)."""
    stated = store.complete_through(con)
    now = None if stated is None else stated.isoformat()
    # a report kept before the stated day was kept with it has no stated_alerts: nothing to leave out
    stale = {f"WARNING: {alert}" for alert in kept.get("stated_alerts", [])} if kept.get("stated") != now else set()
    lines = kept["text"].split("\n")
    if not stale or not stale.intersection(lines):
        return kept["text"]
    since = "is forgotten" if stated is None else f"is {stated:%-d %b %Y}"
    said = f"since this import the stated complete-through day {since}: the warning on the day stated then is left out"
    return "\n".join([said] + [line for line in lines if line not in stale])
