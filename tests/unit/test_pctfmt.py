"""Percentages written by the funnel chart, the cohort heatmap, its CSV, the lift chart and the CLI table round
halves away from zero as fmt_pct and the tiles do: 9 of 16 is 56.25 %, shown 56.3 % (Python's and pandas' rounding
wrote 56.2 % beside a tile saying 56.3 %)."""

import io
from types import SimpleNamespace

import pandas as pd

from dashboard import charts, cli, metrics
from dashboard.filters import Filters


def test_funnel_bar_label_rounds_half_away():
    # 9 MQLs of 16 leads: 56.25 % of previous; 9 of 16 leads also of the first stage
    row = SimpleNamespace(count_leads=9, pct_of_previous=9 / 16, pct_of_first=9 / 16, stage="mql")
    assert charts.funnel_line(row) == "<b>9</b> · 56.3% of previous · 56.3% of leads"


def _cohorts() -> pd.DataFrame:
    # one cohort of 16 leads: 9 MQLs (56.25 %), 3 SQLs (18.75 %), 1 opportunity (6.25 %), no customer
    return pd.DataFrame(
        {
            "cohort_month": pd.to_datetime(["2025-01-01"]),
            "is_incomplete": [False],
            "count_leads": [16],
            "count_mqls": [9],
            "count_sqls": [3],
            "count_opportunities": [1],
            "count_customers": [0],
            "pct_mql": [9 / 16],
            "pct_sql": [3 / 16],
            "pct_opportunity": [1 / 16],
            "pct_customer": [0.0],
        }
    )


def test_cohort_heatmap_text_rounds_half_away():
    text = charts.cohort_heatmap(_cohorts()).data[0].text
    assert list(text[0]) == ["56.3% (9)", "18.8% (3)", "6.3% (1)", "0.0% (0)"]


def test_cohorts_csv_rounds_half_away():
    table = pd.read_csv(io.BytesIO(metrics.cohorts_csv(_cohorts(), Filters())))
    pct = [c for c in table.columns if c.startswith("% ")]
    assert table.loc[0, pct].tolist() == [56.3, 18.8, 6.3, 0.0]


def test_lift_average_line_rounds_half_away():
    df = pd.DataFrame(
        {
            "value": ["a"],
            "rate_customer": [0.5],
            "low_customer": [0.4],
            "high_customer": [0.6],
            "lead": [2],
            "lift_customer": [1.0],
        }
    )
    fig = charts.lift(df, 9 / 16, "Customer")
    assert [a.text for a in fig.layout.annotations if a.text.startswith("average")] == ["average 56.3%"]


def test_cli_funnel_table_rounds_half_away(capsys):
    doc = {
        "count_by": "lead",
        "funnel": [
            {"stage": "lead", "count": 16, "pct_of_previous": None, "pct_of_first": None, "still_in_window": 0},
            {"stage": "mql", "count": 9, "pct_of_previous": 9 / 16, "pct_of_first": 9 / 16, "still_in_window": 0},
        ],
    }
    cli._print_funnel(doc)
    mql = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("mql"))
    assert mql.split()[2:4] == ["56.3%", "56.3%"]
