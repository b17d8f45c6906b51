"""The day the exports are stated complete through (trial 49: a November export whose last lead came on the 29th
read November as counted in part, its targets pro rata 29/30, the overview still on October), by hand.

Leads: N1 2 Nov, N2 15 Nov, N3 29 Nov 2026, and O1 10 Oct; a November target of 3 leads. The data's latest record is
29 Nov: November is counted through the 29th, its target pro rata 3 x 29/30 = 2.9, and the period the overview opens
on is October. Stated complete through 30 Nov: the data's today is the end of 30 Nov, November is whole, its target 3
(3 of 3 = 100 %), and the overview opens on November.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from db_copies import built_copy
from fixture_data import load

from dashboard import cli, overview, periods, store, targets
from dashboard.filters import Filters

T = datetime
LEADS = [
    ("O1", T(2026, 10, 10), "web", None, None, "Ann", "lead", None, None, None),
    ("N1", T(2026, 11, 2), "web", None, None, "Ann", "lead", None, None, None),
    ("N2", T(2026, 11, 15), "web", None, None, "Ann", "lead", None, None, None),
    ("N3", T(2026, 11, 29, 9), "web", None, None, "Ann", "lead", None, None, None),
]
TODAY = date(2026, 12, 1)


@pytest.fixture
def db():
    connection, _ = built_copy(f"{__name__} db", _fill)
    yield connection
    connection.close()


def _fill(connection, _folder) -> None:
    load(connection, LEADS, [])
    with store.transaction(connection):
        connection.execute("insert into targets (month, metric, value) values ('2026-11-01', 'leads', 3)")


def _leads_tile(con) -> overview.Kpi:
    return {k.key: k for k in overview.kpis(con, Filters(), "2026-11")}["leads"]


def test_a_month_without_a_record_on_its_last_day_is_counted_in_part_until_stated_whole(db):
    assert targets.data_last_day(db) == date(2026, 11, 29)
    assert periods.default(targets.data_last_day(db)) == "2026-10"
    assert _leads_tile(db).target == pytest.approx(2.9)
    assert store.set_complete_through(db, date(2026, 11, 30), today=TODAY) == date(2026, 11, 29)
    assert store.complete_through(db) == date(2026, 11, 30)
    assert targets.data_last_day(db) == date(2026, 11, 30)
    assert targets.data_as_of(db) == datetime(2026, 11, 30, 23, 59, 59)
    assert periods.default(targets.data_last_day(db)) == "2026-11"
    tile = _leads_tile(db)
    assert (tile.value, tile.target, tile.attainment) == (3, 3, 1.0)
    # forgotten: the latest record decides again
    store.set_complete_through(db, None, today=TODAY)
    assert store.complete_through(db) is None and targets.data_last_day(db) == date(2026, 11, 29)


def test_a_later_import_runs_past_the_stated_day(db):
    store.set_complete_through(db, date(2026, 11, 30), today=TODAY)
    with store.transaction(db):
        db.execute(
            "insert into leads (lead_id, created_at, source) values ('D1', timestamp '2026-12-03 10:00:00', 'web')"
        )
    # the stated day never moves the data's today back: a lead of 3 Dec is the latest record
    assert targets.data_last_day(db) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (date(2026, 11, 20), "the data already runs to 29 Nov 2026"),
        (date(2026, 12, 2), "the exports were imported on 1 Dec 2026"),
    ],
)
def test_a_day_the_data_contradicts_is_refused_and_nothing_changes(db, day, said):
    store.set_complete_through(db, date(2026, 11, 30), today=TODAY)
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        store.set_complete_through(db, day, today=TODAY)
    assert store.complete_through(db) == date(2026, 11, 30)
    assert targets.data_last_day(db) == date(2026, 11, 30)


def test_a_day_weeks_after_the_latest_record_is_refused(db):
    # 29 Nov + 32 days = 31 Dec: more than 31 days without a record
    with pytest.raises(ValueError, match="32 days after the data's latest record"):
        store.set_complete_through(db, date(2026, 12, 31), today=date(2027, 1, 5))
    assert store.complete_through(db) is None


def test_the_cli_states_and_forgets_the_day(tmp_path, capsys):
    path = tmp_path / "f.duckdb"
    con = store.connect(path)
    load(con, LEADS, [])
    con.close()
    assert cli.main(["complete-through", "--db", str(path), "2026-11-30"]) == 0
    assert "complete through 30 Nov 2026 (the latest record is of 29 Nov 2026)" in capsys.readouterr().out
    assert cli.main(["complete-through", "--db", str(path), "2026-11-01"]) == 1
    err = capsys.readouterr().err
    assert "the data already runs to 29 Nov 2026" in err and "the database was not changed" in err
    con = store.connect(path)
    assert store.complete_through(con) == date(2026, 11, 30)
    con.close()
    assert cli.main(["complete-through", "--db", str(path), "--clear"]) == 0
    assert "forgotten" in capsys.readouterr().out
    assert cli.main(["complete-through", "--db", str(path)]) == 2
