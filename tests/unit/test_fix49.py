"""Trial 49 (Salesforce lead and opportunity exports imported month by month): an older export appended after a newer
one took back three rejections without a word; Sep, Oct and Nov given in one command kept September's rows; a
mistaken re-import read as 135 rows replaced and advised a replace that would drop won deals of earlier months. Every
number is counted by hand from the small files below."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboard.cli import main

HEADER = '"Lead ID","Lead Source","Lead Status","Create Date","Converted","Converted Date","Converted Opportunity ID"\n'
OPP_HEADER = '"Opportunity ID","Stage","Amount","Close Date","Created Date","Lead Source"\n'


def lead(number: int, status: str, created: str = "9/14/2026", converted: str = "", opp: str = "") -> str:
    """A Salesforce lead report row (15-character ids, as reports write them)."""
    done = "1" if converted else "0"
    return f'"00Q5g00000000{number:02d}","Web","{status}","{created}","{done}","{converted}","{opp}"\n'


def opp(number: int, stage: str, amount: str, closed: str, created: str = "9/15/2026") -> str:
    """A Salesforce opportunity report row."""
    return f'"0065g00000000{number:02d}","{stage}","{amount}","{closed}","{created}","Web"\n'


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def cli_import(db: str, kind: str, files: list[str], mode: str = "append") -> int:
    return main(["import", "--db", db, "--kind", kind, "--preset", "salesforce", "--mode", mode, *files])


def stages(db: str) -> dict[str, int]:
    with duckdb.connect(db, read_only=True) as con:
        return dict(con.execute("select lifecycle_stage, count(*) from leads group by 1").fetchall())


def metrics(db: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["metrics", "--db", db, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


# November's export: 01, 02 and 04 rejected by sales, 03 still worked
NOV = HEADER + "".join(
    [
        lead(1, "Closed - Not Converted"),
        lead(2, "Closed - Not Converted"),
        lead(3, "Working - Contacted"),
        lead(4, "Closed - Not Converted"),
    ]
)
# October's rows of 01, 02 and 03: all three still worked then
OCT_STALE = HEADER + "".join(lead(n, "Working - Contacted") for n in (1, 2, 3))


def test_an_older_export_appended_keeps_the_stored_rejections_and_says_so(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    assert cli_import(db, "leads", [write(tmp_path, "leads_nov.csv", NOV)], mode="replace") == 0
    # by hand: 3 disqualified (01, 02, 04), 1 MQL (03)
    assert stages(db) == {"disqualified": 3, "mql": 1}
    capsys.readouterr()
    assert cli_import(db, "leads", [write(tmp_path, "leads_oct.csv", OCT_STALE)]) == 0
    out = capsys.readouterr().out
    # 01 and 02 were rejected in the stored (newer) export; the October rows would make them MQLs again: they stay
    # rejected. 03 was an MQL and stays one; 04 is not in the file. By hand: still 3 disqualified, 1 MQL
    assert stages(db) == {"disqualified": 3, "mql": 1}
    assert "WARNING: 2 leads stay disqualified: the file says mql without a date (00Q5g0000000001" in out
    funnel = {row["stage"]: row["count"] for row in metrics(db, capsys)["funnel"]}
    # by hand: 4 leads, 1 MQL (03: the rejected ones had no MQL date); without the fix 3 MQLs
    assert (funnel["lead"], funnel["mql"]) == (4, 1)
    # 01 converted after all (a date and sql): a move on, not an older row; by hand 2 disqualified, 1 sql, 1 mql
    later = HEADER + lead(1, "Closed - Converted", converted="12/14/2026", opp="0065g0000000001")
    assert cli_import(db, "leads", [write(tmp_path, "leads_dec.csv", later)]) == 0
    assert "stay disqualified" not in capsys.readouterr().out
    assert stages(db) == {"disqualified": 2, "sql": 1, "mql": 1}


LEADS_SEP = HEADER + lead(1, "Open - Not Contacted") + lead(2, "Working - Contacted") + lead(3, "Open - Not Contacted")
LEADS_OCT = (
    HEADER
    + lead(1, "Working - Contacted")
    + lead(2, "Closed - Converted", converted="10/15/2026", opp="0065g0000000002")
)
LEADS_NOV = HEADER + lead(1, "Closed - Converted", converted="11/16/2026", opp="0065g0000000001")
OPPS_SEP = OPP_HEADER + opp(1, "Proposal/Price Quote", "$5,000.00", "12/14/2026")
OPPS_OCT = (
    OPP_HEADER
    + opp(1, "Closed Won", "$5,000.00", "10/20/2026")
    + opp(2, "Proposal/Price Quote", "$8,000.00", "12/14/2026")
)
OPPS_NOV = OPP_HEADER + opp(2, "Closed Won", "$8,000.00", "11/20/2026")


def test_several_monthly_files_in_one_command_keep_the_last_files_row(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    leads = [
        write(tmp_path, f"leads_{m}.csv", t) for m, t in (("sep", LEADS_SEP), ("oct", LEADS_OCT), ("nov", LEADS_NOV))
    ]
    assert cli_import(db, "leads", leads, mode="replace") == 0
    out = capsys.readouterr().out
    # by hand, the latest row of each: 01 sql (Nov), 02 sql (Oct), 03 lead (Sep)
    assert stages(db) == {"sql": 2, "lead": 1}
    assert "(such as 00Q5g0000000001" in out and "in 3 files: the row of leads_nov.csv kept" in out
    opps = [write(tmp_path, f"opps_{m}.csv", t) for m, t in (("sep", OPPS_SEP), ("oct", OPPS_OCT), ("nov", OPPS_NOV))]
    assert cli_import(db, "deals", opps, mode="replace") == 0
    assert "(such as 0065g0000000001AAA in 2 files: the row of opps_oct.csv kept" in capsys.readouterr().out
    doc = metrics(db, capsys)
    # by hand: 01 won in Oct (5,000), 02 won in Nov (8,000): 2 won, 13,000; the first rows said both open
    assert (doc["deals"]["won"], doc["deals"]["open"], doc["deals"]["revenue"]) == (2, 0, 13000.0)
    funnel = {row["stage"]: row["count"] for row in doc["funnel"]}
    assert (funnel["lead"], funnel["mql"], funnel["sql"], funnel["customer"]) == (3, 2, 2, 2)


def test_one_command_gives_what_the_files_give_one_after_another(tmp_path, capsys):
    together, apart = str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    files = [write(tmp_path, f"opps_{m}.csv", t) for m, t in (("sep", OPPS_SEP), ("oct", OPPS_OCT), ("nov", OPPS_NOV))]
    assert cli_import(together, "deals", files, mode="replace") == 0
    for index, path in enumerate(files):
        assert cli_import(apart, "deals", [path], mode="replace" if index == 0 else "append") == 0
    # by hand both: 2 won, 13,000
    assert metrics(together, capsys)["deals"] == metrics(apart, capsys)["deals"]
    assert metrics(apart, capsys)["deals"]["revenue"] == 13000.0
