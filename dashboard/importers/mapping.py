"""Mapping files (TOML) that turn any export's columns into the canonical ones (see README)."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb

from dashboard import config, store
from dashboard.formatting import fmt_count
from dashboard.importers import accounts, checks, encodings, local_times, numbers, readers, stage_rules
from dashboard.importers.errors import ImportRefused

SECTION_KEYS = {
    "columns",
    "constants",
    "values",
    "date_format",
    "number_format",
    "from_lead",
    "lead_attributes",
    "multi_value",
    "reached",
    "disqualified_by",
    "lost_by",
    "campaign_by_source",
    "status_flags",
    "keep_unless_complete",
    "account_from",
    "one_currency",
    "not_read",
    "salesforce_ids",
    "encoding",
    "currency_names",
    "amount_in_cents",
    "amount_in_micros",
    "currency",
    "timezone",
    "keep",
    "lead_not_loaded",
}
# [deals] lead_not_loaded: what a deal naming a lead that is not loaded does. "wait" (the default): kept aside, in
# none of the numbers, until the leads import that brings the lead (a contact created after the contacts export);
# "unknown": imported now and counted, of unknown origin (a HubSpot contact deleted or merged away, which no export
# will bring: probe 93's $9,000 won deal was in no number, and blanking its lead id made it outbound, sales')
LEAD_NOT_LOADED = ("wait", "unknown")
KINDS = ("leads", "deals", "touches", "spend", "targets", "accounts")
DEFAULT_KEY = "*"
# a column mapped to this gets an id made of the file name and the row number (files without ids)
ROW_ID = "@row"
# one condition of a keep line: a file column and the values whose rows are imported
KeepCondition = tuple[str, tuple[str, ...]]
# cells of a yes/no column (Salesforce's Converted, IsConverted) that mean yes and no, as value_key has them: a
# spreadsheet's TRUE/FALSE in the languages Excel writes them in when it saves a CSV (German WAHR, French VRAI,
# Spanish and Italian VERDADERO/VERO, Dutch WAAR, Portuguese VERDADEIRO, Nordic SANT/SAND/SANN, Polish PRAWDA),
# a warehouse's 1.0/0.0, yes/no words. Any other filled cell refuses the file: read as no, a German export's
# every WAHR was a lead never converted and a deal never won
TRUE_VALUES: tuple[str, ...] = (
    "true", "1", "1.0", "yes", "y", "x", "t", "checked", "wahr", "vrai", "verdadero", "vero", "waar",
    "verdadeiro", "sant", "sand", "sann", "prawda", "tosi", "ja", "oui", "si", "sí", "sì", "sim", "tak", "kyllä",
    # a hand-kept sheet's ticks (trial 57); a cross (✗, ✘) is left unread: a "no" in some sheets, a mark in others
    "✓", "✔", "☑", "✅",
)  # fmt: skip
FALSE_VALUES: tuple[str, ...] = (
    "false", "0", "0.0", "no", "n", "f", "unchecked", "falsch", "faux", "falso", "onwaar", "falskt", "falsk",
    "fałsz", "epätosi", "usann", "nein", "non", "nee", "não", "nej", "nei", "nie", "ei",
)  # fmt: skip
NUMBER_FORMAT_KEYS = frozenset({"decimal", "thousands"})
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
        "converted_deal_id",
        "stage",
        "closed_at",
        "amount",
        "lost_reason",
        "source",
        "activated_at",
        "churned_at",
        "name",
        "employees",
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
    date_format: tuple[str, ...] = ()
    # column -> {"decimal": ..., "thousands": ...}; the key "*" holds the table's own format
    number_format: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    from_lead: Mapping[str, str] = field(default_factory=dict)
    lead_attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # per column, the separators a cell listing several ids may use (HubSpot writes "101;102", a hand-made
    # export "101, 102"): one, or a list of them
    multi_value: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # stage -> yes/no columns: a yes means the lead reached at least that stage (Converted -> sql)
    reached: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # stage -> a score threshold or a tag a list holds: how marketing-automation tools qualify (Pardot's Score >= 100,
    # ActiveCampaign's Tags holding MQL), written in [leads.reached] as an inline table
    reached_rules: Mapping[str, stage_rules.StageRule] = field(default_factory=dict)
    # file column -> its values that mean sales rejected the lead: a status column beside the lifecycle stage
    # (HubSpot's Lead Status UNQUALIFIED) makes the lead's stage 'disqualified', as Salesforce's one Status column does
    disqualified_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # deals: file column -> its values that mean the deal ended lost, read where its status says open (Odoo's
    # `Active` False: marking an opportunity lost archives it in its stage, the lost reason optional: trial 106)
    lost_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a file's source value -> the columns its rows' campaign is read from instead of the campaign column (none: the
    # source has no campaign): HubSpot's drill-down columns mean something else per Original Source
    campaign_by_source: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # "won" / "closed" -> yes/no columns that decide a deal's status over its stage name (IsWon, IsClosed)
    status_flags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # value maps applied only when they name every value of the file, so no list is half renamed
    keep_unless_complete: frozenset[str] = frozenset()
    # columns given as a list of headers: an optional one may be missing from the file (presets list the
    # headers an export may have); one given as a single header must be there (a typo is refused)
    listed: frozenset[str] = frozenset()
    # how the column mapped to account_id becomes an account: "email_domain" or "company" (accounts.ACCOUNT_FROM)
    account_from: str | None = None
    # "code": columns holding each row's currency; "converted": amount columns in the company's one currency.
    # a file without a converted amount whose rows are in several currencies is refused (see check_one_currency)
    one_currency: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # file column -> why it is not read: a column an export has whose meaning the product takes from elsewhere,
    # said in the report when the file has it (HubSpot's "Became a Customer Date": customers come from deals)
    not_read: Mapping[str, str] = field(default_factory=dict)
    # canonical columns holding Salesforce record ids: reports write an id with 15 characters, Data Loader and the
    # API with 18 (the same id and three characters telling which letters are capitals), so a leads report and an
    # opportunities Data Loader export would never meet. Both are stored in the 18-character form.
    salesforce_ids: frozenset[str] = frozenset()
    # the codec a CSV that is not UTF-8 or UTF-16 is read in ("mac_roman"), when its bytes do not settle it
    encoding: str | None = None
    # the currency of amounts that name none (HubSpot writes Betrag as a plain 12500): `currency = "EUR"`
    currency: str | None = None
    # a currency column's value (as value_key writes it) -> the ISO code it stands for, where the value is no code
    # or currency name (SugarCRM's currency_id "-99", a currency's GUID)
    currency_names: Mapping[str, str] = field(default_factory=dict)
    # whether the amount is in cents (divided by 100); None: as the file shows (Close's export is read in cents)
    amount_in_cents: bool | None = None
    # whether the amount is in millionths (divided by 1,000,000): Reddit's and Snapchat's APIs write spend so with no
    # "micro" in the header; None: as the header says (cost_micros), and a spend file whose amounts per impression no
    # ad buy reaches is refused
    amount_in_micros: bool | None = None
    # the time zone of the file's times written without one ("Europe/Berlin": HubSpot's portal zone); None: the
    # data's own (config.DATA_TIMEZONE). A time with an offset or Z keeps it
    timezone: str | None = None
    # file columns and their values: only the rows holding one of them in each column are imported (the rest are
    # left out, counted in the report): `keep = { column = "Deal Type", values = ["New Business"] }` leaves renewals
    # and upsells out; a list of such conditions must all hold (an Odoo export's opportunities in EUR: trial 106)
    keep: tuple[KeepCondition, ...] | None = None
    # deals: what a deal naming a lead that is not loaded does (LEAD_NOT_LOADED): kept aside, or counted now
    lead_not_loaded: str = "wait"

    def reaches(self) -> bool:
        """Whether [leads.reached] says some leads' stage (yes/no columns or rules)."""
        return bool(self.reached or self.reached_rules)

    def number_format_of(self, column: str) -> Mapping[str, str] | None:
        """The decimal and thousands separators the mapping states for a column, if any."""
        return self.number_format.get(column) or self.number_format.get(DEFAULT_KEY)


def with_formats(preset: TableMapping, stated: TableMapping) -> TableMapping | None:
    """A preset with the date and number formats (and the encoding, currency names, amount_in_cents, keep and
    lead_not_loaded lines) of a mapping section that states nothing else
    (its formats win); None when the section maps columns or values of its own, and so replaces the preset."""
    bare = TableMapping(
        stated.kind,
        stated.source,
        date_format=stated.date_format,
        number_format=stated.number_format,
        encoding=stated.encoding,
        currency_names=stated.currency_names,
        amount_in_cents=stated.amount_in_cents,
        amount_in_micros=stated.amount_in_micros,
        currency=stated.currency,
        timezone=stated.timezone,
        keep=stated.keep,
        lead_not_loaded=stated.lead_not_loaded,
    )
    if stated != bare:
        return None
    return replace(
        preset,
        date_format=stated.date_format or preset.date_format,
        number_format={**preset.number_format, **stated.number_format},
        encoding=stated.encoding or preset.encoding,
        currency_names={**preset.currency_names, **stated.currency_names},
        currency=stated.currency or preset.currency,
        amount_in_cents=preset.amount_in_cents if stated.amount_in_cents is None else stated.amount_in_cents,
        amount_in_micros=preset.amount_in_micros if stated.amount_in_micros is None else stated.amount_in_micros,
        timezone=stated.timezone or preset.timezone,
        keep=stated.keep or preset.keep,
        # [deals] lead_not_loaded = "unknown" beside --preset hubspot: a deleted contact's deals counted (probe 93)
        lead_not_loaded=stated.lead_not_loaded if stated.lead_not_loaded != "wait" else preset.lead_not_loaded,
    )


def required_columns_of(kind: str, spec: Mapping[str, tuple[str, bool]]) -> list[str]:
    """The columns a row of `kind` cannot go without, from its schema (`spec`: column -> (type, required)): a blank
    source is 'unknown', so a source is required only where config.SOURCE_REQUIRED says (spend)."""
    return [c for c, (_, req) in spec.items() if req and (c != "source" or kind in config.SOURCE_REQUIRED)]


def value_key(text: str) -> str:
    """A value as map keys are matched: case, surrounding blanks and runs of any space (no-break too) ignored."""
    return re.sub(r"\s+", " ", text.replace("\ufeff", " ")).strip().lower()


def _with_converted_amount(
    columns: dict[str, tuple[str, ...]], one_currency: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The amount read from the stated converted columns first, then from the mapped ones where those are blank:
    the currency refusal asks for converted = [...] alone, and before, with the amount still naming only each row's
    own currency's column, the same refusal came back. An amount that names one of them already is kept as written
    (a preset's amount lists the converted columns in its own order)."""
    converted = one_currency.get("converted", ())
    if "amount" not in columns or not converted or any(c in columns["amount"] for c in converted):
        return columns
    return {**columns, "amount": (*converted, *columns["amount"])}


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


def _yes_no(section: Any) -> Any:
    """[leads.reached] without its rules (inline tables): the stages read from yes/no columns."""
    return {k: v for k, v in section.items() if not isinstance(v, dict)} if isinstance(section, dict) else section


def _rules(section: Any, where: str) -> dict[str, stage_rules.StageRule]:
    """[leads.reached]'s rules: mql = { column = "Score", at_least = 100 }, { column = "Tags", contains = "MQL" }."""
    if not isinstance(section, dict):
        return {}
    return {k: stage_rules.parse_rule(k, v, where) for k, v in section.items() if isinstance(v, dict)}


def _columns_or_none(section: Any, where: str) -> dict[str, tuple[str, ...]]:
    """A value -> the file columns that may fill it, first present wins; an empty list: none does."""
    if not isinstance(section, dict):
        raise ImportRefused(f"{where} must be a table")
    out = {}
    for value, src in section.items():
        names = (src,) if isinstance(src, str) else tuple(src) if isinstance(src, list) else (None,)
        if not all(isinstance(n, str) for n in names):
            raise ImportRefused(f"{where}: {value!r} must name a column, a list of columns or [] (no campaign)")
        out[value] = names
    return out


def _names_list(section: Any, where: str) -> frozenset[str]:
    """A list of canonical column names."""
    if not isinstance(section, list) or not all(isinstance(v, str) for v in section):
        raise ImportRefused(f"{where} must be a list of column names")
    return frozenset(section)


def _separators(section: Any, where: str) -> dict[str, tuple[str, ...]]:
    """[kind.multi_value]: per column one separator or a list of them, none empty."""
    if not isinstance(section, dict):
        raise ImportRefused(f"{where} must be a table of separators")
    out = {}
    for column, value in section.items():
        seps = (value,) if isinstance(value, str) else value
        if not isinstance(seps, list | tuple) or not seps or not all(isinstance(v, str) and v for v in seps):
            raise ImportRefused(f'{where}: {column} must be a separator or a list of them (";" or [";", ","])')
        out[column] = tuple(seps)
    return out


def separator_pattern(separators: Sequence[str]) -> str:
    """The regular expression that splits a cell at any of the separators."""
    return "|".join(re.escape(s) for s in separators)


def _strings(section: Any, where: str) -> dict[str, str]:
    if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
        raise ImportRefused(f"{where} must be a table of text values")
    return dict(section)


def _value_map(section: Any, where: str) -> dict[str, str]:
    """A value map with its keys as they are matched; two keys that match alike must agree."""
    out: dict[str, str] = {}
    for key, value in _strings(section, where).items():
        norm = key if key == DEFAULT_KEY else value_key(key)
        if out.get(norm, value) != value:
            raise ImportRefused(f"{where}: {key!r} and another key read alike but map to different values")
        out[norm] = value
    return out


# a date format's directives that give the year (%D is %m/%d/%y, %F %Y-%m-%d, %c and %x the locale's date)
YEAR_DIRECTIVE = re.compile(r"%[-#]?[YyGFDcx]")


def _date_formats(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    formats = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else None
    if not formats or not all(isinstance(f, str) and f for f in formats):
        raise ImportRefused(f'{where}: date_format must be a format such as "%d/%m/%Y" or a list of them')
    yearless = [f for f in formats if not YEAR_DIRECTIVE.search(f)]
    if yearless:
        # strptime reads "Oct 3" by "%b %d" as 3 October 1900: a trial's leads were stored so, without a word
        raise ImportRefused(
            f"{where}: date_format {yearless[0]!r} has no year (%Y or %y), so every date read by it would be stored "
            f"in 1900; add the year to the dates in the file (Oct 3 2026) and to the format "
            f'("{yearless[0]} %Y"); the year is never guessed'
        )
    return formats


def _line_of(text: str, kind: str, key: str) -> str:
    """', line N' of a key in a kind's section of a mapping file's text ('' when it is not found so)."""
    section = None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[] ").split(".")[0]
        elif section == kind and re.match(rf"{key}\s*=", stripped):
            return f", line {n}"
    return ""


def _number_formats(value: Any, where: str) -> dict[str, dict[str, str]]:
    """`{decimal, thousands}` for the whole table, or such a table per column."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportRefused(f'{where}: number_format must be a table such as {{ decimal = ",", thousands = "." }}')
    per_column = {DEFAULT_KEY: value} if set(value) <= NUMBER_FORMAT_KEYS else value
    out = {}
    for column, fmt in per_column.items():
        if not isinstance(fmt, dict) or not set(fmt) <= NUMBER_FORMAT_KEYS or fmt.get("decimal") not in (".", ","):
            raise ImportRefused(
                f'{where}: number_format{"" if column == DEFAULT_KEY else "." + column} needs decimal = "." or '
                '"," and may give thousands (",", ".", " ", "\'" or "")'
            )
        thousands = fmt.get("thousands", "")
        if thousands not in (",", ".", " ", "'", "") or thousands == fmt["decimal"]:
            raise ImportRefused(f"{where}: thousands must be one of , . ' or a space, and differ from decimal")
        out[column] = {"decimal": fmt["decimal"], "thousands": thousands}
    return out


def _account_from(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in accounts.ACCOUNT_FROM:
        raise ImportRefused(f"{where}: account_from must be {' or '.join(map(repr, accounts.ACCOUNT_FROM))}")
    return str(value)


def _encoding(value: Any, where: str) -> str | None:
    """The codec a section's `encoding` names (a Python codec name: "mac_roman", "cp1250", "shift_jis" …)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportRefused(f'{where}: encoding must be text, such as "mac_roman"')
    return encodings.codec_of(value, where)


def _currency_names(section: Any, where: str) -> dict[str, str]:
    """A currency column's values -> the ISO codes they stand for ("-99" = "USD")."""
    out = {}
    for value, code in _strings(section, where).items():
        if code.strip().upper() not in numbers.CURRENCY_CODES:
            raise ImportRefused(f'{where}: {value!r} must name an ISO currency code, such as "USD" or "EUR"')
        out[value_key(value)] = code.strip().upper()
    return out


def _currency(value: Any, where: str) -> str | None:
    """The ISO code `currency` states for amounts that name none."""
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().upper() not in numbers.CURRENCY_CODES:
        raise ImportRefused(f'{where}: must name an ISO currency code, such as "EUR" or "USD"')
    return value.strip().upper()


def _timezone(value: Any, where: str) -> str | None:
    """The time zone `timezone` names for the file's times written without one."""
    return None if value is None else local_times.zone_named(value, where)


def _keep(value: Any, where: str) -> tuple[KeepCondition, ...] | None:
    """The `keep` line of a table: its conditions (one inline table, or a list of them that must all hold), each a
    file column and the values whose rows are imported."""
    if value is None:
        return None
    if not isinstance(value, list):
        return (_keep_condition(value, where),)
    if not value:
        raise ImportRefused(
            f"{where} keep lists no condition: "
            'keep = [{ column = "Type", values = ["Opportunity"] }, { column = "Currency", values = ["EUR"] }]'
        )
    conditions = tuple(_keep_condition(v, where) for v in value)
    named = [column for column, _ in conditions]
    if twice := sorted({c for c in named if named.count(c) > 1}):
        raise ImportRefused(f"{where} keep names column {twice[0]!r} twice: list its values in one condition")
    return conditions


def _keep_condition(value: Any, where: str) -> KeepCondition:
    """One condition of a `keep` line: a file column and the values whose rows are imported."""
    example = 'keep = { column = "Deal Type", values = ["New Business"] }'
    if not isinstance(value, dict) or set(value) != {"column", "values"}:
        raise ImportRefused(f"{where} keep must name a column and its values to import: {example}")
    column, values = value["column"], value["values"]
    values = [values] if isinstance(values, str) else values
    if not isinstance(column, str) or not column.strip() or not isinstance(values, list) or not values:
        raise ImportRefused(f"{where} keep must name a column and its values to import: {example}")
    # "" keeps the blank cells (and a CRM's no-value mark, '-None-', which the import reads as blank)
    if not all(isinstance(v, str) for v in values):
        raise ImportRefused(f"{where} keep's values must be text, as the file writes them ('' a blank): {example}")
    return column, tuple(values)


def _lead_not_loaded(value: Any, kind: str, where: str) -> str:
    """The `lead_not_loaded` line of [deals]: "wait" (kept aside until the lead is imported) or "unknown"."""
    if value is None:
        return "wait"
    if kind != "deals" or value not in LEAD_NOT_LOADED:
        raise ImportRefused(
            f'{where} lead_not_loaded is a line of [deals] only: "wait" (a deal naming a lead not loaded is kept '
            'aside until its lead is imported, the default) or "unknown" (counted now, of unknown origin: a contact '
            "deleted or merged away in the CRM)"
        )
    return str(value)


def _flag(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ImportRefused(f"{where} must be true or false")


def load_mapping(path: str | Path) -> dict[str, TableMapping]:
    """Read a mapping file: one section per canonical table it fills."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError as exc:
        raise ImportRefused(f"{path}: no such mapping file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(f"{path.name}: not valid TOML ({exc})") from exc
    mappings = {}
    for kind, section in data.items():
        if kind in SECTION_KEYS and not isinstance(section, dict):
            # `encoding = "iso8859_15"` at the top of the file, above every section
            raise ImportRefused(
                f"{path.name}: {kind} is written above the tables, where it belongs to none; put it under the table "
                f"it is for: [deals] (or [leads], [spend] …), e.g. [deals] then {kind} = {json.dumps(section)}"
            )
        if kind not in KINDS:
            raise ImportRefused(f"{path.name}: [{kind}] is not a table; use one of {', '.join(KINDS)}")
        unknown = set(section) - SECTION_KEYS
        if unknown:
            raise ImportRefused(f"{path.name}: [{kind}] has unknown keys {', '.join(sorted(unknown))}")
        values = section.get("values", {})
        one_currency = _alternatives(section.get("one_currency", {}), f"{path.name}: [{kind}.one_currency]")
        mappings[kind] = TableMapping(
            kind=kind,
            source=path.name,
            columns=_with_converted_amount(
                _alternatives(section.get("columns", {}), f"{path.name}: [{kind}.columns]"), one_currency
            ),
            constants=_strings(section.get("constants", {}), f"{path.name}: [{kind}.constants]"),
            values={k: _value_map(v, f"{path.name}: [{kind}.values.{k}]") for k, v in values.items()},
            date_format=_date_formats(
                section.get("date_format"), f"{path.name}{_line_of(text, kind, 'date_format')}: [{kind}]"
            ),
            number_format=_number_formats(section.get("number_format"), f"{path.name}: [{kind}]"),
            from_lead=_strings(section.get("from_lead", {}), f"{path.name}: [{kind}.from_lead]"),
            lead_attributes=_alternatives(section.get("lead_attributes", {}), f"{path.name}: [{kind}.lead_attributes]"),
            multi_value=_separators(section.get("multi_value", {}), f"{path.name}: [{kind}.multi_value]"),
            reached=_alternatives(_yes_no(section.get("reached", {})), f"{path.name}: [{kind}.reached]"),
            reached_rules=_rules(section.get("reached", {}), f"{path.name}: [{kind}.reached]"),
            disqualified_by=_alternatives(section.get("disqualified_by", {}), f"{path.name}: [{kind}.disqualified_by]"),
            lost_by=_alternatives(section.get("lost_by", {}), f"{path.name}: [{kind}.lost_by]"),
            campaign_by_source=_columns_or_none(
                section.get("campaign_by_source", {}), f"{path.name}: [{kind}.campaign_by_source]"
            ),
            status_flags=_alternatives(section.get("status_flags", {}), f"{path.name}: [{kind}.status_flags]"),
            keep_unless_complete=frozenset(section.get("keep_unless_complete", [])),
            account_from=_account_from(section.get("account_from"), f"{path.name}: [{kind}]"),
            one_currency=one_currency,
            not_read=_strings(section.get("not_read", {}), f"{path.name}: [{kind}.not_read]"),
            salesforce_ids=_names_list(section.get("salesforce_ids", []), f"{path.name}: [{kind}] salesforce_ids"),
            encoding=_encoding(section.get("encoding"), f"{path.name}: [{kind}]"),
            currency_names=_currency_names(section.get("currency_names", {}), f"{path.name}: [{kind}.currency_names]"),
            currency=_currency(section.get("currency"), f"{path.name}: [{kind}] currency"),
            amount_in_cents=_flag(section.get("amount_in_cents"), f"{path.name}: [{kind}] amount_in_cents"),
            amount_in_micros=_flag(section.get("amount_in_micros"), f"{path.name}: [{kind}] amount_in_micros"),
            timezone=_timezone(section.get("timezone"), f"{path.name}{_line_of(text, kind, 'timezone')}: [{kind}]"),
            keep=_keep(section.get("keep"), f"{path.name}: [{kind}]"),
            lead_not_loaded=_lead_not_loaded(section.get("lead_not_loaded"), kind, f"{path.name}: [{kind}]"),
            listed=frozenset(
                target
                for part in ("columns", "lead_attributes")
                for target, names in section.get(part, {}).items()
                if isinstance(names, list)
            ),
        )
    return mappings


@dataclass
class MappedFile:
    """A staged file turned into canonical text columns, with what the mapping did to it."""

    table: str
    columns: list[str]
    # canonical column -> the file's own column name (for messages)
    labels: dict[str, str]
    # what the report should say about this file: fallbacks used, value maps not applied, flags read
    notes: list[str] = field(default_factory=list)
    # canonical column -> the extra column of `table` holding the file's own value, for the value report
    raw_columns: dict[str, str] = field(default_factory=dict)
    # canonical column -> the normalised keys of its value map, and whether a wildcard catches the rest
    value_maps: dict[str, tuple[frozenset[str], bool]] = field(default_factory=dict)
    # canonical column -> what decided its values instead of the file's own value (for the value report)
    decided_by: dict[str, str] = field(default_factory=dict)
    # canonical column -> the only stored values decided_by decides (a won flag alone: "won"); absent: all of them
    decided_values: dict[str, frozenset[str]] = field(default_factory=dict)
    # canonical column -> SQL (over the staged file `s`) of the rows whose yes/no columns decided it
    flag_rows: dict[str, str] = field(default_factory=dict)
    # the table whose stored rows stay beside the file's (an append), whose spelling a value map follows
    stored: str | None = None
    # an account derived (account_from): how, the column of `table` holding the file's value, and its label
    account_note: tuple[str, str, str] | None = None
    # the [deals.lost_by] conditions said ("'Active' False") and the mapped table's column of the rows they made lost
    # (lost_by_note); None: the mapping has none
    lost_by: tuple[str, str] | None = None
    # the yes/no columns a deal's status is read from, named for the report's line (status_note); None: the stage
    status_from: str | None = None
    # [leads.reached] stage -> the file's yes/no columns that raised a lead to it (the value report names them)
    reached_from: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # per [leads.reached] rule: the mapped table's column of its flag, its stage, and the rule said (rule_note)
    rules: list[tuple[str, str, str]] = field(default_factory=list)
    # the file's name, for a refusal raised while it is mapped
    file_name: str = ""
    # warnings for the report's WARNING lines (a disqualified_by value over a later stage: _over_later_stage)
    alerts: list[str] = field(default_factory=list)
    # canonical column -> SQL of its cell as the file gives it, where a rule chose the column per row (campaign_sql)
    raw_sql: dict[str, str] = field(default_factory=dict)


def fit_names(m: TableMapping, file_columns: Sequence[str]) -> TableMapping:
    """The mapping with each file column it names spelled as the file spells it, where the two differ only in
    case and spaces (Data Loader writes Salesforce's API names in capitals: STAGENAME, ISWON) and exactly one of
    the file's columns is meant; a name the file has as written is kept."""
    present = set(file_columns)
    by_key: dict[str, list[str]] = {}
    for c in file_columns:
        by_key.setdefault(value_key(c), []).append(c)

    def spelled(name: str) -> str:
        found = by_key.get(value_key(name), [])
        return found[0] if name not in present and len(found) == 1 else name

    return renamed(m, spelled)


def renamed(m: TableMapping, spelled: Callable[[str], str]) -> TableMapping:
    """The mapping with every file column it names spelled anew (`spelled`: a name -> the file's name for it)."""

    def names(section: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(dict.fromkeys(n if n == ROW_ID else spelled(n) for n in v)) for k, v in section.items()}

    return replace(
        m,
        columns=names(m.columns),
        lead_attributes=names(m.lead_attributes),
        reached=names(m.reached),
        reached_rules={k: replace(r, column=spelled(r.column)) for k, r in m.reached_rules.items()},
        disqualified_by={spelled(k): v for k, v in m.disqualified_by.items()},
        lost_by={spelled(k): v for k, v in m.lost_by.items()},
        campaign_by_source=names(m.campaign_by_source),
        status_flags=names(m.status_flags),
        one_currency=names(m.one_currency),
        not_read={spelled(k): v for k, v in m.not_read.items()},
        keep=tuple((spelled(column), values) for column, values in m.keep) if m.keep else None,
    )


def _misread_advice(m: TableMapping, name: str, file_columns: Sequence[str]) -> str:
    """What a refusal of a missing column adds when the file has it read in another code page: a Turkish file read
    as Windows-1252 has "Kiþi No" where its mapping says "Kişi No", and the refusal said nothing of the encoding."""
    found = encodings.misread(name, file_columns)
    if found is None:
        return ""
    column, read, meant = found
    return (
        f"; the file has {column!r}, the bytes of {name!r} in {encodings.label(meant)} read as "
        f"{encodings.label(read)}, the encoding the file was read in: if the file is {encodings.label(meant)}, say so "
        f'in {m.source}: encoding = "{meant}" in its [{m.kind}] section; else name the column as the file has it'
    )


def map_advice(kind: str, file_columns: Sequence[str], name: str) -> str:
    """What to do with a file whose headers are no canonical or preset columns: have `map` propose a mapping (it
    reads headers in other languages by meaning); said first when the headers look like a non-English export."""
    foreign = any(not c.isascii() for c in file_columns)
    stem = Path(name).stem or "file"
    return (
        ("these headers look like a non-English export; " if foreign else "")
        + f"run `python -m dashboard map --kind {kind} --out {stem}.toml {name}` to propose a mapping, then import "
        f"with `--mapping {stem}.toml`"
    )


def _none_found_advice(m: TableMapping, file_columns: Sequence[str], path: Path) -> str:
    """A refusal's advice when not one column a mapping (a preset) reads is in the file: the file is another tool's
    or another language's export, which `map` reads (a German HubSpot export was refused by the preset, and neither
    refusal named `map`)."""
    named = {n for names in m.columns.values() for n in names}
    if any(c in named for c in file_columns):
        return ""
    return f"; not one column {m.source} reads is in the file: {map_advice(m.kind, file_columns, path.name)}"


def resolve(
    m: TableMapping, file_columns: list[str], path: Path
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """For each mapped column, the listed columns the file has, in the mapping's order (the first
    non-blank of them fills a row); refuse when a required one has none."""

    def pick(targets: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        chosen: dict[str, tuple[str, ...]] = {}
        for target, names in targets.items():
            if names == (ROW_ID,):
                chosen[target] = names
                continue
            found = tuple(n for n in names if n in file_columns)
            if not found:
                if target not in m.listed:
                    raise ImportRefused(
                        f"{path.name}: column {names[0]!r} named in {m.source} is not in the file "
                        f"(its columns: {', '.join(file_columns)}){_misread_advice(m, names[0], file_columns)}"
                        + _none_found_advice(m, file_columns, path)
                    )
                # a deal without a lead is an outbound deal: lead_id is optional on every table but leads
                # (an account's own id is not: account_id is optional on leads and deals only)
                optional = target in OPTIONAL_WHEN_ALTERNATIVES and target != checks.ID_COLUMNS.get(m.kind)
                if optional or (target == "lead_id" and m.kind != "leads"):
                    continue
                raise ImportRefused(
                    f"{path.name}: none of the columns {', '.join(repr(n) for n in names)} that {m.source} "
                    f"reads {target} from is in the file (its columns: {', '.join(file_columns)})"
                    + _none_found_advice(m, file_columns, path)
                )
            chosen[target] = found
        return chosen

    return pick(m.columns), pick(m.lead_attributes)


def _check_names(con: duckdb.DuckDBPyConnection, m: TableMapping, columns: Mapping[str, tuple[str, ...]]) -> None:
    spec = store.table_columns(con, m.kind)
    lead_spec = store.table_columns(con, "leads")
    for target in [*m.columns, *m.constants, *m.values, *m.from_lead, *m.multi_value]:
        if target not in spec:
            raise ImportRefused(f"{m.source}: {target!r} is not a canonical {m.kind} column")
    for target in m.multi_value:
        # any other column's list would be read as one value, in silence (an account's own id is its key)
        if not (target == "account_id" and m.kind in ("leads", "deals")) and not (
            target == "lead_id" and m.kind == "deals"
        ):
            raise ImportRefused(
                f"{m.source}: [{m.kind}.multi_value] reads lead_id of deals and account_id; not {target!r}"
            )
    for lead_col in [*m.from_lead.values(), *m.lead_attributes]:
        if lead_col not in lead_spec:
            raise ImportRefused(f"{m.source}: {lead_col!r} is not a canonical leads column")
    if m.account_from and ("account_id" not in columns or "account_id" in m.values):
        raise ImportRefused(
            f"{m.source}: account_from = {m.account_from!r} needs [{m.kind}.columns] account_id, the file column "
            f"holding {accounts.ACCOUNT_FROM[m.account_from]}, and no value map for it"
        )
    if (m.from_lead or m.lead_attributes) and "lead_id" not in columns:
        raise ImportRefused(f"{m.source}: from_lead and lead_attributes need columns.lead_id")
    _check_lead_flags(m)


def _check_lead_flags(m: TableMapping) -> None:
    """Refuse the sections that set a lead's stage (reached, disqualified_by) anywhere but under [leads]."""
    if m.disqualified_by and m.kind != "leads":
        raise ImportRefused(f"{m.source}: [{m.kind}.disqualified_by] is for leads (a status column that rejects one)")
    if m.lost_by and m.kind != "deals":
        raise ImportRefused(f"{m.source}: [{m.kind}.lost_by] is for deals (a column that says a deal was lost)")
    if m.reaches() and (m.kind != "leads" or not {*m.reached, *m.reached_rules} <= set(config.STAGES)):
        raise ImportRefused(
            f"{m.source}: [{m.kind}.reached] is for leads and names stages ({', '.join(config.STAGES)})"
        )


def _first_filled(names: tuple[str, ...]) -> str:
    """SQL for the first non-blank of several file columns (a value fallback; one column: its value)."""
    q = store.quote_identifier
    cells = [f"clean(s.{q(n)})" for n in names]
    return cells[0] if len(cells) == 1 else f"coalesce({', '.join(cells)})"


def _cells_once(sqls: list[str], staging: str, file_columns: Sequence[str]) -> tuple[list[str], str]:
    """SQL over the staged rows `s` with each cleaned cell (clean(s."X"), as _first_filled writes it) read from a column
    of a subquery that cleans it once, and that subquery. DuckDB copies a macro's argument wherever the macro's body
    names it (salesforce_id names it 21 times, email_id 5, clean 4), and binds every copy: the mapped table of 3
    Salesforce leads with 15-character ids took 5.5 s to prepare, over these columns 0.15 s, with the same values.
    clean(clean(x)) is clean(x) (a cleaned cell has no blank to trim and is never ''): one column reads both."""
    q = store.quote_identifier
    prefix = "_cleaned_"
    while any(c.startswith(prefix) for c in file_columns):
        prefix = "_" + prefix
    cells: list[str] = []
    for name in file_columns:
        cell = f"clean(s.{q(name)})"
        if not any(cell in sql for sql in sqls):
            continue
        alias = q(f"{prefix}{len(cells)}")
        sqls = [sql.replace(f"clean({cell})", f"s.{alias}").replace(cell, f"s.{alias}") for sql in sqls]
        cells.append(f"{cell} as {alias}")
    return sqls, f"(select *, {', '.join(cells)} from {staging} as s)" if cells else staging


def _fallback_notes(con: duckdb.DuckDBPyConnection, staging: str, columns: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Say how many rows took a value from a later column because the first was blank."""
    q = store.quote_identifier
    notes = []
    for target, names in columns.items():
        for i, name in enumerate(names[1:], start=1):
            earlier = " and ".join(f"clean(s.{q(n)}) is null" for n in names[:i])
            used = store.scalar(
                con, f"select count(*) from {staging} as s where {earlier} and clean(s.{q(name)}) is not null"
            )
            if used:
                blank = " and ".join(repr(n) for n in names[:i])
                notes.append(f"{target}: {fmt_count(used, 'row')} read from {name!r} because {blank} is blank")
    return notes


@dataclass
class _Spelling:
    """How the file values a keep_unless_complete map names are spelled: `rename` and `keep` give each decided
    value the stored table(s) whose label decided it; `open` are the values stored in neither spelling."""

    rename: dict[str, str] = field(default_factory=dict)
    keep: dict[str, str] = field(default_factory=dict)
    open: list[str] = field(default_factory=list)


def _stored_labels(
    con: duckdb.DuckDBPyConnection, m: TableMapping, target: str, stored: str | None
) -> list[tuple[str, str, str]]:
    """(label, its source_key, the tables holding it) of each source the database stores outside the rows this
    import replaces: the file's own table only on an append (a replace removes its rows); demo rows go anyway."""
    demo = set(store.demo_tables(con))
    tables = [t for t in store.BASE_TABLES if target == "source" and t not in demo and (t != m.kind or stored)]
    if not tables:
        return []
    union = " union all ".join(
        f"select distinct source as label, '{t}' as t from {t} where source is not null" for t in tables
    )
    sql = f"select label, source_key(label), string_agg(distinct t, ' and ' order by t) from ({union}) group by 1"
    return [(str(a), str(b), str(c)) for a, b, c in con.execute(sql).fetchall()]


def _stored_spelling(named: Sequence[str], renames: Mapping[str, str], labels: list[tuple[str, str, str]]) -> _Spelling:
    """Per file value, the spelling the database already stores: its renamed label (rename it to match), its own
    (keep it), else open. Labels are compared as written, then by source_key where the two spellings differ in
    more than case and spaces ("REFERRALS" and "referral"), as the pages match spend and targets to leads."""
    exact = {label: tables for label, _, tables in labels}
    by_key = {key: tables for _, key, tables in labels}
    out = _Spelling()
    for value in named:
        renamed = renames[value_key(value)]
        if renamed == value or renamed == config.UNKNOWN_SOURCE:
            # the same label either way, or what a blank becomes: it says nothing of the stored spelling
            continue
        rkey, vkey = _source_key(renamed), _source_key(value)
        as_renamed = exact.get(renamed) or (by_key.get(rkey) if rkey != vkey else None)
        as_written = exact.get(value) or (by_key.get(vkey) if rkey != vkey else None)
        if as_renamed and as_written and set(as_renamed.split(" and ")) & set(as_written.split(" and ")):
            # a table stores both as two sources (Salesforce leads kept "Advertisement" beside "Paid Search" as
            # the org writes them): renaming would merge them here alone, so a deal's source left its leads'
            out.keep[value] = as_written
        elif as_renamed:
            out.rename[value] = as_renamed
        elif as_written:
            out.keep[value] = as_written
        else:
            out.open.append(value)
    return out


def _source_key(label: str) -> str:
    """A source label as the SQL macro source_key compares it (lower case, runs of blanks, dots, hyphens and
    underscores as one "_")."""
    return re.sub(r"[\s._-]+", "_", label.strip().lower()).strip("_")


def _spelling_notes(m: TableMapping, target: str, spelling: _Spelling, renames: Mapping[str, str]) -> list[str]:
    """The report's lines on the values renamed or kept to match the stored labels, and why."""
    notes = []
    if spelling.rename:
        pairs = ", ".join(f"{v!r} → {renames[value_key(v)]!r}" for v in spelling.rename)
        where = " and ".join(sorted(set(" and ".join(spelling.rename.values()).split(" and "))))
        notes.append(
            f"{target}: renamed by {m.source}, as the stored {where} {'is' if where == 'spend' else 'are'}: {pairs} "
            "(to match the labels stored, so "
            "spend, targets and last month's rows still meet these leads)"
        )
    if spelling.keep:
        listed = ", ".join(repr(v) for v in spelling.keep)
        where = " and ".join(sorted(set(" and ".join(spelling.keep.values()).split(" and "))))
        notes.append(
            f"{target}: kept as the file writes it, as the stored {where} write it: {listed} (not renamed by "
            f"{m.source}: one source is never stored under two spellings)"
        )
    return notes


def _keep_unless_complete(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    target: str,
    raw: str,
    staging: str,
    stored: str | None,
) -> tuple[frozenset[str], frozenset[str], list[str]]:
    """The keys of the file values a keep_unless_complete map renames, of all it names, and the report's lines on
    why. A value whose label (renamed or as written) the database stores follows it; the others follow the decided
    ones when those all went one way, else the whole file: renamed only when the map names every value (a
    Salesforce org's own "Inside Sales" beside renamed standard values would mix two spellings, issue #13)."""
    table = {k: v for k, v in m.values[target].items() if k != DEFAULT_KEY}
    renames = {value_key(k): v for k, v in table.items() if value_key(k)}
    found = [
        # the cell written once: each copy of it binds its macros again (_cells_once)
        str(r[0])
        for r in con.execute(
            f"select distinct v from (select {raw} as v from {staging} as s) where v is not null"
        ).fetchall()
    ]
    named = sorted(v for v in found if value_key(v) in renames)
    missing = sorted({v for v in found if value_key(v) not in renames})
    labels = _stored_labels(con, m, target, stored)
    # the kept rows of the file's own table first: an appended Salesforce lead of "Advertisement" joins the stored
    # paid_search leads even where the stored spend still writes "Advertisement" (that spend is warned of)
    own = _stored_spelling(named, renames, [label for label in labels if m.kind in label[2].split(" and ")])
    spelling = _stored_spelling(own.open, renames, labels)
    spelling.rename, spelling.keep = {**own.rename, **spelling.rename}, {**own.keep, **spelling.keep}
    notes = _spelling_notes(m, target, spelling, renames)
    open_values = [v for v in named if v not in spelling.rename and v not in spelling.keep]
    if spelling.rename and not spelling.keep:
        follow, why = True, "renamed as well"
    elif spelling.keep and not spelling.rename:
        follow, why = False, "kept as the file writes it as well"
    else:
        follow, why = not missing, ""
    if why and spelling.open:
        listed = ", ".join(repr(v) for v in spelling.open)
        notes.append(f"{target}: {listed}, stored in neither spelling, {why} (one spelling for the list)")
    elif missing and not follow:
        shown = ", ".join(repr(v) for v in missing[:5]) + (" …" if len(missing) > 5 else "")
        which = "" if not (spelling.rename or spelling.keep) else "the values stored in neither spelling are "
        notes.append(
            f"{target}: {which}kept as the file writes it, because {m.source} does not name every value "
            f"(not named: {shown}); a list half renamed would mix two spellings"
        )
    renamed = set(spelling.rename) | (set(open_values) if follow else set())
    return frozenset(value_key(v) for v in renamed), frozenset(value_key(v) for v in named), notes


def _value_expr(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    target: str,
    raw: str,
    staging: str,
    i: int,
    params: dict[str, Any],
    stored: str | None = None,
) -> tuple[str, frozenset[str], bool, str | None]:
    """SQL of a mapped value; the map's keys, whether a wildcard catches the rest, and a note when a
    keep_unless_complete map renames only some values, or none (_keep_unless_complete says which and why)."""
    table = {k: v for k, v in m.values[target].items() if k != DEFAULT_KEY}
    keys = frozenset(table)
    wildcard = m.values[target].get(DEFAULT_KEY)
    note = None
    if target in m.keep_unless_complete:
        renamed, named, notes = _keep_unless_complete(con, m, target, raw, staging, stored)
        note = "; ".join(notes) or None
        if not renamed and note:
            return raw, frozenset(), False, note
        if renamed != named:
            # the values to rename, and what a blank becomes; every other one passes through as written
            table = {k: v for k, v in table.items() if value_key(k) in renamed or not value_key(k)}
            keys, wildcard = frozenset(table), None
    params[f"keys_{i}"] = list(table)
    params[f"vals_{i}"] = list(table.values())
    params[f"default_{i}"] = wildcard
    return _map_sql(i, raw), keys, wildcard is not None, note


def _no_value(target: str, raw: str) -> str:
    """SQL of a label cell with a CRM's mark for no value ('-None-') as null (config.NO_VALUE_MARKS)."""
    return f"no_value(clean(cast({raw} as varchar)))" if target in config.NO_VALUE_COLUMNS else raw


def _map_sql(i: int, raw: str) -> str:
    """SQL of a value through the i-th value map: values it does not name pass through as written, or take the
    map's "*" default."""
    return (
        f"coalesce(map_extract(map($keys_{i}, $vals_{i}), value_key(coalesce({raw}, '')))[1], "
        f"$default_{i}::varchar, {raw})"
    )


def _is_yes(names: tuple[str, ...]) -> str:
    """SQL: the first non-blank of the columns says yes (TRUE, 1, Yes, X …)."""
    return f"list_contains({list(TRUE_VALUES)!r}, value_key(coalesce({_first_filled(names)}, '')))"


def _used(params: Mapping[str, Any], sql: str) -> dict[str, Any]:
    """The parameters a statement names (DuckDB refuses unused ones)."""
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}


def _refuse_closed_unknown(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    read: tuple[str, tuple[str, ...]],
    file: tuple[str, list[str]],
    staging: str,
    params: Mapping[str, Any],
) -> None:
    """Refuse closed deals (a closed flag without a won one) whose stage the map reads neither won nor lost: Bitrix24's
    renamed final stages ("Invoice paid", "Completed" with Closed = Y) were all stored lost. `read`: the status
    read from the stage (SQL) and the closed flag's columns; `file`: the file's name and columns."""
    (status, closed), (file_name, file_columns) = read, file
    stage = tuple(n for n in m.columns.get("status", ()) if n in file_columns)
    if not stage:
        return
    # a cycle at import time: the proposal reads this module's value maps
    from dashboard.importers.propose import is_ended

    sql = (
        f"select coalesce({_first_filled(stage)}, '') as v, count(*), "
        f"bool_and(coalesce({status} not in ('open', 'won', 'lost'), true)) from {staging} as s "
        f"where {_first_filled(closed)} is not null and {_is_yes(closed)} "
        f"and coalesce({status} in ('won', 'lost'), false) = false group by 1 order by 2 desc, 1"
    )
    # a closed stage the map leaves unread that says the deal ended (Bitrix24's "Analyse failure") is lost, as before
    found = [(v, n) for v, n, unread in con.execute(sql, _used(params, sql)).fetchall() if not (unread and is_ended(v))]
    if not found:
        return
    rows = sum(n for _, n in found)
    listed = ", ".join(f"{v or '(blank)'!r} {n:,}" for v, n in found)
    lines = "\n".join(f'"{v}" = "won or lost"  # choose one' for v, _ in found)
    raise ImportRefused(
        f"{file_name}: {fmt_count(rows, 'closed deal')} ({closed[0]!r} says yes) "
        f"{'has' if rows == 1 else 'have'} a stage ({stage[0]!r}) read neither won nor lost: {listed}. A closed deal "
        f"is not guessed lost; say what each of these stages is under [deals.values.status] of {m.source}:\n"
        f"[deals.values.status]\n{lines}"
    )


def _status_expr(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    status: str,
    file_columns: list[str],
    staging: str,
    out: MappedFile,
    params: Mapping[str, Any],
) -> str:
    """A deal's status from its won / closed yes-no columns where the file fills them, else from its stage."""
    won, closed = (tuple(n for n in m.status_flags.get(k, ()) if n in file_columns) for k in ("won", "closed"))
    if not won and not closed:
        return status
    cases = []
    if won:
        cases.append(f"when {_is_yes(won)} then 'won'")
    if closed:
        # closed and not won is lost; not closed is open, whatever the stage is called. a blank flag says
        # nothing: the stage decides that row. without a won column (Airtable's "Closed" checkbox, Bitrix24's
        # Closed = Yes) a closed deal is won when its stage says so: only its other closed stages are lost
        filled = f"{_first_filled(closed)} is not null"
        lost = "'lost'" if won else f"(case when {status} = 'won' then 'won' else 'lost' end)"
        cases += [f"when {filled} and {_is_yes(closed)} then {lost}", f"when {filled} then 'open'"]
    expr = f"(case {' '.join(cases)} else {status} end)"
    # a won flag alone decides only the won rows: "not won" is open or lost, which the stage still says, so a
    # stage only the map's default read is warned of there (a portal's own "Churned" is not quietly open)
    flags = [_is_yes(won)] if won else []
    flags += [f"{_first_filled(closed)} is not null"] if closed else []
    out.flag_rows["status"] = f"({' or '.join(flags)})"
    named = " and ".join(repr(c[0]) for c in (won, closed) if c)
    blank = "where they are blank" if closed else "where it is not won: open or lost"
    blank += "; a closed deal is won where the stage says won" if closed and not won else ""
    out.decided_by["status"] = f"by {named} (by the stage {blank})"
    if not closed:
        out.decided_values["status"] = frozenset({"won"})
    elif not won:
        _refuse_closed_unknown(con, m, (status, closed), (out.file_name, file_columns), staging, params)
    # counted once the rows' checks are done: a formatted report's Total row and footer lines, skipped, were
    # counted open (status_note)
    out.status_from = named
    return expr


def status_note(con: duckdb.DuckDBPyConnection, named: str, kept: str) -> str:
    """The report's line on a status read from yes/no columns (`named`), counted over the rows imported (`kept`,
    a query of the mapped file's rows that are not skipped)."""
    counts = dict(con.execute(f"select status, count(*) from {kept} group by 1").fetchall())
    return (
        f"status: read from {named} — won {counts.get('won', 0):,}, lost {counts.get('lost', 0):,}, "
        f"open {counts.get('open', 0):,}"
    )


def _deal_status(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    status: str,
    columns: Mapping[str, tuple[str, ...]],
    file_columns: list[str],
    staging: str,
    out: MappedFile,
    params: dict[str, Any],
    exprs: list[str],
) -> str:
    """A deal's status from its value, its won / closed yes-no columns and its lost reason; `exprs` gets the
    mapped table's columns saying which rows the flags or the reason decided (and `params` their values)."""
    if m.status_flags:
        status = _status_expr(con, m, status, file_columns, staging, out, params)
        if "status" in out.flag_rows:
            exprs.append(f"{out.flag_rows['status']} as _by_flags_status")
    if "lost_reason" not in columns or m.status_flags or columns.get("status") != columns.get("stage"):
        # a status column or a closed flag that says open is the file's word: HubSpot keeps a reopened deal's
        # lost reason
        return status
    # a deal whose status only its stage's name gives, with a lost reason, was lost: Odoo archives a lost
    # opportunity and leaves it in its stage ("New", "Qualified"); the rows are listed in the report. "N/A" and
    # a dash give no reason
    reason = _first_filled(columns["lost_reason"])
    params["no_reason"] = list(numbers.NO_AMOUNT)
    given = f"({reason} is not null and not list_contains($no_reason, lower({reason})))"
    # a stage column read as status without a value map holds the file's spelling ("Open", stored as open): compared
    # as stored, as [deals.lost_by] is, else a deal written "Open" with a lost reason stayed open where "open" was lost
    is_open = f"lower({status}) = 'open'"
    exprs.append(f"coalesce({is_open} and {given}, false) as {LOST_BY_REASON_FLAG}")
    return f"(case when {is_open} and {given} then 'lost' else {status} end)"


# the mapped table's column of the deals [deals.lost_by] made lost
LOST_BY_FLAG = "_lost_by_column"


def _lost_by(
    m: TableMapping, status: str, file_columns: list[str], out: MappedFile, params: dict[str, Any], exprs: list[str]
) -> str:
    """A deal read as open is lost where a [deals.lost_by] column holds one of its values (Odoo's `Active` False);
    a won deal stays won. A column the file lacks is refused, as a mapped column is: unread, its lost deals would
    count open."""
    if not m.lost_by:
        return status
    missing = [c for c in m.lost_by if c not in file_columns]
    if missing:
        raise ImportRefused(
            f"{out.file_name or m.source}: [deals.lost_by] names column {missing[0]!r}, which the file does not have "
            f"(its columns: {', '.join(repr(c) for c in file_columns)})"
        )
    q = store.quote_identifier
    params.update({f"lost_by_{i}": [value_key(v) for v in values] for i, values in enumerate(m.lost_by.values())})
    cells = [f"value_key(coalesce(clean(s.{q(column)}), ''))" for column in m.lost_by]
    said = " or ".join(f"list_contains($lost_by_{i}, {cell})" for i, cell in enumerate(cells))
    # a status column read without a value map holds the file's spelling ("Open"), stored as open: compared as
    # stored, else its archived deals stayed open, the report saying none was made lost
    is_open = f"lower({status}) = 'open'"
    exprs.append(f"coalesce({is_open} and ({said}), false) as {LOST_BY_FLAG}")
    named = " or ".join(f"{c!r} {' or '.join(map(repr, v))}" for c, v in m.lost_by.items())
    out.lost_by = (named, LOST_BY_FLAG)
    return f"(case when {is_open} and ({said}) then 'lost' else {status} end)"


def lost_by_note(con: duckdb.DuckDBPyConnection, named: str, flag: str, kept: str) -> str:
    """The report's line on the deals [deals.lost_by] made lost, counted over the rows imported (`kept`)."""
    found = store.scalar(con, f"select count(*) from {kept} where {flag}")
    return f"status: {fmt_count(int(found or 0), 'deal')} read as open lost by {named} ([deals.lost_by])"


# the mapped table's column of a lead's stage as its value map read it, before a yes/no column raised it
BY_MAP_STAGE = "_by_map_lifecycle_stage"


def _reached_expr(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    stage_expr: str,
    file_columns: list[str],
    staging: str,
    notes: list[str],
    out: MappedFile | None = None,
    exprs: list[str] | None = None,
) -> str:
    """Raise the lifecycle stage to a stage a yes/no column says the lead reached (Converted -> sql); the stage as
    the map read it is kept beside (BY_MAP_STAGE), for the value report to say what raised it."""
    if out is not None and exprs is not None and m.reached:
        exprs.append(f"{stage_expr} as {BY_MAP_STAGE}")
    for stage, names in m.reached.items():
        present = tuple(n for n in names if n in file_columns)
        if not present:
            continue
        if out is not None:
            out.reached_from[stage] = present
        flag = _is_yes(present)
        yes = store.scalar(con, f"select count(*) from {staging} as s where {flag}")
        notes.append(f"lifecycle_stage: {fmt_count(yes, 'row')} with {present[0]!r} = yes reached at least {stage}")
        stage_expr = _raised_to(stage, flag, stage_expr)
    return stage_expr


def _raised_to(stage: str, flag: str, stage_expr: str, keep_disqualified: bool = False) -> str:
    """SQL of the lifecycle stage raised to `stage` where `flag` holds and the stage is an earlier one (with
    `keep_disqualified`, a disqualified lead stays so)."""
    position = config.STAGES.index(stage) + 1
    kept = f" and lower(coalesce({stage_expr}, '')) <> 'disqualified'" if keep_disqualified else ""
    return (
        f"(case when {flag}{kept} and coalesce(list_position({list(config.STAGES)!r}, lower({stage_expr})), 0) "
        f"< {position} then '{stage}' else {stage_expr} end)"
    )


def _rules_expr(m: TableMapping, stage_expr: str, out: MappedFile, params: dict[str, Any], exprs: list[str]) -> str:
    """Raise the lifecycle stage to a stage a [leads.reached] rule says the lead reached (Score >= 100, Tags holding
    MQL); the mapped table gets each rule's flag, counted over the rows imported for the report (rule_note)."""
    for i, (stage, rule) in enumerate(m.reached_rules.items()):
        flag = stage_rules.rule_sql(rule, f"rule_{i}", params)
        exprs.append(f"{flag} as _rule_{i}")
        out.rules.append((f"_rule_{i}", stage, rule.said()))
        # a score or a tag says nothing of sales' verdict: raised, a lead disqualified by its status alone lost its
        # rejection (the review's bo@b.com, Disqualified with Score 150, became an open MQL)
        stage_expr = _raised_to(stage, flag, stage_expr, keep_disqualified=True)
    return stage_expr


def rule_note(con: duckdb.DuckDBPyConnection, rules: Sequence[tuple[str, str, str]], kept: str) -> list[str]:
    """The report's line per [leads.reached] rule, counted over the rows imported (`kept`): "mql: 5 leads with
    Score ≥ 100"."""
    return [
        f"{stage}: {fmt_count(store.scalar(con, f'select count(*) from {kept} where {flag}'), 'lead')} with {said} "
        f"(reached {stage} at least)"
        for flag, stage, said in rules
    ]


def with_present_reached(m: TableMapping, file_columns: Sequence[str], file_name: str) -> TableMapping:
    """The mapping without the yes/no stage columns of [leads.reached] the file has none of: a preset's Converted
    read from a Pardot export gave every lead a stage column of nulls, and hid the "no column gives the leads'
    stages" warning. A rule's column is one the user chose: missing, it is refused, as a mapped column is."""
    for stage, rule in m.reached_rules.items():
        if rule.column not in file_columns:
            raise ImportRefused(
                f"{file_name}: column {rule.column!r} of the rule [{m.kind}.reached] {stage} in {m.source} is not in "
                f"the file (its columns: {', '.join(file_columns)})"
            )
    present = {stage: names for stage, names in m.reached.items() if any(n in file_columns for n in names)}
    return m if present == m.reached else replace(m, reached=present)


def _disqualified_expr(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    stage_expr: str | None,
    read: tuple[list[str], Mapping[str, tuple[str, ...]]],
    staged: tuple[str, int],
    params: dict[str, Any],
    out: MappedFile,
) -> str | None:
    """Make the lifecycle stage 'disqualified' where a status column of disqualified_by holds one of its values
    (HubSpot's Lead Status UNQUALIFIED beside its Lifecycle Stage); say how many rows it did, and warn of the rows
    whose stage it took back past MQL (over_later_stage). Its other values leave the stage as it is (NEW, OPEN,
    IN_PROGRESS, ATTEMPTED_TO_CONTACT, CONNECTED, BAD_TIMING: sales at work). `read`: the file's columns and the
    mapped ones (canonical column -> file columns); `staged`: the staged table and the file's index."""
    q = store.quote_identifier
    file_columns, columns = read
    staging, index = staged
    notes = out.notes
    present = {c: values for c, values in m.disqualified_by.items() if c in file_columns}
    if not present:
        return stage_expr
    if stage_expr is None:
        # without a stage column the rows' other stages are unknown: setting the column would empty the stored
        # stages of every other row (an append) or drop the "no column gives the stages" warning (a replace)
        notes.append(
            f"lifecycle_stage: {', '.join(map(repr, present))} not read as disqualifications: the file has no "
            "lifecycle stage column beside it"
        )
        return None
    own = {f"disqualified_{i}": [value_key(v) for v in values] for i, values in enumerate(present.values())}
    params.update(own)
    said = " or ".join(
        f"list_contains($disqualified_{i}, value_key(clean(s.{q(column)})))" for i, column in enumerate(present)
    )
    # a verdict beside a stage past the sales hand-off is stale (HubSpot keeps UNQUALIFIED on a contact that went on
    # to a deal): the stage stands
    rejects = f"({said}) and coalesce({stage_expr}, '') not in ('opportunity', 'customer')"
    # the rows the keep line left out are never imported: neither counted nor warned of (a left-out SQL was warned
    # of as "counted no more at SQL")
    imported = f"s._row not in ({checks.left_out_rows()})"
    counted = f"select count(*) from {staging} as s where {rejects} and {imported}"
    used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", counted)}
    rejected = store.scalar(con, counted, {**used, "index": index})
    # every value the line gives, once per spelling the match folds together ('UNQUALIFIED', 'Unqualified'): the
    # first alone named 'Not interested' for rows that were 'Spam' too (trial 106)
    listed = " or ".join(f"{c!r} = {' or '.join(map(repr, _one_per_key(values)))}" for c, values in present.items())
    over = _over_later_stage(
        con, (m, columns), present, (stage_expr, f"{rejects} and {imported}"), (staging, index), params, out.file_name
    )
    later = f", {over[0]:,} of them over a later stage (see the warning)" if over[0] else ""
    notes.append(
        f"lifecycle_stage: {fmt_count(rejected, 'row')} with {listed} read as disqualified (rejected by sales){later}"
    )
    out.alerts += over[1]
    return f"(case when {rejects} then 'disqualified' else {stage_expr} end)"


# at most this many rows are named in a warning of a disqualified_by value over a later stage
OVER_LATER_NAMED = 3


def _over_later_stage(
    con: duckdb.DuckDBPyConnection,
    mapped: tuple[TableMapping, Mapping[str, tuple[str, ...]]],
    present: Mapping[str, tuple[str, ...]],
    stage: tuple[str, str],
    staged: tuple[str, int],
    params: dict[str, Any],
    file_name: str,
) -> tuple[int, list[str]]:
    """The rows disqualified_by made disqualified whose mapped stage was past MQL (an SQL, or later where that
    stage is not exempt) with no date of that stage to keep it counted, and a warning per column, value and stage.
    A reused Odoo mapping listed 'Spam' from the leads' lost reasons; a later export's opportunity lost for Spam
    (Type Opportunity: sql) became a disqualified lead, SQLs 20 -> 19, and the report said only "3 rows ... read as
    disqualified". The stage is not kept instead: a lead sales rejected after accepting it as an SQL is a rejected
    SQL (Friction's SQL quality), and a stage date still counts the stage it dates (README)."""
    m, columns = mapped
    stage_expr, rejects = stage
    staging, index = staged
    q = store.quote_identifier
    past = [s for s in config.STAGES if config.LIFECYCLE_RANK[s] > config.LIFECYCLE_RANK["mql"]]
    # a stage's own date (sql_at) still counts the stage reached: such a row loses no stage
    dated = " ".join(
        f"when '{s}' then {_first_filled(columns[f'{s}_at'])} is not null" for s in past if f"{s}_at" in columns
    )
    undated = f"not coalesce(case lower({stage_expr}) {dated} else false end, false)" if dated else "true"
    # the row's id beside its number, where a column gives it (lead_id = "@row" is the number alone: s."@row" is no
    # column, and the import was refused for it)
    ids = tuple(n for n in columns.get("lead_id", ()) if n != ROW_ID)
    lead_id = _first_filled(ids) if ids else "null"
    found, alerts, earlier = 0, [], "false"
    for i, column in enumerate(present):
        cell = f"clean(s.{q(column)})"
        matches = f"list_contains($disqualified_{i}, value_key({cell}))"
        query = (
            f"select lower({stage_expr}), min({cell}), count(*), list('row ' || s._row || "
            f"coalesce(', ' || {lead_id}, '') order by s._row)[1:{OVER_LATER_NAMED}] from {staging} as s "
            f"where {rejects} and {matches} and not ({earlier}) and list_contains($past, lower({stage_expr})) "
            f"and {undated} group by 1, value_key({cell}) order by 3 desc, 1, 2"
        )
        used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", query)}
        rows = con.execute(query, {**used, "past": past, "index": index}).fetchall()
        earlier += f" or {matches}"
        for stage_value, value, count, examples in rows:
            found += int(count)
            label = config.STAGE_LABELS.get(stage_value, stage_value)
            alerts.append(
                f"{file_name}: {fmt_count(int(count), 'row')} whose lifecycle stage read {label} made disqualified by "
                f"{column!r} = {value!r} of [leads.disqualified_by] in {m.source} (e.g. {'; '.join(examples)}): "
                f"counted no more at {label}, but as rejected by sales. If {value!r} closes what was already {label} "
                f"(an opportunity lost for it, no rejection), remove {value!r} from the {column!r} list under "
                f"[leads.disqualified_by]; if sales did reject these leads after accepting them, keep it, and map the "
                f"column dating the stage ({stage_value}_at) to count them at {label} too"
            )
    return found, alerts


def _one_per_key(values: Sequence[str]) -> list[str]:
    """The values in their order, the first spelling of each that value_key folds together."""
    first: dict[str, str] = {}
    for value in values:
        first.setdefault(value_key(value), value)
    return list(first.values())


def _lead_joins(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    columns: dict[str, tuple[str, ...]],
    staging: str,
    index: int,
    path: Path,
) -> tuple[str, str | None]:
    """The joins a mapping needs for its lead (a chosen one of several ids, the lead's own columns) and the
    SQL of the row's lead id."""
    joins = ""
    lead_key = _first_filled(columns["lead_id"]) if "lead_id" in columns else None
    if lead_key and "lead_id" in m.salesforce_ids:
        lead_key = f"salesforce_id(clean({lead_key}))"
    if "lead_id" in m.multi_value and lead_key:
        joins += _choose_lead(con, m, staging, columns["lead_id"][0], index, path.name)
        lead_key = f"coalesce(_choice.lead_id, {lead_key})"
    if m.from_lead and lead_key is not None:
        joins += f" left join {checks.KNOWN_LEADS} as _lead on _lead.lead_id = {checks.key_sql('lead_id', lead_key)}"
    return joins, lead_key


def _campaign_by_source(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    columns: Mapping[str, tuple[str, ...]],
    file_columns: list[str],
    staging: str,
    params: dict[str, Any],
    out: MappedFile,
) -> None:
    """Read a row's campaign from the column its source keeps it in (campaign_by_source; other sources: the
    campaign column), and say in the report how many rows each column gave. HubSpot's preset read Drill-Down 1
    for every source, and stored the network (Facebook, LinkedIn) as the campaign of every Paid Social contact."""
    if not m.campaign_by_source or "campaign" not in columns or "source" not in columns:
        return
    file_source = _first_filled(columns["source"])
    source = f"value_key({file_source})"
    groups: dict[tuple[str, ...], list[str]] = {}
    for value, names in m.campaign_by_source.items():
        groups.setdefault(names, []).append(value_key(value))
    cases, said = [], []
    for k, (names, keys) in enumerate(groups.items()):
        present = tuple(n for n in names if n in file_columns)
        params[f"campaign_src_{k}"] = keys
        when = f"list_contains($campaign_src_{k}, {source})"
        found = con.execute(
            f"select {file_source}, count(*) from {staging} as s where {when} group by 1 order by 1",
            {f"campaign_src_{k}": keys},
        ).fetchall()
        cases.append(f"when {when} then {_first_filled(present) if present else 'null'}")
        if found:
            named = ", ".join(f"{fmt_count(n, 'row')} of {v!r}" for v, n in found)
            said.append(f"{named}: {_campaign_from(names, present)}")
    if said:
        out.notes.append(
            f"campaign: {'; '.join(said)}; the other sources' from {columns['campaign'][0]!r}"
            f" ({m.source} says which column holds each source's campaign)"
        )
    out.raw_sql["campaign"] = f"(case {' '.join(cases)} else {_first_filled(columns['campaign'])} end)"


def _campaign_from(names: tuple[str, ...], present: tuple[str, ...]) -> str:
    """Where the report says a source's campaign came from: its column, none, or none for want of its column."""
    if present:
        return f"read from {present[0]!r}"
    if names:
        return f"none: the file has no {names[0]!r}, which holds that source's campaign"
    return "none (the source has no campaign)"


def lists_accounts(m: TableMapping) -> bool:
    """Whether the account cell is read as a list of accounts ([kind.multi_value] account_id): never a column of
    company names (account_from = "company"), where a comma is part of the name ("ACME, Inc", "Smith, Jones &
    Partners" were cut to their first word, trial 42; the preset's list separators stayed on the renamed column)."""
    return "account_id" in m.multi_value and m.account_from != "company"


def _names_not_lists(m: TableMapping, column: str) -> list[str]:
    """The note on a company-name account column given list separators, which are not applied (lists_accounts)."""
    if "account_id" not in m.multi_value or lists_accounts(m):
        return []
    return [
        f'{column!r} holds company names (account_from = "company"): each cell is one company, not a list '
        f"([{m.kind}.multi_value] account_id is not applied to it)"
    ]


def _raw_value(
    m: TableMapping,
    target: str,
    i: int,
    columns: Mapping[str, tuple[str, ...]],
    lead_key: str | None,
    params: dict[str, Any],
) -> str:
    """SQL of a canonical column's cell as the file gives it: the row's lead (_lead_joins), else the first filled of
    its file columns; of an account list, its first."""
    if target == "lead_id" and lead_key:
        return lead_key
    raw = _first_filled(columns[target])
    if target == "account_id" and lists_accounts(m):
        # HubSpot's "Associated Company IDs" lists every company of a contact ("9001;9003"): the first
        params[f"multi_{i}"] = separator_pattern(m.multi_value[target])
        return _first_listed(raw, f"$multi_{i}")
    return raw


def _first_listed(cell: str, separator: str) -> str:
    """SQL of the first filled entry of a cell listing several (";9003" and " ;9003;9004" give 9003)."""
    return f"trim(list_filter(string_split_regex({cell}, {separator}), lambda x: trim(x) <> '')[1])"


def _entries(cell: str, separator: str) -> str:
    """SQL of how many filled entries a cell listing several has."""
    return f"len(list_filter(string_split_regex({cell}, {separator}), lambda x: trim(x) <> ''))"


def row_ids_note(kind: str) -> str:
    """The report's line for a file whose records are numbered by row (@row): what an append of it does."""
    return (
        f'{kind} are numbered by row ({checks.ID_COLUMNS[kind]} = "@row": the file name and row number), so '
        f"an append to stored {kind} is refused: a later export would add its {kind} again as new ones (another file "
        "name), or put another record in a stored one's place (rows in another order); import each full export with "
        "--mode replace, or map an id column"
    )


def _row_id(kind: str, target: str, path: Path, params: dict[str, Any], out: MappedFile) -> str:
    """SQL of an id made of the file name and the data row number (the same file gives the same ids); the table's
    own id said in the report."""
    params["file_name"] = path.name
    if target == checks.ID_COLUMNS.get(kind):
        out.notes.append(row_ids_note(kind))
    return "$file_name || ':' || s._row"


def _base_value(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    target: str,
    i: int,
    columns: dict[str, tuple[str, ...]],
    lead_key: str | None,
    staging: str,
    path: Path,
    params: dict[str, Any],
    out: MappedFile,
    exprs: list[str],
) -> str | None:
    """SQL of one canonical column before stage and status rules: from the file's columns (through its value
    map), a row id, a constant or the lead's own column; None when the mapping gives the column nothing."""
    if columns.get(target) == (ROW_ID,):
        return _row_id(m.kind, target, path, params, out)
    if target in columns:
        raw = out.raw_sql.get(target) or _raw_value(m, target, i, columns, lead_key, params)
        value = raw
        if target in m.salesforce_ids and target != "lead_id":
            value = f"salesforce_id(clean({raw}))"
        if target == "account_id" and m.account_from:
            value = accounts.derived_sql(m.account_from, raw, params)
            out.notes += _names_not_lists(m, columns[target][0])
        if target in m.values:
            # a CRM's mark for no value ('-None-') meets the map as a blank does, unless the map names it
            marks = {value_key(v) for v in config.NO_VALUE_MARKS}
            mapped_raw = raw if marks & set(map(value_key, m.values[target])) else _no_value(target, raw)
            value, keys, wildcard, note = _value_expr(con, m, target, mapped_raw, staging, i, params, out.stored)
            if note:
                out.notes.append(note)
            else:
                out.value_maps[target] = (keys, wildcard)
        out.raw_columns[target] = f"_raw_{target}"
        exprs.append(f"{raw} as {store.quote_identifier(out.raw_columns[target])}")
        out.labels[target] = columns[target][0]
        return value
    if target in m.constants:
        params[f"const_{i}"] = m.constants[target]
        return f"$const_{i}::varchar"
    if target in m.from_lead:
        return f"cast(_lead.{m.from_lead[target]} as varchar)"
    if target == "lifecycle_stage" and m.reaches():
        return "null::varchar"
    return None


def apply_mapping(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    path: Path,
    staging: str,
    file_columns: list[str],
    index: int,
    stored: str | None = None,
) -> MappedFile:
    """Turn a staged file into a staged table of canonical text columns, with notes for the report. `stored`: the
    table whose rows stay beside the file's (an append), so its values are spelled as the stored ones are."""
    m = with_present_reached(m, file_columns, path.name)
    columns, _ = resolve(m, file_columns, path)
    _check_yes_no(con, m, staging, file_columns, path)
    spec = store.table_columns(con, m.kind)
    if not m.columns:
        # a section that only states formats (date_format, number_format) reads a canonical file as it is
        columns = {c: (c,) for c in file_columns if c in spec}
    _check_names(con, m, columns)
    q = store.quote_identifier
    params: dict[str, Any] = {}
    exprs = ["s._row as _row"]
    produced: list[str] = []
    out = MappedFile(
        table=f"mapped_{index}",
        columns=produced,
        labels={},
        notes=_fallback_notes(con, staging, columns),
        stored=stored,
        file_name=path.name,
    )
    joins, lead_key = _lead_joins(con, m, columns, staging, index, path)
    _campaign_by_source(con, m, columns, file_columns, staging, params, out)
    for i, target in enumerate(spec):
        value = _base_value(con, m, target, i, columns, lead_key, staging, path, params, out, exprs)
        if target == "lifecycle_stage" and m.disqualified_by:
            if value is not None and m.reaches():
                value = _reached_expr(con, m, value, file_columns, staging, out.notes, out, exprs)
                value = _rules_expr(m, value, out, params, exprs)
            value = _disqualified_expr(con, m, value, (file_columns, columns), (staging, index), params, out)
        if value is None:
            continue
        if target == "lifecycle_stage" and m.reaches() and not m.disqualified_by:
            value = _reached_expr(con, m, value, file_columns, staging, out.notes, out, exprs)
            value = _rules_expr(m, value, out, params, exprs)
        if target == "status":
            value = _deal_status(con, m, value, columns, file_columns, staging, out, params, exprs)
            value = _lost_by(m, value, file_columns, out, params, exprs)
        exprs.append(f"{value} as {q(target)}")
        produced.append(target)
    (select_list, joins), rows = _cells_once([", ".join(exprs), joins], staging, file_columns)
    con.execute(f"create or replace temp table {out.table} as select {select_list} from {rows} as s {joins}", params)
    _warn_rows(con, m, out, columns, staging, index, path.name)
    out.notes += _salesforce_id_notes(con, m, columns, staging)
    out.notes += [f"{name!r} is not read: {why}" for name, why in m.not_read.items() if name in file_columns]
    out.notes += _unread_meaning_notes(con, m, columns, staging, file_columns)
    out.notes += _unread_note(m, columns, file_columns)
    if m.account_from and "account_id" in out.raw_columns:
        # said once the rows skipped (a missing date, a repeated id) are known: the note counts the rows loaded
        out.account_note = (m.account_from, out.raw_columns["account_id"], out.labels["account_id"])
    return out


# Capsule CRM's opportunities: "Value" is per period of the "Duration Basis" (Fixed, Hour, Day, Week, Month, Quarter,
# Year), for "Duration" periods; a deal's whole value is Value × Duration unless the basis is Fixed (as header_key
# writes the two headers). The same in Insightly's opportunities: "Bid Amount" per "Bid Type" (Fixed Bid, Per Hour,
# Per Day, Per Week, Per Month, Per Year) for "Bid Duration" periods (read before as one period's: 500 a month for 12
# months was 500). basis column -> (its duration column, the per-period amount column: a computed whole value is not
# multiplied); canonical._per_period_values reads them whatever the mapping says
DURATION_PAIRS = {"durationbasis": ("duration", None), "bidtype": ("bidduration", "bidamount")}
# the header keys of those columns: read, though no mapping line names them
PER_PERIOD_KEYS = frozenset(
    k for basis, (duration, amount) in DURATION_PAIRS.items() for k in (basis, duration, amount) if k
)


def _unread(m: TableMapping, columns: Mapping[str, tuple[str, ...]], file_columns: list[str]) -> list[str]:
    """The file's columns the mapping reads nothing from (nor explains in not_read)."""
    sections = [columns, m.lead_attributes, m.reached, m.status_flags, m.one_currency, m.campaign_by_source]
    read = {n for section in sections for names in section.values() for n in names}
    read |= {rule.column for rule in m.reached_rules.values()}
    read |= set(m.disqualified_by) | set(m.lost_by) | set(m.not_read) | {column for column, _ in m.keep or ()}
    return [
        c
        for c in file_columns
        if c not in read and not c.startswith("_") and readers.header_key(c) not in PER_PERIOD_KEYS
    ]


def _unread_note(m: TableMapping, columns: Mapping[str, tuple[str, ...]], file_columns: list[str]) -> list[str]:
    """The report's line naming the file's columns the mapping reads nothing from (nor explains in not_read): the
    Salesforce preset dropped "Primary Campaign Source" without a word (trial 38)."""
    unread = _unread(m, columns, file_columns)
    return [f"columns of the file not read: {', '.join(repr(c) for c in unread)}"] if unread else []


# an unread column whose name (as header_key writes it) says what a canonical column of the table holds, though
# the mapping reads it not: why sales rejected a lead (Salesforce orgs' custom "Unqualified Reason"), why a deal was
# lost ("Loss Reason"), a lead's job title (Salesforce's "Title", the persona B2B teams use). Named only in the list of
# unread columns, every rejection read "no reason recorded" and every persona "(none)" without a hint (trial 61)
UNREAD_MEANINGS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "leads": (
        ("disqualify_reason", re.compile(r"(?=.*reason)(?=.*(qualif|reject|junk|recycl)).*")),
        ("persona", re.compile(r"(job)?title")),
    ),
    # a lost reason in English, German, French, Spanish, Portuguese and Italian words ("Loss Reason", "Grund für
    # verlorenen Deal", "Motivo de pérdida"), not a won one nor a "Close Reason" ("close" is not "lose")
    "deals": (
        (
            "lost_reason",
            re.compile(
                r"(?!.*(won|gewonnen|gagne|ganad|ganh|vint))(?=.*(reason|grund|raison|motif|motivo|razon|ragione))"
                r"(?=.*(lost|loss|verlust|verloren|perte|perdu|perdid|perdit|perda|persa|perso)).*"
            ),
        ),
    ),
}
# a bare "Title" is a lead's job title in a file of people (a first or last name, an e-mail beside it), not where the
# lead names itself: Pipedrive's leads' "Title" ("Acme - 20 seats") beside "Person" and "Lead created"
PERSON_HEADERS = frozenset(
    {"firstname", "lastname", "email", "emailaddress", "fullname", "givenname", "surname", "vorname", "nachname"}
)
LEAD_RECORD_HEADERS = frozenset({"person", "leadcreated", "contactperson", "personname"})
# what the pages show of a canonical column UNREAD_MEANINGS names, left unread
UNREAD_SHOWN = {
    "disqualify_reason": 'the Sources and Friction pages give every rejection as "no reason recorded"',
    "lost_reason": 'the Sources page gives every lost deal as "no reason recorded"',
    "persona": 'every lead\'s persona is "(none)" (the persona filter, the Friction and ideal-lead tables)',
}


def unread_meanings(
    kind: str, mapped: Sequence[str], unread: Sequence[str], header: Sequence[str]
) -> list[tuple[str, str]]:
    """(file column, canonical column) of each unread column whose name says it holds a canonical column the
    mapping fills from nothing (UNREAD_MEANINGS), the first such column per canonical column; a bare "Title" only
    in a file of people (PERSON_HEADERS)."""
    keys = {readers.header_key(h) for h in header}
    people = bool(keys & PERSON_HEADERS) and not keys & LEAD_RECORD_HEADERS
    found = []
    for target, says in UNREAD_MEANINGS.get(kind, ()):
        name = next(
            (
                c
                for c in unread
                if says.fullmatch(key := readers.header_key(c.removesuffix("__c")))
                and (people or target != "persona" or key != "title")
            ),
            None,
        )
        if target not in mapped and name is not None:
            found.append((name, target))
    return found


def unread_meaning_line(
    kind: str, name: str, target: str, filled: int | None, distinct: int | None, here: bool = False
) -> str:
    """The report's (and a proposal's) line on one such column: what it seems to hold (with how many rows fill it,
    when known), what the pages show without it, and the mapping line that reads it (`here`: in the proposed
    mapping; a persona of job titles grouped by a value map)."""
    where = (
        "here"
        if here
        else f"of a mapping file (map --kind {kind} --out {kind}.toml <file> writes one to edit; a mapping replaces a "
        "preset)"
    )
    seems = "job title" if target == "persona" else "reason"
    counts = (
        ""
        if filled is None or distinct is None
        else f" ({fmt_count(filled, 'row')} filled, {fmt_count(distinct, 'value')})"
    )
    line = (
        f"{name!r}{counts} looks like each "
        f"{'lead' if kind == 'leads' else 'deal'}'s {seems} but is not read as {target}: {UNREAD_SHOWN[target]}. To "
        f'read it, write {target} = "{name}" under [{kind}.columns] {where}'
    )
    if target == "persona":
        line += (
            '; each title is one persona, so titles written many ways ("VP Marketing", "Vice President, '
            'Marketing") are best grouped with [leads.values.persona] lines ("VP Marketing" = "Marketing leader")'
        )
    return line


def _unread_meaning_notes(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    columns: Mapping[str, tuple[str, ...]],
    staging: str,
    file_columns: list[str],
) -> list[str]:
    """The report's lines on the unread columns whose names say what they hold (unread_meanings), with how many
    rows fill them and how many values they take; an empty one is not worth a line."""
    lines = []
    mapped = [*columns, *m.constants, *m.from_lead]
    for name, target in unread_meanings(m.kind, mapped, _unread(m, columns, file_columns), file_columns):
        cell = f"nullif(trim(cast(s.{store.quote_identifier(name)} as varchar)), '')"
        filled, distinct = con.execute(
            f"select count({cell}), count(distinct {cell}) from {staging} as s"
        ).fetchone() or (0, 0)
        if filled:
            lines.append(unread_meaning_line(m.kind, name, target, filled, distinct))
    return lines


def _warn_rows(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    mapped: MappedFile,
    columns: Mapping[str, tuple[str, ...]],
    staging: str,
    index: int,
    file_name: str,
) -> None:
    """Record the rows kept with a warning: values read by a default, deals lost by their reason, cells listing
    several accounts or labels."""
    _warn_wildcards(con, mapped, index, file_name)
    stage_rules.warn_not_numbers(con, m.reached_rules, staging, index, file_name)
    if LOST_BY_REASON_FLAG in readers.staged_types(con, mapped.table):
        _warn_lost_by_reason(con, mapped, index, file_name)
    _warn_several_accounts(con, m, columns, staging, index, file_name)
    for target in LABEL_COLUMNS:
        if target in mapped.columns:
            _warn_several_values(con, mapped, target, index, file_name)


def _warn_several_accounts(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    columns: Mapping[str, tuple[str, ...]],
    staging: str,
    index: int,
    file_name: str,
) -> None:
    """Record a warning for each row whose account cell lists several ids (its first was used)."""
    if not lists_accounts(m) or "account_id" not in columns:
        return
    cell = _first_filled(columns["account_id"])
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, s._row, $column, '{checks.SEVERAL_ACCOUNTS}', "
        f"{cell} || ' -> ' || {_first_listed(cell, '$sep')}, '{checks.KEPT}' from {staging} as s "
        f"where {_entries(cell, '$sep')} > 1",
        {
            "index": index,
            "file": file_name,
            "column": columns["account_id"][0],
            "sep": separator_pattern(m.multi_value["account_id"]),
        },
    )


# the labels a lead or deal has one of, which a multi-select cell would make a label of its own (not a region:
# "Paris, France" is one place)
LABEL_COLUMNS = ("source", "campaign", "persona")


def _warn_several_values(
    con: duckdb.DuckDBPyConnection, mapped: MappedFile, target: str, index: int, file_name: str
) -> None:
    """Warn of each row whose label is a multi-select cell, counted as a label of its own: two or more of its parts
    are the column's values on their own ("Webinar, Paid Search" beside "Webinar" and "Paid Search"), or another
    cell lists the same parts in another order ("Paid Search, Webinar"). "Events, Conferences" beside "Events"
    alone is one label."""
    q = store.quote_identifier(target)
    con.execute(
        f"""
        insert into {checks.ISSUES}
        with alone as (select distinct value_key({q}) as part from {mapped.table} where {q} is not null),
        listed as (
            select _row, {q} as label, list_sort(list_transform(
                regexp_split_to_array({q}, '\\s*[,;|]\\s*'), lambda p: value_key(p))) as parts
            from {mapped.table}
            where regexp_matches({q}, '[,;|]')
        ),
        several as (
            select l._row, l.label from listed as l, (select list(part) as values_alone from alone) as a
            where len(list_filter(l.parts, lambda p: list_contains(a.values_alone, p))) >= 2
               or exists (select 1 from listed as o where o.parts = l.parts and o.label <> l.label)
        )
        select $index, $file, _row, $column, '{checks.SEVERAL_VALUES}', label, '{checks.KEPT}' from several
        """,
        {"index": index, "file": file_name, "column": mapped.labels.get(target, target)},
    )


def _salesforce_id_notes(
    con: duckdb.DuckDBPyConnection, m: TableMapping, columns: Mapping[str, tuple[str, ...]], staging: str
) -> list[str]:
    """Say how many 15-character Salesforce ids each id column had, now stored in their 18-character form."""
    named = [t for t in columns if t in m.salesforce_ids and columns[t] != (ROW_ID,)]
    if not named:
        return []
    # each id cleaned once, in a subquery (_cells_once says why): _first_filled's cell is clean already
    counts = con.execute(
        "select "
        + ", ".join(f"count(*) filter (where salesforce_id(id_{i}) <> id_{i})" for i in range(len(named)))
        + " from (select "
        + ", ".join(f"{_first_filled(columns[t])} as id_{i}" for i, t in enumerate(named))
        + f" from {staging} as s)"
    ).fetchone()
    assert counts is not None
    return [
        f"{target}: {fmt_count(n, 'Salesforce id')} written with 15 characters (as reports write them) stored with "
        "18, as Data Loader writes them, so the same record in both kinds of export is one id"
        for target, n in zip(named, counts, strict=True)
        if n
    ]


def _check_yes_no(
    con: duckdb.DuckDBPyConnection, m: TableMapping, staging: str, file_columns: list[str], path: Path
) -> None:
    """Refuse a file whose yes/no column (Converted, IsWon, IsClosed) holds a value that is neither yes nor no."""
    q = store.quote_identifier
    read = [*m.reached.values(), *m.status_flags.values()]
    for column in dict.fromkeys(c for names in read for c in names if c in file_columns):
        key = f"value_key(clean(s.{q(column)}))"
        found = con.execute(
            f"select min(_row), count(*), min(clean(s.{q(column)})) from {staging} as s "
            f"where {key} is not null and not list_contains($known, {key}) group by {key} order by 1 limit 4",
            {"known": [*TRUE_VALUES, *FALSE_VALUES]},
        ).fetchall()
        if not found:
            continue
        listed = ", ".join(f"{value!r} ({fmt_count(n, 'row')}, first row {row})" for row, n, value in found)
        stage = next((stage for stage, names in m.reached.items() if column in names), None)
        # a score or a tag list read as yes/no was told to export again in English, which changes nothing
        others = [value for _, _, value in found]
        rule = stage and (
            stage_rules.rule_advice(stage, column, others) or _yes_rule(con, staging, stage, column, others)
        )
        raise ImportRefused(
            f"{path.name}: column {column!r} is read as yes or no, but holds {listed}, which is neither: read as "
            f"no, every such row would count as not {_flag_meaning(m, column)}. "
            + (
                rule
                or "Write TRUE or FALSE (or 1 and 0) in those cells, or export the file again from the CRM in English"
            )
        )


def _yes_rule(con: duckdb.DuckDBPyConnection, staging: str, stage: str, column: str, others: list[str]) -> str:
    """The [leads.reached] rule that reads a hand-kept sheet's own yes marks (a cross, a "done"): its yes values and
    the unread ones, to keep only those that mean yes (trial 57: "export again from the CRM" for a sheet)."""
    q = store.quote_identifier
    yes = [
        value
        for (value,) in con.execute(
            f"select min(clean({q(column)})) from {staging} where list_contains($yes, value_key(clean({q(column)}))) "
            f"group by value_key(clean({q(column)})) order by 1",
            {"yes": list(TRUE_VALUES)},
        ).fetchall()
    ]
    listed = ", ".join(f'"{v}"' for v in [*yes, *others])
    return (
        "Write Yes or No in those cells, or, if they mean yes, write a rule under [leads.reached] in the mapping "
        f'that lists every value meaning yes (the others read as no): {stage} = {{ column = "{column}", '
        f"contains = [{listed}] }}, keeping only the values that mean {stage}"
    )


def _flag_meaning(m: TableMapping, column: str) -> str:
    """What a yes/no column says, for a message: 'having reached sql', 'won', 'closed'."""
    for stage, names in m.reached.items():
        if column in names:
            return f"having reached {stage}"
    return next((flag for flag, names in m.status_flags.items() if column in names), "yes")


# a column naming each row's currency, by its header (as header_key writes it, after any "Deal - " prefix): English
# ("Currency", "currency_code", Close's "value_currency", Google Ads' "customer.currency_code", "account_currency"),
# and as localized exports name it: Pipedrive's "Negocio - Moneda", "Negócio - Moeda", "Deal - Währung", Google Ads'
# "Währungscode", "Devise", "Valuta", "Waluta"
CURRENCY_COLUMN_KEYS = frozenset(
    {
        "currency",
        "currencycode",
        "currencyisocode",
        "isocurrencycode",
        "dealcurrencycode",
        "valuecurrency",
        "accountcurrency",
        # SugarCRM's currency_id ("-99" for the system currency, a GUID for each other), Dynamics 365's API name
        "currencyid",
        "transactioncurrencyid",
        "customercurrencycode",
        "moneda",
        "codigomoneda",
        "moeda",
        "wahrung",
        "wahrungscode",
        "devise",
        "codedevise",
        "valuta",
        "waluta",
        "valuutta",
        "parabirimi",
    }
)
# the same in scripts header_key cannot write (Bitrix24's and amoCRM's Russian, Japanese and Chinese exports)
CURRENCY_COLUMN_NAMES = frozenset(
    {"валюта", "通貨", "货币", "貨幣", "币种", "幣別", "통화", "νόμισμα", "מטבע", "العملة", "عملة", "döviz"}
)
# a header word of a column naming each row's currency, as a word or a word's part, in the languages CRMs export in
# ("Deal-Währung", "Betragswährung", "Divisa de la oportunidad", "Moeda do negócio", "Valuta van deal", "商談 通貨",
# "Opportunity Currency"): the whole headers above missed these, and a file's several currencies added up in silence
CURRENCY_WORD = re.compile(
    r"(?<![^\W\d_])currenc|w[äa]hrung|devise|monnaie|divisa|moneda|moeda|valuta|waluta|valuutta|para ?birimi"
    # Greek, Hebrew, Arabic and Turkish CRMs' words (Νόμισμα, מטבע, العملة, Döviz): unread before, so a Greek file's
    # euros and dollars were added up in silence
    r"|通貨|货币|貨幣|币种|幣別|통화|валют|ν[οό]μισμα|מטבע|عملة|d[öo]viz",
    re.I,
)
# the words of an amount's header, in the languages of CURRENCY_WORD
_AMOUNT_WORDS = (
    r"amount|value|betrag|wert|montant|valeur|importe|valor|bedrag|importo|kwota|sum|total|金額|金额|금액|сумм"
)
# ... unless the header names a number about a currency, not each row's currency: an exchange rate ("Währungskurs",
# "Taux de change", "Currency conversion rate"), its decimals, or an amount in the company's currency ("Betrag in
# Unternehmenswährung", "Amount in company currency", "Montant dans la devise de l'entreprise", "会社の通貨での金額");
# or a word the currency word is only part of (Italian "Valutazione", a rating)
_NOT_A_CURRENCY_COLUMN = re.compile(
    r"rate|kurs|taux|tasa|taxa|cambi|c[âa]mbio|koers|wechsel|exchange|conver|konver|omgerekend|umgerechnet|為替|レート"
    r"|汇率|換算|decimal|dezimal|places|stellen|company|unternehmen|firmen|entreprise|soci[ée]t[ée]|empresa|compa[ñn][íi]a"
    r"|bedrijf|azienda|会社|での|home|base|corporate|reporting|valutazion|concurren"
    r"|\b(in|en|em|dans|na|nella|im|no|nel)\b.*(currenc|w[äa]hrung|devise|divisa|moneda|moeda|valuta)"
    # an amount the currency word describes: "Currency Amount", "Local currency value", "Währungsbetrag", "Amount
    # (original currency)"; the currency of an amount ends with its currency word ("Amount Currency", "Betragswährung")
    # or, in French, Spanish, Portuguese and Italian, links it with "of" ("Devise du montant", "Valuta dell'importo")
    rf"|(currenc|w[äa]hrung|devise|divisa|moneda|moeda|valuta)(?!.*\b(du|de|del|da|do|della|dell|di)\b).*({_AMOUNT_WORDS})"
    rf"|({_AMOUNT_WORDS})\w*\s*\(.*(currenc|w[äa]hrung|devise|divisa|moneda|moeda|valuta)",
    re.I,
)
# an amount column already in one currency whatever each row's is ("Amount (converted)", "Amount in company currency",
# "amount_in_home_currency", Dynamics 365's "Est. Revenue (Base)" and API "estimatedvalue_base", Freshsales' "Base
# currency amount", SugarCRM's "amount_usdollar"), and as localized CRMs name it (HubSpot's "Betrag in
# Unternehmenswährung", "Montant dans la devise de l'entreprise", Salesforce's "Betrag (konvertiert)", "Montant
# (converti)", "Importe (convertido)", "Valor (convertido)", "金額 (換算)"): its rows may name several currencies and
# still add up
_COMPANY_CURRENCY = (
    r"company[ _]?currency|home[ _]?currency|corporate|reporting[ _]?currency"
    r"|unternehmensw[äa]hrung|firmenw[äa]hrung|hausw[äa]hrung|konzernw[äa]hrung"
    r"|devise (de l'|de la |du |d')?(entreprise|soci[ée]t[ée]|organisation)"
    r"|(divisa|moneda) de la (empresa|compa[ñn][íi]a|organizaci[óo]n)|moeda da (empresa|companhia|organiza[çc][ãa]o)"
    r"|bedrijfsvaluta|valuta van (het |de )?(bedrijf|organisatie)|valuta (aziendale|dell'azienda)|会社の通貨|基準通貨"
)
_CONVERTED_ALONE_WORDS = r"convert|konvertiert|umgerechnet|omgerekend|geconverteerd|換算|" + _COMPANY_CURRENCY
CONVERTED_AMOUNT = re.compile(_CONVERTED_ALONE_WORDS + r"|base[ _]?currency|\(\s*base\s*\)|_base$|usdollar", re.I)
# of those, the words other amounts use too ("price_base", "mrr_base", "Base currency" of a one-currency file): they
# say converted only beside the amount they convert, else a file's several currencies would add up in silence
_CONVERTED_BESIDE_OWN = re.compile(r"base[ _]?currency|\(\s*base\s*\)|_base$|usdollar", re.I)
_CONVERTED_ALONE = re.compile(_CONVERTED_ALONE_WORDS, re.I)
# the words of a converted amount's header that say it is converted: without them, the header of the amount in each
# row's own currency ("Est. Revenue (Base)" is "Est. Revenue"'s, "Base currency amount" "Amount"'s, "Betrag in
# Unternehmenswährung" "Betrag"'s, "金額 (換算)" "金額"'s)
_CONVERTED_WORDS = re.compile(
    r"\(\s*(converted|base|konvertiert|umgerechnet|converti|convertie|convertido|convertito|omgerekend|geconverteerd"
    r"|換算)\s*\)|_base$|\bconverted\b|\bin\s+(the\s+)?(company|home|reporting|base)"
    r"[ _]?currency\b|_in_(company|home|reporting)_currency|\b(company|home|base|reporting)[ _]currency\b|_?usdollar$"
    r"|会社の通貨での|\b(in|en|em|dans|na|nella|im)\s+(der\s+|la\s+|a\s+|de\s+)?(" + _COMPANY_CURRENCY + ")"
    r"|" + _COMPANY_CURRENCY,
    re.I,
)


def _name_key(name: str) -> str:
    """A header as letters and digits in lower case without accents, kana and kanji kept ("金額 (換算)": 金額換算), so a
    Japanese converted amount finds its own amount, which header_key would make blank."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[\W_]+", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def own_amount_of(converted: str, file_columns: Sequence[str]) -> str | None:
    """The file's column of the amount in each row's own currency that a converted amount converts ("Est. Revenue"
    for "Est. Revenue (Base)", "Amount" for "Amount in company currency", "amount" for "amount_usdollar"); None when
    the file has none."""
    own = _name_key(_CONVERTED_WORDS.sub(" ", converted))
    if not own or own == _name_key(converted):
        return None
    return next((c for c in file_columns if c != converted and _name_key(c) == own), None)


def says_converted(column: str, file_columns: Sequence[str]) -> bool:
    """Whether an amount column's header says it is in the company's one currency ("Amount (converted)"; "Est.
    Revenue (Base)" only beside "Est. Revenue")."""
    if _CONVERTED_ALONE.search(column):
        return True
    return bool(_CONVERTED_BESIDE_OWN.search(column)) and own_amount_of(column, file_columns) is not None


def likely_converted(file_columns: Sequence[str], amounts: Sequence[str]) -> str | None:
    """A column of the file that holds the company-currency amount of one of `amounts` (an amount in each row's own
    currency): "Est. Revenue (Base)" beside "Est. Revenue"."""
    return next(
        (c for c in file_columns if CONVERTED_AMOUNT.search(c) and own_amount_of(c, file_columns) in amounts), None
    )


def converted_columns(m: TableMapping, file_columns: Sequence[str]) -> list[str]:
    """The amount columns in the company's one currency: those the mapping states (one_currency.converted), and the
    mapped amount columns whose header says so ("Est. Revenue (Base)", "Amount (converted)")."""
    stated = [c for c in m.one_currency.get("converted", ()) if c in file_columns]
    named = [c for c in m.columns.get("amount", ()) if c in file_columns and says_converted(c, file_columns)]
    return list(dict.fromkeys([*stated, *named]))


def is_currency_column(name: str) -> bool:
    """Whether a file column names each row's currency, by its header alone: a known name, else a currency word in
    it that no rate or company-currency amount's word says is a number."""
    last = name.rsplit(" - ", 1)[-1]
    key = readers.header_key(last)
    if key in CURRENCY_COLUMN_KEYS or key.endswith("currencycode") or last.strip().lower() in CURRENCY_COLUMN_NAMES:
        return True
    return bool(CURRENCY_WORD.search(name)) and not _NOT_A_CURRENCY_COLUMN.search(name)


def currency_code_columns(m: TableMapping, file_columns: Sequence[str]) -> list[str]:
    """The columns naming each row's currency: those the mapping states (one_currency.code), else, for an amount of
    a deals or spend file that is not all converted, one the file has by its header (a mapping written by hand
    for a "Moneda" column would otherwise add pesos to euros in silence)."""
    if "code" in m.one_currency:
        return [c for c in m.one_currency["code"] if c in file_columns]
    if not _reads_own_amounts(m, file_columns):
        return []
    amounts = m.columns.get("amount", ())
    return [c for c in file_columns if is_currency_column(c) and c not in amounts][:1]


def currency_columns_here(
    con: duckdb.DuckDBPyConnection, m: TableMapping, table: str, file_columns: Sequence[str]
) -> list[str]:
    """currency_code_columns, less a column found by its header whose cells are all numbers: an amount whose header
    has a currency word ("Umsatz Fremdwährung"), each of whose numbers counted as a currency and refused the file."""
    found = currency_code_columns(m, file_columns)
    if not found or "code" in m.one_currency:
        return found
    cell = f"clean({store.quote_identifier(found[0])}::varchar)"
    # ISO 4217's numeric codes (978 EUR, 840 USD) are currencies: a column of 3-digit numbers stays one
    amounts = con.execute(
        f"select count({cell}) > 0 and count({cell}) = count(try_cast(replace({cell}, ',', '') as double)) "
        f"and count(*) filter (where not regexp_full_match({cell}, '[0-9]{{3}}')) > 0 from {table}"
    ).fetchone()
    return [] if amounts and amounts[0] else found


def _reads_own_amounts(m: TableMapping, file_columns: Sequence[str]) -> bool:
    """Whether a deals or spend file's amount is read from a column in each row's own currency (not all converted)."""
    amounts = [c for c in m.columns.get("amount", ()) if c in file_columns]
    converted = converted_columns(m, file_columns)
    return m.kind in ("deals", "spend") and bool(amounts) and not all(c in converted for c in amounts)


# the rows a column's values are first looked at in, to find one of currency codes whatever its header
_CODES_SAMPLE_ROWS = 1000


def _is_currency_value(m: TableMapping, value: str) -> bool:
    """Whether a cell names a currency as a currency column writes it: an ISO code in capitals ("all" or "top" in
    lower case is a word), a sign, a currency's name, or one of the mapping's currency_names."""
    cell = value.strip()
    if len(cell) == 3 and cell.isalpha() and not cell.isupper():
        return m.currency_names.get(value_key(cell)) is not None
    return currency_of_value(m, cell) is not None


def coded_by_values(
    con: duckdb.DuckDBPyConnection, m: TableMapping, staging: str, file_columns: Sequence[str]
) -> list[str]:
    """A column no header word names a currency column and the mapping does not read, whose values are all currency
    codes or names, of two currencies or more ("ISO": EUR, CHF): its amounts are in several currencies, whatever
    the language its header is in. A thousand rows find the candidates; only those are read whole."""
    if "code" in m.one_currency or not _reads_own_amounts(m, file_columns):
        return []
    read = {n for names in [*m.columns.values(), *m.status_flags.values(), *m.reached.values()] for n in names}
    unread = [c for c in file_columns if c not in read and c != "_row"]
    if not unread:
        return []
    q = store.quote_identifier
    cells = ", ".join(f"clean(s.{q(c)}::varchar)" for c in unread)
    # any rows do (no order: sorting a million rows' cells cost 0.7 s of CPU): the candidates are then read whole
    first = con.execute(f"select {cells} from {staging} as s limit {_CODES_SAMPLE_ROWS}").fetchall()
    for i, column in enumerate(unread):
        seen = {row[i] for row in first if row[i] is not None}
        if not seen or not all(_is_currency_value(m, v) for v in seen):
            continue
        found = con.execute(
            f"select clean(s.{q(column)}::varchar), count(*) from {staging} as s group by 1 limit 50"
        ).fetchall()
        values = [(v, n) for v, n in found if v is not None]
        if all(_is_currency_value(m, v) for v, _ in values) and len(count_currencies(m, values).counts) > 1:
            return [column]
    return []


def same_amounts(converted: str, own: str) -> str:
    """SQL true where a row's converted amount is its own amount, so its currency is the company's: a 0 says nothing
    (a lost deal's 0 is 0 in every currency)."""
    return f"clean({converted}) = clean({own}) and coalesce(try_cast(clean({own}) as double), 0) <> 0"


def currency_of_value(m: TableMapping | None, value: str | None) -> str | None:
    """The ISO code a currency column's cell stands for: as the mapping's currency_names say, else a code, sign or
    name of a currency (numbers.currency_code_of); None when unknown."""
    if value is None:
        return None
    if m is not None and (code := m.currency_names.get(value_key(value))) is not None:
        return code
    return numbers.currency_code_of(value)


@dataclass(frozen=True)
class CurrencyValues:
    """A currency column's values counted as currencies: spellings of one currency ("EUR", "Euro") are one, and a
    value that names no known currency ("-99", a GUID) is a currency of its own."""

    # key (the ISO code, else the value in capitals, else "(blank)") -> (the value as most rows write it, rows)
    counts: dict[str, tuple[str, int]]

    def shown(self, key: str) -> str:
        """A currency as a message names it: "USD", "US Dollar (USD)", "-99"."""
        written = self.counts[key][0]
        if key not in numbers.CURRENCY_CODES:
            return written
        return key if written.strip().upper() == key else f"{written} ({key})"

    def ordered(self) -> list[tuple[str, int]]:
        """The currencies, most rows first."""
        return sorted(((k, n) for k, (_, n) in self.counts.items()), key=lambda kn: (-kn[1], self.shown(kn[0])))


BLANK_CURRENCY = "(blank)"


def count_currencies(m: TableMapping | None, found: Sequence[tuple[str | None, int]]) -> CurrencyValues:
    """A currency column's values and their rows (`found`) as CurrencyValues."""
    counts: dict[str, tuple[str, int]] = {}
    written: dict[str, dict[str, int]] = {}
    for value, n in found:
        key = currency_of_value(m, value) or (value.strip().upper() if value and value.strip() else BLANK_CURRENCY)
        spelled = written.setdefault(key, {})
        spelled[value or BLANK_CURRENCY] = spelled.get(value or BLANK_CURRENCY, 0) + n
    for key, spelled in written.items():
        counts[key] = (max(spelled, key=lambda v: (spelled[v], v)), sum(spelled.values()))
    return CurrencyValues(counts)


def check_one_currency(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    staging: str,
    file_columns: list[str],
    path: Path,
    skipped: str | None = None,
) -> None:
    """Refuse a file whose amounts are in several currencies, which no sum can add: a CRM exports each deal's
    amount in the deal's own currency, and the company-currency amount only beside it (HubSpot's "Amount in
    company currency"). A row read from its own amount (no converted one) must be in the company's currency,
    known from the rows whose converted amount is their own amount; without such rows, all in one currency. A
    blank code counts as a currency of its own (HubSpot leaves it blank for the company's, which is unknown); the
    spellings of one currency ("EUR", "Euro") are one. `skipped`: SQL list of the rows left out (a report's totals
    row, whose currency cell is often blank)."""
    codes = currency_columns_here(con, m, staging, file_columns) or coded_by_values(con, m, staging, file_columns)
    amounts = [c for c in m.columns.get("amount", ()) if c in file_columns]
    # the converted columns the amount is read from: one stated converted but not read converts no row's amount
    converted = [c for c in converted_columns(m, file_columns) if c in amounts]
    own = [c for c in amounts if c not in converted]
    if not codes or not own:
        return
    q = store.quote_identifier
    code = f"clean(s.{q(codes[0])})"
    # the rows whose amount is read from their own currency's amount: none converted, one of their own
    kept = f"s._row not in {skipped}" if skipped else "true"
    uses_own = f"{kept} and " + (" and ".join(f"clean(s.{q(c)}) is null" for c in converted) or "true")
    uses_own += " and (" + " or ".join(f"clean(s.{q(c)}) is not null" for c in own) + ")"
    found = count_currencies(
        m, con.execute(f"select {code}, count(*) from {staging} as s where {uses_own} group by 1").fetchall()
    )
    company, shown_company = None, ""
    if converted:
        same = same_amounts(f"s.{q(converted[0])}", f"s.{q(own[0])}")
        by_company = count_currencies(
            m,
            con.execute(f"select {code}, count(*) from {staging} as s where {same} and {kept} group by 1").fetchall(),
        )
        company = next(iter(by_company.ordered()), (None, 0))[0]
        shown_company = by_company.shown(company) if company is not None else ""
    # known the company's currency, a row in another is refused; unknown, two currencies among the rows are
    rows = found.ordered()
    mixed = [(v, n) for v, n in rows if v != company] if company is not None else rows if len(rows) > 1 else []
    if not mixed:
        return
    counts = ", ".join(f"{found.shown(value)} {fmt_count(n, 'row')}" for value, n in mixed[:5])
    where = "" if not converted else f" among the rows without {converted[0]!r}"
    raise ImportRefused(
        f"{path.name}: the amounts are in several currencies{where} (column {codes[0]!r}: {counts}"
        + (f"; the company's is {shown_company}" if company else "")
        + "), which cannot be added up; "
        + _one_currency_advice(m, file_columns, own, converted, _keep_one(m, codes[0], found, company))
    )


def _keep_one(m: TableMapping, column: str, found: CurrencyValues, company: str | None) -> str:
    """The keep line that imports one currency's rows (the company's, else the one of most rows), and what it costs:
    the other currencies' deals leave the counts too, not only the money (trial 58: 2 won USD deals left the
    customers and the win rate)."""
    rows = found.ordered()
    chosen = company if company is not None and company in found.counts else rows[0][0]
    others = ", ".join(f"{found.shown(k)} {fmt_count(n, 'row')}" for k, n in rows if k != chosen)
    one = f"{{ column = {json.dumps(column, ensure_ascii=False)}, values = "
    one += f"[{json.dumps(found.counts[chosen][0], ensure_ascii=False)}] }}"
    # a keep line the mapping has already (an Odoo export's opportunities) stays, the currency's condition added
    kept = [
        f"{{ column = {json.dumps(c, ensure_ascii=False)}, values = {json.dumps(list(v), ensure_ascii=False)} }}"
        for c, v in m.keep or ()
        if c != column
    ]
    line = f"keep = [{', '.join([*kept, one])}]" if kept else f"keep = {one}"
    things = "deals" if m.kind == "deals" else "rows"
    counted = (
        "the funnel's opportunities and customers, the deal counts and the win rate too, not only the money"
        if m.kind == "deals"
        else "every count too, not only the money"
    )
    return (
        f"or import the {things} of one currency only with {line} under [{m.kind}]: the others ({others}) are then "
        f"left out of {counted} (a database's money is in one currency: a later file in another is refused)"
    )


def _one_currency_advice(
    m: TableMapping, file_columns: Sequence[str], own: list[str], converted: list[str], one: str
) -> str:
    """How to import a file whose rows are in several currencies: read the company-currency amount (the mapping
    line that does, naming the file's column when it has one), or one currency's rows only (`one`: the keep line
    and what it leaves out). Importing each currency's rows on their own leads nowhere: the money of a database is
    in one currency, and a file in another is refused; the product converts no currency (no exchange rates)."""
    if converted:
        return f"give those rows their {converted[0]!r} (the amount in the company's currency), {one}"
    if (likely := likely_converted(file_columns, own)) is not None:
        amounts = ", ".join(json.dumps(c, ensure_ascii=False) for c in (likely, *own))
        return (
            f"this file has {likely!r}, the amount in the company's currency: read it in the mapping with "
            f"amount = [{amounts}] under [{m.kind}.columns] and converted = [{json.dumps(likely, ensure_ascii=False)}] "
            f"under [{m.kind}.one_currency], {one}"
        )
    if m.kind == "deals":
        return (
            "export the amount in the company's currency as well (HubSpot: 'Amount in company currency'; Salesforce: "
            "'Amount (converted)'; Dynamics 365: 'Est. Revenue (Base)'; Pipedrive's deals export and Close's "
            "opportunities export have none: convert the amounts in a spreadsheet into a column of their own) and "
            "name it in the mapping: converted = "
            f'["<its column>"] under [deals.one_currency] (the dashboard converts no currency), {one}'
        )
    return (
        'convert the amounts to one currency first (or name a company-currency column: converted = ["<its column>"] '
        f"under [{m.kind}.one_currency]), {one}"
    )


def _warn_wildcards(con: duckdb.DuckDBPyConnection, mapped: MappedFile, index: int, file_name: str) -> None:
    """Rows whose value only the map's "*" default read are kept, with a warning: the default is a guess."""
    for target, (keys, wildcard) in mapped.value_maps.items():
        if not wildcard:
            continue
        raw = store.quote_identifier(mapped.raw_columns[target])
        con.execute(
            f"insert into {checks.ISSUES} select $index, $file, _row, $column, $reason, "
            f"coalesce({raw}, '') || ' -> ' || {_as_read(mapped, target)}, '{checks.KEPT}' "
            f"from {mapped.table} where not list_contains($keys, value_key(coalesce({raw}, ''))) "
            f"{'and not _by_flags_' + target if target in mapped.flag_rows else ''}",
            {
                "index": index,
                "file": file_name,
                "column": mapped.labels[target],
                "keys": list(keys),
                "reason": checks.BY_WILDCARD,
            },
        )


def _as_read(mapped: MappedFile, target: str) -> str:
    """SQL of what a value became for the wildcard's sample ('Pre-Qualified -> lead, raised to sql by a yes/no
    column' when [leads.reached] raised the stage the map's default gave)."""
    column = store.quote_identifier(target)
    if target != "lifecycle_stage" or not mapped.reached_from:
        return column
    return (
        f"(case when {BY_MAP_STAGE} is distinct from {column} then {BY_MAP_STAGE} || ', raised to ' || {column} "
        f"|| ' by a yes/no column ([leads.reached])' else {column} end)"
    )


# the mapped table's column of the deals read as lost for their lost reason
LOST_BY_REASON_FLAG = "_lost_by_reason"


def _warn_lost_by_reason(con: duckdb.DuckDBPyConnection, mapped: MappedFile, index: int, file_name: str) -> None:
    """The deals whose status read open and whose lost reason made them lost, each a kept row in the report."""
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, _row, $column, $reason, lost_reason, '{checks.KEPT}' "
        f"from {mapped.table} where {LOST_BY_REASON_FLAG}",
        {
            "index": index,
            "file": file_name,
            "column": mapped.labels.get("status", "status"),
            "reason": checks.LOST_BY_REASON,
        },
    )


# which of the leads a deal lists (HubSpot's "51049;51058;52171") is credited with it: the one furthest along the
# funnel by the qualified stage it reached (SQL, else MQL: a date for it, or a lifecycle stage of exactly sql or mql,
# as a [leads.reached] yes/no column or rule raises it), then by its dates (a dated SQL before an undated one), then by
# its lifecycle stage (customer, opportunity, sql, mql, lead); ties: the first listed. Opportunity and customer alone
# rank no reach: HubSpot makes every contact of a won deal's company a Customer, so the stage alone credited a
# never-qualified subscriber listed first (trial 56). Before (fixp59), only dates ranked as reached: a contact whose
# `SQL?` said yes lost the deal to one with an MQL date alone
LEAD_RANK_SQL = (
    "[-(case when l.sql_at is not null or lower(l.lifecycle_stage) = 'sql' then 2 "
    "when l.mql_at is not null or lower(l.lifecycle_stage) = 'mql' then 1 else 0 end), "
    "-(case when l.sql_at is not null then 2 when l.mql_at is not null then 1 else 0 end), "
    "-coalesce(list_position($ladder, lower(l.lifecycle_stage)), 0), pos]"
)


def _choose_lead(
    con: duckdb.DuckDBPyConnection, m: TableMapping, staging: str, column: str, index: int, file_name: str
) -> str:
    """For cells listing several lead ids (HubSpot's "101;102"), pick the loaded lead furthest along (LEAD_RANK_SQL).

    A deal has one originating lead in the canonical model; among its associated contacts, the one that went
    furthest is the closest a flat export gets to "the contact the deal came from" (the first listed is merely the
    oldest record). Rows that list several are recorded as a warning so that the choice is visible in the import
    report.
    """
    q = store.quote_identifier
    choice = f"choice_{index}"
    con.execute(
        f"create or replace temp table {choice} as "
        f"with parts as (select _row, unnest(string_split_regex(trim({q(column)}), $sep)) as part, "
        f"generate_subscripts(string_split_regex(trim({q(column)}), $sep), 1) as pos from {staging} "
        f"where regexp_matches({q(column)}, $sep)), "
        "ids as (select _row, trim(part) as lead_id, pos from parts where trim(part) <> ''), "
        f"ranked as (select i.*, l.lead_id is not null as known, {LEAD_RANK_SQL} as rank from ids as i "
        f"left join {checks.KNOWN_LEADS} as l on l.lead_id = email_id(i.lead_id)) "
        "select _row, coalesce(arg_min(lead_id, rank) filter (where known), arg_min(lead_id, pos)) as lead_id, "
        "count(*) as count_ids, count(*) filter (where known) > 1 "
        "and arg_min(pos, rank) filter (where known) <> min(pos) filter (where known) as not_first from ranked "
        "group by _row",
        {"sep": separator_pattern(m.multi_value["lead_id"]), "ladder": list(config.STAGES)},
    )
    con.execute(
        f"insert into {checks.ISSUES} select $index, $file, c._row, $column, '{checks.SEVERAL_LEADS}', "
        f"trim(s.{q(column)}) || ' -> ' || c.lead_id || case when c.not_first then ' (furthest along)' else '' end, "
        f"'{checks.KEPT}' from {choice} as c join {staging} as s using (_row) where c.count_ids > 1",
        {"index": index, "file": file_name, "column": column},
    )
    return f" left join {choice} as _choice on _choice._row = s._row"


def apply_lead_updates(
    con: duckdb.DuckDBPyConnection, m: TableMapping | None, path: Path, staging: str, imported: str
) -> list[str]:
    """Write attributes that the deals file carries onto the leads those deals came from, and say where a lead's
    deals disagree. Only imported rows give them (`imported`: SQL of their _row and parsed created_at), never a row
    skipped (a deleted deal, one a keep line leaves out, a bad row: trial 58); of a lead's deals, the value of the
    earliest created one that has it (first touch; ties: the first in the file), never whichever the update met."""
    if m is None or not m.lead_attributes:
        return []
    file_columns = [c for c in con.execute(f"select * from {staging} limit 0").fetchdf().columns if c != "_row"]
    columns, attributes = resolve(fit_names(m, file_columns), file_columns, path)
    if not attributes:
        return []
    q = store.quote_identifier
    lead = checks.key_sql("lead_id", _first_filled(columns["lead_id"]))
    stored = set(con.execute(f"select * from ({imported}) limit 0").fetchdf().columns)
    params: dict[str, Any] = {}
    values = ", ".join(
        f"{_attribute_value(con, m, staging, (col, names), columns, stored, i, params)} as {q('v_' + col)}"
        for i, (col, names) in enumerate(attributes.items())
    )
    con.execute(
        f"create or replace temp table _lead_attributes as select {lead} as _lead, i._created, s._row, {values} "
        f"from {staging} as s join ({imported}) as i on i._row = s._row where {lead} is not null",
        params,
    )
    order = "(coalesce(_created, 'infinity'::timestamp), _row)"
    picks = ", ".join(
        f"arg_min({q('v_' + col)}, {order}) filter (where {q('v_' + col)} is not null) as {q(col)}, "
        f"count(distinct {q('v_' + col)}) as {q('n_' + col)}, "
        f"string_agg(distinct {q('v_' + col)}, ', ' order by {q('v_' + col)}) as {q('all_' + col)}"
        for col in attributes
    )
    con.execute(
        f"create or replace temp table _lead_picks as select _lead, {picks} from _lead_attributes group by _lead"
    )
    sets = ", ".join(f"{col} = coalesce(p.{q(col)}, leads.{col})" for col in attributes)
    # is_mql = null has the refresh derive these leads' stages again (a stage column may have changed)
    con.execute(f"update leads set {sets}, is_mql = null from _lead_picks as p where leads.lead_id = p._lead")
    return [line for col, names in attributes.items() if (line := _disagreeing(con, col, names[0], path.name))]


def _attribute_value(
    con: duckdb.DuckDBPyConnection,
    m: TableMapping,
    staging: str,
    attribute: tuple[str, tuple[str, ...]],
    columns: Mapping[str, tuple[str, ...]],
    stored: set[str],
    i: int,
    params: dict[str, Any],
) -> str:
    """SQL of the value one deals row writes onto its lead's column (`attribute`: the column and the file columns
    it reads): null for a blank cell; the deal's own stored value when the deals read that column from the same file
    columns, else the file's cell through the deals' value map of the column if any, as the deals' own column goes."""
    col, names = attribute
    # a CRM's mark for no value ('-None-') in a label column is a blank cell, as the leads' own import reads it: it
    # must not overwrite a lead's real source (review 59: a Zoho deal's '-None-' made L1's Web source '-None-')
    raw = (
        f"coalesce({', '.join(_no_value(col, f's.{store.quote_identifier(n)}') for n in names)})"
        if col in config.NO_VALUE_COLUMNS
        else _first_filled(names)
    )
    # the lead takes the value its deal stores: before, the cell as written, so a Salesforce "Web" the deals map to
    # web was a source of its own on the lead, and "Advertisement" never counted as paid_search
    if columns.get(col) == names and col in stored:
        value = f"i.{store.quote_identifier(col)}"
    elif col in m.values:
        # through the map as the deals' own column is (keep_unless_complete: kept as written unless it names every
        # value, review 73: renamed here while the deals kept "Web", one source in two rows)
        value = _value_expr(con, m, col, raw, staging, i, params)[0]
    else:
        return raw
    # a blank cell gives nothing: the map's "" key or "*" default would overwrite the lead's own source (review 73)
    return f"case when {raw} is null then null else {value} end"


def _disagreeing(con: duckdb.DuckDBPyConnection, col: str, name: str, file_name: str) -> str:
    """The report's line on the leads whose imported deals give several values of one lead attribute."""
    q = store.quote_identifier
    rows = con.execute(
        f"select _lead, {q(col)}, {q('all_' + col)} from _lead_picks where {q('n_' + col)} > 1 order by _lead"
    ).fetchall()
    if not rows:
        return ""
    examples = "; ".join(f"{lead} got {pick!r} of {every}" for lead, pick, every in rows[:3])
    return (
        f"{file_name}: [deals.lead_attributes] {col} = {name!r}: {fmt_count(len(rows), 'lead')} "
        f"{'has' if len(rows) == 1 else 'have'} deals with different values; each got its earliest created deal's "
        f"(first touch; the first in the file on the same creation time), e.g. {examples}"
    )


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
        raise ImportRefused(f"the {preset} preset reads {', '.join(mappings)}; not {kind}: use canonical columns")
    return mappings[kind]
