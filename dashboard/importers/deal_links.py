"""Deals linked to their leads from the lead side: a lead's converted_deal_id (Salesforce's
ConvertedOpportunityId) fills deals.lead_id, the one link every query reads."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from dashboard import store
from dashboard.formatting import fmt_count

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


def no_link_alert(counts: tuple[int, int]) -> str:
    """The loud warning for deals and leads that never meet: what the funnel will show and how to fix it."""
    deals, leads = counts
    return (
        f"none of the {fmt_count(deals, 'deal')} names one of the {fmt_count(leads, 'lead')} and no lead names its "
        "deal: the funnel will show no opportunity and no customer from leads, and won revenue counts by the "
        "deals' own source only. To fix it, export the leads with their Converted Opportunity ID "
        "(ConvertedOpportunityId; Salesforce) and import them again, or map a lead id column of the deals file "
        "to lead_id (a mapping file's [deals.columns] lead_id)"
    )
