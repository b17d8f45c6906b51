"""The page queries on Apache Spark: a session, the tables read from Delta, Parquet or CSV, derivation and runs.

Needs pyspark and sqlglot (requirements-spark.txt); the embedded DuckDB path imports neither.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame, SparkSession, functions

from dashboard import clock, config, engine, spark_sql, store

# a Delta table's transaction log, the folder that tells a Delta table from a folder of Parquet files
DELTA_LOG = "_delta_log"
# Delta reader version 1 is plain Parquet files; 2 is column mapping (the files' column names are not the table's),
# refused without Delta's own reader, as is any version after 3. Version 3 lists table features: a table is its
# log's Parquet files when it needs none but these. timestampNtz only declares naive timestamps, which the files
# hold as such (as the canonical export's do)
DELTA_PLAIN_READER_VERSIONS = frozenset({1, 3})
DELTA_PLAIN_FEATURES = frozenset({"timestampNtz"})
# DuckDB column types as Spark's, for reading canonical CSV files
_TYPES = {"varchar": "string", "timestamp": "timestamp", "double": "double", "date": "date", "bigint": "bigint"}


def session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """The Spark session: Spark Connect when $SPARK_REMOTE is set, else the master URL (local[*] by default),
    with any extra settings.

    Times are naive, as in the DuckDB file: the session reads and writes them in UTC so nothing shifts.
    """
    builder = SparkSession.builder.appName("funnel-dashboard")
    if os.environ.get("SPARK_REMOTE"):
        builder = builder.remote(os.environ["SPARK_REMOTE"])
    else:
        builder = builder.master(master or os.environ.get(config.SPARK_MASTER_ENV_VAR) or config.SPARK_DEFAULT_MASTER)
        builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        builder = builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()
    if not os.environ.get("SPARK_REMOTE"):
        spark.sparkContext.setLogLevel("ERROR")
    return spark


def _spark_types(table: str) -> dict[str, str]:
    """A canonical table's columns -> Spark type, from queries/schema/tables.sql (through DuckDB)."""
    con = store.connect(":memory:")
    try:
        columns = store.table_columns(con, table)
    finally:
        con.close()
    return {name: _TYPES[dtype.lower()] for name, (dtype, _) in columns.items()}


def _schema(table: str) -> str:
    """A canonical table's columns as a Spark DDL schema."""
    return ", ".join(f"{name} {kind}" for name, kind in _spark_types(table).items())


def _with_later_columns(frame: DataFrame, table: str) -> DataFrame:
    """A table written before a base column existed (leads.converted_deal_id), with that column as nulls: what
    DuckDB's `alter table ... add column` gives an older file."""
    for name, kind in _spark_types(table).items():
        if name not in frame.columns:
            frame = frame.withColumn(name, functions.lit(None).cast(kind))
    return frame


def read_table(spark: SparkSession, folder: Path, table: str) -> DataFrame:
    """One canonical table from `folder`: a Delta table (`<table>` or `<table>.parquet`, a folder with a
    `_delta_log`), else `<table>.parquet` (a file or Spark's folder of parts), else `<table>.csv` with a header and
    the canonical columns."""
    parquet, csv = folder / f"{table}.parquet", folder / f"{table}.csv"
    for candidate in (folder / table, parquet):
        if (candidate / DELTA_LOG).is_dir():
            return read_delta(spark, candidate, table)
    if parquet.exists():
        return spark.read.parquet(str(parquet))
    if csv.exists():
        return spark.read.csv(str(csv), header=True, schema=_schema(table), mode="FAILFAST")
    raise FileNotFoundError(f"{folder} has neither {table} (Delta), {table}.parquet nor {table}.csv")


def read_tables(spark: SparkSession, location: str | os.PathLike[str]) -> dict[str, DataFrame]:
    """The five canonical tables: from a folder (read_table), or catalog:<database> for the session catalog's
    <database>.leads, <database>.deals, ... (a Hive metastore's, Unity Catalog's as catalog.schema)."""
    where = str(location)
    if not engine.is_catalog(where):
        return {table: read_table(spark, Path(where), table) for table in store.BASE_TABLES}
    database = where[len(config.SPARK_CATALOG_PREFIX) :]
    if not re.fullmatch(config.SPARK_CATALOG_NAME, database, flags=re.ASCII):
        raise ValueError(f"{where!r}: name a database as catalog:<database> or catalog:<catalog>.<schema>")
    tables = {}
    for table in store.BASE_TABLES:
        name = f"{database}.{table}"
        try:
            tables[table] = _analysed(spark.table(name))
        except Exception as exc:
            raise FileNotFoundError(
                f"the Spark catalog has no table {name} ({config.SPARK_CATALOG_PREFIX}{database} needs all five: "
                f"{', '.join(store.BASE_TABLES)}): {str(exc).splitlines()[0]}"
            ) from exc
    return tables


def _analysed(frame: DataFrame) -> DataFrame:
    # a Spark Connect session plans lazily: asking for the schema makes it resolve the source now, so a missing
    # table or an unknown data source fails where it is read, with its name, not in a later query
    _ = frame.schema
    return frame


class DeltaRefused(ValueError):
    """A Delta table this session cannot read exactly: the message says why and what to do."""


def read_delta(spark: SparkSession, path: Path, table: str) -> DataFrame:
    """A Delta table's current version: through Spark's own Delta reader where the session has one (Databricks,
    delta-spark), else the Parquet files of that version as the table's log lists them (delta-rs reads the log).

    Read as a plain Parquet folder, a Delta table would count the rows of every file ever written to it, the
    overwritten and deleted ones too. The log's file list is the table exactly unless rows are deleted inside a file
    (deletion vectors) or columns are renamed (column mapping), or its partition values live in the paths: such a
    table is refused with what to install instead, never read approximately.
    """
    try:
        return _analysed(spark.read.format("delta").load(str(path)))
    except Exception as exc:  # Spark without Delta: "Failed to find the data source: delta"
        if "data source: delta" not in str(exc).lower():
            raise DeltaRefused(f"{path.name}: Spark's Delta reader refused it: {str(exc).splitlines()[0]}") from exc
    try:
        from deltalake import DeltaTable
        from deltalake.exceptions import DeltaError
    except ImportError as exc:
        raise DeltaRefused(
            f"{path.name} is a Delta table: install delta-spark on the Spark session or deltalake "
            "(requirements-spark.txt) to read it"
        ) from exc
    try:
        delta = DeltaTable(str(path))
    except DeltaError as exc:
        raise DeltaRefused(f"{path.name} has a {DELTA_LOG} that is not a readable Delta table: {exc}") from exc
    protocol = delta.protocol()
    features = sorted(set(protocol.reader_features or ()) - DELTA_PLAIN_FEATURES)
    if features or protocol.min_reader_version not in DELTA_PLAIN_READER_VERSIONS:
        needs = ", ".join(features) if features else f"reader version {protocol.min_reader_version}"
        raise DeltaRefused(
            f"{path.name} is a Delta table that needs {needs}, which its Parquet files alone do not carry: read it "
            "on a Spark session with delta-spark (Databricks has it)"
        )
    partitioned = delta.metadata().partition_columns
    if partitioned:
        raise DeltaRefused(
            f"{path.name} is a Delta table partitioned by {', '.join(partitioned)}: its "
            "partition values are not in its Parquet files; read it on a Spark session with delta-spark"
        )
    files = delta.file_uris()
    if not files:
        # a version without files is a table without rows (no targets set): the canonical columns, as a CSV's
        return spark.createDataFrame([], schema=_schema(table))
    # the table's columns, merged over every file: a column added later is null in the files written before it,
    # and a file's extra columns (row tracking's) are not the table's
    columns = [field.name for field in delta.schema().fields]
    return spark.read.option("mergeSchema", "true").parquet(*files).select(*columns)


class SparkEngine:
    """The built tables (leads with their stage columns) as Spark views, and the page queries run on them (see
    dashboard.engine.QueryEngine)."""

    def __init__(self, spark: SparkSession, tables: dict[str, DataFrame], meta: dict[str, str] | None = None) -> None:
        self.spark = spark
        for table in store.BASE_TABLES:
            tables[table].createOrReplaceTempView(table)
        missing = [c for c in store.DERIVED_LEAD_COLUMNS if c not in tables["leads"].columns]
        if missing:
            # none: never built; some: built by an older version (the window's reach_seconds came in version 23)
            what = (
                "no stage columns: build them first"
                if "is_mql" in missing
                else f"no {', '.join(missing)} (built by an older version): build them again"
            )
            raise ValueError(
                f"the leads have {what} (python -m dashboard build --engine spark --input DIR --output DIR2)"
            )
        # the sales-owned sources in use, as keys (the list `export` carried over, else the config's), which the
        # deal facts read (store.refresh_deal_facts writes them on DuckDB)
        saved = (meta or {}).get(store.SALES_SOURCES_KEY)
        keys = json.loads(saved) if saved else list(config.SALES_SOURCES)
        spark.createDataFrame([(k,) for k in keys], "key string").createOrReplaceTempView("sales_keys")
        # the data's today reads the day the exports are stated complete through (store.set_complete_through) and the
        # horizon of the last leads import and of the last deals import (a folder exported by a version with one for
        # both: that one; without any, from before it was exported or a catalog's: the clock now, in the data's zone)
        facts = [(k, v) for k, v in (meta or {}).items() if k == store.COMPLETE_THROUGH_KEY]
        shared = (meta or {}).get(store.LEGACY_HORIZON_KEY) or clock.horizon().isoformat()
        facts += [(key, (meta or {}).get(key) or shared) for key in store.HORIZON_KEYS.values()]
        spark.createDataFrame(facts, "key string, value string").createOrReplaceTempView("meta")
        # the views the page queries read, and the data's today, as the schema files define them
        for name, params in (
            (store.BOOKED_DEALS_SCRIPT, {}),
            ("schema/views", {}),
            (store.REFRESH_SCRIPT, store.refresh_params()),
        ):
            for view, sql, args in spark_sql.create_statements(name, params):
                spark.sql(sql, args=args or None).createOrReplaceTempView(view)
        # the won deals' attribution shares, which DuckDB stores with the deal facts (store.refresh_deal_credits)
        sql, args = spark_sql.to_spark(store.DEAL_CREDITS_QUERY, {"half_life_days": config.TIME_DECAY_HALF_LIFE_DAYS})
        spark.sql(sql, args=args).createOrReplaceTempView("deal_credits")
        self.meta = dict(meta or {})
        self._data_end: datetime | None = None

    @classmethod
    def from_folder(cls, spark: SparkSession, folder: str | os.PathLike[str]) -> SparkEngine:
        """The engine over a folder `build` wrote (or any with the five built tables and meta.json), or over the
        built tables of a catalog database (catalog:<database>; no meta: the default sales-owned sources)."""
        return cls(spark, read_tables(spark, folder), read_meta(Path(folder)))

    def run_query(self, name: str, params: dict[str, Any]) -> pd.DataFrame:
        """Run one query file, translated to Spark SQL, with its parameters bound."""
        view = params.get("view") or {}
        if view.get("count_by", "lead") != "lead":
            # the Spark build derives the leads only (queries/macros/scope.spark.sql)
            raise spark_sql.Untranslatable("counting by account runs on DuckDB only: the Spark build has no accounts")
        if params.get("use_rollup"):
            # a query's spark variant reads the leads, never a rollup: asked for one, it would count nothing
            raise spark_sql.Untranslatable(f"{name} from a rollup runs on DuckDB only: the Spark build keeps none")
        sql, args = spark_sql.to_spark(name, {**params, "data_end": self.data_end()})
        # through Arrow to pandas' own dtypes, as DuckDB's .df() gives them (toPandas keeps Arrow strings, on which
        # pandas arithmetic differs), times naive as stored
        df = self.spark.sql(sql, args=args).toArrow().to_pandas()
        for column in df.columns:
            if isinstance(df[column].dtype, pd.DatetimeTZDtype):
                df[column] = df[column].dt.tz_convert(None)
            elif df.empty and isinstance(df[column].dtype, pd.StringDtype):
                # DuckDB gives an empty result's text columns as objects: the metrics layer's arithmetic on an
                # empty table then behaves the same on both engines
                df[column] = df[column].astype(object)
        return df

    def data_end(self) -> datetime:
        """The end of the data's last day (scope.sql data_end; far ahead with no data), read from data_days once."""
        # bound to every query (scope.spark.sql): spark failed to plan the scalar subquery DuckDB's macro reads
        if self._data_end is None:
            last = self.spark.sql("select max(max_date) from data_days").collect()[0][0]
            self._data_end = (
                datetime(9999, 12, 31) if last is None else datetime.combine(last + timedelta(days=1), time())
            )
        return self._data_end

    def get_meta(self, key: str) -> str | None:
        """A key/value fact `export` carried over (the saved sales-owned sources), or None."""
        return self.meta.get(key)


def read_meta(folder: Path) -> dict[str, str]:
    """The facts `export` wrote beside the tables (none when the file is missing)."""
    meta = folder / config.META_FILE
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


def derive(spark: SparkSession, tables: dict[str, DataFrame]) -> dict[str, DataFrame]:
    """The canonical tables with the leads' stage columns derived by lead_derivation, on Spark."""
    for table, frame in tables.items():
        frame.createOrReplaceTempView(table)
    _with_later_columns(tables["leads"], "leads").createOrReplaceTempView("base_leads")
    return {**tables, "leads": spark.sql(spark_sql.derivation_sql("base_leads"))}


def build(spark: SparkSession, input_dir: str | os.PathLike[str], output_dir: str | os.PathLike[str]) -> dict[str, int]:
    """Derive the leads' stage columns on Spark and write the five tables as Parquet (`output_dir/<table>.parquet`,
    Spark's folder of parts; leads sorted by created_at) that both engines read; return rows per table."""
    source, out = Path(input_dir), Path(output_dir)
    if out.resolve() == source.resolve():
        # each table is overwritten while it is read: a Delta input's files would be gone before the job read them
        raise ValueError(f"build writes {out} while it reads it: name another --output folder")
    frames = derive(spark, read_tables(spark, input_dir))
    out.mkdir(parents=True, exist_ok=True)
    frames["leads"] = frames["leads"].orderBy("created_at")
    counts: dict[str, int] = {}
    for table, frame in frames.items():
        frame.write.mode("overwrite").parquet(str(out / f"{table}.parquet"))
        counts[table] = spark.read.parquet(str(out / f"{table}.parquet")).count()
    (out / config.META_FILE).write_text(json.dumps(read_meta(source)), encoding="utf-8")
    return counts
