"""Spend is kept per month: a row whose days are in two months is refused, and a row's day is the day its file wrote.

Each case is a way spend went into the wrong month without a word; the numbers are counted by hand.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dashboard import clock
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spend_mapping(tmp_path, columns, constants='source = "paid_search"'):
    """A spend mapping of `columns` (canonical = file column), with the file's source as a constant."""
    lines = "\n".join(f'{target} = "{name}"' for target, name in columns.items())
    text = f"[spend.columns]\n{lines}\n" + (f"[spend.constants]\n{constants}\n" if constants else "")
    return load_mapping(write(tmp_path, "m.toml", text))["spend"]


def by_month(con):
    return con.execute("select month::varchar, sum(amount) from spend group by 1 order by 1").fetchall()


def imported(con, tmp_path, name, text, columns, constants='source = "paid_search"'):
    report = import_files(
        con, "spend", [write(tmp_path, name, text)], mapping=spend_mapping(tmp_path, columns, constants)
    )
    return report, by_month(con)


# --- 1. weeks no column name calls weeks --------------------------------------------------------------------------

BING_WEEKLY = (
    '"Report Name: Weekly campaign spend"\n'
    '"Report Time: 10/26/2026,11/22/2026"\n'
    '"Report Aggregation: Weekly (Starting Monday)"\n'
    '"Rows: 4"\n'
    "\n"
    '"TimePeriod","CampaignName","Spend"\n'
    '"10/26/2026","Brand - US","700.00"\n'
    '"11/2/2026","Brand - US","700.00"\n'
    '"11/9/2026","Brand - US","700.00"\n'
    '"11/30/2026","Brand - US","700.00"\n'
)
BING_COLUMNS = {"month": "TimePeriod", "campaign": "CampaignName", "amount": "Spend"}


def test_a_weekly_microsoft_ads_report_is_read_as_weeks(empty_con, tmp_path):
    # the week of 26 October holds 6 October days and 1 November day, the one of 30 November 1 November day and 6
    # December days: as days, October 700, November 2,100 and December 0 (right: 600, 1,600 and 600). Refused,
    # naming both weeks, as a column headed "Week" is
    with pytest.raises(ImportRefused) as refused:
        imported(empty_con, tmp_path, "bing.csv", BING_WEEKLY, BING_COLUMNS)
    message = str(refused.value)
    assert message.startswith(
        "bing.csv: 2 rows run from one month into another ('TimePeriod' dates a week, as the report's title says: "
        "'Report Aggregation: Weekly (Starting Monday)'; the weeks from 2026-10-26 to 2026-11-01 and from "
        "2026-11-30 to 2026-12-06 cross a month's end)"
    )
    assert by_month(empty_con) == []
    # the same report's weeks inside November: 3 × 700 in November
    inside = BING_WEEKLY.replace('"10/26/2026"', '"11/16/2026"').replace('"11/30/2026"', '"11/23/2026"')
    assert imported(empty_con, tmp_path, "bing.csv", inside, BING_COLUMNS)[1] == [("2026-11-01", 2800.0)]


def test_dates_that_are_one_weekday_a_week_apart_are_weeks(empty_con, tmp_path):
    # no title, a column named "Date": every date a Monday, a week apart (one week without spend missing); the week
    # of 28 December holds 4 December and 3 January days
    text = "Date,Cost\n2026-12-14,100\n2026-12-21,100\n2026-12-28,100\n2027-01-11,100\n"
    with pytest.raises(
        ImportRefused,
        match=r"^w.csv: 1 row run from one month into another \('Date' dates a week: its 4 dates are all Mondays a "
        r"week apart \(2026-12-14, 2026-12-21, 2026-12-28, …\); the week from 2026-12-28 to 2027-01-03 crosses a "
        r"month's end\)",
    ):
        imported(empty_con, tmp_path, "w.csv", text, {"month": "Date", "amount": "Cost"})
    # days are not weeks: two distinct dates, or dates of several weekdays, are read as days, each in its month
    days = "Date,Cost\n2026-12-28,100\n2026-12-29,100\n2026-12-31,100\n2027-01-01,50\n"
    assert imported(empty_con, tmp_path, "d.csv", days, {"month": "Date", "amount": "Cost"})[1] == [
        ("2026-12-01", 300.0),
        ("2027-01-01", 50.0),
    ]
    two = "Date,Cost\n2026-12-28,100\n2027-01-04,100\n"
    assert imported(empty_con, tmp_path, "d.csv", two, {"month": "Date", "amount": "Cost"})[1] == [
        ("2026-12-01", 100.0),
        ("2027-01-01", 100.0),
    ]
    # a report's name with "Weekly" in it says nothing of its rows: these are days
    named = '"Report Name: Weekly spend"\n\nDate,Cost\n2026-10-31,100\n2026-11-01,100\n'
    assert imported(empty_con, tmp_path, "n.csv", named, {"month": "Date", "amount": "Cost"})[1] == [
        ("2026-10-01", 100.0),
        ("2026-11-01", 100.0),
    ]


def test_a_canonical_spend_file_of_weeks_is_judged_too(empty_con, tmp_path):
    text = "month,source,amount\n2026-10-12,web,1\n2026-10-19,web,1\n2026-10-26,web,1\n"
    with pytest.raises(ImportRefused, match=r"the week from 2026-10-26 to 2026-11-01 crosses a month's end"):
        import_files(empty_con, "spend", [write(tmp_path, "s.csv", text)])


# --- 2. day-first dates ------------------------------------------------------------------------------------------


def test_a_day_first_week_across_a_month_end_is_refused(empty_con, tmp_path):
    # 26/10/2026 is 26 October: its week holds 1 November; read month first it was no date, and the week was let
    # through as October's 1,400 (right: 1,200 and 200)
    text = (
        'Week commencing,Channel,Spend\n26/10/2026,Paid Search,"1,400.00"\n02/11/2026,Paid Search,"1,400.00"\n'
        '09/11/2026,Paid Search,"1,400.00"\n30/11/2026,Paid Search,"1,400.00"\n'
    )
    columns = {"month": "Week commencing", "source": "Channel", "amount": "Spend"}
    with pytest.raises(
        ImportRefused,
        match=r"^fw_uk.csv: 2 rows run from one month into another \('Week commencing' dates a week; the weeks from "
        r"2026-10-26 to 2026-11-01 and from 2026-11-30 to 2026-12-06 cross a month's end\)",
    ):
        imported(empty_con, tmp_path, "fw_uk.csv", text, columns, constants="")
    # weeks inside November, day first: 2 × 1,400 in November
    inside = "Week commencing,Channel,Spend\n02/11/2026,Paid Search,1400\n16/11/2026,Paid Search,1400\n"
    assert imported(empty_con, tmp_path, "fw_uk.csv", inside, columns, constants="")[1] == [("2026-11-01", 2800.0)]


PERIODS = {"month": "Period start", "source": "Channel", "campaign": "Supplier", "amount": "Invoice amount"}


def test_a_day_first_period_across_a_month_end_is_refused(empty_con, tmp_path):
    # 15/10/2026 to 14/11/2026: half October's, half November's. Read month first the end was no date, and October
    # and November got 3,000 each with no word (right: about 1,500 October, 3,000 November, 1,500 December)
    text = (
        "Period start,Period end,Channel,Supplier,Invoice amount\n"
        "15/10/2026,14/11/2026,LinkedIn,LinkedIn Ireland,3000.00\n"
        "15/11/2026,14/12/2026,LinkedIn,LinkedIn Ireland,3000.00\n"
        "01/10/2026,31/10/2026,Paid Search,Google Ireland,4000.00\n"
    )
    with pytest.raises(
        ImportRefused,
        match=r"^fpe.csv: 2 rows run from one month into another \('Period start' 2026-10-15 to 'Period end' "
        r"2026-12-14\)",
    ):
        imported(empty_con, tmp_path, "fpe.csv", text, PERIODS, constants="")
    # the end read in the start's order: 10/11/2026 shows no order of its own, and beside 13/10/2026 it is 10
    # November (month first, 11 October, the row stayed in October)
    ambiguous = "Period start,Period end,Channel,Supplier,Invoice amount\n13/10/2026,10/11/2026,LinkedIn,LI,3000\n"
    with pytest.raises(ImportRefused, match=r"1 row run .* \('Period start' 2026-10-13 to 'Period end' 2026-11-10\)"):
        imported(empty_con, tmp_path, "fpe.csv", ambiguous, PERIODS, constants="")
    # periods inside their months, day first, are read: October 4,000 and November 4,500
    monthly = (
        "Period start,Period end,Channel,Supplier,Invoice amount\n01/10/2026,31/10/2026,Paid Search,Google,4000\n"
        "01/11/2026,30/11/2026,Paid Search,Google,4500\n"
    )
    assert imported(empty_con, tmp_path, "fpe.csv", monthly, PERIODS, constants="")[1] == [
        ("2026-10-01", 4000.0),
        ("2026-11-01", 4500.0),
    ]


def test_a_start_and_an_end_written_in_two_orders_are_refused(empty_con, tmp_path):
    # 15/10/2026 is day first, 10/31/2026 month first: one of the two columns is misread
    text = "Period start,Period end,Channel,Supplier,Invoice amount\n15/10/2026,10/31/2026,LinkedIn,LI,3000\n"
    with pytest.raises(
        ImportRefused,
        match=r"column 'Period start' is written day first \(shown by 15/10/2026\) and column 'Period end' month "
        r"first \(shown by 10/31/2026\)",
    ):
        imported(empty_con, tmp_path, "fpe.csv", text, PERIODS, constants="")


# --- 3. end columns -------------------------------------------------------------------------------------------------


def test_an_end_date_beside_the_start_date_is_the_rows_end(empty_con, tmp_path):
    # an invoice from 15 October to 14 November was October's 3,000 with no word
    text = (
        "Channel,Vendor,Start date,End date,Invoice amount\n"
        'Paid Search,Google,2026-10-01,2026-10-31,"4,000.00"\n'
        'Paid Search,Google,2026-11-01,2026-11-30,"4,500.00"\n'
        'LinkedIn,LinkedIn Ireland,2026-10-15,2026-11-14,"3,000.00"\n'
        'LinkedIn,LinkedIn Ireland,2026-11-15,2026-12-14,"3,000.00"\n'
    )
    columns = {"month": "Start date", "source": "Channel", "campaign": "Vendor", "amount": "Invoice amount"}
    with pytest.raises(
        ImportRefused,
        match=r"^fse.csv: 2 rows run from one month into another \('Start date' 2026-10-15 to 'End date' 2026-12-14\)",
    ):
        imported(empty_con, tmp_path, "fse.csv", text, columns, constants="")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("From", "To"),
        ("Start", "End"),
        ("Date start", "Date end"),
        ("date_start", "date_stop"),
        ("Period start", "Period end"),
    ],
)
def test_each_spelling_of_a_period_end_is_read(empty_con, tmp_path, start, end):
    text = f"{start},{end},Campaign,Cost\n2026-10-20,2026-11-02,Brand,500\n"
    with pytest.raises(
        ImportRefused, match=rf"1 row run from one month into another \('{start}' 2026-10-20 to '{end}'"
    ):
        imported(empty_con, tmp_path, "p.csv", text, {"month": start, "campaign": "Campaign", "amount": "Cost"})


def test_a_campaigns_own_end_beside_a_day_is_no_period(empty_con, tmp_path):
    # a daily report with each campaign's flight: the row is its Day's, whatever the campaign's end
    text = "Day,Campaign,Start date,End date,Cost\n2026-10-31,Brand,2026-10-01,2026-12-31,100\n"
    columns = {"month": "Day", "campaign": "Campaign", "amount": "Cost"}
    assert imported(empty_con, tmp_path, "daily.csv", text, columns)[1] == [("2026-10-01", 100.0)]


# --- 4. time zones -----------------------------------------------------------------------------------------------


def test_a_days_spend_stays_on_the_day_its_account_wrote(empty_con, tmp_path):
    # Meta's API writes the account's own midnight: 1 November 00:00 +01:00 is 31 October 23:00 UTC, and moved to
    # UTC November's first day was October's (October 300, November 700, December 0). As written: October 100,
    # November 200 + 300 = 500, December 400
    text = (
        "date_start,campaign_name,spend\n"
        "2026-10-31T00:00:00.000+0100,Prospecting DE,100.00\n"
        "2026-11-01T00:00:00.000+0100,Prospecting DE,200.00\n"
        "2026-11-30T00:00:00.000+0100,Prospecting DE,300.00\n"
        "2026-12-01T00:00:00.000+0100,Prospecting DE,400.00\n"
    )
    columns = {"month": "date_start", "campaign": "campaign_name", "amount": "spend"}
    report, months = imported(empty_con, tmp_path, "tz.csv", text, columns, 'source = "paid_social"')
    assert months == [("2026-10-01", 100.0), ("2026-11-01", 500.0), ("2026-12-01", 400.0)]
    said = dict(((name, column), how) for name, column, how in report.formats)[("tz.csv", "date_start")]
    assert said.startswith(
        "times with a zone (offset, Z or name) (4), each on the day it was written with "
        "(2026-10-31T00:00:00.000+0100 as 2026-10-31), not converted to UTC"
    )
    # a lead's moment is still moved to UTC: created at 00:30 +01:00 on 1 November is 31 October 23:30
    import_files(empty_con, "leads", [write(tmp_path, "l.csv", "lead_id,created_at\na,2026-11-01T00:30:00+01:00\n")])
    assert empty_con.execute("select created_at::varchar from leads").fetchall() == [("2026-10-31 23:30:00",)]


# --- 5. weeks written as numbers ---------------------------------------------------------------------------------


def test_a_ga4_iso_week_is_not_a_month(empty_con, tmp_path):
    # 202610 is the 10th week of 2026 (2 to 8 March), not October 2026: read as months, 2,100 went to October,
    # November and December and the 202613 row was skipped
    text = (
        "# Start date: 20260301\n# End date: 20260329\n"
        "Session default channel group,ISO year ISO week,Ads cost\n"
        "Paid Search,202610,700.00\nPaid Search,202611,700.00\nPaid Search,202612,700.00\nPaid Search,202613,700.00\n"
    )
    columns = {"month": "ISO year ISO week", "source": "Session default channel group", "amount": "Ads cost"}
    with pytest.raises(
        ImportRefused,
        match=r"^ga4.csv, column ISO year ISO week: 4 rows are dated by a week written without its days \(such as "
        r"'202610', '202611', '202612'\), not by a month or a day: spend is kept per month, and a week cannot be "
        r"placed in a month without its days .* Export the report by day or by month",
    ):
        imported(empty_con, tmp_path, "ga4.csv", text, columns, constants="")
    # a week number under a French name, and 2026-W43
    for header, value in (("Semaine", "43"), ("Week", "2026-W43")):
        text = f"{header},Cost\n{value},100\n"
        with pytest.raises(
            ImportRefused, match=rf"1 row is dated by a week written without its days \(such as '{value}'\)"
        ):
            imported(empty_con, tmp_path, "w.csv", text, {"month": header, "amount": "Cost"})
    # six digits under a month's name are still GA4's yearMonth: 202610 is October 2026
    month = "Year month,Cost\n202610,100\n"
    assert imported(empty_con, tmp_path, "m.csv", month, {"month": "Year month", "amount": "Cost"})[1] == [
        ("2026-10-01", 100.0)
    ]


# --- 6. Excel's mmm-dd -------------------------------------------------------------------------------------------


def test_excels_month_and_day_is_not_a_month_and_year(empty_con, tmp_path):
    # Nov-02, Nov-09, Nov-16 are three weeks of November, stored as November 2002, 2009 and 2016
    text = "Week,Channel,Amount\nNov-02,Paid Search,1400\nNov-09,Paid Search,1400\nNov-16,Paid Search,1400\n"
    columns = {"month": "Week", "source": "Channel", "amount": "Amount"}
    with pytest.raises(
        ImportRefused,
        match=r"^fmd.csv, column Week: 'Nov-02', 'Nov-09', 'Nov-16' give one month's name with numbers that are no "
        r"run of years: they are days of the month \(Excel's mmm-dd, 'Nov-02' for 2 November\)",
    ):
        imported(empty_con, tmp_path, "fmd.csv", text, columns, constants="")
    # one number alone, more than 20 years back: Jan-05 would be January 2005
    old = "Month,Amount\nJan-05,100\n"
    with pytest.raises(
        ImportRefused,
        match=r"'Jan-05', read as a month's name and a two-digit year, is January 2005, more than 20 years",
    ):
        imported(empty_con, tmp_path, "old.csv", old, {"month": "Month", "amount": "Amount"})
    # a plan's two years: Jan-25 and Jan-26 are a run of years, read as months (100 + 200 + 300)
    plan = "Month,Amount\nJan-25,100\nDec-25,200\nJan-26,300\n"
    assert imported(empty_con, tmp_path, "plan.csv", plan, {"month": "Month", "amount": "Amount"})[1] == [
        ("2025-01-01", 100.0),
        ("2025-12-01", 200.0),
        ("2026-01-01", 300.0),
    ]


def test_two_digit_years_are_judged_against_the_products_clock(empty_con, tmp_path, monkeypatch):
    # the clock frozen on 15 March 2031: a year is "after next year" past 2032 and "more than 20 years back" before
    # 15 March 2011 (on the machine's 2026 date, Jan-31 read as 2031 was refused as days and Mar-10 was read)
    monkeypatch.setattr(clock, "now", lambda: datetime(2031, 3, 15, 9, 0))
    plan = "Month,Amount\nJan-31,100\nFeb-31,200\n"
    assert imported(empty_con, tmp_path, "plan.csv", plan, {"month": "Month", "amount": "Amount"})[1] == [
        ("2031-01-01", 100.0),
        ("2031-02-01", 200.0),
    ]
    # Mar-10 is March 2010, more than 20 years before 15 March 2031
    with pytest.raises(
        ImportRefused,
        match=r"'Mar-10', read as a month's name and a two-digit year, is March 2010, more than 20 years",
    ):
        imported(empty_con, tmp_path, "old.csv", "Month,Amount\nMar-10,100\n", {"month": "Month", "amount": "Amount"})
