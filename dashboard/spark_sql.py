"""DuckDB query files as Spark SQL: macros expanded, `$view` flattened, parameters bound (needs sqlglot).

The query files stay the one source of truth. At load time each is parsed in the DuckDB dialect, its table
macros become CTEs and its scalar macros inline expressions, the `$view` struct becomes one scalar or array
parameter per field, and the few DuckDB functions sqlglot does not carry over are rewritten here. Where a
construct has no translation, `<name>.spark.sql` beside the query (or macro file) holds Spark replacements
of single CTEs (or single macros), never a copy of a whole query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

from dashboard.queries import query_path, sql_text

SPARK_SUFFIX = ".spark.sql"
# expressions that make a list, whose len() is Spark's size(): a list parameter is known by its binding instead
LIST_EXPRESSIONS = (exp.ArrayDistinct, exp.Transform, exp.ArrayFilter, exp.Array)
# the layers whose `create macro` statements a query may call (lead_derivation is one of the schema's)
MACRO_FILES: tuple[str, ...] = ("macros/cleaning", "macros/scope", "macros/funnel", "macros/sla", "schema/derivation")
# the horizons schema/refresh.sql's data_as_of reads (store.SCHEMA_SCRIPTS)
MACRO_FILES += ("macros/horizons",)
# the table macros a scan shares with its rollup's file (store.MACRO_SCRIPTS)
MACRO_FILES += (
    "macros/reason_label",
    "macros/breakdown_ranks",
    "macros/marketing_attainment",
    "macros/rejection_reasons",
    "macros/stalled_parts",
)
_MACRO = re.compile(r"create or replace macro (\w+)\s*\(([^)]*)\)\s+as\s+(table\s+)?(.*)", re.S | re.I)
_STATEMENT_END = re.compile(r";\s*\n")


class Untranslatable(ValueError):
    """A query uses something that has no Spark translation (and no Spark variant)."""


@dataclass(frozen=True)
class Macro:
    """A DuckDB macro: its parameters and its body (an expression, or a query for a table macro)."""

    name: str
    params: tuple[str, ...]
    body: exp.Expr
    is_table: bool


def _strip_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in _STATEMENT_END.split(_strip_comments(sql) + "\n") if s.strip()]


def _variant_path(name: str) -> Path:
    path = query_path(name)
    return path.with_name(path.name.removesuffix(".sql") + SPARK_SUFFIX)


def _parse_macros(sql: str, dialect: str) -> dict[str, Macro]:
    found: dict[str, Macro] = {}
    for statement in _statements(sql):
        m = _MACRO.fullmatch(statement)
        if not m:
            continue
        name, params, is_table, body = m.group(1), m.group(2), bool(m.group(3)), m.group(4)
        tree = (
            sqlglot.parse_one(body, read=dialect)
            if is_table
            else sqlglot.parse_one(f"select {body}", read=dialect).expressions[0]
        )
        found[name] = Macro(name, tuple(p.strip() for p in params.split(",") if p.strip()), tree, is_table)
    return found


@cache
def macros() -> dict[str, Macro]:
    """Every macro the query files may call, a Spark variant's macro replacing the DuckDB one of its name."""
    found: dict[str, Macro] = {}
    for name in MACRO_FILES:
        found.update(_parse_macros(sql_text(name), "duckdb"))
        variant = _variant_path(name)
        if variant.exists():
            found.update(_parse_macros(variant.read_text(encoding="utf-8"), "spark"))
    return found


def _cte_overrides(name: str) -> list[exp.CTE]:
    """The CTEs of a query's Spark variant (a `with` clause only), in file order."""
    variant = _variant_path(name)
    if not variant.exists():
        return []
    tree = sqlglot.parse_one(_strip_comments(variant.read_text(encoding="utf-8")) + "\nselect 1", read="spark")
    return list(tree.find_all(exp.CTE))


def _apply_overrides(tree: exp.Expr, overrides: list[exp.CTE]) -> None:
    """Replace the query's CTEs of the same name; a variant CTE of a new name goes in before the first replaced."""
    with_ = tree.args.get("with_")
    if not overrides:
        return
    if with_ is None:
        raise Untranslatable("a Spark variant replaces CTEs, and this query has none")
    existing = {cte.alias: i for i, cte in enumerate(with_.expressions)}
    replaced = [cte.alias for cte in overrides if cte.alias in existing]
    if not replaced:
        raise Untranslatable(f"the Spark variant replaces no CTE of the query (it has {', '.join(existing)})")
    ctes = list(with_.expressions)
    insert_at = min(existing[a] for a in replaced)
    for cte in overrides:
        if cte.alias in existing:
            ctes[ctes.index(next(c for c in ctes if c.alias == cte.alias))] = cte
        else:
            ctes.insert(insert_at, cte)
            insert_at += 1
    with_.set("expressions", ctes)


def _substitute(body: exp.Expr, params: tuple[str, ...], args: list[exp.Expr]) -> exp.Expr:
    """A copy of a macro body with its parameters (unqualified column names) replaced by the call's arguments."""
    if len(params) != len(args):
        raise Untranslatable(f"a macro call has {len(args)} arguments where the macro takes {len(params)}")
    values = dict(zip(params, args, strict=True))

    def swap(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name in values:
            return exp.Paren(this=values[node.name].copy())
        return node

    return body.copy().transform(swap)


def _private_ctes(body: exp.Expr, prefix: str) -> exp.Expr:
    """A table macro's own CTEs renamed `<prefix>_<name>`: Spark's SQL lifts nested CTEs to the top, where one of
    the query's of the same name (open_leads' `waiting` in stalled_overview) would clash with it."""
    with_ = body.args.get("with_")
    if with_ is None:
        return body
    names = {cte.alias: f"{prefix}_{cte.alias}" for cte in with_.expressions}

    def rename(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Table) and not node.db and node.name in names:
            alias = node.args.get("alias") or exp.TableAlias(this=exp.to_identifier(node.name))
            return exp.Table(this=exp.to_identifier(names[node.name]), alias=alias)
        return node

    body = body.transform(rename)
    for cte in body.args["with_"].expressions:
        cte.set("alias", exp.TableAlias(this=exp.to_identifier(names[cte.alias])))
    return body


class _Expander:
    """Expands macro calls in one query: table macros into hoisted CTEs, scalar macros inline."""

    def __init__(self) -> None:
        self.ctes: list[exp.CTE] = []
        self.names: dict[str, str] = {}

    def scalars(self, tree: exp.Expr) -> exp.Expr:
        known = macros()

        def inline(node: exp.Expr) -> exp.Expr:
            if isinstance(node, exp.Anonymous) and node.name.lower() in known:
                macro = known[node.name.lower()]
                if macro.is_table:
                    # a table macro call (in a from) is the tables pass's; its arguments are inlined here
                    node.set("expressions", [self.scalars(a) for a in node.expressions])
                    return node
                return exp.Paren(this=self.scalars(_substitute(macro.body, macro.params, node.expressions)))
            return node

        return tree.transform(inline)

    def tables(self, tree: exp.Expr) -> exp.Expr:
        known = macros()

        def hoist(node: exp.Expr) -> exp.Expr:
            if not (isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous)):
                return node
            call = node.this
            if call.name.lower() == "query_table":
                # lead_derivation('rows', 'deals'): the table named by the argument
                arg = call.expressions[0].unnest()
                return exp.Table(this=exp.to_identifier(arg.name), alias=node.args.get("alias"))
            macro = known.get(call.name.lower())
            if macro is None or not macro.is_table:
                raise Untranslatable(f"no table macro called {call.name}")
            key = f"{macro.name}({', '.join(a.sql('duckdb') for a in call.expressions)})"
            if key not in self.names:
                name = f"{macro.name}_{len(self.ctes) + 1}"
                body = _private_ctes(self.expand(_substitute(macro.body, macro.params, call.expressions)), name)
                self.ctes.append(exp.CTE(this=body, alias=exp.TableAlias(this=exp.to_identifier(name))))
                self.names[key] = name
            alias = node.args.get("alias") or exp.TableAlias(this=exp.to_identifier(macro.name))
            return exp.Table(this=exp.to_identifier(self.names[key]), alias=alias)

        return tree.transform(hoist)

    def expand(self, tree: exp.Expr) -> exp.Expr:
        return self.tables(self.scalars(tree))


def _hoist(tree: exp.Expr, ctes: list[exp.CTE]) -> exp.Expr:
    """Put the expanded table macros first in the query's `with`, so its own CTEs can read them; a macro that reads
    one of the query's CTEs (query_table('open_units'): a table macro over rows the query picks) after that one, as
    Spark reads a CTE's names from the CTEs before it only."""
    if not ctes:
        return tree
    with_ = tree.args.get("with_")
    own = list(with_.expressions) if with_ is not None else []
    tree.set("with_", exp.With(expressions=_in_reading_order([*ctes, *own])))
    return tree


def _in_reading_order(ctes: list[exp.CTE]) -> list[exp.CTE]:
    """The CTEs with each after every other one it reads, else in the order given."""
    names = {cte.alias for cte in ctes}
    reads = {
        cte.alias: {t.name for t in cte.this.find_all(exp.Table) if not t.db and t.name in names} - {cte.alias}
        for cte in ctes
    }
    ordered: list[exp.CTE] = []
    placed: set[str] = set()
    waiting = list(ctes)
    while waiting:
        ready = next((c for c in waiting if reads[c.alias] <= placed), None)
        if ready is None:
            raise Untranslatable("the query's CTEs read each other in a circle")
        ordered.append(ready)
        placed.add(ready.alias)
        waiting.remove(ready)
    return ordered


def _placeholder_name(node: exp.Expr) -> str | None:
    inner = node.unnest() if isinstance(node, exp.Paren) else node
    return inner.name if isinstance(inner, exp.Placeholder) else None


def _view_field(struct: exp.Expr, field: str) -> exp.Expr | None:
    """One field of the view, or of `struct_update($view, field := value, ...)`, as a scalar; None for any other
    struct."""
    while isinstance(struct, exp.Paren):
        struct = struct.this
    if isinstance(struct, exp.Placeholder) and struct.name == "view":
        return exp.Placeholder(this=f"view_{field}")
    if isinstance(struct, exp.Anonymous) and struct.name.lower() == "struct_update" and struct.expressions:
        base, *changes = struct.expressions
        for change in changes:
            if isinstance(change, exp.PropertyEQ) and change.this.name == field:
                return change.expression.copy()
        return _view_field(base, field)
    return None


def _flatten_view(tree: exp.Expr) -> exp.Expr:
    """`($view).field` as the scalar parameter `:view_field` (see spark_args), and a field of the view with some
    fields replaced (`struct_update`) as the value given for it, else the view's."""

    def flat(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Dot):
            return _view_field(node.this, node.expression.name) or node
        return node

    tree = tree.transform(flat)
    for node in tree.find_all(exp.Placeholder):
        if node.name == "view":
            raise Untranslatable("the view is used whole, not by its fields")
    return tree


def _as_template(node: exp.Expr, again: Any) -> str | None:
    """Spark text for the DuckDB interval constructors and date_diff, or None for any other node."""
    sql = lambda e: again(e).sql("spark")  # noqa: E731
    if isinstance(node, exp.ToDays):
        return _INTERVALS["to_days"].format(x=sql(node.this))
    if isinstance(node, exp.Anonymous) and node.name.lower() in _INTERVALS:
        return _INTERVALS[node.name.lower()].format(x=sql(node.expressions[0]))
    if isinstance(node, exp.DateDiff) and node.unit and node.unit.name.lower() in _BOUNDARIES:
        # DuckDB counts the unit's boundaries crossed (0.9 s to 1.1 s is 1 second); Spark's datediff counts
        # whole units elapsed (0): the difference of the two instants truncated to the unit is DuckDB's
        return _BOUNDARIES[node.unit.name.lower()].format(end=sql(node.this), start=sql(node.expression))
    return None


def _spark_functions(tree: exp.Expr, array_params: set[str]) -> exp.Expr:
    """The DuckDB constructs sqlglot leaves as they are (or writes wrongly) in Spark's words."""

    def again(node: exp.Expr) -> exp.Expr:
        return _spark_functions(node, array_params)

    def fix(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Literal) and not node.is_string and not node.is_int:
            # DuckDB divides a decimal literal as a double; Spark keeps a decimal of few digits (1.0 / 3 = 0.333333)
            return exp.Cast(this=node.copy(), to=exp.DataType.build("double"))
        text = _as_template(node, again)
        if text is not None:
            return sqlglot.parse_one(text, read="spark")
        if isinstance(node, exp.Anonymous) and node.name.lower() == "timezone":
            return _timezone(node, again)
        if isinstance(node, exp.DayOfWeekIso):
            # sqlglot writes (dayofweek % 7) + 1, which numbers Sunday 2; Spark's weekday is 0 on Monday
            weekday = exp.Anonymous(this="weekday", expressions=[again(node.this)])
            return exp.Paren(this=exp.Add(this=weekday, expression=exp.Literal.number(1)))
        quantile = node.this if isinstance(node, exp.Filter) else node
        if isinstance(quantile, (exp.PercentileCont, exp.Median)):
            return _spark_quantile(node, quantile, again)
        if isinstance(node, exp.Length) and (
            _placeholder_name(node.this) in array_params or isinstance(node.this, LIST_EXPRESSIONS)
        ):
            # DuckDB's len() of a list; Spark's length() takes text only (review 75: the targets' every-source test,
            # len(list_distinct(list_transform(...))), failed the landing and SLA pages on Spark)
            return exp.ArraySize(this=node.this)
        return _spark_structure(node, again)

    return tree.transform(fix)


def _spark_quantile(node: exp.Expr, quantile: exp.PercentileCont | exp.Median, again: Any) -> exp.Expr:
    """DuckDB's median or quantile_cont (of one fraction, or of a list of them: an array of each) in Spark's words."""
    # a filter clause goes inside: collect_list skips the nulls of the rows it leaves out
    x = again(quantile.this)
    if isinstance(node, exp.Filter):
        x = exp.Case(ifs=[exp.If(this=again(node.expression.this), true=x)])
    q = quantile.expression if isinstance(quantile, exp.PercentileCont) else exp.Literal.number("0.5")
    if isinstance(q, exp.Array):
        # a list of fractions (the SLA queries' median and 95th percentile from one sort): an array of each
        each = ", ".join(_quantile(x.sql("spark"), again(f).sql("spark")) for f in q.expressions)
        return sqlglot.parse_one(f"array({each})", read="spark")
    return sqlglot.parse_one(_quantile(x.sql("spark"), again(q).sql("spark")), read="spark")


def _spark_structure(node: exp.Expr, again: Any) -> exp.Expr:
    """DuckDB's unpivot statement, a cast of unnest() and list_position() in the shapes Spark takes; any other node
    as it is."""
    if isinstance(node, exp.Pivot) and node.args.get("unpivot") and node.args.get("into"):
        return _unpivot_clause(node, again)
    if isinstance(node, exp.Anonymous) and node.name.lower() == "list_position":
        # the same 1-based position; not found is 0 on Spark and null on DuckDB (the queries only sort by it)
        return exp.Anonymous(this="array_position", expressions=[again(e) for e in node.expressions])
    if isinstance(node, exp.Cast) and isinstance(node.this, exp.Explode):
        # Spark refuses a generator inside an expression (unnest(...)::date): each element is cast instead
        element = exp.to_identifier("element")
        each = exp.Lambda(this=exp.Cast(this=exp.column(element), to=node.args["to"].copy()), expressions=[element])
        return exp.Explode(this=exp.Transform(this=again(node.this.this), expression=each))
    return node


def _unpivot_clause(node: exp.Pivot, again: Any) -> exp.Select:
    """DuckDB's unpivot statement, `unpivot (query) on a, b into name n value v`, as Spark's unpivot clause,
    `select * from (query) unpivot (v for n in (a, b))`: the same columns in the same order (the others, then
    n, then v), nulls left out by both."""
    source = again(node.this)
    if isinstance(source, exp.Select):
        source = exp.Subquery(this=source)
    into = node.args["into"]
    clause = exp.Pivot(
        expressions=[exp.to_identifier(v.name) for v in into.expressions],
        fields=[exp.In(this=exp.to_identifier(into.this.name), expressions=[again(c) for c in node.expressions])],
        unpivot=True,
    )
    source.set("pivots", [clause])
    if isinstance(source, exp.Subquery):
        source.set("alias", exp.TableAlias(this=exp.to_identifier("unpivoted")))
    return exp.select("*").from_(source)


def _quantile(x: str, q: str) -> str:
    """DuckDB's quantile_cont(x, q) (median: q = 0.5) as near as double arithmetic allows: the sorted values, the
    position q * (n - 1), lo * (1 - fraction) + hi * fraction; null without values. This equals DuckDB's value in
    the last bit 97 % of the time (Spark's percentile() less often); the rest differ by one unit in the last place.
    The sorted list, repeated, is one aggregate to Spark (equal expressions are computed once)."""
    values = f"array_sort(collect_list({x}))"
    position = f"(({q}) * (size({values}) - 1))"
    lo, hi = (f"element_at({values}, cast({f}({position}) as int) + 1)" for f in ("floor", "ceil"))
    fraction = f"({position} - floor({position}))"
    return f"case when size({values}) = 0 then null else {lo} * (1 - {fraction}) + {hi} * {fraction} end"


# DuckDB's date_diff(unit, start, end) as Spark arithmetic on the truncated instants
_BOUNDARIES: dict[str, str] = {
    "second": "(unix_seconds(cast({end} as timestamp)) - unix_seconds(cast({start} as timestamp)))",
    "microsecond": "(unix_micros(cast({end} as timestamp)) - unix_micros(cast({start} as timestamp)))",
    "day": "datediff(cast({end} as date), cast({start} as date))",
}

# DuckDB's interval constructors as Spark day-time intervals
_INTERVALS: dict[str, str] = {
    "to_days": "make_dt_interval({x})",
    "to_minutes": "make_dt_interval(0, 0, {x})",
    "to_microseconds": "make_dt_interval(0, 0, 0, cast(cast({x} as decimal(20, 0)) / 1000000 as decimal(18, 6)))",
}


def _timezone(node: exp.Anonymous, again: Any) -> exp.Expr:
    """DuckDB's timezone(b, timezone(a, x)): a local time x read in zone a, shown as local time in zone b.

    A single timezone() means a local time read in a zone (or an instant shown in one) depending on its
    argument's type; the query files only nest them, and anything else is refused rather than guessed.
    """
    zone_b, inner = node.expressions
    if not (isinstance(inner, exp.Anonymous) and inner.name.lower() == "timezone"):
        raise Untranslatable("timezone() is translated only as timezone(b, timezone(a, x))")
    zone_a, value = inner.expressions
    instant = exp.Anonymous(this="to_utc_timestamp", expressions=[again(value), again(zone_a)])
    return exp.Anonymous(this="from_utc_timestamp", expressions=[instant, again(zone_b)])


def _spark_type(value: Any) -> str | None:
    """The Spark SQL type a parameter value is cast to (None: bound as it is)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "double"
    if isinstance(value, datetime):
        return "timestamp"
    if isinstance(value, date):
        return "date"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        inner = {_spark_type(v) for v in value}
        if len(inner) != 1:
            raise Untranslatable(f"a list parameter mixes types: {sorted(map(str, inner))}")
        return f"array<{inner.pop()}>"
    return None


# the type of a parameter whose value has none of its own (null, an empty list); any other: text
_UNTYPED: dict[str, str] = {
    "view_date_from": "timestamp",
    "view_date_to": "timestamp",
    # scope.spark.sql's data_end, which SparkEngine binds to every query
    "data_end": "timestamp",
    "holidays": "array<date>",
    "workdays": "array<bigint>",
}


def _spark_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_spark_value(v) for v in value]
    return value


def spark_args(params: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """The parameters as Spark binds them: the view struct flattened to `view_<field>`, dates as ISO text
    (cast back in the query), each with its Spark type. The one place the view's shape meets Spark."""
    flat: dict[str, Any] = {}
    for key, value in params.items():
        if key == "view":
            flat.update({f"view_{field}": v for field, v in value.items()})
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
            # a list of structs (the executive view's periods): one array a field, `<key>_<field>`, in list order
            flat.update({f"{key}_{field}": [row[field] for row in value] for field in value[0]})
        else:
            flat[key] = value
    out: dict[str, tuple[Any, str]] = {}
    for key, value in flat.items():
        default = "array<string>" if isinstance(value, (list, tuple)) else "string"
        out[key] = (_spark_value(value), _spark_type(value) or _UNTYPED.get(key, default))
    return out


def _cast_params(tree: exp.Expr, types: dict[str, str]) -> exp.Expr:
    def cast(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder):
            if node.name not in types:
                raise KeyError(f"query needs parameter {node.name!r}")
            # Spark's limit and offset take an int, not a bigint (a macro's argument there is in parentheses)
            outer = node.parent
            while isinstance(outer, exp.Paren):
                outer = outer.parent
            kind = "int" if isinstance(outer, (exp.Limit, exp.Offset)) else types[node.name]
            return exp.Cast(this=exp.Placeholder(this=node.name), to=exp.DataType.build(kind, dialect="spark"))
        return node

    return tree.transform(cast)


def translate_tree(tree: exp.Expr, overrides: list[exp.CTE], types: dict[str, str]) -> str:
    """Spark SQL for one parsed DuckDB query: variant CTEs applied, macros expanded, parameters cast."""
    _apply_overrides(tree, overrides)
    expander = _Expander()
    tree = _hoist(expander.expand(tree), expander.ctes)
    tree = _flatten_view(tree)
    arrays = {k for k, t in types.items() if t.startswith("array")}
    tree = _cast_params(_spark_functions(tree, arrays), types)
    # DuckDB's (not) materialized hints on a CTE are planning advice Spark's grammar has no place for
    for cte in tree.find_all(exp.CTE):
        cte.set("materialized", None)
    return tree.sql("spark")


@cache
def _translate(name: str, types: tuple[tuple[str, str], ...]) -> str:
    tree = sqlglot.parse_one(_strip_comments(sql_text(name)), read="duckdb")
    return translate_tree(tree, _cte_overrides(name), dict(types))


def to_spark(name: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A query file (by its stem or path, as queries.sql_text takes it) as Spark SQL with its named arguments."""
    # the data's end (scope.spark.sql data_end): the engine gives it; a translation without it has an open end
    args = spark_args({"data_end": None, **params})
    types = tuple(sorted((k, t) for k, (_, t) in args.items()))
    sql = _translate(name, types)
    used = set(re.findall(r":([a-z_][a-z0-9_]*)", sql))
    return sql, {k: v for k, (v, _) in args.items() if k in used}


def create_statements(name: str, params: dict[str, Any] | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(view name, Spark query, its named arguments) for each `create ... view|table X as select` of a schema file, in
    order; the file's $parameters bound from params, as on DuckDB."""
    args = spark_args(params or {})
    types = {k: t for k, (_, t) in args.items()}
    out: list[tuple[str, str, dict[str, Any]]] = []
    for statement in _statements(sql_text(name)):
        tree = sqlglot.parse_one(statement, read="duckdb")
        if isinstance(tree, exp.Create) and tree.args.get("expression") is not None:
            sql = translate_tree(tree.expression, [], types)
            used = set(re.findall(r":([a-z_][a-z0-9_]*)", sql))
            out.append((tree.this.name, sql, {k: v for k, (v, _) in args.items() if k in used}))
    return out


def derivation_sql(lead_rows: str) -> str:
    """Spark SQL for lead_derivation over the table (or view) `lead_rows`: base columns plus stage columns."""
    call = exp.Anonymous(
        this="lead_derivation", expressions=[exp.Literal.string(lead_rows), exp.Literal.string("deals")]
    )
    return translate_tree(exp.select("*").from_(exp.Table(this=call)), [], {})
