"""The currency of the amounts (dashboard.importers.currency): stated by a file's header, cells or currency column,
kept with the table, refused when it differs from the stored money, and the symbol money is shown with."""

from __future__ import annotations

import contextvars
import json

import pytest

from dashboard import charts, cli, formatting, store
from dashboard.export import export_tables
from dashboard.filters import Filters
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.currency import in_header
from dashboard.importers.mapping import load_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping(tmp_path, text):
    return load_mapping(write(tmp_path, "m.toml", text))


PIPEDRIVE = (
    '[deals.columns]\ndeal_id = "Deal - ID"\ncreated_at = "Deal - Deal created"\nstatus = "Deal - Status"\n'
    'amount = "Deal - Value"\n[deals.one_currency]\ncode = ["Deal - Currency"]\n'
)


def pipedrive(tmp_path, name, code, rows):
    lines = "".join(f"{deal_id},2025-01-0{day},won,{value},{code}\n" for deal_id, day, value in rows)
    return write(tmp_path, name, "Deal - ID,Deal - Deal created,Deal - Status,Deal - Value,Deal - Currency\n" + lines)


def test_a_header_names_a_currency_only_when_it_names_one():
    assert in_header("Amount spent (EUR)") == "EUR"
    assert in_header("Cost (€)") == "EUR"
    assert in_header("Revenue in GBP") == "GBP"
    assert in_header("Amount (R$)") == "BRL"
    # a bare $ is any dollar; no currency at all; two currencies; letters around a code are a word
    assert in_header("Amount ($)") is None
    assert in_header("Deal - Value") is None
    assert in_header("Amount USD/EUR") is None
    assert in_header("EUROPE revenue") is None


def test_a_currency_column_of_one_value_states_it_and_another_currency_is_refused(empty_con, tmp_path):
    m = mapping(tmp_path, PIPEDRIVE)["deals"]
    # two won deals in euros: 100 + 250 = 350 €
    euros = pipedrive(tmp_path, "eur.csv", "EUR", [("D1", 1, 100), ("D2", 2, 250)])
    report = import_files(empty_con, "deals", [euros], mapping=m)
    assert report.currency == "EUR"
    assert "eur.csv: amounts in EUR (column 'Deal - Currency')" in report.notes
    assert store.currency(empty_con) == "EUR"
    # the dollars of another file, appended: 350 € + 90 $ would mean nothing, so nothing changes
    dollars = pipedrive(tmp_path, "usd.csv", "USD", [("D3", 3, 90)])
    with pytest.raises(ImportRefused, match=r"usd.csv: the amounts are in USD .* the stored deals are in EUR"):
        import_files(empty_con, "deals", [dollars], mapping=m, mode="append")
    assert empty_con.execute("select count(*), sum(amount) from deals").fetchone() == (2, 350.0)
    # spend in dollars beside deals in euros: ROI would divide one by the other
    spend = write(tmp_path, "spend.csv", "month,source,Cost (USD)\n2025-01-01,paid_search,40\n")
    spend_map = mapping(tmp_path, '[spend.columns]\nmonth = "month"\nsource = "source"\namount = "Cost (USD)"\n')
    with pytest.raises(ImportRefused, match=r"spend.csv: the amounts are in USD \(the header 'Cost \(USD\)'\)"):
        import_files(empty_con, "spend", [spend], mapping=spend_map["spend"])
    assert store.scalar(empty_con, "select count(*) from spend") == 0


def test_amounts_naming_no_currency_are_read_in_the_stored_one_and_said(empty_con, tmp_path):
    # spend in euros by its cells; then deals of plain numbers: read as euros, and the report says so
    spend = write(tmp_path, "spend.csv", 'month,source,amount\n2025-01-01,paid_search,"€1,200.50"\n')
    report = import_files(empty_con, "spend", [spend])
    assert report.currency == "EUR"
    assert report.notes[-1] == "spend.csv: amounts in EUR (values such as '€1,200.50')"
    deals = write(tmp_path, "deals.csv", "deal_id,created_at,status,amount\nD1,2025-01-02,won,500\n")
    report = import_files(empty_con, "deals", [deals])
    assert report.currency is None
    assert "deals: the amounts name no currency: read as EUR, the currency of the stored spend" in report.notes
    # the deals read as euros are kept so (fix60): a later spend in another currency cannot relabel them
    assert store.stated_currencies(empty_con) == {"deals": "EUR", "spend": "EUR"}
    # replacing the spend with amounts of no currency reads them in the stored deals' euros
    import_files(empty_con, "spend", [write(tmp_path, "plain.csv", "month,source,amount\n2025-01-01,email,10\n")])
    assert store.currency(empty_con) == "EUR"


def test_a_file_that_names_two_currencies_is_refused(empty_con, tmp_path):
    # its header says dollars, its cells euros: which one is meant cannot be known
    spend = write(tmp_path, "spend.csv", 'month,source,Cost (USD)\n2025-01-01,paid_search,"€1,200.50"\n')
    m = mapping(tmp_path, '[spend.columns]\nmonth = "month"\nsource = "source"\namount = "Cost (USD)"\n')
    with pytest.raises(ImportRefused, match=r"currency is unclear \(the header 'Cost \(USD\)' says USD, values"):
        import_files(empty_con, "spend", [spend], mapping=m["spend"])
    # two files of one import in two currencies
    a = write(tmp_path, "a.csv", "month,source,amount\n2025-01-01,email,€10\n")
    b = write(tmp_path, "b.csv", "month,source,amount\n2025-02-01,email,£10\n")
    with pytest.raises(ImportRefused, match=r"different currencies \(a.csv: EUR .*; b.csv: GBP"):
        import_files(empty_con, "spend", [a, b])
    assert store.scalar(empty_con, "select count(*) from spend") == 0


def test_money_is_written_with_the_stated_currency_s_symbol():
    def shown(code):
        formatting.use_currency(code)
        return (
            formatting.fmt_money(1200),
            formatting.fmt_money_full(-3500),
            charts.money_axis()["tickprefix"],
            charts.hover_money("y"),
        )

    # each in a context of its own, as each page run is: nothing leaks into the tests after this one
    assert contextvars.copy_context().run(shown, "EUR") == ("€1.2k", "-€3,500", "€", "€%{y:,.0f}")
    assert contextvars.copy_context().run(shown, "CHF") == (
        "CHF\u00a01.2k",
        "-CHF\u00a03,500",
        "CHF\u00a0",
        "CHF\u00a0%{y:,.0f}",
    )
    assert contextvars.copy_context().run(shown, None)[0] == "$1.2k"
    assert formatting.fmt_money(1200) == "$1.2k"


def test_the_metrics_json_and_an_export_name_the_currency(empty_con, tmp_path):
    assert cli.metrics_document(empty_con, Filters())["currency"] is None
    spend = write(tmp_path, "spend.csv", "month,source,amount\n2025-01-01,paid_search,10 GBP\n")
    import_files(empty_con, "spend", [spend])
    assert cli.metrics_document(empty_con, Filters())["currency"] == "GBP"
    export_tables(empty_con, tmp_path / "out")
    meta = json.loads((tmp_path / "out" / "meta.json").read_text(encoding="utf-8"))
    assert meta == {"currency:spend": "GBP"}


def test_lower_case_codes_of_warehouse_exports_and_words_that_are_not_codes():
    assert in_header("spend_usd") == "USD"
    assert in_header("cost (eur)") == "EUR"
    assert in_header("Try again") is None
    assert in_header("Cost per try") is None


def test_a_bare_dollar_is_any_dollar_but_never_the_stored_euro(empty_con, tmp_path):
    spend = write(tmp_path, "spend.csv", "month,source,amount\n2025-01-01,paid_search,€10.50\n")
    import_files(empty_con, "spend", [spend])
    dollars = write(tmp_path, "deals.csv", "deal_id,created_at,status,amount\nD1,2025-01-02,won,$40.50\n")
    with pytest.raises(ImportRefused, match=r"deals.csv: the amounts are in dollars .* the stored spend are in EUR"):
        import_files(empty_con, "deals", [dollars])
    # beside US dollars a bare $ is read as them, and said
    import_files(empty_con, "spend", [write(tmp_path, "usd.csv", "month,source,amount\n2025-01-01,email,10 USD\n")])
    report = import_files(empty_con, "deals", [dollars])
    assert "deals: the amounts name no currency: read as USD, the currency of the stored spend" in report.notes
    # a column headed USD whose cells write $: one currency, US dollars
    headed = write(tmp_path, "headed.csv", "month,source,Cost (USD)\n2025-02-01,email,$12.50\n")
    m = mapping(tmp_path, '[spend.columns]\nmonth = "month"\nsource = "source"\namount = "Cost (USD)"\n')
    assert import_files(empty_con, "spend", [headed], mapping=m["spend"], mode="append").currency == "USD"


def test_money_stored_without_a_currency_is_read_in_the_configured_one_and_kept(empty_con, tmp_path):
    import_files(
        empty_con, "deals", [write(tmp_path, "deals.csv", "deal_id,created_at,status,amount\nD1,2025-01-02,won,500\n")]
    )
    # the plain deals are shown in $ (USD): euros of spend would relabel them (fix60), so they are refused
    euros = write(tmp_path, "spend.csv", "month,source,amount\n2025-01-01,email,€10.50\n")
    with pytest.raises(ImportRefused, match=r"the stored deals name no currency and are read as USD"):
        import_files(empty_con, "spend", [euros])
    report = import_files(
        empty_con, "spend", [write(tmp_path, "usd.csv", "month,source,amount\n2025-01-01,email,10.50 USD\n")]
    )
    assert report.notes[-2:] == [
        "usd.csv: amounts in USD (values such as '10.50 USD')",
        "the stored deals name no currency: read as USD too, and kept so",
    ]
    assert store.stated_currencies(empty_con) == {"deals": "USD", "spend": "USD"}


def test_a_currency_goes_with_the_rows_it_was_stated_for(empty_con, tmp_path):
    # demo rows replace the stated currency; removing the demo data (the first import of one's own) and clearing
    # every table leave none behind: a later import of plain numbers is not read in a currency nothing states
    from dashboard import demo

    import_files(
        empty_con, "deals", [write(tmp_path, "d.csv", "deal_id,created_at,status,amount\nD1,2025-01-02,won,€5.50\n")]
    )
    assert store.currency(empty_con) == "EUR"
    demo.generate(empty_con, leads=30, seed=1)
    assert store.get_meta(empty_con, store.CURRENCY_KEY.format("deals")) is None
    import_files(empty_con, "leads", [write(tmp_path, "l.csv", "lead_id,created_at,source\nL1,2025-01-01,web\n")])
    plain = write(tmp_path, "p.csv", "deal_id,created_at,status,amount\nD2,2025-01-03,won,700\n")
    report = import_files(empty_con, "deals", [plain], mode="append")
    assert store.currency(empty_con) is None
    assert not any("currency" in note for note in report.notes)
    import_files(empty_con, "spend", [write(tmp_path, "s.csv", "month,source,amount\n2025-01-01,web,10 USD\n")])
    store.clear_all(empty_con)
    assert empty_con.execute("select count(*) from meta where key like 'currency:%'").fetchone() == (0,)


def test_the_metrics_json_writes_its_money_in_the_currency_and_leaves_the_caller_s_as_it_was(empty_con, tmp_path):
    import_files(empty_con, "spend", [write(tmp_path, "spend.csv", "month,source,amount\n2025-01-01,email,€10.50\n")])
    assert cli.metrics_document(empty_con, Filters())["currency"] == "EUR"
    assert formatting.money_symbol() == "$"
