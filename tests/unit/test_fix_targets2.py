"""Probe 31's targets findings: a company target beside its split by team, targets in another currency than the
stored money, a company-wide row labelled "Company", a rate in a percent cell mapped to a count, and the month
example of the import report. Every expected value is counted by hand from the few rows each test writes."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import metric_map


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping(tmp_path, text):
    return load_mapping(write(tmp_path, "m.toml", text))["targets"]


TARGETS_WITH_TEAM = (
    '[targets.columns]\nmonth = "Month"\nmetric = "Metric"\nvalue = "Target"\nteam = "Team"\n'
    '[targets.values.metric]\n"revenue" = "revenue"\n"mqls" = "mqls"\n'
)
TARGETS_WITH_SOURCE = (
    '[targets.columns]\nmonth = "Month"\nmetric = "Metric"\nvalue = "Target"\nsource = "Source"\n'
    '[targets.values.metric]\n"revenue" = "revenue"\n"mqls" = "mqls"\n'
)


def euro_spend(con, tmp_path):
    """The stored money in EUR: one spend row of €100.00 (the cell names the euro)."""
    spend = 'month,source,amount\n2025-01,paid_social,"€100.00"\n'
    import_files(con, "spend", [write(tmp_path, "spend.csv", spend)])
    assert store.stated_currencies(con) == {"spend": "EUR"}


def test_a_company_target_beside_its_split_by_team_is_refused_naming_the_rows_and_the_column(empty_con, tmp_path):
    # finance's plan: January's company revenue 15,000 (team blank) and its split, Marketing 10,000 + Sales 5,000.
    # Summed, the company target read 30,000; by hand it is 15,000, so the import must not guess
    plan = (
        "Month,Metric,Team,Target\nJan 2025,Revenue,,15000\nJan 2025,Revenue,Marketing,10000\n"
        "Jan 2025,Revenue,Sales,5000\nJan 2025,MQLs,Marketing,8\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(
            empty_con, "targets", [write(tmp_path, "plan.csv", plan)], mapping=mapping(tmp_path, TARGETS_WITH_TEAM)
        )
    said = str(refused.value)
    assert said.startswith(
        "plan.csv: rows 1, 2 and 3 all give the revenue target of Jan 2025 (company-wide: no source): 15,000 (Team "
        "blank), 10,000 (Team 'Marketing') and 5,000 (Team 'Sales'), told apart only by 'Team'"
    )
    # 15,000 + 10,000 + 5,000 = 30,000
    assert "would be added up to 30,000" in said
    assert "keep that row and delete the others; if 'Team' names the source, map it as the source" in said
    assert "(pre-aggregate)" in said
    assert store.scalar(empty_con, "select count(*) from targets") == 0
    # a column no mapping reads (Region) splits one source's target the same way: refused, named
    regions = "Month,Metric,Source,Target,Region\nFeb 2025,MQLs,Paid Social,6,EMEA\nFeb 2025,MQLs,Paid Social,4,NA\n"
    with pytest.raises(ImportRefused, match=r"^regions\.csv: rows 1 and 2 all give the mqls target of Feb 2025 "):
        import_files(
            empty_con,
            "targets",
            [write(tmp_path, "regions.csv", regions)],
            mapping=mapping(tmp_path, TARGETS_WITH_SOURCE),
        )
    # the plan fixed (the split left out): 15,000 for January, and the Marketing MQLs row of its own: 8
    fixed = "Month,Metric,Team,Target\nJan 2025,Revenue,,15000\nJan 2025,MQLs,Marketing,8\n"
    import_files(
        empty_con, "targets", [write(tmp_path, "fixed.csv", fixed)], mapping=mapping(tmp_path, TARGETS_WITH_TEAM)
    )
    assert empty_con.execute("select metric, sum(value) from targets group by 1 order by 1").fetchall() == [
        ("mqls", 8.0),
        ("revenue", 15000.0),
    ]
    # two weeks of one month are its parts, not a split: 25 + 25 = 50
    weeks = "month,metric,value\n2025-03-03,leads,25\n2025-03-10,leads,25\n"
    import_files(empty_con, "targets", [write(tmp_path, "weeks.csv", weeks)])
    assert store.scalar(empty_con, "select sum(value) from targets") == 50.0


@pytest.mark.parametrize(
    ("name", "text", "how"),
    [
        ("cells.csv", 'Month,Metric,Source,Target\nJan 2025,Revenue,,"$15,000.00"\n', "values such as '$15,000.00'"),
        ("code.csv", "Month,Metric,Source,Target,Currency\nJan 2025,Revenue,,15000,USD\n", "column 'Currency'"),
        ("header.csv", "Month,Metric,Source,Target (USD)\nJan 2025,Revenue,,15000\n", "the header 'Target (USD)'"),
    ],
)
def test_revenue_targets_in_dollars_are_refused_beside_euro_money(empty_con, tmp_path, name, text, how):
    euro_spend(empty_con, tmp_path)
    m = TARGETS_WITH_SOURCE.replace('"Target"', '"Target (USD)"') if "(USD)" in text else TARGETS_WITH_SOURCE
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "targets", [write(tmp_path, name, text)], mapping=mapping(tmp_path, m))
    said = str(refused.value)
    assert said.startswith(f"{name}: the amounts are in ")
    assert f"({how}), but the stored spend are in EUR" in said
    assert store.scalar(empty_con, "select count(*) from targets") == 0


def test_count_targets_name_no_currency_and_euro_revenue_targets_go_in(empty_con, tmp_path):
    euro_spend(empty_con, tmp_path)
    # an MQL target is no money: a USD column beside it says nothing of it. 1 row in
    mqls = "Month,Metric,Source,Target,Currency\nJan 2025,MQLs,,8,USD\n"
    import_files(
        empty_con, "targets", [write(tmp_path, "mqls.csv", mqls)], mapping=mapping(tmp_path, TARGETS_WITH_SOURCE)
    )
    assert empty_con.execute("select metric, value from targets").fetchall() == [("mqls", 8.0)]
    # revenue in euros beside euro spend: in, and said
    revenue = 'Month,Metric,Source,Target\nJan 2025,Revenue,,"€15,000.00"\n'
    report = import_files(
        empty_con, "targets", [write(tmp_path, "eur.csv", revenue)], mapping=mapping(tmp_path, TARGETS_WITH_SOURCE)
    )
    assert empty_con.execute("select metric, value from targets").fetchall() == [("revenue", 15000.0)]
    assert "eur.csv: amounts in EUR (values such as '€15,000.00')" in report.notes


@pytest.mark.parametrize("label", ["Company", "Company-wide", "Overall", "Total company"])
def test_a_company_row_labelled_company_is_the_company_wide_target(empty_con, tmp_path, label):
    # the company row (8) beside its sources (4 + 3 + 1): the company's MQL target is 8, stored without a source
    plan = (
        f"Month,Metric,Source,Target\nJan 2025,MQLs,{label},8\nJan 2025,MQLs,Paid Social,4\n"
        "Jan 2025,MQLs,Paid Search,3\nJan 2025,MQLs,Organic,1\n"
    )
    report = import_files(
        empty_con, "targets", [write(tmp_path, "plan.csv", plan)], mapping=mapping(tmp_path, TARGETS_WITH_SOURCE)
    )
    assert store.scalar(empty_con, "select value from targets where source is null") == 8.0
    assert f"plan.csv: 1 row of Source {label!r} (such as row 1) read as the company-wide target" in report.notes[0]


def test_a_target_source_no_lead_has_is_warned_and_a_plan_of_sources_only_is_said(empty_con, tmp_path):
    leads = "lead_id,created_at,source\nl1,2025-01-05,Paid Social\nl2,2025-01-06,Organic\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", leads)])
    # "Marketing total" (8) is no source of the leads (Paid Social, Organic); "paid social" is Paid Social by its
    # key. No row without a source: the company view has no MQL target for January
    plan = (
        "Month,Metric,Source,Target\nJan 2025,MQLs,Marketing total,8\nJan 2025,MQLs,paid social,4\n"
        "Jan 2025,MQLs,Organic,4\n"
    )
    report = import_files(
        empty_con, "targets", [write(tmp_path, "plan.csv", plan)], mapping=mapping(tmp_path, TARGETS_WITH_SOURCE)
    )
    [alert] = [a for a in report.alerts if "matches no source" in a]
    assert alert.startswith(
        "targets: the source 'Marketing total' (1 row) matches no source of the stored leads, deals or spend"
    )
    assert "leave its source blank (or write 'All sources')" in alert
    [said] = [n for n in report.notes if "per source only" in n]
    assert said.startswith("targets: mqls has targets per source only, in 1 month, and none for the whole company")
    # with the company's row, neither is said
    plan = "Month,Metric,Source,Target\nJan 2025,MQLs,,8\nJan 2025,MQLs,Paid Social,4\nJan 2025,MQLs,Organic,4\n"
    report = import_files(
        empty_con, "targets", [write(tmp_path, "plan2.csv", plan)], mapping=mapping(tmp_path, TARGETS_WITH_SOURCE)
    )
    assert not [a for a in report.alerts if "matches no source" in a]
    assert not [n for n in report.notes if "per source only" in n]


def test_a_rate_in_a_percent_cell_mapped_to_a_count_is_skipped(empty_con, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Month", "Metric", "Source", "Target"])
    sheet.append(["Jan 2025", "MQLs", None, 8])
    sheet.append([None, None, None, None])
    sheet.append(["Jan 2025", "MQL to SQL rate", None, 0.15])
    sheet.append(["Jan 2025", "Revenue", None, 0.5])
    sheet["D4"].number_format = "0%"
    # a money target shown as a percentage is not a count: kept (0.5)
    sheet["D5"].number_format = "0.00%"
    book.save(tmp_path / "plan.xlsx")
    m = mapping(tmp_path, TARGETS_WITH_SOURCE + '"mql to sql rate" = "sqls"\n')
    report = import_files(empty_con, "targets", [tmp_path / "plan.xlsx"], mapping=m)
    # 3 rows (the blank sheet row is no row): mqls 8 and revenue 0.5 in, the 0.15 "SQLs" skipped
    assert empty_con.execute("select metric, value from targets order by 1").fetchall() == [
        ("mqls", 8.0),
        ("revenue", 0.5),
    ]
    assert report.skipped == {"a percentage for a count": 1}
    # the data rows count the rows written: the rate is the second
    [issue] = report.issues.itertuples()
    assert (issue.row_number, issue.column_name) == (2, "Target")


def test_the_month_spelling_is_shown_with_the_file_s_own_first_month(empty_con, tmp_path):
    plan = "month,metric,value\nFeb 2025,mqls,6\nJan 2025,mqls,8\n"
    report = import_files(empty_con, "targets", [write(tmp_path, "plan.csv", plan)])
    [(_, _, how)] = [f for f in report.formats if f[1] == "month"]
    # the earliest of the two months as written, and as read
    assert how.startswith("months written with a month's name and its year (Jan 2025 as 2025-01) (2)")


def test_new_customers_is_proposed_as_the_wins_metric():
    table, reasons = metric_map([("New customers", 3), ("Win rate", 1)])
    assert table == {"new customers": "wins"}
    assert reasons["values.metric.new customers"] == (
        "the metric wins (3 rows), which counts every won deal (a repeat purchase too)"
    )
