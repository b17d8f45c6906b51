"""Snapshots: a write builds the next file and swaps it in whole; readers keep theirs; one writer at a time; undo."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

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


def test_an_import_killed_at_any_moment_leaves_the_old_or_the_new_data(tmp_path):
    db = tmp_path / "f.duckdb"
    import_leads(db, leads_csv(tmp_path / "old.csv", 1000, "O"))
    old = content(db)
    big = leads_csv(tmp_path / "new.csv", 200_000, "N")
    rng = random.Random(7)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "import", "--db", str(db), "--kind", "leads", str(big)],
            cwd=config.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now = content(db)
        assert now == old or now[0] == 200_000, now
        if now != old:
            # the kill came after the swap: put the old data back for the next try
            assert snapshots.undo(db)
            assert content(db) == old
