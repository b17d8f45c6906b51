"""Trial 109: a Copper CRM export (Leads, People and Opportunities files), imported as `map` proposes them, with the
two lines the import asks a user to write (the amounts' USD column, what Copper's Abandoned is).
Fixture: tests/trial109_fixture.py (12 leads, 8 people, 8 opportunities); every expected figure counted by hand."""

from __future__ import annotations

from dashboard import metrics, sources
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml
from tests.trial109_fixture import LEADS_CSV, OPPORTUNITIES_CSV, PEOPLE_CSV


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def proposed(tmp_path, kind, path, edits=()):
    """The mapping `map` proposes for a file, written as a mapping file, with the user's `edits` (old, new) made to
    its text, and read back."""
    p = proposal_for(kind, stage_file(path), {})
    text = to_toml({kind: p.mapping}, {kind: p.reasons})
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    toml = tmp_path / f"{path.stem}.toml"
    toml.write_text(text, encoding="utf-8")
    return load_mapping(toml)[kind]


# the two lines the deals import asks for: the refusal of two currencies names converted = [...], and the proposal
# leaves Abandoned for the user to choose ("ended, but not won or lost"); here it is read as lost
DEAL_EDITS = (
    ('code = ["Currency"]', 'code = ["Currency"]\nconverted = ["Value USD"]'),
    ('# "abandoned" = ?', '"abandoned" = "lost"  #'),
)


def load(con, tmp_path):
    """The Leads export, the People export appended (a converted lead is a person, no longer in the Leads export)
    and the Opportunities export."""
    for name, text, mode in (("copper_leads.csv", LEADS_CSV, "replace"), ("copper_people.csv", PEOPLE_CSV, "append")):
        path = write(tmp_path, name, text)
        import_files(con, "leads", [path], mapping=proposed(tmp_path, "leads", path), mode=mode)
    opps = write(tmp_path, "copper_opportunities.csv", OPPORTUNITIES_CSV)
    import_files(con, "deals", [opps], mapping=proposed(tmp_path, "deals", opps, DEAL_EDITS))


def test_copper_exports_read_as_counted_by_hand(empty_con, tmp_path):
    load(empty_con, tmp_path)
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist()[0] == 20
    months = dict(empty_con.execute("select strftime(created_at, '%Y-%m'), count(*) from leads group by 1").fetchall())
    assert months == {"2026-09": 6, "2026-10": 7, "2026-11": 7}
    owners = dict(empty_con.execute("select coalesce(owner, '-'), count(*) from leads group by 1").fetchall())
    assert owners == {"Ana Ruiz": 10, "Ben Cole": 9, "-": 1}
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.open, d.won, d.lost, d.revenue, d.median_cycle_days) == (3, 3, 2, 40100.0, 31.0)
    assert abs(d.win_rate - 3 / 5) < 1e-12


def test_copper_no_source_is_an_unknown_source(empty_con, tmp_path):
    # Copper writes "No Source" where no Source was chosen: Fay Lim and Jan Kim, and the Stark renewal deal.
    # Before: a source row "No Source" of 2 leads beside unknown 8, and the renewal's 9,000 marketing-sourced
    load(empty_con, tmp_path)
    table = sources.source_table(empty_con, Filters())
    leads = dict(zip(table["source"], table["count_leads"], strict=True))
    assert {s: n for s, n in leads.items() if n} == {"Advertising": 4, "Email": 4, "Cold Call": 2, "unknown": 10}
    s = sources.sourced_totals(empty_con, Filters())
    # no deal names a lead (Copper names the Primary Contact by name): a deal counts by its own source, and one
    # without a source is outbound, sales-sourced (README): Advertising 12,000 + 15,000 + 11,600, Email 20,000 +
    # 5,000 marketing; Cold Call 8,500 + 4,000 and the renewal's 9,000 sales
    assert (s["pipeline_marketing"], s["pipeline_sales"], s["pipeline_unknown"]) == (63600.0, 21500.0, 0.0)
    assert (s["revenue_marketing"], s["revenue_sales"]) == (31600.0, 8500.0)


def test_no_source_is_blank_in_a_clean_canonical_file_too(empty_con, tmp_path):
    # a clean file of the canonical columns takes the fast import (canonical._has_no_value_marks), which looks for
    # a CRM's no-value mark only in the cells holding one of config.NO_VALUE_MARK_WORDS: "No Source" holds no "none"
    path = write(tmp_path, "leads.csv", "lead_id,created_at,source\nL1,2026-11-02,No Source\nL2,2026-11-03,Email\n")
    import_files(empty_con, "leads", [path])
    stored = dict(empty_con.execute("select lead_id, source from leads").fetchall())
    assert stored == {"L1": "unknown", "L2": "Email"}  # a blank source is stored as unknown


def test_copper_primary_contact_is_named_as_the_way_to_link_deals_to_people(empty_con, tmp_path):
    # Copper's opportunities name their person in 'Primary Contact' by name. Before: the proposal said nothing of it
    # and the import's no-link alert advised Salesforce's Converted Opportunity ID, which Copper has no counterpart of
    opps = write(tmp_path, "copper_opportunities.csv", OPPORTUNITIES_CSV)
    warnings = " ".join(proposal_for("deals", stage_file(opps), {}).warnings)
    assert "'Primary Contact' (Copper) names each opportunity's person by the person's name" in warnings
    for name, text, mode in (("copper_leads.csv", LEADS_CSV, "replace"), ("copper_people.csv", PEOPLE_CSV, "append")):
        path = write(tmp_path, name, text)
        import_files(empty_con, "leads", [path], mapping=proposed(tmp_path, "leads", path), mode=mode)
    report = import_files(empty_con, "deals", [opps], mapping=proposed(tmp_path, "deals", opps, DEAL_EDITS))
    alert = next(a for a in report.alerts if a.startswith("none of the 8 deals names one of the 20 leads"))
    assert "'Primary Contact' (not read) names each deal's lead by the lead's Name, as Copper writes" in alert
    assert "Converted Opportunity ID" not in alert


def test_copper_deals_linked_by_the_primary_contact_as_advised(empty_con, tmp_path):
    # the advice followed: both lead files keyed by Name, the deals' lead_id = "Primary Contact". The 7 people with an
    # opportunity are opportunities, the 3 of a won one customers; Uma Jett's 4,000 (in neither file) is kept aside
    by_name = (('lead_id = "Email"', 'lead_id = "Name"'),)
    for name, text, mode in (("copper_leads.csv", LEADS_CSV, "replace"), ("copper_people.csv", PEOPLE_CSV, "append")):
        path = write(tmp_path, name, text)
        import_files(empty_con, "leads", [path], mapping=proposed(tmp_path, "leads", path, by_name), mode=mode)
    opps = write(tmp_path, "copper_opportunities.csv", OPPORTUNITIES_CSV)
    link = (*DEAL_EDITS, ('deal_id = "@row"', 'lead_id = "Primary Contact"\ndeal_id = "@row"'))
    import_files(empty_con, "deals", [opps], mapping=proposed(tmp_path, "deals", opps, link))
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist() == [20, 7, 7, 7, 3]
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.open, d.won, d.lost, d.revenue) == (2, 3, 2, 40100.0)
