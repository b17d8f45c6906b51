"""The friction page's step counts (step_rates.sql) with count_if instead of count(*) filter (where …): DuckDB 2.0
evaluates a filter clause apart on every row of each of the six grouping sets, twice the CPU at 10 M leads. The same
counts: by hand on four leads in activity mode (where every value of the view has a row, zeros included), and for
random data and views against the counts worked out in Python from funnel_hits' rows.

| lead | created    | source | persona | lifecycle | MQL        | SQL        | deal                                |
|------|------------|--------|---------|-----------|------------|------------|-------------------------------------|
| A1   | 2025-01-05 | a      | p       | mql       | 2025-01-06 |            |                                     |
| A2   | 2025-01-10 | a      | q       |           |            |            |                                     |
| B1   | 2025-02-01 | b      | p       | sql       | 2025-02-02 | 2025-02-03 | D1 created 2025-02-10, won 02-20    |
| Z1   | 2025-09-01 | b      | p       | mql       | 2025-09-02 |            |                                     |
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, datasets, mem, views  # noqa: F401 (mem is a fixture)

from dashboard import config, friction, queries
from dashboard.filters import Filters

T = datetime
LEADS = [
    ("A1", T(2025, 1, 5), "a", "p", "SMB", "o", "mql", T(2025, 1, 6), None, None),
    ("A2", T(2025, 1, 10), "a", "q", "SMB", "o", None, None, None, None),
    ("B1", T(2025, 2, 1), "b", "p", "SMB", "o", "sql", T(2025, 2, 2), T(2025, 2, 3), None),
    ("Z1", T(2025, 9, 1), "b", "p", "SMB", "o", "mql", T(2025, 9, 2), None, None),
]
DEALS = [("D1", "B1", "o", T(2025, 2, 10), "won", T(2025, 2, 20), 100.0, None)]
STAGES = list(config.STAGES)
OPEN = ["open_mql", "open_sql", "open_opportunity", "open_customer"]


def _params(view: Filters) -> dict:
    return {**view.to_params(), "none_label": config.NONE_LABEL}


def _counts(con, view: Filters) -> dict[tuple[str, str], list[int]]:
    df = queries.run(con, "step_rates", _params(view))
    return {
        (d, v): [int(x) for x in rest]
        for d, v, *rest in df[["dimension", "value", *STAGES, *OPEN]].itertuples(index=False)
    }


def test_activity_step_counts_by_hand(mem):  # noqa: F811
    load(mem, LEADS, DEALS)
    # January and February: created A1, A2, B1; MQL A1 (01-06), B1 (02-02); SQL B1 (02-03); opportunity B1 (D1, 02-10);
    # customer B1 (02-20). activity mode leaves no entry open; Z1 is of the view (every lead is, in activity mode)
    # with no entry in the dates
    view = Filters(date_from=date(2025, 1, 1), date_to=date(2025, 2, 28), mode="activity")
    whole, none = [3, 2, 1, 1, 1, 0, 0, 0, 0], [0] * 9
    assert _counts(mem, view) == {
        ("all", "all"): whole,
        ("industry", "(none)"): whole,
        ("owner", "o"): whole,
        ("persona", "p"): [2, 2, 1, 1, 1, 0, 0, 0, 0],  # A1, B1
        ("persona", "q"): [1, 0, 0, 0, 0, 0, 0, 0, 0],  # A2
        ("region", "(none)"): whole,
        ("segment", "SMB"): whole,
        ("source", "a"): [2, 1, 0, 0, 0, 0, 0, 0, 0],  # A1 (MQL), A2
        ("source", "b"): [1, 1, 1, 1, 1, 0, 0, 0, 0],  # B1 won
    }
    # March and April: no entry at all; every value keeps its row of zeros (count_if is null over no true test only
    # when every test is null: the counts are coalesced all the same), none is missing
    quiet = Filters(date_from=date(2025, 3, 1), date_to=date(2025, 4, 30), mode="activity")
    assert _counts(mem, quiet) == dict.fromkeys(_counts(mem, view), none)


def test_the_step_counts_run_no_filter_clause(mem):  # noqa: F811
    # the plan DuckDB runs: a filter clause shows as "FILTER (WHERE …)" on its aggregates (main's step_rates.sql: nine)
    load(mem, LEADS, DEALS)
    sql = queries.sql_text("step_rates")
    for view in (Filters(), Filters(mode="activity"), Filters(in_order=True), Filters(count_by="account")):
        plan = "\n".join(row[1] for row in mem.execute("explain " + sql, queries._bind(sql, _params(view))).fetchall())
        assert "count_if" in plan
        assert "FILTER" not in plan


def _expected(con, view: Filters) -> pd.DataFrame:
    """step_rates' rows worked out in Python from funnel_hits' rows under SQL's three-valued logic: a count takes the
    rows whose test is true (a null test is not)."""
    rows = con.execute(
        "select source, persona, segment, industry, region, owner, hit_lead, hit_mql, hit_sql, hit_opportunity,"
        " hit_customer, is_in_progress, is_young from funnel_hits($view)",
        {"view": view.to_params()["view"]},
    ).df()
    rows = rows[(view.mode == "activity") | (rows["is_young"] == False)]  # noqa: E712 (null is not false)

    def true(column: str) -> pd.Series:
        return rows[column] == True  # noqa: E712 (null is not true)

    def false(column: str) -> pd.Series:
        return rows[column] == False  # noqa: E712

    tests = {stage: true(f"hit_{stage}") for stage in STAGES}
    for a, b in friction.STEPS:
        tests[f"open_{b}"] = true(f"hit_{a}") & false(f"hit_{b}") & true("is_in_progress")
    flags = pd.DataFrame(tests).astype(int)
    parts = []
    for dimension in ("industry", "owner", "persona", "region", "segment", "source"):
        values = rows[dimension].fillna(config.NONE_LABEL).rename("value")
        counted = flags.groupby(values).sum().reset_index()
        parts.append(counted.assign(dimension=dimension))
    per_value = pd.concat(parts, ignore_index=True)
    whole = per_value[per_value["dimension"] == "source"][[*STAGES, *OPEN]].sum()
    table = pd.concat([per_value, pd.DataFrame([{"dimension": "all", "value": "all", **whole}])], ignore_index=True)
    return table[["dimension", "value", *STAGES, *OPEN]].sort_values(["dimension", "value"], ignore_index=True)


@st.composite
def any_views(draw):
    base = draw(views())
    return Filters(
        date_from=base.date_from,
        date_to=base.date_to,
        in_order=base.in_order,
        mode=draw(st.sampled_from(["cohort", "activity"])),
        window_days=draw(st.sampled_from([0, 30, config.CONVERSION_WINDOW_DAYS])),
        count_by=draw(st.sampled_from(["lead", "account"])),
    )


@PROPS
@given(data=datasets(), view=any_views())
def test_the_step_counts_are_funnel_hits_counted(mem, data, view):  # noqa: F811
    load(mem, *data)
    got = queries.run(mem, "step_rates", _params(view))
    expected = _expected(mem, view)
    assert got[["dimension", "value"]].astype(str).values.tolist() == expected[["dimension", "value"]].values.tolist()
    assert (got[[*STAGES, *OPEN]].to_numpy() == expected[[*STAGES, *OPEN]].to_numpy()).all()
    assert all(str(dtype) == "int64" for dtype in got[[*STAGES, *OPEN]].dtypes)
