"""The Data page's import steps: save uploads, dry-run once per change, show a report, run with progress."""

from __future__ import annotations

import dataclasses
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import config, store, ui
from dashboard.formatting import fmt_count, md_text, word_list
from dashboard.importers import checks, isolated, readers
from dashboard.importers.canonical import ImportReport
from dashboard.importers.errors import ImportRefused
from dashboard.importers.report import known_places
from dashboard.importers.run import ImportOptions, run_import
from dashboard.importers.values import loud_lines

UPLOAD_TYPES: tuple[str, ...] = ("csv", "txt", "tsv", "xlsx", "xlsm", "parquet")
# this session's copies of its uploads live in a folder of the system's temporary directory named so
UPLOAD_PREFIX = "funnel_upload_"
UPLOAD_DIR_KEY = "_upload_dir"
PREPARED_KEY = "_prepared_import"


def discard_uploads() -> None:
    """Delete this session's copies of its uploads and forget the check made on them: after an import
    (imported or refused) and whenever the uploads change or are removed."""
    folder = st.session_state.pop(UPLOAD_DIR_KEY, None)
    st.session_state.pop(PREPARED_KEY, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _sweep_abandoned_uploads() -> None:
    """Delete the upload copies of sessions that ended without importing (a closed tab) once they are old."""
    cutoff = time.time() - config.UPLOAD_MAX_AGE_HOURS * 3600
    for folder in Path(tempfile.gettempdir()).glob(UPLOAD_PREFIX + "*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _saved_uploads(files: list[Any], folder: Path) -> list[Path]:
    """Write uploaded files to a folder under their own names (messages name them); a name given twice
    goes to a subfolder, so no upload overwrites another."""
    paths: list[Path] = []
    for index, upload in enumerate(files):
        path = folder / Path(upload.name).name
        if path in paths:
            path = folder / str(index) / path.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def prepared_import(
    uploads: list[Any], mapping_upload: Any, options: ImportOptions
) -> tuple[list[Path], ImportOptions, ImportReport | ImportRefused]:
    """Save the uploads and dry-run their import (report and preview, or refusal), again only when the
    files, the options or the data change: every other click on the page reuses it."""
    key = (
        tuple(u.file_id for u in uploads),
        mapping_upload.file_id if mapping_upload else None,
        options,
        ui.data_state(),
    )
    cached = st.session_state.get(PREPARED_KEY)
    if cached and cached[0] == key:
        return cached[1]
    # the uploads or the options changed: the copies of the last ones go, and those of closed sessions
    discard_uploads()
    _sweep_abandoned_uploads()
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    st.session_state[UPLOAD_DIR_KEY] = str(folder)
    paths: list[Path] = []
    try:
        paths = _saved_uploads(uploads, folder)
        if mapping_upload:
            mapping_path = _saved_uploads([mapping_upload], folder / "mapping")[0]
            options = dataclasses.replace(options, mapping_path=str(mapping_path))
        # in a child process with a time and memory limit: one upload cannot starve the other users
        result: ImportReport | ImportRefused = isolated.checked_import(config.db_path(), options, paths)
    except OSError as exc:  # the copy could not be written: a full disk, mostly
        result = ImportRefused(readers.io_problem("the upload", exc))
    if isinstance(result, ImportReport):
        # the real import removes every demo table in its transaction: say so before it runs
        result.demo_removed = store.demo_counts(ui.db_file())
    st.session_state[PREPARED_KEY] = (key, (paths, options, result))
    return paths, options, result


def refusal_text(refused: ImportRefused) -> str:
    """A refusal as the page says it, ending "Nothing was changed." once (most importer messages say it already)."""
    text = re.sub(r"[;.]? *nothing was changed\.?$", "", str(refused).strip(), flags=re.IGNORECASE)
    return f"{text}. Nothing was changed."


def reasons_table(report: ImportReport) -> pd.DataFrame:
    """One row per reason: how many rows, skipped or kept, and what to do about it."""
    rows = [
        {
            "Rows": count,
            "Reason": reason,
            "What happened": action,
            "What to do": checks.advice(reason, report.kind, report.lead_lists),
        }
        for action, counts in (("skipped", report.skipped), ("kept, with a warning", report.warnings))
        for reason, count in counts.items()
    ]
    return pd.DataFrame(rows, columns=["Rows", "Reason", "What happened", "What to do"])


def table_rows_text(counts: dict[str, int]) -> str:
    """{'leads': 1000, 'deals': 120} -> 'leads (1,000 rows) and deals (120 rows)'."""
    return word_list(f"{table} ({fmt_count(rows, 'row')})" for table, rows in counts.items())


def files_for_table_text(names: list[str], kind: str) -> str:
    """Which table the uploaded files go into, and that another table's files are uploaded after choosing it."""
    many = len(names) > 1
    return (
        f"{md_text(word_list(names))} {'are' if many else 'is'} imported into **{kind}**"
        + (f", all read with one mapping (that of {md_text(names[0])})" if many else "")
        + ". Another table's file goes in after choosing that table under Table: each table has its own uploader."
    )


def effective_mode(kind: str, mode: str) -> str:
    """The mode an import runs with: adding to a table of demo data replaces it (the demo data goes anyway)."""
    return "replace" if mode == "append" and kind in store.demo_tables(ui.db()) else mode


def show_readings(report: ImportReport) -> None:
    """How dates and amounts were read, what the mapping decided, and what each stage or source value became."""
    for alert in report.alerts:
        # what makes the numbers wrong unless fixed (or a file cut short): said before anything else
        st.error(md_text(alert), icon=":material/error:")
    for line in report.links:
        st.info(md_text(line), icon=":material/link:")
    loud = loud_lines(report.values)
    for line in loud:
        # lines, notes and refusals quote the file's values and names: shown as text, never as Markdown
        st.warning(md_text(line), icon=":material/warning:")
    if report.formats:
        formats = pd.DataFrame(report.formats, columns=["File", "Column", "Read as"])
        st.dataframe(formats, hide_index=True, width="stretch")
    for note in report.notes:
        st.caption(md_text(note))
    if not report.values.empty:
        with st.expander(f"What each stage, status and source value became ({len(report.values):,} values)"):
            # the rows a value has in the file: a skipped row (a deal kept aside for its lead) counts here, not in
            # the imported totals, which read 'won 1' beside "'Closed Won' 2 → won" (trial 26)
            st.caption("Rows: the file's rows with the value, skipped rows included.")
            st.dataframe(
                report.values.rename(columns=str.capitalize),
                hide_index=True,
                width="stretch",
                column_config={"Rows": st.column_config.NumberColumn("Rows", format="localized")},
            )


def show_report(report: ImportReport, dry_run: bool, key: str) -> None:
    """Counts, the demo data removed with it, the reasons rows were skipped or flagged, a sample of them and
    the full list as CSV."""
    if report.demo_removed:
        removed = table_rows_text(report.demo_removed)
        if dry_run:
            st.warning(
                f"This database holds demo data. Importing your own removes all of it in the same step: "
                f"{removed}, so that no demo row is mixed with yours.",
                icon=":material/cleaning_services:",
            )
        else:
            st.info(f"The demo data was removed with this import: {removed}.", icon=":material/cleaning_services:")
    read = report.total_read
    done = read - report.rows_skipped if dry_run else report.rows_loaded
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Rows read", f"{read:,}")
    c2.metric("Will be imported" if dry_run else "Imported", f"{done:,}")
    c3.metric("Skipped", f"{report.rows_skipped:,}")
    c4.metric("Kept with a warning", f"{report.rows_warned:,}")
    st.caption(f"Every row is accounted for: {report.reconciliation(dry_run)}.")
    changes = report.changes(dry_run)
    if changes and report.rows_removed:
        # the stored records a replace removes: a contact deleted in the CRM, or a file that holds only part
        st.warning(f"Stored rows: {md_text(changes)}.", icon=":material/delete:")
    elif changes:
        st.caption(f"Stored rows: {md_text(changes)}.")
    show_readings(report)
    if report.issues_total == 0:
        # the warnings above are what makes the numbers wrong: "every row passed" alone read as all clear
        said = " Read the warnings above before importing." if report.alerts and dry_run else ""
        st.caption(f"Every row passed the checks.{said}")
        return
    # a static table wraps its cells: the advice is a sentence or two, which a data grid's cell would cut off
    st.table(reasons_table(report), hide_index=True, border="horizontal")
    st.caption("A few rows for each reason (rows are counted from the first row under the header):")
    sample = known_places(report.sample()).rename(
        columns={
            "row_number": "row",
            "column_name": "column",
            "also": "other problems of the row",
            "sheet_row": "sheet row",
            "record_id": "record id",
        }
    )
    # a row with one problem has no others: an empty cell, not "None"
    sample["other problems of the row"] = sample["other problems of the row"].fillna("")
    st.dataframe(sample, hide_index=True, width="stretch")
    st.download_button(
        f"Download the {fmt_count(report.issues_total, 'problem row')} (CSV)",
        # built when clicked: up to 100,000 rows are not turned into CSV on every rerun
        report.issues_csv,
        file_name=f"import_problems_{report.kind}.csv",
        mime="text/csv",
        key=key,
    )


def run_with_progress(options: ImportOptions, paths: list[Path]) -> ImportReport:
    """Run the import for real, with a progress bar that names each step."""
    bar = st.progress(0.0, text="Starting the import")
    try:
        with ui.writing(f"a Data page import of {options.kind}") as con:

            def tell(fraction: float, text: str) -> None:
                bar.progress(fraction, text=text)

            report = run_import(con, options, paths, progress=tell)
    finally:
        bar.empty()
        # imported or refused, the copies of the uploads are not needed any more
        discard_uploads()
    return report


def undo_notice(lines: list[str] | None) -> str:
    """The Data page's words after an undo: what the command line prints (the import the data is as after, the rows
    per table that changed), as sentences."""
    if lines is None:
        return "Nothing was undone: no earlier snapshot is kept."
    # the first line says what the heading says: the rest are the state the data is back in
    said = " ".join(f"{line[0].upper()}{line[1:]}." for line in lines[1:])
    return f"The last change was undone: the data before it is shown. {said}"
