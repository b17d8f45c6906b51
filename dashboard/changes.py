"""What changed since the last meeting: the period's largest moves against the previous period, each with the
dimension value that drove it and a link to the page that shows it."""

from __future__ import annotations

import dataclasses
import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import urlencode

import duckdb
import numpy as np
import pandas as pd

from dashboard import config, overview, periods, rollups, targets
from dashboard.filters import DIMENSION_PARAM, Filters
from dashboard.formatting import fmt_count, fmt_int, fmt_money, fmt_pct, label_value, md_text
from dashboard.queries import run

# the headline numbers compared, in the order ties are ranked; labels are the landing page tiles'
METRICS: tuple[str, ...] = ("leads", "mqls", "sqls", "opportunities", "wins", "revenue")
LABELS: dict[str, str] = {key: label for key, label, *_ in overview.KPI_SPECS if key in METRICS}
MONEY: frozenset[str] = frozenset({"revenue"})
# revenue from three deals is a tiny base whatever its amount: its base is the number of wins
BASE_OF: dict[str, str] = {"revenue": "wins"}
FUNNEL_PAGE = "pages/1_Funnel.py"
SOURCES_PAGE = "pages/3_Sources.py"
PAGE_OF: dict[str, str] = {"wins": SOURCES_PAGE, "revenue": SOURCES_PAGE}
# the tiles that are an average, a median or a rate of a metric's few: when too few wins leave the wins
# uncompared, their average deal, sales cycle and win rate rest on those same few deals (a win rate that moved
# 14 points on a handful of closes read as news beside a note saying "too few"); lead velocity is the MQLs' growth
RESTING_ON: dict[str, tuple[str, ...]] = {
    "wins": ("win_rate", "avg_deal_size", "cycle_days"),
    "mqls": ("lead_velocity",),
    # SLA compliance is the share of the period's SQLs contacted in time
    "sqls": ("sla_compliance",),
}
# the tiles that are no metric of the moves but a sum with a base of its own, a column of the changes query: pipeline
# created adds up the amounts of the period's new deals (3 deals' $27k against 5 deals' $48k read "+77.8 %"), every
# deal created in it, lead-less ones too. it rested on the opportunities (leads whose first deal was created), which
# left 25 deals of 5 leads uncompared and compared the amounts of a few deals beside many opportunities
TILE_BASE: dict[str, str] = {"pipeline": "deals"}
TILE_LABELS: dict[str, str] = {key: label for key, label, *_ in overview.KPI_SPECS}
SIDES: tuple[str, str] = ("previous", "current")


@dataclass(frozen=True)
class Driver:
    """The dimension value (or pair of values) behind most of a move."""

    parts: tuple[tuple[str, str], ...]  # (dimension, value), one or two
    delta: float
    share: float  # delta ÷ the metric's whole change; above 1 when other values moved the other way

    def describe(self) -> str:
        """'persona Operations from Paid social', 'source Email', 'persona CFO in segment SMB' (values in words)."""
        words = []
        # the source reads last ("… from paid_social"), as people say it
        for i, (dim, value) in enumerate(sorted(self.parts, key=lambda p: p[0] == "source")):
            if dim == "source" and i:
                words.append(f"from {label_value(dim, value)}")
            else:
                words.append(f"{'in ' if i else ''}{config.DIMENSIONS[dim].lower()} {label_value(dim, value)}")
        return " ".join(words)


@dataclass(frozen=True)
class Move:
    """One headline number in the period against the previous period, with its driver and page."""

    key: str
    previous: float
    current: float
    driver: Driver | None = None
    page: str = FUNNEL_PAGE
    query: dict[str, str | list[str]] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        """Relative change; None without an earlier value."""
        return None if self.previous == 0 else (self.current - self.previous) / abs(self.previous)

    def _fmt(self, value: float) -> str:
        return fmt_money(value) if self.key in MONEY else fmt_int(value)

    def sentence(self, period: str) -> str:
        """'SQLs fell 43.8% (16 → 9) — 87.5% of the drop is persona Operations from paid_social.' (plain text)."""
        label = LABELS[self.key]
        if self.change is None:
            return (
                f"{label}: {self._fmt(self.current)} in {periods.label(period)} — none in "
                f"{periods.label(periods.previous(period))} to compare with."
            )
        if self.current == self.previous:
            return f"{label} unchanged at {self._fmt(self.current)}."
        verb, noun = ("rose", "rise") if self.current > self.previous else ("fell", "drop")
        text = f"{label} {verb} {fmt_pct(abs(self.change))} ({self._fmt(self.previous)} → {self._fmt(self.current)})"
        if self.driver is None:
            return text + "."
        who = self.driver.describe()
        if self.driver.share <= 1:
            return f"{text} — {fmt_pct(self.driver.share)} of the {noun} is {who}."
        # a share over 100 % would read as nonsense: say that this value alone moved more than the total
        whole = self._fmt(abs(self.current - self.previous))
        return (
            f"{text} — {who} alone {verb} by {self._fmt(abs(self.driver.delta))}, more than the whole {noun} "
            f"({whole}): other values moved the other way."
        )

    def link_label(self, period: str) -> str:
        """What the link to the page says: 'See Feb 2025 by industry in segment SMB on the Funnel page'."""
        page = "Sources" if self.page == SOURCES_PAGE else "Funnel"
        by, narrowed = link_parts(self.page, self.driver)
        words = f" by {config.DIMENSIONS[by].lower()}" if by else ""
        for i, (dim, value) in enumerate(narrowed):
            words += f"{' in' if i or by else ' for'} {config.DIMENSIONS[dim].lower()} {label_value(dim, value)}"
        return f"See {periods.label(period)}{words} on the {page} page"

    def url(self, base: str = "") -> str:
        """The page's address with the query parameters that show the move (relative unless a base is given)."""
        return page_url(self.page, self.query, base)


@dataclass(frozen=True)
class Changes:
    """The moves shown for one period, and what was left out and why."""

    period: str
    moves: tuple[Move, ...]
    small_base: tuple[str, ...]  # metrics (and TILE_BASE tiles) whose previous base is under config.CHANGES_MIN_BASE
    previous_empty: bool  # the previous period has no lead and no deal in the view
    cut_at: date | None = None  # the data's last day, when it falls inside the period: nothing is compared
    # the data's last day, when the period starts after it: no data to compare (Dec 2026's zeros against Nov read
    # "Leads fell 100.0% (70 → 0)")
    after_data: date | None = None
    # the data's first day, when it falls inside the previous period: that period holds only its days from then, and
    # set against them every number would read as a rise (Oct 2025 against 15–30 Sep 2025)
    before_data: date | None = None
    # the period's last day, when the data ends inside the period only for want of records on its last days and the
    # exports can be stated complete through it (targets.statable_end): the fix is said, not "pick a whole month"
    statable: date | None = None

    def heading(self) -> str:
        """'What changed since Jan 2025'."""
        return f"What changed since {periods.label(periods.previous(self.period))}"

    def lines(self) -> list[tuple[str, str | None, Move | None]]:
        """(plain sentence, link label, move) per line shown; one line without a link when nothing compares."""
        before = periods.label(periods.previous(self.period))
        if self.after_data is not None:
            words = targets.after_data_words(periods.label(self.period), self.after_data)
            return [(f"Not compared: {words}.", None, None)]
        if self.cut_at is not None:
            # a period just begun against a whole one: every number would "fall", and a segment be blamed for it
            days = (self.cut_at - periods.bounds(self.period)[0]).days + 1
            return [
                (
                    f"Not compared: {periods.label(self.period)} has data for {fmt_count(days, 'day')} only (to "
                    f"{self.cut_at:%-d %b %Y}), and set against the whole of {before} every number would read as a "
                    f"fall. {self._cut_fix()}",
                    None,
                    None,
                )
            ]
        if self.before_data is not None:
            _, end = periods.bounds(periods.previous(self.period))
            return [
                (
                    f"Not compared: the data starts on {self.before_data:%-d %b %Y}, so {before} holds "
                    f"{periods.days_label(self.before_data, end)} only, and set against it every number would read "
                    "as a rise.",
                    None,
                    None,
                )
            ]
        if self.previous_empty:
            return [(f"No earlier data to compare: {before} has no leads or deals in this view.", None, None)]
        if not self.moves:
            return [(f"Nothing to compare with {before} in this view.", None, None)]
        return [(m.sentence(self.period), m.link_label(self.period), m) for m in self.moves]

    def _cut_fix(self) -> str:
        """What to do about a period the data ends inside: state how far the exports run when that can make it whole
        (trial 100: a November export to the 30th whose 28th and 29th were a weekend was told to pick a whole
        month, which it was), else pick a whole one."""
        if self.statable is None or self.cut_at is None:
            return "Pick a whole month or quarter to see what changed."
        advice = targets.complete_through_advice(self.statable, self.cut_at)
        return f"{advice[0].upper()}{advice[1:]}, and {periods.label(self.period)} is compared whole."

    @property
    def not_compared(self) -> tuple[str, ...]:
        """The tiles shown without a change: the metrics with a small base, and the tiles resting on them (every
        tile in a period the data ends inside)."""
        if self.cut_at is not None or self.after_data is not None or self.before_data is not None:
            return tuple(TILE_LABELS)
        return self.small_base + tuple(tile for key in self.small_base for tile in RESTING_ON.get(key, ()))

    def note(self) -> str | None:
        """The metrics left out for a small base, in words."""
        if not self.small_base or self.cut_at is not None or self.after_data is not None or self.previous_empty:
            # (a previous period with nothing in it is said once, by lines(): not "too few" besides)
            return None
        names = ", ".join(TILE_LABELS[k] for k in self.not_compared)
        return (
            f"Not compared, too few in {periods.label(periods.previous(self.period))} to read a change from "
            f"(under {fmt_int(config.CHANGES_MIN_BASE)}): {names}."
        )


def link_parts(page: str, driver: Driver | None) -> tuple[str | None, list[tuple[str, str]]]:
    """How the page a move links to shows its driver: the Funnel page's breakdown dimension (the driver's first),
    and the driver's other values as filters, so that the page opened shows the driver's own number ("industry
    Education in segment SMB": the breakdown by industry filtered to segment SMB). The Sources page lists every
    source, so only the values of other dimensions filter it. A missing value ("(none)") is the breakdown's row
    instead of a filter: the sidebar offers "(none)" only beside named values (metrics.filter_options), so a link
    filtering a dimension blank throughout would be ignored."""
    parts = list(driver.parts) if driver else []
    by = None
    if page == FUNNEL_PAGE and parts:
        row = next((p for p in parts if p[1] == config.NONE_LABEL), parts[0])
        by = row[0]
        parts.remove(row)
    elif page == SOURCES_PAGE:
        parts = [p for p in parts if p[0] != "source"]
    return by, [(dim, value) for dim, value in parts if value != config.NONE_LABEL]


def page_url(script: str, query: dict[str, str | list[str]], base: str = "") -> str:
    """A page's address as Streamlit serves it ('pages/1_Funnel.py' -> 'Funnel') with URL-encoded parameters."""
    name = re.sub(r"^[0-9]*[_ -]*", "", PurePosixPath(script).stem)
    prefix = f"{base.rstrip('/')}/" if base else ""
    return f"{prefix}{name}?{urlencode(query, doseq=True)}" if query else f"{prefix}{name}"


def app_url(seen_at: str | None = None) -> str:
    """Where the report's links point: $FUNNEL_URL (set where a proxy changes the address), else the address the
    reader's browser uses (seen_at, the app's own), else config.DEFAULT_APP_URL (the command line's report)."""
    return (os.environ.get(config.APP_URL_ENV_VAR) or seen_at or config.DEFAULT_APP_URL).rstrip("/")


def parts(con: duckdb.DuckDBPyConnection, filters: Filters, period: str) -> pd.DataFrame:
    """One row per side (previous, current) and combination of dimension values: the metrics' counts and revenue."""
    this = overview.period_filters(filters, period)
    both = dataclasses.replace(this, date_from=overview.period_filters(filters, periods.previous(period)).date_from)
    # one read from the previous period's start to this one's end, split where this one starts
    params = both.to_params()
    params["split"] = this.to_params()["view"]["date_from"]
    params["none_label"] = config.NONE_LABEL
    params["use_rollup"] = rollups.kept_by(con) and rollups.entries_exact(both)
    df = run(con, "changes", params)
    # the tiles' bases too (TILE_BASE): one type on either engine (Spark summed the deals created as a decimal)
    counted = [*METRICS, *TILE_BASE.values()]
    df[counted] = df[counted].astype("float64")
    return df


def find_driver(deltas: pd.DataFrame, total: float, dimensions: Sequence[str]) -> Driver | None:
    """The value whose change (column 'delta', rows per combination of dimension values) explains the largest
    share of the total change, narrowed to a pair when the pair keeps most of it; None under the config share.

    Only dimensions with more than one value count: with one (a filter chose it) it explains everything."""
    if total == 0:
        return None
    best = _largest(deltas, total, dimensions, ())
    if best is None or best.share < config.CHANGES_DRIVER_SHARE:
        return None
    ((dim, value),) = best.parts
    inside = deltas[deltas[dim] == value]
    narrower = _largest(inside, total, [d for d in dimensions if d != dim], best.parts)
    if (
        narrower is not None
        and narrower.share >= config.CHANGES_DRIVER_SHARE
        and narrower.delta / best.delta >= config.CHANGES_NARROW_KEEP
    ):
        return narrower
    return best


def _largest(
    deltas: pd.DataFrame, total: float, dimensions: Sequence[str], prefix: tuple[tuple[str, str], ...]
) -> Driver | None:
    best: Driver | None = None
    weights = deltas["delta"].to_numpy(dtype="float64")
    for dim in dimensions:
        # per value, in sorted order, as a sorted groupby gives them; a pandas groupby per dimension and
        # driver cost 0.7 s on the 5,000 combinations of a 1 M-lead month, a count by category code 1 ms
        column = deltas[dim]
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype("category")
        sums = np.bincount(column.cat.codes, weights=weights, minlength=len(column.cat.categories))
        for value, delta in zip(column.cat.categories, sums, strict=True):
            share = float(delta) / total
            if share > 0 and (best is None or share > best.share):
                best = Driver((*prefix, (dim, str(value))), float(delta), share)
    return best


def moves(table: pd.DataFrame, top: int | None = None, min_base: float | None = None) -> tuple[list[Move], list[str]]:
    """The moves to show, largest relative change first (then those without earlier data), and the metrics
    left out for a base under min_base; links are added by summary()."""
    top = config.CHANGES_TOP if top is None else top
    min_base = config.CHANGES_MIN_BASE if min_base is None else min_base
    # the dimension columns as categories: read once here, not by every driver search
    table = table.astype(dict.fromkeys(config.DIMENSIONS, "category"))
    columns = list(dict.fromkeys([*METRICS, *TILE_BASE.values()]))
    totals = table.groupby("side")[columns].sum().reindex(list(SIDES), fill_value=0.0)
    sign = table["side"].map({"previous": -1.0, "current": 1.0})
    varied = [d for d in config.DIMENSIONS if table[d].nunique() > 1]
    ranked: list[Move] = []
    new: list[Move] = []
    small: list[str] = []
    for key in METRICS:
        previous, current = float(totals.at["previous", key]), float(totals.at["current", key])
        base = float(totals.at["previous", BASE_OF.get(key, key)])
        if previous == 0:
            # a metric new this period stands on its own base: 1 opportunity (none the month before) was listed
            # while every other metric under the base was "not compared"
            if current and float(totals.at["current", BASE_OF.get(key, key)]) < min_base:
                small.append(key)
            elif current:
                new.append(Move(key, previous, current))
            continue
        if base < min_base:
            small.append(key)
            continue
        deltas = table[varied].assign(delta=table[key] * sign)
        ranked.append(Move(key, previous, current, find_driver(deltas, current - previous, varied)))
    ranked.sort(key=lambda m: -abs(m.change or 0.0))  # stable: ties keep the metrics' order
    return (ranked + new)[:top], small + _small_tiles(totals, min_base)


def _small_tiles(totals: pd.DataFrame, min_base: float) -> list[str]:
    """The TILE_BASE tiles whose base is under min_base: the previous period's, or the current one's when the
    previous has none (as a metric new this period stands on its own base)."""
    small = []
    for tile, column in TILE_BASE.items():
        before, now = float(totals.at["previous", column]), float(totals.at["current", column])
        if 0 < before < min_base or (before == 0 and 0 < now < min_base):
            small.append(tile)
    return small


def summary(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    period: str,
    data_end: date | None = None,
    data_first: date | None = None,
) -> Changes:
    """The five largest moves of the period against the previous one, with drivers and links (data_end, data_first:
    the data's last and first day when the caller has read them, targets.bounds_days; None reads them here)."""
    start, end = periods.bounds(period)
    if data_end is None or data_first is None:
        # one read of date_bounds for both days
        first, last = targets.bounds_days(run(con, "date_bounds").iloc[0])
        data_first, data_end = data_first or first, data_end or last
    last = data_end
    if last is not None and start > last:
        # nothing counted yet: its zeros against the period before are no fall
        return Changes(period, (), (), False, after_data=last)
    # the previous period holds only its days from the data's first day: not compared where this period counts
    # something on the days it lacks (Dec 2023's 1–20 Dec against Nov 2023's 21–30 Nov read "+400.0 %")
    ours = (start, min(end, last) if last is not None else end)
    if overview.start_gap(con, filters, data_first, periods.bounds(periods.previous(period)), ours):
        return Changes(period, (), (), False, before_data=data_first)
    table = parts(con, filters, period)
    shown, small = moves(table)
    view = overview.period_filters(filters, period).to_query()
    linked = []
    for move in shown:
        page = PAGE_OF.get(move.key, FUNNEL_PAGE)
        query = dict(view)
        by, narrowed = link_parts(page, move.driver)
        if page == FUNNEL_PAGE:
            query["view"] = "breakdown"
            if by:
                query["breakdown"] = by
        # the driver's value replaces the view's own choice in its dimension (several values, or none)
        query.update({DIMENSION_PARAM[dim]: [value] for dim, value in narrowed})
        linked.append(Move(move.key, move.previous, move.current, move.driver, page, query))
    previous_empty = not (table["side"] == "previous").any()
    if last is not None and start <= last < end:
        statable = targets.statable_end(con, period, last)
        return Changes(period, (), (), previous_empty, cut_at=last, statable=statable)
    return Changes(period, tuple(linked), tuple(small), previous_empty)


def markdown_lines(changes: Changes) -> list[str]:
    """The lines as Markdown: each sentence as plain text (data values escaped) and its page link."""
    out = []
    for sentence, label, move in changes.lines():
        link = f" [{label}]({move.url()})" if move is not None else ""
        out.append(md_text(sentence) + link)
    return out


def html_section(changes: Changes, base: str | None = None) -> str:
    """The section for the report: a heading, one list item per move (escaped) with an absolute link."""
    root = app_url() if base is None else base
    items = "".join(
        f"<li>{html.escape(sentence)}"
        + (f' <a href="{html.escape(move.url(root))}">{html.escape(label or "")}</a>' if move is not None else "")
        + "</li>"
        for sentence, label, move in changes.lines()
    )
    note = changes.note()
    caption = f'<p class="caption">{html.escape(note)}</p>' if note else ""
    return f"<section><h2>{html.escape(changes.heading())}</h2><ul>{items}</ul>{caption}</section>"
