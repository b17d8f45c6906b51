"""Trial 60 (ad-platform spend exports): the deals' currency kept once read, a one-word title line, German Google
Ads headers, --strict and Google's `--`, the report title's date range, the source candidates."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import cli, config, sources, store, tables
from dashboard.filters import Filters
from dashboard.importers import candidates, checks, dates, propose, readers
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping

# 3 deals of plain amounts: won 500 + won 700 (revenue 1,200 by hand), lost 300
DEALS = "deal_id,created_at,status,amount\nD1,2025-01-02,won,500\nD2,2025-01-03,won,700\nD3,2025-01-04,lost,300\n"
# 2 spend rows in US dollars: 100 + 50 = 150
USD_SPEND = "month,source,amount\n2025-01-01,email,100 USD\n2025-01-01,paid_search,50 USD\n"
EUR_SPEND = "month,source,amount\n2025-01-01,meta,€80\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _money(con):
    """(won revenue, spend, stated currencies, the metrics' currency)."""
    won = store.scalar(con, "select sum(amount) from deals where status = 'won'")
    spend = store.scalar(con, "select sum(amount) from spend")
    return won, spend, store.stated_currencies(con), cli.metrics_document(con, Filters())["currency"]


def test_replacing_usd_spend_with_euros_is_refused_and_the_revenue_stays_in_dollars(empty_con, tmp_path):
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    report = import_files(empty_con, "spend", [write(tmp_path, "usd.csv", USD_SPEND)])
    assert "the stored deals name no currency: read as USD too, and kept so" in report.notes
    # the deals' dollars are saved with them, not only the spend's
    assert _money(empty_con) == (1200, 150, {"deals": "USD", "spend": "USD"}, "USD")
    euros = write(tmp_path, "meta.csv", EUR_SPEND)
    for mode in ("replace", "append"):
        with pytest.raises(ImportRefused, match=r"meta.csv: the amounts are in EUR .* the stored deals are in USD"):
            import_files(empty_con, "spend", [euros], mode=mode)
    # nothing changed: 1,200 of revenue and 150 of spend, still in USD
    assert _money(empty_con) == (1200, 150, {"deals": "USD", "spend": "USD"}, "USD")


def test_euro_spend_first_over_plain_deals_is_refused_naming_both_currencies(empty_con, tmp_path):
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "spend", [write(tmp_path, "meta.csv", EUR_SPEND)])
    said = str(refused.value)
    assert "in EUR" in said and "read as USD, the configured currency" in said
    assert 'currency = "EUR"' in said and "Convert the amounts to USD" in said
    assert _money(empty_con) == (1200, None, {}, None)


def test_plain_deals_read_in_the_stored_euros_keep_them_when_the_spend_is_replaced(empty_con, tmp_path):
    # the other way round: euro spend first, then plain deals, read as euros and kept so
    import_files(empty_con, "spend", [write(tmp_path, "meta.csv", EUR_SPEND)])
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    assert _money(empty_con) == (1200, 80, {"deals": "EUR", "spend": "EUR"}, "EUR")
    with pytest.raises(ImportRefused, match=r"usd.csv: the amounts are in USD .* the stored deals are in EUR"):
        import_files(empty_con, "spend", [write(tmp_path, "usd.csv", USD_SPEND)])
    assert _money(empty_con) == (1200, 80, {"deals": "EUR", "spend": "EUR"}, "EUR")


GOOGLE_MAP = (
    '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign"\namount = "Cost"\n\n[spend.constants]\nsource = "google"\n'
)


def _google_mapping(tmp_path):
    return load_mapping(write(tmp_path, "map.toml", GOOGLE_MAP))["spend"]


@pytest.mark.parametrize("title", ["Campaigns", "Spend_Q4", "Kampagnenbericht"])
def test_a_one_word_report_title_is_left_out_like_any_title(empty_con, tmp_path, title):
    # Google Ads' custom report: its name, the period, then the names; 2 rows: 1,250.40 + 300.00 = 1,550.40
    text = (
        f"{title}\nSeptember 1, 2026 - November 30, 2026\nCampaign\tMonth\tCost\n"
        "Brand Search US\tSeptember 2026\t1,250.40\nBrand Search US\tOctober 2026\t300.00\n"
    )
    path = write(tmp_path, "google.csv", text)
    assert readers.csv_layout(path, "google.csv").columns == ("Campaign", "Month", "Cost")
    report = import_files(empty_con, "spend", [path], mapping=_google_mapping(tmp_path))
    assert report.rows_loaded == 2
    assert store.scalar(empty_con, "select sum(amount) from spend") == pytest.approx(1550.40)
    # said in the report: the 2 lines left out, the title quoted
    said = f"left out the 2 lines above the column names (line 3), a report's title: '{title}'"
    assert any(said in note for note in report.notes)


def test_a_one_word_line_above_names_of_three_columns_is_a_title_and_a_one_column_file_stays_one(tmp_path):
    titled = write(tmp_path, "t.csv", "Spend_Q4\nCampaign,Month,Cost\nBrand,2026-09-01,10\nGeneric,2026-09-01,20\n")
    assert readers.csv_layout(titled, "t.csv").columns == ("Campaign", "Month", "Cost")
    # account_id then values holding a ';' (2 fields under ';'): the one column's name, not a title
    one = write(tmp_path, "o.csv", "account_id\nACME;EU\nBETA;US\nGAMMA;EU\n")
    assert readers.csv_layout(one, "o.csv").columns == ("account_id",)


def test_german_google_ads_names_and_month_name_year_values_are_proposed(empty_con, tmp_path):
    # Google Ads' German header (Kampagne, Monat, Währungscode, Kosten), and its French and Spanish ones
    for header, month, campaign, amount in [
        (("Kampagne", "Monat", "Währungscode", "Kosten"), "Monat", "Kampagne", "Kosten"),
        (("Campagne", "Mois", "Code de devise", "Coût"), "Mois", "Campagne", "Coût"),
        (("Campaña", "Mes", "Código de moneda", "Coste"), "Mes", "Campaña", "Coste"),
    ]:
        columns = propose.propose("spend", header).mapping.columns
        assert (columns["month"], columns["campaign"], columns["amount"]) == ((month,), (campaign,), (amount,))
    # a month column under a name no synonym knows: its "September 2026" values make it the candidate named
    path = write(tmp_path, "zr.csv", "Kampagne,Zeitraum,Kosten\nBrand,September 2026,10\nGeneric,Oct 2026,80\n")
    view = "zr_view"
    empty_con.execute(f"create temp view {view} as select *, 1 as _row from read_csv('{path}', all_varchar = true)")
    advice = candidates.missing_advice(empty_con, view, ["Kampagne", "Zeitraum", "Kosten"], "spend", "month", "DATE")
    assert "'Zeitraum' (such as 'September 2026')" in advice


def test_strict_takes_an_unedited_google_ads_export_with_its_totals_rows_and_no_value_marks(empty_con, tmp_path):
    # 5 rows: 2 campaigns' costs (1,250.40 + 0.00), one "--" (Google's no value), 2 totals rows: 2 loaded, 1,250.40
    text = (
        "Campaign\tMonth\tCost\nBrand Search US\tSeptember 2026\t1,250.40\nCompetitor\tSeptember 2026\t--\n"
        "Generic\tSeptember 2026\t0.00\nTotal: Account\t--\t1,250.40\nTotal: Campaigns\t--\t1,250.40\n"
    )
    path = write(tmp_path, "google.csv", text)
    report = import_files(empty_con, "spend", [path], mapping=_google_mapping(tmp_path), on_bad_rows="refuse")
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (5, 2, 3)
    assert report.skipped == {checks.TOTALS_ROW: 2, checks.NO_AMOUNT_WRITTEN: 1}
    assert store.scalar(empty_con, "select sum(amount) from spend") == pytest.approx(1250.40)
    # the advice for "--" says it is read as no value, not to remove a sign
    said = checks.advice(checks.NO_AMOUNT_WRITTEN, "spend")
    assert "read as no value" in said and "remove the sign" not in said
    # a real problem still refuses: an amount no one can read
    bad = write(tmp_path, "bad.csv", text + "Webinar\tSeptember 2026\t~500\n")
    with pytest.raises(ImportRefused, match=r"1 rows have problems; the first: bad.csv, row 6, column Cost: unparse"):
        import_files(empty_con, "spend", [bad], mapping=_google_mapping(tmp_path), on_bad_rows="refuse")


def test_amount_month_and_campaign_columns_are_never_offered_as_the_source(empty_con, tmp_path):
    # Meta: its amounts (2 of 3 distinct, written with separators) were offered; Google: Cost with "--", Month, and
    # the Campaign column; only Channel (paid_social twice, email once) is a list of labels
    text = (
        "Campaign name,Month,Amount spent (EUR),Cost,Channel\n"
        'Brand,September 2026,"5,190.00",--,paid_social\n'
        'Brand,October 2026,"5,190.00","1,250.40",paid_social\n'
        'Retargeting,October 2026,820.00,"1,250.40",email\n'
    )
    path = write(tmp_path, "meta.csv", text)
    empty_con.execute(f"create temp view meta_view as select *, 1 as _row from read_csv('{path}', all_varchar = true)")
    columns = ["Campaign name", "Month", "Amount spent (EUR)", "Cost", "Channel"]
    advice = candidates.missing_advice(empty_con, "meta_view", columns, "spend", "source", "VARCHAR")
    assert "values are a few labels, repeated: 'Channel' (values 'email', 'paid_social')" in advice
    for column in ("Campaign name", "Month", "Amount spent (EUR)", "Cost"):
        assert f"'{column}' (" not in advice


MICROSOFT = (
    '"Report Name: Campaign performance report"\n"Report Time: 9/1/2026 - 11/30/2026"\n"Rows: 2"\n\n'
    '"Month","Campaign name","Spend"\n"9/1/2026","Bing Brand","310.20"\n"10/1/2026","Bing Brand","342.75"\n'
    '"Total","","652.95"\n'
)
MICROSOFT_MAP = '[spend.columns]\nmonth = "Month"\ncampaign = "Campaign name"\namount = "Spend"\n\n'
MICROSOFT_MAP += '[spend.constants]\nsource = "bing"\n'


def test_the_report_title_s_period_settles_the_order_of_its_dates_and_says_so(empty_con, tmp_path):
    path = write(tmp_path, "ms.csv", MICROSOFT)
    report = import_files(
        empty_con, "spend", [path], mapping=load_mapping(write(tmp_path, "m.toml", MICROSOFT_MAP))["spend"]
    )
    # 11/30/2026 in the title: month first, so 9/1/2026 is 1 September (310.20) and 10/1/2026 1 October (342.75)
    rows = empty_con.execute("select strftime(month, '%Y-%m-%d'), amount from spend order by month").fetchall()
    assert rows == [("2026-09-01", 310.20), ("2026-10-01", 342.75)]
    assert any("month first (as the report's title shows: 11/30/2026)" in how for _, _, how in report.formats)
    # a title that shows both orders, or none, settles nothing
    assert dates.title_order(["Report Time: 9/1/2026 - 11/30/2026"]).day_first is False
    assert dates.title_order(["Report Time: 30/11/2026"]).day_first is True
    assert dates.title_order(["Report Time: 9/1/2026 - 12/1/2026"]) is None
    assert dates.title_order(["From 30/11/2026 to 12/31/2026"]) is None


def test_a_skipped_total_row_is_not_said_to_be_a_date_the_date_format_leaves_unread(empty_con, tmp_path):
    path = write(tmp_path, "ms.csv", MICROSOFT)
    stated = write(
        tmp_path,
        "m.toml",
        MICROSOFT_MAP.replace("[spend.constants]", '[spend]\ndate_format = ["%m/%d/%Y"]\n\n[spend.constants]'),
    )
    report = import_files(empty_con, "spend", [path], mapping=load_mapping(stated)["spend"])
    # 3 rows: 2 loaded, the Total row skipped as a totals row, and no warning of a date left unread
    assert (report.total_read, report.rows_loaded, report.skipped) == (3, 2, {checks.TOTALS_ROW: 1})
    assert not any(dates.STATED_UNREAD in alert for alert in report.alerts)


def test_the_every_model_table_writes_its_rows_as_the_main_table_does_beside_its_total():
    # 5 sources: 26,500 + 25,000 + 25,000 + 18,500 + 12,000 = 107,000 in the Total row
    won = [("organic", 26500.0), ("google", 25000.0), ("linkedin", 25000.0), ("meta", 18500.0), ("bing", 12000.0)]
    credited = pd.DataFrame([{"source": s, **dict.fromkeys(config.ATTRIBUTION_MODELS, v)} for s, v in won])
    shown, _ = tables.display(sources.models_table(credited))
    written = tables.styled(shown).to_string()
    rows = {line.split()[1]: line.split()[2] for line in written.splitlines()[1:]}
    # $26.5k and $18.5k as the main table writes them (not $27k and $19k), the total $107k
    assert rows == {
        "Organic": "$26.5k",
        "Google": "$25.0k",
        "LinkedIn": "$25.0k",
        "Meta": "$18.5k",
        "Bing": "$12.0k",
        "Total": "$107k",
    }
