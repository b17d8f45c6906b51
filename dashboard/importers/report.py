"""What an import did with every row: read, loaded, skipped by reason, kept with a warning; as text and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from dashboard import store
from dashboard.formatting import csv_bytes, fmt_count, quoted
from dashboard.importers import checks
from dashboard.importers.values import VALUE_REPORT_COLUMNS, loud_lines, value_lines

SAMPLE_PER_REASON = 3
# rows listed of a reason whose every row the user is to correct in the CRM (a closed deal dated after today)
LISTED_PER_REASON: dict[str, int] = {checks.FUTURE_DATE: 20}
# the downloadable list is capped so that a file where every row is wrong cannot exhaust memory
ISSUES_KEPT = 100_000
ISSUE_COLUMNS = {
    "file": "file",
    "row_number": "row (1 = first row under the header)",
    "column_name": "column",
    "reason": "reason",
    "value": "value",
    "action": "action",
    "also": "other problems of the row",
    # known for a workbook, and of a table with an id column: where the row is in the sheet, whose record it is
    "sheet_row": "sheet row",
    "record_id": "record id",
}
# the columns the CSV of problems leaves out when no row has them (a CSV file has no sheet row)
ISSUE_COLUMNS_WHEN_KNOWN = ("sheet_row", "record_id")


@dataclass
class ImportReport:
    """What an import did: rows read per file, rows loaded, problems by reason with a sample."""

    kind: str
    mode: str
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_replaced: int = 0
    # of the stored rows a replace or an upsert met: those the file has (updated), the file's ids not stored (new),
    # and those a replace removed as the file does not have them, with a few of their ids; None: not counted
    rows_updated: int | None = None
    rows_new: int | None = None
    # of the stored rows an append updates, those whose values the file repeats as stored (a file imported twice)
    rows_unchanged: int = 0
    rows_removed: int = 0
    removed_examples: list[str] = field(default_factory=list)
    # the stored rows whose id is in the file on a row that was skipped: kept as stored (bad input loses nothing),
    # never counted as not in the file (trial 57: 172 leads skipped for year-less dates were removed as "not in it")
    rows_kept_skipped: int = 0
    # the stored rows a replace removed because the file leaves their rows out on purpose (keep line, archived)
    rows_removed_on_purpose: int = 0
    kept_skipped_examples: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ISSUE_COLUMNS)))
    issues_total: int = 0
    rows_skipped: int = 0
    # rows kept with at least one warning (a row may count under several warning reasons)
    rows_warned: int = 0
    preview: pd.DataFrame | None = None
    # the demo data the import removed with it, table -> rows (a dry run: what it would remove)
    demo_removed: dict[str, int] = field(default_factory=dict)
    # how each date and amount column was read: (file, column, what was found and used)
    formats: list[tuple[str, str, str]] = field(default_factory=list)
    # every distinct stage, status, metric and source value with its count and what it became
    values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=VALUE_REPORT_COLUMNS))
    # what the mapping did that no single row shows: fallbacks used, maps left out, yes/no columns read
    notes: list[str] = field(default_factory=list)
    # the separators the mapping in use reads a deal's lead cell at ([deals.multi_value] lead_id; () for one id a
    # cell): the advice on unknown leads asks for the line only when it is not there
    lead_lists: tuple[str, ...] = ()
    # the currency the files state for their amounts (ISO code; deals and spend), None when none does
    currency: str | None = None
    # the amounts were written with a bare $ and name no currency: some dollar, never the euro or the pound
    in_dollars: bool = False
    # the money tables whose currency the import fixes (table -> ISO code): amounts that named none, read in one
    currencies_fixed: dict[str, str] = field(default_factory=dict)
    # what the import did to the links between deals and leads (deals linked through the leads' converted deal)
    links: list[str] = field(default_factory=list)
    # what the user must not miss, said first and loudly: what makes the numbers wrong unless fixed (deals that
    # reach no lead, deals whose lead an import removed), a report export cut short
    alerts: list[str] = field(default_factory=list)
    # the alerts on stored values an append keeps (reached stages, rejections, first appearances), which a check's
    # rehearsal says too (trial 49: "20 leads stay SQL" came only after the import)
    kept_on_append: list[str] = field(default_factory=list)
    # the alerts on the stated complete-through day (canonical._stated_day), true only while that day stands: the
    # kept report leaves them out once another day is stated (review 104: "runs past the stated day 26 Nov" kept
    # after 30 Nov was stated)
    stated_alerts: list[str] = field(default_factory=list)
    # the files' date-named columns no mapping reads (Marketo's "Became an MQL Date"), for a warning that asks for one
    unread_dates: list[str] = field(default_factory=list)
    # the files' columns a mapping reads nothing from (Dynamics' "Originating Lead"), for the advice of a deals file
    # that names no lead
    unread_columns: list[str] = field(default_factory=list)
    # the file columns the mapping reads each stage date from (sql_at -> ["SQL Date"]): a warning that names an
    # unread one adds it after them, never in their place (trial 54: sql_at = "SAL Date" replaced the SQL Date)
    stage_dates: dict[str, list[str]] = field(default_factory=dict)
    # an upsert: per file, the columns it does not give whose stored values the rows it replaced kept
    kept_from_stored: list[tuple[str, list[str]]] = field(default_factory=list)
    # the order of day and month each file's own dates showed, kept with the data for its next export (meta key ->
    # value: dates.remembered_order), written in the import's transaction
    date_orders: dict[str, str] = field(default_factory=dict)
    # other facts kept with the data (meta key -> value, '' for none), written in the import's transaction: a leads
    # file's unread columns of Salesforce ids (canonical.UNREAD_SALESFORCE_IDS)
    meta: dict[str, str] = field(default_factory=dict)
    # a deals file's unread columns that name each deal's person (Salesforce's "Contact ID" the preset leaves
    # unread), for the warning when no deal reaches a lead
    unread_lead_ids: list[str] = field(default_factory=list)

    @property
    def total_read(self) -> int:
        """Data rows in all the files."""
        return sum(self.rows_read.values())

    def sample(self) -> pd.DataFrame:
        """The first few problems of each reason, skipped ones first."""
        if self.issues.empty:
            return self.issues
        ordered = self.issues.sort_values(
            ["action", "reason", "file", "row_number"], ascending=[False, True, True, True]
        )
        limit = ordered["reason"].map(lambda r: LISTED_PER_REASON.get(r, SAMPLE_PER_REASON))
        kept = ordered[ordered.groupby(["action", "reason"], sort=False).cumcount() < limit]
        return kept.reset_index(drop=True)

    def reconciliation(self, dry_run: bool = False) -> str:
        """Rows read = rows imported + rows skipped, in rows (a row with several problems is skipped once)."""
        done = self.total_read - self.rows_skipped if dry_run else self.rows_loaded
        verb = "to import" if dry_run else ("upserted" if self.mode == "append" else "imported")
        return f"rows read {self.total_read:,} = {verb} {done:,} + skipped {self.rows_skipped:,}"

    def summary(self, dry_run: bool = False) -> str:
        """Plain lines for the CLI and the Data page."""
        lines = [f"{name}: {fmt_count(count, 'row')} read" for name, count in self.rows_read.items()]
        if dry_run:
            changes = self.changes(dry_run=True)
            lines.append(
                f"{self.kind}: {fmt_count(self.total_read - self.rows_skipped, 'row')} would be imported"
                + (f" ({changes})" if changes else "")
            )
        else:
            verb = "upserted" if self.mode == "append" else "loaded"
            done = "; ".join(filter(None, [self._replaced(), self._kept_skipped(False), self._kept()]))
            lines.append(f"{self.kind}: {fmt_count(self.rows_loaded, 'row')} {verb} ({done})")
        lines.append(f"{self.kind}: {self.reconciliation(dry_run)}")
        lines += [f"WARNING: {alert}" for alert in self.alerts]
        lines += self.links
        for file, column, how in self.formats:
            lines.append(f"{file}, column {column}: read as {how}")
        lines += self.notes
        lines += value_lines(self.values)
        lines += loud_lines(self.values)
        if self.demo_removed:
            removed = ", ".join(f"{table} {rows:,}" for table, rows in self.demo_removed.items())
            lines.append(f"{'would remove' if dry_run else 'removed'} the demo data: {removed}")
        for title, counts in (("skipped", self.skipped), ("kept with a warning", self.warnings)):
            for reason, count in counts.items():
                lines.append(
                    f"{fmt_count(count, 'row')} {title}: {reason} — {checks.advice(reason, self.kind, self.lead_lists)}"
                )
        lines += self._sample_lines()
        return "\n".join(lines)

    def _sample_lines(self) -> list[str]:
        """The first few skipped rows (and rows kept with a warning) of each reason, each reason's skipped rows not
        listed counted after them: a listing of 3 rows under "4 rows skipped" read as the whole."""
        lines: list[str] = []
        for (action, reason), group in self.sample().groupby(["action", "reason"], sort=False):
            for r in group.itertuples():
                also = f" — also: {r.also}" if isinstance(r.also, str) and r.also else ""
                lines.append(f"  {_where(r)}: {r.reason} ({quoted(r.value)}){also}")
            counted = self.skipped if action == checks.SKIPPED else self.warnings if reason in LISTED_PER_REASON else {}
            more = counted.get(str(reason), 0) - len(group)
            if more > 0:
                lines.append(
                    f"  … and {more:,} more {reason} (in the CSV of problem rows: --report-csv, "
                    "or the Data page's download)"
                    if action != checks.SKIPPED
                    else f"  … and {more:,} more {reason} (in the CSV of skipped rows: --report-csv, "
                    "or the Data page's download)"
                )
        return lines

    def changes(self, dry_run: bool = False) -> str | None:
        """What the import does (or, checked, would do) to the stored rows: those it updates, adds and (a replace)
        removes, with examples, and the columns an upsert keeps from them; None when it touches none."""
        if not dry_run:
            replaced = self._replaced() if self.rows_replaced or self.rows_updated is not None else ""
            return "; ".join(filter(None, [replaced, self._kept_skipped(False), self._kept()])) or None
        if self.rows_updated is None:
            return None
        new = "" if self.rows_new is None else f", add {self.rows_new:,} new"
        # updated: the stored rows the file changes; those it repeats as stored are said apart (trial 100: the Data
        # page's check said "would update 15" of a Salesforce replace where 4 changed)
        unchanged = f", leave {self.rows_unchanged:,} already stored unchanged" if self.rows_unchanged else ""
        text = f"would update {fmt_count(self.rows_updated - self.rows_unchanged, 'stored row')}{unchanged}{new}"
        if self.mode == "replace":
            text += f"; would remove {fmt_count(self.rows_removed, 'stored row')} not in the file"
            if self.removed_examples:
                text += f" (e.g. {', '.join(self.removed_examples)})"
        return "; ".join(filter(None, [text, self._kept_skipped(True)]))

    def _kept_skipped(self, dry_run: bool) -> str:
        """'172 rows skipped, their stored versions kept (e.g. L001, …)': the stored rows a skipped row of the file
        names, which neither an append nor a replace touches ('' for none)."""
        if not self.rows_kept_skipped:
            return ""
        kept = "would be kept" if dry_run else "kept"
        examples = f" (e.g. {', '.join(self.kept_skipped_examples)})" if self.kept_skipped_examples else ""
        return f"{fmt_count(self.rows_kept_skipped, 'row')} skipped, their stored versions {kept}{examples}"

    def _kept(self) -> str:
        """'owner kept from the stored rows: not in m2.csv; …': the columns an upsert kept, per file ('' for none)."""
        return "; ".join(
            f"{', '.join(columns)} kept from the stored rows: not in {file}" for file, columns in self.kept_from_stored
        )

    def _replaced(self) -> str:
        """What became of the stored rows: a replace tells the rows the file updated from those it removed."""
        # rows loaded = stored rows updated (changed) + already stored unchanged + new, in rows: a replace counted
        # every stored row the file has as updated (25 where 8 changed), an append left its new rows out (trial 100)
        unchanged = f", {fmt_count(self.rows_unchanged, 'row')} already stored unchanged" if self.rows_unchanged else ""
        if self.mode != "replace" or self.rows_updated is None:
            if self.rows_updated is None and not self.rows_unchanged:
                return f"{fmt_count(self.rows_replaced, 'existing row')} replaced"
            # trial 49: a file imported twice by mistake read "135 existing rows replaced", as if it changed them
            changed = self.rows_replaced - self.rows_unchanged
            parts = [
                f"{fmt_count(changed, 'existing row')} updated" if changed > 0 else "",
                unchanged[2:],
                f"{self.rows_new:,} new" if self.rows_new else "",
            ]
            return ", ".join(filter(None, parts)) or f"{fmt_count(0, 'existing row')} replaced"
        changed = self.rows_updated - self.rows_unchanged
        new = "" if self.rows_new is None else f", {self.rows_new:,} new"
        removed = (
            f"{fmt_count(self.rows_removed - self.rows_removed_on_purpose, 'stored row')} removed as not in the file"
        )
        if self.removed_examples:
            removed += f" (e.g. {', '.join(self.removed_examples)})"
        if self.rows_removed_on_purpose:
            removed += (
                f", {self.rows_removed_on_purpose:,} as left out on purpose (keep line, archived or deleted in the CRM)"
            )
        return f"{fmt_count(changed, 'stored row')} updated{unchanged}{new}; {removed}"

    def issues_csv(self) -> bytes:
        """Every recorded problem (up to ISSUES_KEPT) as CSV for the people who fix the source data."""
        text = csv_bytes(known_places(self.issues).rename(columns=ISSUE_COLUMNS))
        if self.issues_total > len(self.issues):
            text += f"# {self.issues_total - len(self.issues):,} more problems not listed\n".encode()
        return text


def known_places(issues: pd.DataFrame) -> pd.DataFrame:
    """Problem rows without the sheet row or record id columns that no row has (a CSV file has no sheet row)."""
    unknown = [c for c in ISSUE_COLUMNS_WHEN_KNOWN if c in issues and issues[c].isna().all()]
    return issues.drop(columns=unknown)


def collect(con: duckdb.DuckDBPyConnection, report: ImportReport, places: str | None = None) -> None:
    """Fill the report's counts and list from this import's issues table: one line per row and action; `places`:
    a table of each problem row's sheet row and record id (file_index, row_number, sheet_row, record_id).

    A row with several problems is one skipped row, counted under its first reason (in
    checks.REASON_ORDER, then by column) with the others listed as "also", so the counts add up to rows.
    """
    ranked = (
        f"select *, row_number() over (partition by file_index, row_number, action "
        f"order by coalesce(list_position($order, reason), 999), column_name) as n, "
        f"string_agg(reason || ' in ' || column_name, '; ') over (partition by file_index, row_number, action "
        f"order by coalesce(list_position($order, reason), 999), column_name "
        f"rows between 1 following and unbounded following) as also from {checks.ISSUES}"
    )
    # a skipped row is not also "kept with a warning"
    con.execute(
        f"create or replace temp table import_rows_issues as select * from ({ranked}) where n = 1 "
        f"and not (action = '{checks.KEPT}' and (file_index, row_number) in "
        f"(select (file_index, row_number) from {checks.ISSUES} where action = '{checks.SKIPPED}'))",
        {"order": list(checks.REASON_ORDER)},
    )
    for reason, count in con.execute(
        f"select reason, count(*) from import_rows_issues where action = '{checks.SKIPPED}' "
        "group by all order by 2 desc, 1"
    ).fetchall():
        report.skipped[reason] = count
    # warnings do not decide what happens to a row, so each reason counts every kept row it concerns: a
    # HubSpot deal that lists several contacts and is dated before its lead counts under both
    for reason, count in con.execute(
        f"select reason, count(distinct (file_index, row_number)) from {checks.ISSUES} "
        f"where action = '{checks.KEPT}' and (file_index, row_number) not in "
        f"(select (file_index, row_number) from {checks.ISSUES} where action = '{checks.SKIPPED}') "
        "group by all order by 2 desc, 1"
    ).fetchall():
        report.warnings[reason] = count
    report.rows_skipped = sum(report.skipped.values())
    report.rows_warned = store.scalar(con, f"select count(*) from import_rows_issues where action = '{checks.KEPT}'")
    report.issues_total = report.rows_skipped + report.rows_warned
    where = (
        f"left join {places} as p using (file_index, row_number)"
        if places
        else "cross join (select null::bigint as sheet_row, null::varchar as record_id)"
    )
    # the sheet row as objects, as the other columns are: a nullable integer column refused fillna("") on the
    # whole table (the list a caller shows blank where a file has no sheet row)
    report.issues = (
        con.execute(
            f"select file, row_number, column_name, reason, value, action, also, sheet_row, record_id "
            f"from import_rows_issues {where} order by file_index, row_number, action desc limit {ISSUES_KEPT}"
        )
        .df()
        .astype({"sheet_row": object})
    )


def first_problem(report: ImportReport, ignored: Sequence[str] = ()) -> str:
    """The first skipped row as a sentence naming file, row and column; rows skipped for an `ignored` reason (left
    out on purpose) passed over."""
    issues = report.issues
    skipped = issues[(issues["action"] == checks.SKIPPED) & ~issues["reason"].isin(list(ignored))]
    r = skipped.iloc[0]
    advice = checks.advice(r.reason, report.kind, report.lead_lists)
    return f"{_where(r)}: {r.reason}: {quoted(r.value)}" + (f" ({advice})" if advice else "")


def _where(problem: Any) -> str:
    """'file, row 3, column amount'; a problem of the whole row (wrong number of fields) names no column."""
    column = getattr(problem, "column_name", None)
    named = f", column {column}" if isinstance(column, str) and column else ""
    return f"{problem.file}, row {problem.row_number}{named}"
