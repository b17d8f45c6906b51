"""Date spellings a new-user trial found refused with advice that could not work: Snapchat's day ending at the next
midnight, invisible bidi marks around dates, month names and long dates of other languages, 12-hour markers of other
languages, and Taiwan's ROC years and Hijri dates (refused with the right advice)."""

from __future__ import annotations

import duckdb
from test_review17_fixes import write

from dashboard.cli import main

SNAPCHAT = """[spend.columns]
month = "Start time"
campaign = "Campaign Name"
amount = "Amount Spent"
[spend.constants]
source = "snapchat_ads"
"""


def run(tmp_path, capsys, kind: str, path, *args: str) -> tuple[int, str, str]:
    """Import one file into tmp_path/x.duckdb: (exit code, what it printed, what it said on stderr)."""
    code = main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", kind, *args, str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def rows(tmp_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapchat(tmp_path, capsys, ends: tuple[str, str, str]) -> tuple[int, str, str]:
    """Snapchat's daily rows starting 30 March, 31 March and 1 April at midnight, ending at `ends`."""
    starts = ("2025-03-30 00:00:00", "2025-03-31 00:00:00", "2025-04-01 00:00:00")
    amounts = ("45.67", "54.33", "60.00")
    lines = [f"{s},{e},Gen Z Launch,{a},USD" for s, e, a in zip(starts, ends, amounts, strict=True)]
    path = write(tmp_path, "snap.csv", "Start time,End time,Campaign Name,Amount Spent,Currency\n" + "\n".join(lines))
    return run(tmp_path, capsys, "spend", path, "--mapping", str(write(tmp_path, "snap.toml", SNAPCHAT)))


def by_month(tmp_path) -> list[tuple]:
    return [
        (str(m), round(a, 2)) for m, a in rows(tmp_path, "select month, sum(amount) from spend group by 1 order by 1")
    ]


def test_snapchat_day_ending_at_the_next_midnight_is_that_day(tmp_path, capsys):
    # by hand: March 45.67 + 54.33 = 100.00, April 60.00. Was: refused, row 2 running from March into April
    code, out, err = snapchat(tmp_path, capsys, ("2025-03-31 00:00:00", "2025-04-01 00:00:00", "2025-04-02 00:00:00"))
    assert code == 0, err
    assert by_month(tmp_path) == [("2025-03-01", 100.0), ("2025-04-01", 60.0)]
    assert "column End time: read as the day before when at midnight exactly (3 rows" in out


def test_snapchat_day_ending_at_2359_is_its_own_day(tmp_path, capsys):
    # by hand: as above, and no end is at midnight, so nothing is said of it
    code, out, err = snapchat(tmp_path, capsys, ("2025-03-30 23:59:59", "2025-03-31 23:59:59", "2025-04-01 23:59:59"))
    assert code == 0, err
    assert by_month(tmp_path) == [("2025-03-01", 100.0), ("2025-04-01", 60.0)]
    assert "midnight" not in out


def test_two_days_ending_at_midnight_across_a_month_are_still_refused(tmp_path, capsys):
    # by hand: row 2 runs from 31 March to 2 April 00:00, its last day 1 April: March and April
    code, _, err = snapchat(tmp_path, capsys, ("2025-03-31 00:00:00", "2025-04-02 00:00:00", "2025-04-02 00:00:00"))
    assert code != 0
    assert "1 row run from one month into another" in err


def test_direction_marks_around_dates_and_amounts_are_removed_and_said(tmp_path, capsys):
    # Hebrew Excel: U+200F before a date, U+200E after one, U+200F and U+2067..U+2069 around an amount.
    # by hand: D1 created 15 March, closed 10 April, 12,500.50; D2 created 22 March, open, 3,400.00 (2 won/open rows)
    text = (
        "deal_id,created_at,status,amount,closed_at\n"
        'D1,\u200f15/03/2025,won,"\u200f12,500.50",10/04/2025\u200e\n'
        'D2,\u200f22/03/2025,open,"\u20673,400.00\u2069",\n'
    )
    code, out, err = run(tmp_path, capsys, "deals", write(tmp_path, "he.csv", text), "--preset", "canonical")
    assert code == 0, err
    found = rows(tmp_path, "select deal_id, created_at::date::varchar, closed_at::date::varchar, amount from deals")
    assert sorted(found) == [("D1", "2025-03-15", "2025-04-10", 12500.5), ("D2", "2025-03-22", None, 3400.0)]
    assert "column created_at: read as D/M/YYYY (2), day first" in out
    assert "invisible direction marks (U+200E, U+200F and the like) removed from 2 cells" in out
    assert "invisible direction marks (U+200E, U+200F and the like) removed from 1 cell" in out
