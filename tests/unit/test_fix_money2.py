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


# Reddit's API as exported: spend in millionths under a plain "spend" (102000000 is 102.00)
REDDIT_API = (
    "date,campaign_name,impressions,clicks,spend\n"
    "2026-03-30,Spring,10234,120,102000000\n"
    "2026-03-31,Spring,9876,110,99000000\n"
    "2026-04-01,Spring,11000,130,104000000\n"
)
REDDIT_MAPPING = (
    '[spend.columns]\nmonth = "date"\ncampaign = "campaign_name"\namount = "spend"\n'
    '[spend.constants]\nsource = "reddit_ads"\n'
)


def test_spend_in_millionths_without_micro_in_its_header_is_refused_naming_the_mapping_line(empty_con, tmp_path):
    mapping = load_mapping(write(tmp_path, "m.toml", REDDIT_MAPPING))["spend"]
    path = write(tmp_path, "reddit.csv", REDDIT_API)
    # row 1: 102,000,000 / 10,234 impressions * 1,000 = 9,966,777 per 1,000 impressions (all 3 rows above 1,000,000)
    with pytest.raises(ImportRefused, match=r"3 of 3 rows .*row 1 spends 102,000,000 on 10,234 impressions") as refused:
        import_files(empty_con, "spend", [path], mapping=mapping)
    assert "amount_in_micros = true" in str(refused.value)
    assert store.scalar(empty_con, "select count(*) from spend") == 0
    # stated: divided by 1,000,000: March 102 + 99 = 201, April 104
    micros = load_mapping(write(tmp_path, "micros.toml", REDDIT_MAPPING + "[spend]\namount_in_micros = true\n"))
    report = import_files(empty_con, "spend", [path], mapping=micros["spend"])
    [(_, _, how)] = [f for f in report.formats if f[1] == "spend"]
    assert how.endswith("in millionths (the mapping says amount_in_micros = true): divided by 1,000,000")
    months = empty_con.execute("select month::varchar, sum(amount) from spend group by 1 order by 1").fetchall()
    assert months == [("2026-03-01", 201.0), ("2026-04-01", 104.0)]


def test_spend_with_impressions_at_a_real_cost_or_stated_as_written_is_kept(empty_con, tmp_path):
    # $12.50 on 1,000 impressions is 12.50 per 1,000; a row of 0 impressions is not compared
    real = 'month,source,Impressions,Search impr. share,spend\n2026-05,x,"1,000",50%,12.50\n2026-05,x,0,0%,3\n'
    spend = '[spend.columns]\nmonth = "month"\nsource = "source"\namount = "spend"\n'
    import_files(
        empty_con,
        "spend",
        [write(tmp_path, "real.csv", real)],
        mapping=load_mapping(write(tmp_path, "s.toml", spend))["spend"],
    )
    assert store.scalar(empty_con, "select sum(amount) from spend") == 15.5
    # a currency of small units (Vietnamese dong: 250,000 on 10 impressions, 25,000,000 per 1,000) stated as written
    dong = "month,source,impressions,spend\n2026-05,x,10,250000\n"
    mapping = load_mapping(write(tmp_path, "m.toml", spend + "[spend]\namount_in_micros = false\n"))["spend"]
    with pytest.raises(ImportRefused, match="amount_in_micros"):
        import_files(
            empty_con,
            "spend",
            [write(tmp_path, "dong.csv", dong)],
            mapping=load_mapping(write(tmp_path, "s.toml", spend))["spend"],
        )
    import_files(empty_con, "spend", [write(tmp_path, "dong.csv", dong)], mapping=mapping)
    assert store.scalar(empty_con, "select sum(amount) from spend") == 250000.0


@pytest.mark.parametrize(
    ("first", "second", "code"),
    [
        # Taiwan's and Korea's Excel: no cent in either currency, so 1,235 + 3,400 = 4,635 units, never 1.235
        ("NT$1,235", "NT$3,400", "TWD"),
        ("￦1,235", "￦3,400", "KRW"),
        ("1.235 HUF", "3.400 HUF", "HUF"),
    ],
)
def test_amounts_in_a_currency_without_minor_units_are_whole(empty_con, tmp_path, first, second, code):
    text = f'deal_id,created_at,status,amount,closed_at\nD1,2026-05-01,won,"{first}",2026-05-20\n'
    text += f'D2,2026-05-01,won,"{second}",2026-05-20\n'
    report = import_files(empty_con, "deals", [write(tmp_path, "d.csv", text)])
    assert report.currency == code
    assert metrics.deal_summary(empty_con, Filters()).revenue == 4635.0


def test_a_bare_dollar_or_yen_of_three_digits_stays_ambiguous(empty_con, tmp_path):
    # $1,235 may be 1.235 (some dollar's fractions in a price list), and ¥ is the yuan's too: still refused
    for sign in ("$", "¥"):
        text = f'deal_id,created_at,status,amount,closed_at\nD1,2026-05-01,won,"{sign}1,235",2026-05-20\n'
        with pytest.raises(ImportRefused, match="decimal point or as a thousands separator"):
            import_files(empty_con, "deals", [write(tmp_path, "d.csv", text)])


def test_yuan_sign_amounts_are_read_as_the_stored_cny(empty_con, tmp_path):
    header = "deal_id,created_at,status,amount,closed_at\n"
    # CNY 100.50 stored; 12,500.25元 appended: 12,600.75 in CNY, said in the report
    import_files(empty_con, "deals", [write(tmp_path, "a.csv", header + "A,2026-05-01,won,CNY 100.50,2026-05-20\n")])
    yuan = write(tmp_path, "b.csv", header + 'B,2026-05-02,won,"12,500.25元",2026-05-21\n')
    report = import_files(empty_con, "deals", [yuan], mode="append")
    assert report.currency == "CNY"
    assert metrics.deal_summary(empty_con, Filters()).revenue == 12600.75
