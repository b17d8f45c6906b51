"""Review 109: a deals file's "Primary Contact" is Copper's person's name only when its cells are names; another CRM's
(a Salesforce report's contact id, a Zendesk-like export's e-mail address) names the person by id or e-mail, and the
advice to key the leads by their Name linked none of its deals. Every expected figure counted by hand."""

from __future__ import annotations

from dashboard import metrics
from dashboard.filters import Filters
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file
from tests.trial109_fixture import OPPORTUNITIES_CSV

# 2 leads keyed by their e-mail address (a canonical file)
LEADS = "lead_id,created_at,source\nmax@acme.com,2026-10-01,Email\nnia@globex.com,2026-10-02,Webinar\n"
# 3 deals naming their person in 'Primary Contact' by e-mail: Acme won 100 (Max), Beta open 200 (Nia), Gamma won 50
# (a person in no leads file)
DEALS_BY_E_MAIL = (
    "Deal ID,Deal Name,Primary Contact,Status,Amount,Create Date,Close Date\n"
    "D1,Acme,max@acme.com,won,100,2026-10-05,2026-10-20\n"
    "D2,Beta,nia@globex.com,open,200,2026-10-06,\n"
    "D3,Gamma,zed@gamma.com,won,50,2026-10-07,2026-10-21\n"
)
# the same person named by a Salesforce contact id (15 characters)
DEALS_BY_ID = DEALS_BY_E_MAIL.replace("max@acme.com", "003AAA000001abc").replace("nia@globex.com", "003AAA000002abc")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def warning_of(tmp_path, text):
    """The proposal's warnings on 'Primary Contact' for a deals file."""
    p = proposal_for("deals", stage_file(write(tmp_path, "deals.csv", text)), {})
    return [w for w in p.warnings if "Primary Contact" in w]


def test_a_primary_contact_of_e_mails_or_ids_is_not_called_copper_names(tmp_path):
    # before: "'Primary Contact' (Copper) names each opportunity's person by the person's name, not by an id or
    # e-mail address" on both files, advising to key the leads by Name
    for text, written in ((DEALS_BY_E_MAIL, "e-mail address"), (DEALS_BY_ID, "id")):
        (warning,) = warning_of(tmp_path, text)
        assert "(Copper)" not in warning and 'lead_id = "Name"' not in warning
        assert f"'Primary Contact' names each deal's person by {written}, and is not read" in warning
        assert 'write lead_id = "Primary Contact" under [deals.columns]' in warning


def test_the_no_link_alert_on_a_primary_contact_of_e_mails_says_to_read_it(empty_con, tmp_path):
    # before: the alert said the column names each deal's lead "by the lead's Name, as Copper writes", and to key the
    # leads by their name: none of these leads has a name column, and the deals name them by e-mail
    import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS)])
    deals = write(tmp_path, "deals.csv", DEALS_BY_E_MAIL)
    report = import_files(empty_con, "deals", [deals], mapping=proposal_for("deals", stage_file(deals), {}).mapping)
    alert = next(a for a in report.alerts if a.startswith("none of the 3 deals names one of the 2 leads"))
    assert "by the lead's Name" not in alert
    assert "'Primary Contact' names each deal's person and is not read: map lead_id = \"Primary Contact\"" in alert
    # the advice followed: Max's and Nia's deals link (2 opportunities, 1 customer: Max), Gamma's person is in no
    # leads file and its deal is kept aside
    toml = tmp_path / "deals.toml"
    toml.write_text(
        "[deals.columns]\n"
        'deal_id = "Deal ID"\nlead_id = "Primary Contact"\nstatus = "Status"\namount = "Amount"\n'
        'created_at = "Create Date"\nclosed_at = "Close Date"\n',
        encoding="utf-8",
    )
    import_files(empty_con, "deals", [deals], mapping=load_mapping(toml)["deals"])
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist() == [2, 2, 2, 2, 1]


def test_copper_advice_says_the_people_export_is_appended(tmp_path):
    # before: "import the Leads and People exports keyed by their name": the People export imported so (the default
    # --mode replace) removed the 12 leads of a Copper Leads export (tests/trial109_fixture.py), said only after
    (warning,) = warning_of(tmp_path, OPPORTUNITIES_CSV)
    assert "'Primary Contact' (Copper) names each opportunity's person by the person's name" in warning
    assert "then the People export with --mode append" in warning
