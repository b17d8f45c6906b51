"""What an import did with every row: read, loaded, skipped by reason, kept with a warning; as text and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dashboard import store
from dashboard.formatting import csv_bytes, fmt_count
from dashboard.importers import checks

SAMPLE_PER_REASON = 3
# the downloadable list is capped so that a file where every row is wrong cannot exhaust memory
ISSUES_KEPT = 100_000
ISSUE_COLUMNS = {
    "file": "file",
    "row_number": "row (1 = first row under the header)",
    "column_name": "column",
    "reason": "reason",
    "value": "value",
    "action": "action",
}


@dataclass
class ImportReport:
    """What an import did: rows read per file, rows loaded, problems by reason with a sample."""

    kind: str
    mode: str
    rows_read: dict[str, int] = field(default_factory=dict)
    rows_loaded: int = 0
    rows_replaced: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(ISSUE_COLUMNS)))
    issues_total: int = 0
    rows_skipped: int = 0
    preview: pd.DataFrame | None = None

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
        return ordered.groupby(["action", "reason"], sort=False).head(SAMPLE_PER_REASON).reset_index(drop=True)

    def summary(self, dry_run: bool = False) -> str:
        """Plain lines for the CLI and the Data page."""
        lines = [f"{name}: {fmt_count(count, 'row')} read" for name, count in self.rows_read.items()]
        if dry_run:
            lines.append(f"{self.kind}: {fmt_count(self.total_read - self.rows_skipped, 'row')} would be imported")
        else:
            verb = "upserted" if self.mode == "append" else "loaded"
            lines.append(
                f"{self.kind}: {fmt_count(self.rows_loaded, 'row')} {verb} "
                f"({fmt_count(self.rows_replaced, 'existing row')} replaced)"
            )
        for title, counts in (("skipped", self.skipped), ("kept with a warning", self.warnings)):
            for reason, count in counts.items():
                lines.append(f"{fmt_count(count, 'row')} {title}: {reason} — {checks.ADVICE.get(reason, '')}")
        for r in self.sample().itertuples():
            lines.append(f"  {r.file}, row {r.row_number}, column {r.column_name}: {r.reason} ({r.value!r})")
        return "\n".join(lines)

    def issues_csv(self) -> bytes:
        """Every recorded problem (up to ISSUES_KEPT) as CSV for the people who fix the source data."""
        text = csv_bytes(self.issues.rename(columns=ISSUE_COLUMNS))
        if self.issues_total > len(self.issues):
            text += f"# {self.issues_total - len(self.issues):,} more problems not listed\n".encode()
        return text


def collect(con: duckdb.DuckDBPyConnection, report: ImportReport) -> None:
    """Fill the report's counts and list from this import's issues table."""
    for reason, action, count in con.execute(
        f"select reason, action, count(*) from {checks.ISSUES} group by all order by 3 desc, 1"
    ).fetchall():
        (report.skipped if action == checks.SKIPPED else report.warnings)[reason] = count
    report.issues_total = sum(report.skipped.values()) + sum(report.warnings.values())
    # a row with two problems is one skipped row
    report.rows_skipped = store.scalar(
        con,
        f"select count(distinct (file_index, row_number)) from {checks.ISSUES} where action = '{checks.SKIPPED}'",
    )
    report.issues = con.execute(
        f"select file, row_number, column_name, reason, value, action from {checks.ISSUES} "
        f"order by file_index, row_number, reason limit {ISSUES_KEPT}"
    ).df()


def first_problem(report: ImportReport) -> str:
    """The first skipped row as a sentence naming file, row and column."""
    skipped = report.issues[report.issues["action"] == checks.SKIPPED]
    r = skipped.iloc[0]
    return f"{r.file}, row {r.row_number}, column {r.column_name}: {r.reason}: {r.value!r}"
