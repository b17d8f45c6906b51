"""Trial 78: "(none)", the breakdown's name for a blank owner, persona … value, is a filter value choosing the blanks,
on the scan and the rollups, by lead and by account, in the options, the link, the caption and the command line.

Before, the scope's list_contains never matched a blank (null) value: the breakdown's "(none)" owner row of 52 leads
drew 0 at every stage when compared side by side, and neither the sidebar nor `--owner` offered the blank value.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import duckdb
import pytest
from db_copies import built_copy

from dashboard import config, metrics, rollups, store
from dashboard.cli import main
from dashboard.filters import Filters

T = datetime
NONE = config.NONE_LABEL

# lead_id, account_id, created_at, source, persona, owner, mql_at, sql_at (segment, industry and region blank)
LEADS = [
    ("p1", "A1", T(2026, 1, 5), "email", "CFO", "Ann", T(2026, 1, 6), T(2026, 1, 8)),  # SQL, won D1: customer
    ("p2", "A1", T(2026, 1, 10), "email", None, None, T(2026, 1, 12), None),  # MQL
    ("p3", "A2", T(2026, 1, 15), "paid_search", None, None, T(2026, 1, 16), T(2026, 1, 20)),  # SQL, open D2: opp.
    ("p4", "A2", T(2026, 1, 20), "paid_search", "CFO", "Bob", None, None),  # lead
    ("p5", None, T(2026, 2, 3), "email", "CFO", None, None, None),  # lead, an account of its own
    ("p6", "A3", T(2026, 2, 10), "email", None, "Bob", T(2026, 2, 11), None),  # MQL
    ("p7", "A3", T(2026, 2, 12), "paid_search", "CFO", None, T(2026, 2, 13), T(2026, 2, 14)),  # SQL
    ("p8", None, T(2026, 2, 20), "paid_search", None, "Ann", None, None),  # lead, an account of its own
]
# deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount
DEALS = [
    ("D1", "p1", "A1", "Ann", T(2026, 1, 20), "won", T(2026, 2, 1), 1000.0),
    ("D2", "p3", "A2", None, T(2026, 1, 25), "open", None, 500.0),
]
# Jan and Feb 2026: whole months, so one filtered dimension is exact on the rollup
JAN_FEB = Filters(date_from=date(2026, 1, 1), date_to=date(2026, 2, 28))


def load(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the database's leads and deals with the rows above."""
    with store.transaction(con):
        con.execute("delete from leads")
        con.execute("delete from deals")
        con.executemany(
            "insert into leads (lead_id, account_id, created_at, source, persona, owner, mql_at, sql_at) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            LEADS,
        )
        con.executemany(
            "insert into deals (deal_id, lead_id, account_id, owner, created_at, status, closed_at, amount) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            DEALS,
        )


@pytest.fixture
def blanks() -> duckdb.DuckDBPyConnection:
    connection, _ = built_copy(f"{__name__} blanks", lambda db, _folder: load(db))
    yield connection
    connection.close()


def counts(con: duckdb.DuckDBPyConnection, view: Filters, use_rollup: bool | None = None) -> list[int]:
    df = metrics.funnel(con, view) if use_rollup is None else metrics.funnel_from(con, view, use_rollup=use_rollup)
    return df["count_leads"].tolist()


def by(view: Filters, count_by: str = "lead", mode: str = "cohort", **values: list[str]) -> Filters:
    out = Filters(date_from=view.date_from, date_to=view.date_to, count_by=count_by, mode=mode)
    for dim, chosen in values.items():
        out = out.with_values(dim, chosen)
    return out


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # p2 (MQL), p3 (SQL, open deal D2), p5 (lead), p7 (SQL)
        ({"owner": [NONE]}, [4, 3, 2, 1, 0]),
        # and Ann's p1 (won D1: customer) and p8 (lead)
        ({"owner": [NONE, "Ann"]}, [6, 4, 3, 2, 1]),
        # p2 (MQL), p3 (SQL, opportunity), p6 (MQL), p8 (lead)
        ({"persona": [NONE]}, [4, 3, 1, 1, 0]),
    ],
)
def test_none_by_lead_on_the_scan_and_the_rollup(blanks, values, expected):
    view = by(JAN_FEB, **values)
    assert rollups.exact(view)
    assert counts(blanks, view, use_rollup=False) == expected
    assert counts(blanks, view, use_rollup=True) == expected


def test_none_with_a_named_value_of_another_dimension(blanks):
    # two dimensions filtered: the scan only. owner blank and persona CFO: p5 (lead) and p7 (SQL)
    view = by(JAN_FEB, owner=[NONE], persona=["CFO"])
    assert not rollups.exact(view)
    assert counts(blanks, view) == [2, 1, 1, 0, 0]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # accounts by their first lead: A1 (p1, Ann: customer), A2 (p3, blank owner and persona: SQL and open deal
        # D2, opportunity), A3 (p6, Bob, blank persona: p7's SQL), p5 (blank owner: lead), p8 (Ann, blank persona)
        ({"owner": [NONE]}, [2, 1, 1, 1, 0]),  # A2, p5
        ({"owner": [NONE, "Ann"]}, [4, 2, 2, 2, 1]),  # A2, p5, A1, p8
        ({"persona": [NONE]}, [3, 2, 2, 1, 0]),  # A2, A3, p8
    ],
)
def test_none_by_account(blanks, values, expected):
    assert counts(blanks, by(JAN_FEB, count_by="account", **values)) == expected


def test_none_in_activity_mode_on_the_entries_rollup_and_the_scan(blanks):
    # entries in Jan–Feb of the blank-owner leads: created p2, p3, p5, p7; MQL p2 01-12, p3 01-16, p7 02-13;
    # SQL p3 01-20, p7 02-14; opportunity p3 (D2 created 01-25); no customer
    view = by(JAN_FEB, mode="activity", owner=[NONE])
    assert rollups.activity_exact(view)
    assert counts(blanks, view, use_rollup=False) == [4, 3, 2, 1, 0]
    assert counts(blanks, view, use_rollup=True) == [4, 3, 2, 1, 0]


@pytest.mark.parametrize(("count_by", "dimension"), [("lead", "owner"), ("lead", "persona"), ("account", "owner")])
def test_the_breakdowns_none_row_is_the_none_filters_funnel(blanks, count_by, dimension):
    view = by(JAN_FEB, count_by=count_by)
    parts = metrics.breakdown(blanks, view, dimension)
    row = parts[parts["value"] == NONE].sort_values("stage", key=lambda s: s.map(config.STAGES.index))
    chosen = counts(blanks, view.with_values(dimension, [NONE]))
    assert row["count_leads"].tolist() == chosen
    assert sum(chosen) > 0


def test_options_offer_none_only_beside_named_values(blanks):
    options = metrics.filter_options(blanks)
    # Ann 2 leads, Bob 2 (ties by name), the blanks last
    assert options.values["owner"] == ("Ann", "Bob", NONE)
    assert options.values["persona"] == ("CFO", NONE)
    # every segment, industry and region blank: nothing to choose between
    assert options.values["segment"] == options.values["industry"] == options.values["region"] == ()
    assert options.values["source"] == ("email", "paid_search")
    assert metrics.known_values(blanks).values["owner"] == ("Ann", "Bob", NONE)
    assert metrics.known_values(blanks, "account").values["persona"] == ("CFO", NONE)


def test_link_round_trip_and_caption(blanks):
    options = metrics.filter_options(blanks)
    view, notices = Filters.from_query({"owner": [NONE, "Ann"]}, options)
    assert notices == []
    assert view.owners == (NONE, "Ann")
    assert view.to_query() == {"owner": [NONE, "Ann"]}
    assert view.caption() == "All dates · cohort mode (180-day window) · (none), Ann owner"


def test_command_line_owner_none(tmp_path, capsys):
    path = str(tmp_path / "blanks.duckdb")
    con = store.connect(path)
    load(con)
    con.close()
    args = ["metrics", "--db", path, "--from", "2026-01-01", "--to", "2026-02-28", "--format", "json"]
    assert main([*args, "--owner", NONE]) == 0
    assert [s["count"] for s in json.loads(capsys.readouterr().out)["funnel"]] == [4, 3, 2, 1, 0]
    assert main([*args, "--owner", NONE, "--count-by", "account"]) == 0
    assert [s["count"] for s in json.loads(capsys.readouterr().out)["funnel"]] == [2, 1, 1, 1, 0]
    # a blank written as nothing is refused, naming the value that picks the blanks
    assert main([*args, "--owner", ""]) == 2
    assert "'(none)' picks the blank ones" in capsys.readouterr().err
    # a dimension blank throughout offers no (none): the data has no regions
    assert main([*args, "--region", NONE]) == 2
    assert "which has no regions" in capsys.readouterr().err
