"""Trial 35: the same people exported by several marketing tools (Pardot, ActiveCampaign, Mailchimp) and appended
one after another. A later tool's row took a stored MQL back to lead, moved a person's creation and first source to
the later tool, and a person keyed by number in one tool and by e-mail in another was counted twice in silence.
Every file is a few rows written here; every expected count is worked out by hand beside it."""

from __future__ import annotations

import tomllib

import duckdb

from dashboard.cli import main

# tool one, keyed by e-mail: Ann reached MQL, Cy SQL, Bo is a lead
FIRST = (
    "lead_id,created_at,source,lifecycle_stage\n"
    "ann@acme.com,2024-03-05 09:14,Website,mql\n"
    "bo@beta.io,2024-03-06 10:00,Website,lead\n"
    "cy@corp.com,2024-03-07 11:00,Ads,sql\n"
)
# tool two: Ann only "Newsletter" (lead), Cy only an MQL tag, Dee new
SECOND = (
    "lead_id,created_at,source,lifecycle_stage\n"
    "ann@acme.com,2024-03-05 09:20,Webinar,lead\n"
    "cy@corp.com,2024-03-07 11:05,Webinar,mql\n"
    "dee@dell.com,2024-03-08 12:00,Webinar,lead\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path, capsys, *args: str) -> str:
    """One command on tmp_path/x.duckdb; what it printed (it must succeed)."""
    code = main([args[0], "--db", str(tmp_path / "x.duckdb"), *args[1:]])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def leads(tmp_path, *args: str) -> list[str]:
    """The import arguments for leads files."""
    return ["import", "--kind", "leads", *args]


def stored(tmp_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def funnel(tmp_path, capsys) -> list[int]:
    """lead, MQL, SQL counts of the all-time cohort funnel."""
    import json

    out = run(tmp_path, capsys, "metrics", "--format", "json")
    return [row["count"] for row in json.loads(out)["funnel"]][:3]


def test_an_append_saying_an_earlier_stage_keeps_the_stage_reached(tmp_path, capsys):
    run(tmp_path, capsys, *leads(tmp_path, str(write(tmp_path, "first.csv", FIRST))))
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "second.csv", SECOND))))
    # Ann stays mql, Cy stays sql, Bo lead, Dee lead
    assert stored(tmp_path, "select lead_id, lifecycle_stage from leads order by 1") == [
        ("ann@acme.com", "mql"),
        ("bo@beta.io", "lead"),
        ("cy@corp.com", "sql"),
        ("dee@dell.com", "lead"),
    ]
    # 4 leads; MQL: Ann, Cy = 2; SQL: Cy = 1 (before the fix 4 / 1 / 0)
    assert funnel(tmp_path, capsys) == [4, 2, 1]
    assert "1 lead stays SQL: the file says mql (cy@corp.com); reached stages are kept on append" in out
    assert "1 lead stays MQL: the file says lead (ann@acme.com)" in out
    assert "use --mode replace to overwrite" in out


def test_a_disqualification_in_the_appended_row_is_taken_as_before(tmp_path, capsys):
    run(tmp_path, capsys, *leads(tmp_path, str(write(tmp_path, "first.csv", FIRST))))
    # Ann disqualified by stage, Cy a lead with a disqualification date: neither is a stage going back
    later = (
        "lead_id,created_at,source,lifecycle_stage,disqualified_at\n"
        "ann@acme.com,2024-03-05 09:14,Website,disqualified,2024-03-20\n"
        "cy@corp.com,2024-03-07 11:00,Ads,lead,2024-03-21\n"
    )
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "dq.csv", later))))
    assert stored(tmp_path, "select lead_id, lifecycle_stage from leads where lead_id <> 'bo@beta.io' order by 1") == [
        ("ann@acme.com", "disqualified"),
        ("cy@corp.com", "lead"),
    ]
    assert "stays" not in out


def test_a_replace_still_overwrites_the_stage(tmp_path, capsys):
    run(tmp_path, capsys, *leads(tmp_path, str(write(tmp_path, "first.csv", FIRST))))
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "replace", str(write(tmp_path, "second.csv", SECOND))))
    # the file's stages as written: Ann lead, Cy mql, Dee lead (Bo removed)
    assert stored(tmp_path, "select lead_id, lifecycle_stage from leads order by 1") == [
        ("ann@acme.com", "lead"),
        ("cy@corp.com", "mql"),
        ("dee@dell.com", "lead"),
    ]
    assert "stays" not in out


def test_a_person_keeps_the_creation_and_source_of_the_first_tool(tmp_path, capsys):
    run(tmp_path, capsys, *leads(tmp_path, str(write(tmp_path, "first.csv", FIRST))))
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "second.csv", SECOND))))
    # Ann 09:14 Website (not 09:20 Webinar), Cy 11:00 Ads (not 11:05 Webinar); Dee new: the file's
    assert stored(
        tmp_path,
        "select lead_id, strftime(created_at, '%H:%M'), source from leads where lead_id <> 'bo@beta.io' order by 1",
    ) == [("ann@acme.com", "09:14", "Website"), ("cy@corp.com", "11:00", "Ads"), ("dee@dell.com", "12:00", "Webinar")]
    assert (
        "2 leads named by e-mail address keep their stored creation and source, earlier than this file's "
        "(ann@acme.com 2024-03-05 09:14 Website (file: 2024-03-05 09:20 Webinar); "
        "cy@corp.com 2024-03-07 11:00 Ads (file: 2024-03-07 11:05 Webinar))"
    ) in out
    assert "replaced by a row created later" not in out


def test_an_earlier_row_of_an_e_mail_lead_still_moves_its_creation(tmp_path, capsys):
    run(tmp_path, capsys, *leads(tmp_path, str(write(tmp_path, "second.csv", SECOND))))
    # the first tool's file comes second: Ann 09:14 < stored 09:20, so the file's earlier row is taken, Website
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "first.csv", FIRST))))
    assert stored(
        tmp_path, "select strftime(created_at, '%H:%M'), source from leads where lead_id = 'ann@acme.com'"
    ) == [("09:14", "Website")]
    assert "keep their stored creation" not in out


# a Pardot-like prospects file: its own numeric Id, the Email beside it, the Salesforce lead id it synced
PARDOT = (
    "Id,Email,Created Date,Source,Score,CRM Lead FID\n"
    "1001,Ann@acme.com,2024-03-05 09:00,Website,145,00Q5g00000AbCdE\n"
    "1003,eve@hooli.com,2024-03-09 09:00,Trade Show,220,\n"
    "1004,gus@globex.com,2024-03-10 09:00,Website,20,\n"
)
PARDOT_BY_ID = '[leads.columns]\nlead_id = "Id"\ncreated_at = "Created Date"\nsource = "Source"\n'
# a Mailchimp-like audience: keyed by e-mail
MAILCHIMP = "lead_id,created_at,source\nann@acme.com,2024-03-05 09:30,Website\neve@hooli.com,2024-03-09 09:30,Event\n"


def test_a_file_whose_e_mails_are_stored_under_another_id_is_warned(tmp_path, capsys):
    run(tmp_path, capsys, *leads(tmp_path, str(write(tmp_path, "mc.csv", MAILCHIMP))))
    mapping = write(tmp_path, "p.toml", PARDOT_BY_ID)
    pardot = write(tmp_path, "pardot.csv", PARDOT)
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", "--mapping", str(mapping), str(pardot)))
    # 2 + 3 = 5 leads: Ann and Eve twice, Gus once
    assert stored(tmp_path, "select count(*) from leads") == [(5,)]
    assert (
        "pardot.csv: 2 people in this file are stored under another id with the same e-mail "
        "(ann@acme.com: file id 1001, stored ann@acme.com; eve@hooli.com: file id 1003, stored eve@hooli.com): "
        'they would be counted twice, in every stage and source; map lead_id = "Email" in both files'
    ) in out


def test_the_e_mail_check_still_speaks_once_the_stored_ids_are_mixed(tmp_path, capsys):
    mapping = write(tmp_path, "p.toml", PARDOT_BY_ID)
    # Pardot by number (gus only), then Mailchimp by e-mail: stored ids are now of two shapes
    gus = "Id,Email,Created Date,Source,Score,CRM Lead FID\n1004,gus@globex.com,2024-03-10 09:00,Website,20,\n"
    run(tmp_path, capsys, *leads(tmp_path, "--mapping", str(mapping), str(write(tmp_path, "g.csv", gus))))
    run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "mc.csv", MAILCHIMP))))
    pardot = write(tmp_path, "pardot.csv", PARDOT)
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", "--mapping", str(mapping), str(pardot)))
    # stored: 1004, ann@, eve@; the file's 1001 (ann) and 1003 (eve) are new ids of stored e-mails: 2 people
    assert "pardot.csv: 2 people in this file are stored under another id with the same e-mail" in out


def test_new_e_mail_leads_beside_stored_numbered_ones_are_warned_after_a_mix(tmp_path, capsys):
    mapping = write(tmp_path, "p.toml", PARDOT_BY_ID)
    # Pardot by number: 1001 Ann, 1003 Eve, 1004 Gus; then a tool by e-mail with Ann: the first mixed append warns
    run(tmp_path, capsys, *leads(tmp_path, "--mapping", str(mapping), str(write(tmp_path, "pardot.csv", PARDOT))))
    ac = "lead_id,created_at,source\nann@acme.com,2024-03-05 09:20,Webinar\n"
    first = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "ac.csv", ac))))
    assert "its lead is named by e-mail addresses, the 3 stored leads by numbers" in first
    # Mailchimp by e-mail: Ann is stored by e-mail (not new), Eve is new; 3 stored leads are named by numbers
    out = run(tmp_path, capsys, *leads(tmp_path, "--mode", "append", str(write(tmp_path, "mc.csv", MAILCHIMP))))
    assert "mc.csv: 1 new lead named by e-mail addresses, beside 3 stored leads named otherwise" in out
    # 3 + 1 (ann@) + 1 (eve@) = 5 leads for 3 people: said, not merged
    assert stored(tmp_path, "select count(*) from leads") == [(5,)]


def test_map_names_the_e_mail_as_the_key_and_no_pardot_id_as_a_salesforce_id(tmp_path, capsys):
    path = write(tmp_path, "pardot.csv", PARDOT)
    out_file = tmp_path / "p.toml"
    assert main(["map", "--kind", "leads", "--out", str(out_file), str(path)]) == 0
    capsys.readouterr()
    text = out_file.read_text(encoding="utf-8")
    mapping = tomllib.loads(text)["leads"]
    assert mapping["columns"]["lead_id"] == "Id"
    # 1001, 1003, 1004 are numbers, not 15/18-character Salesforce ids
    assert "lead_id" not in mapping.get("salesforce_ids", [])
    assert "'Email' is the key that joins other tools' exports of the same people" in text
    assert "'CRM Lead FID' is the Salesforce lead (or contact) id" in text


def test_map_still_lists_a_salesforce_id_column_of_salesforce_ids(tmp_path, capsys):
    salesforce = (
        "Id,Email,Created Date,Lead Source,Status\n"
        "00Q5g00000AbCdEAAA,a@acme.com,2024-03-05,Web,Open\n"
        "00Q5g00000AbCdFAAB,b@acme.com,2024-03-06,Web,Open\n"
    )
    out_file = tmp_path / "sf.toml"
    assert main(["map", "--kind", "leads", "--out", str(out_file), str(write(tmp_path, "sf.csv", salesforce))]) == 0
    capsys.readouterr()
    text = out_file.read_text(encoding="utf-8")
    assert tomllib.loads(text)["leads"]["salesforce_ids"] == ["lead_id"]
    # the ids are no tool's own numbers: no e-mail key note
    assert "is the key that joins" not in text


def test_map_leaves_a_crm_record_id_as_the_key(tmp_path, capsys):
    # HubSpot's Record ID is what its deals name the contacts by: no advice to key by Email
    hubspot = (
        "Record ID,Email,Lifecycle Stage,Create Date\n101,a@acme.com,Lead,2025-01-01\n102,b@acme.com,Lead,2025-01-02\n"
    )
    assert main(["map", "--kind", "leads", str(write(tmp_path, "hs.csv", hubspot))]) == 0
    out = capsys.readouterr()
    assert "is the key that joins" not in out.out + out.err
