"""Mapping files (TOML) that turn any export's columns into the canonical ones (see README)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from dashboard import store
from dashboard.importers.errors import ImportRefused

SECTION_KEYS = {"columns", "constants", "values", "date_format", "from_lead", "lead_attributes"}
KINDS = ("leads", "deals", "touches", "spend", "targets")


@dataclass(frozen=True)
class TableMapping:
    """How one export file becomes rows of one canonical table."""

    kind: str
    source: str
    columns: Mapping[str, str] = field(default_factory=dict)
    constants: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    date_format: str | None = None
    from_lead: Mapping[str, str] = field(default_factory=dict)
    lead_attributes: Mapping[str, str] = field(default_factory=dict)


def _strings(section: Any, where: str) -> dict[str, str]:
    if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
        raise ImportRefused(f"{where} must be a table of text values")
    return dict(section)


def load_mapping(path: str | Path) -> dict[str, TableMapping]:
    """Read a mapping file: one section per canonical table it fills."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ImportRefused(f"{path}: no such mapping file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(f"{path.name}: not valid TOML ({exc})") from exc
    mappings = {}
    for kind, section in data.items():
        if kind not in KINDS:
            raise ImportRefused(f"{path.name}: [{kind}] is not a table; use one of {', '.join(KINDS)}")
        unknown = set(section) - SECTION_KEYS
        if unknown:
            raise ImportRefused(f"{path.name}: [{kind}] has unknown keys {', '.join(sorted(unknown))}")
        values = section.get("values", {})
        mappings[kind] = TableMapping(
            kind=kind,
            source=path.name,
            columns=_strings(section.get("columns", {}), f"{path.name}: [{kind}.columns]"),
            constants=_strings(section.get("constants", {}), f"{path.name}: [{kind}.constants]"),
            values={k: _strings(v, f"{path.name}: [{kind}.values.{k}]") for k, v in values.items()},
            date_format=section.get("date_format"),
            from_lead=_strings(section.get("from_lead", {}), f"{path.name}: [{kind}.from_lead]"),
            lead_attributes=_strings(section.get("lead_attributes", {}), f"{path.name}: [{kind}.lead_attributes]"),
        )
    return mappings


def _check_names(con: duckdb.DuckDBPyConnection, m: TableMapping, file_columns: list[str], path: Path) -> None:
    spec = store.table_columns(con, m.kind)
    lead_spec = store.table_columns(con, "leads")
    targets = [*m.columns, *m.constants, *m.values, *m.from_lead]
    for target in targets:
        if target not in spec:
            raise ImportRefused(f"{m.source}: {target!r} is not a canonical {m.kind} column")
    for lead_col in [*m.from_lead.values(), *m.lead_attributes]:
        if lead_col not in lead_spec:
            raise ImportRefused(f"{m.source}: {lead_col!r} is not a canonical leads column")
    if (m.from_lead or m.lead_attributes) and "lead_id" not in m.columns:
        raise ImportRefused(f"{m.source}: from_lead and lead_attributes need columns.lead_id")
    for src in [*m.columns.values(), *m.lead_attributes.values()]:
        if src not in file_columns:
            raise ImportRefused(
                f"{path.name}: column {src!r} named in {m.source} is not in the file "
                f"(its columns: {', '.join(file_columns)})"
            )


def apply_mapping(
    con: duckdb.DuckDBPyConnection, m: TableMapping, path: Path, staging: str, file_columns: list[str], index: int
) -> tuple[str, list[str]]:
    """Turn a staged file into a staged table of canonical text columns; return its name and columns."""
    _check_names(con, m, file_columns, path)
    spec = store.table_columns(con, m.kind)
    q = store.quote_identifier
    params: dict[str, Any] = {}
    exprs = ["s._row as _row"]
    produced = []
    lead_join = ""
    if m.from_lead:
        lead_join = f"left join leads as _lead on _lead.lead_id = trim(s.{q(m.columns['lead_id'])})"
    for i, (target, (dtype, _)) in enumerate(spec.items()):
        if target in m.columns:
            value = f"trim(s.{q(m.columns[target])})"
            if target in m.values:
                params[f"keys_{i}"] = list(m.values[target])
                params[f"vals_{i}"] = list(m.values[target].values())
                value = f"coalesce(map_extract(map($keys_{i}, $vals_{i}), coalesce({value}, ''))[1], {value})"
            if m.date_format and dtype in ("TIMESTAMP", "DATE"):
                params["date_format"] = m.date_format
                bad = con.execute(
                    f"select _row, {value} from {staging} as s where nullif({value}, '') is not null "
                    f"and try_strptime({value}, $date_format) is null order by _row limit 1",
                    {k: v for k, v in params.items() if k in ("date_format", f"keys_{i}", f"vals_{i}")},
                ).fetchall()
                if bad:
                    raise ImportRefused(
                        f"{path.name}, row {bad[0][0]}, column {m.columns[target]}: {bad[0][1]!r} does not match "
                        f"the date format {m.date_format} of {m.source}"
                    )
                value = f"strftime(try_strptime(nullif({value}, ''), $date_format), '%Y-%m-%d %H:%M:%S')"
        elif target in m.constants:
            params[f"const_{i}"] = m.constants[target]
            value = f"$const_{i}::varchar"
        elif target in m.from_lead:
            value = f"cast(_lead.{m.from_lead[target]} as varchar)"
        else:
            continue
        exprs.append(f"{value} as {q(target)}")
        produced.append(target)
    mapped = f"mapped_{index}"
    con.execute(
        f"create or replace temp table {mapped} as select {', '.join(exprs)} from {staging} as s {lead_join}", params
    )
    return mapped, produced


def apply_lead_updates(con: duckdb.DuckDBPyConnection, m: TableMapping, path: Path, staging: str) -> None:
    """Write attributes that the deals file carries onto the leads those deals came from."""
    if not m.lead_attributes:
        return
    q = store.quote_identifier
    sets = ", ".join(
        f"{lead_col} = coalesce(nullif(trim(s.{q(src)}), ''), leads.{lead_col})"
        for lead_col, src in m.lead_attributes.items()
    )
    con.execute(f"update leads set {sets} from {staging} as s where leads.lead_id = trim(s.{q(m.columns['lead_id'])})")
