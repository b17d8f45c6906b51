"""Odoo 17 marks an opportunity lost by archiving it in its stage (crm.lead action_set_lost: active False, probability
0; won_status 'lost'), the lost reason optional: `map` proposes [deals.lost_by] "Active" = ["False"], which reads an
archived opportunity in an open stage as lost and leaves a won one won (trial 106). Counted by hand."""

from __future__ import annotations

import pytest

from dashboard import metrics
from dashboard.cli import main
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import propose
from dashboard.importers.toml_writer import to_toml
from tests.trial106_fixture import ODOO_EUR_NO_REASON


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _proposed(tmp_path, data, kind):
    out = tmp_path / f"{kind}.toml"
    assert main(["map", "--kind", kind, str(data), "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8"), load_mapping(out)[kind]


def test_the_trial_106_file_imported_with_the_proposals_counts_the_archived_opportunity_lost(
    tmp_path, empty_con, capsys
):
    data = _write(tmp_path, "crm.lead.csv", ODOO_EUR_NO_REASON)
    _, leads = _proposed(tmp_path, data, "leads")
    import_files(empty_con, "leads", [data], mapping=leads)
    text, deals = _proposed(tmp_path, data, "deals")
    assert '[deals.lost_by]\nActive = ["False"]' in text
    report = import_files(empty_con, "deals", [data], mapping=deals)
    # the 20 opportunities: open 11-19 (9), won 21-26 (6, 68,450.5), lost 28-32 (5: 4 by their reason, 30 archived
    # without one); win rate 6 / (6 + 5). Without lost_by 30 counted open: 10 open, 4 lost, win rate 6 / 10
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (9, 6, 5, 68450.5)
    assert summary.win_rate == pytest.approx(6 / 11)
    assert "crm.lead.csv: status: 1 deal read as open lost by 'Active' 'False' ([deals.lost_by])" in report.notes
    # 30 keeps its Closed Date as the day it was lost; no warning of archived deals read open
    query = "select cast(closed_at as date) from deals where deal_id like '%crm_lead_30_%'"
    closed = empty_con.execute(query).fetchall()
    assert [str(d) for (d,) in closed] == ["2026-10-15"]
    assert not [a for a in report.alerts if "archived" in a]


# w1 won and archived (restored as won is the rule, but a lost-by column never unwins a deal), o2 open, o3 archived
# in Qualified: won 1, open 1, lost 1
SMALL = (
    '"ID","Stage","Active","Expected Revenue","Created on","Closed Date"\n'
    '"w1","Won","False","1000.0","2026-10-01 09:00:00","2026-10-20 10:00:00"\n'
    '"o2","Qualified","True","500.0","2026-10-02 09:00:00",""\n'
    '"o3","Qualified","False","200.0","2026-10-03 09:00:00","2026-10-25 10:00:00"\n'
)
MAPPING = (
    '[deals.columns]\ndeal_id = "ID"\ncreated_at = "Created on"\nclosed_at = "Closed Date"\n'
    'amount = "Expected Revenue"\nstatus = "Stage"\nstage = "Stage"\n'
    '[deals.values.status]\n"won" = "won"\n"*" = "open"\n'
)
LOST_BY = '[deals.lost_by]\n"Active" = ["False"]\n'


def test_lost_by_makes_an_open_deal_lost_and_leaves_a_won_one_won(tmp_path, empty_con):
    mapping = load_mapping(_write(tmp_path, "m.toml", MAPPING + LOST_BY))["deals"]
    report = import_files(empty_con, "deals", [_write(tmp_path, "d.csv", SMALL)], mapping=mapping)
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (1, 1, 1, 1000.0)
    assert "d.csv: status: 1 deal read as open lost by 'Active' 'False' ([deals.lost_by])" in report.notes
    # and round-trips through the TOML writer
    again = load_mapping(_write(tmp_path, "again.toml", to_toml({"deals": mapping})))["deals"]
    assert again.lost_by == {"Active": ("False",)}


def test_without_lost_by_the_archived_open_deal_counts_open_and_is_warned_of(tmp_path, empty_con):
    mapping = load_mapping(_write(tmp_path, "m.toml", MAPPING))["deals"]
    report = import_files(empty_con, "deals", [_write(tmp_path, "d.csv", SMALL)], mapping=mapping)
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost) == (2, 1, 0)
    assert [a for a in report.alerts if "archived (column 'Active' False, e.g. o3)" in a]


def test_lost_by_is_refused_on_leads_and_for_a_column_the_file_lacks(tmp_path, empty_con):
    leads = '[leads.columns]\nlead_id = "ID"\ncreated_at = "Created on"\n[leads.lost_by]\n"Active" = ["False"]\n'
    mapping = load_mapping(_write(tmp_path, "l.toml", leads))["leads"]
    with pytest.raises(ImportRefused, match=r"\[leads.lost_by\] is for deals"):
        import_files(empty_con, "leads", [_write(tmp_path, "d.csv", SMALL)], mapping=mapping)
    mapping = load_mapping(_write(tmp_path, "m.toml", MAPPING + '[deals.lost_by]\n"Archived" = ["True"]\n'))["deals"]
    with pytest.raises(ImportRefused, match=r"\[deals.lost_by\] names column 'Archived', which the file does not have"):
        import_files(empty_con, "deals", [_write(tmp_path, "d.csv", SMALL)], mapping=mapping)


def test_the_leads_proposal_reads_a_lost_odoo_lead_as_disqualified(tmp_path, empty_con, capsys):
    data = _write(tmp_path, "crm.lead.csv", ODOO_EUR_NO_REASON)
    text, leads = _proposed(tmp_path, data, "leads")
    # the leads' reasons (4 Not interested, 8 Spam); the opportunities' (Too expensive ...) are no rejection
    assert '[leads.disqualified_by]\n"Lost Reason" = ["Not interested", "Spam"]' in text
    import_files(empty_con, "leads", [data], mapping=leads)
    stages = dict(empty_con.execute("select lifecycle_stage, count(*) from leads group by 1").fetchall())
    # leads 4 and 8 disqualified, the other 8 leads; the 20 opportunities sql
    assert stages == {"disqualified": 2, "lead": 8, "sql": 20}


def test_a_lost_reason_an_opportunity_has_too_is_not_proposed_as_a_disqualification():
    header = ["ID", "Type", "Stage", "Lost Reason", "Expected Revenue", "Salesperson"]
    counts = {"Type": [("Lead", 3), ("Opportunity", 2)]}
    on = {"Lead": ["Spam", "Too expensive"], "Opportunity": ["Too expensive"]}
    p = propose("leads", header, lambda c: counts.get(c, []), beside=lambda c, o, v: on[v] if c == header[3] else [])
    assert p.mapping.disqualified_by == {"Lost Reason": ("Spam",)}
    assert "not 'Too expensive', an opportunity's reason too" in p.reasons["disqualified_by.Lost Reason"]


# Odoo's import-compatible export names the fields (stage_id, user_id ...) and writes a selection's key (opportunity)
TECHNICAL = {
    **{'"ID"': '"id"', '"Type"': '"type"', '"Stage"': '"stage_id"', '"Active"': '"active"'},
    **{'"Lost Reason"': '"lost_reason_id"', '"Expected Revenue"': '"expected_revenue"', '"Currency"': '"currency"'},
    **{'"Created on"': '"create_date"', '"Closed Date"': '"date_closed"', '"Salesperson"': '"user_id"'},
    **{'"Sales Team"': '"team_id"', '"Source"': '"source_id"', '"Lead"': '"lead"', '"Opportunity"': '"opportunity"'},
}


def test_an_odoo_import_compatible_export_gets_the_proposals_of_the_labelled_one(tmp_path, empty_con, capsys):
    text = ODOO_EUR_NO_REASON
    for label, name in TECHNICAL.items():
        text = text.replace(label, name)
    data = _write(tmp_path, "crm.lead.csv", text)
    leads_text, leads = _proposed(tmp_path, data, "leads")
    assert 'lifecycle_stage = "type"' in leads_text and 'lost_reason_id = ["Not interested", "Spam"]' in leads_text
    import_files(empty_con, "leads", [data], mapping=leads)
    stages = dict(empty_con.execute("select lifecycle_stage, count(*) from leads group by 1").fetchall())
    assert stages == {"disqualified": 2, "lead": 8, "sql": 20}
    deals_text, deals = _proposed(tmp_path, data, "deals")
    assert 'keep = { column = "type", values = ["opportunity"] }' in deals_text
    assert 'stage = "stage_id"' in deals_text and 'active = ["False"]' in deals_text
    import_files(empty_con, "deals", [data], mapping=deals)
    # as the labelled file: open 9, won 6 (68,450.5), lost 5
    summary = metrics.deal_summary(empty_con, Filters())
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (9, 6, 5, 68450.5)


# a status column read without a value map ("Open", stored as open) and a lost-by column of another CRM's own (no
# Odoo `Active`, so no archived warning either): w1 won and dropped stays won, o2 open, o3 "Open" and dropped lost
WRITTEN_STATUS = (
    '"ID","Status","Outcome","Amount","Created","Closed"\n'
    '"w1","Won","Dropped","1000.0","2026-10-01 09:00:00","2026-10-20 10:00:00"\n'
    '"o2","Open","","500.0","2026-10-02 09:00:00",""\n'
    '"o3","Open","Dropped","200.0","2026-10-03 09:00:00","2026-10-25 10:00:00"\n'
)


def test_lost_by_reads_a_status_written_open_in_capitals_as_open(tmp_path, empty_con):
    mapping = (
        '[deals.columns]\ndeal_id = "ID"\ncreated_at = "Created"\nclosed_at = "Closed"\namount = "Amount"\n'
        'status = "Status"\n[deals.lost_by]\n"Outcome" = ["Dropped"]\n'
    )
    m = load_mapping(_write(tmp_path, "m.toml", mapping))["deals"]
    report = import_files(empty_con, "deals", [_write(tmp_path, "d.csv", WRITTEN_STATUS)], mapping=m)
    summary = metrics.deal_summary(empty_con, Filters())
    # was open 2, lost 0 and "0 deals read as open lost", silently: 'Open' compared with 'open' as written
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (1, 1, 1, 1000.0)
    assert "d.csv: status: 1 deal read as open lost by 'Outcome' 'Dropped' ([deals.lost_by])" in report.notes


def test_a_mapping_saved_for_the_import_compatible_names_is_still_proposed():
    from dashboard.importers.mapping import TableMapping

    header = ["id", "type", "stage_id", "expected_revenue", "create_date", "date_closed", "user_id", "active"]
    columns = {"deal_id": ("id",), "status": ("stage_id",), "stage": ("stage_id",), "amount": ("expected_revenue",)}
    columns |= {"created_at": ("create_date",), "closed_at": ("date_closed",)}
    mine = TableMapping(kind="deals", source="mine.toml", columns=columns)
    # was 'matched': the Odoo names were read as labels first and the saved mapping (its value maps too) was passed by
    p = propose("deals", header, lambda c: [], {"mine.toml": {"deals": mine}})
    assert p.origin == "saved:mine.toml"
    assert p.mapping.columns["status"] == ("stage_id",)


# status and stage read from one column without a value map ("Open" kept as written, stored as open) and a lost
# reason: w1 "Won" with a reason stays won (1000), o2 "Open" without one stays open (500), o3 "Open" with a reason is
# lost (200), o4 "open" with a reason is lost (300), o5 "Open" whose reason is "N/A" stays open (50)
STAGE_STATUS_WRITTEN = (
    '"ID","Stage","Lost Reason","Amount","Created","Closed"\n'
    '"w1","Won","Too expensive","1000.0","2026-10-01 09:00:00","2026-10-20 10:00:00"\n'
    '"o2","Open","","500.0","2026-10-02 09:00:00",""\n'
    '"o3","Open","Too expensive","200.0","2026-10-03 09:00:00","2026-10-25 10:00:00"\n'
    '"o4","open","No budget","300.0","2026-10-04 09:00:00","2026-10-26 10:00:00"\n'
    '"o5","Open","N/A","50.0","2026-10-05 09:00:00",""\n'
)


def test_a_lost_reason_makes_a_deal_whose_stage_says_open_in_capitals_lost(tmp_path, empty_con):
    mapping = (
        '[deals.columns]\ndeal_id = "ID"\ncreated_at = "Created"\nclosed_at = "Closed"\namount = "Amount"\n'
        'stage = "Stage"\nstatus = "Stage"\nlost_reason = "Lost Reason"\n'
    )
    m = load_mapping(_write(tmp_path, "m.toml", mapping))["deals"]
    import_files(empty_con, "deals", [_write(tmp_path, "d.csv", STAGE_STATUS_WRITTEN)], mapping=m)
    summary = metrics.deal_summary(empty_con, Filters())
    # was open 3, lost 1: 'Open' compared with 'open' as written, so o3 kept its reason and stayed open
    assert (summary.open, summary.won, summary.lost, summary.revenue) == (2, 1, 2, 1000.0)
    statuses = dict(empty_con.execute("select deal_id, status from deals").fetchall())
    assert statuses == {"w1": "won", "o2": "open", "o3": "lost", "o4": "lost", "o5": "open"}
