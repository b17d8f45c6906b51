"""Trial 96 mends, counted by hand from the fixture below (the data's today: y1's creation, 2025-09-01).

| account | leads (created, source)         | deals (no lead: outbound)               | by account: source, why  |
|---------|---------------------------------|-----------------------------------------|--------------------------|
| S1      | p1 2025-02-01 09:00 paid_search | D1 made 01-05, won 02-01 10:00, $10,000 | outbound: D1 27 days first |
| E1      | e1 2025-01-02 email             | D2 made 01-20, won 03-01, $4,000        | email: its lead first    |
| P1      | p2 2025-01-10 paid_search       | none                                    | paid_search              |
| Y1      | y1 2025-09-01 webinar           | none                                    | webinar (under 180 days) |

By account: S1 reaches MQL, SQL and opportunity through D1 and is a customer an hour after its first lead; E1 the
same through D2 (58 days); P1 and Y1 stay at the first stage. Funnel 4 / 2 / 2 / 2 / 2.

Accounts page (180-day window): engaged people are leads created no later than the first deal. S1: p1 came after D1,
nobody engaged (sales first, not judged); E1: e1 (1); P1: p2 (1, no deal); Y1: y1 (1) but younger than the window.
The depth table's "1" row: E1 and P1, 2 accounts; the list filtered to 1: E1 ($4,000), then P1 and Y1 ($0, one
person each, by key): 3 accounts, Y1 marked.
"""

from __future__ import annotations

import account_fixture
import pytest
from db_copies import built_copy
from fix96_fixture import DEALS, LEADS

from dashboard import accounts, cli, metrics, sources, store
from dashboard.filters import Filters

ACCOUNT = Filters(count_by="account")


@pytest.fixture
def con():
    con, _ = built_copy(f"{__name__} con", lambda db, _folder: account_fixture.load(db, LEADS, DEALS))
    yield con
    con.close()


def test_a_deal_before_the_first_lead_is_the_accounts_first_touch_on_sources(con):
    # by account: S1 under outbound (D1's $10,000, 1 new customer), paid_search holds only P1 ($0); E1's D2 came after
    # e1, so E1 stays email's with its $4,000. before: S1 under paid_search with $10,000, no outbound row
    table = sources.source_table(con, ACCOUNT).set_index("source")
    assert table["count_leads"].to_dict() == {"outbound": 1, "email": 1, "paid_search": 1, "webinar": 1}
    assert table["revenue"].to_dict() == {"outbound": 10000.0, "email": 4000.0, "paid_search": 0.0, "webinar": 0.0}
    assert table.loc["outbound", ["count_won", "count_new_customers"]].tolist() == [1, 1]
    assert table.loc["paid_search", ["count_won", "count_new_customers"]].tolist() == [0, 0]


def test_the_source_filter_and_breakdown_by_account_follow_the_first_touch(con):
    counts = metrics.funnel(con, ACCOUNT)["count_leads"].tolist()
    assert counts == [4, 2, 2, 2, 2]
    outbound = Filters(count_by="account", sources=("outbound",))
    paid = Filters(count_by="account", sources=("paid_search",))
    # outbound: S1 at every stage; paid_search: P1 alone, at the first stage (before: S1 and P1, 2 / 1 / 1 / 1 / 1)
    assert metrics.funnel(con, outbound)["count_leads"].tolist() == [1, 1, 1, 1, 1]
    assert metrics.funnel(con, paid)["count_leads"].tolist() == [1, 0, 0, 0, 0]
    parts = metrics.breakdown(con, ACCOUNT, "source")
    customers = parts[parts["stage"] == "customer"].set_index("value")["count_leads"].to_dict()
    assert customers == {"outbound": 1, "email": 1, "paid_search": 0, "webinar": 0}


def test_the_depth_list_marks_the_account_its_row_leaves_out(con):
    groups = accounts.depth_groups(con, ACCOUNT)
    depth = accounts.by_depth(groups).set_index("bucket")
    assert depth.loc["1", "count_accounts"] == 2
    rows = accounts.account_list_shown(con, ACCOUNT, "1")
    assert rows["account_key"].tolist() == ["E1", "P1", "Y1"]
    assert rows["in_depth_table"].tolist() == ["yes", "yes", "no: younger than the conversion window, not judged yet"]
    assert accounts.list_caption(groups, "1", 3, 0) == (
        "3 accounts · showing 3 on page 1, biggest won revenue first. The depth table compares 2 of them (its “1” "
        "row); not compared, marked “no” under “In the depth table”: 1 younger than the conversion window, not judged "
        "yet."
    )
    # the whole list: S1 too, sales first (D1 before p1)
    everyone = accounts.account_list_shown(con, ACCOUNT).set_index("account_key")["in_depth_table"]
    assert everyone["S1"] == "no: an opportunity before any of its people was a lead"


def test_one_accountless_deal_is_said_in_the_singular():
    said = metrics.AccountlessDeals(deals=1, won=1, revenue=3000.0).sentence(ACCOUNT)
    assert said == (
        "1 deal (1 won, $3k) has neither a lead nor an account and counts for no account: counted by account, the "
        "won deals and revenue here leave it out; counted by lead, it is in."
    )


def test_the_cli_table_names_the_first_stage_by_the_unit(con, capsys, tmp_path):
    path = str(tmp_path / "t96.duckdb")
    file = store.connect(path)
    account_fixture.load(file, LEADS, DEALS)
    file.close()
    assert cli.main(["metrics", "--db", path, "--count-by", "account", "--format", "table"]) == 0
    out = capsys.readouterr().out.splitlines()
    first = out.index(next(line for line in out if line.startswith("stage")))
    # 4 accounts; Y1 is young at the first stage, so MQL has 1 still in window
    assert out[first + 1].split() == ["account", "4", "100.0%"]
    assert any(line.startswith("in window: accounts of the previous stage") for line in out)
    assert cli.main(["metrics", "--db", path, "--format", "table"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.split()[:2] == ["lead", "4"] for line in out)
    assert any(line.startswith("in window: leads of the previous stage") for line in out)
