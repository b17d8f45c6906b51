"""Source ROI, attribution and the closed loop: which sources bring revenue, and why sales rejects leads."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from dashboard import config, friction, metrics, periods, rollups, store, tables, targets
from dashboard.filters import Filters
from dashboard.formatting import (
    cents_adding_up,
    csv_bytes,
    fmt_count,
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_pct,
    fmt_return,
    is_missing,
    label_value,
    md_text,
    other_group,
    round_half_away,
    word_list,
)
from dashboard.queries import run

SOURCE_NUMBERS = (
    "count_leads",
    "count_mqls",
    "count_sqls",
    "count_opportunities",
    "count_won",
    "revenue",
    "open_pipeline",
    "spend",
)


def spend_fits(filters: Filters) -> bool:
    """Whether the view has spend of its own: spend is recorded per source (and campaign) and month, so a view
    filtered by persona, segment, industry, region or owner has none. Set against that view's revenue, the whole
    source's spend made ROI and CAC look several times worse than they are (#15's walk: ROI 0.5x for the CFOs of
    paid search, 4.0x for all of it); such a view shows no spend, cost or return instead."""
    return not filters.besides_source()


def source_table(con: duckdb.DuckDBPyConnection, filters: Filters, by: str = "source") -> pd.DataFrame:
    """One row per source (or campaign): stage counts, won deals, revenue, pipeline, spend, costs, CAC, ROI, ROAS
    (spend and what divides by it: none when the view has no spend of its own, spend_fits)."""
    if by not in config.SOURCE_GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    params = {**filters.to_params(), "by": by, "none_label": config.NONE_LABEL, "spend_fits": spend_fits(filters)}
    params["use_rollup"] = by == "source" and rollups.kept_by(con) and rollups.breakdown_exact(filters, "source")
    return run(con, "sources", params)


# the attribution frame's attrs key: the won revenue its credits were shared out of (shared_revenue)
SHARED_ATTR = "shared_revenue"
# the source table's attrs key: the attribution model its revenue is credited by (with_model; by campaign, first
# touch: the lead's original campaign)
MODEL_ATTR = "attribution_model"


def attribution(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Won revenue per source (rows) under every attribution model (columns, in config order): credited over the
    view's won deals with its source filter lifted (dates, mode, count by and the other filters kept), then the
    rows of the chosen sources kept, so a source's row is the same filtered or not (trial 64: Webinar's last-touch
    $185k read $18k under a Webinar filter, which kept only its own leads' deals). The won revenue the credits were
    shared out of is in attrs (shared_revenue)."""
    models = list(config.ATTRIBUTION_MODELS)
    wide = run(con, "attribution", filters.with_values("source", ()).to_params())[["source", *models]]
    wide[models] = wide[models].astype(float)
    shared = float(wide[config.DEFAULT_ATTRIBUTION_MODEL].sum())
    if filters.sources:
        wide = wide[wide["source"].isin(filters.sources)]
    wide = wide.sort_values([config.DEFAULT_ATTRIBUTION_MODEL, "source"], ascending=[False, True], ignore_index=True)
    wide.attrs[SHARED_ATTR] = shared
    return wide


def shared_revenue(credited: pd.DataFrame) -> float:
    """The won revenue an attribution frame's credits were shared out of: the view's without its source filter
    (attribution), whichever rows were kept; the rows' sum for a frame without it."""
    if SHARED_ATTR in credited.attrs:
        return float(credited.attrs[SHARED_ATTR])
    return float(credited[config.DEFAULT_ATTRIBUTION_MODEL].sum()) if not credited.empty else 0.0


@dataclass(frozen=True)
class SourcelessTouches:
    """The view's won deals whose touches have no source (sourceless_touches.sql): credited to the deal's own source
    under every model, as first touch credits it."""

    won_deals: int = 0
    deals: int = 0
    touches: int = 0
    # won deals with a touch that has a source: with none, the models' columns are the same
    sourced_deals: int = 0
    # counting by account first touch credits the account's source (its first touch's), not the deal's own, so the
    # models' columns differ even where no touch has a source (review 87: "the same" beside email 1,100 and 1,000)
    by_account: bool = False

    def note(self) -> str | None:
        """Why the models read alike (plain text; None when every touch on a path has a source): probe 79's six
        identical columns said "the models only share it differently" and nothing of the touches."""
        if not self.deals:
            return None
        one = self.deals == 1
        if self.by_account:
            alike = "where first touch, counting by account, credits the account's source (its first touch's)"
        elif not self.sourced_deals:
            alike = "so every model credits the revenue as first touch does and the models' columns are the same"
        else:
            alike = "as first touch credits it, so the models differ less than the touches would make them"
        return (
            f"{fmt_int(self.deals)} of the {fmt_count(self.won_deals, 'won deal')} in this view "
            f"{'has' if one else 'have'} touches with no source on {'its' if one else 'their'} path "
            f"({fmt_count(self.touches, 'touch', 'touches')}): a touch without a source is credited to the deal's "
            f"own source, {alike}. Map the touches file's source column (in a campaign members export, Campaign "
            "Type) and import the touches again."
        )

    def as_dict(self) -> dict[str, object]:
        """The metrics JSON's sourceless_touches: {won_deals, deals, touches, models_alike, note}."""
        return {
            "won_deals": self.won_deals,
            "deals": self.deals,
            "touches": self.touches,
            "models_alike": bool(self.deals) and not self.sourced_deals and not self.by_account,
            "note": self.note(),
        }


def sourceless_touches(con: duckdb.DuckDBPyConnection, filters: Filters) -> SourcelessTouches:
    """The view's won deals (its source filter lifted, as attribution lifts it) with touches of no source."""
    row = run(con, "sourceless_touches", filters.with_values("source", ()).to_params()).iloc[0]
    return SourcelessTouches(
        won_deals=int(row["count_won_deals"]),
        deals=int(row["count_deals"]),
        touches=int(row["count_touches"]),
        sourced_deals=int(row["count_sourced_deals"]),
        by_account=filters.count_by == "account",
    )


def source_filter_note(filters: Filters, by: str = "source") -> str | None:
    """What a source filter does to the attribution (Markdown; None without one, or per campaign): the chosen
    sources' rows, each credited as without the filter, for every won deal in the view whose path it is on."""
    if not filters.sources or by != "source":
        return None
    return (
        "A source filter keeps the chosen sources' rows and leaves their credited revenue as it is without the "
        "filter: each is credited for every won deal in the view's dates and other filters whose path it is on, "
        "whatever source the deal's "
        "lead came from (under First touch, its own won deals). Its leads, won deals, spend and CAC are its own."
    )


def roi_caption(by: str, label: str) -> str:
    """What the Revenue and cost table counts, per source or per campaign (the campaign view said "per source" and
    "the source's new customers" before)."""
    if by == "campaign":
        return (
            f"Revenue credited by **{label}** (the lead's original campaign). Counts follow the funnel's rules for "
            "this view; spend is the marketing spend recorded per campaign for the months the date range touches, "
            "matched to the leads' campaign of the same source (case, spaces, hyphens and underscores aside; a "
            f"{not_split_dimensions()} filter has none). CAC here is the campaign's spend ÷ the campaign's new "
            f"customers (first wins). {CAMPAIGN_MONTHS_WORDS}"
        )
    return (
        f"Revenue credited by **{label}**. Counts follow the funnel's rules for this view; spend is the "
        "marketing spend recorded for the months the date range touches, per source (a "
        f"{not_split_dimensions()} filter has none). CAC here is marketing spend ÷ the source's new "
        "customers (first wins)."
    )


def revenue_caveat(table: pd.DataFrame, escape: Callable[[str], str] = md_text) -> str | None:
    """What the table's revenue leaves out: its won deals without an amount (in Won, not in Revenue, ROI or ROAS), with
    the rows they are in (names through `escape`: Markdown by default); None when every win has an amount."""
    rows = table[table["count_won_without_amount"] > 0] if "count_won_without_amount" in table else table.iloc[0:0]
    if rows.empty:
        return None
    words = metrics.won_without_amount_words(int(rows["count_won_without_amount"].sum()))
    ranked = rows.sort_values(["count_won_without_amount", "source"], ascending=[False, True])
    parts = ", ".join(f"{escape(_row_name(r))} {int(r['count_won_without_amount']):,}" for _, r in ranked.iterrows())
    return f"Revenue {words} ({parts}): they count in Won and add nothing to revenue, ROI or ROAS."


def spend_months(filters: Filters) -> tuple[date | None, date | None]:
    """The first day and the last day of the months whose spend the view counts: every month its date range touches
    (an open end stays open)."""
    start = periods.bounds(f"{filters.date_from:%Y-%m}")[0] if filters.date_from else None
    end = periods.bounds(f"{filters.date_to:%Y-%m}")[1] if filters.date_to else None
    return start, end


def spend_months_note(filters: Filters) -> str | None:
    """What the view's cost figures set against each other when its date range covers part of a month (None when
    it covers whole months): that month's spend, whole, beside part of its leads and deals."""
    start, end = spend_months(filters)
    if start == filters.date_from and end == filters.date_to:
        return None

    # spend is kept per month: a day's share of it is not known, and an even split would be a guess
    def span(first: date | None, last: date | None) -> str:
        return f"{fmt_date(first) if first else 'the start'} to {fmt_date(last) if last else 'the end'}"

    return (
        f"Spend is kept per month: this view counts the spend of {span(start, end)}, whole months, beside the leads "
        f"and deals of {span(filters.date_from, filters.date_to)}: cost per lead, CAC and ROI compare the two. "
        "Choose whole months for figures that match."
    )


def unspent_months(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The sources with spend in the view whose leads include some created in months without their spend
    (unspent_months.sql): source, count_leads, count_leads_unspent, first_unspent_month, last_unspent_month,
    unspent_months (each month without spend). Its
    leads per source and month are the funnel rollup's where that is exact for the source (as source_table's)."""
    # the page runs it on every filter change: the scan read every lead at 10 M leads where the rollup's few rows do
    use_rollup = rollups.kept_by(con) and rollups.breakdown_exact(filters, "source")
    return run(
        con, "unspent_months", {**filters.to_params(), "spend_fits": spend_fits(filters), "use_rollup": use_rollup}
    )


def unspent_months_note(
    rows: pd.DataFrame, escape: Callable[[str], str] = md_text, unit: str = config.DEFAULT_COUNT_BY, by: str = "source"
) -> str | None:
    """The warning for leads (`unit`: lead or account) created in months their source has no spend for (None when
    there are none): the cost figures set the other months' spend against them too, and their revenue has no spend
    beside it. Sources through `escape` (Markdown by default; str for plain text); `by` campaign says the months
    are checked per source (roi_caption says so when there is no warning)."""
    if rows.empty:
        return None

    parts = "; ".join(
        f"{escape(label_value('source', r['source']))}: {fmt_int(r['count_leads_unspent'])} of its "
        f"{fmt_count(int(r['count_leads']), unit)}, created in {month_runs(r['unspent_months'])}"
        for _, r in rows.iterrows()
    )
    # their revenue counts without spend beside it: the costs read low, and ROI and ROAS high (review 77: "lower")
    return (
        f"Some {unit}s were created in months with no spend loaded for their source ({parts}): the cost per lead, "
        "MQL, SQL and opportunity and CAC set the spend of the other months against them too, so they read lower, "
        "and ROI and ROAS higher, than the months with spend give. Load the spend of those months, or choose the "
        "months the spend covers." + (f" {CAMPAIGN_MONTHS_WORDS}" if by == "campaign" else "")
    )


def month_runs(months: Sequence[str]) -> str:
    """['2026-02', '2026-03', '2026-05'] -> 'Feb 2026 to Mar 2026 and May 2026': each run of consecutive months as a
    range, the runs listed (probe 93: Feb, Apr and Jun read as "Feb 2026 to Jun 2026", a span Mar and May had spend
    in)."""
    runs: list[list[pd.Period]] = []
    for month in sorted(pd.Period(m, "M") for m in months):
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return word_list(f"{run[0]:%b %Y}" if len(run) == 1 else f"{run[0]:%b %Y} to {run[-1]:%b %Y}" for run in runs)


# the campaign view's months without spend are checked per source, not per campaign: a campaign's own months without
# spend (its leads before its ads started) are not seen (trial 76). Per campaign would repeat sources.sql's matching
# of spend to campaigns (spellings merged, within the source, sourceless leads) in a second query; saying it is cheap
CAMPAIGN_MONTHS_WORDS = (
    "Months without spend are checked per source, not per campaign: a campaign's own months without spend, while "
    "its source has spend, are not seen here."
)


def with_model(
    table: pd.DataFrame, credited: pd.DataFrame, model: str, by: str = "source", chosen: Sequence[str] = ()
) -> pd.DataFrame:
    """The source table with revenue, ROI and ROAS under the chosen attribution model; `chosen`: the view's source
    filter (Filters.sources), outside which no source gets a row of its own for the revenue its touches earn.

    Campaign rows keep the revenue of the lead's original campaign: touches rarely carry campaigns,
    so only the first-touch view can be split by campaign.
    """
    if model not in config.ATTRIBUTION_MODELS:
        raise ValueError(f"unknown attribution model {model!r}")
    out = table.copy()
    if by == "campaign":
        out["attributed_revenue"] = out["revenue"]
    else:
        by_source = credited.set_index("source")[model] if not credited.empty else pd.Series(dtype=float)
        out = pd.concat([out, _touch_only_rows(out, by_source, chosen)], ignore_index=True)
        out["attributed_revenue"] = out["source"].map(by_source).fillna(0.0)
        # the callouts' share is of the revenue the credits were shared out of, not of the rows shown
        out.attrs[SHARED_ATTR] = shared_revenue(credited)
    out.attrs[MODEL_ATTR] = "first_touch" if by == "campaign" else model
    # a source with no spend recorded has no ROI, not an infinite one
    spend = out["spend"].where(out["spend"] > 0)
    out["roi"] = (out["attributed_revenue"] - spend) / spend
    out["roas"] = out["attributed_revenue"] / spend
    return out


def _touch_only_rows(table: pd.DataFrame, by_source: pd.Series, chosen: Sequence[str]) -> pd.DataFrame:
    """A row for each source a touch was credited with that the table has no row for (a touches export naming a
    channel its own way): without one, its attributed revenue would vanish from the table, whose column would then
    not add up to the won revenue. No leads, deals or revenue of its own, no spend recorded; rates undefined. Under
    a source filter only the chosen sources get one: the others' rows are filtered out, not missing."""
    listed = set(table["source"])
    missing = [s for s in by_source.index if s not in listed and by_source[s] != 0 and (not chosen or s in chosen)]
    if not missing:
        return table.iloc[0:0]
    rows = pd.DataFrame({"source": missing})
    for column in table.columns.drop("source"):
        zero = column.startswith("count_") or column in ("revenue", "open_pipeline")
        rows[column] = pd.Series(0 if zero else float("nan"), index=rows.index, dtype=table[column].dtype)
    return rows


def _named(source: object) -> str:
    """A source (or campaign) as a sentence names it: in words (formatting.label_value), Markdown-escaped."""
    return md_text(label_value("source", source))


def _row_name(row: Mapping[str, object] | pd.Series) -> str:
    """A row of the table as a sentence names it: a campaign with its source ("Retargeting (Facebook)": google's
    and facebook's retargeting are two rows, trial 51), a source as it is; in words, not Markdown-escaped."""
    campaign_source = row.get("campaign_source")
    if is_missing(campaign_source):
        return label_value("source", row["source"])
    return f"{label_value('campaign', row['source'])} ({label_value('source', campaign_source)})"


def loaded_source_labels(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Every source label a loaded lead or deal carries, whenever dated (source_labels)."""
    return tuple(source_labels(con, ())["source"].dropna())


def _no_leads(table: pd.DataFrame, loaded: Collection[str] = ()) -> pd.Series:
    """The rows with spend but no lead, deal or revenue: a spend file's source (or campaign) no lead has, mostly a
    name the leads write another way; its -100 % is no channel's return (trial 51: bing's was "Worst return"). By
    source, a source some loaded lead or deal carries at another date is a channel that got nothing in this view:
    kept (its -100 % is the worst return there is)."""
    stages = [c for c in ("count_leads", "count_mqls", "count_sqls", "count_opportunities", "count_won") if c in table]
    if not stages:
        # a table without its counts says nothing of leads
        return pd.Series(False, index=table.index)
    counts = table[stages].sum(axis=1)
    empty = (table["spend"].fillna(0) > 0) & (counts == 0) & (table["attributed_revenue"].fillna(0) == 0)
    if "campaign_source" not in table:
        empty &= ~table["source"].isin(list(loaded))
    return empty


def no_leads_note(table: pd.DataFrame, loaded: Collection[str] = ()) -> str | None:
    """The sentence naming the sources with spend but no leads (plain text; None when there is none): left out of the
    best and worst return, as their name matches no lead's source (`loaded`: every source label of the loaded leads
    and deals, loaded_source_labels). The campaign view says so in campaign_notes."""
    if table.empty:
        return None
    # a campaign's such row is unmatched spend (campaign_notes)
    rows = table[_no_leads(table, loaded)]
    if "unmatched_spend" in rows:
        rows = rows[~(rows["unmatched_spend"].fillna(0) > 0)]
    if rows.empty:
        return None
    named = ", ".join(f"{label_value('source', r.source)} {fmt_money(r.spend)}" for r in rows.itertuples())
    return (
        f"Spend with no leads or deals of its source ({named}): the spend file's source name matches no "
        "lead's source, so its loss is no channel's return and it is left out of the best and worst return. Write "
        "the source as the leads do in the spend mapping ([spend.values.source]), then import the spend again."
    )


def _not_split_by(filters: Filters) -> str:
    """The view's filters that spend is not recorded per, in words: 'persona or segment'."""
    return " or ".join(config.DIMENSIONS[dim].lower() for dim in filters.besides_source())


def not_split_dimensions() -> str:
    """Every dimension spend is not recorded per (all but source), lower-case, for a sentence: 'persona, segment,
    industry, region or owner'."""
    return word_list((label.lower() for dim, label in config.DIMENSIONS.items() if dim != "source"), "or")


def _spend_not_split(filters: Filters, consequence: str) -> str:
    """Why this filtered view has no spend ('Spend is recorded per source and month, not per persona: '), then
    the consequence, whose '{named}' names the same filters."""
    named = _not_split_by(filters)
    return f"Spend is recorded per source and month, not per {named}: " + consequence.format(named=named)


def spend_cell_words(filters: Filters) -> str:
    """What a table cell without spend says: not recorded at all, or not split by the view's filter (a segment
    filter left Paid search's $2,284 of October as 'no spend recorded' in the monthly report)."""
    if not spend_fits(filters):
        return f"not split by {_not_split_by(filters)}"
    return "no spend recorded"


def no_spend_message(filters: Filters) -> str:
    """Why the spend chart is empty: a filter spend is not split by, or no spend loaded for the view."""
    if not spend_fits(filters):
        return _spend_not_split(filters, "clear the {named} filter to set revenue against spend.")
    return "No spend is recorded for this view. Import a spend file (month, source, amount) on the Data page."


def young_cohort(con: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """Whether the view's returns can still rise: in cohort mode its deals are those of the leads created in the
    dates, whenever won, so an open one won later adds to their revenue. With a conversion window, while the view's
    last day is less than the window before the data's today (the rule that marks a cohort incomplete, cohorts.sql:
    its leads still in window); with none, always (a cohort is incomplete while it has open leads). Activity mode
    counts the deals won in the dates: a later win is another period's, so its returns are final."""
    if filters.mode != "cohort":
        return False
    if not filters.window_days:
        return True
    today = targets.data_as_of(con)
    if today is None:
        return False
    if filters.date_to is None:
        return True
    # a lead created on the last day is young while it is less than window_days old (funnel_hits' is_young)
    return filters.date_to + timedelta(days=1) + timedelta(days=filters.window_days) > today.date()


def _reach(row: Mapping[str, object] | pd.Series) -> float:
    """A row's ROI were its open deals won: (revenue + open pipeline − spend) ÷ spend."""
    spend = float(row["spend"])  # type: ignore[arg-type]
    gain = float(row["attributed_revenue"]) + float(row["open_pipeline"])  # type: ignore[arg-type]
    return (gain - spend) / spend


def worst_too_early(ranked: pd.DataFrame, young: bool) -> bool:
    """Whether the worst return (`ranked`'s first row, worst first, with the next one after it) is not judged yet,
    as the Friction page leaves a point pending for its still-open entries (friction._open): the view's cohort is
    young (young_cohort) and, were the row's open deals won, its ROI would no longer be below the next row's
    (trial 76: November's Paid social "ROI -100 %" 6-36 days into a 180-day window with $78k of deals open)."""
    if not young or len(ranked) < 2:
        return False
    worst, after = ranked.iloc[0], ranked.iloc[1]
    return float(worst["open_pipeline"]) > 0 and _reach(worst) >= float(after["roi"])


def _too_early_line(ranked: pd.DataFrame, filters: Filters) -> str:
    """The sentence in place of the worst return when it is not judged yet (worst_too_early), Markdown."""
    worst, after = ranked.iloc[0], ranked.iloc[1]
    why = (
        f"this view's leads are still in their {fmt_int(filters.window_days)}-day conversion window"
        if filters.window_days
        else "with no conversion window this view's leads may still convert"
    )
    return (
        f"Worst return: too early to say. **{md_text(_row_name(worst))}** has {fmt_money(worst['attributed_revenue'])}"
        f" from {fmt_money(worst['spend'])} spent so far (ROI {fmt_return(worst['roi'])}), but {why} and "
        f"{fmt_money(worst['open_pipeline'])} of its deals are open: were they won, its ROI would be "
        f"{fmt_return(_reach(worst))}, not below {md_text(_row_name(after))}'s {fmt_return(after['roi'])}, so it is "
        "not judged yet."
    )


def _returns(spent: pd.DataFrame, filters: Filters, young: bool) -> list[str]:
    """The best and the worst return among the rows with spend (Markdown; none with fewer than two); the worst not
    named while it is too early to judge (worst_too_early)."""
    if len(spent) < 2:
        return []
    spent = spent.assign(_net=spent["attributed_revenue"] - spent["spend"])
    # ties (several sources at -100 %) go to the most money won or lost: "worst" named Webinar's $353 loss
    # while Paid search had lost $2,284 at the same ROI
    best = spent.sort_values(["roi", "_net", "source"], ascending=[False, False, True]).iloc[0]
    ranked = spent.sort_values(["roi", "_net", "source"], ascending=[True, True, True])
    worst = ranked.iloc[0]
    lines = [
        f"Best return: **{md_text(_row_name(best))}**, {fmt_money(best['attributed_revenue'])} from "
        f"{fmt_money(best['spend'])} spent (ROI {fmt_return(best['roi'])})."
    ]
    if worst_too_early(ranked, young):
        lines.append(_too_early_line(ranked, filters))
    else:
        lines.append(
            f"Worst return: **{md_text(_row_name(worst))}**, {fmt_money(worst['attributed_revenue'])} from "
            f"{fmt_money(worst['spend'])} spent (ROI {fmt_return(worst['roi'])})."
        )
    return lines


def callouts(table: pd.DataFrame, filters: Filters, loaded: Collection[str] = (), young: bool = False) -> list[str]:
    """The best and worst sources in words (Markdown, the source names in words and escaped): ROI among sources
    with spend, and the biggest revenue source; under a filter spend is not split by, why no cost is shown
    (`loaded`: the loaded source labels, loaded_source_labels; `young`: the view's returns can still rise,
    young_cohort, so a worst return its open deals could lift is said to be too early)."""
    lines: list[str] = []
    if table.empty:
        return lines
    top = table.sort_values(["attributed_revenue", "source"], ascending=[False, True]).iloc[0]
    # the share is of the won revenue the credits were shared out of (with_model: the view's, its source filter
    # lifted), not of the rows shown: under a Webinar filter its one row read "100.0 % of the total" (trial 64)
    # (the rows are a part of it: never more, unless the table was changed after with_model)
    total = max(float(table.attrs.get(SHARED_ATTR, 0.0)), float(table["attributed_revenue"].sum()))
    # amounts near the largest double add up to infinity, and a share of it is no number
    if 0 < total < float("inf"):
        lifted = bool(filters.sources) and SHARED_ATTR in table.attrs
        where = "across every source in this view's dates and other filters" if lifted else "in this view"
        # one row (a source filter): no superlative over itself (probe 79: "Webinar brings the most revenue")
        brings = "brings the most revenue:" if len(table) > 1 else "brings"
        lines.append(
            f"**{md_text(_row_name(top))}** {brings} {fmt_money(top['attributed_revenue'])} "
            f"({fmt_pct(top['attributed_revenue'] / total)} of the {fmt_money(total)} won {where})."
        )
    if not spend_fits(filters):
        lines.append(
            _spend_not_split(
                filters,
                "this filtered view has no spend of its own, so its cost, CAC and ROI are not shown (clear the "
                "{named} filter to see them).",
            )
        )
        return lines
    # spend of a campaign no lead names is not a campaign's return: it is named in campaign_notes instead; a
    # source's spend no lead has, likewise (no_leads_note)
    apart = (
        table["unmatched_spend"].fillna(0) > 0 if "unmatched_spend" in table else pd.Series(False, index=table.index)
    ) | _no_leads(table, loaded)
    lines += _returns(table[(table["spend"] > 0) & ~apart], filters, young)
    unspent = table[table["spend"].isna() & ~apart]
    if not unspent.empty:
        named = ", ".join(_row_name(r) for r in unspent.to_dict("records"))
        their = "its" if len(unspent) == 1 else "their"
        lines.append(f"No spend recorded for {md_text(named)}: {their} cost and ROI are not shown.")
    if note := no_leads_note(table, loaded):
        lines.append(md_text(note))
    return lines


def campaign_notes(table: pd.DataFrame) -> list[str]:
    """The campaign view's sentences under its table: the spend no lead's campaign of the same source has (a row of
    its own, with no leads and a loss: an ad platform spelling the campaign its own way), and the campaigns whose
    spellings were merged (one campaign written several ways by the CRM, counted as one row)."""
    lines = []
    apart = table[table["unmatched_spend"].fillna(0) > 0]
    if not apart.empty:
        named = ", ".join(f"{_row_name(r)} {fmt_money(r['spend'])}" for r in apart.to_dict("records"))
        lines.append(
            f"{fmt_money(apart['unmatched_spend'].sum())} of the {fmt_money(table['spend'].sum())} spend matches no "
            f"lead's campaign of the same source ({md_text(named)}): those rows have no leads, so their loss is no "
            "campaign's return. Write the campaign as the leads do: a [spend.values.campaign] map in the spend "
            "mapping, then import the spend again (the import names the nearest spellings)."
        )
    merged = table[table["count_spellings"] > 1]
    if not merged.empty:
        named = "; ".join(
            f"{_row_name(r)} ({r['count_spellings']} spellings: {r['spellings']})" for r in merged.to_dict("records")
        )
        lines.append(
            "Campaigns the leads spell several ways are one row each (case, spaces, hyphens and underscores aside, "
            f"as spend is matched), named by the most common spelling: {md_text(named)}."
        )
    return lines


def open_pipeline_note(rows: pd.DataFrame, open_now: float, filters: Filters) -> str:
    """Why the table's open pipeline (the open deals in the view's dates) is not the Overview's (every deal open
    now, metrics.open_pipeline_now), in one sentence with both amounts; '' when they are the same."""
    in_dates = float(rows["open_pipeline"].sum())
    if round(in_dates) == round(open_now):
        return ""
    which = (
        "created in these dates"
        if filters.mode == "activity"
        else "of the leads created in these dates (a deal without a lead by its own creation date)"
    )
    # the Overview's can be the smaller (counting by account, the deals here are the accounts', there the leads'):
    # "$0: -$25k more" read wrong (trial 42)
    more = "more" if open_now > in_dates else "less"
    return (
        f"Open pipeline here is {fmt_money(in_dates)}, the open deals {which}; the Overview's pipeline coverage "
        f"counts every deal open now in this view, whenever created, {fmt_money(open_now)}: "
        f"{fmt_money(abs(open_now - in_dates))} {more}."
    )


def rejections(con: duckdb.DuckDBPyConnection, filters: Filters, by: str = "source") -> pd.DataFrame:
    """Rejected leads per source (or persona) and reason, those of them that were MQLs, and its MQLs; by lead
    whatever the view counts by (sales rejects a person)."""
    if by not in config.REJECTION_GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    params = {"none_label": config.NONE_LABEL, "no_reason_label": config.NO_REASON_LABEL, "by": by}
    by_lead = filters.by_lead()
    # the rollup where it is exactly the view's (rollups.rejections_exact): a few thousand rows, not every lead
    name = "rejections_rollup" if rollups.kept_by(con) and rollups.rejections_exact(by_lead) else "rejections"
    table = run(con, name, {**by_lead.to_params(), **params})
    table["rejection_rate"] = rejection_rate(table)
    return table


def rejection_rate(table: pd.DataFrame) -> pd.Series:
    """Rejected handed leads ÷ leads handed to sales (NaN without any): the handed ones are the MQLs and the leads
    disqualified by a status alone, whose stage before is unknown (left out, a Salesforce org that rejects by status
    read 0 %); a lead rejected before it was an MQL was never handed over (counted, rates went above 100 %)."""
    handed = table["count_mqls"] + table["count_unknown"]
    return (table["count_rejected_mqls"] + table["count_rejected_unknown"]) / handed.where(handed > 0)


@dataclass(frozen=True)
class RejectionGroups:
    """The two groups of rejected leads two pages count: every lead of the view sales rejected, at any stage (the
    Sources page's closed loop, by lead, against the MQLs handed to sales), and the SQLs sales rejected after
    accepting them (the Friction page's SQL quality, against the SQLs, in the view's unit)."""

    rejected: int
    mqls: int
    rejected_sqls: int
    sqls: int
    sql_plural: str = "SQLs"  # "SQL accounts" counting by account
    activity: bool = False  # Sources then counts the rejections dated in the range

    @property
    def sql_share(self) -> float | None:
        """The share of the SQLs sales rejected later (None without SQLs)."""
        return self.rejected_sqls / self.sqls if self.sqls else None

    def _everyone(self, with_mqls: bool = True) -> str:
        who = (
            "every lead that sales rejected in these dates"
            if self.activity
            else "every lead of this view that sales rejected"
        )
        return (
            f"{who}, before or after accepting it as SQL: {fmt_count(self.rejected, 'lead')}"
            # the MQLs only beside the Sources table that holds them: on Friction the volume card counts MQLs by date
            + (f" against the {fmt_int(self.mqls)} MQLs handed to sales" if with_mqls else "")
        )

    def _sqls_only(self) -> str:
        return (
            f"only the {self.sql_plural} sales rejected after accepting them: {fmt_int(self.rejected_sqls)} of "
            f"{fmt_int(self.sqls)} {self.sql_plural}"
        )

    def sources_sentence(self) -> str:
        """Under the Sources page's rejections: which leads they are, and why the Friction page's differ."""
        return (
            f"Counted here: {self._everyone()}; the Friction page's SQL quality counts {self._sqls_only()}, so "
            "its count, rate and top reasons differ."
        )

    def friction_sentence(self) -> str:
        """Beside the Friction page's SQL quality: which leads it counts, and why the Sources page's differ."""
        return (
            f"SQL quality counts {self._sqls_only()}; the Sources page's closed loop counts "
            f"{self._everyone(with_mqls=False)}, so its count, rate and top reasons differ."
        )


def rejection_groups(con: duckdb.DuckDBPyConnection, filters: Filters) -> RejectionGroups:
    """The Sources page's rejected leads (with the funnel's MQLs, by lead) and the Friction page's rejected SQLs
    (with the funnel's SQLs, in the view's unit), from the functions those pages show them with."""
    by_lead = metrics.funnel(con, filters.by_lead()).set_index("stage")["count_leads"]
    in_unit = metrics.funnel(con, filters).set_index("stage")["count_leads"]
    return RejectionGroups(
        rejected=int(rejections(con, filters)["count_rejected"].sum()),
        mqls=int(by_lead["mql"]),
        rejected_sqls=int(friction.sql_quality(con, filters)["count_rejected"].sum()),
        sqls=int(in_unit["sql"]),
        sql_plural=metrics.stage_plurals(filters)["sql"],
        activity=filters.mode == "activity",
    )


def campaign_records(con: duckdb.DuckDBPyConnection, filters: Filters) -> list[dict[str, object]]:
    """The `campaigns` section of `metrics --format json`: the Sources page's one row per campaign (the lead's
    original campaign, spellings merged; spend matched within the source), so its ROI can be checked and exported;
    `spellings` lists what a row merged, `unmatched_spend` the spend no lead's campaign of its source has."""
    table = with_model(source_table(con, filters, "campaign"), attribution(con, filters), "first_touch", "campaign")
    records = source_records(con, filters, "first_touch", table)
    out = []
    for record, row in zip(records, table.to_dict("records"), strict=True):
        del record["attribution_model"]
        out.append(
            {
                "campaign": record.pop("source"),
                # a campaign is one source's: google's and facebook's retargeting are two records (trial 51)
                "source": None if is_missing(row["campaign_source"]) else row["campaign_source"],
                "spellings": row["spellings"].split(" · ") if isinstance(row["spellings"], str) else [],
                **record,
                "unmatched_spend": None if pd.isna(row["unmatched_spend"]) else float(row["unmatched_spend"]),
            }
        )
    return out


def source_records(
    con: duckdb.DuckDBPyConnection, filters: Filters, model: str, table: pd.DataFrame | None = None
) -> list[dict[str, object]]:
    """The `sources` section of `metrics --format json`: money as plain numbers, null where undefined (`table`: the
    rows to write, else the view's sources under the model)."""
    if table is None:
        table = with_model(source_table(con, filters), attribution(con, filters), model, chosen=filters.sources)
    keys = {
        "source": "source",
        "count_leads": "leads",
        "count_mqls": "mqls",
        "count_sqls": "sqls",
        "count_opportunities": "opportunities",
        "count_won": "won",
        "count_new_customers": "new_customers",
        "count_won_without_amount": "won_without_amount",
        "attributed_revenue": "revenue",
        "open_pipeline": "open_pipeline",
        "spend": "spend",
        "cost_per_lead": "cost_per_lead",
        "cost_per_mql": "cost_per_mql",
        "cost_per_sql": "cost_per_sql",
        "cost_per_opportunity": "cost_per_opportunity",
        "cac": "cac",
        "roi": "roi",
        "roas": "roas",
    }
    out_of = float(table.attrs.get(SHARED_ATTR, table["attributed_revenue"].sum())) if not table.empty else 0.0
    records = []
    for row in table.to_dict("records"):
        # the won revenue the credits were shared out of: under a source filter, the view's with the filter lifted,
        # so the rows' revenue may add up to less, or to more than the view's own deals won (review 66)
        record: dict[str, object] = {"attribution_model": model, "attributed_out_of": out_of}
        for column, key in keys.items():
            value = row[column]
            if key == "source":
                record[key] = value
            elif pd.isna(value):
                record[key] = None
            elif key in ("leads", "mqls", "sqls", "opportunities", "won", "new_customers", "won_without_amount"):
                record[key] = int(value)
            else:
                record[key] = float(value)
        records.append(record)
    # to the cent, halves away from zero, adding up to the revenue shared out where the rows are all of it (no source
    # filter): rounded one by one, a model's rows added up to a cent off it (probe 79)
    revenues = [r["revenue"] for r in records if isinstance(r["revenue"], float)]
    if records and len(revenues) == len(records) and abs(sum(revenues) - out_of) < config.MONEY_CENT:
        for record, cents in zip(records, cents_adding_up(revenues, out_of), strict=True):
            record["revenue"] = cents
    return records


def rejected_leads(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> pd.DataFrame:
    """The rejected leads with reason, owner and source, newest first (all of them when limit is None); by lead
    whatever the view counts by."""
    params = {**filters.by_lead().to_params(), "none_label": config.NO_REASON_LABEL, "limit": limit}
    return run(con, "rejected_leads", params)


def rejected_leads_csv(con: duckdb.DuckDBPyConnection, filters: Filters) -> bytes:
    """Every rejected lead in the view as CSV, for marketing to act on."""
    return csv_bytes(rejected_leads(con, filters, None))


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The source table for reading: the decision numbers and costs as amounts, which tables.display writes in the
    compact money of the page, one style per table (written here column by column, $1,000 read "$1k" under Cost /
    SQL and "$1.00k" under Cost / opp.); a source without spend has no spend, cost, ROI or ROAS (missing:
    tables.display writes "–" and the header's help says "no spend recorded"), without the stage no cost per it."""
    named = ["source", "campaign_source"] if "campaign_source" in table else ["source"]
    columns = [*named, *SOURCE_NUMBERS[:5], "count_new_customers", "attributed_revenue", "open_pipeline", "spend"]
    costs = ["cost_per_lead", "cost_per_mql", "cost_per_sql", "cost_per_opportunity", "cac"]
    return table[[*columns, *costs, "roi", "roas", "lead_to_mql", "mql_to_sql", "sql_to_opportunity"]].copy()


# the CSV's money columns, written to the cent: sums of amounts in floating point wrote 112917.02999999998 where the
# ad platform's total is 112,917.03 (trial 76); ROI and ROAS are ratios, kept as they are
CSV_MONEY = ["attributed_revenue", "open_pipeline", "spend", "cost_per_lead", "cost_per_mql", "cost_per_sql"]
CSV_MONEY += ["cost_per_opportunity", "cac"]


def table_csv(table: pd.DataFrame, by: str = "source") -> bytes:
    """The source (or campaign) table under its model (with_model) with its exact amounts, as CSV: the page shows
    them rounded ($1.23M); the stored source names, as a spreadsheet joins them with other exports. The model the
    revenue is credited by in a column beside it (as the metrics JSON's attribution_model): only the file's name said
    it, and a renamed file lost it (probe 79)."""
    costs = ["cost_per_lead", "cost_per_mql", "cost_per_sql", "cost_per_opportunity", "cac"]
    # the new customers CAC divides by, beside the won deals (a repeat win is not one): cac can be checked (trial 76)
    counts = [*SOURCE_NUMBERS[:5], "count_new_customers"]
    # the wins exported without an amount, which the revenue leaves out, as the JSON's won_without_amount (probe 93)
    unpriced = ["count_won_without_amount"] if "count_won_without_amount" in table else []
    columns = ["source", *counts, *unpriced, "attributed_revenue", "open_pipeline", "spend", *costs, "roi", "roas"]
    if by == "campaign" and "campaign_source" in table:
        # the campaign's source beside it: google's and facebook's retargeting are two rows (trial 51)
        columns.insert(1, "campaign_source")
    out = table[columns].copy()
    # halves away from zero as the metrics JSON rounds (pandas' round went by the binary value: 156,411.395 to .39)
    out[CSV_MONEY] = out[CSV_MONEY].astype(float).map(lambda v: round_half_away(v, 2))
    out = out.rename(columns={"source": by, "campaign_source": "source"})
    if MODEL_ATTR in table.attrs:
        out.insert(out.columns.get_loc("attributed_revenue") + 1, MODEL_ATTR, table.attrs[MODEL_ATTR])
    return csv_bytes(out)


def models_table(credited: pd.DataFrame, beside: pd.DataFrame | None = None) -> pd.DataFrame:
    """Revenue per source under every model, side by side, with a total row that is the same for all: the won
    revenue shared out (shared_revenue). Under a source filter a row of the sources not chosen makes the rows add up
    to it (review 66: the total row added up the chosen rows alone, a different total per model, under a caption
    saying one total for all). `beside`: the table shown above it, whose money style it is written in (probe 79:
    $29,9xx read "$30k" here and "$29.9k" there)."""
    if credited.empty:
        return credited
    models = list(config.ATTRIBUTION_MODELS)
    shared = shared_revenue(credited)
    rest = shared - credited[models].sum()
    parts = [credited]
    # a cent or more: the models' sums of one amount differ in their last bits
    if (rest.abs() >= config.MONEY_CENT).any():
        parts.append(pd.DataFrame([{"source": config.NOT_CHOSEN_LABEL, **rest.to_dict()}]))
    parts.append(pd.DataFrame([{"source": tables.TOTAL_ROW, **dict.fromkeys(models, shared)}]))
    out = pd.concat(parts, ignore_index=True)
    if beside is not None:
        out.attrs[tables.MONEY_DECIMALS_ATTR] = tables.money_style(beside)
    return out


def origin_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The deal source labels, as loaded, that are not marketing's (source), and whether each is the unknown
    source's (is_unknown) rather than one the sales-owned sources in use name (compared by key: "Inside Sales" is
    inside_sales)."""
    params = {"sales_sources": list(store.sales_sources(con)), "unknown_source": config.UNKNOWN_SOURCE}
    return run(con, "origin_labels", params)


def sales_labels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The deal source labels, as loaded, that the sales-owned sources in use name."""
    labels = origin_labels(con)
    return labels.loc[~labels["is_unknown"].astype(bool), "source"].tolist()


def sourcing_params(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, object]:
    """The view's SQL parameters plus what decides marketing-, sales-sourced or of unknown origin (the labels of
    the sales-owned sources in use, and of the unknown source: the literal one too, whether loaded or not)."""
    labels = origin_labels(con)
    unknown = labels["is_unknown"].astype(bool)
    return {
        **filters.to_params(),
        "sales_sources": labels.loc[~unknown, "source"].tolist(),
        "unknown_sources": list(dict.fromkeys([*labels.loc[unknown, "source"], config.UNKNOWN_SOURCE])),
    }


def sourced(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per month of deal creation: pipeline and revenue, marketing-sourced, sales-sourced and of unknown origin
    (the three add up to all of it), and marketing-influenced."""
    table = run(con, "sourced", sourcing_params(con, filters))
    money = [c for c in table.columns if c.startswith(("pipeline_", "revenue_", "touched_", "untouched_"))]
    table[money] = table[money].fillna(0.0)
    return table


def influence_note(by_month: pd.DataFrame, measure: str) -> str:
    """Why the influenced pipeline (or revenue) is, or is not, the marketing-sourced one, with the parts that
    make the difference (Markdown)."""
    word = "pipeline" if measure == "pipeline" else "revenue"
    sourced_ = float(by_month[f"{measure}_marketing"].sum())
    influenced = float(by_month[f"{measure}_influenced"].sum())
    touched = float(by_month[f"touched_sales_{measure}"].sum())
    touched_unknown = float(by_month[f"touched_unknown_{measure}"].sum())
    untouched = float(by_month[f"untouched_marketing_{measure}"].sum())
    # two different questions (whose lead was it; did marketing reach it first): equal only when every part is 0
    if not touched and not untouched and not touched_unknown:
        return (
            f"Influenced {word} equals marketing-sourced ({md_text(fmt_money(influenced))}) in this view: every "
            "marketing-sourced deal had a marketing touch before it was created, and no sales-sourced deal had one."
        )
    # the deals of unknown origin marketing touched are named only when there are some (no "+ $0" of a third kind)
    unknown = (
        f" + {fmt_money(touched_unknown)} of deals of unknown origin marketing touched first" if touched_unknown else ""
    )
    return md_text(
        f"Influenced {word} {fmt_money(influenced)} = marketing-sourced {fmt_money(sourced_)} − "
        f"{fmt_money(untouched)} of it with no touch recorded before the deal + {fmt_money(touched)} of "
        f"sales-sourced deals marketing touched first{unknown}."
    )


def sourced_tiles(by_month: pd.DataFrame, measure: str) -> list[tuple[str, str, str | None]]:
    """The Sources page's tiles of one measure (pipeline or revenue): marketing-sourced, sales-sourced, of unknown
    origin (only when the view has some: no tile of $0 where every deal's origin is known), and influenced."""
    word = "pipeline" if measure == "pipeline" else "revenue"
    unknown = float(by_month[f"{measure}_unknown"].sum())
    tiles: list[tuple[str, str, str | None]] = [
        (f"Marketing-sourced {word}", fmt_money(by_month[f"{measure}_marketing"].sum()), None),
        (f"Sales-sourced {word}", fmt_money(by_month[f"{measure}_sales"].sum()), None),
    ]
    if unknown:
        help_text = "Deals whose lead has no known source: neither marketing- nor sales-sourced."
        tiles.append((f"Origin unknown {word}", fmt_money(unknown), help_text))
    tiles.append((f"Marketing-influenced {word}", fmt_money(by_month[f"{measure}_influenced"].sum()), None))
    return tiles


def unknown_origin_note(by_month: pd.DataFrame) -> str:
    """The pipeline and revenue of unknown origin, beside the marketing- and sales-sourced ones (Markdown); '' when
    the view has none (nothing of it on screen then)."""
    pipeline = float(by_month["pipeline_unknown"].sum())
    revenue = float(by_month["revenue_unknown"].sum())
    if not pipeline and not revenue:
        return ""
    return md_text(
        f"Origin unknown: {fmt_money(pipeline)} of pipeline and {fmt_money(revenue)} of revenue are of deals whose "
        "lead has no known source; they are neither marketing- nor sales-sourced, so the three parts add up to the "
        "whole."
    )


def sourced_totals(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, float | list[str]]:
    """The view's pipeline and revenue, marketing-sourced, sales-sourced, of unknown origin and influenced, with
    the sales-owned sources that decided it (the CLI's `sourced` section; pipeline_unknown and revenue_unknown
    always, 0 without such deals)."""
    table = sourced(con, filters)
    money = [c for c in table.columns if c.startswith(("pipeline_", "revenue_"))]
    return {
        "sales_sources": list(store.sales_sources(con)),
        **{column: float(table[column].sum()) for column in money},
    }


def sourced_definition(sales_sources: Sequence[str]) -> str:
    """The words for what counts as marketing-sourced, sales-sourced, of unknown origin and marketing-influenced
    (Markdown, the sources escaped)."""
    listed = md_text(", ".join(label_value("source", s) for s in sales_sources)) if sales_sources else "none listed"
    return (
        f"**Marketing-sourced**: deals whose originating source is not sales' own ({listed}) and is known. "
        'Sources are compared ignoring case, spaces, hyphens, dots and underscores ("Inside Sales" is '
        "inside_sales). **Sales-sourced**: deals of sales' own sources, and deals without a lead id and without "
        f'a source of their own, listed under the source "{label_value("source", config.OUTBOUND_SOURCE)}" (or the '
        "data's own spelling of it) in every table, filter and download, by lead and by account (sales' whatever the "
        "list). **Origin unknown**: "
        "deals whose lead has no known "
        "source, or is no longer stored (deleted in the CRM) and the deal has no source of its own; counted in "
        "neither, so marketing-sourced, sales-sourced and unknown add up to all deals. A deals import keeps a deal "
        "whose lead is not loaded aside, in none of the numbers, until the leads import that brings the lead (the "
        'page says how many wait); with a mapping holding [deals] and lead_not_loaded = "unknown" (beside a preset '
        "too) it imports them now, of unknown origin (a contact deleted or merged away, which no export brings). "
        "**Marketing-influenced**: deals whose lead had at least one marketing touch up to the deal's creation "
        "(a touch of a known source that is not sales' own, whatever the deal's source); a deal can be "
        "sales-sourced and marketing-influenced. **Pipeline**: the deals "
        "created in these dates, as the Overview's Pipeline created (in cohort mode: the deals of the leads created "
        "in them); **revenue**: the deals won in them."
    )


def source_labels(con: duckdb.DuckDBPyConnection, sales_sources: Sequence[str]) -> pd.DataFrame:
    """Every source label as the loaded leads and deals write it: leads and deals carrying it, its key, and
    whether `sales_sources` makes it sales-owned."""
    return run(con, "source_labels", {"sales_sources": list(sales_sources), "unknown_source": config.UNKNOWN_SOURCE})


def lost_reasons(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Closed-lost deals per source and reason, with the source's closed deals as the base of the share."""
    table = run(con, "lost_reasons", {**filters.to_params(), "none_label": config.NO_REASON_LABEL})
    table["share_of_closed"] = table["count_lost"] / table["count_closed"].where(table["count_closed"] > 0)
    return table


# the rejection-rate chart's empty state: no rejection in the view (or none in the data at all) drew a flat 0 %
# (review 58: two leads rejected before they were MQLs read "no lead was rejected": the rate counts MQLs only)
NO_REJECTIONS_NOTE = (
    "No MQL in this view was rejected by sales: no rate to draw<br>(the rate is rejected MQLs ÷ MQLs, so a lead "
    "rejected before it was an MQL is not in it; rejections come from the leads' disqualified_at or a disqualified "
    "status)"
)


def source_trend(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    top_n: int = config.BREAKDOWN_TOP_N,
    days: tuple[date | None, date | None] | None = None,
) -> pd.DataFrame:
    """Leads, MQLs and rejections per month for the top_n sources by leads (the rest in one line, is_other, named
    "Other sources (n)"), with the rejection rate; a source has a row (zeros, no rate) in each month of the view
    it has no lead in (metrics.fill_months; days: the data's first and last day when the page has them from
    filter_options, else read here)."""
    from_rollup = rollups.kept_by(con) and rollups.breakdown_exact(filters, "source")
    table = run(con, "source_trend_rollup" if from_rollup else "source_trend", filters.to_params())
    # ties by name (the groupby order), so the same view always shows the same sources
    totals = table.groupby("source")["count_leads"].sum().sort_values(ascending=False, kind="stable")
    table["is_other"] = ~table["source"].isin(totals.index[:top_n])
    table.loc[table["is_other"], "source"] = other_group("source", len(totals) - top_n)
    columns = ["count_leads", "count_mqls", "count_rejected", "count_rejected_mqls", "count_rejected_unknown"]
    columns += ["count_unknown"]
    table = table.groupby(["month", "source", "is_other"], as_index=False)[columns].sum()
    table = metrics.fill_months(table, metrics.view_months(con, filters, days), ["source", "is_other"], columns)
    # rejections are judged against what was handed over: the MQLs of the month
    table["rejection_rate"] = rejection_rate(table)
    return table
