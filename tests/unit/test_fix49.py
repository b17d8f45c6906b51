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
    assert "WARNING: 2 leads stay disqualified: the file says mql with no later date (00Q5g0000000001" in out
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


def test_the_same_file_imported_again_says_its_rows_are_stored_unchanged(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    path = write(tmp_path, "leads_nov.csv", NOV)
    assert cli_import(db, "leads", [path], mode="replace") == 0
    changed = write(
        tmp_path, "leads_dec.csv", HEADER + lead(3, "Closed - Not Converted") + lead(4, "Closed - Not Converted")
    )
    capsys.readouterr()
    assert cli_import(db, "leads", [path]) == 0
    # by hand: the 4 rows as stored, none changed
    assert "leads: 4 rows upserted (4 rows already stored unchanged)" in capsys.readouterr().out
    assert cli_import(db, "leads", [changed]) == 0
    # 03 rejected now (changed), 04 as stored
    assert "leads: 2 rows upserted (1 existing row updated, 1 row already stored unchanged)" in capsys.readouterr().out


def test_the_advice_to_replace_says_the_won_deals_it_would_remove(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    # 8 deals stored: September's 01 won (5,000) and 02 lost; 03 to 08 open
    stored = (
        OPP_HEADER + opp(1, "Closed Won", "$5,000.00", "9/20/2026") + opp(2, "Closed Lost", "$1,000.00", "9/21/2026")
    )
    stored += "".join(opp(n, "Proposal/Price Quote", "$2,000.00", "12/14/2026") for n in range(3, 9))
    assert cli_import(db, "deals", [write(tmp_path, "opps_sep.csv", stored)], mode="replace") == 0
    # October's delta: 03 to 08 again (6 of 8 stored: the 3/4 of a full export); 01 and 02 left out, 1 won of 5,000
    delta = OPP_HEADER + "".join(opp(n, "Proposal/Price Quote", "$3,000.00", "12/14/2026") for n in range(3, 9))
    capsys.readouterr()
    assert cli_import(db, "deals", [write(tmp_path, "opps_oct.csv", delta)]) == 0
    out = capsys.readouterr().out
    assert "2 stored deals are not in this file (e.g. 0065g0000000001AAA, 0065g0000000002AAA)" in out
    assert "which removes all 2 (1 won deal among them, 5,000 of revenue)" in out


def test_a_won_deal_lost_in_a_newer_export_is_not_called_an_older_export(tmp_path, capsys):
    db = str(tmp_path / "x.duckdb")
    sep = OPP_HEADER + opp(1, "Closed Won", "$5,000.00", "9/20/2026")
    assert cli_import(db, "deals", [write(tmp_path, "opps_sep.csv", sep)], mode="replace") == 0
    # November's export: 01 lost on 11/14, and a deal created in November: the file's latest record is newer
    nov = OPP_HEADER + opp(1, "Closed Lost", "$5,000.00", "11/14/2026")
    nov += opp(2, "Proposal/Price Quote", "$1,000.00", "12/14/2026", created="11/13/2026")
    capsys.readouterr()
    assert cli_import(db, "deals", [write(tmp_path, "opps_nov.csv", nov)]) == 0
    out = capsys.readouterr().out
    assert "closed_at 2026-09-20 → 2026-11-14) — right when the CRM made the change" in out
    assert "an older export does" not in out
    # September's file appended after it: its latest record (9/15) is older than the stored ones' (11/13)
    assert cli_import(db, "deals", [write(tmp_path, "opps_sep.csv", sep)]) == 0
    assert "this file looks older than what is stored (its latest record created 2026-09-15" in capsys.readouterr().out


def test_the_check_says_the_stages_an_append_keeps(tmp_path):
    from dashboard import store
    from dashboard.importers.canonical import import_files
    from dashboard.importers.mapping import preset_mapping

    con = store.connect(str(tmp_path / "x.duckdb"))
    mapping = preset_mapping("salesforce", "leads")
    import_files(con, "leads", [Path(write(tmp_path, "leads_nov.csv", NOV))], mapping=mapping)
    stale = Path(write(tmp_path, "leads_oct.csv", OCT_STALE))
    report = import_files(con, "leads", [stale], mode="append", mapping=mapping, dry_run=True)
    # the check says what the import would: 01 and 02 stay disqualified (counted by hand above)
    assert any(a.startswith("2 leads stay disqualified") for a in report.alerts)
    assert store.scalar(con, "select count(*) from leads where lifecycle_stage = 'disqualified'") == 3
