"""An ad export with the same spend in two currencies ("Cost (EUR)" and "Cost (USD)"): `map` says which it took and
how to take the other; an import refused for its currency says a column in the stored currency may be mapped."""

from __future__ import annotations

from pathlib import Path

from dashboard import cli, store

TWO = (
    "Month,Source,Campaign,Cost (EUR),Cost (USD)\n"
    "2026-10,paid_search,brand,1300,1500\n"
    "2026-10,paid_social,fall,260,300\n"
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_map_names_the_column_of_the_other_currency(tmp_path, capsys):
    csv = write(tmp_path, "two_cur.csv", TWO)
    out = tmp_path / "m.toml"
    assert cli.main(["map", "--kind", "spend", "--out", str(out), str(csv)]) == 0
    err = capsys.readouterr().err
    assert "'Cost (USD)' holds amounts in USD too: the proposal reads 'Cost (EUR)' (EUR)" in err
    assert 'write amount = "Cost (USD)" under [spend.columns]' in err
    assert "if each row fills only one of them, the rows without 'Cost (EUR)' are skipped" in err
    assert "# WARNING: 'Cost (USD)' holds amounts in USD too" in out.read_text(encoding="utf-8")


def test_one_cost_column_or_other_money_columns_give_no_such_warning(tmp_path, capsys):
    # "Conversion value (USD)" is other money, not the cost in another currency
    csv = write(tmp_path, "one.csv", "Month,Source,Cost (EUR),Conversion value (USD)\n2026-10,paid_search,1300,9000\n")
    assert cli.main(["map", "--kind", "spend", "--out", str(tmp_path / "m.toml"), str(csv)]) == 0
    assert "holds amounts in" not in capsys.readouterr().err


def test_the_advice_taken_keeps_the_money_in_dollars(tmp_path, capsys):
    db = str(tmp_path / "db.duckdb")
    sep = write(tmp_path, "sep.csv", "month,source,amount\n2026-09,paid_search,USD 500\n")
    assert cli.main(["import", "--db", db, "--kind", "spend", str(sep)]) == 0
    csv = write(tmp_path, "two_cur.csv", TWO)
    mapping = tmp_path / "m.toml"
    assert cli.main(["map", "--kind", "spend", "--out", str(mapping), str(csv)]) == 0
    capsys.readouterr()
    # the proposal took the euros: a database in USD refuses them, and says a column in USD may be mapped instead
    args = ["import", "--db", db, "--kind", "spend", "--mapping", str(mapping), "--mode", "append", str(csv)]
    assert cli.main(args) != 0
    assert "map that one as the amount" in capsys.readouterr().err
    text = mapping.read_text(encoding="utf-8").replace('amount = "Cost (EUR)"', 'amount = "Cost (USD)"')
    mapping.write_text(text, encoding="utf-8")
    assert cli.main(args) == 0
    # September 500 kept; October 1500 + 300 in dollars: 2,300
    con = store.connect(db, read_only=True)
    assert con.execute("select sum(amount) from spend").fetchall() == [(2300.0,)]
