"""Translation of the DuckDB query files to Spark SQL (sqlglot only; Spark itself runs in tests/spark)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

sqlglot = pytest.importorskip("sqlglot")

from dashboard import config, sla, spark_sql  # noqa: E402
from dashboard.filters import Filters  # noqa: E402


def spark(sql: str, params: dict | None = None) -> str:
    return spark_sql.translate_tree(sqlglot.parse_one(sql, read="duckdb"), [], dict(spark_sql_types(params or {})))


def spark_sql_types(params: dict) -> dict:
    return {k: t for k, (_, t) in spark_sql.spark_args(params).items()}


def test_view_struct_is_flattened_to_one_typed_argument_per_field():
    params = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), sources=("b", "a")).to_params()
    args = spark_sql.spark_args(params)
    # the end is exclusive: the whole of Jan 31 counts; the sources come sorted
    assert args["view_date_from"] == ("2025-01-01T00:00:00", "timestamp")
    assert args["view_date_to"] == ("2025-02-01T00:00:00", "timestamp")
    assert args["view_sources"] == (["a", "b"], "array<string>")
    assert args["view_window_days"] == (180, "bigint")
    assert args["view_in_order"] == (False, "boolean")
    assert args["stages"][1] == "array<string>"
    assert spark_sql.spark_args({"holidays": [date(2025, 12, 25)]})["holidays"] == (["2025-12-25"], "array<date>")


def test_struct_fields_and_list_length_become_spark_arguments_and_size():
    out = spark("select ($view).mode = 'activity' or len(($view).sources) = 0 from t", Filters().to_params())
    assert ":view" not in out.replace(":view_", "")
    assert "CAST(:view_mode AS STRING) = 'activity'" in out
    assert "SIZE(CAST(:view_sources AS ARRAY<STRING>)) = 0" in out


def test_decimal_literals_divide_as_doubles_as_in_duckdb():
    # Spark keeps 1.0 / 3 a decimal of six places (0.333333); DuckDB gives the double 0.3333333333333333
    assert spark("select 1.0 / n from t") == "SELECT CAST(1.0 AS DOUBLE) / n FROM t"
    assert spark("select n / 2 from t") == "SELECT n / 2 FROM t"


def test_iso_weekday_numbers_monday_one_and_sunday_seven():
    # sqlglot's own spelling, (dayofweek % 7) + 1, numbers Sunday 2: Spark's weekday() is 0 on Monday
    assert spark("select isodow(d) from t") == "SELECT (WEEKDAY(d) + 1) FROM t"


def test_nested_timezones_read_the_time_in_one_zone_and_show_it_in_the_other():
    out = spark("select timezone('Europe/Berlin', timezone('UTC', x)) from t")
    assert out == "SELECT FROM_UTC_TIMESTAMP(TO_UTC_TIMESTAMP(x, 'UTC'), 'Europe/Berlin') FROM t"
    with pytest.raises(spark_sql.Untranslatable, match="timezone"):
        spark("select timezone('UTC', x) from t")


def test_interval_constructors():
    assert spark("select a - to_days(3) from t") == "SELECT a - MAKE_DT_INTERVAL(3) FROM t"
    assert "MAKE_DT_INTERVAL(0, 0, m)" in spark("select a + to_minutes(m) from t")


@pytest.mark.parametrize(
    "name",
    [
        "funnel",
        "funnel_entries",
        "deals",
        "customers_and_wins",
        "sources",
        "attribution",
        "origin_labels",
        "sourced",
        "sla_overview",
        "stalled_overview",
        "step_rates",
    ],
)
def test_every_metrics_query_expands_all_its_macros(name):
    params = {
        **Filters().to_params(),
        **sla.SlaSettings(business_hours=True).to_params(),
        "by": "source",
        "none_label": "(none)",
        "half_life_days": 7,
        "sales_sources": ["outbound"],
        "unknown_source": "unknown",
        "unknown_sources": ["unknown"],
        **{f"stall_{stage}": days for stage, days in config.STALL_DAYS.items()},
        "limit": 10,
        "spend_fits": True,
        "by_entries": True,
        "use_rollup": False,
    }
    sql, args = spark_sql.to_spark(name, params)
    called = {m.lower() for m in re.findall(r"([A-Za-z_]+)\(", sql)}
    assert not called & set(spark_sql.macros()), "a macro call was left in"
    # every argument the text uses is bound, and nothing is formatted into it
    assert set(re.findall(r":([a-z_0-9]+)", sql)) == set(args)
    assert "outbound" not in sql


def test_a_table_macro_called_twice_with_the_same_arguments_is_one_cte():
    sql, _ = spark_sql.to_spark("customers_and_wins", Filters().to_params())
    assert sql.count("funnel_hits_") >= 2  # defined once, read by name
    assert len(re.findall(r"funnel_hits_\d+ AS \(", sql)) == 1


def test_the_spark_variant_replaces_one_cte_only():
    sql, args = spark_sql.to_spark("funnel", {**Filters().to_params(), "by_entries": False})
    assert "GENERATE_SUBSCRIPTS" not in sql and "SEQUENCE(1, SIZE(CAST(:stages AS ARRAY<STRING>)))" in sql
    # the rest is the DuckDB file's own: its counts, and its order by the stage list
    assert "counted AS (" in sql and "ORDER BY ARRAY_POSITION(CAST(:stages AS ARRAY<STRING>), stage)" in sql
    assert args["stages"] == ["lead", "mql", "sql", "opportunity", "customer"]


def test_derivation_reads_the_named_rows():
    sql = spark_sql.derivation_sql("base_leads")
    assert "FROM base_leads" in sql and "query_table" not in sql.lower()


def test_timestamps_bound_as_text_are_cast_back():
    params = {"view": {"date_from": datetime(2025, 1, 1), "mode": "cohort"}}
    out = spark("select ($view).date_from from t", params)
    assert out == "SELECT CAST(:view_date_from AS TIMESTAMP) FROM t"


def test_date_diff_counts_boundaries_crossed_as_duckdb_does():
    # DuckDB: 00:00:00.9 to 00:00:01.1 is 1 second (a boundary crossed); Spark's datediff(SECOND) says 0
    out = spark("select date_diff('second', a, b), date_diff('microsecond', a, b), date_diff('day', a, b) from t")
    assert out == (
        "SELECT (UNIX_SECONDS(CAST(b AS TIMESTAMP)) - UNIX_SECONDS(CAST(a AS TIMESTAMP))), "
        "(UNIX_MICROS(CAST(b AS TIMESTAMP)) - UNIX_MICROS(CAST(a AS TIMESTAMP))), "
        "DATEDIFF(CAST(b AS DATE), CAST(a AS DATE)) FROM t"
    )


def test_quantiles_interpolate_as_duckdb_does_and_a_filter_goes_inside():
    out = spark("select median(x) filter (where s = 'won') from t")
    # lo * (1 - fraction) + hi * fraction over the sorted values of the rows the filter keeps; null without any
    assert out.startswith(
        "SELECT CASE WHEN SIZE(ARRAY_SORT(COLLECT_LIST(CASE WHEN s = 'won' THEN x END))) = 0 THEN NULL"
    )
    assert "FILTER" not in out and "PERCENTILE" not in out and "MEDIAN" not in out
    assert "CEIL(((CAST(0.95 AS DOUBLE)) * (SIZE(ARRAY_SORT(COLLECT_LIST(y))) - 1)))" in spark(
        "select quantile_cont(y, 0.95) from t"
    )


def test_duckdb_unpivot_statement_becomes_spark_unpivot_clause():
    out = spark("with v as (unpivot (select k, a, b from t) on a, b into name col value x) select * from v")
    assert out == (
        "WITH v AS (SELECT * FROM (SELECT k, a, b FROM t) AS unpivoted UNPIVOT(x FOR col IN (a, b))) SELECT * FROM v"
    )
    # unpivoting a table (no subquery): the same clause on the table
    assert spark("select * from (unpivot t on a, b into name col value x)") == (
        "SELECT * FROM (SELECT * FROM t UNPIVOT(x FOR col IN (a, b)))"
    )


def test_a_field_of_the_view_with_some_fields_replaced_is_the_value_given_else_the_views():
    changed = "struct_update($view, mode := 'activity', window_days := 0)"
    out = spark(
        f"select ({changed}).mode, (({changed})).window_days, ({changed}).sources from t", Filters().to_params()
    )
    assert out == "SELECT 'activity', 0, CAST(:view_sources AS ARRAY<STRING>) FROM t"


def test_a_cast_of_unnest_casts_each_element_and_limits_take_an_int():
    # Spark refuses a generator nested in an expression: cast(explode(x) as date)
    out = spark("select unnest(generate_series(a, b, interval 1 day))::date as day from t")
    assert out.startswith("SELECT EXPLODE(TRANSFORM(")
    assert out.endswith(", element -> CAST(element AS DATE))) AS day FROM t")
    out = spark("select * from t limit $n offset $skip", {"n": 50, "skip": 0})
    assert out == "SELECT * FROM t LIMIT CAST(:n AS INT) OFFSET CAST(:skip AS INT)"


def test_a_list_of_structs_is_bound_as_one_array_a_field_in_list_order():
    rows = [
        {"period": "2025-02", "date_from": datetime(2025, 2, 1)},
        {"period": "2025-01", "date_from": datetime(2025, 1, 1)},
    ]
    args = spark_sql.spark_args({"periods": rows})
    assert args == {
        "periods_period": (["2025-02", "2025-01"], "array<string>"),
        "periods_date_from": (["2025-02-01T00:00:00", "2025-01-01T00:00:00"], "array<timestamp>"),
    }


def test_list_position_is_spark_array_position():
    assert spark("select * from t order by list_position(a, x)") == (
        "SELECT * FROM t ORDER BY ARRAY_POSITION(a, x) NULLS LAST"
    )


def test_a_table_macros_own_ctes_do_not_clash_with_the_querys():
    # monthly_entries' `entries` reads stage_entries, whose body has an `entries` of its own (stalled_overview's
    # `waiting` and open_leads' were the case until its parts became macros); Spark lifts nested CTEs to the top, so
    # the macro's are renamed after its call
    sql, _ = spark_sql.to_spark("monthly_entries", Filters().to_params())
    tree = sqlglot.parse_one(sql, read="spark")
    names = [cte.alias for cte in tree.find_all(sqlglot.exp.CTE)]
    assert len(names) == len(set(names))
    assert {"entries", "stage_entries_1_entries", "stage_entries_1"} <= set(names)
