"""Review 24 (R3, R7, R8, R8b): the re-import report lines warned of normal monthly imports. False warnings teach
users to skip the real ones: a Salesforce opportunities replace, a re-import of a zoned HubSpot file and a target of
a channel not launched yet say nothing now, and the settling advice beside a preset works when followed."""

from __future__ import annotations

import duckdb

from dashboard import cli

# two converted Salesforce leads, each naming its opportunity (15-character ids, as reports write them)
SF_HEADER = (
    "Lead ID,Created Date,Lead Source,Lead Status,Converted,Converted Date,Converted Opportunity ID,"
    "Converted Account ID\n"
)
SF_LEADS = (
    SF_HEADER
    + """00Q5g00000AbCd1,8/13/2026,Web,Closed - Converted,1,8/20/2026,0065g00000XyZw1,0015g00000Acc01
00Q5g00000AbCd2,8/15/2026,Web,Closed - Converted,1,8/22/2026,0065g00000XyZw2,0015g00000Acc02
"""
)
# the same leads a month later: the CRM cleared the second one's Converted Opportunity ID
SF_LEADS_UNLINKED = SF_LEADS.replace("8/22/2026,0065g00000XyZw2,0015g00000Acc02", "8/22/2026,,")
# an opportunities report: no lead column at all
SF_OPPS = """Opportunity ID,Opportunity Name,Account ID,Stage,Amount,Created Date,Close Date,Lead Source,Won,Closed
0065g00000XyZw1,Acme,0015g00000Acc01,Closed Won,15000,8/20/2026,9/15/2026,Web,1,1
0065g00000XyZw2,Beta,0015g00000Acc02,Qualification,9000,8/22/2026,12/31/2026,Web,0,0
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys, *argv) -> str:
    """Run the CLI as a user does; what it printed."""
    capsys.readouterr()
    assert cli.main(list(argv)) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def query(db, sql):
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_salesforce_opportunities_replaced_monthly_say_nothing_of_leads(tmp_path, capsys):
    db = str(tmp_path / "sf.duckdb")
    opps = write(tmp_path, "opps.csv", SF_OPPS)
    run(
        capsys,
        "import",
        "--db",
        db,
        "--kind",
        "leads",
        "--preset",
        "salesforce",
        write(tmp_path, "leads.csv", SF_LEADS),
    )
    run(capsys, "import", "--db", db, "--kind", "deals", "--preset", "salesforce", "--mode", "replace", opps)
    # next month's report, the same 2 opportunities: both linked again through the leads' Converted Opportunity ID
    text = run(capsys, "import", "--db", db, "--kind", "deals", "--preset", "salesforce", "--mode", "replace", opps)
    assert "2 deals linked to their leads" in text
    assert "lead_id" not in text.split("2 deals linked")[0]
    assert "named a lead" not in text
    assert "WARNING" not in text
    # 2 deals, both naming a lead
    assert query(db, "select count(*), count(lead_id) from deals") == [(2, 2)]


def test_a_salesforce_deal_the_leads_no_longer_link_is_still_named(tmp_path, capsys):
    db = str(tmp_path / "sf.duckdb")
    opps = write(tmp_path, "opps.csv", SF_OPPS)
    run(
        capsys,
        "import",
        "--db",
        db,
        "--kind",
        "leads",
        "--preset",
        "salesforce",
        write(tmp_path, "leads.csv", SF_LEADS),
    )
    run(capsys, "import", "--db", db, "--kind", "deals", "--preset", "salesforce", "--mode", "replace", opps)
    later = write(tmp_path, "leads_later.csv", SF_LEADS_UNLINKED)
    run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "salesforce", "--mode", "replace", later)
    text = run(capsys, "import", "--db", db, "--kind", "deals", "--preset", "salesforce", "--mode", "replace", opps)
    # Beta (9,000) no longer reaches a lead; Acme (15,000) does: 1 deal named, 9,000.00 in all
    assert "1 deal (0065g00000XyZw2" in text
    assert "9,000.00 in all) named a lead" in text
    assert "the stored lead_id" not in text
    assert query(db, "select count(*), count(lead_id) from deals") == [(2, 1)]


# contact 501 created and last modified at 22:00 in UTC-5, i.e. 03:00 UTC the next day; never modified since
HS_ZONED = """Record ID,Create Date,Lifecycle Stage,Original Source,Last Modified Date
501,2026-10-01T22:00:00-05:00,lead,PAID_SEARCH,2026-10-01T22:00:00-05:00
502,2026-10-01T10:00:00-05:00,lead,PAID_SEARCH,2026-10-01T10:00:00-05:00
"""


def test_a_zoned_last_modified_date_imported_twice_says_nothing(tmp_path, capsys):
    db = str(tmp_path / "hs.duckdb")
    path = write(tmp_path, "contacts.csv", HS_ZONED)
    run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "hubspot", "--mode", "replace", path)
    text = run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "hubspot", "--mode", "replace", path)
    assert "last modified" not in text
    assert "undo" not in text
    assert "WARNING" not in text
    # 22:00 at -05:00 is 03:00 UTC on 2 October (data timezone UTC)
    assert query(db, "select strftime(created_at, '%Y-%m-%d %H:%M') from leads where lead_id = '501'") == [
        ("2026-10-02 03:00",)
    ]


def test_a_zoned_older_export_is_still_said_in_the_data_timezone(tmp_path, capsys):
    db = str(tmp_path / "hs.duckdb")
    stored = "Record ID,Create Date,Lifecycle Stage,Original Source,Last Modified Date\n" + (
        "503,2026-10-03T10:00:00-05:00,lead,PAID_SEARCH,2026-10-03T10:00:00-05:00\n"
    )
    older = stored.replace(",2026-10-03T10:00:00-05:00\n", ",2026-10-01T10:00:00-05:00\n")
    run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "hubspot", write(tmp_path, "c.csv", stored))
    text = run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "hubspot", write(tmp_path, "o.csv", older))
    # modified 1 Oct 10:00 at -05:00 = 15:00 UTC, before the stored creation 3 Oct 15:00 UTC: 1 row said, in UTC
    assert "1 row of o.csv was last modified (Last Modified Date)" in text
    assert "503: modified 2026-10-01 15:00, the stored one has 2026-10-03 15:00" in text


LEADS = """lead_id,created_at,source
L1,2026-08-01,paid_search
L2,2026-08-02,organic
L3,2026-09-03,webinar
"""
# a month later: the webinar lead is gone (the CRM renamed or deleted its source)
LEADS_LATER = """lead_id,created_at,source
L1,2026-08-01,paid_search
L2,2026-08-02,organic
L4,2026-09-04,paid_search
"""
# paid_search has leads; podcast is a channel planned for January 2027 that no lead ever had; webinar's
# leads were all in the first file; social has none but September is a month the leads cover
TARGETS = """month,metric,source,value
2026-09,leads,paid_search,10
2027-01,leads,podcast,5
2027-01,leads,webinar,3
2026-09,leads,social,2
"""


def test_a_target_of_a_channel_not_launched_yet_is_not_warned_on_leads_imports(tmp_path, capsys):
    db = str(tmp_path / "tg.duckdb")
    run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads.csv", LEADS))
    run(capsys, "import", "--db", db, "--kind", "targets", write(tmp_path, "targets.csv", TARGETS))
    text = run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads_later.csv", LEADS_LATER))
    # webinar had a lead before this import (L3) and has none now; social's target is of Sep 2026, a month the
    # leads cover (Aug-Sep 2026); podcast's is of Jan 2027, after them, and no lead ever had it: 2 sources said
    assert "stored source targets of 'social' (1 row), 'webinar' (1 row) match no source" in text
    assert "podcast" not in text
    # the same file again: webinar and social are said again (still no leads), podcast still not
    text = run(capsys, "import", "--db", db, "--kind", "leads", write(tmp_path, "leads_again.csv", LEADS_LATER))
    assert "podcast" not in text


SPEND = """month,source,amount
2026-08,Web,500
"""
# this month's Salesforce leads export: the CRM renamed the "Web" picklist value "Website"
SF_WEBSITE = (
    SF_HEADER
    + """00Q5g00000AbCd1,8/13/2026,Website,Open - Not Contacted,0,,,
00Q5g00000AbCd2,8/15/2026,Website,Open - Not Contacted,0,,,
"""
)


def test_the_settling_advice_beside_a_preset_works_when_followed(tmp_path, capsys):
    db = str(tmp_path / "sf.duckdb")
    leads = write(tmp_path, "leads.csv", SF_WEBSITE)
    run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "salesforce", leads)
    run(capsys, "import", "--db", db, "--kind", "spend", write(tmp_path, "spend.csv", SPEND))
    text = run(capsys, "import", "--db", db, "--kind", "leads", "--preset", "salesforce", "--mode", "replace", leads)
    assert "stored spend of 'Web' (1 row, 500.00)" in text
    assert '[leads.values.source] "Website" = "Web"' in text
    steps = "`python -m dashboard map --kind KIND --out map.toml FILE`, add the line under its [KIND.values.source]"
    assert steps in text
    assert "import with --mapping map.toml instead of --preset" in text
    # followed literally: the preset's mapping written, the line added under its table, imported with it alone
    mapping = tmp_path / "map.toml"
    run(capsys, "map", "--kind", "leads", "--out", str(mapping), leads)
    lines = mapping.read_text(encoding="utf-8").splitlines()
    at = lines.index("[leads.values.source]") + 1
    mapping.write_text("\n".join([*lines[:at], '"Website" = "Web"', *lines[at:]]) + "\n", encoding="utf-8")
    text = run(capsys, "import", "--db", db, "--kind", "leads", "--mapping", str(mapping), "--mode", "replace", leads)
    assert "stored spend of 'Web'" not in text
    # both leads now under the spend's name: 2 leads of Web
    assert query(db, "select source, count(*) from leads group by 1") == [("Web", 2)]
