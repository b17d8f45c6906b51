"""Money a new-user trial saw misread or refused: currencies shown only by an XLSX number format (TL, NT$, the Gulf's
Arabic signs, ש"ח, 원, 元), local signs written in the amount cells, and NT$ beside stored TWD. Each file is
written small here and its values counted by hand."""

from __future__ import annotations

import pytest

from dashboard import metrics, store
from dashboard.filters import Filters
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping

DEALS_MAPPING = (
    '[deals.columns]\ndeal_id = "Deal ID"\nstatus = "Stage"\namount = "Amount"\ncreated_at = "Created"\n'
    'closed_at = "Closed"\n[deals.values.status]\n"Won" = "won"\n'
)
# one spend row in dollars: $300 in May 2026
DOLLAR_SPEND = "month,source,amount\n2026-05,google,$300\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _workbook(path, fmt):
    """Two won deals of 1,000 and 2,500 whose amount cells are numbers shown in the number format `fmt`."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Deal ID", "Stage", "Amount", "Created", "Closed"])
    for i, amount in enumerate((1000, 2500), start=2):
        sheet.append([f"D{i}", "Won", amount, "2026-05-01", "2026-05-20"])
        sheet.cell(i, 3).number_format = fmt
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("fmt", "code"),
    [
        ('#,##0.00 "TL"', "TRY"),
        ("#,##0.00 [$TL-41F]", "TRY"),
        ("[$NT$-404]#,##0", "TWD"),
        # Saudi, Emirati and Egyptian Excel write a right-to-left mark after the sign
        ("[$ر.س.\u200f-401] #,##0.00", "SAR"),
        ("[$د.إ.\u200f-3801] #,##0.00", "AED"),
        ("[$ج.م.\u200f-C01] #,##0.00", "EGP"),
        ('#,##0.00 "ש""ח"', "ILS"),
        ('#,##0"원"', "KRW"),
        # 元 is the yuan's and the New Taiwan dollar's: a currency apart, stated as written
        ('#,##0.00"元"', "元"),
        # a sign no table here knows is a currency all the same
        ("[$XYZ-1]#,##0", "XYZ"),
    ],
)
def test_a_currency_shown_only_by_the_number_format_is_refused_beside_dollar_spend(empty_con, tmp_path, fmt, code):
    import_files(empty_con, "spend", [write(tmp_path, "spend.csv", DOLLAR_SPEND)])
    mapping = load_mapping(write(tmp_path, "m.toml", DEALS_MAPPING))["deals"]
    book = _workbook(tmp_path / "deals.xlsx", fmt)
    with pytest.raises(ImportRefused, match=rf"the amounts are in {code} .*stored spend are in dollars"):
        import_files(empty_con, "deals", [book], mapping=mapping)
    # alone, the same workbook states its currency: 1,000 + 2,500 = 3,500
    alone = store.connect(":memory:")
    report = import_files(alone, "deals", [book], mapping=mapping)
    assert report.currency == code
    assert metrics.deal_summary(alone, Filters()).revenue == 3500.0
    alone.close()


def test_number_formats_with_an_empty_tag_name_no_currency():
    from dashboard.importers.currency import in_number_format

    # [$-409] is a locale alone, [$-F800] Excel's system date: no sign, no currency
    assert in_number_format("[$-409]#,##0.00") is None
    assert in_number_format("[$-F800]dddd, mmmm dd, yyyy") is None


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        # 12,500.50 + 3,400.00 = 15,900.50 in each
        (('"12.500,50 TL"', '"3.400,00 TL"'), "TRY"),
        (('"12,500.50 د.إ"', '"3,400.00 د.إ"'), "AED"),
        (('"12,500.50 ر.س"', '"3,400.00 ر.س"'), "SAR"),
        (('"12,500.50 ج.م"', '"3,400.00 ج.م"'), "EGP"),
        (('"12,500.50 ש""ח"', '"3,400.00 ש""ח"'), "ILS"),
        (('"12.500,50 ευρώ"', '"3.400,00 ευρώ"'), "EUR"),
    ],
)
def test_local_signs_written_after_the_amount_are_read_and_stated(empty_con, tmp_path, cells, code):
    text = "deal_id,created_at,status,amount,closed_at\n" + "".join(
        f"D{i},2026-05-01,won,{cell},2026-05-20\n" for i, cell in enumerate(cells)
    )
    report = import_files(empty_con, "deals", [write(tmp_path, "d.csv", text)])
    assert report.currency == code
    assert metrics.deal_summary(empty_con, Filters()).revenue == 15900.5


def test_won_and_yuan_suffixes_are_read(empty_con, tmp_path):
    # 12,500,000원 + 3,400,000원 = 15,900,000 won; a 1,234.5 shows the comma groups thousands
    won = 'deal_id,created_at,status,amount,closed_at\nD1,2026-05-01,won,"12,500,000원",2026-05-20\n'
    won += 'D2,2026-05-01,won,"3,400,000원",2026-05-20\nD3,2026-05-01,lost,"1,234.5원",2026-05-20\n'
    report = import_files(empty_con, "deals", [write(tmp_path, "w.csv", won)])
    assert report.currency == "KRW"
    assert metrics.deal_summary(empty_con, Filters()).revenue == 15900000.0


def test_nt_dollars_append_onto_stored_twd_and_are_refused_beside_a_bare_dollar(empty_con, tmp_path):
    header = "deal_id,created_at,status,amount,closed_at\n"
    # TWD 1,000.50 stored; NT$2,000.25 appended: 3,000.75
    twd = write(tmp_path, "a.csv", header + 'A,2026-05-01,won,"TWD 1,000.50",2026-05-20\n')
    import_files(empty_con, "deals", [twd])
    nt = write(tmp_path, "b.csv", header + 'B,2026-05-02,won,"NT$2,000.25",2026-05-21\n')
    report = import_files(empty_con, "deals", [nt], mode="append")
    assert report.currency == "TWD"
    assert metrics.deal_summary(empty_con, Filters()).revenue == 3000.75
    # spend in bare $ (maybe US dollars, some 30 times as much) is not taken for NT$
    with pytest.raises(ImportRefused, match=r"amounts are in dollars .*stored deals are in TWD"):
        import_files(empty_con, "spend", [write(tmp_path, "s.csv", DOLLAR_SPEND)])


CANONICAL_DEALS = (
    '[deals.columns]\ndeal_id = "deal_id"\ncreated_at = "created_at"\nstatus = "status"\nclosed_at = "closed_at"\n'
    'amount = "amount"\n'
)


@pytest.mark.parametrize(
    ("header", "euro", "other", "code"),
    [
        ("Νόμισμα", "Ευρώ", "Δολάριο ΗΠΑ", "USD"),
        ("מטבע", "יורו", "שקל חדש", "ILS"),
        ("العملة", "يورو", "ريال سعودي", "SAR"),
        ("Döviz", "Euro", "Türk Lirası", "TRY"),
    ],
)
def test_a_currency_column_headed_in_greek_hebrew_arabic_or_turkish_is_read(
    empty_con, tmp_path, header, euro, other, code
):
    mapping = load_mapping(write(tmp_path, "m.toml", CANONICAL_DEALS))["deals"]
    head = f"deal_id,created_at,status,amount,closed_at,{header}\n"
    # 1,000 in euros beside 2,000 in another currency: refused, never added up to 3,000
    mixed = head + f"D1,2026-05-01,won,1000,2026-05-20,{euro}\nD2,2026-05-01,won,2000,2026-05-20,{other}\n"
    with pytest.raises(ImportRefused, match=f"several currencies \\(column '{header}'"):
        import_files(empty_con, "deals", [write(tmp_path, "mixed.csv", mixed)], mapping=mapping)
    # one currency throughout: stated, 2,000 + 500 = 2,500
    one = head + f"D1,2026-05-01,won,2000,2026-05-20,{other}\nD2,2026-05-01,won,500,2026-05-20,{other}\n"
    report = import_files(empty_con, "deals", [write(tmp_path, "one.csv", one)], mapping=mapping)
    assert report.currency == code
    assert metrics.deal_summary(empty_con, Filters()).revenue == 2500.0
