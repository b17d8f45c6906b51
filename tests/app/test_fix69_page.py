"""Trial 69 on the landing page (tests/trial69_fixture.py, counted by hand): the planner of a month or quarter the
data ends inside plans from its whole loaded target and says so, and a month's share of a need is rounded up."""

from __future__ import annotations

from trial69_fixture import fill


def planner(at):
    table = next(df.value for df in at.dataframe if any("Needed in" in str(c) for c in df.value.columns))
    return table.set_index(table.columns[0])


def test_the_planner_of_a_partial_month_plans_its_whole_target(app_over):
    at = app_over(fill, period="2026-11").run()
    assert not at.exception
    target = next(n for n in at.number_input if n.label == "Revenue target")
    # November's $60,000 loaded, not the tiles' $30,000 for 15 of its 30 days
    assert target.value == 60000
    captions = [c.value for c in at.caption]
    assert "$60,000 to win in Nov 2026: the whole month, though the data ends on 15 Nov" in captions
    assert any("Revenue target: the one loaded for the whole of Nov 2026, $60k" in c for c in captions)
    table = planner(at)
    # 6 wins at $10,000; 12 opportunities at 50%; 12 SQLs at 100%; 24 MQLs at 50%; 24 leads at 100%
    assert table["Needed in Nov 2026"].tolist() == [24, 24, 12, 12, 6]
    assert table["Per working day (21)"].round(4).tolist() == [1.1429, 1.1429, 0.5714, 0.5714, 0.2857]


def test_the_planner_of_a_partial_quarter_plans_its_whole_target(app_over):
    at = app_over(fill, period="2026-Q4").run()
    assert not at.exception
    target = next(n for n in at.number_input if n.label == "Revenue target")
    # Oct $30,000 + Nov $60,000 + Dec $30,000, not the tiles' $60,000 (Oct whole, 15/30 of Nov, none of Dec)
    assert target.value == 120000
    table = planner(at)
    assert table["Needed in Q4 2026"].tolist() == [48, 48, 24, 24, 12]
    assert table["Per month"].tolist() == [16, 16, 8, 8, 4]
