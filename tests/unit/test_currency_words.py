"""A currency column's own words for its currency (Brazil's Reais, Russia's руб and RUR, China's RMB, Czechia's Kč,
Hungary's Ft …) are that currency: a column of "BRL" and "Reais" was refused as two currencies."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.numbers import currency_code_of


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Reais", "BRL"),
        ("руб", "RUB"),
        ("руб.", "RUB"),
        ("Рубль", "RUB"),
        ("RUR", "RUB"),
        ("RMB", "CNY"),
        ("人民币", "CNY"),
        ("Kč", "CZK"),
        ("Ft", "HUF"),
        ("Rp", "IDR"),
        ("RM", "MYR"),
        ("грн", "UAH"),
        ("Тенге", "KZT"),
        # words of several currencies stay none
        ("kr", None),
        ("Dollar", None),
        ("元", None),
    ],
)
def test_currency_words(written, code):
    assert currency_code_of(written) == code


def test_a_column_of_brl_and_reais_is_one_currency(empty_con, tmp_path):
    # 3 deals in one currency written two ways: imported, won 1,500 + 2,500 = 4,000, the currency BRL
    text = (
        "Deal,Status,Created,Closed,Valor,Moeda\n"
        "D1,won,2025-01-05,2025-02-01,1500,BRL\nD2,won,2025-01-06,2025-02-02,2500,Reais\n"
        "D3,open,2025-01-07,,900,Reais\n"
    )
    (tmp_path / "d.csv").write_text(text, encoding="utf-8")
    (tmp_path / "m.toml").write_text(
        '[deals.columns]\ndeal_id = "Deal"\nstatus = "Status"\ncreated_at = "Created"\nclosed_at = "Closed"\n'
        'amount = "Valor"\n[deals.one_currency]\ncode = ["Moeda"]\n',
        encoding="utf-8",
    )
    report = import_files(empty_con, "deals", [tmp_path / "d.csv"], mapping=load_mapping(tmp_path / "m.toml")["deals"])
    won = "select sum(amount) filter (where status = 'won') from deals"
    assert empty_con.execute(won).fetchone() == (4000.0,)
    assert report.currency == "BRL"
