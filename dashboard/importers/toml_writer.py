"""Write mappings as the TOML file `load_mapping` reads, with a comment per line saying why."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from dashboard.importers.mapping import DEFAULT_KEY, TableMapping
from dashboard.importers.stage_rules import StageRule

# sections of one column each (canonical column = file column, or a list of them)
# (campaign_by_source: a source value = its campaign's columns, [] for none; HubSpot's preset, saved as a mapping)
ALTERNATIVE_SECTIONS = (
    "columns",
    "lead_attributes",
    "reached",
    "disqualified_by",
    "lost_by",
    "campaign_by_source",
    "status_flags",
    "one_currency",
)
TEXT_SECTIONS = ("constants", "from_lead", "multi_value", "not_read", "currency_names")


def _text(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's ones (quotes, backslashes, control characters)."""
    return json.dumps(value, ensure_ascii=False)


def _key(name: str) -> str:
    """A key as TOML reads it back: bare when it can be, quoted otherwise."""
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _text(name)


def _comment(reasons: Mapping[str, str], key: str) -> str:
    why = " ".join(reasons.get(key, "").split())
    return f"  # {why}" if why else ""


def _names(names: tuple[str, ...], listed: bool) -> str:
    if len(names) == 1 and not listed:
        return _text(names[0])
    return "[" + ", ".join(_text(n) for n in names) + "]"


def _number_format(fmt: Mapping[str, str]) -> str:
    return "{ " + ", ".join(f"{k} = {_text(v)}" for k, v in sorted(fmt.items())) + " }"


def _head(m: TableMapping, reasons: Mapping[str, str]) -> list[str]:
    """The table's own keys: date and number formats, value maps kept unless complete."""
    lines = [f"[{m.kind}]"]
    if m.date_format:
        lines.append(f"date_format = {_names(m.date_format, True)}{_comment(reasons, 'date_format')}")
    if set(m.number_format) == {DEFAULT_KEY}:
        fmt = _number_format(m.number_format[DEFAULT_KEY])
        lines.append(f"number_format = {fmt}{_comment(reasons, 'number_format')}")
    if m.amount_in_cents is not None:
        lines.append(f"amount_in_cents = {str(m.amount_in_cents).lower()}{_comment(reasons, 'amount_in_cents')}")
    if m.amount_in_micros is not None:
        lines.append(f"amount_in_micros = {str(m.amount_in_micros).lower()}{_comment(reasons, 'amount_in_micros')}")
    if m.currency:
        lines.append(f"currency = {_text(m.currency)}{_comment(reasons, 'currency')}")
    if m.account_from:
        lines.append(f"account_from = {_text(m.account_from)}{_comment(reasons, 'account_from')}")
    if m.keep:
        # one condition as the single inline table it was always written as; several as a list of them
        conditions = [f"{{ column = {_text(column)}, values = {_names(values, True)} }}" for column, values in m.keep]
        keep = conditions[0] if len(conditions) == 1 else "[" + ", ".join(conditions) + "]"
        lines.append(f"keep = {keep}{_comment(reasons, 'keep')}")
    if m.keep_unless_complete:
        keep = "[" + ", ".join(_text(c) for c in sorted(m.keep_unless_complete)) + "]"
        lines.append(f"keep_unless_complete = {keep}")
    if m.salesforce_ids:
        ids = ", ".join(_text(c) for c in sorted(m.salesforce_ids))
        lines.append(f"salesforce_ids = [{ids}]{_comment(reasons, 'salesforce_ids')}")
    return lines


def _rule(rule: StageRule) -> str:
    """A [leads.reached] rule as an inline table, as load_mapping reads it."""
    if rule.at_least is not None:
        return f"{{ column = {_text(rule.column)}, at_least = {rule.at_least:g} }}"
    return (
        f"{{ column = {_text(rule.column)}, contains = {_names(rule.contains, True)}, "
        f"separator = {_names(rule.separators, True)} }}"
    )


def _sections(m: TableMapping, reasons: Mapping[str, str]) -> list[str]:
    """Every sub-table of one table: columns, constants, value maps and the rest."""
    lines: list[str] = []
    for section in ALTERNATIVE_SECTIONS:
        entries = getattr(m, section)
        # a saved mapping's score and tag rules are written back beside its yes/no columns, never dropped
        rules = [f"{_key(s)} = {_rule(r)}" for s, r in m.reached_rules.items()] if section == "reached" else []
        if entries or rules:
            lines += ["", f"[{m.kind}.{section}]"]
            # lead_attributes may be given as a list too: what was listed stays listed
            listed = m.listed if section in ("columns", "lead_attributes") else frozenset(entries)
            lines += [
                f"{_key(t)} = {_names(n, t in listed)}{_comment(reasons, f'{section}.{t}')}" for t, n in entries.items()
            ] + rules
    for section in TEXT_SECTIONS:
        entries = getattr(m, section)
        if entries:
            lines += ["", f"[{m.kind}.{section}]"]
            lines += [f"{_key(t)} = {_text(v)}{_comment(reasons, f'{section}.{t}')}" for t, v in entries.items()]
    if set(m.number_format) - {DEFAULT_KEY}:
        # per column (the table's own format under "*"): a table, not the one-line form
        lines += ["", f"[{m.kind}.number_format]"]
        lines += [f"{_key(c)} = {_number_format(f)}" for c, f in m.number_format.items()]
    for column, table in m.values.items():
        lines += ["", f"[{m.kind}.values.{_key(column)}]{_comment(reasons, f'values.{column}')}"]
        lines += [f"{_text(k)} = {_text(v)}{_comment(reasons, f'values.{column}.{k}')}" for k, v in table.items()]
        # values the proposal left for the user to choose: a commented line to fill in, so the file says they exist
        prefix = f"values.{column}."
        lines += [
            f"# {_text(key[len(prefix) :])} = ?{_comment(reasons, key)}"
            for key in reasons
            if key.startswith(prefix) and key[len(prefix) :] not in table
        ]
    return lines


def to_toml(mappings: Mapping[str, TableMapping], reasons: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The mapping file for these tables; `reasons` (per table, keyed like Proposal.reasons) become comments."""
    parts = []
    for kind, m in mappings.items():
        why = (reasons or {}).get(kind, {})
        head, sections = _head(m, why), _sections(m, why)
        # "[kind]" alone says nothing when the table has no keys of its own (its sub-tables name it)
        lines = head + sections if len(head) > 1 or not sections else sections[1:]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
