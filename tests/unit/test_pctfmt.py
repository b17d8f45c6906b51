"""Percentages written by the funnel chart, the cohort heatmap, its CSV, the lift chart and the CLI table round
halves away from zero as fmt_pct and the tiles do: 9 of 16 is 56.25 %, shown 56.3 % (Python's and pandas' rounding
wrote 56.2 % beside a tile saying 56.3 %)."""

import io
from types import SimpleNamespace

import pandas as pd

from dashboard import charts, cli, metrics
from dashboard.filters import Filters
from dashboard.formatting import pct_number


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


def test_cohorts_csv_rounds_the_written_decimal():
    # 23 of 80 is 28.75 %: the heatmap writes 28.8 %; 0.2875 * 100 is 28.749999999999996, which rounded 28.7
    cohorts = _cohorts().assign(
        count_leads=[80], count_mqls=[23], count_sqls=[41], count_opportunities=[51], count_customers=[0]
    )
    cohorts = cohorts.assign(pct_mql=[23 / 80], pct_sql=[41 / 80], pct_opportunity=[51 / 80])
    table = pd.read_csv(io.BytesIO(metrics.cohorts_csv(cohorts, Filters())))
    pct = [c for c in table.columns if c.startswith("% ")]
    assert table.loc[0, pct].tolist() == [28.8, 51.3, 63.8, 0.0]
    assert list(charts.cohort_heatmap(cohorts).data[0].text[0][:3]) == ["28.8% (23)", "51.3% (41)", "63.8% (51)"]


def test_pct_number_is_fmt_pct_as_a_number():
    assert [pct_number(v) for v in (23 / 80, 9 / 16, 0.145, 0.0, 1.0)] == [28.8, 56.3, 14.5, 0.0, 100.0]
