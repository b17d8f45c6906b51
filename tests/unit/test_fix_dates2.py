"""Date spellings a new-user trial found refused with advice that could not work: Snapchat's day ending at the next
midnight, invisible bidi marks around dates, month names and long dates of other languages, 12-hour markers of other
languages, and Taiwan's ROC years and Hijri dates (refused with the right advice)."""

from __future__ import annotations

import duckdb
import pytest
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


def leads(tmp_path, capsys, created: list[str], first_contact: list[str] | None = None) -> tuple[int, str, str]:
    """Import leads L1, L2, … created at `created` (and first contacted at `first_contact`), canonical columns."""
    contact = first_contact or [""] * len(created)
    head = "lead_id,created_at,first_contact_at,source\n"
    lines = [f'L{i},"{c}","{f}",web' for i, (c, f) in enumerate(zip(created, contact, strict=True), start=1)]
    return run(tmp_path, capsys, "leads", write(tmp_path, "l.csv", head + "\n".join(lines)), "--preset", "canonical")


def created(tmp_path, column: str = "created_at") -> list[str | None]:
    return [r[0] for r in rows(tmp_path, f"select {column}::varchar from leads order by lead_id")]


@pytest.mark.parametrize(
    ("written", "expected", "said"),
    [
        # by hand: year 2025, month 3, day 31; 1 April; the time as written
        (["2025年3月31日", "2025年4月1日 14:05"], ["2025-03-31 00:00:00", "2025-04-01 14:05:00"], "long dates"),
        (["2025년 3월 31일", "2025년 4월 1일"], ["2025-03-31 00:00:00", "2025-04-01 00:00:00"], "long dates"),
        (["31 Mart 2025", "1 Nisan 2025"], ["2025-03-31 00:00:00", "2025-04-01 00:00:00"], "in Turkish"),
        (["31 Μαρ 2025", "1 Απρ 2025"], ["2025-03-31 00:00:00", "2025-04-01 00:00:00"], "in Greek"),
        (["15 mars 2024", "15 févr. 2024 9:05"], ["2024-03-15 00:00:00", "2024-02-15 09:05:00"], "in French"),
        (["5. März 2024", "5. Mär. 2024"], ["2024-03-05 00:00:00", "2024-03-05 00:00:00"], "in German"),
        (["3 de abril de 2024", "3 ene 2024"], ["2024-04-03 00:00:00", "2024-01-03 00:00:00"], "in Spanish"),
        (["3 de abril de 2024", "3 abr 2024"], ["2024-04-03 00:00:00"] * 2, "in Spanish or Portuguese"),
        (["3 aprile 2024", "3 gen 2024"], ["2024-04-03 00:00:00", "2024-01-03 00:00:00"], "in Italian"),
        (["3 april 2024", "3 mrt 2024"], ["2024-04-03 00:00:00", "2024-03-03 00:00:00"], "in Dutch"),
    ],
)
def test_long_dates_and_month_names_of_other_languages_are_read(tmp_path, capsys, written, expected, said):
    # was: every row skipped as an unparseable date, with a strptime format to state that reads none of them
    code, out, err = leads(tmp_path, capsys, written)
    assert code == 0, err
    assert created(tmp_path) == expected
    assert said in out


def test_month_names_of_two_languages_are_refused_not_guessed(tmp_path, capsys):
    # 'mars' is only French, 'nisan' only Turkish: no one language reads the column
    code, _, err = leads(tmp_path, capsys, ["3 mars 2024", "3 Nisan 2024"])
    assert code != 0
    assert "give month names that are not all one language's ('mars' (French); 'nisan' (Turkish))" in err


@pytest.mark.parametrize(
    ("morning", "evening", "next_night"),
    [
        # 11:00 in the morning, 11:50 in the evening, 12:20 in the morning of 1 April, as each language writes them
        ("31/03/2025 11:00 ص", "31/03/2025 11:50 م", "01/04/2025 12:20 ص"),
        ("31/3/2025 11:00 π.μ.", "31/3/2025 11:50 μ.μ.", "1/4/2025 12:20 π.μ."),
        ("2025/3/31 上午 11:00", "2025/3/31 下午 11:50", "2025/4/1 上午 12:20"),
        ("2025-03-31 오전 11:00", "2025-03-31 오후 11:50", "2025-04-01 오전 12:20"),
        ("31.03.2025 ÖÖ 11:00", "31.03.2025 ÖS 11:50", "01.04.2025 ÖÖ 12:20"),
        ('31/03/2025 11:00 לפנה""צ', '31/03/2025 11:50 אחה""צ', '01/04/2025 12:20 לפנה""צ'),
    ],
)
def test_twelve_hour_markers_of_other_languages_are_read(tmp_path, capsys, morning, evening, next_night):
    # by hand: 11:00; 11:50 + 12 = 23:50; 12:20 in the morning = 00:20. Was: refused, no format read them
    code, out, err = leads(tmp_path, capsys, [morning, evening], [evening, next_night])
    assert code == 0, err
    assert created(tmp_path) == ["2025-03-31 11:00:00", "2025-03-31 23:50:00"]
    assert created(tmp_path, "first_contact_at") == ["2025-03-31 23:50:00", "2025-04-01 00:20:00"]
    assert "12-hour times written with" in out


@pytest.mark.parametrize(
    ("written", "year", "calendar"),
    [
        # Taiwan: 114 + 1911 = 2025; Hijri 1446 written year first and year last
        (["114/03/31", "114/04/01"], "114", "Taiwan's ROC (Minguo) calendar"),
        (["1446/10/01", "1446/10/03"], "1446", "the Hijri (Islamic) calendar"),
        (["01/10/1446", "03/10/1446"], "1446", "the Hijri (Islamic) calendar"),
    ],
)
def test_roc_and_hijri_years_are_refused_with_the_calendar_named(tmp_path, capsys, written, year, calendar):
    # was: ROC skipped as unparseable with a strptime format to state; Hijri 01/10/1446 given day-first/month-first
    code, _, err = leads(tmp_path, capsys, written)
    assert code != 0
    assert f"2 dates such as {written[0]!r} have the year {year}, a year below 1900" in err
    assert calendar in err
    assert "export the file with Gregorian dates (YYYY-MM-DD)" in err
    assert "day-first or month-first" not in err


def test_unread_dates_in_another_script_get_no_strptime_advice(tmp_path, capsys):
    # both rows unread (a marker no reader knows): no format can be stated for them
    code, _, err = leads(tmp_path, capsys, ["2025/3/31 中午 11:00", "2025/4/1 中午 11:00"])
    assert code != 0
    assert "none can be stated: strptime reads month names and AM/PM in English only" in err
    assert "state date_format as the strptime format" not in err
