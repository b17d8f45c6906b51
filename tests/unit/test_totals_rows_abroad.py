"""Totals and subtotal rows as ad platforms and spreadsheets write them in other words and other languages: left
out, never counted as spend a second time; a campaign whose name only sounds like a total is kept, and said.
Small files, every number counted by hand."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def mapping(tmp_path, text):
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)["spend"]


def spend(con):
    return dict(
        con.execute(
            "select strftime(month, '%Y-%m') || ' ' || source, sum(amount) from spend group by all order by all"
        ).fetchall()
    )


def skipped_labels(report):
    return report.issues[report.issues["action"] == "skipped"][["row_number", "value"]].values.tolist()


# --- 1. TikTok's "Total of 3 campaigns" ------------------------------------------------------------

TIKTOK = (
    "Campaign name,Primary status,Campaign budget,Cost,Impressions,Currency\n"
    "Total of 3 campaigns,-,-,1850.00,303279,USD\n"
    "TT Prospecting,Active,50.00,600.00,200000,USD\n"
    "TT Retargeting,Active,20.00,500.00,61538,USD\n"
    "TT Spark Ads,Inactive,No limit,750.00,41741,USD\n"
)
# as `python -m dashboard map --kind spend` proposes it, with the file's source and month
TIKTOK_MAPPING = (
    '[spend.columns]\ncampaign = "Campaign name"\namount = "Cost"\n[spend.one_currency]\ncode = ["Currency"]\n'
    '[spend.constants]\nsource = "tiktok"\nmonth = "2026-11"\n'
)


def test_tiktok_s_total_of_its_campaigns_is_not_spend(empty_con, tmp_path):
    # November: 600 + 500 + 750 = 1,850; the first row's 1,850 would have made it 3,700
    m = mapping(tmp_path, TIKTOK_MAPPING)
    report = import_files(empty_con, "spend", [write(tmp_path, "tiktok_nov.csv", TIKTOK)], mapping=m)
    assert spend(empty_con) == {"2026-11 tiktok": 1850.0}
    assert report.skipped == {"a totals row": 1}
    assert skipped_labels(report) == [[1, "Total of 3 campaigns"]]
    assert report.reconciliation() == "rows read 4 = imported 3 + skipped 1"
    assert report.currency == "USD"


# --- 2. Google Ads' totals in other languages, and its "--" --------------------------------------

GOOGLE_ADS = (
    "Campaign status,Campaign,Currency code,Clicks,Cost\n"
    "Enabled,Brand,USD,120,700.00\nEnabled,Generic,USD,80,1400.00\nPaused,Remarketing,USD,10,100.00\n"
)
GOOGLE_MAPPING = (
    '[spend.columns]\ncampaign = "Campaign"\namount = "Cost"\n[spend.one_currency]\ncode = ["Currency code"]\n'
    '[spend.constants]\nsource = "paid_search"\nmonth = "2026-11"\n'
)


@pytest.mark.parametrize(
    "label",
    [
        "Łącznie: konto",
        "Łącznie: kampanie",
        "Razem: konto",
        "合計: アカウント",
        "Итого: аккаунт",
        "Toplam: Hesap",
        "Yhteensä: tili",
        "I alt: konto",
        "Celkem: účet",
        "Gesamt: Konto",
        "Total : compte",
        "Total - all but removed campaigns",
    ],
)
def test_google_ads_totals_in_other_languages_are_not_spend(empty_con, tmp_path, label):
    # November: 700 + 1,400 + 100 = 2,200; the totals row's 2,200 would have made it 4,400
    text = GOOGLE_ADS + f"{label},--,USD,210,2200.00\n"
    m = mapping(tmp_path, GOOGLE_MAPPING)
    report = import_files(empty_con, "spend", [write(tmp_path, "gads.csv", text)], mapping=m)
    assert spend(empty_con) == {"2026-11 paid_search": 2200.0}
    assert report.skipped == {"a totals row": 1}
    assert skipped_labels(report) == [[4, label]]


def test_a_polish_google_ads_report_s_two_totals_rows_are_not_spend(empty_con, tmp_path):
    # 700 + 1,400 + 100 = 2,200; with the account's and the campaigns' totals it was 6,600
    text = (
        'Raport kampanii (Acme)\n"1 listopada 2026 - 30 listopada 2026"\n'
        "Stan kampanii,Kampania,Kod waluty,Kliknięcia,Koszt\n"
        "Włączona,Brand PL,USD,120,700.00\nWłączona,Generic PL,USD,80,1400.00\n"
        "Wstrzymana,Remarketing PL,USD,10,100.00\n"
        "Łącznie: konto,--,USD,210,2200.00\nŁącznie: kampanie,--,USD,210,2200.00\n"
    )
    m = mapping(
        tmp_path,
        '[spend.columns]\ncampaign = "Kampania"\namount = "Koszt"\n[spend.one_currency]\ncode = ["Kod waluty"]\n'
        '[spend.constants]\nsource = "paid_search"\nmonth = "2026-11"\n',
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "gads_pl_nov.csv", text)], mapping=m)
    assert spend(empty_con) == {"2026-11 paid_search": 2200.0}
    assert skipped_labels(report) == [[4, "Łącznie: konto"], [5, "Łącznie: kampanie"]]
    assert report.reconciliation() == "rows read 5 = imported 3 + skipped 2"


@pytest.mark.parametrize("no_campaign", ["--", "-", "—", "n/a", ""])
def test_a_total_in_words_no_list_knows_is_found_by_its_sum_beside_a_campaign_written_as_none(
    empty_con, tmp_path, no_campaign
):
    # Estonian "Kokku" is in no word list: the row is the only one without a campaign (Google Ads writes "--"), the
    # last, and its 2,200 is 700 + 1,400 + 100
    text = GOOGLE_ADS + f"Kokku: konto,{no_campaign},USD,210,2200.00\n"
    m = mapping(tmp_path, GOOGLE_MAPPING)
    report = import_files(empty_con, "spend", [write(tmp_path, "gads.csv", text)], mapping=m)
    assert spend(empty_con) == {"2026-11 paid_search": 2200.0}
    assert report.skipped == {"a totals row": 1}
    assert report.issues[["row_number", "column_name", "value"]].values.tolist() == [[4, "Cost", "2200"]]


# --- 3. pivot tables' grand totals and subtotals ---------------------------------------------------

# (language, the subtotal of paid_search and of paid_social, the grand total), as Excel and Sheets write them
PIVOTS = [
    ("en", "paid_search Total", "paid_social Total", "Grand Total"),
    ("de", "paid_search Ergebnis", "paid_social Ergebnis", "Gesamtergebnis"),
    ("es", "paid_search Total", "paid_social Total", "Total general"),
    ("fr", "Total paid_search", "Total paid_social", "Total général"),
    ("it", "Totale paid_search", "Totale paid_social", "Totale complessivo"),
    ("pt", "Total paid_search", "Total paid_social", "Total Geral"),
    ("nl", "Totaal paid_search", "Totaal paid_social", "Eindtotaal"),
    ("pl", "paid_search Suma", "paid_social Suma", "Suma końcowa"),
    ("sv", "paid_search Summa", "paid_social Summa", "Totalsumma"),
    ("da", "paid_search I alt", "paid_social I alt", "Hovedtotal"),
    ("ru", "paid_search Итог", "paid_social Итог", "Общий итог"),
    ("tr", "paid_search Toplam", "paid_social Toplam", "Genel Toplam"),
    ("cs", "paid_search Celkem", "paid_social Celkem", "Celkový součet"),
    ("ja", "paid_search 集計", "paid_social 集計", "総計"),
    ("zh", "paid_search 汇总", "paid_social 汇总", "总计"),
    ("ko", "paid_search 요약", "paid_social 요약", "총합계"),
]


@pytest.mark.parametrize(("language", "search_total", "social_total", "grand_total"), PIVOTS)
def test_a_pivot_s_subtotals_and_grand_total_are_not_spend(
    empty_con, tmp_path, language, search_total, social_total, grand_total
):
    # October: paid_search 1,200.50 + 800.00 = 2,000.50, paid_social 500.00; 2,500.50 in all. With the subtotals
    # (2,000.50 and 500.00) and the grand total (2,500.50) as sources it was 7,501.50
    text = (
        "month;source;campaign;amount\n2026-10;paid_search;Marca;1.200,50\n2026-10;paid_search;Genérica;800,00\n"
        f"2026-10;{search_total};;2.000,50\n2026-10;paid_social;Prospección;500,00\n2026-10;{social_total};;500,00\n"
        f"2026-10;{grand_total};;2.500,50\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, f"pivot_{language}.csv", text)])
    assert spend(empty_con) == {"2026-10 paid_search": 2000.5, "2026-10 paid_social": 500.0}
    assert report.skipped == {"a totals row": 3}
    assert skipped_labels(report) == [[3, search_total], [5, social_total], [6, grand_total]]
    assert report.alerts == []


@pytest.mark.parametrize("grand_total", ["Suma końcowa", "総計", "Totalsumma", "Hovedtotal", "Общий итог", "总计"])
def test_a_pivot_s_grand_total_alone_is_not_spend(empty_con, tmp_path, grand_total):
    # 1,200.50 + 800.00 + 500.00 = 2,500.50; the grand total as a source of its own made it 5,001.00
    text = (
        "month;source;campaign;amount\n2026-10;paid_search;Marca;1.200,50\n2026-10;paid_search;Genérica;800,00\n"
        f"2026-10;paid_social;Prospección;500,00\n2026-10;{grand_total};;2.500,50\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "grand.csv", text)])
    assert sum(spend(empty_con).values()) == 2500.5
    assert skipped_labels(report) == [[4, grand_total]]


def test_a_subtotal_that_sums_nothing_is_kept_and_said(empty_con, tmp_path):
    # "paid_search Total" of 1,999.00 is not paid_search's 1,200.50 + 800.00 = 2,000.50: kept, so October is
    # 2,000.50 + 1,999.00 = 3,999.50, and the report names the row
    text = (
        "month,source,campaign,amount\n2026-10,paid_search,Marca,1200.50\n2026-10,paid_search,Genérica,800.00\n"
        "2026-10,paid_search Total,,1999.00\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "pivot.csv", text)])
    assert sum(spend(empty_con).values()) == 3999.5
    assert (report.rows_skipped, report.warnings) == (0, {"labelled like a total": 1})
    assert report.alerts == [
        "pivot.csv: kept as spend 1 row labelled like a total, whose amount is not the sum of the rows the label "
        "would total: row 3 ('paid_search Total' in column 'source', 1,999); if such a row is a report's total, "
        "delete it and import again, or its money counts twice"
    ]
    assert "WARNING: pivot.csv: kept as spend 1 row labelled like a total" in report.summary()


# --- 4. a finance sheet's month totals in its source column ----------------------------------------

FINANCE = (
    "Month,Channel,Amount\nNov-26,Paid Search,5200\nNov-26,LinkedIn,2900\nNov-26,{nov},8100\n"
    "Dec-26,Paid Search,4700\nDec-26,LinkedIn,3000\nDec-26,{dec},7700\n"
)
FINANCE_MAPPING = '[spend.columns]\nmonth = "Month"\nsource = "Channel"\namount = "Amount"\n'


@pytest.mark.parametrize(
    ("nov", "dec"),
    [
        ("All channels", "All channels"),
        ("Nov total", "Dec total"),
        ("Total Nov-26", "Total Dec-26"),
        ("Monthly total", "Monthly total"),
        ("TOTAL (all channels)", "TOTAL (all channels)"),
    ],
)
def test_a_month_s_total_row_in_the_source_column_is_not_spend(empty_con, tmp_path, nov, dec):
    # November 5,200 + 2,900 = 8,100 and December 4,700 + 3,000 = 7,700; with the totals rows 16,200 and 15,400
    text = FINANCE.format(nov=nov, dec=dec)
    m = mapping(tmp_path, FINANCE_MAPPING)
    report = import_files(empty_con, "spend", [write(tmp_path, "fsub.csv", text)], mapping=m)
    assert spend(empty_con) == {
        "2026-11 LinkedIn": 2900.0,
        "2026-11 Paid Search": 5200.0,
        "2026-12 LinkedIn": 3000.0,
        "2026-12 Paid Search": 4700.0,
    }
    assert skipped_labels(report) == [[3, nov], [6, dec]]
    assert report.reconciliation() == "rows read 6 = imported 4 + skipped 2"


def test_a_month_s_total_that_is_not_its_sum_is_kept_and_said(empty_con, tmp_path):
    # "Nov total" of 8,000 is not 5,200 + 2,900 = 8,100: kept (a channel's, for all the import knows), and said
    text = FINANCE.format(nov="Nov total", dec="Dec total").replace("Nov total,8100", "Nov total,8000")
    m = mapping(tmp_path, FINANCE_MAPPING)
    report = import_files(empty_con, "spend", [write(tmp_path, "fsub.csv", text)], mapping=m)
    assert spend(empty_con)["2026-11 Nov total"] == 8000.0
    assert skipped_labels(report) == [[6, "Dec total"]]
    assert report.warnings == {"labelled like a total": 1}
    assert "row 3 ('Nov total' in column 'Channel', 8,000)" in report.alerts[0]


# --- 5. the currency of the rows kept ----------------------------------------------------------------

BING = (
    '"Report Name: Campaign Performance Report"\n"Rows: 3"\n\n'
    '"Gregorian date","Account name","Campaign name","Currency code","Clicks","Spend"\n'
    '"10/30/2026","Acme Corp","Brand - US","USD","88","83.60"\n'
    '"10/31/2026","Acme Corp","Generic - US","USD","61","128.10"\n'
    '"11/2/2026","Acme Corp","Generic - US","USD","60","1,129.00"\n'
    '"Total","","{code}","","209","1,340.70"\n\n'
    '"©2026 Microsoft Corporation. All rights reserved. "\n'
)
BING_MAPPING = (
    '[spend.columns]\nmonth = "Gregorian date"\ncampaign = "Campaign name"\namount = "Spend"\n'
    '[spend.constants]\nsource = "bing"\n[spend.one_currency]\ncode = ["Currency code"]\n'
)


@pytest.mark.parametrize("code", ["", "--"])
def test_a_totals_row_without_a_currency_does_not_refuse_the_file(empty_con, tmp_path, code):
    # October 83.60 + 128.10 = 211.70, November 1,129.00, all in USD; the totals row's blank (or "--") currency
    # made the file refused as in two currencies
    m = mapping(tmp_path, BING_MAPPING)
    report = import_files(empty_con, "spend", [write(tmp_path, "bing.csv", BING.format(code=code))], mapping=m)
    assert spend(empty_con) == {"2026-10 bing": 211.7, "2026-11 bing": 1129.0}
    assert report.skipped == {"a totals row": 1}
    assert report.currency == "USD"


def test_rows_kept_in_two_currencies_are_still_refused(empty_con, tmp_path):
    text = BING.format(code="").replace('"Generic - US","USD"', '"Generic - US","EUR"')
    m = mapping(tmp_path, BING_MAPPING)
    with pytest.raises(ImportRefused, match=r"several currencies \(column 'Currency code': EUR 2 rows, USD 1 row\)"):
        import_files(empty_con, "spend", [write(tmp_path, "bing.csv", text)], mapping=m)


# --- a campaign whose name sounds like a total ----------------------------------------------------


def test_a_campaign_called_total_recall_promo_is_kept(empty_con, tmp_path):
    # January: Total Recall Promo 1,000 + A 400 + B 600 = 2,000. "Total Recall Promo" totals no rows called "Recall
    # Promo", so it is a campaign, though its 1,000 is A's and B's sum: kept, and the report names it
    text = "month,source,campaign,amount\n2026-01,web,Total Recall Promo,1000\n2026-01,web,A,400\n2026-01,web,B,600\n"
    report = import_files(empty_con, "spend", [write(tmp_path, "plain.csv", text)])
    assert spend(empty_con) == {"2026-01 web": 2000.0}
    assert report.rows_skipped == 0
    assert report.issues[["row_number", "reason", "action"]].values.tolist() == [[1, "labelled like a total", "kept"]]
    assert report.alerts == [
        "plain.csv: kept as spend 1 row labelled like a total, whose amount is not the sum of the rows the label "
        "would total: row 1 ('Total Recall Promo' in column 'campaign', 1,000); if such a row is a report's total, "
        "delete it and import again, or its money counts twice"
    ]


def test_names_that_only_hold_a_total_word_are_campaigns(empty_con, tmp_path):
    # Totally New, Summer Sum-Up and Totalitarian are no totals: 100 + 200 + 300 = 600, nothing said
    text = (
        "month,source,campaign,amount\n2026-01,web,Totally New,100\n2026-01,web,Summer Sum-Up,200\n"
        "2026-01,web,Totalitarian,300\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "names.csv", text)])
    assert spend(empty_con) == {"2026-01 web": 600.0}
    assert (report.rows_skipped, report.warnings, report.alerts) == (0, {}, [])


def test_a_subtotal_of_a_group_holding_a_campaign_called_total_is_not_spend(empty_con, tmp_path):
    # web: Total Recall Promo 1,000 + A 400 = 1,400, which "web Total" and "Grand Total" both say; the campaign is
    # summed by the subtotal like any other (it totals no rows of its own), so October is 1,400, not 2,800
    text = (
        "month,source,campaign,amount\n2026-10,web,Total Recall Promo,1000\n2026-10,web,A,400\n"
        "2026-10,web Total,,1400\n2026-10,Grand Total,,1400\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "pivot.csv", text)])
    assert spend(empty_con) == {"2026-10 web": 1400.0}
    assert skipped_labels(report) == [[3, "web Total"], [4, "Grand Total"]]
    assert report.warnings == {"labelled like a total": 1}
    assert "row 1 ('Total Recall Promo' in column 'campaign', 1,000)" in report.alerts[0]


def test_a_campaign_written_all_is_its_source_s_spend_not_a_total(empty_con, tmp_path):
    # a sheet writes "all" for a source without a campaign breakdown: LinkedIn's 1,000 happened to equal paid_search's
    # 600 + 400 and was skipped as a total. By hand: linkedin 1,000 in each month, paid_search 1,000 and 1,200
    text = (
        "month,source,campaign,amount\n2026-11,linkedin,all,1000\n2026-11,paid_search,brand,600\n"
        "2026-11,paid_search,generic,400\n2026-12,linkedin,all,1000\n2026-12,paid_search,brand,700\n"
        "2026-12,paid_search,generic,500\n"
    )
    report = import_files(empty_con, "spend", [write(tmp_path, "all.csv", text)])
    assert spend(empty_con) == {
        "2026-11 linkedin": 1000.0,
        "2026-11 paid_search": 1000.0,
        "2026-12 linkedin": 1000.0,
        "2026-12 paid_search": 1200.0,
    }
    assert report.rows_skipped == 0
