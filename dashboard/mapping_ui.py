"""The Data page's mapping step: pick a file column (or a constant) for each canonical column, say what each
stage, status and source value becomes, see the funnel it makes; the result is a mapping file the import reads."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, config, metrics, store, templates
from dashboard.filters import Filters
from dashboard.formatting import fmt_count, md_text
from dashboard.importers import candidates, numbers, propose, readers
from dashboard.importers.canonical import ImportReport
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import DEFAULT_KEY, ROW_ID, TableMapping, load_mapping, value_key
from dashboard.importers.run import ImportOptions, run_import
from dashboard.importers.toml_writer import to_toml

NONE = "— none —"
CONSTANT = "— the same value on every row… —"
ROW_NUMBER = "— the file name and row number —"
STAGED_KEY = "_mapping_staged"
PREVIEW_KEY = "_mapping_preview"
# what a widget last held, under this prefix and its key: a widget that is not drawn on a run loses its state
KEPT_PREFIX = "_mapkept_"
# what an unmapped "becomes" cell shows instead of the grid's grey "None"
NOT_MAPPED = "— not mapped —"
KEPT_AS_WRITTEN = "— as the file writes it —"
MAPPING_FILE = "mapping.toml"
DETECT = "detect"
# what a stage, status or source value may become; a source is free text
VALUE_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("leads", "lifecycle_stage"): (*config.STAGES, propose.DISQUALIFIED),
    ("deals", "status"): ("open", "won", "lost"),
    ("targets", "metric"): config.TARGET_METRICS,
}
NUMBER_FORMATS: dict[str, tuple[str, str] | None] = {
    DETECT: None,
    "1,234.56": (".", ","),
    "1.234,56": (",", "."),
    "1 234,56": (",", " "),
    "1234.56": (".", ""),
    "1234,56": (",", ""),
}
EXAMPLES = 3


@dataclass(frozen=True)
class MappingUpload:
    """The mapping made on the page, shaped as an uploaded file (name, file_id, getvalue) for the import."""

    name: str
    file_id: str
    data: bytes

    def getvalue(self) -> bytes:
        """The TOML text, as an upload's bytes."""
        return self.data


def _staged(upload: Any, sheet: str | None) -> propose.StagedFile | ImportRefused:
    """The first uploaded file read into its own database, once per upload and sheet."""
    cached = st.session_state.get(STAGED_KEY)
    if cached and cached[0] == (upload.file_id, sheet):
        return cached[1]
    folder = Path(tempfile.mkdtemp(prefix="funnel_mapping_"))
    try:
        path = folder / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        result: propose.StagedFile | ImportRefused = propose.stage_file(path, sheet)
    except ImportRefused as exc:
        result = exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    st.session_state[STAGED_KEY] = ((upload.file_id, sheet), result)
    return result


def _token(kind: str, header: list[str]) -> str:
    """Widget keys per table and header: another file's choices never leak into this one's."""
    return hashlib.sha1("\x1f".join([kind, *header]).encode()).hexdigest()[:10]


def _kept(key: str, default: Any) -> Any:
    """What the widget of this key held when last drawn, else the default (the proposal's)."""
    return st.session_state.get(KEPT_PREFIX + key, default)


def _keep(key: str, value: Any) -> Any:
    """Remember a widget's value beyond its life: a column switched away and back finds it again."""
    st.session_state[KEPT_PREFIX + key] = value
    return value


def _becomes(cell: Any) -> str:
    """A "becomes" cell as text: a cleared or unmapped cell is missing (None or NaN), read as blank."""
    return cell.strip() if isinstance(cell, str) else ""


def _choice_of(p: propose.Proposal, target: str) -> str:
    m = p.mapping
    if m.columns.get(target) == (ROW_ID,):
        return ROW_NUMBER
    if target in m.columns:
        return m.columns[target][0]
    return CONSTANT if target in m.constants else NONE


def _column_choices(
    kind: str, staged: propose.StagedFile, p: propose.Proposal, token: str
) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """One select box per canonical column, pre-filled by the proposal with its reason."""
    spec = propose.canonical_columns(kind)
    required = propose.required_columns(kind)
    columns: dict[str, tuple[str, ...]] = {}
    constants: dict[str, str] = {}
    grid = st.columns(3)
    for i, target in enumerate(spec):
        options = [NONE, CONSTANT, *staged.header] + ([ROW_NUMBER] if target.endswith("_id") else [])
        proposed = _choice_of(p, target)
        with grid[i % 3]:
            key = f"map_{token}_{target}"
            shown = _kept(key, proposed)
            choice = _keep(
                key,
                st.selectbox(
                    f"{target}{' (required)' if target in required else ''}",
                    options,
                    index=options.index(shown) if shown in options else 0,
                    key=key,
                ),
            )
            if choice == CONSTANT:
                key = f"mapc_{token}_{target}"
                constants[target] = _keep(
                    key,
                    st.text_input(
                        f"{target} on every row", value=_kept(key, p.mapping.constants.get(target, "")), key=key
                    ),
                )
            elif choice == ROW_NUMBER:
                columns[target] = (ROW_ID,)
            elif choice != NONE:
                # the proposal's column keeps the ones after it (a preset's fallbacks, read where it is blank)
                columns[target] = p.mapping.columns[target] if choice == proposed else (choice,)
            why = p.reasons.get(f"columns.{target}") if choice == proposed and proposed != NONE else None
            st.caption(why or ("chosen here" if choice != proposed else "not in the file"))
    return columns, {t: v for t, v in constants.items() if v.strip()}


def _proposed_values(kind: str, target: str, counts: propose.ValueCounts, p: propose.Proposal, same: bool) -> dict:
    """The value map to start from: the proposal's for the column it proposed, else one made for this column."""
    if same and target in p.mapping.values:
        return dict(p.mapping.values[target])
    if (kind, target) == ("deals", "status"):
        return propose.status_map(counts)[0]
    if (kind, target) == ("leads", "lifecycle_stage"):
        return propose.stage_map(counts)[0]
    return {}


def _value_editor(
    kind: str, target: str, column: str, staged: propose.StagedFile, p: propose.Proposal, token: str
) -> dict[str, str] | None:
    """The column's distinct values with counts and an editable "becomes"; the value map it makes."""
    counts = staged.value_counts(column)
    if len(counts) > propose.MAX_MAPPED_VALUES:
        st.caption(f"{column}: more than {propose.MAX_MAPPED_VALUES} distinct values, kept as the file writes them.")
        return None
    # the proposal's column heads its list (a preset's fallbacks after it): its value map is this column's
    start = _proposed_values(kind, target, counts, p, p.mapping.columns.get(target, ())[:1] == (column,))
    key = f"mapv_{token}_{target}_{column}"
    # the choices made here outlive the editor: another column chosen and this one again keeps them
    kept = st.session_state.setdefault(f"_mapvals_{token}_{target}_{column}", {})
    if key not in st.session_state or KEPT_PREFIX + key not in st.session_state:
        # the editor is drawn anew: it starts from the choices kept. While it lives its data stays the same,
        # as the grid drops its edits when its data changes, and the rerun that sends that swallows a click
        _keep(key, [kept.get(value_key(v), start.get(value_key(v))) or None for v, _ in counts])
    table = pd.DataFrame(
        {
            "value": [v for v, _ in counts],
            "rows": [n for _, n in counts],
            # text, missing where unmapped: the placeholder shows there, not a grey "None"
            "becomes": pd.Series(_kept(key, []), dtype="str"),
        }
    )
    choices = VALUE_CHOICES.get((kind, target))
    becomes = (
        st.column_config.SelectboxColumn("becomes", options=list(choices))
        if choices
        else st.column_config.TextColumn("becomes", help="blank: kept as the file writes it")
    )
    st.markdown(f"**{target}** — the values of {column!r}:")
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["value", "rows"],
        column_config={"value": "value in the file", "rows": st.column_config.NumberColumn("rows"), "becomes": becomes},
        placeholder=NOT_MAPPED if choices else KEPT_AS_WRITTEN,
        key=key,
    )
    mapped = [(v, n, _becomes(b)) for v, n, b in edited[["value", "rows", "becomes"]].itertuples(index=False)]
    kept.update({value_key(v): b for v, _, b in mapped})
    named = {value_key(v): b for v, _, b in mapped if b}
    rest = start.get(DEFAULT_KEY)
    unnamed = [f"{v!r} ({n:,})" for v, n, b in mapped if not b]
    if unnamed and rest:
        st.warning(
            f"Not mapped: {', '.join(unnamed)} — {'this becomes' if len(unnamed) == 1 else 'these become'} {rest} "
            f"by default{_decided_elsewhere(p, staged)}.",
            icon=":material/warning:",
        )
    elif unnamed and choices:
        # no default: a value the map does not name is no stage, status or metric, and its rows are skipped
        st.warning(
            f"Not mapped: {', '.join(unnamed)} — {'its rows are' if len(unnamed) == 1 else 'their rows are'} "
            "skipped on import until you choose what it becomes.",
            icon=":material/warning:",
        )
    elif unnamed:
        st.caption(f"Kept as the file writes them: {', '.join(unnamed)}.")
    return named | ({DEFAULT_KEY: rest} if rest else {})


def _decided_elsewhere(p: propose.Proposal, staged: propose.StagedFile) -> str:
    """What the file's yes/no columns decide over the default (a deal's Won and Closed, a lead's Converted):
    without it the warning would call open a deal the import counts as won."""
    flags = [(k, [n for n in p.mapping.status_flags.get(k, ()) if n in staged.header]) for k in ("won", "closed")]
    named = " and ".join(repr(names[0]) for _, names in flags if names)
    if named:
        return f", unless {named} say{'s' if ' and ' not in named else ''} won or lost (as the check shows)"
    reached = [(stage, [n for n in names if n in staged.header]) for stage, names in p.mapping.reached.items()]
    said = [f"{names[0]!r} says it reached {stage}" for stage, names in reached if names]
    return f", unless {' or '.join(said)}" if said else ""


def _examples(staged: propose.StagedFile, column: str) -> list[str]:
    return [v for v, _ in staged.value_counts(column, limit=EXAMPLES + 1) if v][:EXAMPLES]


def _date_examples(examples: list[str], fmt: str) -> str:
    """Three values as the format reads them, or why one does not read."""
    shown = []
    for text in examples:
        try:
            shown.append(f"{text} → {datetime.strptime(text, fmt):%Y-%m-%d %H:%M}")
        except ValueError:
            shown.append(f"{text} → does not match")
    return "; ".join(shown)


def _formats(
    kind: str, staged: propose.StagedFile, columns: dict[str, tuple[str, ...]], p: propose.Proposal, token: str
) -> tuple[tuple[str, ...], dict[str, dict[str, str]]]:
    """Date and amount formats: three examples of each chosen column, read as the chosen format."""
    spec = propose.canonical_columns(kind)
    dated = [(t, n[0]) for t, n in columns.items() if spec[t][0] in ("DATE", "TIMESTAMP") and n != (ROW_ID,)]
    amounts = [(t, n[0]) for t, n in columns.items() if spec[t][0] == "DOUBLE"]
    date_format: tuple[str, ...] = ()
    number_format: dict[str, dict[str, str]] = {}
    if dated:
        key = f"mapd_{token}"
        fmt = _keep(
            key,
            st.text_input(
                "Date format (blank: read from the values, as the check below shows; else e.g. %d/%m/%Y)",
                value=_kept(key, p.mapping.date_format[0] if p.mapping.date_format else ""),
                key=key,
            ),
        ).strip()
        date_format = (fmt,) if fmt else ()
        for target, column in dated:
            examples = _examples(staged, column)
            read = _date_examples(examples, fmt) if fmt else ", ".join(examples)
            st.caption(f"{target} from {column!r}: {read or 'no values'}")
    if amounts:
        key = f"mapn_{token}"
        formats = list(NUMBER_FORMATS)
        choice = _keep(key, st.selectbox("Amount format", formats, index=formats.index(_kept(key, DETECT)), key=key))
        separators = NUMBER_FORMATS[choice]
        if separators:
            number_format = {DEFAULT_KEY: {"decimal": separators[0], "thousands": separators[1]}}
        for target, column in amounts:
            examples = _examples(staged, column)
            chosen = numbers.NumberFormat(separators[0], separators[1] or None) if separators else None
            if chosen is not None:
                read = "; ".join(f"{e} → {numbers.parse_amount(e, chosen)}" for e in examples)
            else:
                read = ", ".join(examples)
            st.caption(f"{target} from {column!r}: {read or 'no values'}")
            if hint := amount_format_hint(f"{target} from {column!r}", _amount_cells(staged, column), chosen):
                st.warning(md_text(hint))
    return date_format, number_format


def _amount_cells(staged: propose.StagedFile, column: str) -> list[str]:
    """Every distinct value of an amount column written as text (none for a column the file stores as numbers,
    which the import reads as they are)."""
    if readers.staged_types(staged.con, staged.staging).get(column) != "VARCHAR":
        return []
    return [v for v, _ in staged.value_counts(column, limit=max(staged.rows, 1)) if v]


def _format_choice(fmt: numbers.NumberFormat) -> str | None:
    """The Amount format choice that states a format (None: none does)."""
    for label, separators in NUMBER_FORMATS.items():
        if separators and numbers.NumberFormat(separators[0], separators[1] or None) == fmt:
            return label
    return None


def amount_format_hint(where: str, cells: list[str], chosen: numbers.NumberFormat | None) -> str | None:
    """What the Amount format choice makes the import do with a column's amounts when it refuses the column or
    skips rows, and the choice that reads them: before, the page said nothing and the refusal told a page user to
    write a mapping file (trial 74). `where`: the column as the page names it; `chosen`: None for detect."""
    result = numbers.decide_format(cells, chosen, "the Amount format chosen")
    if not result.decided:
        example = result.examples[0] if result.examples else None
        ways = []
        for fmt in result.options:
            label, amount = _format_choice(fmt), numbers.parse_amount(example, fmt) if example else None
            if label is not None:
                means = f" if {example} means {numbers.canonical_text(amount)}" if amount is not None else ""
                ways.append(f"{label!r}{means}")
        choose = f"choose as the Amount format {', or '.join(ways)}" if ways else result.advice or "correct the file"
        return f"{where}: the import will refuse this column: {result.description}; {choose}"
    if chosen is None:
        return None
    # a cell the chosen format cannot read that another can: the row check skips its row as not a number
    unread = [
        c
        for c in cells
        if numbers.parse_amount(c, chosen) is None
        and any(numbers.parse_amount(c, f) is not None for f in numbers.FORMATS)
    ]
    if not unread:
        return None
    detected = numbers.decide_format(cells).format
    label = _format_choice(detected) if detected is not None and detected != chosen else None
    choose = f"; choose {label!r} (or {DETECT!r}) as the Amount format" if label else ""
    shown = ", ".join(unread[: numbers.EXAMPLES_SHOWN])
    return (
        f"{where}: {fmt_count(len(unread), 'value')} such as {shown} cannot be read with {chosen.describe()}, and the "
        f"rows that hold them will be skipped as not a number{choose}"
    )


def _origin_text(p: propose.Proposal) -> str:
    if p.origin.startswith("saved:"):
        return f"Recognised: the saved mapping {p.origin.removeprefix('saved:')} reads this file."
    if p.origin in propose.PRESET_NAMES:
        return f"This reads as a {propose.PRESET_NAMES[p.origin]} export: the choices come from its preset."
    return "Columns matched by their names; check each choice, the reason is under it."


def _encoding_lines(name: str, staged: propose.StagedFile) -> None:
    """How the file's text was read, and text that looks garbled (UTF-8 written twice that does not read back)."""
    if staged.encoding_note:
        # a file in a code page is read as its bytes spell words: its words are shown, for a wrong reading to show
        st.caption(md_text(f"{name}: {staged.encoding_note}"))
    if staged.encoding_warning:
        st.warning(md_text(staged.encoding_warning))


def mapping_step(kind: str, uploads: list[Any], sheet: str | None) -> MappingUpload | None:
    """The mapping step for files that are not in canonical columns; None when they are (or cannot be read:
    the check then says why)."""
    staged = _staged(uploads[0], sheet)
    if isinstance(staged, ImportRefused):
        return None
    p = candidates.with_only_touch_date(
        propose.proposal_for(kind, staged, propose.saved_mappings(), MAPPING_FILE), staged
    )
    if p.origin == "canonical":
        return None
    token = _token(kind, staged.header)
    st.markdown(f"**Map** — which column of {uploads[0].name} fills each column of {kind}:")
    st.caption(_origin_text(p))
    for warning in p.warnings:
        # what the proposal left out on purpose and the user may still choose (a self-reported "how did you hear")
        st.warning(md_text(f"{uploads[0].name}: {warning}"))
    for note in p.notes:
        # the key that joins other tools' exports (Pardot's numeric Id beside its Email), a Salesforce id left unread
        st.info(md_text(f"{uploads[0].name}: {note}"))
    _encoding_lines(uploads[0].name, staged)
    columns, constants = _column_choices(kind, staged, p, token)
    values: dict[str, dict[str, str]] = {}
    for target in ("lifecycle_stage", "status", "source", "metric"):
        if target in columns and columns[target] != (ROW_ID,):
            table = _value_editor(kind, target, columns[target][0], staged, p, token)
            if table:
                values[target] = table
    date_format, number_format = _formats(kind, staged, columns, p, token)
    mapping = replace(
        p.mapping,
        # the proposal's account_from reads its account_id column as names (or addresses): not another column
        account_from=p.mapping.account_from
        if columns.get("account_id") == p.mapping.columns.get("account_id")
        else None,
        columns=columns,
        constants=constants,
        values=values,
        date_format=date_format,
        number_format=number_format,
        listed=frozenset(),
        # the grid shows what each value becomes: a map left out for one value it does not name would
        # import every value as written while the grid shows them renamed
        keep_unless_complete=frozenset(),
    )
    if mapping.account_from:
        # the account is derived from names or addresses, not read as ids: the check counts what it gave
        st.caption(f"account_id: {p.reasons.get('account_from', '')}")
    return _offer(kind, mapping, _reasons(p, mapping))


def _reasons(p: propose.Proposal, chosen: TableMapping) -> dict[str, str]:
    """The proposal's reason for each line the page left as proposed; "chosen on the Data page" for the rest."""
    lines = {f"columns.{t}": n == p.mapping.columns.get(t) for t, n in chosen.columns.items()}
    lines |= {f"constants.{t}": v == p.mapping.constants.get(t) for t, v in chosen.constants.items()}
    for target, table in chosen.values.items():
        proposed = p.mapping.values.get(target, {})
        lines |= {f"values.{target}.{k}": proposed.get(k) == v for k, v in table.items()}
    return {key: p.reasons.get(key, "") if same else "chosen on the Data page" for key, same in lines.items()}


def _offer(kind: str, mapping: TableMapping, reasons: dict[str, str]) -> MappingUpload:
    """Download the mapping, or save it for next month's export; the mapping as an upload for the import."""
    text = to_toml({kind: mapping}, {kind: reasons})
    c1, c2, c3 = st.columns([2, 2, 1])
    c1.download_button("Download mapping (TOML)", text, file_name=f"{kind}_{MAPPING_FILE}", key="map_download")
    name = c2.text_input("Save as (in data/mappings/)", key="map_save_name", placeholder="e.g. pipedrive")
    if c3.button("Save mapping", key="map_save"):
        saved = save_mapping(name, kind, mapping, reasons)
        if saved is None:
            st.warning(
                "Give the mapping a name of letters, digits, - or _ first. Nothing was saved.",
                icon=":material/warning:",
            )
        else:
            st.success(
                f"Saved as {saved.name}: files with this header will be recognised.", icon=":material/check_circle:"
            )
    digest = hashlib.sha1(text.encode()).hexdigest()
    return MappingUpload(name=MAPPING_FILE, file_id=f"mapping-{digest}", data=text.encode())


def save_mapping(name: str, kind: str, mapping: TableMapping, reasons: dict[str, str]) -> Path | None:
    """Write (or add this table to) data/mappings/<name>.toml; None for a name that is not a plain file name."""
    stem = name.strip()
    if not stem or not all(c.isalnum() or c in "-_" for c in stem):
        return None
    path = config.MAPPINGS_DIR / f"{stem}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = {k: v for k, v in propose.saved_mappings().get(path.name, {}).items() if k != kind}
    path.write_text(to_toml({**tables, kind: mapping}, {kind: reasons}), encoding="utf-8")
    return path


def _lead_funnel(options: ImportOptions, paths: list[Path]) -> tuple[pd.DataFrame, str]:
    """The funnel the leads would make, imported into a database of their own (a sample above the limit)."""
    scratch = store.connect(":memory:")
    try:
        staged = propose.stage_file(paths[0], options.sheet)
        label = f"all {staged.rows:,} rows"
        if staged.rows > config.MAPPING_PREVIEW_ALL_ROWS:
            # the upload's own temporary folder: a path with no quote in it
            sample = paths[0].parent / "mapping_sample.parquet"
            staged.con.execute(
                f"copy (select * exclude (_row) from {staged.staging} order by _row limit $n) to "
                f"'{sample}' (format parquet)",
                {"n": config.MAPPING_PREVIEW_SAMPLE_ROWS},
            )
            paths, label = [sample], f"a sample: the first {config.MAPPING_PREVIEW_SAMPLE_ROWS:,} rows"
        staged.con.close()
        run_import(scratch, replace(options, mode="replace", on_bad_rows="skip"), paths)
        return metrics.funnel(scratch, Filters()), label
    finally:
        scratch.close()


def show_preview(kind: str, options: ImportOptions, paths: list[Path], dry: ImportReport) -> None:
    """What the mapping does to the funnel: leads by stage reached, or deals by status, before importing."""
    if kind == "deals":
        status = dry.values[dry.values["column"].isin([_status_label(options)])] if not dry.values.empty else None
        if status is not None and not status.empty:
            by = status.groupby("becomes", as_index=False)["rows"].sum().rename(columns={"becomes": "status"})
            st.markdown("**Preview** — deals by status, as mapped (rows of the file):")
            st.dataframe(by, hide_index=True, key="map_preview_status")
        return
    if kind != "leads":
        return
    key = (tuple(map(str, paths)), options)
    cached = st.session_state.get(PREVIEW_KEY)
    if not cached or cached[0] != key:
        try:
            cached = (key, _lead_funnel(options, paths))
        except ImportRefused:
            return
        st.session_state[PREVIEW_KEY] = cached
    funnel, label = cached[1]
    st.markdown(f"**Preview funnel** — the leads as mapped ({label}), counted as the dashboard counts them:")
    left, right = st.columns([1, 2])
    left.dataframe(
        funnel[["label", "count_leads"]].rename(columns={"label": "Stage", "count_leads": "Leads"}),
        hide_index=True,
        key="map_preview_funnel",
    )
    right.plotly_chart(charts.funnel(funnel, show_dropoff=False), key="map_preview_chart")


def _status_label(options: ImportOptions) -> str:
    """The file column the mapping reads a deal's status from (the value report names it so)."""
    mappings = load_mapping(Path(options.mapping_path)) if options.mapping_path else {}
    m = mappings.get("deals")
    return m.columns["status"][0] if m and "status" in m.columns else "status"


def template_downloads() -> None:
    """The canonical CSV templates, for files built by hand."""
    with st.expander("Templates: the canonical columns with two example rows, for files built by hand"):
        for column, kind in zip(st.columns(len(templates.TEMPLATE_ROWS)), templates.TEMPLATE_ROWS, strict=True):
            column.download_button(
                f"{kind}.csv", templates.template_csv(kind), file_name=f"{kind}_template.csv", key=f"template_{kind}"
            )
