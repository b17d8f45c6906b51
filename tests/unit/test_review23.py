"""A second reviewer's finds in the merged trial fixes: French, Spanish and German dates whose month words are also
English abbreviations (sept., oct., nov., mar.) were refused; Snapchat's API period ends at midnight with an offset
were refused; Korean spend at an ordinary cost per 1,000 impressions was refused as millionths; a lost phrase with
its reason after it ("Won't proceed - budget") was proposed as open."""

from __future__ import annotations

import pytest

from dashboard import store
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import deal_status_of


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["15 sept. 2024", "3 oct. 2024", "5 nov. 2024"], ["2024-09-15", "2024-10-03", "2024-11-05"]),
        (["15 mar. 2024", "15 jun. 2024"], ["2024-03-15", "2024-06-15"]),
        (["5. Nov. 2024", "5. Sept. 2024"], ["2024-11-05", "2024-09-05"]),
        (["15 Sept 2024", "3 Oct 2024"], ["2024-09-15", "2024-10-03"]),
    ],
)
def test_month_abbreviations_english_shares_are_read_with_their_dot(empty_con, tmp_path, dates, expected):
    rows = "".join(f'{i},"{d}",open,1\n' for i, d in enumerate(dates, start=1))
    import_files(empty_con, "deals", [write(tmp_path, "d.csv", "deal_id,created_at,status,amount\n" + rows)])
    got = [
        d
        for (d,) in empty_con.execute("select strftime(created_at, '%Y-%m-%d') from deals order by deal_id").fetchall()
    ]
    assert got == expected


def test_snapchat_api_ends_at_midnight_with_an_offset_are_the_day_before(empty_con, tmp_path):
    # two day rows, each ending at the next midnight in the account's zone: 31 March (20.00) and 1 April (30.00)
    text = (
        "Start time,End time,Spend\n"
        "2025-03-31T00:00:00.000-07:00,2025-04-01T00:00:00.000-07:00,20.00\n"
        "2025-04-01T00:00:00.000-07:00,2025-04-02T00:00:00.000-07:00,30.00\n"
    )
    mapping = '[spend.columns]\nmonth = "Start time"\namount = "Spend"\n[spend.constants]\nsource = "paid_social"\n'
    m = load_mapping(write(tmp_path, "m.toml", mapping))["spend"]
    import_files(empty_con, "spend", [write(tmp_path, "sn.csv", text)], mapping=m)
    got = empty_con.execute("select month::varchar, amount from spend order by 1").fetchall()
    assert got == [("2025-03-01", 20.0), ("2025-04-01", 30.0)]


def test_korean_spend_at_an_ordinary_cost_per_thousand_impressions_is_kept(empty_con, tmp_path):
    # ₩45,000 on 2,000 impressions is ₩22,500 per 1,000 (about $15): a real buy. By hand: 45,000 + 30,000 + 12,000
    text = "Day,Cost,Impressions\n2025-03-01,45000,2000\n2025-03-02,30000,1500\n2025-03-03,12000,3000\n"
    mapping = '[spend.columns]\nmonth = "Day"\namount = "Cost"\n[spend.constants]\nsource = "paid_search"\n'
    m = load_mapping(write(tmp_path, "m.toml", mapping))["spend"]
    import_files(empty_con, "spend", [write(tmp_path, "kr.csv", text)], mapping=m)
    assert store.scalar(empty_con, "select sum(amount) from spend") == 87000


def test_a_lost_phrase_with_its_reason_after_it_is_lost():
    assert deal_status_of("Won't proceed - budget") == "lost"
    assert deal_status_of("Did not win - price") == "lost"
    assert deal_status_of("Closed No Decision - timing") == "lost"
    # an open stage that merely starts alike
    assert deal_status_of("No decision yet") is None
