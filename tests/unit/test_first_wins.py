"""New customers (CAC's divisor) from the stored first wins: by lead and by account, a repeat win, an undated win,
a tie on the close time and an outbound deal, counted by hand."""

from __future__ import annotations

import pytest
from db_copies import built_copy

from dashboard import sources
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files

# account A: leads 1 and 2 (google); lead 3 (facebook) has no account
LEADS = (
    "lead_id,account_id,created_at,source,lifecycle_stage\n"
    "1,A,2026-10-01,google,customer\n"
    "2,A,2026-10-02,google,customer\n"
    "3,,2026-10-03,facebook,customer\n"
)
# lead 1: won 10-10 (91) and 10-20 (92, a repeat); lead 2: won 10-15 (93); lead 3: won without a close date (94, after
# the dated ones: a repeat) and twice at the same time on 10-25 (95 first by its id, 96 a repeat); 97: no lead, no
# source (outbound), a customer of its own
DEALS = (
    "deal_id,lead_id,created_at,closed_at,status,amount\n"
    "92,1,2026-10-05,2026-10-20 12:00,won,1000\n"
    "91,1,2026-10-05,2026-10-10 12:00,won,500\n"
    "93,2,2026-10-05,2026-10-15 12:00,won,700\n"
    "94,3,2026-10-04,,won,300\n"
    "96,3,2026-10-05,2026-10-25 12:00,won,200\n"
    "95,3,2026-10-05,2026-10-25 12:00,won,100\n"
    "97,,2026-10-05,2026-10-12 12:00,won,900\n"
)


@pytest.fixture
def con(tmp_path):
    connection, _ = built_copy(f"{__name__} con", _imported, tmp_path / "w.duckdb")
    yield connection
    connection.close()


def _imported(connection, folder) -> None:
    (folder / "leads.csv").write_text(LEADS, encoding="utf-8")
    (folder / "deals.csv").write_text(DEALS, encoding="utf-8")
    import_files(connection, "leads", [folder / "leads.csv"])
    import_files(connection, "deals", [folder / "deals.csv"])


def counts(con, filters):
    table = sources.source_table(con, filters)
    return {r["source"]: (int(r["count_won"]), int(r["count_new_customers"])) for r in table.to_dict("records")}


def test_the_first_win_of_each_lead_makes_a_new_customer(con):
    # google: 3 wins (91, 92, 93), new customers lead 1 (91) and lead 2 (93) = 2; facebook: 3 wins, lead 3 once = 1;
    # outbound: 97 = 1
    assert counts(con, Filters()) == {"google": (3, 2), "facebook": (3, 1), "outbound": (1, 1)}


def test_the_first_win_of_each_account_makes_a_new_customer(con):
    # account A (google, its first lead's source): wins 91, 92, 93, first 91 = 1; lead 3 its own account = 1; 97 has
    # neither a lead nor an account, so it counts for no account (README "Counting by account": "with neither for none")
    assert counts(con, Filters(count_by="account")) == {"google": (3, 1), "facebook": (3, 1)}


def test_stored_first_wins_name_the_deals_by_hand(con):
    rows = con.execute(
        "select deal_id, is_first_win_of_lead, is_first_win_of_account from deal_facts order by deal_id"
    ).fetchall()
    assert rows == [
        ("91", True, True),
        ("92", False, False),
        ("93", True, False),
        ("94", False, False),
        ("95", True, True),
        ("96", False, False),
        ("97", True, True),
    ]
