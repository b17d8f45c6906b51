"""Trial 79: an opportunity's source spelled as the stored leads keep it, not merged by the preset's rename."""

from __future__ import annotations

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping

LEADS = (
    "Lead ID,Created Date,Lead Source,Lead Status\n"
    "00Q000000000001EAA,2026-07-01,Advertisement,Open\n"
    "00Q000000000002EAA,2026-07-02,Advertisement,Open\n"
    "00Q000000000003EAA,2026-07-03,Paid Search,Open\n"
    # a label of the org's own that the preset does not name: the leads' list is kept as written
    "00Q000000000004EAA,2026-07-04,Inside Sales,Open\n"
)
OPPS = (
    "Opportunity ID,Stage,Amount,Close Date,Created Date,Lead Source\n"
    "006000000000001AAA,Closed Won,100,2026-08-01,2026-07-10,Advertisement\n"
    "006000000000002AAA,Closed Won,200,2026-08-02,2026-07-11,Advertisement\n"
    "006000000000003AAA,Closed Won,400,2026-08-03,2026-07-12,Paid Search\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_deal_keeps_the_source_its_leads_store_apart_from_the_renamed_label(empty_con, tmp_path):
    import_files(
        empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)], mapping=preset_mapping("salesforce", "leads")
    )
    stored = dict(empty_con.execute("select source, count(*) from leads group by 1").fetchall())
    assert stored == {"Advertisement": 2, "Paid Search": 1, "Inside Sales": 1}
    report = import_files(
        empty_con, "deals", [write(tmp_path, "opps.csv", OPPS)], mapping=preset_mapping("salesforce", "deals")
    )
    # by hand: the leads keep Advertisement (2) and Paid Search (1) as two sources, so do the deals: 2 and 1,
    # $300 and $400 (the preset's rename Advertisement -> paid_search had merged them: Paid Search 3, $700)
    got = {
        s: (n, float(a))
        for s, n, a in empty_con.execute("select source, count(*), sum(amount) from deals group by 1").fetchall()
    }
    assert got == {"Advertisement": (2, 300.0), "Paid Search": (1, 400.0)}
    assert not any("source: renamed by" in n for n in report.notes)
    assert any("kept as the file writes it, as the stored leads write it: 'Advertisement'" in n for n in report.notes)
