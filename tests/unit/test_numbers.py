"""Amounts as exports write them: every expected value here is worked out by hand, never by the code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import store
from dashboard.importers import checks
from dashboard.importers.numbers import (
    NumberFormat,
    canonical_text,
    decide_format,
    normalise_amount_column,
    parse_amount,
    refusal_message,
)

DOT = NumberFormat(".", ",")  # 1,234.56
COMMA = NumberFormat(",", ".")  # 1.234,56
NBSP = "\u00a0"


def test_brazilian_reais_with_a_no_break_space_in_a_dot_thousands_column():
    column = [f"R${NBSP}100.000", "R$ 1.234.567", "R$ 2.500,50"]
    result = decide_format(column)
    assert result.format == COMMA
    assert parse_amount(f"R${NBSP}100.000", result.format) == Decimal("100000")


def test_k_suffix_is_exact():
    assert parse_amount("$141.56K", DOT) == Decimal("141560")
    assert str(parse_amount("$141.56K", DOT)) != "141.56"


def test_m_suffix_after_a_space():
    assert parse_amount("5 M", DOT) == Decimal("5000000")
    assert parse_amount("2.5m", DOT) == Decimal("2500000")
    assert parse_amount("3bn", DOT) == Decimal("3000000000")


def test_parentheses_are_negative():
    assert parse_amount("(1,234)", DOT) == Decimal("-1234")
    assert parse_amount("($1,234)", DOT) == Decimal("-1234")


def test_trailing_minus_is_negative():
    assert parse_amount("1,234-", DOT) == Decimal("-1234")
    assert parse_amount("1.234,56-", COMMA) == Decimal("-1234.56")
    assert parse_amount("-$5", DOT) == Decimal("-5")


def test_iso_code_before_the_value():
    assert parse_amount("USD 1,200", DOT) == Decimal("1200")
    assert parse_amount("1.200 EUR", COMMA) == Decimal("1200")
    assert parse_amount("CHF 1'234.50", NumberFormat(".", "'")) == Decimal("1234.5")


def test_dot_thousands_and_decimal_comma():
    result = decide_format(["1.234.567,89"])
    assert result.format == COMMA
    assert parse_amount("1.234.567,89", result.format) == Decimal("1234567.89")


def test_comma_thousands_and_decimal_point():
    result = decide_format(["1,234,567.89"])
    assert result.format == DOT
    assert parse_amount("1,234,567.89", result.format) == Decimal("1234567.89")


def test_space_and_apostrophe_thousands():
    assert decide_format(["1 234 567,89"]).format == NumberFormat(",", " ")
    assert parse_amount("1 234 567,89", NumberFormat(",", " ")) == Decimal("1234567.89")
    assert parse_amount(f"1\u202f234{NBSP}567,89", NumberFormat(",", " ")) == Decimal("1234567.89")
    assert decide_format(["1'234.50"]).format == NumberFormat(".", "'")
    assert parse_amount("1'234.50", NumberFormat(".", "'")) == Decimal("1234.5")


def test_blanks_of_any_kind_around_the_value():
    assert parse_amount(f"\t{NBSP}12\u202f", DOT) == Decimal("12")
    assert parse_amount("\u2009€\u20095 ", DOT) == Decimal("5")


def test_an_ambiguous_value_is_read_by_the_rest_of_the_column():
    result = decide_format(["50.000", "1.234,56"])
    assert result.format == COMMA
    assert parse_amount("50.000", result.format) == Decimal("50000")
    assert parse_amount("1.234,56", result.format) == Decimal("1234.56")
    assert "1.234,56" in result.description
    assert "50.000 as 50000" in result.description


def test_a_column_of_only_ambiguous_values_is_undecided():
    result = decide_format(["100.000", "250.000", "100.000", "1,500", "7"])
    assert result.format is None
    assert result.examples == ("100.000", "250.000", "1,500")
    message = refusal_message("deals.csv", "Amount", "deals", result)
    assert message.startswith("deals.csv, column Amount: values such as 100.000, 250.000, 1,500 can be read")
    assert "[deals]" in message
    assert 'number_format = { decimal = ",", thousands = "." } if 100.000 means 100000' in message
    assert 'number_format = { decimal = ".", thousands = "," } if 100.000 means 100' in message


def test_a_declared_format_settles_an_ambiguous_column():
    result = decide_format(["100.000", "250.000"], declared=COMMA)
    assert result.format == COMMA
    assert parse_amount("100.000", result.format) == Decimal("100000")
    assert "mapping file" in result.description


def test_a_column_with_both_decimal_separators_is_undecided():
    result = decide_format(["12,5", "100.50", "7"])
    assert result.format is None
    assert set(result.examples) == {"12,5", "100.50"}
    assert 'decimal = ","' in refusal_message("spend.csv", "amount", "spend", result)


def test_amounts_in_several_currencies_are_refused_even_with_a_declared_format():
    # 12,500 dollars and 8,000 euros added up would read 20,500 of nothing
    values = ["USD 12,500.00", "EUR 8,000.00", "$500", "£500", "700"]
    for declared in (None, DOT):
        result = decide_format(values, declared=declared)
        assert result.format is None
        assert result.examples == ("USD 12,500.00", "EUR 8,000.00", "£500")
    message = refusal_message("deals.csv", "Amount", "deals", result)
    assert message.startswith(
        "deals.csv, column Amount: values are in several currencies (USD 12,500.00 in USD, EUR 8,000.00 in EUR, "
        "£500 in GBP), which cannot be added up; export the amounts converted to one currency"
    )
    assert "number_format" not in message


def test_one_currency_under_two_spellings_is_one_currency():
    # $ and USD, € and EUR, R$ and BRL: one currency each, read as usual
    for values, total in (
        (["$500", "USD 1,000.00", "700"], Decimal("2200")),
        (["€ 1.234,56", "EUR 1.000,00"], Decimal("2234.56")),
        (["R$ 100.000", "BRL 1.234,56"], Decimal("101234.56")),
    ):
        result = decide_format(values)
        assert result.decided, result.description
        assert sum(parse_amount(v, result.format) for v in values) == total
    # a Canadian dollar beside a bare $ is two currencies
    assert not decide_format(["C$5", "$5"]).decided


def test_a_value_that_would_pass_as_a_wrong_plain_number_is_refused():
    # thousands grouped by a space, so 100.000 fits no reading of this column; left as written the
    # strict cast would read it as 100
    assert decide_format(["1 234,50", "100.000"]).format is None
    # declared decimal comma, but 1.5 is written with a point
    result = decide_format(["1.234,50", "1.5"], declared=COMMA)
    assert result.format is None
    assert result.examples == ("1.5",)


def test_a_column_without_separators_takes_the_default():
    result = decide_format(["1200", "-5", "$300"])
    assert result.format == DOT
    assert "default" in result.description


@pytest.mark.parametrize(
    "text",
    [
        "12abc",
        "abc9def",
        "=1+1",
        "10-20",
        "1+1",
        "2024-01-05",
        "05/01/2024",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "infinity",
        "%",
        "5%",
        "--5",
        "-(5)",
        "(5",
        "$5 USD",
        "1,23,4",
        "",
        "   ",
        "1e9999",
        "5 MM",
    ],
)
def test_not_a_number(text):
    assert parse_amount(text, DOT) is None
    assert parse_amount(text, COMMA) is None


def test_scientific_notation_is_exact():
    assert parse_amount("1.5E+06", DOT) == Decimal("1500000")
    assert parse_amount("1e308", DOT) == Decimal(10) ** 308
    assert decide_format(["1.5E+06"]).format == DOT


def test_canonical_text_is_plain():
    assert canonical_text(Decimal("141560.00")) == "141560"
    assert canonical_text(Decimal("1.5E+6")) == "1500000"
    assert canonical_text(Decimal("-1234567.890")) == "-1234567.89"
    assert canonical_text(Decimal("-0.00")) == "0"
    # 30 significant digits survive (no rounding to a context's precision)
    assert canonical_text(Decimal("123456789012345678901234567890.5")) == "123456789012345678901234567890.5"


def test_normalise_rewrites_amounts_in_place_and_leaves_the_rest(empty_con):
    column = 'Deal "Value"'
    q = store.quote_identifier(column)
    empty_con.execute(f"create temp table staged (id varchar, {q} varchar)")
    rows = [
        ("1", f"R${NBSP}1.234,56"),
        ("2", "50.000"),
        ("3", "12abc"),
        ("4", None),
        ("5", "(1.000)"),
        ("6", " 7,5 "),
        ("7", "1234"),
        ("8", "'; drop table staged; --"),
    ]
    empty_con.executemany("insert into staged values (?, ?)", rows)
    result = normalise_amount_column(empty_con, "staged", column, None)
    assert result.format == COMMA
    after = dict(empty_con.execute(f"select id, {q} from staged").fetchall())
    assert after == {
        "1": "1234.56",
        "2": "50000",
        "3": "12abc",
        "4": None,
        "5": "-1000",
        "6": "7.5",
        "7": "1234",
        "8": "'; drop table staged; --",
    }
    # the row check's strict cast reads the rewritten cells and nothing else
    typed = checks.typed(q, "DOUBLE", try_=True)
    read = dict(empty_con.execute(f"select id, {typed} from staged").fetchall())
    assert read == {"1": 1234.56, "2": 50000.0, "3": None, "4": None, "5": -1000.0, "6": 7.5, "7": 1234.0, "8": None}


def test_normalise_leaves_an_undecided_column_as_written(empty_con):
    empty_con.execute("create temp table staged (amount varchar)")
    empty_con.execute("insert into staged values ('100.000'), ('250.000')")
    result = normalise_amount_column(empty_con, "staged", "amount", None)
    assert result.format is None
    assert sorted(v for (v,) in empty_con.execute("select amount from staged").fetchall()) == ["100.000", "250.000"]
    result = normalise_amount_column(empty_con, "staged", "amount", COMMA)
    assert result.format == COMMA
    assert sorted(v for (v,) in empty_con.execute("select amount from staged").fetchall()) == ["100000", "250000"]


@pytest.mark.parametrize("text", ["inf", "nan", "1e5", " 12abc", "Infinity", "0x10", "1_000", "+5", "5."])
def test_the_row_check_reads_only_plain_decimal_text(empty_con, text):
    assert empty_con.execute(f"select {checks.typed('$v', 'DOUBLE', try_=True)}", {"v": text}).fetchone()[0] is None


def test_the_row_check_reads_plain_decimal_text(empty_con):
    assert empty_con.execute(f"select {checks.typed('$v', 'DOUBLE', try_=True)}", {"v": " -12.5 "}).fetchone() == (
        -12.5,
    )


# --- every supported style, written by the test's own formatter --------------------------------

STYLES = [
    NumberFormat(".", ","),
    NumberFormat(",", "."),
    NumberFormat(",", " "),
    NumberFormat(".", " "),
    NumberFormat(".", "'"),
    NumberFormat(",", "'"),
    NumberFormat(".", None),
    NumberFormat(",", None),
]
SPACINGS = ["", " ", NBSP]


def write(amount: Decimal, style: dict) -> str:
    """An amount as an export would write it in `style` (the test's own formatter)."""
    fmt: NumberFormat = style["format"]
    mantissa = abs(amount)
    suffix = ""
    if style["suffix"]:
        suffix = style["suffix"]
        mantissa = mantissa.scaleb(-{"K": 3, "M": 6}[suffix])
    text = format(mantissa, "f")
    whole, _, fraction = text.partition(".")
    # a suffixed value is written as short as it is exact (141.56K); a plain one with two decimals
    fraction = fraction.rstrip("0") if suffix else (fraction + "00")[:2]
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands = style["group_space"] if fmt.thousands == " " else fmt.thousands or ""
    number = thousands.join(groups) + (fmt.decimal + fraction if fraction else "") + suffix
    currency, space = style["currency"], style["space"]
    if currency and style["currency_first"]:
        number = f"{currency}{space}{number}"
    elif currency:
        number = f"{number}{space}{currency}"
    if amount < 0:
        number = {"minus": f"-{number}", "parentheses": f"({number})", "trailing": f"{number}-"}[style["negative"]]
    return number


amounts = st.integers(min_value=-(10**13), max_value=10**13).map(lambda cents: Decimal(cents).scaleb(-2))
styles = st.fixed_dictionaries(
    {
        "format": st.sampled_from(STYLES),
        "currency": st.sampled_from([None, "$", "R$", "US$", "€", "£", "USD", "EUR", "CHF", "BRL"]),
        "currency_first": st.booleans(),
        "space": st.sampled_from(SPACINGS),
        "group_space": st.sampled_from([" ", NBSP, "\u202f"]),
        "negative": st.sampled_from(["minus", "parentheses", "trailing"]),
    }
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    style=styles,
    column=st.lists(st.tuples(amounts, st.sampled_from([None, None, "K", "M"])), min_size=1, max_size=6),
    plain=amounts,
)
def test_any_supported_style_reads_back_exactly(style, column, plain):
    # one value without a suffix always shows the decimal separator (two decimals are written)
    cells = [(plain, None), *column]
    written = [(amount, write(amount, {**style, "suffix": suffix})) for amount, suffix in cells]
    result = decide_format([text for _, text in written])
    assert result.format is not None, (written, result.description)
    for amount, text in written:
        assert parse_amount(text, result.format) == amount, (text, result.format)
