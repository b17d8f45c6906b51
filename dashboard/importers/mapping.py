"""Mapping files (TOML) that turn any export's columns into the canonical ones (see README)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from dashboard import store
from dashboard.importers import checks
from dashboard.importers.errors import ImportRefused

SECTION_KEYS = {"columns", "constants", "values", "date_format", "from_lead", "lead_attributes", "multi_value"}
KINDS = ("leads", "deals", "touches", "spend", "targets")
DEFAULT_KEY = "*"
# a preset lists alternatives for columns an export may simply not have; a missing one is skipped
# unless it is one of the table's required columns (checked later against the schema)
OPTIONAL_WHEN_ALTERNATIVES = frozenset(
    {
        "account_id",
        "campaign",
        "persona",
        "segment",
        "industry",
        "region",
        "owner",
        "lifecycle_stage",
        "mql_at",
        "sql_at",
        "first_contact_at",
        "disqualified_at",
        "disqualify_reason",
        "stage",
        "closed_at",
        "amount",
        "lost_reason",
        "source",
        "activated_at",
        "churned_at",
    }
)


@dataclass(frozen=True)
class TableMapping:
    """How one export file becomes rows of one canonical table."""

    kind: str
    source: str
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    constants: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    date_format: str | None = None
    from_lead: Mapping[str, str] = field(default_factory=dict)
    lead_attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    multi_value: Mapping[str, str] = field(default_factory=dict)


def _alternatives(section: Any, where: str) -> dict[str, tuple[str, ...]]:
    """Canonical column -> the file columns that may fill it, first present wins (labels vs API names)."""
    if not isinstance(section, dict):
        raise ImportRefused(f"{where} must be a table")
    out = {}
    for target, src in section.items():
        names = (src,) if isinstance(src, str) else tuple(src) if isinstance(src, list) else ()
        if not names or not all(isinstance(n, str) for n in names):
            raise ImportRefused(f"{where}: {target} must name a column or a list of columns")
        out[target] = names
    return out


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
            columns=_alternatives(section.get("columns", {}), f"{path.name}: [{kind}.columns]"),
            constants=_strings(section.get("constants", {}), f"{path.name}: [{kind}.constants]"),
            values={k: _strings(v, f"{path.name}: [{kind}.values.{k}]") for k, v in values.items()},
            date_format=section.get("date_format"),
            from_lead=_strings(section.get("from_lead", {}), f"{path.name}: [{kind}.from_lead]"),
            lead_attributes=_alternatives(section.get("lead_attributes", {}), f"{path.name}: [{kind}.lead_attributes]"),
            multi_value=_strings(section.get("multi_value", {}), f"{path.name}: [{kind}.multi_value]"),
        )
    return mappings


def resolve(m: TableMapping, file_columns: list[str], path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Pick, for each mapped column, the first alternative the file has; refuse when none is there."""

    def pick(targets: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
        chosen = {}
        for target, names in targets.items():
            found = next((n for n in names if n in file_columns), None)
            if found is None:
                if len(names) == 1:
                    raise ImportRefused(
                        f"{path.name}: column {names[0]!r} named in {m.source} is not in the file "
                        f"(its columns: {', '.join(file_columns)})"
                    )
                if target in OPTIONAL_WHEN_ALTERNATIVES:
                    continue
                raise ImportRefused(
                    f"{path.name}: none of the columns {', '.join(repr(n) for n in names)} that {m.source} "
                    f"reads {target} from is in the file (its columns: {', '.join(file_columns)})"
                )
            chosen[target] = found
        return chosen

    return pick(m.columns), pick(m.lead_attributes)


def _check_names(con: duckdb.DuckDBPyConnection, m: TableMapping, columns: Mapping[str, str]) -> None:
    spec = store.table_columns(con, m.kind)
    lead_spec = store.table_columns(con, "leads")
    for target in [*m.columns, *m.constants, *m.values, *m.from_lead, *m.multi_value]:
        if target not in spec:
            raise ImportRefused(f"{m.source}: {target!r} is not a canonical {m.kind} column")
    for lead_col in [*m.from_lead.values(), *m.lead_attributes]:
        if lead_col not in lead_spec:
            raise ImportRefused(f"{m.source}: {lead_col!r} is not a canonical leads column")
    if (m.from_lead or m.lead_attributes) and "lead_id" not in columns:
        raise ImportRefused(f"{m.source}: from_lead and lead_attributes need columns.lead_id")


def apply_mapping(
    con: duckdb.DuckDBPyConnection, m: TableMapping, path: Path, staging: str, file_columns: list[str], index: int
) -> tuple[str, list[str], dict[str, str]]:
    """Turn a staged file into a staged table of canonical text columns; return its name, columns, file labels."""
    columns, _ = resolve(m, file_columns, path)
    _check_names(con, m, columns)
    spec = store.table_columns(con, m.kind)
    q = store.quote_identifier
    params: dict[str, Any] = {}
    exprs = ["s._row as _row"]
    produced = []
    joins = ""
    lead_key = f"clean(s.{q(columns['lead_id'])})" if "lead_id" in columns else None
    if "lead_id" in m.multi_value and lead_key:
        joins += _choose_lead(con, m, staging, columns["lead_id"], index, path.name)
        lead_key = f"coalesce(_choice.lead_id, {lead_key})"
    if m.from_lead:
        joins += f" left join leads as _lead on _lead.lead_id = {lead_key}"
    for i, (target, (dtype, _)) in enumerate(spec.items()):
        if target in columns:
            value = lead_key if target == "lead_id" else f"clean(s.{q(columns[target])})"
            if target in m.values:
                table = {k: v for k, v in m.values[target].items() if k != DEFAULT_KEY}
                params[f"keys_{i}"] = list(table)
                params[f"vals_{i}"] = list(table.values())
                # values the map does not name pass through, or take the map's "*" default
                params[f"default_{i}"] = m.values[target].get(DEFAULT_KEY)
                value = (
                    f"coalesce(map_extract(map($keys_{i}, $vals_{i}), coalesce({value}, ''))[1], "
                    f"$default_{i}::varchar, {value})"
                )
            if m.date_format and dtype in ("TIMESTAMP", "DATE"):
                params["date_format"] = m.date_format
                # a value that does not match the format stays as written, so that the row check
                # reports it as an unparseable date instead of the import losing it silently
                value = (
                    f"coalesce(strftime(try_strptime(nullif({value}, ''), $date_format), '%Y-%m-%d %H:%M:%S'), {value})"
                )
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
        f"create or replace temp table {mapped} as select {', '.join(exprs)} from {staging} as s {joins}", params
    )
    return mapped, produced, {target: columns[target] for target in produced if target in columns}


def _choose_lead(
    con: duckdb.DuckDBPyConnection, m: TableMapping, staging: str, column: str, index: int, file_name: str
) -> str:
    """For cells listing several lead ids (HubSpot's "101;102"), pick the first listed lead that is loaded.

    A deal has one originating lead in the canonical model; the first associated contact that exists is
    the closest a flat export gets to "the contact the deal came from". Rows that list several are
    recorded as a warning so that the choice is visible in the import report.
    """
    q = store.quote_identifier
    choice = f"choice_{index}"
    con.execute(
        f"create or replace temp table {choice} as "
        f"with parts as (select _row, unnest(string_split(trim({q(column)}), $sep)) as part, "
        f"generate_subscripts(string_split(trim({q(column)}), $sep), 1) as pos from {staging} "
        f"where contains({q(column)}, $sep)), "
        "ids as (select _row, trim(part) as lead_id, pos from parts where trim(part) <> '') "
        "select _row, coalesce(arg_min(lead_id, pos) filter (where lead_id in (select lead_id from leads)), "
        "arg_min(lead_id, pos)) as lead_id, count(*) as count_ids from ids group by _row",
        {"sep": m.multi_value["lead_id"]},
    )
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, c._row, $column, '{checks.SEVERAL_LEADS}', "
        f"trim(s.{q(column)}) || ' -> ' || c.lead_id, '{checks.KEPT}' "
        f"from {choice} as c join {staging} as s using (_row) where c.count_ids > 1",
        {"index": index, "file": file_name, "column": column},
    )
    return f" left join {choice} as _choice on _choice._row = s._row"


def apply_lead_updates(con: duckdb.DuckDBPyConnection, m: TableMapping, path: Path, staging: str) -> None:
    """Write attributes that the deals file carries onto the leads those deals came from."""
    if not m.lead_attributes:
        return
    file_columns = [c for c in con.execute(f"select * from {staging} limit 0").fetchdf().columns if c != "_row"]
    columns, attributes = resolve(m, file_columns, path)
    q = store.quote_identifier
    sets = ", ".join(
        f"{lead_col} = coalesce(nullif(trim(s.{q(src)}), ''), leads.{lead_col})" for lead_col, src in attributes.items()
    )
    if sets:
        key = q(columns["lead_id"])
        # is_mql = null has the refresh derive these leads' stages again (a stage column may have changed)
        con.execute(f"update leads set {sets}, is_mql = null from {staging} as s where leads.lead_id = trim(s.{key})")


PRESETS_DIR = Path(__file__).resolve().parent / "presets"
PRESETS: tuple[str, ...] = ("canonical", "hubspot", "salesforce")


def preset_mapping(preset: str, kind: str) -> TableMapping | None:
    """The built-in mapping of a preset for one table; None for canonical files."""
    if preset not in PRESETS:
        raise ImportRefused(f"unknown preset {preset!r}: use one of {', '.join(PRESETS)}")
    if preset == "canonical":
        return None
    mappings = load_mapping(PRESETS_DIR / f"{preset}.toml")
    if kind not in mappings:
        raise ImportRefused(f"the {preset} preset reads leads and deals, not {kind}; use canonical columns")
    return mappings[kind]
