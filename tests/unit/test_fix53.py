"""Trial 53 (Dynamics 365 and Zoho CRM exports): a CRM's mark for no value, closing dates after today, the
Dynamics lead link and the report's wording, written small and counted by hand."""

from __future__ import annotations

import json
from datetime import date, timedelta

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
        "2 × '-None-' in Lead Source is a CRM's mark for no value (an empty pick list): read as blank (stored as "
        "unknown, as a blank is)" in out
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


def test_a_closed_deal_dated_after_tomorrow_is_named_and_not_the_datas_today(tmp_path, capsys):
    # dated from the real clock: the latest date before the horizon (now + 1 day) is D1's close, 3 days ago; D2 was
    # set to won with its planned closing date 20 days ahead left in place, D3 is open with its expected close 40
    # days ahead (an expectation, no fault)
    today = date.today()
    ago, ahead, later = (today + timedelta(days=d) for d in (-3, 20, 40))
    start = today - timedelta(days=30)
    path = write(
        tmp_path,
        "deals.csv",
        "deal_id,created_at,status,closed_at,amount\n"
        f"D1,{start},won,{ago},100\nD2,{start},won,{ahead},200\nD3,{start},open,{later},300\n",
    )
    code, out, err = run(capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "deals", str(path))
    assert code == 0, err
    # by hand: 1 row (D2, data row 2) kept and named with its column and date
    assert "1 row kept with a warning: date after today" in out
    assert f"deals.csv, row 2, column closed_at: date after today ('{ahead}')" in out
    code, out, err = run(capsys, "metrics", "--db", str(tmp_path / "x.duckdb"), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["data_ends"]["date"] == str(ago)
    # the deal itself is kept as exported: 2 won, 300 revenue
    assert stored(tmp_path, "select count(*), sum(amount) from deals where status = 'won'") == [(2, 300.0)]


# Dynamics 365: leads keyed by the hidden GUID; the opportunities' "Originating Lead" holds the lead's Name
DYN_LEADS = (
    "(Do Not Modify) Lead,Name,Lead Source,Status Reason,Created On\n"
    "0a1b-1,Ann Jones,Web,New,2026-09-01\n"
    "0a1b-2,Bob Lee,Advertisement,Qualified,2026-09-02\n"
)
DYN_OPPS = (
    "(Do Not Modify) Opportunity,Status,Created On,Est. Revenue,Actual Close Date,Originating Lead\n"
    "9f-1,Won,2026-09-10,1000,2026-10-01,Bob Lee\n"
    "9f-2,Open,2026-09-11,2000,,Ann Jones\n"
)


def test_the_dynamics_proposals_name_originating_lead_and_the_name_key(tmp_path, capsys):
    leads, opps = write(tmp_path, "leads.csv", DYN_LEADS), write(tmp_path, "opps.csv", DYN_OPPS)
    for kind, path in (("leads", leads), ("deals", opps)):
        code, _, err = run(capsys, "map", "--kind", kind, "--out", str(tmp_path / f"{kind}.toml"), str(path))
        assert code == 0, err
    lead_map = (tmp_path / "leads.toml").read_text(encoding="utf-8")
    deal_map = (tmp_path / "deals.toml").read_text(encoding="utf-8")
    # the proposal keys the leads by the GUID (Dynamics' own id) and says what the opportunities name them by
    assert 'lead_id = "(Do Not Modify) Lead"' in lead_map
    assert "name their lead in 'Originating Lead' by the lead's 'Name'" in lead_map
    assert 'write lead_id = "Name" here' in lead_map
    # the deals' proposal leaves the column unread, loudly, with both lines of the fix
    assert "lead_id =" not in deal_map.split("[deals.columns]")[1].split("\n[")[0]
    assert "# WARNING: 'Originating Lead' (Dynamics 365) names each opportunity's lead by the lead's Name" in deal_map
    assert 'write lead_id = "Originating Lead" under [deals.columns]' in deal_map


def test_a_dynamics_deals_import_naming_no_lead_names_originating_lead(tmp_path, capsys):
    leads, opps = write(tmp_path, "leads.csv", DYN_LEADS), write(tmp_path, "opps.csv", DYN_OPPS)
    db = str(tmp_path / "x.duckdb")
    for kind, path in (("leads", leads), ("deals", opps)):
        code, _, err = run(capsys, "map", "--kind", kind, "--out", str(tmp_path / f"{kind}.toml"), str(path))
        assert code == 0, err
        code, out, err = run(
            capsys, "import", "--db", db, "--kind", kind, "--mapping", str(tmp_path / f"{kind}.toml"), str(path)
        )
        assert code == 0, err
    # by hand: 2 deals, 2 leads, none linked; the warning names the file's own column, not Salesforce's only
    assert "none of the 2 deals names one of the 2 leads" in out
    assert "The deals file's 'Originating Lead' (not read) names each deal's lead by the lead's Name" in out
    assert 'lead_id = "Originating Lead" under [deals.columns]' in out


def test_a_stage_raised_by_converted_names_the_flag_not_the_default(tmp_path, capsys):
    # 'Pre-Qualified' is not in the map (its default reads lead); q1 and q2 are converted (sql), q3 is not
    leads = write(
        tmp_path,
        "leads.csv",
        "Record Id,Lead Status,Created Time,Converted\nq1,Pre-Qualified,2026-09-01 10:00:00,true\n"
        "q2,Pre-Qualified,2026-09-02 10:00:00,true\nq3,Pre-Qualified,2026-09-03 10:00:00,false\n",
    )
    mapping = write(
        tmp_path,
        "leads.toml",
        '[leads.columns]\nlead_id = "Record Id"\nlifecycle_stage = "Lead Status"\ncreated_at = "Created Time"\n'
        '[leads.reached]\nsql = ["Converted"]\n[leads.values.lifecycle_stage]\n"*" = "lead"\n',
    )
    code, out, err = run(
        capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", "--mapping", str(mapping), str(leads)
    )
    assert code == 0, err
    # by hand: 2 raised by Converted, 1 read by the default
    assert (
        "2 × 'Pre-Qualified' in Lead Status read as sql: raised by 'Converted' = yes to sql (not in the map, whose "
        "default (*) reads lead)" in out
    )
    assert "1 × 'Pre-Qualified' in Lead Status is not in the map: read by its default (*) as lead" in out
    assert "read by its default (*) as sql" not in out


def test_the_csv_mixed_currency_refusal_names_dynamics_base_column(tmp_path, capsys):
    path = write(
        tmp_path,
        "opps.csv",
        'deal_id,created_at,status,amount\nO1,2026-09-01,open,"$15,000.00"\nO2,2026-09-02,open,"€20,000.00"\n',
    )
    code, _, err = run(capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "deals", str(path))
    assert code == 1
    assert "several currencies" in err
    assert "Dynamics 365: 'Est. Revenue (Base)'" in err


def test_iso_times_beside_a_stated_day_first_format_are_said_as_iso(tmp_path, capsys):
    # the stated format reads Closing Date (2 cells); Created Time is ISO (2 cells), which the format fits none of
    path = write(
        tmp_path,
        "deals.csv",
        "Id,Created Time,Closing Date,Stage,Amount\nd1,2026-09-15 14:36:25,04/10/2026,won,100\n"
        "d2,2026-09-16 09:00:00,05/10/2026,lost,200\n",
    )
    mapping = write(
        tmp_path,
        "deals.toml",
        '[deals]\ndate_format = ["%d/%m/%Y"]\n[deals.columns]\ndeal_id = "Id"\ncreated_at = "Created Time"\n'
        'closed_at = "Closing Date"\nstatus = "Stage"\namount = "Amount"\n',
    )
    code, out, err = run(
        capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "deals", "--mapping", str(mapping), str(path)
    )
    assert code == 0, err
    assert (
        "column Created Time: read as plain ISO dates as written (2): the mapping's date_format (%d/%m/%Y) fits none"
        in out
    )
    assert "column Closing Date: read as the mapping's date_format (%d/%m/%Y)" in out
    assert stored(tmp_path, "select deal_id, closed_at::date::varchar from deals order by 1") == [
        ("d1", "2026-10-04"),
        ("d2", "2026-10-05"),
    ]


def test_the_report_says_which_rows_were_read_from_the_converted_amount(tmp_path, capsys):
    # Dynamics: O1 and O2 in US Dollar (Base = own), O3 in Euro, 20,000 → 21,600 in the company's currency
    path = write(
        tmp_path,
        "opps.csv",
        "Id,Status,Created On,Est. Revenue,Est. Revenue (Base),Currency\n"
        "O1,Open,2026-09-01,1000,1000,US Dollar\nO2,Open,2026-09-02,2000,2000,US Dollar\n"
        "O3,Open,2026-09-03,20000,21600,Euro\n",
    )
    mapping = write(
        tmp_path,
        "opps.toml",
        '[deals.columns]\ndeal_id = "Id"\nstatus = "Status"\ncreated_at = "Created On"\n'
        'amount = ["Est. Revenue (Base)", "Est. Revenue"]\n[deals.one_currency]\ncode = ["Currency"]\n'
        'converted = ["Est. Revenue (Base)"]\n[deals.values.status]\n"open" = "open"\n',
    )
    code, out, err = run(
        capsys, "import", "--db", str(tmp_path / "x.duckdb"), "--kind", "deals", "--mapping", str(mapping), str(path)
    )
    assert code == 0, err
    # by hand: 1 row (O3) in EUR, read from its Base amount; 1,000 + 2,000 + 21,600 = 24,600
    assert "1 row in another currency (Euro (EUR) 1) read from its 'Est. Revenue (Base)'" in out
    assert stored(tmp_path, "select sum(amount) from deals") == [(24600.0,)]
