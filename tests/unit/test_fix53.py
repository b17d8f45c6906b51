"""Trial 53 (Dynamics 365 and Zoho CRM exports): a CRM's mark for no value, closing dates after today, the
Dynamics lead link and the report's wording, written small and counted by hand."""

from __future__ import annotations

import json

import duckdb

from dashboard.cli import main


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI: (exit code, what it printed, what it said on stderr)."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(tmp_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# Zoho leads: z2 and z3 have Zoho's '-None-' (an empty pick list), z4 Salesforce's '--None--'; z1 and z2 converted
ZOHO_LEADS = (
    "Record Id,Lead Source,Lead Status,Created Time,Converted,Converted Deal\n"
    "z1,Web Download,Contacted,2026-09-01 10:00:00,true,zd1\n"
    "z2,-None-,Contacted,2026-09-02 10:00:00,true,zd2\n"
    "z3,-None-,Not Contacted,2026-09-03 10:00:00,false,\n"
    "z4,--None--,-None-,2026-09-04 10:00:00,false,\n"
    "z5,Advertisement,Not Contacted,2026-09-05 10:00:00,false,\n"
)
# two won deals: zd1 (z1's, Web Download) 5,000 and zd2 (z2's, its own Lead Source '-None-' too) 8,000
ZOHO_DEALS = (
    "Record Id,Amount,Closing Date,Stage,Lead Source,Created Time\n"
    "zd1,5000.00,2026-10-01,Closed Won,Web Download,2026-09-10 10:00:00\n"
    "zd2,8000.00,2026-10-02,Closed Won,-None-,2026-09-11 10:00:00\n"
)


def _zoho_imported(tmp_path, capsys) -> tuple[str, str]:
    """The small Zoho export imported with the mappings a new user is proposed: (leads proposal, leads report)."""
    leads, deals = write(tmp_path, "leads.csv", ZOHO_LEADS), write(tmp_path, "deals.csv", ZOHO_DEALS)
    db = str(tmp_path / "x.duckdb")
    for kind, path in (("leads", leads), ("deals", deals)):
        code, _, err = run(capsys, "map", "--kind", kind, "--out", str(tmp_path / f"{kind}.toml"), str(path))
        assert code == 0, err
    code, out, err = run(
        capsys, "import", "--db", db, "--kind", "leads", "--mapping", str(tmp_path / "leads.toml"), str(leads)
    )
    assert code == 0, err
    code, _, err = run(
        capsys, "import", "--db", db, "--kind", "deals", "--mapping", str(tmp_path / "deals.toml"), str(deals)
    )
    assert code == 0, err
    return (tmp_path / "leads.toml").read_text(encoding="utf-8"), out


def test_a_zoho_none_source_is_unknown_and_its_won_deal_unknown_origin_revenue(tmp_path, capsys):
    _zoho_imported(tmp_path, capsys)
    # by hand: z2, z3 and z4 have no source (3 leads); z1 Web Download, z5 Advertisement
    assert stored(tmp_path, "select source, count(*) from leads group by 1 order by 1") == [
        ("Advertisement", 1),
        ("Web Download", 1),
        ("unknown", 3),
    ]
    code, out, err = run(capsys, "metrics", "--db", str(tmp_path / "x.duckdb"), "--format", "json")
    assert code == 0, err
    sourced = json.loads(out)["sourced"]
    # by hand: zd1 (z1, Web Download) 5,000 is marketing-sourced; zd2 (z2, no source) 8,000 is of unknown origin
    assert sourced["revenue_marketing"] == 5000.0
    assert sourced["revenue_unknown"] == 8000.0
    # the deal's own '-None-' is no source either
    assert stored(tmp_path, "select deal_id, source from deals order by 1") == [("zd1", "Web Download"), ("zd2", None)]


def test_the_report_says_a_none_mark_was_read_as_blank_and_the_proposal_lists_none(tmp_path, capsys):
    proposal, out = _zoho_imported(tmp_path, capsys)
    # by hand: '-None-' 2 rows and '--None--' 1 row of Lead Source; 1 '-None-' in Lead Status
    assert (
        "2 × '-None-' in Lead Source is a CRM's mark for no value (an empty pick list): read as blank, as unknown"
        in out
    )
    assert "1 × '--None--' in Lead Source is a CRM's mark for no value" in out
    assert "'-None-' 2 → unknown" in out
    # the proposal offers no line for the mark: it is no stage to map (the stage map lists the 2 real values only)
    assert "none-" not in proposal.lower()
    assert stored(tmp_path, "select lead_id, lifecycle_stage from leads where lead_id = 'z4'") == [("z4", "lead")]


def test_a_canonical_file_with_a_none_source_is_read_the_same_way(tmp_path, capsys):
    # a canonical file (no mapping) takes the fast way unless a mark sends it the staged way; by hand: L2 unknown
    path = write(tmp_path, "leads.csv", "lead_id,created_at,source\nL1,2026-09-01,Web\nL2,2026-09-02,--None--\n")
    code, out, err = run(capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", str(path))
    assert code == 0, err
    assert stored(tmp_path, "select lead_id, source from leads order by 1") == [("L1", "Web"), ("L2", "unknown")]
    assert "1 × '--None--' in source is a CRM's mark for no value" in out
