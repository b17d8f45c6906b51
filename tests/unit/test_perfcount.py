"""The funnel's counts (funnel.sql) and the funnel by a dimension (breakdown.sql) with count_if instead of count(*)
filter (where …): DuckDB 2.0 evaluates each filter clause apart, a third more CPU at 10 M leads. The same counts: by
hand on four leads (an empty view too, where count_if over no rows is null and the funnel must read zeros), and for
random data and views against the counts worked out in Python from funnel_hits' rows.

| lead | created    | source | persona | lifecycle | MQL        | SQL        | deal                                |
|------|------------|--------|---------|-----------|------------|------------|-------------------------------------|
| A1   | 2025-01-05 | a      | p       | mql       | 2025-01-06 |            |                                     |
| A2   | 2025-01-10 | a      | q       |           |            |            |                                     |
| B1   | 2025-02-01 | b      | p       | sql       | 2025-02-02 | 2025-02-03 | D1 created 2025-02-10, won 02-20    |
| Z1   | 2025-09-01 | b      | p       | mql       | 2025-09-02 |            |                                     |

Z1 is the data's last lead: still inside the conversion window on its way to SQL (in progress there).
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pandas as pd
from fixture_data import load
from hypothesis import given
from test_perffric import any_views  # views of either mode, unit and window
from test_properties import PROPS, datasets, mem, views  # noqa: F401 (mem is a fixture)
from test_step_rates_rollup import DEALS, LEADS  # the same four leads and deal, counted by step there

from dashboard import config, metrics, overview, queries, sla
from dashboard.filters import Filters

STAGES = list(config.STAGES)
COUNTS = ["count_leads", "count_dropped", "count_in_progress"]


def _breakdown_params(view: Filters, dimension: str = "source", top_n: int = 100) -> dict:
    extra = {"dimension": dimension, "top_n": top_n, "other_label": config.OTHER_LABEL}
    return {**view.to_params(), **extra, "none_label": config.NONE_LABEL}


def _funnel(con, view: Filters) -> dict[str, list[int]]:
    df = queries.run(con, "funnel", view.to_params())
    assert all(str(df[c].dtype) == "int64" for c in COUNTS)  # never a null (NaN) or a hugeint
    return {stage: [int(x) for x in rest] for stage, *rest in df[["stage", *COUNTS]].itertuples(index=False)}


def _breakdown(con, view: Filters, dimension: str = "source") -> dict[str, list[int]]:
    df = queries.run(con, "breakdown", _breakdown_params(view, dimension))
    assert df["count_leads"].notna().all()
    return {
        value: [int(n) for n in part.set_index("stage").loc[STAGES, "count_leads"]]
        for value, part in df.groupby("value")
    }


def test_funnel_and_breakdown_by_hand(mem):  # noqa: F811
    load(mem, LEADS, DEALS)
    # cohort, all dates: 4 leads; MQL A1 B1 Z1; SQL, opportunity, customer B1. dropped at MQL: A2; at SQL: A1 (Z1 is
    # still inside the window, in progress)
    assert _funnel(mem, Filters()) == {
        "lead": [4, 0, 0],
        "mql": [3, 1, 0],
        "sql": [1, 1, 1],
        "opportunity": [1, 0, 0],
        "customer": [1, 0, 0],
    }
    assert _breakdown(mem, Filters()) == {"a": [2, 1, 0, 0, 0], "b": [2, 2, 1, 1, 1]}
    assert _breakdown(mem, Filters(), "persona") == {"p": [3, 3, 1, 1, 1], "q": [1, 0, 0, 0, 0]}
    # a view of no lead: count_if over no rows is null, not 0; the funnel still reads zeros, the breakdown no value
    empty = Filters(date_from=date(2030, 1, 1), date_to=date(2030, 3, 31))
    assert _funnel(mem, empty) == {stage: [0, 0, 0] for stage in STAGES}
    assert _breakdown(mem, empty) == {}


def test_the_funnel_and_breakdown_run_no_filter_clause(mem):  # noqa: F811
    # the plan DuckDB runs: a filter clause shows as "FILTER (WHERE …)" on its aggregates (main's funnel.sql: nine,
    # breakdown.sql: six)
    load(mem, LEADS, DEALS)
    for view in (Filters(), Filters(mode="activity"), Filters(in_order=True), Filters(count_by="account")):
        for name, params in (("funnel", view.to_params()), ("breakdown", _breakdown_params(view))):
            sql = queries.sql_text(name)
            plan = "\n".join(row[1] for row in mem.execute("explain " + sql, queries._bind(sql, params)).fetchall())
            assert "count_if" in plan, name
            assert "FILTER" not in plan, name


def test_the_other_counting_pages_run_no_filter_clause(mem, monkeypatch):  # noqa: F811
    # the same rewrite in time_to_convert.sql, sla_overview.sql, sla_by_group.sql and period_outcomes.sql (main's: 20,
    # 15, 10 and 9 count(*) filter clauses): each query's plan on the parameters its page function binds, counted with
    # count_if and no filter clause on a count (a quantile or a sum may keep one)
    load(mem, LEADS, DEALS)
    names = ("time_to_convert", "sla_overview", "sla_by_group", "period_outcomes")
    bound: dict[str, dict] = {}
    bind = queries._bind

    def recording(sql: str, params: dict) -> dict:
        for name in names:
            if sql == queries.sql_text(name):
                bound[name] = params
        return bind(sql, params)

    monkeypatch.setattr(queries, "_bind", recording)
    view = Filters()
    metrics.time_to_convert_records(mem, view)
    sla.overview(mem, view, sla.SlaSettings())
    sla.by_group(mem, view, sla.SlaSettings(), "owner")
    overview.landing(mem, overview.executive_view(view), "2025-02")
    monkeypatch.undo()
    assert sorted(bound) == sorted(names)
    for name in names:
        sql = queries.sql_text(name)
        plan = "\n".join(row[1] for row in mem.execute("explain " + sql, queries._bind(sql, bound[name])).fetchall())
        assert "count_if" in plan, name
        assert "count_star() FILTER" not in plan and "count() FILTER" not in plan, name


def _hits(con, view: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """funnel_hits' rows of the view and, under SQL's three-valued logic (a null test is not true), each stage's hit
    and each step's still-in-progress test as 0/1."""
    rows = con.execute(
        "select source, persona, hit_lead, hit_mql, hit_sql, hit_opportunity, hit_customer, is_in_progress"
        " from funnel_hits($view)",
        {"view": view.to_params()["view"]},
    ).df()

    def true(column: str) -> pd.Series:
        return rows[column] == True  # noqa: E712 (null is not true)

    def false(column: str) -> pd.Series:
        return rows[column] == False  # noqa: E712

    flags = {stage: true(f"hit_{stage}") for stage in STAGES}
    for a, b in pairwise(STAGES):
        flags[f"young_{b}"] = true(f"hit_{a}") & false(f"hit_{b}") & true("is_in_progress")
    flags["any"] = pd.concat([true(f"hit_{stage}") for stage in STAGES], axis=1).any(axis=1)
    return rows, pd.DataFrame(flags, index=rows.index).astype(int)


@PROPS
@given(data=datasets(), view=any_views())
def test_the_funnel_and_breakdown_are_funnel_hits_counted(mem, data, view):  # noqa: F811
    load(mem, *data)
    rows, flags = _hits(mem, view)
    got = _funnel(mem, view)
    assert [got[stage][0] for stage in STAGES] == [int(flags[stage].sum()) for stage in STAGES]
    assert [got[stage][2] for stage in STAGES[1:]] == [int(flags[f"young_{stage}"].sum()) for stage in STAGES[1:]]
    # a value has a row when some lead of it hit a stage (the ranking's weight), its counts per stage as above
    for dimension in ("source", "persona"):
        values = rows[dimension].fillna(config.NONE_LABEL)
        counted = flags.groupby(values).sum()
        counted = counted[counted["any"] > 0]
        expected = {str(v): [int(counted.loc[v, s]) for s in STAGES] for v in counted.index}
        assert _breakdown(mem, view, dimension) == expected
