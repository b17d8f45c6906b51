"""One entry point for an import, used by the CLI and the Data page: options, files, progress."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from dashboard.importers.canonical import ImportReport, Progress, import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping, preset_mapping, with_formats


@dataclass(frozen=True)
class ImportOptions:
    """What the user chose for one import; hashable, so the Data page can tell when it changed."""

    kind: str
    preset: str = "canonical"
    mapping_path: str | None = None
    mode: str = "replace"
    on_bad_rows: str = "skip"
    sheet: str | None = None


def run_import(
    con: duckdb.DuckDBPyConnection,
    options: ImportOptions,
    paths: Sequence[str | os.PathLike[str]],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files in a preset's format or through a mapping file; a mapping file wins over the preset, except one
    that states formats only (date_format, number_format), which adds them to the preset."""
    table_mapping = preset_mapping(options.preset, options.kind)
    if options.mapping_path:
        mappings = load_mapping(options.mapping_path)
        if options.kind not in mappings:
            raise ImportRefused(f"{os.path.basename(options.mapping_path)} has no [{options.kind}] section")
        stated = mappings[options.kind]
        merged = with_formats(table_mapping, stated) if table_mapping is not None else None
        table_mapping = merged or stated
    return import_files(
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
