"""Write a database's canonical tables as Parquet files named after the tables (`python -m dashboard export`)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb

from dashboard import checks, config, metrics, store


def sql_string(text: str) -> str:
    """A text as a SQL string literal, for the one place DuckDB takes no parameter: a COPY target."""
    return "'" + text.replace("'", "''") + "'"


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: str | Path) -> dict[str, int]:
    """Write leads, deals, touches, spend and targets (canonical columns only, no derived stage columns) to
    `out_dir/<table>.parquet`, and the saved sales-owned sources and stated currencies to `out_dir/meta.json`;
    return the rows written per table."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in store.BASE_TABLES:
        columns = ", ".join(store.quote_identifier(c) for c in store.table_columns(con, table))
        target = sql_string(str(out / f"{table}.parquet"))
        con.execute(f"copy (select {columns} from {table}) to {target} (format parquet)")
        written[table] = store.scalar(con, f"select count(*) from {table}")
    saved = store.get_meta(con, store.SALES_SOURCES_KEY)
    meta = {} if saved is None else {store.SALES_SOURCES_KEY: saved}
    # the currency the imports stated travels with the amounts (the pages and metrics name it on both engines)
    meta.update({store.CURRENCY_KEY.format(table): code for table, code in store.stated_currencies(con).items()})
    stated = store.get_meta(con, store.COMPLETE_THROUGH_KEY)
    if stated is not None:
        # the day the exports are stated complete through, which the data's today reads on either engine
        meta[store.COMPLETE_THROUGH_KEY] = stated
    for key in store.HORIZON_KEYS.values():
        horizon = store.get_meta(con, key)
        if horizon is not None:
            # the horizon of the last leads (deals) import, which the data's today reads on either engine
            meta[key] = horizon
    waiting = metrics.awaiting_lead(con)
    if waiting.waits():
        # the deals kept aside for want of their lead are in no table written: their counts travel, so the pages and
        # metrics on Spark say them as on DuckDB
        meta[store.AWAITING_KEY] = json.dumps(dataclasses.asdict(waiting))
    twice = checks.failures(con).get(checks.STORED_TWICE)
    if twice:
        # records stored twice under two CRMs' ids count twice in every number: the landing page and the report say it
        # on Spark too (the check's rows are not written: the count travels)
        meta[checks.FAILURES_KEY] = json.dumps({checks.STORED_TWICE: twice})
    (out / config.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return written
