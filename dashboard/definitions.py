"""The words both teams read: every definition generated from the config, for the Definitions page and the report."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard import config, sla, sources
from dashboard.formatting import fmt_pct


def sections(
    sales_sources: Sequence[str] = config.SALES_SOURCES, agreement: sla.SlaSettings | None = None
) -> list[tuple[str, str]]:
    """(title, markdown) per topic, in reading order; `sales_sources` is the list in use (store.sales_sources),
    `agreement` the SLA in use (the report's options; None: config's)."""
    stages = "\n".join(
        f"| {i + 1} | {config.STAGE_LABELS[s]} | {config.STAGE_OWNERS[s].capitalize()} | {STAGE_MEANING[s]} |"
        for i, s in enumerate(config.STAGES)
    )
    benchmarks = ", ".join(
        f"{config.STAGE_LABELS[a]}→{config.STAGE_LABELS[b]} {fmt_pct(low, 0)}–{fmt_pct(high, 0)}"
        for (a, b), (low, high) in config.STEP_BENCHMARKS.items()
    )
    models = "\n".join(f"- **{label}**" + f": {MODEL_MEANING[m]}" for m, label in config.ATTRIBUTION_MODELS.items())
    stall = ", ".join(f"{config.STAGE_LABELS[s]} {d} days" for s, d in config.STALL_DAYS.items())
    return [
        (
            "Stages and who owns them",
            "| # | Stage | Owner | Counts a lead when |\n|---|---|---|---|\n" + stages + "\n\n"
            "The hand-over from marketing to sales is MQL → SQL: the SQL is the shared cornerstone both teams "
            "sign up to. A lead counts at a stage when it has that stage's date, a later stage's date, or its "
            "exported lifecycle stage says so, so counts never increase down the funnel.",
        ),
        (
            "Counting",
            f"**Cohort mode** (default): leads created in the date range, followed for "
            f"{config.CONVERSION_WINDOW_DAYS} days (the conversion window); leads younger than the window that "
            "have not moved on yet are in progress, not lost. **Activity mode**: each stage's own entries in the "
            "date range (how targets and the executive overview count). Dates are inclusive. " + FUTURE_RULE,
        ),
        ("Counting by lead or by account", COUNT_BY_MEANING + " " + config.ACCOUNT_RULE),
        (
            "Marketing-sourced and influenced",
            sources.sourced_definition(sales_sources) + " The list of sales-owned sources is kept on the Data page.",
        ),
        (
            "Speed to lead (SLA)",
            (agreement or sla.SlaSettings()).describe()
            # config's agreement: the SLA page's own settings (length, business hours) may differ from it
            + ("" if agreement else " This is the default agreement (config); the SLA page's settings may differ.")
            + f" The alert fires under {fmt_pct(config.SLA_ALERT_COMPLIANCE, 0)} compliance. "
            + sla.terms()
            + " "
            + sla.BEFORE_CLOCK_RULE,
        ),
        (
            "Times and time zones",
            f"Times are kept in the data's time zone, {config.DATA_TIMEZONE} (DATA_TIMEZONE in dashboard/config.py): "
            "a time with an offset or a zone is moved to it on import, and a time without one is taken as written "
            "in it, so an export in local time should be imported with DATA_TIMEZONE set to that zone. Months and "
            "days are the data zone's. A wait against the SLA is the real time elapsed, across a daylight-saving "
            "change too; business hours are read in the office's zone. Durations in days (time to convert, the "
            "sales cycle, the conversion window) are counted on the data zone's clock times, so one that spans a "
            "daylight-saving change is an hour off in a zone that has one.",
        ),
        (
            "Attribution models",
            models + "\n\nA won deal's path is its lead's touches up to the deal's creation (a touch at that very "
            "moment is on it); a deal without touches credits its original source under every model. A source filter "
            "keeps the chosen sources' rows as they are without it: a source is credited on every won deal in the "
            "view's dates and other filters whose path it is on, whatever source the deal's lead came from.",
        ),
        (
            "Money",
            "**Win rate**: won ÷ (won + lost), open deals excluded. **Average deal**: won amount ÷ won deals with "
            "an amount (a win exported without one is of unknown size). "
            "**Sales cycle**: median days from deal creation to win. **CAC** (per source): marketing spend ÷ new "
            "customers (won deals that are a lead's first win, an account's counting by account; a repeat win is "
            "not a customer acquired). **ROI**: (attributed revenue − spend) ÷ spend; **ROAS**: attributed "
            "revenue ÷ spend; a source without spend has neither. **Pipeline coverage**: pipeline open now "
            "(every open deal of the view's filters, whenever created) ÷ revenue still to win this quarter; "
            "the coverage needed is about 1 ÷ win rate (win rate of the deals closed in the "
            f"{config.COVERAGE_TRAILING_DAYS} days to the period's end; the landing page's planner plans with the "
            "same win rate and average deal). **Open pipeline in the dates** (Sources): the open deals in the "
            "view's dates only — of the leads created in them (cohort mode) or the deals opened in them "
            "(activity mode). "
            "**Lead velocity**: (MQLs this period − last period) ÷ last "
            "period.",
        ),
        (
            "Friction and stalled leads",
            f"A step of a segment is a friction point only when its 95% (Wilson) interval lies entirely below the "
            f"comparison's (the rest of the view, or the previous period) and both sides have at least "
            f"{config.FRICTION_MIN_SAMPLE} leads. Benchmarks for the whole funnel: {benchmarks}. With a window of 0 "
            "a lead neither disqualified nor lost is still open: the points say how many, and a gap against the "
            "previous period or a benchmark that the open ones could still close is not judged yet. Revenue at "
            "stake: missing conversions × the share of the step's end stage that became customers × the average won "
            "deal of the view's deals that came from a lead (a deal without one, outbound, never went through these "
            "steps). In activity mode a step with more entries at its end than at its start in the dates is no "
            "conversion rate: it is not judged and has no rate. A lead is stalled "
            f"when it sits in its stage longer than: {stall}. A lead created the conversion window "
            f"({config.CONVERSION_WINDOW_DAYS} days) or longer ago that has not moved on counts as lost, not "
            "stalled, even with an open deal: a win now would come after the window, so the Funnel page counts it "
            "dropped out too. The pages say how many; a window of 0 shows them.",
        ),
        (
            "Targets",
            "Targets are set per month, for the company and per source. A view with only source filters is held "
            "against its sources' targets summed; a view filtered by anything else (persona, segment …) has no "
            "target of its own, so its tiles say the company's is not comparable. A month that the dates or the "
            "data's last day cut short counts its target pro rata, for its days in view only (on the 1st of a "
            "31-day month, 1/31 of its plan is due); so does the month the data starts in, from its first day, when "
            f"that day is more than {config.DATA_START_GRACE_DAYS} days after the 1st (data from 21 Nov: 10/30 of "
            "November's plan). Such a month is not compared with the next one, nor a year on, where that period "
            "has leads or deals on the days it lacks (1–20 Dec against November's 1–20): its part would read as a "
            "whole month. A target set for some months of a period only is compared "
            "with those months' actuals, and says so (\"target set for Jan 2025 only\"). The quarter's pipeline "
            "coverage counts the whole quarter's target: it asks what is still to win of it.",
        ),
        (
            "Alerts",
            f"SLA compliance under {fmt_pct(config.SLA_ALERT_COMPLIANCE, 0)}; SQLs under "
            f"{fmt_pct(config.ALERT_MQL_TO_SQL, 0)} of MQLs in the period; pipeline coverage under what the win "
            "rate requires. A value exactly at its threshold does not alert.",
        ),
    ]


# trial 98: a lead dated 20 Dec and a win closing 15 Jan 2027 counted in Q4 and "All dates" where the data ends 14 Nov
FUTURE_RULE = (
    "A record dated after the data's today (a lead's creation, a stage entry, a deal's creation or close: a date "
    "typo, a planned close left ahead) counts in no period, tile, chart or list until the data reaches it; the "
    'import report and the "no future dates" check name it.'
)

COUNT_BY_MEANING = (
    "**Count by** in the sidebar: **lead** (default) counts people; **account** counts companies, the B2B buying "
    "group, on the Funnel page, the overview's filtered view, Sources and Friction. The overview's period KPIs, the "
    "SLA, rejections and the volume checks count leads either way, and say so."
)
STAGE_MEANING = {
    "lead": "it exists in the CRM or marketing tool (from its creation date)",
    "mql": "marketing qualified it (its MQL date) or it reached a later stage",
    "sql": "sales accepted it as sales-qualified (its SQL date) or it has a deal",
    # probe 93: these said "it has at least one deal" / "a won deal" alone, while a lead whose exported lifecycle stage
    # says customer without a deal (HubSpot marks a won deal's other contacts so) counts at both stages (README "How
    # stages are counted"; the import warns of them and the sentence under the funnel counts them)
    "opportunity": "it has at least one deal, or its exported lifecycle stage says opportunity or customer",
    "customer": "it has a won deal, or its exported lifecycle stage says customer (a CRM marks a won deal's other "
    "contacts so; the import warns of those without a deal)",
}
MODEL_MEANING = {
    "first_touch": "all credit to the original source: the lead's source (counting by account, the account's, its "
    "first lead's), touches or not, so a source's first-touch revenue is the revenue of its won deals",
    "last_touch": "all credit to the last touch before the opportunity",
    "linear": "equal credit to every touch",
    "u_shaped": "40% to the first and the last touch, 20% shared by those between",
    "w_shaped": "30% each to the first, the middle and the last touch, 10% shared by the others; the middle is the "
    "touch in the middle of the path in time order (of an even count, the earlier of the two middle ones), not the "
    "touch that created the lead: flat touch exports do not mark which touch that was",
    "time_decay": f"a touch's credit halves for every {config.TIME_DECAY_HALF_LIFE_DAYS} days before the opportunity",
}
