"""Trial 103's migration, cut to a few rows: HubSpot contacts and deals (Jan-Jun 2026), then Salesforce leads and
opportunities appended after the migration of 1 Jul 2026 (migrated records under new ids, with a 'HubSpot Contact
ID' or 'HubSpot Deal ID' column naming the stored record). Rows copied from /tmp/trial103's make_fixtures.py.

Hand count of the deals: HubSpot 9001 won $12,000, 9004 won $15,000, 9006 open $20,000, 9007 open $7,000. Salesforce
OP01A is 9004 again (won $15,000), OP02A is 9006 (since won, $20,000), OP03A is 9007 (since lost), OP06A is new (won
$5,000). Stored by opportunity id, the deals are 8 with 5 won for $67,000 and 9006, 9007 still open; right is 5 deals
with 4 won (9001, 9004, 9006, OP06A) for $52,000 and none open."""

from __future__ import annotations

from pathlib import Path

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping, preset_mapping

HUBSPOT_CONTACTS = (
    "Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Original Source,"
    "Original Source Drill-Down 1,Contact owner\n"
    "103,Cid,Moe,cid.moe@example103.com,2026-01-10 14:30,customer,Paid Search,brand-q1,Alex Morgan\n"
    "108,Hal,Quo,hal.quo@example108.com,2026-02-11 13:00,marketingqualifiedlead,Paid Search,generic-q1,Alex Morgan\n"
    "112,Lia,Uno,lia.uno@example112.com,2026-03-05 10:00,customer,Paid Search,brand-q1,Alex Morgan\n"
    "118,Rae,Abe,rae.abe@example118.com,2026-04-10 11:00,opportunity,Referrals,partner.com,Sam Patel\n"
    "121,Uma,Dye,uma.dye@example121.com,2026-05-04 09:00,opportunity,Paid Search,brand-q2,Alex Morgan\n"
)
HUBSPOT_DEALS = (
    "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Create Date,Close Date,Deal owner,Is Closed Won,Is Deal Closed?,"
    "Associated Contact IDs\n"
    "9001,Acme - Annual,Sales Pipeline,Closed Won,12000,2026-02-10 09:00,2026-03-15 09:00,Alex Morgan,true,true,103\n"
    "9004,Globex - Platform,Sales Pipeline,Closed Won,15000,2026-04-05 09:00,2026-05-28 09:00,Alex Morgan,true,true,"
    "112\n"
    "9006,Initech - Expansion,Sales Pipeline,Contract Sent,20000,2026-05-20 09:00,2026-08-31 09:00,Sam Patel,false,"
    "false,118\n"
    "9007,Umbrella - Pilot,Sales Pipeline,Presentation Scheduled,7000,2026-06-10 09:00,2026-07-31 09:00,Alex Morgan,"
    "false,false,121\n"
)
SALESFORCE_LEADS = (
    "Lead ID,First Name,Last Name,Email,Created Date,Lead Source,Lead Status,Lead Owner,Converted,Converted Date,"
    "Converted Opportunity ID,HubSpot Contact ID\n"
    "00Q5g00000HM01A,Hal,Quo,hal.quo@example108.com,7/1/2026 9:00 AM,Advertisement,MQL,alex.morgan@acme.com,FALSE,,,"
    "108\n"
    "00Q5g00000HM03A,Rae,Abe,rae.abe@example118.com,7/1/2026 9:00 AM,External Referral,Closed - Converted,"
    "sam.patel@acme.com,TRUE,7/1/2026,0065g00000OP02A,118\n"
    "00Q5g00000SN03A,Fin,Ode,fin.ode@sfco.com,7/17/2026 9:30 AM,Trade Show,Closed - Converted,sam.patel@acme.com,TRUE,"
    "7/20/2026,0065g00000OP06A,\n"
)
SALESFORCE_OPPORTUNITIES = (
    "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Created Date,Close Date,Lead Source,Opportunity Owner,"
    "Won,Closed,HubSpot Deal ID\n"
    "0065g00000OP01A,Globex - Platform,Globex,Closed Won,15000,7/1/2026,5/28/2026,Advertisement,alex.morgan@acme.com,"
    "TRUE,TRUE,9004\n"
    "0065g00000OP02A,Initech - Expansion,Initech,Closed Won,20000,7/1/2026,9/15/2026,External Referral,"
    "sam.patel@acme.com,TRUE,TRUE,9006\n"
    "0065g00000OP03A,Umbrella - Pilot,Umbrella,Closed Lost,7000,7/1/2026,8/20/2026,Advertisement,alex.morgan@acme.com,"
    "FALSE,TRUE,9007\n"
    "0065g00000OP06A,Cyberdyne - Annual,Cyberdyne,Closed Won,5000,7/20/2026,8/30/2026,Trade Show,sam.patel@acme.com,"
    "TRUE,TRUE,\n"
)
# the mapping lines that settle the migration: the stored record's id where a row has one, else its own
LEADS_BY_HUBSPOT_ID = (
    '[leads]\nsalesforce_ids = ["converted_deal_id", "lead_id"]\n\n[leads.columns]\n'
    'lead_id = ["HubSpot Contact ID", "Lead ID"]\ncreated_at = "Created Date"\nsource = "Lead Source"\n'
    'owner = "Lead Owner"\nlifecycle_stage = "Lead Status"\nsql_at = "Converted Date"\n'
    'converted_deal_id = "Converted Opportunity ID"\n\n[leads.reached]\nsql = ["Converted"]\n'
)
DEALS_BY_HUBSPOT_ID = (
    '[deals]\nsalesforce_ids = ["deal_id"]\n\n[deals.columns]\ndeal_id = ["HubSpot Deal ID", "Opportunity ID"]\n'
    'owner = "Opportunity Owner"\nstage = "Stage"\nstatus = "Stage"\ncreated_at = "Created Date"\n'
    'closed_at = "Close Date"\namount = "Amount"\nsource = "Lead Source"\n\n[deals.status_flags]\n'
    'won = ["Won"]\nclosed = ["Closed"]\n'
)


def write_file(folder: Path, name: str, text: str) -> Path:
    """A file of the given text in the folder."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping_of(folder: Path, kind: str, text: str):
    """The mapping of one kind a TOML text gives."""
    return load_mapping(write_file(folder, f"{kind}_mapping.toml", text))[kind]


def append_one_hubspot_deal(con, folder: Path):
    """A later HubSpot deals export of one new deal (9010, won $1,000, of contact 103), appended; its report."""
    text = HUBSPOT_DEALS.splitlines()[0] + "\n9010,New,Sales Pipeline,Closed Won,1000,2026-06-20 09:00,"
    text += "2026-06-21 09:00,Alex Morgan,true,true,103\n"
    path = write_file(folder, "hs_more.csv", text)
    return import_files(con, "deals", [path], mode="append", mapping=preset_mapping("hubspot", "deals"))


def import_hubspot(con, folder: Path) -> None:
    """The HubSpot contacts and deals, as trial 103 imported them first (--preset hubspot, replace)."""
    for kind, text in (("leads", HUBSPOT_CONTACTS), ("deals", HUBSPOT_DEALS)):
        import_files(
            con, kind, [write_file(folder, f"hubspot_{kind}.csv", text)], mapping=preset_mapping("hubspot", kind)
        )
