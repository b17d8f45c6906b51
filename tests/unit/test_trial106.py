"""Trial 106: an Odoo CRM export (crm.lead: leads and opportunities in one model, told apart by Type) imported as
deals counted its unconverted leads as opportunities without a word. Counted by hand."""

from __future__ import annotations

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping

# Odoo 17's Export of crm.lead (labels as headers): O1 won 1000, O2 open 500, O3 lost (archived in its stage with a
# lost reason) 200; L1 a lead never converted, 300 expected; L2 a lead lost as spam
ODOO = (
    '"ID","Type","Stage","Lost Reason","Expected Revenue","Created on","Closed Date"\n'
    '"__export__.crm_lead_1_a","Opportunity","Won","","1000.0","2026-10-01 09:00:00","2026-10-20 10:00:00"\n'
    '"__export__.crm_lead_2_b","Opportunity","Qualified","","500.0","2026-10-02 09:00:00",""\n'
    '"__export__.crm_lead_3_c","Opportunity","Proposition","Too expensive","200.0","2026-10-03 09:00:00",'
    '"2026-10-25 10:00:00"\n'
    '"__export__.crm_lead_4_d","Lead","New","","300.0","2026-10-04 09:00:00",""\n'
    '"__export__.crm_lead_5_e","Lead","New","Spam","0.0","2026-10-05 09:00:00","2026-10-06 10:00:00"\n'
)

MAPPING = (
    '[deals.columns]\ndeal_id = "ID"\ncreated_at = "Created on"\nclosed_at = "Closed Date"\n'
    'amount = "Expected Revenue"\nstatus = "Stage"\nstage = "Stage"\nlost_reason = "Lost Reason"\n'
    '[deals.values.status]\n"won" = "won"\n"*" = "open"\n'
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_odoo_leads_imported_as_deals_are_warned_of_with_the_keep_line(empty_con, tmp_path):
    mapping = load_mapping(write(tmp_path, "odoo.toml", MAPPING))["deals"]
    report = import_files(empty_con, "deals", [write(tmp_path, "crm.lead.csv", ODOO)], mapping=mapping)
    # as mapped, the 5 rows are 5 deals: open O2 + L1, won O1, lost O3 + L2 -> win rate 1/3 where Odoo's is 1/2
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost) == (2, 1, 2)
    [alert] = [a for a in report.alerts if "of type 'Lead'" in a]
    assert alert.startswith("crm.lead.csv: 2 rows of type 'Lead' by column 'Type' (Odoo's leads")
    assert '[deals] keep = { column = "Type", values = ["Opportunity"] }' in alert


def test_odoo_opportunities_kept_alone_count_as_odoo_does_and_are_not_warned_of(empty_con, tmp_path):
    keep = MAPPING.replace(
        "[deals.columns]", '[deals]\nkeep = { column = "Type", values = ["Opportunity"] }\n[deals.columns]'
    )
    mapping = load_mapping(write(tmp_path, "odoo.toml", keep))["deals"]
    report = import_files(empty_con, "deals", [write(tmp_path, "crm.lead.csv", ODOO)], mapping=mapping)
    # O1 won 1000, O2 open, O3 lost: win rate 1/2
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (1, 1, 1, 1000.0)
    assert not [a for a in report.alerts if "of type 'Lead'" in a]


def test_a_salesforce_opportunity_type_is_no_odoo_lead(empty_con, tmp_path):
    # Salesforce's opportunity Type names the business, never 'Lead': nothing said
    text = ODOO.replace('"Lead"', '"New Customer"')
    mapping = load_mapping(write(tmp_path, "odoo.toml", MAPPING))["deals"]
    report = import_files(empty_con, "deals", [write(tmp_path, "opps.csv", text)], mapping=mapping)
    assert not [a for a in report.alerts if "of type 'Lead'" in a]


# Odoo 17's lost wizard leaves the Lost Reason optional: O4 was marked lost without one, archived (Active False)
# in its stage with a Closed Date; O5 is open and active. Hand count: won 1 (O1), lost 2 (O3 by its reason, O4
# archived), open 2 (O2, O5)
ARCHIVED = (
    '"ID","Type","Stage","Active","Lost Reason","Expected Revenue","Created on","Closed Date"\n'
    '"o1","Opportunity","Won","True","","1000.0","2026-10-01 09:00:00","2026-10-20 10:00:00"\n'
    '"o2","Opportunity","Qualified","True","","500.0","2026-10-02 09:00:00",""\n'
    '"o3","Opportunity","Proposition","False","Too expensive","200.0","2026-10-03 09:00:00","2026-10-25 10:00:00"\n'
    '"o4","Opportunity","New","False","","300.0","2026-10-04 09:00:00","2026-10-26 10:00:00"\n'
    '"o5","Opportunity","New","True","","400.0","2026-10-05 09:00:00",""\n'
)


def test_an_odoo_opportunity_archived_without_a_lost_reason_is_warned_of(empty_con, tmp_path):
    mapping = load_mapping(write(tmp_path, "odoo.toml", MAPPING))["deals"]
    report = import_files(empty_con, "deals", [write(tmp_path, "crm.lead.csv", ARCHIVED)], mapping=mapping)
    # as mapped, o4 reads open (its stage says New and it has no reason): open 3, won 1, lost 1
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost) == (3, 1, 1)
    [alert] = [a for a in report.alerts if "archived" in a]
    assert alert.startswith(
        "crm.lead.csv: 1 deal read as open is archived (column 'Active' False, e.g. o4) with a date in 'Closed Date'"
    )
    # the note on expected close dates no longer counts it
    assert not [n for n in report.notes if "taken as the date it is expected to close" in n]
    # with a lost reason given to it, as the warning says, it is lost: open 2, won 1, lost 2
    fixed = ARCHIVED.replace('"New","False","",', '"New","False","Lost",')
    report = import_files(empty_con, "deals", [write(tmp_path, "crm.lead.csv", fixed)], mapping=mapping)
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost) == (2, 1, 2)
    assert not [a for a in report.alerts if "archived" in a]
