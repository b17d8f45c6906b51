"""The house style: each unit and its edges (0, negative, 1,999,999.5, None, NaN), durations, dates and codes."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from dashboard import tables
from dashboard.formatting import (
    csv_bytes,
    fmt_date,
    fmt_datetime,
    fmt_decimal,
    fmt_duration,
    fmt_int,
    fmt_minutes,
    fmt_money,
    fmt_money_column,
    fmt_money_full,
    fmt_multiple,
    fmt_pct,
    fmt_points,
    label_account,
    label_code,
    round_half_away,
    word_list,
)

MISSING = [None, float("nan"), pd.NA, pd.NaT]


@pytest.mark.parametrize(
    "fmt", [fmt_int, fmt_decimal, fmt_pct, fmt_money, fmt_money_full, fmt_duration, fmt_date, fmt_datetime, label_code]
)
@pytest.mark.parametrize("value", MISSING, ids=["None", "NaN", "NA", "NaT"])
def test_every_unknown_value_is_an_en_dash(fmt, value):
    assert fmt(value) == "–"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (-5, "-5"), (11998, "11,998"), (1_999_999.5, "2,000,000"), (2579.084, "2,579")],
)
def test_counts_have_thousands_separators_and_no_decimals(value, expected):
    assert fmt_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0.0%"), (-0.05, "-5.0%"), (0.1234, "12.3%"), (1, "100.0%"), (19_999.995, "1999999.5%")],
)
def test_rates_have_one_decimal(value, expected):
    assert fmt_pct(value) == expected


@pytest.mark.parametrize(
    ("value", "compact", "full"),
    [
        (0, "$0", "$0"),
        (-1200, "-$1.2k", "-$1,200"),
        (950, "$950", "$950"),
        (126_000, "$126k", "$126,000"),
        (999_999.5, "$1M", "$1,000,000"),
        (1_999_999.5, "$2M", "$2,000,000"),
        (3_602_760, "$3.6M", "$3,602,760"),
        (2_300_000, "$2.3M", "$2,300,000"),
        (999_950, "$1M", "$999,950"),  # 3 digits of 999.95k round up into the next unit, never "$1000k"
        (-0.4, "$0", "$0"),
        (37_240_000, "$37.2M", "$37,240,000"),
        (2.5e9, "$2.5B", "$2,500,000,000"),
    ],
)
def test_money_compact_on_tiles_and_full_in_tables(value, compact, full):
    assert (fmt_money(value), fmt_money_full(value)) == (compact, full)


def test_infinite_money_is_shown_not_a_crash():
    assert (fmt_money_full(float("inf")), fmt_money(float("-inf")), fmt_int(float("inf"))) == ("$inf", "-$inf", "inf")


def test_money_never_shows_cents():
    # halves away from zero (trial 51): 12.5 is $13
    assert fmt_money_full(3_602_760.49) == "$3,602,760" and fmt_money(12.5) == "$13"


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0 min"),
        (42.4, "42 min"),
        (119, "119 min"),
        (120, "2.0 h"),  # under 10: one decimal, even when it is .0
        (150, "2.5 h"),
        (9.96 * 60, "10 h"),  # 9.96 h shows as 10.0: whole from there
        (47 * 60, "47 h"),
        (48 * 60, "2.0 days"),
        (3 * 24 * 60, "3.0 days"),
        (1_552_544.1, "1,078 days"),  # 1,078.16 days: whole, as 1,043 days next to it
        (1_553_184.0, "1,079 days"),  # 1,078.6 days
        (-30, "-30 min"),
        (-150, "-2.5 h"),
        (119.6, "2.0 h"),
        (float("inf"), "inf days"),  # a stored infinity is shown, not a crash
    ],
)
def test_durations_in_minutes_then_hours_then_days(minutes, expected):
    assert fmt_duration(minutes) == expected
    assert fmt_minutes(minutes) == expected


def test_dates_without_microseconds():
    stamp = datetime(2025, 2, 14, 9, 30, 12, 345678)
    assert fmt_datetime(stamp) == "2025-02-14 09:30"
    assert fmt_datetime(pd.Timestamp(stamp)) == "2025-02-14 09:30"
    assert fmt_datetime(datetime(2025, 2, 14)) == "2025-02-14"
    assert fmt_date(stamp) == "2025-02-14" and fmt_date(date(2025, 2, 14)) == "2025-02-14"
    assert fmt_datetime("2026-12-01T10:05:09") == "2026-12-01 10:05"


def test_csv_keeps_iso_seconds_without_microseconds():
    table = pd.DataFrame({"at": pd.to_datetime(["2025-02-14 09:30:12.345678", "2025-02-15 00:00:00.000000"])})
    assert csv_bytes(table).decode().splitlines() == ["at", "2025-02-14 09:30:12", "2025-02-15 00:00:00"]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("no_budget", "No budget"),
        ("waiting_overdue", "Waiting, overdue"),
        ("never_contacted", "Never contacted"),
        ("late", "Contacted late"),
        ("sql", "SQL"),
        ("opportunity", "Opportunity"),
        ("poor_fit", "Poor fit"),
        ("Budget too low", "Budget too low"),  # a CRM's own words stay as they are
        ("No ROI", "No ROI"),
    ],
)
def test_codes_as_words(code, label):
    assert label_code(code) == label


@given(hs.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_full_money_reads_back_as_the_rounded_amount(value):
    text = fmt_money_full(value)
    amount = int(text.replace("$", "").replace(",", ""))
    # halves away from zero, as compact money (trial 51)
    assert amount == round_half_away(value, 0) and "." not in text


@given(hs.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_compact_money_is_within_half_a_percent(value):
    text = fmt_money(value)
    scale = {"k": 1e3, "M": 1e6, "B": 1e9}.get(text[-1], 1)
    shown = float(text.strip("$kMB").replace(",", "")) * scale
    assert math.isclose(shown, value, rel_tol=0.005, abs_tol=0.5)


# tables: what reaches st.dataframe


def test_a_table_gets_labels_and_dashes_with_a_tooltip_saying_why():
    breaches = pd.DataFrame(
        {
            "lead_id": ["L2", "L4"],
            "clock_started_at": pd.to_datetime(["2025-01-15 00:00:00.5", "2025-02-05 00:00:00.0"]),
            "first_contact_at": pd.to_datetime([None, "2025-02-05 03:00"]),
            "minutes_waited": [92160.0, 180.0],
            "status": ["never_contacted", "late"],
        }
    )
    frame, config = tables.display(breaches)
    assert list(frame.columns) == ["Lead", "Clock started", "First contact", "Waited", "Status"]
    assert frame["First contact"].tolist() == ["–", "2025-02-05 03:00"]
    assert config["First contact"]["help"] == "– : not contacted yet"
    assert frame["Waited"].tolist() == ["64 days", "3.0 h"]
    assert frame["Status"].tolist() == ["Never contacted", "Contacted late"]
    # a complete date column stays a date, shown to the minute
    assert config["Clock started"]["type_config"]["format"] == "YYYY-MM-DD HH:mm"


def test_complete_number_columns_stay_numbers_with_the_house_format():
    table = pd.DataFrame({"count_leads": [2579.084, 11998.0], "compliance": [0.5, 0.1234], "revenue": [1e3, 3.5]})
    frame, config = tables.display(table, first=["revenue"])
    assert list(frame.columns) == ["Won revenue", "Leads", "Compliance"]
    assert frame["Leads"].tolist() == [2579.0, 11998.0]  # rounded before the browser writes "%,.0f"
    assert frame["Won revenue"].tolist() == [1000.0, 4.0]
    assert frame["Compliance"].tolist() == pytest.approx([50.0, 12.34])
    formats = {label: config[label]["type_config"].get("format") for label in frame.columns}
    assert formats == {"Won revenue": None, "Leads": "%,.0f", "Compliance": "%.1f%%"}
    # money is written as on the tiles and in the sentences beside the table ($1k), its cells stay numbers (they
    # sort by amount)
    assert frame.attrs[tables.MONEY_ATTR] == ["Won revenue"]
    shown = tables.styled(frame).to_string(delimiter="|").splitlines()
    assert [line.split("|")[1] for line in shown[1:]] == ["$1k", "$4"]


def test_a_table_s_money_column_has_one_style_numbers_or_text():
    # "$2.3M" stood above "$2.26M" in one column: the M cells share 2 decimals, with or without a dash among them
    frame, _ = tables.display(pd.DataFrame({"revenue": [2_300_000.0, 2_260_000.0, 45_600.0]}))
    shown = tables.styled(frame).to_string(delimiter="|").splitlines()
    assert [line.split("|")[1] for line in shown[1:]] == ["$2.30M", "$2.26M", "$45.6k"]
    frame, _ = tables.display(pd.DataFrame({"cac": [2_300_000.0, None, 2_260_000.0]}))
    assert frame["CAC"].tolist() == ["$2.30M", "–", "$2.26M"]


def test_a_table_without_money_is_shown_as_it_is():
    frame, _ = tables.display(pd.DataFrame({"count_leads": [3], "spend": ["–"]}))
    assert frame.attrs[tables.MONEY_ATTR] == [] and tables.styled(frame) is frame


# a short header says what it stands for in its tooltip, then what a dash in it means
CAC_HELP = (
    "Customer acquisition cost: spend ÷ new customers (first wins; a customer's later wins are not new customers)"
    " · – : no spend, or no new customer"
)


def test_a_short_label_explains_itself_in_its_tooltip_even_without_a_gap():
    frame, config = tables.display(pd.DataFrame({"roas": [2.0], "cost_per_opportunity": [10.0], "count_leads": [3]}))
    assert list(frame.columns) == ["ROAS", "Cost / opp.", "Leads"]
    assert config["ROAS"]["help"] == "Return on ad spend: revenue ÷ spend"
    assert config["Cost / opp."]["help"] == "Spend ÷ opportunities"
    assert config["Leads"].get("help") is None  # a plain label needs no tooltip


def test_a_number_column_with_a_gap_becomes_text_in_the_house_style():
    frame, config = tables.display(pd.DataFrame({"cac": [1234.4, None], "lead_to_mql": [None, 0.25]}))
    assert frame["CAC"].tolist() == ["$1.23k", "–"] and config["CAC"]["help"] == CAC_HELP
    assert frame["Lead→MQL"].tolist() == ["–", "25.0%"]


def test_a_dash_already_written_gets_the_tooltip_too():
    frame, config = tables.display(pd.DataFrame({"cac": ["$1,234", "–"]}))  # as sources.display_table writes it
    assert frame["CAC"].tolist() == ["$1,234", "–"] and config["CAC"]["help"] == CAC_HELP
    assert config["CAC"]["alignment"] == "right"


def test_unknown_columns_get_a_label_and_labels_can_be_overridden():
    frame, _ = tables.display(pd.DataFrame({"some_count": [1], "paid_search": [2]}), labels={"paid_search": "x"})
    assert list(frame.columns) == ["Some count", "x"]
    with pytest.raises(ValueError, match="both labelled 'Owner'"):
        tables.display(pd.DataFrame({"owner": ["a"], "team": ["b"]}))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4, "4.0×"),
        (3.14, "3.1×"),
        (0.25, "0.3×"),  # halves away from zero, as a person rounds (probe 27: ROI 0.25 read "0.2×")
        (-0.034, "-0.0×"),
        (0.0, "0.0×"),
        (-1.26, "-1.3×"),
        (12345.6, "12,345.6×"),
        (None, "–"),
    ],
)
def test_a_multiple_has_one_decimal_and_keeps_a_small_loss_signed(value, expected):
    # a column of ROIs once read "4×", "0.25×", "3.1×": always one decimal; a small loss keeps its minus
    assert fmt_multiple(value) == expected


def test_a_money_column_has_one_style_per_unit():
    # the M cells take the most decimals any needs, up to what the largest M amount's 3 digits have (2.30 -> 2:
    # "$2.30M", never "$2.3M" above "$2.26M"; 12.35M keeps 2); the k cells likewise (45.6k -> 1: "$4.5k")
    cells = [2_300_000, 2_260_000, 1_234_567, 45_600, 4_500, None, 950, 0, -1_200, 999_999.5]
    assert fmt_money_column(cells) == [
        "$2.30M",
        "$2.26M",
        "$1.23M",
        "$45.6k",
        "$4.5k",
        "–",
        "$950",
        "$0",
        "-$1.2k",
        "$1.00M",
    ]
    # the largest amount of a unit caps its decimals: $134k has none, so $8.06k reads $8k
    assert fmt_money_column([133_510, 78_050, 8_060]) == ["$134k", "$78k", "$8k"]
    assert fmt_money_column([15_550, 3_060, 758]) == ["$15.6k", "$3.1k", "$758"]
    assert fmt_money_column([3_000, 1_000]) == ["$3k", "$1k"]  # nothing needs a decimal: none
    assert fmt_money_column([1_999_999.5, 12_300_000]) == ["$2.0M", "$12.3M"]
    assert fmt_money_column([]) == []


def test_a_gap_in_points_is_the_difference_of_the_rates_as_shown():
    # 27.749 % and 37.451 % are shown as 27.7 % and 37.5 %: a reader subtracting gets 9.8 points (the raw gap is 9.702)
    assert (fmt_pct(0.27749), fmt_pct(0.37451)) == ("27.7%", "37.5%")
    assert fmt_points(0.27749, 0.37451) == "-9.8"
    assert fmt_points(0.5, 0.25) == "+25.0"
    assert fmt_points(0.1, 0.1) == "+0.0"


def test_a_lead_without_a_company_is_named_in_words():
    assert [label_account(k) for k in ("lead:L123", "A42", None)] == ["No company (lead L123)", "A42", "–"]
    frame, _ = tables.display(pd.DataFrame({"account_key": ["lead:n2", "A3"]}))
    assert frame["Account"].tolist() == ["No company (lead n2)", "A3"]


def test_a_column_of_long_values_is_wide_enough_to_read():
    # the persona mixes were cut to "IT Director + Operations Man…" in a column sized by its first, short rows
    _, config = tables.display(pd.DataFrame({"persona_mix": ["CFO", "IT Director + Operations Manager"]}))
    assert config["Personas engaged"]["width"] == "large"


def test_word_lists_join_the_last_word_with_the_conjunction():
    assert word_list([]) == ""
    assert word_list(["leads"]) == "leads"
    assert word_list(["leads", "deals"]) == "leads and deals"
    assert word_list(iter(["persona", "segment", "owner"]), "or") == "persona, segment or owner"
