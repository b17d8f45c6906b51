"""Trial 61, findings 2 and 4: a reason is grouped whatever its case, spacing and underscores ("Price" and "price" were
two "Price" rows, "No Budget" 17 and "No budget" 7 two rejection reasons), named by its most common spelling, and
the import says which spellings it merged; the Salesforce preset reads the reason columns orgs add, an unread
reason-like column (or a job title) is named with the mapping line that reads it, and a rejection without a reason
reads "no reason recorded" everywhere, as the README says. Counted by hand from the files below."""

from __future__ import annotations

from pathlib import Path

from trial61_fixture import DEALS, LEADS

from dashboard import config, friction, sources
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping
from dashboard.importers.propose import propose

NONE = config.NO_REASON_LABEL


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _load(con, tmp_path: Path):
    leads = import_files(con, "leads", [_file(tmp_path, "leads.csv", LEADS)])
    deals = import_files(con, "deals", [_file(tmp_path, "deals.csv", DEALS)])
    return leads, deals


def test_rejections_are_grouped_whatever_the_case_spacing_and_underscores(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    table = sources.rejections(empty_con, Filters())
    got = {(r["source"], r["reason"]): r["count_rejected"] for r in table.to_dict("records")}
    assert got == {
        ("web", "No budget"): 3,
        ("web", "Bad Timing"): 2,
        ("web", NONE): 1,
        ("ads", "No budget"): 2,
        ("ads", "Poor fit"): 1,
    }


def test_rejected_sqls_are_grouped_the_same_way(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    table = friction.sql_quality(empty_con, Filters())
    # L7 bad timing, L8 Bad Timing: one reason (a tie, "Bad Timing" first in byte order); L9 no reason
    assert table[["reason", "count_rejected"]].values.tolist() == [["Bad Timing", 2], [NONE, 1]]


def test_lost_reasons_are_one_row_per_reason_and_say_no_reason_recorded(empty_con, tmp_path):
    _load(empty_con, tmp_path)
    lost = sources.lost_reasons(empty_con, Filters())
    assert lost[["source", "reason", "count_lost", "count_closed"]].values.tolist() == [
        ["web", "Price", 3, 6],
        ["web", "Timing", 1, 6],
        ["web", NONE, 1, 6],
    ]
    # the rejected leads' list and its CSV write a missing reason the same way (L9)
    listed = sources.rejected_leads(empty_con, Filters(), None).set_index("lead_id")
    assert listed.loc["L9", "reason"] == NONE


def test_the_import_says_which_spellings_it_counts_as_one(empty_con, tmp_path):
    leads, deals = _load(empty_con, tmp_path)
    said = [n for n in leads.notes if "written several ways" in n]
    assert said == [
        "rejection reasons written several ways are counted as one, named by the most common spelling (case, spaces "
        "and underscores aside): 'No  budget' (1) counted with 'No budget' (2); 'No Budget' (1) counted with "
        "'No budget' (2); 'no_budget' (1) counted with 'No budget' (2); 'bad timing' (1) counted with 'Bad Timing' (1)"
    ]
    assert [n for n in deals.notes if "written several ways" in n] == [
        "lost reasons written several ways are counted as one, named by the most common spelling (case, spaces and "
        "underscores aside): 'price' (1) counted with 'Price' (2)"
    ]


# a Salesforce leads report with the org's custom "Unqualified Reason" (L1 No Budget, L2 none), and one without it
SF_LEADS = """"Lead ID","Create Date","Lead Source","Lead Status","Unqualified Reason","Title"
"00Q000000000001","2026-03-02","Web","Closed - Not Converted","No Budget","CMO"
"00Q000000000002","2026-03-02","Web","Closed - Not Converted","","CFO"
"00Q000000000003","2026-03-03","Web","Open - Not Contacted","","CMO"
"""
SF_LEADS_NO_REASON = """"Lead ID","Create Date","Lead Source","Lead Status"
"00Q000000000004","2026-03-04","Web","Closed - Not Converted"
"""
# opportunities with "Loss Reason": D1 Price and D2 price lost; D3 open (Won and Closed 0) keeps an old reason
SF_OPPS = """"Opportunity ID","Created Date","Close Date","Stage","Amount","Won","Closed","Loss Reason"
"006000000000001","2026-03-02","2026-03-10","Closed Lost","100","0","1","Price"
"006000000000002","2026-03-02","2026-03-10","Closed Lost","100","0","1","price"
"006000000000003","2026-03-02","2026-04-30","Negotiation/Review","100","0","0","Price"
"""


def test_the_salesforce_preset_reads_the_reasons_orgs_add(empty_con, tmp_path):
    leads_map, deals_map = preset_mapping("salesforce", "leads"), preset_mapping("salesforce", "deals")
    import_files(empty_con, "leads", [_file(tmp_path, "l.csv", SF_LEADS)], mapping=leads_map)
    reasons = empty_con.execute(
        "select lifecycle_stage, disqualify_reason, count(*) from leads group by all order by all"
    ).fetchall()
    assert reasons == [("disqualified", "No Budget", 1), ("disqualified", None, 1), ("lead", None, 1)]
    import_files(empty_con, "deals", [_file(tmp_path, "o.csv", SF_OPPS)], mapping=deals_map)
    deals = empty_con.execute("select status, lost_reason from deals order by deal_id").fetchall()
    # the Won / Closed flags decide the status: the open one's old reason does not make it lost
    assert deals == [("lost", "Price"), ("lost", "price"), ("open", "Price")]
    lost = sources.lost_reasons(empty_con, Filters())
    assert lost[["reason", "count_lost"]].values.tolist() == [["Price", 2]]
    # a report without the column imports as before
    import_files(empty_con, "leads", [_file(tmp_path, "l2.csv", SF_LEADS_NO_REASON)], mapping=leads_map, mode="append")
    assert empty_con.execute("select count(*) from leads where disqualify_reason is null").fetchone() == (3,)


SF_LEADS_OTHER_REASON = """"Lead ID","Create Date","Lead Source","Lead Status","Reason for Rejection","Job Title"
"00Q000000000001","2026-03-02","Web","Closed - Not Converted","No Budget","CMO"
"00Q000000000002","2026-03-02","Web","Closed - Not Converted","Student","CFO"
"00Q000000000003","2026-03-03","Web","Open - Not Contacted","","CMO"
"""


def test_an_unread_reason_and_a_job_title_are_said_with_the_line_that_reads_them(empty_con, tmp_path):
    path = _file(tmp_path, "leads.csv", SF_LEADS_OTHER_REASON)
    report = import_files(empty_con, "leads", [path], mapping=preset_mapping("salesforce", "leads"))
    said = [n for n in report.notes if "looks like" in n]
    # 2 reasons filled (No Budget, Student); 3 titles, 2 of them different
    assert said == [
        "leads.csv: 'Reason for Rejection' (2 rows filled, 2 values) looks like each lead's reason but is not read as "
        'disqualify_reason: the Sources and Friction pages give every rejection as "no reason recorded". To read it, '
        'write disqualify_reason = "Reason for Rejection" under [leads.columns] of a mapping file (map --kind leads '
        "--out leads.toml <file> writes one to edit; a mapping replaces a preset)",
        "leads.csv: 'Job Title' (3 rows filled, 2 values) looks like each lead's job title but is not read as persona: "
        'every lead\'s persona is "(none)" (the persona filter, the Friction and ideal-lead tables). To read it, write '
        'persona = "Job Title" under [leads.columns] of a mapping file (map --kind leads --out leads.toml <file> '
        'writes one to edit; a mapping replaces a preset); each title is one persona, so titles written many ways ("VP '
        'Marketing", "Vice President, Marketing") are best grouped with [leads.values.persona] lines ("VP Marketing" '
        '= "Marketing leader")',
    ]


def test_map_proposes_unqualified_reason_and_names_the_title(tmp_path):
    header = ["Email", "Created", "Unqualified_Reason__c", "Title"]
    values = {"Title": [("CMO", 2), ("CFO", 1), ("", 4)], "Unqualified_Reason__c": [("No Budget", 1)]}
    p = propose("leads", header, lambda c: values.get(c, [("x", 1)]))
    assert p.mapping.columns["disqualify_reason"] == ("Unqualified_Reason__c",)
    # persona is not proposed from a job title (free text): a note says how to read it, 3 filled, 2 values
    assert "persona" not in p.mapping.columns
    assert [n for n in p.notes if "job title" in n] == [
        "'Title' (3 rows filled, 2 values) looks like each lead's job title but is not read as persona: every lead's "
        'persona is "(none)" (the persona filter, the Friction and ideal-lead tables). To read it, write persona = '
        '"Title" under [leads.columns] here; each title is one persona, so titles written many ways ("VP Marketing", '
        '"Vice President, Marketing") are best grouped with [leads.values.persona] lines ("VP Marketing" = '
        '"Marketing leader")'
    ]
