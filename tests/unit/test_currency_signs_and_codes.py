"""A sign several currencies write (¥ for yen and yuan, kr for four crowns) beside a file that names one of them by
code: the code says which, the report says the sign was read so, and the data shows the code. Before, Japanese
deals written ¥1,234 refused Google Ads spend in JPY ("the stored deals are in ¥ … convert the amounts to ¥")."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


YEN_DEALS = 'deal_id,created_at,status,amount\nd1,2026-03-01,won,"¥1,200,000"\nd2,2026-03-02,open,"¥800,500"\n'
JPY_SPEND = "month,source,JPY\n2026-03-01,paid_search,12000\n2026-03-01,events,8000\n"


def spend_in(tmp_path, code):
    """Spend whose amount column is headed by its currency's code."""
    text = f'[spend.columns]\nmonth = "month"\nsource = "source"\namount = "{code}"\n'
    return load_mapping(write(tmp_path, "spend.toml", text))["spend"]


def test_spend_in_jpy_after_deals_in_yen_signs_is_imported_and_said(empty_con, tmp_path):
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", YEN_DEALS)])
    assert store.currency(empty_con) == "¥"
    report = import_files(
        empty_con, "spend", [write(tmp_path, "spend.csv", JPY_SPEND)], mapping=spend_in(tmp_path, "JPY")
    )
    # spend by hand: 12,000 + 8,000 = 20,000
    assert store.scalar(empty_con, "select sum(amount) from spend") == 20000
    assert "the stored deals in ¥ are taken to be in JPY, which ¥ writes, and shown so from now on" in report.notes
    assert store.stated_currencies(empty_con) == {"deals": "JPY", "spend": "JPY"}


def test_deals_in_yen_signs_after_spend_in_jpy_are_read_as_jpy(empty_con, tmp_path):
    import_files(empty_con, "spend", [write(tmp_path, "spend.csv", JPY_SPEND)], mapping=spend_in(tmp_path, "JPY"))
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", YEN_DEALS)])
    # won by hand: d1 ¥1,200,000
    assert store.scalar(empty_con, "select sum(amount) from deals where status = 'won'") == 1200000
    note = next(n for n in report.notes if n.startswith("deals.csv: amounts in ¥"))
    assert note.endswith("read as JPY, the currency of the stored money")
    assert store.currency(empty_con) == "JPY"


def test_two_files_of_one_import_in_kr_and_sek_are_one_currency(empty_con, tmp_path):
    kr = write(tmp_path, "kr.csv", 'deal_id,created_at,status,amount\nd1,2026-03-01,won,"1 500,00 kr"\n')
    sek = write(tmp_path, "sek.csv", 'deal_id,created_at,status,amount\nd2,2026-03-02,won,"SEK 2 500,00"\n')
    report = import_files(empty_con, "deals", [kr, sek])
    # won by hand: 1,500 + 2,500 = 4,000
    assert store.scalar(empty_con, "select sum(amount) from deals") == 4000
    assert any(n.startswith("kr.csv: amounts in kr (") and n.endswith("read as SEK") for n in report.notes)
    assert store.currency(empty_con) == "SEK"


def test_a_code_the_sign_does_not_write_is_still_refused(empty_con, tmp_path):
    # ¥ is yen or yuan, never euros: nothing changes
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", YEN_DEALS)])
    eur = write(tmp_path, "eur.csv", "month,source,EUR\n2026-03-01,paid_search,100\n")
    with pytest.raises(ImportRefused, match=r"eur.csv: the amounts are in EUR .* the stored deals are in ¥"):
        import_files(empty_con, "spend", [eur], mapping=spend_in(tmp_path, "EUR"))
    assert store.scalar(empty_con, "select count(*) from spend") == 0
    assert store.stated_currencies(empty_con) == {"deals": "¥"}
