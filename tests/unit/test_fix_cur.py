"""Currencies, converted amounts, pipelines and deal types named in other languages than English: each was read in
silence (several currencies added up, a renewal counted as a new customer). Small files, counted by hand."""

from __future__ import annotations

import duckdb
import pytest
from test_review17_fixes import imported, write

from dashboard.cli import main
from dashboard.importers.mapping import is_currency_column, likely_converted


def won(tmp_path) -> list[tuple]:
    """The won deals' count and revenue as stored."""
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute("select count(*), round(sum(amount), 2) from deals where status = 'won'").fetchall()
    finally:
        con.close()


def deals_file(tmp_path, currency_header: str, currencies: tuple[str, str, str] = ("EUR", "EUR", "CHF")):
    """Three deals in a HubSpot-like German export: 1,234.56 won, 10,000 lost, 2,000 won, in `currencies`."""
    a, b, c = currencies
    return write(
        tmp_path,
        "deals.csv",
        f'Datensatz-ID,Deal-Phase,Betrag,"{currency_header}",Erstellungsdatum\n'
        f'5001,Gewonnen,"1.234,56",{a},22.01.2025\n'
        f'5002,Verloren,"10.000,00",{b},06.02.2025\n'
        f'5004,Gewonnen,"2.000,00",{c},16.03.2025\n',
    )


MAPPING = (
    '[deals.columns]\ndeal_id = "Datensatz-ID"\ncreated_at = "Erstellungsdatum"\nstatus = "Deal-Phase"\n'
    'amount = "Betrag"\n[deals.values.status]\n"gewonnen" = "won"\n"verloren" = "lost"\n'
)


# the headers a tester found imported in silence with EUR and CHF rows (HubSpot's and Salesforce's localized exports,
# Pipedrive's, and English ones the whole-header list did not have)
SILENT_HEADERS = [
    "Deal-Währung",
    "Währung des Deals",
    "Opportunity-Währung",
    "Betragswährung",
    "Betrag Währung",
    "Deal-Währungscode",
    "Devise de l'opportunité",
    "Devise du montant",
    "Divisa",
    "Divisa de la oportunidad",
    "Moneda del negocio",
    "Moeda do negócio",
    "Valuta van deal",
    "商談 通貨",
    "取引の通貨",
    "金額 通貨",
    "Opportunity Currency",
    "Amount Currency",
    "Deal Currency",
]


@pytest.mark.parametrize("header", SILENT_HEADERS)
def test_a_translated_or_compound_currency_header_refuses_several_currencies(tmp_path, capsys, header):
    # by hand: EUR rows 5001 and 5002 (2), CHF row 5004 (1). Was: imported, revenue 1,234.56 + 2,000 = 3,234.56
    path = deals_file(tmp_path, header)
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", MAPPING)))
    assert code != 0
    shown = repr(header)
    assert f"the amounts are in several currencies (column {shown}: EUR 2 rows, CHF 1 row)" in err


def test_a_translated_currency_header_of_one_currency_records_it(tmp_path, capsys):
    # by hand: won 5001 and 5004, 1,234.56 + 2,000.00 = 3,234.56, all EUR. Was: no currency recorded
    path = deals_file(tmp_path, "Divisa de la oportunidad", ("EUR", "EUR", "EUR"))
    code, out, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", MAPPING)))
    assert code == 0, err
    assert "amounts in EUR (column 'Divisa de la oportunidad')" in out
    assert won(tmp_path) == [(2, 3234.56)]


@pytest.mark.parametrize(
    "header",
    [
        "Betrag in Unternehmenswährung",
        "Amount in company currency",
        "Montant dans la devise de l'entreprise",
        "Importe en la moneda de la empresa",
        "Valor na moeda da empresa",
        "Bedrag in bedrijfsvaluta",
        "会社の通貨での金額",
        "Betrag (konvertiert) Währung",
        "Währungskurs",
        "Taux de change de la devise",
        "Currency conversion rate",
        "Valutazione",
    ],
)
def test_an_amount_or_a_rate_with_a_currency_word_is_no_currency_column(header):
    # amounts in the company's currency and exchange rates hold numbers: read as codes, each number a "currency"
    assert not is_currency_column(header)


def test_an_exchange_rate_column_does_not_refuse_a_file(tmp_path, capsys):
    # "Währungskurs" 1,00 / 1,00 / 0,95 is a number, not three currencies; no currency column: by hand won 5001 and
    # 5004, 1,234.56 + 2,000.00 = 3,234.56
    path = deals_file(tmp_path, "Währungskurs", ("1,00", "1,00", "0,95"))
    path.write_text(path.read_text(encoding="utf-8").replace(",1,00,", ',"1,00",').replace(",0,95,", ',"0,95",'))
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", MAPPING)))
    assert code == 0, err
    assert won(tmp_path) == [(2, 3234.56)]


def test_a_column_of_currency_codes_under_any_header_refuses_several_currencies(tmp_path, capsys):
    # no currency word in "ISO": its values EUR, EUR, CHF are codes of 2 currencies (EUR 2 rows, CHF 1 row)
    path = deals_file(tmp_path, "ISO")
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", MAPPING)))
    assert code != 0
    assert "the amounts are in several currencies (column 'ISO': EUR 2 rows, CHF 1 row)" in err


def test_a_column_of_words_that_are_codes_in_capitals_only_is_no_currency(tmp_path, capsys):
    # "all" and "top" are ALL and TOP in capitals only: a tag column, not currencies; by hand won 3,234.56 as above
    path = deals_file(tmp_path, "Tags", ("all", "top", "all"))
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", MAPPING)))
    assert code == 0, err
    assert won(tmp_path) == [(2, 3234.56)]


@pytest.mark.parametrize(
    ("converted", "own"),
    [
        ("Betrag in Unternehmenswährung", "Betrag"),
        ("Betrag (konvertiert)", "Betrag"),
        ("金額 (換算)", "金額"),
        ("会社の通貨での金額", "金額"),
        ("Montant (converti)", "Montant"),
        ("Montant dans la devise de l'entreprise", "Montant"),
        ("Importe (convertido)", "Importe"),
        ("Importe en la moneda de la empresa", "Importe"),
        ("Valor (convertido)", "Valor"),
        ("Valor na moeda da empresa", "Valor"),
        ("Bedrag in bedrijfsvaluta", "Bedrag"),
    ],
)
def test_a_translated_converted_amount_is_found_beside_its_own_amount(converted, own):
    assert likely_converted([own, "Währung", converted], [own]) == converted


# HubSpot's German deals export: 5004 is CHF 2,000, 2,100 in the company's EUR
HUBSPOT_DE = (
    "Datensatz-ID,Deal-Phase,Betrag,Währung,Betrag in Unternehmenswährung,Erstellungsdatum\n"
    '5001,Gewonnen,"1.234,56",EUR,"1.234,56",22.01.2025\n'
    '5002,Verloren,"10.000,00",EUR,"10.000,00",06.02.2025\n'
    '5004,Gewonnen,"2.000,00",CHF,"2.100,00",16.03.2025\n'
)


def test_map_proposes_the_german_company_currency_amount(tmp_path, capsys):
    path = write(tmp_path, "hs_de.csv", HUBSPOT_DE)
    out = tmp_path / "proposed.toml"
    assert main(["map", "--kind", "deals", "--out", str(out), str(path)]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'amount = ["Betrag in Unternehmenswährung", "Betrag"]' in text
    assert 'converted = ["Betrag in Unternehmenswährung"]' in text


def test_the_refusal_names_the_files_converted_column_and_its_line_works(tmp_path, capsys):
    # without converted: refused, naming the file's own column (was HubSpot's English 'Amount in company currency')
    path = write(tmp_path, "hs_de.csv", HUBSPOT_DE)
    bare = MAPPING + '[deals.one_currency]\ncode = ["Währung"]\n'
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "bare.toml", bare)))
    assert code != 0
    assert "this file has 'Betrag in Unternehmenswährung', the amount in the company's currency" in err
    assert "Amount in company currency" not in err
    # the line the refusal asks for, amount left as it was: read first. Was: the same refusal again. By hand: won
    # 5001 1,234.56 + 5004 2,100.00 (its EUR) = 3,334.56
    stated = bare + 'converted = ["Betrag in Unternehmenswährung"]\n'
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "stated.toml", stated)))
    assert code == 0, err
    assert won(tmp_path) == [(2, 3334.56)]


def pipelines_file(tmp_path, header: str):
    """Four deals in EUR: three of the sales pipeline (won 1,234.56 and 2,000, lost 10,000), a won 900 renewal."""
    return write(
        tmp_path,
        "pipes.csv",
        f"Record-ID,Dealfase,{header},Bedrag,Aanmaakdatum\n"
        "5001,Gewonnen,Sales pipeline,1234.56,2025-01-22\n"
        "5002,Verloren,Sales pipeline,10000,2025-02-06\n"
        "5004,Gewonnen,Sales pipeline,2000,2025-03-16\n"
        "5005,Gewonnen,Verlengingen,900,2025-03-01\n",
    )


PIPES_MAPPING = (
    '[deals.columns]\ndeal_id = "Record-ID"\ncreated_at = "Aanmaakdatum"\nstatus = "Dealfase"\namount = "Bedrag"\n'
    '[deals.values.status]\n"gewonnen" = "won"\n"verloren" = "lost"\n'
)


@pytest.mark.parametrize("header", ["Pipeline", "Pijplijn", "パイプライン", "Canalización"])
def test_a_translated_pipeline_column_warns_of_two_pipelines(tmp_path, capsys, header):
    # by hand: 'Sales pipeline' 3 rows, 'Verlengingen' 1; won 3: 1,234.56 + 2,000 + 900 = 4,134.56, with the warning
    path = pipelines_file(tmp_path, header)
    code, out, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", PIPES_MAPPING)))
    assert code == 0, err
    assert f"the deals are of 2 pipelines (column {header!r}: 'Sales pipeline' 3, 'Verlengingen' 1)" in out
    assert won(tmp_path) == [(3, 4134.56)]


@pytest.mark.parametrize(
    ("header", "existing"),
    [
        ("Deal Type", "Existing Business"),
        ("Deal-Typ", "Bestehendes Geschäft"),
        ("Type de transaction", "Affaires existantes"),
        ("Tipo de negocio", "Negocio existente"),
        ("Tipo de negócio", "Negócio existente"),
        ("Dealtype", "Bestaande klant"),
        ("取引タイプ", "既存ビジネス"),
    ],
)
def test_a_translated_deal_type_of_existing_business_warns(tmp_path, capsys, header, existing):
    # by hand: one of the four deals (5005) is existing business; the other three are new
    path = pipelines_file(tmp_path, header)
    text = path.read_text(encoding="utf-8").replace("Sales pipeline", "Neu").replace("Verlengingen", existing)
    path.write_text(text, encoding="utf-8")
    code, out, err = imported(tmp_path, capsys, path, "--mapping", str(write(tmp_path, "m.toml", PIPES_MAPPING)))
    assert code == 0, err
    assert f"1 deal of existing customers by column {header!r} ({existing!r} 1)" in out
