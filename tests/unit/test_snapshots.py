"""Snapshots: a write builds the next file and swaps it in whole; readers keep theirs; one writer at a time; undo."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from test_malformed_inputs import table_hashes

from dashboard import config, snapshots, store


def leads_csv(path, n: int, prefix: str = "L"):
    lines = ["lead_id,created_at,source"] + [f"{prefix}{i},2025-01-{1 + i % 28:02d},web" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def content(path) -> tuple[int, str]:
    """Leads in the current snapshot and a hash of their ids, read as the dashboard reads."""
    con = snapshots.open_read_only(path)
    try:
        return con.execute(
            "select count(*), coalesce(md5(string_agg(lead_id, ',' order by lead_id)), '') from leads"
        ).fetchone()
    finally:
        con.close()


def import_leads(db, csv) -> int:
    from dashboard.cli import main

    return main(["import", "--db", str(db), "--kind", "leads", str(csv)])


def test_a_write_swaps_in_a_new_file_and_keeps_the_old_for_undo(tmp_path):
    db = tmp_path / "f.duckdb"
    assert import_leads(db, leads_csv(tmp_path / "a.csv", 3)) == 0
    first = snapshots.identity(db)
    reader = snapshots.open_read_only(db)
    assert import_leads(db, leads_csv(tmp_path / "b.csv", 5, "M")) == 0
    assert snapshots.identity(db) != first
    # a reader opened before keeps its snapshot; a new one sees the new file
    assert reader.execute("select count(*) from leads").fetchone()[0] == 3
    assert content(db)[0] == 5
    assert snapshots.can_undo(db)
    assert snapshots.undo(db)
    assert content(db)[0] == 3
    reader.close()


def test_a_failed_write_changes_nothing_and_leaves_no_file_behind(tmp_path):
    db = tmp_path / "f.duckdb"
    import_leads(db, leads_csv(tmp_path / "a.csv", 3))
    before = content(db)
    with pytest.raises(RuntimeError), snapshots.writing(db) as con:
        con.execute("delete from leads")
        raise RuntimeError("the import failed half way")
    assert content(db) == before
    assert not list(tmp_path.glob(f"f.duckdb{snapshots.TMP_MARK}*"))


def test_only_a_few_snapshots_are_kept(tmp_path):
    db = tmp_path / "f.duckdb"
    for i in range(config.SNAPSHOTS_KEPT + 2):
        import_leads(db, leads_csv(tmp_path / f"{i}.csv", i + 1))
    kept = [n for n in range(1, config.SNAPSHOTS_KEPT + 3) if snapshots.previous(db, n).exists()]
    assert kept == list(range(1, config.SNAPSHOTS_KEPT + 1))


def test_a_second_writer_is_told_who_holds_the_data(tmp_path):
    db = tmp_path / "f.duckdb"
    import_leads(db, leads_csv(tmp_path / "a.csv", 3))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; sys.path.insert(0, sys.argv[2]); from dashboard import snapshots\n"
            "with snapshots.writing(sys.argv[1], holder='a long import'):\n"
            "    print('holding', flush=True); time.sleep(30)",
            str(db),
            str(config.ROOT),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with (
            pytest.raises(snapshots.Busy, match=r"being changed by a long import \(.*pid \d+"),
            snapshots.writing(db, wait_seconds=0.3),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    # the OS released the killed holder's lock: the next writer goes ahead
    with snapshots.writing(db, wait_seconds=5) as con:
        assert store.scalar(con, "select count(*) from leads") == 3


def every_table(path) -> dict[str, str]:
    """A content hash of every table of the current snapshot, opened as the dashboard opens it; the import's
    clock time (meta's last_import_at and the tables' horizons, and the last import's report, which names it) is
    left out, the data version counted in."""
    con = snapshots.open_read_only(path)
    try:
        hashes = table_hashes(con)
        hashes["meta"] = store.scalar(
            con,
            "select md5(string_agg(key || '=' || value, ',' order by key)) from meta "
            # the horizons are an import's clock too (store.HORIZON_KEYS): each run of one import stores its own second
            "where key not in ('last_import_at', 'last_import_report', 'leads_horizon', 'deals_horizon')",
        )
        return hashes
    finally:
        con.close()


KILLS = 12


def test_an_import_killed_at_any_moment_leaves_the_old_or_the_new_data(tmp_path):
    db = tmp_path / "f.duckdb"
    import_leads(db, leads_csv(tmp_path / "old.csv", 1000, "O"))
    old = every_table(db)
    # ~1 s of import after ~1 s of Python starting, on this machine when it is quiet
    big = leads_csv(tmp_path / "new.csv", 100_000, "N")
    command = [sys.executable, "-m", "dashboard", "import", "--db", str(db), "--kind", "leads", str(big)]

    def start() -> subprocess.Popen:
        return subprocess.Popen(command, cwd=config.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # one whole import: how long it takes, and what the complete new content is
    began = time.monotonic()
    assert start().wait() == 0
    whole = time.monotonic() - began
    new = every_table(db)
    # other leads on the same days (data_as_of stays 2025-01-28), one more data version, the accounts the new
    # leads are (each its own, without an account_id: account_rows, read by the views account_facts and
    # account_groups), the funnel and entries rollups, which count the leads, and the account entries rollup, which
    # counts those accounts (data_days stays: the same days; account_deals too: no deal), and the leads open now under
    # the default window (open_window_leads: the new leads are young and open), and the funnel rollup of the accounts
    # (account_funnel_rollup; account_old_combinations stays: the new accounts are young), and both funnel rollups per
    # reach day (funnel_rollup_days, account_funnel_rollup_days): nothing else
    changed = {"leads", "account_rows", "funnel_rollup", "entries_rollup", "account_entries_rollup", "meta"}
    changed |= {"open_window_leads", "account_funnel_rollup", "funnel_rollup_days", "account_funnel_rollup_days"}
    assert {k for k in new if new[k] != old[k]} == changed
    assert snapshots.undo(db)
    assert every_table(db) == old

    # one kill in each twelfth of the import's time, at a random moment in it: before the lock (Python
    # starting), while the copy is written, during the checkpoint, around the rename, after it
    rng = random.Random(7)
    moments = [whole * (i + rng.random()) / KILLS for i in range(KILLS)]
    writing_seen = 0
    outcomes = []
    for moment in moments:
        proc = start()
        time.sleep(moment)
        # the next snapshot being written when the kill comes (the lock is held)
        writing_seen += any(tmp_path.glob(f"f.duckdb{snapshots.TMP_MARK}*"))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = every_table(db)
        assert now in (old, new), f"killed after {moment:.2f} s of {whole:.2f} s: neither the old nor the new data"
        outcomes.append("new" if now == new else "old")
        if now == new:
            # the kill came after the swap: put the old data back for the next try
            assert snapshots.undo(db)
            assert every_table(db) == old
    assert "old" in outcomes and writing_seen > 0, (outcomes, writing_seen)
    # no kill left the lock held: the next writer goes ahead at once and removes the killed one's copy
    with snapshots.writing(db, wait_seconds=1):
        pass
    assert not list(tmp_path.glob(f"f.duckdb{snapshots.TMP_MARK}*"))
    assert every_table(db) == old
