"""Deals linked to their leads from the lead side: a lead's converted_deal_id (Salesforce's
ConvertedOpportunityId) fills deals.lead_id, the one link every query reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count
from dashboard.importers import readers

# deals named by several leads, listed by id in the report (the rest counted)
AMBIGUOUS_LISTED = 5


@dataclass(frozen=True)
class DealLinks:
    """What linking did: deals given their lead, and deals left unlinked because several leads name them."""

    linked: int = 0
    # deal id -> the ids of the leads that name it, for the first AMBIGUOUS_LISTED such deals
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    ambiguous_total: int = 0


def link_deals(con: duckdb.DuckDBPyConnection) -> DealLinks:
    """Inside the import transaction: give each deal without a lead the one lead whose converted_deal_id names it.

    A lead id the deals file gave is never replaced. A deal that several leads name is left without a lead
    (picking one would credit a source by chance) and reported. The leads linked have their stage columns
    derived again on commit (is_mql = null): a leads import derived them before their deals pointed at them.
    """
    # no temporary table: DuckDB 2.0 can lose rows inserted into one inside a transaction
    named = (
        "select converted_deal_id as deal_id, count(*) as leads, min(lead_id) as lead_id, "
        "list(lead_id order by lead_id) as lead_ids from leads where converted_deal_id is not null group by 1"
    )
    unlinked_named = f"from deals as d join ({named}) as n using (deal_id) where d.lead_id is null and n.leads > 1"
    ambiguous_total = store.scalar(con, f"select count(*) {unlinked_named}") or 0
    ambiguous = {
        deal_id: list(lead_ids)
        for deal_id, lead_ids in con.execute(
            f"select d.deal_id, n.lead_ids {unlinked_named} order by d.deal_id limit {AMBIGUOUS_LISTED}"
        ).fetchall()
    }
    linked = [
        row[0]
        for row in con.execute(
            f"update deals set lead_id = n.lead_id from ({named}) as n "
            "where deals.deal_id = n.deal_id and deals.lead_id is null and n.leads = 1 returning deals.lead_id"
        ).fetchall()
    ]
    if linked:
        con.execute(
            "update leads set is_mql = null where lead_id in (select unnest($linked::varchar[]))", {"linked": linked}
        )
    return DealLinks(len(linked), ambiguous, ambiguous_total)


def leads_reach_no_deal(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """(deals, leads) when both tables have rows and no deal points at a stored lead, else None: the funnel
    then shows no opportunity and no customer from leads."""
    deals, leads, linked = con.execute(
        "select (select count(*) from deals), (select count(*) from leads), "
        # one linked deal settles it: the limit lets the join stop there on ten million leads
        "(select count(*) from (select 1 from deals as d semi join leads as l on l.lead_id = d.lead_id limit 1))"
    ).fetchall()[0]
    return (deals, leads) if deals and leads and not linked else None


def link_lines(links: DealLinks) -> list[str]:
    """The report's lines on linking: deals linked, and deals left unlinked because several leads name them."""
    lines = []
    if links.linked:
        lines.append(
            f"{fmt_count(links.linked, 'deal')} linked to {'its lead' if links.linked == 1 else 'their leads'} "
            "through the leads' Converted Opportunity ID (converted_deal_id)"
        )
    if links.ambiguous_total:
        listed = "; ".join(f"{deal} named by {', '.join(leads)}" for deal, leads in links.ambiguous.items())
        more = links.ambiguous_total - len(links.ambiguous)
        lines.append(
            f"{fmt_count(links.ambiguous_total, 'deal')} named by several leads' Converted Opportunity ID left "
            f"without a lead (none is picked by chance): {listed}" + (f" and {more:,} more" if more else "")
        )
    return lines


def salesforce_lengths(con: duckdb.DuckDBPyConnection) -> str:
    """The mapping line that links deals and leads when the leads' Converted Opportunity ID names the deals by the
    other Salesforce id length (one file's ids lengthened to 18 characters, the other's kept at a report's 15);
    '' when it does not. The 18-character form is the 15 with its checksum: the same record for certain."""
    short_deals, short_leads = con.execute(
        "select (select count(*) from deals as d where length(d.deal_id) = 15 and exists (select 1 from leads as l "
        "where l.converted_deal_id = salesforce_id(d.deal_id) and l.converted_deal_id <> d.deal_id)), "
        "(select count(*) from leads as l where length(l.converted_deal_id) = 15 and exists (select 1 from deals "
        "as d where d.deal_id = salesforce_id(l.converted_deal_id) and d.deal_id <> l.converted_deal_id))"
    ).fetchall()[0]
    if short_deals:
        return (
            f"{fmt_count(short_deals, 'deal')} stored with a 15-character Salesforce id that the leads' Converted "
            'Opportunity ID writes with 18: add salesforce_ids = ["deal_id"] under [deals] in the deals\' mapping, '
            "and import the deals again"
        )
    if short_leads:
        return (
            f"the Converted Opportunity ID of {fmt_count(short_leads, 'lead')} has 15 characters where the deals were "
            'stored with 18: add "converted_deal_id" to salesforce_ids under [leads] in the leads\' mapping '
            '(salesforce_ids = ["lead_id", "converted_deal_id"]), and import the leads again'
        )
    return ""


# the ids named as examples on each side of deals and leads that never meet
EXAMPLE_IDS = 3


def other_id_column(con: duckdb.DuckDBPyConnection) -> str:
    """The fix when the deals kept aside for want of their lead name leads by ids of another kind than the leads
    were stored with (Pipedrive's leads stored by "Lead - ID", a UUID no deal carries, their deals naming the
    "Person - ID"), with examples from both sides; '' when no deal waits for its lead."""
    waiting, named, distinct = con.execute(
        f"select count(*), list(distinct lead_id order by lead_id)[:{EXAMPLE_IDS}], count(distinct lead_id) "
        f"from {store.AWAITING_TABLE}"
    ).fetchall()[0]
    if not waiting:
        return ""
    stored, leads = con.execute(
        f"select (select list(lead_id order by lead_id) from (select lead_id from leads order by 1 "
        f"limit {EXAMPLE_IDS})), (select count(*) from leads)"
    ).fetchall()[0]
    deal_side, lead_side = (
        ", ".join(repr(v) for v in values or []) + (", …" if total > EXAMPLE_IDS else "")
        for values, total in ((named, distinct), (stored, leads))
    )
    return (
        f"none of the ids the {fmt_count(waiting, 'deal')} kept aside for want of their lead name "
        f"({deal_side}) is among the leads stored ({lead_side}): "
        "the leads were likely stored from another id column than the deals name them by. To fix it, import the "
        "leads again with lead_id mapped to the leads file's column that holds the ids the deals name (Pipedrive's "
        "deals name the 'Person - ID', HubSpot's the contact's 'Record ID'), and the deals kept aside come in with "
        "them; if the leads' ids are right, import the leads export that has the deals' leads"
    )


# the header keys (readers.header_key) of a deals column that names each deal's lead by the lead's display name, not
# its id, with how its CRM writes it: Dynamics 365's opportunities write the lead lookup "Originating Lead" as the
# lead's Name; Copper's opportunities their "Primary Contact" as the person's name (trial 109: the advice named
# Salesforce's Converted Opportunity ID, which a Copper export has no counterpart of)
LEAD_NAME_WRITERS = {
    "originatinglead": "as Dynamics 365 writes the lead lookup, not by the lead's id (the hidden '(Do Not Modify) "
    "Lead' of a Dynamics leads export)",
    "primarycontact": "as Copper writes an opportunity's Primary Contact (a converted lead is a person of the People "
    "export: import it after the Leads export with --mode append, keyed by name too), not by the id or e-mail address "
    "the leads were stored by",
}
LEAD_NAME_HEADERS = frozenset(LEAD_NAME_WRITERS)


def person_written_as(values: Sequence[str]) -> str:
    """How a deals column's filled cells name each deal's person: 'e-mail address', 'id' or 'name' (most cells)."""
    # review 109: a Salesforce or Zendesk deals file's "Primary Contact" may hold the contact's id or e-mail address;
    # the advice to key the leads by their Name (Copper's way) then linked none of its deals
    filled = [v.strip() for v in values if v and v.strip()]
    if sum("@" in v for v in filled) * 2 > len(filled):
        return "e-mail address"
    if sum(any(c.isdigit() for c in v) for v in filled) * 2 > len(filled):
        return "id"
    return "name"


def lead_name_column(kind: str, unread: Sequence[str]) -> str:
    """The fix when a deals file's unread column names each deal's lead by the lead's Name (Dynamics 365's
    "Originating Lead", Copper's "Primary Contact"), not the id the leads were stored by; '' when the file has none."""
    found = next((c for c in unread if readers.header_key(c) in LEAD_NAME_HEADERS), None)
    if kind != "deals" or found is None:
        return ""
    return (
        f"the deals file's {found!r} (not read) names each deal's lead by the lead's Name, "
        f"{LEAD_NAME_WRITERS[readers.header_key(found)]}. To fix it, import the "
        'leads again keyed by their name (lead_id = "Name" under [leads.columns], each name one lead), then the '
        f'deals with lead_id = "{found}" under [deals.columns]; the deals whose name matches no lead are kept aside '
        "and named"
    )


def no_link_alert(counts: tuple[int, int], lengths: str = "", other_ids: str = "") -> str:
    """The loud warning for deals and leads that never meet: what the funnel will show and how to fix it (the
    Salesforce id length line when that is why, `lengths`; the leads stored from another id column than the deals
    name, `other_ids`)."""
    deals, leads = counts
    fix = (
        f"They name each other by Salesforce ids of two lengths: {lengths}"
        if lengths
        else f"{other_ids[0].upper()}{other_ids[1:]}"
        if other_ids
        else "To fix it, export the leads with their Converted Opportunity ID (ConvertedOpportunityId; Salesforce) "
        "and import them again, or map a lead id column of the deals file to lead_id (a mapping file's "
        "[deals.columns] lead_id)"
    )
    return (
        f"none of the {fmt_count(deals, 'deal')} names one of the {fmt_count(leads, 'lead')} and no lead names its "
        f"deal: the funnel will show no opportunity and no customer from leads, and won revenue counts by the "
        f"deals' own source only. {fix}"
    )
