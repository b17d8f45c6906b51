"""Trial 106: `dashboard map` on an Odoo CRM crm.lead export (leads and opportunities in one file, told apart by
Type) read its Stage as the lifecycle stage, imported its leads as deals and joined no deal to its lead. Proposed,
then imported with the proposal, the counts are checked by hand."""

from __future__ import annotations

from dashboard import metrics
from dashboard.cli import main
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import propose

HEADER = (
    '"ID","Opportunity","Type","Stage","Active","Lost Reason","Expected Revenue","Currency","Probability",'
    '"Created on","Closed Date","Salesperson","Sales Team","Source","Company Name"\n'
)
# O1 won 1000, O2 open (Qualified) 500, O3 lost (archived in Proposition, a lost reason) 200; L4 a lead never
# converted, L5 a lead lost as spam: 5 rows, 3 opportunities
ODOO = HEADER + (
    '"__export__.crm_lead_1_a","Big deal","Opportunity","Won","True","","1000.0","EUR","100.0",'
    '"2026-10-01 09:00:00","2026-10-20 10:00:00","Marc Dubois","Sales","Search engine","Atelier Lumen"\n'
    '"__export__.crm_lead_2_b","ERP","Opportunity","Qualified","True","","500.0","EUR","30.0",'
    '"2026-10-02 09:00:00","","Sofie Peeters","Sales","Newsletter","Brouwerij Smet"\n'
    '"__export__.crm_lead_3_c","Shop","Opportunity","Proposition","False","Too expensive","200.0","EUR","0.0",'
    '"2026-10-03 09:00:00","2026-10-25 10:00:00","Marc Dubois","Sales","Search engine","Kapsalon Nora"\n'
    '"__export__.crm_lead_4_d","Fair contact","Lead","New","True","","300.0","EUR","10.0",'
    '"2026-10-04 09:00:00","","","Sales","Trade Show","Vandamme NV"\n'
    '"__export__.crm_lead_5_e","Free phone","Lead","New","False","Spam","0.0","EUR","0.0",'
    '"2026-10-05 09:00:00","2026-10-06 10:00:00","","Sales","","Spam Inc"\n'
)


def _mapped(tmp_path, kind):
    data = tmp_path / "crm.lead.csv"
    data.write_text(ODOO, encoding="utf-8")
    out = tmp_path / f"{kind}.toml"
    assert main(["map", "--kind", kind, str(data), "--out", str(out)]) == 0
    return data, out.read_text(encoding="utf-8"), load_mapping(out)[kind]


def test_odoo_leads_are_staged_by_type_not_by_the_opportunity_stage(tmp_path, empty_con, capsys):
    data, text, mapping = _mapped(tmp_path, "leads")
    assert 'lifecycle_stage = "Type"' in text
    assert '"opportunity" = "sql"' in text and '"lead" = "lead"' in text
    import_files(empty_con, "leads", [data], mapping=mapping)
    rows = empty_con.execute("select lead_id, lifecycle_stage from leads order by lead_id").fetchall()
    # by Stage, Won and Proposition read as no stage (lead) and Qualified as sql: 1 sql where the file has 3; L5, a
    # lead lost as spam, is disqualified by its lost reason ([leads.disqualified_by], trial 106 item 3)
    assert [stage for _, stage in rows] == ["sql", "sql", "sql", "lead", "disqualified"]


def test_odoo_deals_are_the_opportunities_joined_to_their_leads(tmp_path, empty_con, capsys):
    data, _, leads = _mapped(tmp_path, "leads")
    import_files(empty_con, "leads", [data], mapping=leads)
    data, text, mapping = _mapped(tmp_path, "deals")
    assert 'keep = { column = "Type", values = ["Opportunity"] }' in text
    assert 'lead_id = "ID"' in text
    report = import_files(empty_con, "deals", [data], mapping=mapping)
    assert not [a for a in report.alerts if "of type 'Lead'" in a]
    rows = empty_con.execute("select deal_id, lead_id from deals order by deal_id").fetchall()
    # the 3 opportunities alone, each its lead's id
    assert rows == [(f"__export__.crm_lead_{i}", f"__export__.crm_lead_{i}") for i in ("1_a", "2_b", "3_c")]
    summary = metrics.deal_summary(empty_con, Filters())
    # O1 won 1000, O2 open, O3 lost by its lost reason; the leads L4 (open) and L5 (lost) are no deals
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (1, 1, 1, 1000.0)


def test_other_crms_with_a_type_and_an_expected_revenue_get_no_odoo_lines():
    # a Salesforce opportunity report: Type, Stage and Expected Revenue, its Type naming the business
    header = ["Opportunity ID", "Opportunity Name", "Type", "Stage", "Expected Revenue", "Amount", "Opportunity Owner"]
    values = {"Type": [("New Business", 3), ("Existing Business", 1)], "Stage": [("Closed Won", 2), ("Prospecting", 2)]}
    p = propose("deals", header, lambda c: values.get(c, []))
    assert p.mapping.keep is None and "lead_id" not in p.mapping.columns
    # Odoo's headers with a Salesperson, but Type's values no Lead / Opportunity
    odoo_like = ["ID", "Type", "Stage", "Expected Revenue", "Salesperson"]
    p = propose("deals", odoo_like, lambda c: values.get(c, []))
    assert p.mapping.keep is None and "lead_id" not in p.mapping.columns
    p = propose("leads", odoo_like, lambda c: values.get(c, []))
    assert p.mapping.columns.get("lifecycle_stage") != ("Type",)


def test_the_odoo_keep_line_round_trips_through_toml(tmp_path):
    import dataclasses

    from dashboard.importers.toml_writer import to_toml

    types = {"Type": [("Opportunity", 3), ("Lead", 2)], "ID": [("a", 1)]}
    p = propose("deals", HEADER.replace('"', "").strip().split(","), lambda c: types.get(c, []))
    assert p.mapping.keep == (("Type", ("Opportunity",)),)
    path = tmp_path / "m.toml"
    path.write_text(to_toml({"deals": p.mapping}, {"deals": p.reasons}), encoding="utf-8")
    assert load_mapping(path)["deals"] == dataclasses.replace(p.mapping, source="m.toml")
