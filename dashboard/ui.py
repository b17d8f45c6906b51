"""Shared Streamlit pieces: the cached connection, the sidebar filters synced with the URL, KPI tiles."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from dashboard import accounts as accounts_module
from dashboard import (
    auth,
    changes,
    checks,
    clock,
    config,
    engine,
    idle_memory,
    metrics,
    periods,
    snapshots,
    store,
    tables,
)
from dashboard import friction as friction_module
from dashboard import overview as overview_module
from dashboard import sla as sla_module
from dashboard import sources as sources_module
from dashboard.engine import QueryEngine
from dashboard.filters import DIMENSION_FIELD, FILTER_PARAMS, FilterOptions, Filters
from dashboard.formatting import label_value, md_text, use_currency, word_list
from dashboard.sla import SlaSettings

T = TypeVar("T")

FILTERS_KEY = "_filters"
NOTICES_KEY = "_filter_notices"
# the Data page's notice of how its last action ended: (text, when first shown)
NOTICE_KEY = "_data_notice"
WIDGET_PREFIX = "flt_"
# what this session last wrote to the URL (filters; page choices by parameter): a URL that differs from it came
# with a link inside the app (an alert's st.page_link), whose view then replaces the session's
WRITTEN_KEY = "_filters_written"
CHOICES_WRITTEN_KEY = "_choices_written"
# a copy of each page choice's value outside its widget key, which Streamlit drops on a page that does not draw it
CHOICES_KEPT_KEY = "_choices_kept"
# the options each choice was last drawn with (two pages' choices may share a name), and the choices set_page_choice
# set for the next draw
CHOICES_DRAWN_KEY = "_choices_drawn"
CHOICES_SET_KEY = "_choices_set"
DATA_PAGE = "pages/9_Data.py"


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(path: str, snapshot: tuple[int, int] | None) -> duckdb.DuckDBPyConnection:
    # one read-only connection per snapshot: a new one is opened when an import swaps the next file in
    con = snapshots.open_read_only(path)
    idle_memory.SERVER.watch(con)
    idle_memory.SERVER.start()
    return con


@st.cache_resource(show_spinner=False, max_entries=2)
def _spark_engine(folder: str, identity: tuple[int, int]) -> QueryEngine:
    # imported here: the embedded DuckDB path needs neither pyspark nor Java; one session for every page and visitor
    from dashboard import spark_engine

    return spark_engine.SparkEngine.from_folder(spark_engine.session(), folder)


def on_spark() -> bool:
    """True when the pages read built tables on Spark ($FUNNEL_ENGINE=spark), not the DuckDB file."""
    return engine.engine_name() == "spark"


def _source() -> tuple[str, Any]:
    """Where the data is (the DuckDB file, or the Spark engine's folder) and the identity of its current state."""
    if on_spark():
        folder = engine.spark_data_folder()
        return str(folder), engine.folder_identity(folder)
    path = str(config.db_path())
    return path, snapshots.identity(path)


def _reader(where: str, identity: Any) -> duckdb.DuckDBPyConnection | QueryEngine:
    return _spark_engine(where, identity) if on_spark() else _connection(where, identity).cursor()


def db_file() -> duckdb.DuckDBPyConnection:
    """A cursor on the current DuckDB snapshot, for what only the embedded file does (imports and their checks)."""
    path = str(config.db_path())
    return _connection(path, snapshots.identity(path)).cursor()


def db() -> duckdb.DuckDBPyConnection | QueryEngine:
    """What the pages read: a fresh cursor on the process-wide connection to the current snapshot (cursors are
    cheap), or the Spark engine over the built tables."""
    return _reader(*_source())


def announce_new_data() -> None:
    """Say once, with a toast, when the data changed since this session's last page (an import elsewhere)."""
    version = data_state()
    seen = st.session_state.get("_seen_data_version")
    if seen is not None and seen != version:
        st.toast("The data changed (an import or another change): the page shows the new data.", icon=":material/sync:")
    st.session_state["_seen_data_version"] = version


def set_notice(text: str) -> None:
    """Say how an action on the Data page ended, at the top of the page after its rerun."""
    st.session_state[NOTICE_KEY] = (text, None)


def show_notice() -> None:
    """The last action's notice (as text, escaped): shown for config.NOTICE_SECONDS from its first showing, so
    the reruns that follow an action (a filter widget catching up with new data) do not wipe it at once."""
    text, first_shown = st.session_state.get(NOTICE_KEY, (None, None))
    if text is None:
        return
    now = time.monotonic()
    if first_shown is None:
        st.session_state[NOTICE_KEY] = (text, now)
    elif now - first_shown > config.NOTICE_SECONDS:
        st.session_state.pop(NOTICE_KEY, None)
        return
    st.success(md_text(text), icon=":material/check_circle:")


def writing(holder: str) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-write connection to the next snapshot, swapped in when the block succeeds (see snapshots.writing);
    a page waits only briefly for another writer, then says who it is (snapshots.Busy)."""
    return snapshots.writing(config.db_path(), holder=holder, wait_seconds=config.PAGE_WRITE_WAIT_SECONDS)


@st.cache_resource(show_spinner=False, max_entries=4)
def _version(path: str, snapshot: Any) -> int:
    # read once per snapshot: a snapshot is not changed once swapped in (a write makes the next file, and a
    # change in place gives a new identity); a page asks a dozen times a run, 20 ms each under load
    if on_spark():
        # built tables have no change counter: a rebuild is a new identity (newest file time)
        return snapshot[0]
    return store.data_version(_connection(path, snapshot).cursor())


@st.cache_resource(show_spinner=False, max_entries=4)
def _currency(path: str, snapshot: Any) -> str | None:
    # read once per snapshot, as _version: an import in another currency makes a new one
    return store.currency(_reader(path, snapshot))


def data_state() -> tuple[int, Any]:
    """What every cached result is keyed on: the data version and the snapshot it is the version of."""
    # the version alone repeats: an undo brings back an older snapshot with its older version, and the next change
    # counts on from it, so that change had the undone data's number and pages showed the undone data's numbers
    # (trial 74: 297 leads after an undo and an import of 97). a snapshot's identity is its own file's
    where, identity = _source()
    return _version(where, identity), identity


# the modules whose functions of (connection, filters, ...) pages may call through the cache
COMPUTE_MODULES = {
    m.__name__: m for m in (metrics, sla_module, sources_module, friction_module, overview_module, changes)
}
COMPUTE_MODULES[accounts_module.__name__] = accounts_module
# the landing page's notice of records stored twice and the Data page's sentences on the failed checks: while the
# check fails they read the pairs (373 ms at ten million leads), at every rerun before they were cached with the rest
COMPUTE_MODULES[checks.__name__] = checks


@st.cache_data(show_spinner=False, max_entries=config.CACHE_MAX_ENTRIES)
def _cached(module: str, fn_name: str, filters: Filters | None, args: tuple, path: str, state: tuple) -> Any:
    fn = getattr(COMPUTE_MODULES[module], fn_name)
    con = db()
    return fn(con, *args) if filters is None else fn(con, filters, *args)


def compute(fn: Callable[..., T], filters: Filters | None = None, *args: Any) -> T:
    """Call a metrics, sla, sources or friction function through the cache, keyed on arguments and data state."""
    if fn.__module__ not in COMPUTE_MODULES:
        raise ValueError(f"{fn.__module__}.{fn.__name__} is not a cached dashboard computation")
    where, identity = _source()
    return _cached(fn.__module__, fn.__name__, filters, args, where, (_version(where, identity), identity))


def _widget_key(name: str) -> str:
    return WIDGET_PREFIX + name


def _seed_widgets(f: Filters, options: FilterOptions) -> None:
    """Give every filter widget its value before it is drawn: the current one, or the active filters'."""
    state = st.session_state
    full_range = (clock.day_or_today(options.min_date), clock.day_or_today(options.max_date))
    seeds: dict[str, Any] = {
        "dates": (f.date_from or full_range[0], f.date_to or full_range[1]),
        "mode": f.mode,
        "in_order": f.in_order,
        "window": f.window_days,
        "count_by": f.count_by,
    }
    for dim in config.DIMENSIONS:
        seeds[dim] = list(f.values(dim))
    for name, value in seeds.items():
        key = _widget_key(name)
        # writing a widget's own value back makes it user state, which Streamlit carries across a
        # page switch (a widget value alone is dropped when the next page's widget has another id)
        state[key] = state.get(key, value)


def _drop_gone_values(options: FilterOptions) -> list[str]:
    """Take the values no longer in the data (an import replaced them) out of the filter widgets, and say so: left
    in, the multiselect dropped them without a word and a page watched as "Events" showed the whole company."""
    state = st.session_state
    notices = []
    for dim, label in config.DIMENSIONS.items():
        key = _widget_key(dim)
        chosen = list(state.get(key) or [])
        gone = [v for v in chosen if v not in options.values.get(dim, ())]
        if gone:
            state[key] = [v for v in chosen if v not in gone]
            names = ", ".join(repr(label_value(dim, v)) for v in gone)
            notices.append(f"Removed {label} {names} from the filters: not in the data any more (an import).")
    return notices


def _keep_dates_inside(lowest: date | None, highest: date | None) -> None:
    """Bring the date picker's value inside the range it is drawn with: a browser still sending the range of the
    data before an import (or before all of it was removed) made Streamlit refuse the value and the page crash."""
    key = _widget_key("dates")
    value = st.session_state.get(key)
    if not isinstance(value, (tuple, list)) or lowest is None or highest is None:
        return
    inside = tuple(min(max(d, lowest), highest) for d in value)
    if inside != tuple(value):
        st.session_state[key] = inside


def _reset() -> None:
    state = st.session_state
    state[FILTERS_KEY] = Filters()
    state[NOTICES_KEY] = []
    for key in [k for k in state if str(k).startswith(WIDGET_PREFIX)]:
        del state[key]


def _from_widgets(options: FilterOptions) -> Filters:
    state = st.session_state
    dates = state[_widget_key("dates")]
    previous: Filters = state[FILTERS_KEY]
    if isinstance(dates, (tuple, list)) and len(dates) == 2:
        start, end = dates
        # the whole data range means "all dates": the URL stays short and new data is not cut off. a range
        # ending on the data's last day is a range all the same (October, picked when the data ends on 31 Oct):
        # its link must still mean October once November's data is in
        # with no data at all the picker shows today, which is no range the user chose: all dates (read as
        # today, it became the lower bound of the next run's picker, and a browser still sending the old range
        # crashed the page)
        whole = options.min_date is None or (start == options.min_date and end == options.max_date)
        date_from = None if whole else start
        date_to = None if whole else end
    else:  # the user has picked only the first day so far: keep the last complete range
        date_from, date_to = previous.date_from, previous.date_to
    chosen = {DIMENSION_FIELD[dim]: tuple(state[_widget_key(dim)]) for dim in config.DIMENSIONS}
    return Filters(
        date_from=date_from,
        date_to=date_to,
        mode=state[_widget_key("mode")],
        in_order=bool(state[_widget_key("in_order")]),
        window_days=int(state[_widget_key("window")] or 0),
        count_by=state[_widget_key("count_by")],
        **chosen,
    )


def sidebar_filters(counts_by: str | None = None) -> Filters:
    """Stop the page unless the visitor may view it; draw the shared sidebar (kept in the URL); return the filters.
    counts_by: what a page always counts whatever the switch says (the Accounts page: accounts), shown so."""
    auth.require_viewer()
    # style only: Streamlit applies it without taking room on the page
    st.html(_LAYOUT_CSS)
    announce_new_data()
    # money in this run is written with the symbol of the data's currency (formatting.money_symbol)
    use_currency(_currency(*_source()))
    with st.sidebar:
        for script, label, icon in config.PAGES:
            st.page_link(script, label=label, icon=icon)
    state = st.session_state
    options = compute(metrics.filter_options)
    linked = {key: st.query_params.get_all(key) for key in st.query_params if key in FILTER_PARAMS}
    if FILTERS_KEY not in state or (linked and linked != state.get(WRITTEN_KEY)):
        query = {key: st.query_params.get_all(key) for key in st.query_params}
        state[FILTERS_KEY], state[NOTICES_KEY] = Filters.from_query(query, options)
        # the widgets are seeded again from the link's view below
        for key in [k for k in state if str(k).startswith(WIDGET_PREFIX)]:
            del state[key]
    current: Filters = state[FILTERS_KEY]
    if on_spark() and current.count_by != "lead":
        # a link that counts by account: Spark has no accounts, so the view counts leads and says why
        current = state[FILTERS_KEY] = replace(current, count_by="lead")
        state.pop(_widget_key("count_by"), None)
        state[NOTICES_KEY] = [*state.get(NOTICES_KEY, []), config.SPARK_NO_ACCOUNTS]
    bounds = (options.min_date, options.max_date)
    if state.get("_date_bounds") != bounds:
        # the data's first or last day moved (an import): the picker's old "all dates" range may now
        # lie outside it, so take the range again from the filters, where "all dates" is None
        state.pop(_widget_key("dates"), None)
        state["_date_bounds"] = bounds
    _seed_widgets(current, options)
    state[NOTICES_KEY] = [*state.get(NOTICES_KEY, []), *_drop_gone_values(options)]
    # a linked range may reach past today's data; widen the picker rather than refuse the link
    lowest = min((d for d in (options.min_date, current.date_from) if d), default=None)
    highest = max((d for d in (options.max_date, current.date_to) if d), default=None)
    _keep_dates_inside(lowest, highest)
    # the unit the view counts, which the tips name (the switch below is seeded from the view already)
    unit = counts_by or state[_widget_key("count_by")]
    modes = config.MODE_LABELS_ACCOUNT if unit == "account" else config.MODE_LABELS
    with st.sidebar:
        st.header("Filters")
        st.date_input(
            "Date range",
            key=_widget_key("dates"),
            min_value=lowest,
            max_value=highest,
            help=config.DATES_HELP[unit],
        )
        st.radio("Count", config.MODES, key=_widget_key("mode"), format_func=modes.get)
        _count_by_widget(counts_by)
        st.toggle(
            "Stages must happen in order",
            key=_widget_key("in_order"),
            help="Off: a lead counts at every stage up to the furthest it reached. "
            "On: a stage counts only when entered after the previous one.",
        )
        st.number_input(
            "Conversion window (days)",
            key=_widget_key("window"),
            min_value=0,
            max_value=config.MAX_WINDOW_DAYS,
            step=30,
            help=config.WINDOW_HELP[unit],
        )
        _dimension_widgets(options, unit)
        st.button("Reset filters", on_click=_reset, width="stretch")
    filters = _from_widgets(options)
    state[FILTERS_KEY] = filters
    _write_filter_params(filters)
    for notice in state.get(NOTICES_KEY, []):
        # the notices quote the link's values: shown as text, never as Markdown (a link, an image)
        st.warning(md_text(notice), icon=":material/warning:")
    return filters


def _dimension_widgets(options: FilterOptions, count_by: str) -> None:
    """One multiselect per dimension; counting by lead without the values only the accounts file has (no lead
    matches them: the command line refuses them too), a chosen one kept and marked, and the tip says why."""
    for dim, label in config.DIMENSIONS.items():
        hidden = len(options.account_only.get(dim, ())) if count_by != "account" else 0
        st.multiselect(
            label,
            options.offered(dim, count_by, st.session_state.get(_widget_key(dim)) or ()),
            key=_widget_key(dim),
            placeholder="All",
            format_func=partial(_option_words, options, dim, count_by),
            help=config.ACCOUNT_ONLY_HELP.format(plural=config.DIMENSION_PLURALS[dim], count=hidden)
            if hidden
            else None,
        )


def _option_words(options: FilterOptions, dim: str, count_by: str, value: str) -> str:
    """A filter value as the sidebar lists it; counting by lead, an accounts-only one marked so."""
    words = label_value(dim, value)
    if count_by != "account" and options.only_by_account(dim, value):
        return config.ACCOUNT_ONLY_MARK.format(value=words)
    return words


def _count_by_widget(counts_by: str | None) -> None:
    """The Count by switch; on a page that always counts one unit (counts_by), that unit, switched off and said so
    (trial 48: the Accounts page showed "Leads (people)" over its accounts). The visitor's choice is kept for the
    other pages: _seed_widgets writes it back each run, drawn or not."""
    if counts_by is not None:
        st.radio(
            "Count by",
            [counts_by],
            key="count_by_fixed",
            format_func=config.COUNT_BY_LABELS.get,
            horizontal=True,
            help=config.ACCOUNT_RULE,
            disabled=True,
        )
        st.caption(config.COUNT_BY_FIXED_NOTE.format(unit=config.COUNT_UNIT[counts_by][1].lower()))
        return
    st.radio(
        "Count by",
        config.COUNT_BY,
        key=_widget_key("count_by"),
        format_func=config.COUNT_BY_LABELS.get,
        horizontal=True,
        help=config.SPARK_NO_ACCOUNTS if on_spark() else config.ACCOUNT_RULE,
        disabled=on_spark(),
    )


def _write_filter_params(filters: Filters) -> None:
    """Put the filters in the URL, leaving the keys a page owns (breakdown, step…) alone."""
    wanted = filters.to_query()
    for key in [k for k in st.query_params if k in FILTER_PARAMS and k not in wanted]:
        del st.query_params[key]
    for key, value in wanted.items():
        as_list = value if isinstance(value, list) else [value]
        if st.query_params.get_all(key) != as_list:
            st.query_params[key] = value
    st.session_state[WRITTEN_KEY] = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}


def page_choice(
    widget: Callable[..., Any],
    label: str,
    options: list[str],
    param: str,
    default: str,
    always_in_url: bool = False,
    **kwargs: Any,
) -> str:
    """A page's own choice (selectbox, radio…) kept in session state and in the URL under `param`, and kept across
    a page switch (or an analysis not drawn for a while) like the filters. `always_in_url`: written even when it is
    the default, for a default that moves with the data (the overview's period: the latest month)."""
    state = st.session_state
    key = "pg_" + param
    written = state.setdefault(CHOICES_WRITTEN_KEY, {})
    kept = state.setdefault(CHOICES_KEPT_KEY, {})
    # kept per list of options too: SLA's and Sources' "by" share a name, not their choices
    kept_key = (param, tuple(options))
    drawn_with = state.setdefault(CHOICES_DRAWN_KEY, {})
    from_url = st.query_params.get(param)
    if from_url is not None and from_url != written.get(param):
        state[key] = from_url if from_url in options else default
    elif param in state.get(CHOICES_SET_KEY, set()):
        state[CHOICES_SET_KEY].discard(param)  # set_page_choice chose it for this run (a chart click)
    elif key not in state or drawn_with.get(param) != kept_key[1]:
        # Streamlit drops a widget's value on a run that does not draw it (another page), and a page with a choice
        # of the same name leaves its own value: the copy brings this page's back
        state[key] = kept.get(kept_key, default)
    if state[key] not in options:
        state[key] = default
    else:
        state[key] = state[key]  # keep it across a page switch, like the filters
    value = widget(label, options, key=key, **kwargs)
    kept[kept_key] = value
    drawn_with[param] = kept_key[1]
    # a default that moves with the data is written too: a link shared without it showed a later month once the next
    # month's exports came in (trial 55: ?period=2026-11&source=events became ?source=events)
    shown = value != default or always_in_url
    if not shown:
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != value:
        st.query_params[param] = value
    written[param] = value if shown else None
    return value


def analysis_choice(sections: Mapping[str, str], param: str) -> str:
    """Which one of a page's analyses to show (the first by default), a horizontal radio kept in the URL."""
    return page_choice(
        st.radio,
        "Analysis",
        list(sections),
        param,
        next(iter(sections)),
        horizontal=True,
        format_func=sections.get,
        help="One analysis at a time: a shorter page, and a filter change recomputes only what is on screen.",
    )


def set_page_choice(param: str, value: str) -> None:
    """Change a page choice before its widget is drawn (e.g. from a chart click)."""
    st.session_state["pg_" + param] = value
    st.session_state.setdefault(CHOICES_SET_KEY, set()).add(param)


def demo_notice(tables: Sequence[str]) -> str | None:
    """The demo banner's words for the tables that hold demo data: all of them, some (named), or none (None)."""
    if not tables:
        return None
    if set(tables) >= set(store.BASE_TABLES):
        return "You are looking at generated demo data. Load your own CRM exports on the Data page."
    names = list(tables)
    listed = word_list(names)
    verb = "is" if names == ["spend"] else "are"
    return (
        f"{listed.capitalize()} {verb} generated demo data; the rest is yours. "
        "Import your own or remove the demo data on the Data page."
    )


def page_header(title: str, filters: Filters) -> None:
    """Title, the view in words, and the demo-data banner (while any table holds demo data)."""
    st.title(title)
    # a range past the data's last day is counted only so far: the heading says to when
    to_date = periods.to_date_words(filters.date_from, filters.date_to, compute(metrics.filter_options).max_date)
    st.caption(md_text(filters.caption() + to_date))
    notice = demo_notice(store.demo_tables(db()))
    if notice:
        st.info(md_text(notice), icon=":material/info:")
        st.page_link(DATA_PAGE, label="Go to the Data page", icon=":material/folder_open:")
    awaiting_notice()


def awaiting_notice() -> None:
    """The warning, on every page that shows deal numbers, on the deals kept aside for want of their lead: in none
    of the numbers (a Pipedrive deal of a converted lead, gone from the Leads export), said until they come in."""
    words = compute(metrics.awaiting_lead).sentence()
    if words:
        st.warning(md_text(words), icon=":material/link_off:")


def require_data() -> bool:
    """Show an explanatory empty state and return False when no lead or deal is loaded."""
    if store.has_data(db()):
        return True
    # the file named: a FUNNEL_DB path mistyped, or relative to another folder, opens a new empty database
    where = f"in {config.db_path().resolve()} (set by {config.DB_ENV_VAR} or the default)"
    # spend or targets alone are loaded, not "no data": said, with what the pages need
    held = store.only_plans_words(store.loaded_rows(db()))
    said = f"No leads or deals are loaded yet {where}: {held} loaded. " if held else f"No data is loaded yet {where}. "
    st.info(
        md_text(said)
        + "Generate demo data with `python -m dashboard demo`, or import your CRM exports on the Data page.",
        icon=":material/inbox:",
    )
    st.page_link(DATA_PAGE, label="Go to the Data page", icon=":material/folder_open:")
    return False


def table(
    df: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    first: Sequence[str] = (),
    pin_first: bool = False,
    values_of: str = "",
    values_in: str = "value",
    **kwargs: Any,
) -> None:
    """Show a table the house way (dashboard.tables): labelled headers, formatted values, "–" for unknowns;
    the `values_in` column's values in words when they are values of the dimension `values_of`."""
    if values_of:
        df = tables.label_values(df, values_of, values_in)
    frame, column_config = tables.display(df, labels, first)
    if pin_first and len(frame.columns):
        column_config[frame.columns[0]]["pinned"] = True  # the row's name stays in view while scrolling right
    st.dataframe(
        tables.styled(frame), column_config=column_config, **{"hide_index": True, "width": "stretch", **kwargs}
    )


# On a phone Streamlit stacks columns one per row; KPI tiles read better two per row there (12 tiles
# would be 2,800 px tall). Only columns inside a container keyed "kpis…" wrap this way. A tile's change against the
# previous period wraps onto a second line instead of ending in "…" (Streamlit cut "-22.0 pts vs Oct 2026" to
# "-22.0 pts vs Oct 2…" in a tile half a phone wide).
_PHONE_TILES_CSS = f"""<style>
[class*="st-key-kpis"] [data-testid="stMetricDelta"] div,
[class*="st-key-kpis"] [data-testid="stMetricDelta"] p {{
  white-space: normal; overflow: visible; text-overflow: clip;
}}
@media (max-width: {config.PHONE_MAX_WIDTH_PX}px) {{
  [class*="st-key-kpis"] [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; gap: 0.5rem; }}
  [class*="st-key-kpis"] [data-testid="stColumn"] {{
    flex: 1 1 calc(50% - 0.5rem) !important; min-width: calc(50% - 0.5rem) !important;
  }}
}}
</style>"""


def counted_through(filters: Filters) -> date | None:
    """The last day the view's month-by-month charts count: the date range's end or the data's last day."""
    return periods.counted_through(filters.date_to, compute(metrics.filter_options).max_date)


def partial_month_caption(through: date | None) -> None:
    """Under a month-by-month chart: the sentence that its last month is counted only in part, when it is."""
    if note := periods.partial_note(through):
        st.caption(note)


def tile_grid(key: str = "kpis") -> Any:
    """A container whose rows of columns (KPI tiles) wrap two per row on a phone; use it as `with ui.tile_grid():`."""
    st.markdown(_PHONE_TILES_CSS, unsafe_allow_html=True)
    return st.container(key=key if key.startswith("kpis") else "kpis_" + key)


def kpi_row(tiles: list[tuple[str, str, str | None]]) -> None:
    """A row of KPI tiles: (label, value, help text); two per row on a phone."""
    with tile_grid("kpis_" + re.sub(r"\W+", "_", tiles[0][0]).lower()):
        for column, (label, value, help_text) in zip(st.columns(len(tiles)), tiles, strict=True):
            column.metric(label, value, help=help_text)


def sla_settings_form() -> SlaSettings:
    """Draw the SLA settings (kept in the URL) and return them; invalid input falls back with a message."""
    # what a link or the boxes hold that cannot be read: said above the numbers, not inside the folded expander
    unread: list[str] = []
    with st.expander("SLA settings", expanded=False):
        c1, c2, c3 = st.columns(3)
        unread += _unreadable_choice("clock", list(config.SLA_CLOCK_STARTS))
        unread += _unreadable_choice("hours", ["all", "business"])
        with c1:
            # any whole number of minutes, kept in the URL (?sla=45): a list of lengths turned 45 into 60
            unread += _url_setting("sla", "sla_minutes", config.SLA_RESPONSE_MINUTES, _read_minutes, str)
            minutes = st.number_input(
                "Sales responds within (minutes)",
                min_value=1,
                max_value=config.SLA_MAX_MINUTES,
                step=5,
                key="sla_minutes",
            )
        with c2:
            clock = page_choice(
                st.radio,
                "The clock starts at the lead's",
                list(config.SLA_CLOCK_STARTS),
                "clock",
                config.SLA_DEFAULT_CLOCK,
                format_func=config.SLA_CLOCK_STARTS.get,
            )
        with c3:
            hours = page_choice(
                st.radio,
                "Count",
                ["all", "business"],
                "hours",
                "business" if config.SLA_BUSINESS_HOURS else "all",
                format_func=lambda h: "every minute" if h == "all" else "business hours only",
            )
        kwargs: dict[str, Any] = {}
        if hours == "business":
            kwargs = _business_hours_inputs(unread)
    for message in unread:
        st.warning(message, icon=":material/link_off:")
    try:
        return SlaSettings(minutes=int(minutes), clock_start=clock, business_hours=hours == "business", **kwargs)
    except ValueError as exc:
        st.error(f"These SLA settings cannot be used ({exc}); showing the defaults instead.")
        return SlaSettings()


def _unreadable_choice(param: str, options: list[str]) -> list[str]:
    """The warning for a link's SLA choice that is not one of the options (page_choice then uses the default)."""
    value = st.query_params.get(param)
    if value is None or value in options or value == st.session_state.get(CHOICES_WRITTEN_KEY, {}).get(param):
        return []
    return [f"The link's {param}={value} cannot be read (one of {', '.join(options)}): the default is used instead."]


def _business_hours_inputs(unread: list[str]) -> dict[str, Any]:
    """Day start and end, working days, office timezone and holidays, each kept in the URL (a shared or reloaded
    link lost all but the timezone before: its holiday gone, 57.1 % where the sender saw 64.3 %)."""
    d1, d2, d3 = st.columns(3)
    kwargs: dict[str, Any] = {}
    with d1:
        for name, label, param, default in (
            ("day_start", "Day starts", "day_start", sla_module.DEFAULT_DAY_START),
            ("day_end", "Day ends", "day_end", sla_module.DEFAULT_DAY_END),
        ):
            unread += _url_setting(param, "sla_" + param, default, _read_clock_time, lambda t: f"{t:%H:%M}")
            kwargs[name] = st.time_input(label, key="sla_" + param)
    with d2:
        names = list(config.WEEKDAY_NAMES)
        default_days = [names[d - 1] for d in config.SLA_WORKDAYS]
        # in week order, whatever order they were ticked in: a day taken out and put back read (2, 3, 4, 5, 1), which
        # missed the stored sla_facts (rollups.sla_exact) and put days=Tue,…,Mon in the link (trial 95)
        unread += _url_setting(
            "days", "sla_days", default_days, _read_day_names, lambda days: ",".join(sorted(days, key=names.index))
        )
        chosen = st.multiselect("Working days", names, key="sla_days")
        kwargs["workdays"] = tuple(sorted(names.index(d) + 1 for d in chosen))
    with d3:
        unread += _unreadable_choice("tz", list(config.SLA_TIMEZONE_CHOICES))
        kwargs["timezone"] = page_choice(
            st.selectbox, "Office timezone", list(config.SLA_TIMEZONE_CHOICES), "tz", config.SLA_TIMEZONE
        )
        # the text as typed: a bad entry stays in the box (and the link) to be fixed, named by the message below
        unread += _url_setting("holidays", "sla_holidays", "", lambda text: (text, []), str)
        raw = st.text_input("Holidays (YYYY-MM-DD, comma separated)", key="sla_holidays")
    kwargs["holidays"], bad = sla_module.parse_holidays(raw)
    if bad:
        unread.append(sla_module.bad_holidays_message(bad))
    return kwargs


def _read_minutes(text: str) -> tuple[Any, list[str]]:
    """A link's SLA length in whole minutes, or None and the text that is not one."""
    value = sla_module.read_minutes(text)
    return value, [] if value is not None else [text]


def _read_clock_time(text: str) -> tuple[Any, list[str]]:
    """A link's HH:MM time, or None and the text that is not one."""
    value = sla_module.parse_clock_time(text)
    return value, [] if value is not None else [text]


def _read_day_names(text: str) -> tuple[Any, list[str]]:
    """A link's working days (Mon,Tue…) as the multiselect's names, and the entries that are not day names."""
    days, bad = sla_module.parse_workdays(text)
    return [config.WEEKDAY_NAMES[d - 1] for d in days], bad


def _url_setting(
    param: str,
    key: str,
    default: Any,
    read: Callable[[str], tuple[Any, list[str]]],
    write: Callable[[Any], str],
) -> list[str]:
    """Keep a free-form widget's value (session state `key`) in the URL under `param`, as page_choice does for a
    list of options: a link's value is read into the widget, one that cannot be read is named in a warning and the
    default (or the part that could be read) is used; the default itself leaves the URL. Returns the warning."""
    unread: list[str] = []
    state = st.session_state
    written = state.setdefault(CHOICES_WRITTEN_KEY, {})
    from_url = st.query_params.get(param)
    kept = state.setdefault(CHOICES_KEPT_KEY, {})
    if key not in state and key in kept and (from_url is None or from_url == written.get(param)):
        state[key] = kept[key]  # back from a page that did not draw it (Streamlit dropped the widget's value)
    if key not in state or (from_url is not None and from_url != written.get(param)):
        value = default
        if from_url is not None:
            read_value, bad = read(from_url)
            if bad:
                unread.append(
                    f"The link's {param}={from_url} cannot be read in full ({', '.join(bad)}): "
                    f"{'the rest is used' if read_value else 'the default is used instead'}."
                )
            value = read_value if read_value else default
        state[key] = value
    else:
        state[key] = state[key]  # keep it across a page switch, like the filters
    kept[key] = state[key]
    text = write(state[key])
    if text == write(default):
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get(param) != text:
        st.query_params[param] = text
    written[param] = None if text == write(default) else text
    return unread


def accountless_note(filters: Filters) -> None:
    """Under won deals or revenue counted by account: the deals in view with neither a lead nor an account, which
    count for no account (metrics.AccountlessDeals), when there are any."""
    if filters.count_by == "account" and (said := compute(metrics.accountless_deals, filters).sentence(filters)):
        st.caption(said)


def account_note(filters: Filters, section: str) -> None:
    """Under a section whose counting by account needs a word (config.ACCOUNT_NOTES): say it in account mode."""
    if filters.count_by == "account":
        st.caption(config.ACCOUNT_NOTES[section])


# Every page's layout fixes for narrow screens (issue 15). On a phone: a heading's link icon (shown on hover, which
# a phone lacks) wrapped onto a line of its own under a long heading and left a blank gap, so it is hidden; a
# container keyed "scroll_…" keeps its charts at least PHONE_CHART_MIN_WIDTH_PX wide and scrolls sideways (the
# chart is drawn at that width, so its text keeps a readable size). Anywhere: a multiselect in a container keyed
# "grow_…" shows every chosen value (Streamlit caps its height at about four rows of chips and scrolls inside).
_LAYOUT_CSS = f"""<style>
@media (max-width: {config.PHONE_MAX_WIDTH_PX}px) {{
  [data-testid="stHeaderActionElements"] {{ display: none; }}
  [class*="st-key-scroll_"] {{ overflow-x: auto; }}
  [class*="st-key-scroll_"] [data-testid="stElementContainer"] {{
    min-width: {config.PHONE_CHART_MIN_WIDTH_PX}px;
  }}
}}
[class*="st-key-grow_"] [data-testid="stMultiSelect"] .react-aria-ComboBox > div {{ max-height: none; }}
</style>"""


def wide_chart(fig: Any, key: str) -> None:
    """A chart that on a phone keeps config.PHONE_CHART_MIN_WIDTH_PX and scrolls sideways (its text stays readable)."""
    with st.container(key="scroll_" + key):
        st.plotly_chart(fig, width="stretch")


def growing(key: str) -> Any:
    """A container whose multiselect shows every chosen value instead of scrolling inside; `with ui.growing(…):`."""
    return st.container(key="grow_" + key)


def accounts_available() -> bool:
    """Say that the accounts need the DuckDB engine and return False on Spark (its build has no accounts)."""
    if on_spark():
        st.info(config.SPARK_NO_ACCOUNTS, icon=":material/info:")
        return False
    return True


def spark_data_note() -> bool:
    """On Spark, say which folder the pages read and that changing the data needs DuckDB; True when said."""
    if on_spark():
        st.info(config.SPARK_DATA_NOTE.format(folder=engine.spark_data_folder()), icon=":material/info:")
        return True
    return False


def app_url() -> str:
    """The dashboard's address for a downloaded report's links: the one this reader's browser uses, unless
    $FUNNEL_URL says otherwise (changes.app_url)."""
    # the landing page's own address is the app's root (its pages are paths under it)
    return changes.app_url(st.context.url)
