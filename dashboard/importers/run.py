"""One entry point for an import, used by the CLI and the Data page: format, mapping, files, mode."""

from __future__ import annotations

import os
from collections.abc import Sequence

import duckdb

from dashboard.importers.canonical import ImportReport, import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping, preset_mapping


def run_import(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    paths: Sequence[str | os.PathLike[str]],
    preset: str = "canonical",
    mapping_path: str | os.PathLike[str] | None = None,
    mode: str = "replace",
    dry_run: bool = False,
) -> ImportReport:
    """Import files in a preset's format or through a mapping file; a mapping file wins over the preset."""
    table_mapping = preset_mapping(preset, kind)
    if mapping_path:
        mappings = load_mapping(mapping_path)
        if kind not in mappings:
            raise ImportRefused(f"{os.path.basename(mapping_path)} has no [{kind}] section")
        table_mapping = mappings[kind]
    return import_files(con, kind, paths, mode=mode, mapping=table_mapping, dry_run=dry_run)
