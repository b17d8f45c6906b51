"""The spend findings of a trial (probe 31: 4, 5 and the spend parts of 8), each on a few rows written here and
counted by hand: a period in a report's title only (LinkedIn's "Time Granularity: All", Google Ads' date range over a
file without dates), Meta's summary row after a campaign row was deleted, and the messages around totals rows and
an appended platform."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.importers import checks
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.values import loud_lines, value_lines


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping(tmp_path, text, name="m.toml"):
    return load_mapping(write(tmp_path, name, text))["spend"]


def by_month(con):
    return con.execute("select month::varchar, sum(amount) from spend group by 1 order by 1").fetchall()


# --- finding 4: a period given by the title only ------------------------------------------------------------------

# LinkedIn Campaign Manager's "Campaign Performance Report" with Time Granularity "All": one row per campaign, dated
# by the report's start, its money the whole period's
LINKEDIN_ALL = (
    "Campaign Performance Report\n"
    "Report Start: 1/15/2025 (in UTC)\n"
    "Report End: 2/14/2025 (in UTC)\n"
    "Date Generated: 3/3/2025 9:14 AM (in UTC)\n"
    "Time Granularity: All\n"
    "Start Date (in UTC),Currency,Campaign Name,Campaign Start Date,Campaign End Date,Total Spent\n"
    "1/15/2025,EUR,Sponsored Content - CFO Guide,1/15/2025,2/14/2025,800.00\n"
)
LINKEDIN_MAPPING = (
    '[spend.columns]\nmonth = "Start Date (in UTC)"\ncampaign = "Campaign Name"\namount = "Total Spent"\n'
    '[spend.constants]\nsource = "paid_social"\n'
)


def test_linkedin_time_granularity_all_over_two_months_is_refused(empty_con, tmp_path):
    # 800.00 spent from 15 January to 14 February (17 days of January, 14 of February) was stored as January's 800
    path = write(tmp_path, "linkedin_all.csv", LINKEDIN_ALL)
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [path], mapping=mapping(tmp_path, LINKEDIN_MAPPING))
    message = str(refused.value)
    assert message.startswith(
        "linkedin_all.csv: the report's title says its rows are not broken down by time ('Time Granularity: All') "
        "and gives its period as 'Report Start: 1/15/2025 (in UTC)' and 'Report End: 2/14/2025 (in UTC)': each "
        "row's money covers 2025-01-15 to 2025-02-14, days of 2 months, and would all be counted in the month of "
        "its 'Start Date (in UTC)'"
    )
    assert "LinkedIn Campaign Manager: Time breakdown, Daily or Monthly" in message
    assert by_month(empty_con) == []


def test_linkedin_time_granularity_all_within_one_month_is_that_months(empty_con, tmp_path):
    # the same report from 5 to 25 January: every day of the 800.00 is January's
    text = LINKEDIN_ALL.replace("Report Start: 1/15/2025", "Report Start: 1/5/2025")
    text = text.replace("Report End: 2/14/2025", "Report End: 1/25/2025").replace("1/15/2025,EUR", "1/5/2025,EUR")
    import_files(empty_con, "spend", [write(tmp_path, "li.csv", text)], mapping=mapping(tmp_path, LINKEDIN_MAPPING))
    assert by_month(empty_con) == [("2025-01-01", 800.0)]


def test_linkedin_monthly_granularity_over_two_months_is_imported_by_month(empty_con, tmp_path):
    # Time Granularity "Monthly" over the same title period: January 410.00, February 390.00
    text = LINKEDIN_ALL.replace("Time Granularity: All", "Time Granularity: Monthly").replace(
        "1/15/2025,EUR,Sponsored Content - CFO Guide,1/15/2025,2/14/2025,800.00\n",
        "1/1/2025,EUR,Sponsored Content - CFO Guide,1/15/2025,2/14/2025,410.00\n"
        "2/1/2025,EUR,Sponsored Content - CFO Guide,1/15/2025,2/14/2025,390.00\n",
    )
    import_files(empty_con, "spend", [write(tmp_path, "li.csv", text)], mapping=mapping(tmp_path, LINKEDIN_MAPPING))
    assert by_month(empty_con) == [("2025-01-01", 410.0), ("2025-02-01", 390.0)]


# Google Ads' default campaign report: no date segment, the period in the title's second line
GOOGLE_NO_DATE = (
    "Campaign report\n"
    '"January 15, 2025 - February 14, 2025"\n'
    "Campaign,Campaign status,Currency code,Cost\n"
    'Search - Generic,Enabled,EUR,"1,240.50"\n'
    "Search - Brand,Enabled,EUR,310.25\n"
    'Total: Account,--,EUR,"1,550.75"\n'
)


def google_mapping(tmp_path, month):
    text = '[spend.columns]\ncampaign = "Campaign"\namount = "Cost"\n[spend.constants]\nsource = "paid_search"\n'
    return mapping(tmp_path, text + f'month = "{month}"\n')


def test_google_ads_without_dates_over_two_months_is_refused_for_a_constant_month(empty_con, tmp_path):
    # 1,240.50 + 310.25 = 1,550.75 spent from 15 January to 14 February was stored as January's
    path = write(tmp_path, "gads_nodate.csv", GOOGLE_NO_DATE)
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [path], mapping=google_mapping(tmp_path, "2025-01"))
    message = str(refused.value)
    assert message.startswith(
        "gads_nodate.csv: the file has no date column and its title gives its period as 'January 15, 2025 - "
        "February 14, 2025': each row's money covers 2025-01-15 to 2025-02-14, days of 2 months, and the mapping "
        "gives every row the month '2025-01' ([spend.constants] month)"
    )
    assert "Google Ads: Segment, Time, Day or Month" in message
    assert by_month(empty_con) == []


def test_google_ads_without_dates_within_the_mapped_month_is_imported(empty_con, tmp_path):
    # the same report for January alone: 1,240.50 + 310.25 = 1,550.75 in January (the Total: Account row skipped)
    text = GOOGLE_NO_DATE.replace("January 15, 2025 - February 14, 2025", "January 1, 2025 - January 31, 2025")
    path = write(tmp_path, "gads_jan.csv", text)
    import_files(empty_con, "spend", [path], mapping=google_mapping(tmp_path, "2025-01"))
    assert by_month(empty_con) == [("2025-01-01", 1550.75)]


def test_google_ads_without_dates_of_another_month_than_the_mapped_one_is_refused(empty_con, tmp_path):
    # January's report given the month 2025-02: its 1,550.75 would be February's
    text = GOOGLE_NO_DATE.replace("January 15, 2025 - February 14, 2025", "January 1, 2025 - January 31, 2025")
    path = write(tmp_path, "gads_jan.csv", text)
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [path], mapping=google_mapping(tmp_path, "2025-02"))
    assert "(2025-01-01 to 2025-01-31), but the mapping gives every row the month '2025-02'" in str(refused.value)
    assert by_month(empty_con) == []


def test_microsoft_ads_summary_report_over_two_months_is_refused_for_a_constant_month(empty_con, tmp_path):
    # Microsoft Advertising's report aggregated as "Summary": no date column, 204.20 + 155.80 = 360.00 spent from 1
    # January to 28 February (2/28 read day first is no day: one reading)
    text = (
        '"Report Name: Campaign Performance Report"\n'
        '"Report Time: 1/1/2025 - 2/28/2025"\n'
        '"Report Aggregation: Summary"\n'
        "\n"
        '"Campaign name","Spend"\n'
        '"Search - Brand (Bing)","204.20"\n'
        '"Search - Generic (Bing)","155.80"\n'
    )
    m = mapping(
        tmp_path,
        '[spend.columns]\ncampaign = "Campaign name"\namount = "Spend"\n'
        '[spend.constants]\nsource = "paid_search"\nmonth = "2025-01"\n',
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [write(tmp_path, "msads_summary.csv", text)], mapping=m)
    assert "'Report Time: 1/1/2025 - 2/28/2025': each row's money covers 2025-01-01 to 2025-02-28" in str(refused.value)
    assert by_month(empty_con) == []


# --- finding 5: Meta's summary row whatever its amount -------------------------------------------------------------

META_HEADER = (
    '"Reporting starts","Reporting ends","Campaign name","Campaign delivery","Attribution setting","Results",'
    '"Result indicator","Amount spent (EUR)"\n'
)
META_MAPPING = (
    '[spend.columns]\nmonth = "Reporting starts"\ncampaign = "Campaign name"\namount = "Amount spent (EUR)"\n'
    '[spend.constants]\nsource = "paid_social"\n'
)
# January's export, its summary row first (1,020.25), after a campaign row of 100.00 was deleted by hand
META_EDITED = META_HEADER + (
    "2025-01-01,2025-01-31,,,,,,1020.25\n"
    '2025-01-01,2025-01-31,"Lead Gen - Q1 Winter",inactive,"7-day click or 1-day view",9,lead,620.25\n'
    '2025-01-01,2025-01-31,"Retargeting",inactive,"7-day click or 1-day view",3,lead,300\n'
)


def test_metas_summary_row_that_is_not_the_sum_is_skipped_and_said(empty_con, tmp_path):
    # stored: 620.25 + 300.00 = 920.25 (was 1,940.50: the summary counted as spend)
    path = write(tmp_path, "meta_jan_edited.csv", META_EDITED)
    report = import_files(empty_con, "spend", [path], mapping=mapping(tmp_path, META_MAPPING))
    assert by_month(empty_con) == [("2025-01-01", 920.25)]
    assert report.rows_loaded == 2
    assert report.skipped == {checks.SUMMARY_ROW: 1}
    alert = next(a for a in report.alerts if a.startswith("meta_jan_edited.csv: row 1"))
    assert "its amount 1,020.25 is not the sum of the 2 rows kept (920.25), so rows were removed" in alert


def test_metas_summary_row_above_a_single_campaign_is_skipped(empty_con, tmp_path):
    # one campaign of 500.00 and its summary of 500.00: 500.00, not 1,000.00 (too few rows for the sum rule)
    text = META_HEADER + "2025-01-01,2025-01-31,,,,,,500\n2025-01-01,2025-01-31,Solo,active,x,4,lead,500\n"
    report = import_files(
        empty_con, "spend", [write(tmp_path, "meta_one.csv", text)], mapping=mapping(tmp_path, META_MAPPING)
    )
    assert by_month(empty_con) == [("2025-01-01", 500.0)]
    # the sum of the row kept: nothing to warn of
    assert not [a for a in report.alerts if "summary row" in a]


def test_a_blank_campaign_row_that_has_delivery_and_results_is_kept(empty_con, tmp_path):
    # the first row names no campaign but has its delivery and results, as no summary has: 100 + 620.25 + 300 kept
    text = META_EDITED.replace(",,,,,,1020.25", ",,active,x,2,lead,100")
    path = write(tmp_path, "meta_blank_name.csv", text)
    import_files(empty_con, "spend", [path], mapping=mapping(tmp_path, META_MAPPING))
    assert by_month(empty_con) == [("2025-01-01", 1020.25)]


def test_a_blank_campaign_row_of_a_sheet_without_metas_columns_is_kept(empty_con, tmp_path):
    # a hand-kept sheet: its first campaign's name not filled in; 100 + 200 + 350 = 650 all spend
    text = "Month,Campaign,Amount\n2025-01,,100\n2025-01,Brand,200\n2025-01,Generic,350\n"
    m = mapping(tmp_path, '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign"\namount = "Amount"\n'
                '[spend.constants]\nsource = "paid_search"\n')  # fmt: skip
    import_files(empty_con, "spend", [write(tmp_path, "sheet.csv", text)], mapping=m)
    assert by_month(empty_con) == [("2025-01-01", 650.0)]


def test_a_blank_campaign_row_of_a_sheet_with_a_results_column_only_is_kept(empty_con, tmp_path):
    # "Results" alone is no sign of Meta's export: the first row (no campaign, no results) is spend; 100 + 200 + 350
    text = "Month,Campaign,Results,Amount\n2025-01,,,100\n2025-01,Brand,4,200\n2025-01,Generic,7,350\n"
    m = mapping(tmp_path, '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign"\namount = "Amount"\n'
                '[spend.constants]\nsource = "paid_search"\n')  # fmt: skip
    import_files(empty_con, "spend", [write(tmp_path, "sheet.csv", text)], mapping=m)
    assert by_month(empty_con) == [("2025-01-01", 650.0)]


# --- finding 8 (spend): totals rows in the proposal and the values, an appended platform ---------------------------

MS_ADS = (
    '"Report Name: Campaign Performance Report"\n'
    '"Report Aggregation: Daily"\n'
    "\n"
    '"Gregorian date","Campaign name","Currency code","Spend"\n'
    '"1/15/2025","Search - Brand (Bing)","EUR","84.20"\n'
    '"2/1/2025","Search - Generic (Bing)","EUR","95.80"\n'
    '"Total","","","180.00"\n'
)


def test_microsoft_ads_total_row_does_not_hide_its_date_column_from_the_proposal(tmp_path):
    # 'Gregorian date' holds 2 dates and the Total row's label: proposed as the month (was "no column reads as dates")
    p = proposal_for("spend", stage_file(write(tmp_path, "msads.csv", MS_ADS)), {})
    assert p.mapping.columns["month"] == ("Gregorian date",)


def test_a_date_column_of_any_name_with_a_total_row_is_offered(tmp_path, capsys):
    # a date column of no known name ("When"), 2 dates and a "Total" row: offered as the month's column
    path = write(tmp_path, "own.csv", "When,Campaign,Spend\n1/15/2025,A,84.20\n2/1/2025,B,95.80\nTotal,,180.00\n")
    assert main(["map", "--kind", "spend", str(path)]) == 0
    err = capsys.readouterr().err
    assert "warning: own.csv, month: the file's columns whose values read as dates: 'When' (such as '1/15/2025')" in err


def test_google_ads_totals_rows_are_not_listed_as_read_by_the_default(empty_con, tmp_path):
    # 2 campaigns a month for 2 months (4 rows) and 2 totals rows; the values name the 4 rows' campaigns only
    text = (
        "Campaign report\n"
        '"January 1, 2025 - February 28, 2025"\n'
        "Campaign,Month,Currency code,Cost\n"
        "Search - Generic,2025-01-01,EUR,100.00\n"
        "Search - Generic,2025-02-01,EUR,200.00\n"
        "Display - Remarketing,2025-01-01,EUR,30.00\n"
        "Display - Remarketing,2025-02-01,EUR,40.00\n"
        "Total: Account,--,EUR,370.00\n"
        "Total: Search,--,EUR,300.00\n"
    )
    m = mapping(
        tmp_path,
        '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign"\namount = "Cost"\nsource = "Campaign"\n'
        '[spend.values.source]\n"Search - Generic" = "paid_search"\n"Display - Remarketing" = "display"\n'
        '"*" = "paid_search"\n',
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "gads2.csv", text)], mapping=m)
    # paid_search 100 + 200 = 300, display 30 + 40 = 70; the 2 totals rows skipped
    got = empty_con.execute("select source, sum(amount) from spend group by 1 order by 1").fetchall()
    assert got == [("display", 70.0), ("paid_search", 300.0)]
    assert report.skipped == {checks.TOTALS_ROW: 2}
    assert loud_lines(report.values) == []
    assert value_lines(report.values) == [
        "gads2.csv, values of Campaign: 'Display - Remarketing' 2 → display; 'Search - Generic' 2 → paid_search"
    ]


def test_appending_another_platforms_campaigns_keeps_the_first_without_a_warning(empty_con, tmp_path):
    # Meta's January 620.25 + 300 stored, then LinkedIn's January 410: 1,330.25, and the append says the Meta
    # campaigns are kept, without a warning telling to replace
    meta = META_HEADER + (
        '2025-01-01,2025-01-31,"Lead Gen",inactive,x,9,lead,620.25\n2025-01-01,2025-01-31,"Retargeting",inactive,x,3,'
        "lead,300\n"
    )
    import_files(empty_con, "spend", [write(tmp_path, "meta.csv", meta)], mapping=mapping(tmp_path, META_MAPPING))
    linkedin = "Month,Campaign Name,Total Spent\n2025-01-01,Sponsored Content - CFO Guide,410.00\n"
    li_map = mapping(
        tmp_path,
        '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign Name"\namount = "Total Spent"\n'
        '[spend.constants]\nsource = "paid_social"\n',
        "li.toml",
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "li.csv", linkedin)], mapping=li_map, mode="append")
    assert by_month(empty_con) == [("2025-01-01", 1330.25)]
    assert not [a for a in report.alerts if "--mode replace" in a]
    note = next(n for n in report.notes if n.startswith("spend: the stored campaigns"))
    assert "are kept: the append adds the campaigns of li.csv beside them" in note
