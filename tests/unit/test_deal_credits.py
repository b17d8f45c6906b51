"""The won deals' attribution shares, stored with the deal facts (deal_credits): kept up to date by every import,
added to files written before they were stored, and read by the Sources page's attribution."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from dashboard import config, sources, store
from dashboard.filters import Filters


def one_won_deal(con: duckdb.DuckDBPyConnection) -> None:
    """Lead X (source 'orig') with deal DX of 100, opened 1 March 2025 and won; no touches yet."""
    with store.transaction(con):
        con.execute("insert into leads (lead_id, created_at, source) values ('X', '2025-01-01', 'orig')")
        con.execute(
            "insert into deals (deal_id, lead_id, created_at, status, closed_at, amount) "
            "values ('DX', 'X', '2025-03-01', 'won', '2025-03-10', 100)"
        )


def shares(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """The attribution per model and source, as the Sources page reads it."""
    a = sources.attribution(con, Filters()).set_index("source")
    return {model: a[model].to_dict() for model in config.ATTRIBUTION_MODELS}


def test_touches_imported_after_the_deal_move_its_credit(empty_con):
    one_won_deal(empty_con)
    # no touches: the path is the deal's own source, all 100 under every model
    assert shares(empty_con) == {m: {"orig": 100.0} for m in config.ATTRIBUTION_MODELS}
    # a later import brings two touches, 7 days and 0 days before the opportunity, and one after it (not on the path)
    with store.transaction(empty_con):
        empty_con.execute(
            "insert into touches (lead_id, touched_at, source) values "
            "('X', '2025-02-22', 'webinar'), ('X', '2025-03-01', 'email'), ('X', '2025-03-05', 'paid_search')"
        )
    got = shares(empty_con)
    # first touch credits the original source, touches or not (trial 64); the others follow the path
    assert got["first_touch"] == {"orig": 100.0, "webinar": 0.0, "email": 0.0}
    assert got["last_touch"] == {"orig": 0.0, "webinar": 0.0, "email": 100.0}
    assert got["linear"] == {"orig": 0.0, "webinar": 50.0, "email": 50.0}
    # half-life 7 days: weights 1/2 (webinar) and 1 (email), so thirds
    assert got["time_decay"] == pytest.approx({"orig": 0.0, "webinar": 100 / 3, "email": 200 / 3})


def test_a_deal_no_longer_won_leaves_the_attribution(empty_con):
    one_won_deal(empty_con)
    with store.transaction(empty_con):
        empty_con.execute("update deals set status = 'lost' where deal_id = 'DX'")
    assert sources.attribution(empty_con, Filters()).empty
    assert empty_con.execute("select count(*) from deal_credits").fetchall() == [(0,)]


def test_every_model_gives_each_won_deal_shares_adding_up_to_one(empty_con):
    one_won_deal(empty_con)
    with store.transaction(empty_con):
        # five touches, one source twice: its shares are one row, summed
        empty_con.execute(
            "insert into touches (lead_id, touched_at, source) values ('X', '2025-02-01', 'a'), "
            "('X', '2025-02-08', 'b'), ('X', '2025-02-15', 'a'), ('X', '2025-02-22', 'c'), ('X', '2025-03-01', 'd')"
        )
    rows = empty_con.execute(
        "select source, last_touch, linear, u_shaped, w_shaped from deal_credits order by source"
    ).fetchall()
    # 5 touches: linear 1/5 each (a twice: 2/5); u-shaped 0.4 first and last, 0.2/3 between; w-shaped 0.3 for first,
    # middle (3rd: a) and last, 0.1/2 for the other two
    expected = {
        "a": (0.0, 0.4, 0.4 + 0.2 / 3, 0.3 + 0.3),
        "b": (0.0, 0.2, 0.2 / 3, 0.05),
        "c": (0.0, 0.2, 0.2 / 3, 0.05),
        "d": (1.0, 0.2, 0.4, 0.3),
    }
    assert [r[0] for r in rows] == list(expected)
    for source, *got in rows:
        assert got == pytest.approx(expected[source]), source
    for column in range(1, 5):
        assert sum(r[column] for r in rows) == pytest.approx(1.0)


def test_a_file_from_before_the_credits_were_stored_gets_them_on_opening(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    one_won_deal(con)
    con.close()
    # derived version 19 stored no credits
    raw = duckdb.connect(path)
    raw.execute("drop table deal_credits")
    raw.execute("update meta set value = '19' where key = 'derived_version'")
    raw.close()
    con = store.connect(path)
    assert con.execute("select deal_id, source, linear from deal_credits").fetchall() == [("DX", "orig", 1.0)]
    assert shares(con)["linear"] == {"orig": 100.0}
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION
    assert con.execute("select max(created_at) from leads").fetchall() == [(datetime(2025, 1, 1),)]


def test_a_new_half_life_is_counted_when_a_new_version_first_opens_the_file(tmp_path, monkeypatch):
    path = str(tmp_path / "db.duckdb")
    con = store.connect(path)
    one_won_deal(con)
    with store.transaction(con):
        con.execute(
            "insert into touches (lead_id, touched_at, source) values "
            "('X', '2025-02-22', 'a'), ('X', '2025-03-01', 'b')"
        )
    con.close()
    # a version of the code with a half-life of 14 days (its code version differs, as CODE_VERSION hashes it)
    monkeypatch.setattr(config, "TIME_DECAY_HALF_LIFE_DAYS", 14)
    monkeypatch.setattr(store, "CODE_VERSION", "half-life-14")
    con = store.connect(path)
    # touches 7 and 0 days before the opportunity: weights 0.5 ** (7 / 14) and 1
    w = 0.5**0.5
    assert shares(con)["time_decay"] == pytest.approx({"orig": 0.0, "a": 100 * w / (1 + w), "b": 100 / (1 + w)})
