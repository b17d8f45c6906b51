"""Spend of campaigns no lead names: the warning after a spend (or leads) import, with the leads' nearest spellings."""

from __future__ import annotations

import difflib
import re

import duckdb

from dashboard import store
from dashboard.importers.report import ImportReport

# how many unmatched campaigns a warning names, and how many of the leads' spellings it offers for each
CAMPAIGNS_NAMED = 5
NEAREST_SPELLINGS = 3

# the stored spend of a campaign whose key no lead of the same source has (a lead without a source matches any), as
# the Sources page matches them (queries/pages/sources/sources.sql: campaign and source by source_key)
_UNMATCHED = """
    select source, campaign, sum(amount) as amount
    from spend as s
    where campaign is not null {also}
        and not exists (
            select 1 from leads as l
            where l.campaign is not null and source_key(l.campaign) = source_key(s.campaign)
                and (l.source is null or source_key(l.source) = source_key(s.source))
        )
    group by 1, 2
    order by 3 desc, 1, 2
"""


def spend_of_no_campaign(con: duckdb.DuckDBPyConnection, report: ImportReport, also: str = "") -> None:
    """Warn of spend whose campaign no lead of its source names: an ad platform writes "FB | Retargeting Q4" or
    "ABM CFO" where the leads' utm_campaign says retargeting_q4 or abm_cfo_2026, and on the Sources page that spend
    sat on a row of no leads at ROI -100 % while the campaign's wins showed "no spend", without a word (trial 38).
    `also`: an SQL condition on the spend rows to consider (the months a leads import covers)."""
    if not store.scalar(con, "select count(*) from leads") or "spend" in store.demo_tables(con):
        return
    apart = con.execute(_UNMATCHED.format(also=also)).fetchall()
    if not apart:
        return
    spellings = dict(
        con.execute(
            "select campaign, string_agg(distinct coalesce(source, '(no source)'), ', ' order by "
            "coalesce(source, '(no source)')) from leads where campaign is not null group by 1"
        ).fetchall()
    )
    named = "; ".join(
        _named(source, campaign, amount, spellings) for source, campaign, amount in apart[:CAMPAIGNS_NAMED]
    )
    more = f" and {len(apart) - CAMPAIGNS_NAMED} more" if len(apart) > CAMPAIGNS_NAMED else ""
    total = sum(amount for _, _, amount in apart)
    lines = _mapping_lines(apart[:CAMPAIGNS_NAMED], spellings)
    report.alerts.append(
        f"spend: {total:,.2f} of campaign spend matches no campaign of the leads of its source: {named}{more}. On the "
        "Sources page (one row per campaign) it shows on rows of its own with no leads and a loss, and the campaign's "
        "leads show no spend. Write the campaign as the leads do in the spend mapping and import the spend again "
        "(case, spaces, hyphens and underscores do not matter): "
        + (
            f"[spend.values.campaign] {lines}"
            if lines
            else '[spend.values.campaign] "<campaign>" = "<the leads\' spelling>"'
        )
        + "; or import the leads of that campaign. Spend of another source than its leads' stays apart: the page "
        "matches a campaign within its source"
    )


def _mapping_lines(apart: list[tuple[str, str, float]], spellings: dict[str, str]) -> str:
    """The [spend.values.campaign] lines for the unmatched campaigns a lead of the same source spells alike."""
    lines = []
    for source, campaign, _ in apart:
        own = [s for s, sources in spellings.items() if _key(source) in {_key(x) for x in sources.split(", ")}]
        near = _nearest(campaign, own)
        if near:
            lines.append(f'"{campaign}" = "{near[0]}"')
    return " · ".join(lines)


def _named(source: str, campaign: str, amount: float, spellings: dict[str, str]) -> str:
    """One unmatched campaign in words: its name, source, amount and the leads' nearest spellings with their
    sources (Meta's paid_social "Black Friday" beside an other_campaigns lead's black-friday: another source)."""
    near = [f"{n!r} ({spellings[n]})" for n in _nearest(campaign, list(spellings))]
    said = f", nearest of the leads: {', '.join(near)}" if near else ", no lead names one alike"
    return f"{campaign!r} of {source} ({amount:,.2f}{said})"


def _key(label: str) -> str:
    """A source as the SQL macro source_key compares it: case, blanks, dots, hyphens and underscores aside."""
    return re.sub(r"[\s._-]+", "_", label.strip().lower()).strip("_")


def _nearest(campaign: str, spellings: list[str]) -> list[str]:
    """The leads' campaign spellings most like `campaign`, compared in lower case (a platform prefix such as
    "FB | " or a missing year still leaves them alike)."""
    lowered = {s.lower(): s for s in spellings}
    found = difflib.get_close_matches(campaign.lower(), list(lowered), n=NEAREST_SPELLINGS, cutoff=0.5)
    return [lowered[f] for f in found]
