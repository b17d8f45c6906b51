"""`undo` says which import it undid and what changed, in rows per table."""

from __future__ import annotations

from pathlib import Path

from dashboard import cli, sla


def test_undo_names_the_import_and_the_rows_that_came_back(tmp_path: Path, capsys):
    db = str(tmp_path / "db.duckdb")
    first = tmp_path / "m1.csv"
    first.write_text("lead_id,created_at\nL1,2026-09-01\nL2,2026-09-02\n", encoding="utf-8")
    second = tmp_path / "m2.csv"
    second.write_text("lead_id,created_at\nL3,2026-10-01\n", encoding="utf-8")
    assert cli.main(["import", "--db", db, "--kind", "leads", str(first)]) == 0
    # an append of one more lead: 2 → 3
    assert cli.main(["import", "--db", db, "--kind", "leads", "--mode", "append", str(second)]) == 0
    capsys.readouterr()
    assert cli.main(["undo", "--db", db]) == 0
    said = capsys.readouterr().out
    assert "the last change to the data is undone" in said
    # back to the state after the first import, which the restored file records
    assert "the data is as it was after the import of 20" in said
    assert "rows: leads 3 → 2" in said
    # the first import made the file: no snapshot before it is kept
    assert cli.main(["undo", "--db", db]) == 1
    assert "nothing to undo" in capsys.readouterr().out


def test_undo_of_an_accounts_import_counts_the_accounts(tmp_path: Path, capsys):
    db = str(tmp_path / "db.duckdb")
    leads = tmp_path / "leads.csv"
    leads.write_text("lead_id,created_at,account_id\nL1,2026-09-01,A1\nL2,2026-09-02,A2\n", encoding="utf-8")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,name\nA1,Acme\nA2,Globex\n", encoding="utf-8")
    assert cli.main(["import", "--db", db, "--kind", "leads", str(leads)]) == 0
    assert cli.main(["import", "--db", db, "--kind", "accounts", str(accounts)]) == 0
    capsys.readouterr()
    assert cli.main(["undo", "--db", db]) == 0
    # the two accounts go; the leads stay
    assert "rows: accounts 2 → 0" in capsys.readouterr().out


def test_undo_of_an_import_reads_no_data_today(tmp_path: Path, capsys, monkeypatch):
    # review 104: sla.now_words (the latest record over every table) ran on every undo, its words said only after
    # undoing a stated complete-through day; an undone import asks none
    db = str(tmp_path / "db.duckdb")
    first = tmp_path / "m1.csv"
    first.write_text("lead_id,created_at\nL1,2026-09-01\n", encoding="utf-8")
    second = tmp_path / "m2.csv"
    second.write_text("lead_id,created_at\nL2,2026-10-01\n", encoding="utf-8")
    assert cli.main(["import", "--db", db, "--kind", "leads", str(first)]) == 0
    assert cli.main(["import", "--db", db, "--kind", "leads", "--mode", "append", str(second)]) == 0
    asked: list[object] = []
    real = sla.now_words
    monkeypatch.setattr(sla, "now_words", lambda con: asked.append(con) or real(con))
    capsys.readouterr()
    assert cli.main(["undo", "--db", db]) == 0
    assert "rows: leads 2 → 1" in capsys.readouterr().out
    # before: asked once
    assert asked == []
