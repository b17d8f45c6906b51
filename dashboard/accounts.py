"""Buying groups: how many people of an account were engaged before its first opportunity, which personas,
how accounts convert by both, and the list of accounts behind each number."""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import config, metrics
from dashboard.filters import Filters
from dashboard.formatting import csv_bytes, fmt_int
from dashboard.queries import run
from dashboard.stats import wilson

BUCKETS: dict[str, tuple[int, int | None]] = {label: (low, high) for label, low, high in config.ACCOUNT_DEPTH_BUCKETS}
ALL_BUCKETS = "all"
PAGE_SIZE = config.DRILLDOWN_PAGE_SIZE
# the account list's lead count covers every lead of the account, whenever created (its column says so)
LEADS_ALL_TIME = "Leads (all time)"
# the columns of a conversion table, after its group column
RATE_COLUMNS: tuple[str, ...] = (
    "count_accounts",
    "count_opportunities",
    "to_opportunity",
    "to_opportunity_low",
    "to_opportunity_high",
    "count_customers",
    "to_customer",
    "to_customer_low",
    "to_customer_high",
)
_COUNTS = ["count_accounts", "count_opportunities", "count_customers"]
# the words the buying-group queries write for a mix without a persona and for the personas past the 62nd
_LABELS = {"none_label": config.NONE_LABEL, "other_personas_label": config.ACCOUNT_OTHER_PERSONAS_LABEL}


def depth_groups(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Accounts of the view per status, engaged people and persona mix, with their opportunities and customers."""
    return run(con, "account_depth", {**filters.to_params(), **_LABELS})


def bucket_of(people: int) -> str | None:
    """The depth bucket a number of engaged people falls in (None for 0: nobody engaged before the opportunity)."""
    for label, (low, high) in BUCKETS.items():
        if people >= low and (high is None or people <= high):
            return label
    return None


def _with_rates(table: pd.DataFrame) -> pd.DataFrame:
    """Conversion to opportunity and to customer of each row's accounts, with 95 % Wilson intervals."""
    out = table.copy()
    for stage, count in (("opportunity", "count_opportunities"), ("customer", "count_customers")):
        n = out["count_accounts"].astype(int)
        k = out[count].astype(int)
        out[f"to_{stage}"] = k / n.where(n > 0)
        # no account, no interval: Wilson's (0, 1) read as "0.0 % – 100.0 %" beside a bucket of nobody
        bounds = [
            wilson(int(a), int(b), config.FRICTION_Z) if b > 0 else (math.nan, math.nan)
            for a, b in zip(k, n, strict=True)
        ]
        out[f"to_{stage}_low"] = [b[0] for b in bounds]
        out[f"to_{stage}_high"] = [b[1] for b in bounds]
    return out


def judged(groups: pd.DataFrame) -> pd.DataFrame:
    """The rows of accounts whose conversion is judged: old enough, with someone engaged before the opportunity."""
    return groups[groups["status"] == "judged"]


def by_depth(groups: pd.DataFrame) -> pd.DataFrame:
    """One row per depth bucket (every bucket, in order, empty ones with 0 accounts): accounts and conversion."""
    rows = judged(groups).assign(bucket=lambda t: t["people"].map(bucket_of))
    summed = rows.groupby("bucket")[_COUNTS].sum().reindex(list(BUCKETS), fill_value=0)
    return _with_rates(summed.rename_axis("bucket").reset_index())[["bucket", *RATE_COLUMNS]]


def by_mix(groups: pd.DataFrame, top_n: int = config.ACCOUNT_MIX_TOP_N) -> pd.DataFrame:
    """One row per persona mix of the engaged people: the top_n mixes by accounts, then the rest as one row that
    says what it holds ("Other persona mixes (4)")."""
    summed = judged(groups).groupby("persona_mix")[_COUNTS].sum().reset_index()
    summed = summed.sort_values(["count_accounts", "persona_mix"], ascending=[False, True])
    top, rest = summed.head(top_n), summed.iloc[top_n:]
    if not rest.empty:
        bucket = config.OTHER_GROUP_LABEL.format(plural=config.ACCOUNT_MIXES_PLURAL, count=fmt_int(len(rest)))
        other = {"persona_mix": bucket, **{c: int(rest[c].sum()) for c in _COUNTS}}
        top = pd.concat([top, pd.DataFrame([other])], ignore_index=True)
    return _with_rates(top.reset_index(drop=True))[["persona_mix", *RATE_COLUMNS]]


@dataclass(frozen=True)
class Coverage:
    """How many accounts of the view the depth analysis judges, and why the others are left out."""

    accounts: int
    judged: int
    young: int
    sales_first: int
    lone_leads: int
    # accounts with only an outbound deal: counted by the Funnel page, no one to count as engaged here
    outbound_only: int = 0

    def sentence(self) -> str:
        """The accounts counted and the ones left out, in words."""
        text = f"{self.judged:,} of {self.accounts:,} accounts in the view are compared here"
        parts = []
        if self.young:
            are = "is" if self.young == 1 else "are"
            parts.append(f"{self.young:,} {are} younger than the conversion window, so not judged yet")
        if self.sales_first:
            parts.append(f"{self.sales_first:,} had an opportunity before any of their people was a lead")
        if self.outbound_only:
            parts.append(f"accounts with only an outbound deal (no lead), so no one engaged: {self.outbound_only:,}")
        lone = (
            f" Leads without an account id, each an account of its own: {self.lone_leads:,}." if self.lone_leads else ""
        )
        return text + (": " + "; ".join(parts) if parts else "") + "." + lone

    def none_judged(self) -> str:
        """Why the charts are not drawn when no account is judged: the sentence above says why, unless the view
        holds no account at all."""
        if not self.accounts:
            return "No account is in this view: widen the date range or clear a filter in the sidebar."
        return "No account in this view can be judged yet: see why just above."


def describe(filters: Filters) -> str:
    """What the page counts as an account, its people and its conversion, in words."""
    text = (
        "An account is in the view when its first lead is: created in the date range and matching the filters "
        "(its persona, segment, industry, region and owner are its first lead's; its source is its first touch's: its "
        "first lead's, or its first deal without a lead when that came first). Its engaged people are "
        "its leads created no later than its first opportunity (its first deal, one without a lead included), or "
        "all of them when it has none; an account with only an outbound deal is in the view by that deal's date and "
        "source, as on the Funnel page, with no one engaged. A lead without an account id is an account of its own "
        f"(listed by its lead id: “{config.LONE_LEAD_ACCOUNT_LABEL.format(lead_id='L123')}”). Intervals are 95% "
        "Wilson intervals."
    )
    if filters.owners:
        text += (
            " The Owner filter matches each account's first lead's owner (an account with only an outbound deal: "
            "its deal's), as the Funnel counts it; the list's Owner "
            "is the account's (the accounts file's, else its latest deal's, else its first lead's), so it may differ: "
            "both are listed."
        )
    if filters.in_order:
        text += " The stage-order rule does not apply to accounts: an account's stages come from several people."
    if filters.mode == "activity":
        text += " Buying groups are followed as cohorts in either counting mode: by their first lead's creation."
    if filters.window_days:
        text += (
            f" Conversions count within {filters.window_days} days of the first lead; accounts younger than that "
            "are not judged yet."
        )
    return text


def coverage(groups: pd.DataFrame) -> Coverage:
    """The view's accounts, those judged, those too young and those whose opportunity came first."""
    per_status = groups.groupby("status")["count_accounts"].sum()
    return Coverage(
        accounts=int(per_status.sum()),
        judged=int(per_status.get("judged", 0)),
        young=int(per_status.get("young", 0)),
        sales_first=int(per_status.get("sales_first", 0)),
        outbound_only=int(per_status.get("outbound_only", 0)),
        lone_leads=int(groups.loc[groups["lone_lead"].astype(bool), "count_accounts"].sum()),
    )


def _in_bucket(groups: pd.DataFrame, bucket: str) -> pd.DataFrame:
    """The rows of depth_groups the list of a depth bucket holds (every row for ALL_BUCKETS)."""
    if bucket == ALL_BUCKETS:
        return groups
    low, high = _bounds(bucket)
    people = groups["people"]
    return groups[(people >= low) & (people <= (high if high is not None else people.max()))]


def list_size(groups: pd.DataFrame, bucket: str = ALL_BUCKETS) -> int:
    """How many accounts the list holds for a depth bucket (all of the view's accounts for ALL_BUCKETS)."""
    return int(_in_bucket(groups, bucket)["count_accounts"].sum())


def list_caption(groups: pd.DataFrame, bucket: str, shown: int, page: int) -> str:
    """The list's size, what is shown, and how many of its accounts the depth table does not compare (marked in the
    list's column): filtered to a depth, the list held the row's 12 accounts and a too-young 13th, unsaid (trial
    96)."""
    rows = _in_bucket(groups, bucket)
    total = int(rows["count_accounts"].sum())
    text = f"{fmt_int(total)} accounts · showing {shown:,} on page {page + 1}, biggest won revenue first"
    outside = rows[rows["status"] != "judged"].groupby("status")["count_accounts"].sum()
    if outside.empty or not outside.sum():
        return text + "."
    judged_here = total - int(outside.sum())
    row = "" if bucket == ALL_BUCKETS else f" (its “{bucket}” row)"
    parts = [f"{fmt_int(int(n))} {_NOT_COMPARED[status]}" for status, n in outside.items() if n]
    return (
        f"{text}. The depth table compares {fmt_int(judged_here)} of them{row}; not compared, marked “no” under "
        f"“In the depth table”: {'; '.join(parts)}."
    )


# why the depth table leaves an account of the list out, after its count (list_caption)
_NOT_COMPARED = {
    "young": "younger than the conversion window, not judged yet",
    "sales_first": "with an opportunity before any of their people was a lead",
    "outbound_only": "with only an outbound deal, no one engaged",
}


def _bounds(bucket: str) -> tuple[int, int | None]:
    if bucket == ALL_BUCKETS:
        return 0, None
    if bucket not in BUCKETS:
        raise ValueError(f"depth bucket must be one of {', '.join(BUCKETS)} or {ALL_BUCKETS!r}, not {bucket!r}")
    return BUCKETS[bucket]


def has_accounts_table(con: duckdb.DuckDBPyConnection) -> bool:
    """True when an accounts file was imported: the accounts table has rows (names and owners)."""
    return bool(run(con, "account_table").iloc[0]["has_accounts"])


def account_list(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    bucket: str = ALL_BUCKETS,
    page: int = 0,
    page_size: int | None = PAGE_SIZE,
) -> pd.DataFrame:
    """The view's accounts of one depth bucket, biggest won revenue first, one page of them (all for None):
    id, name (from the accounts table, when there is one), people, personas, furthest stage, owner, revenue."""
    low, high = _bounds(bucket)
    size = page_size if page_size is not None else 2**62
    params = {
        **filters.to_params(),
        **_LABELS,
        "people_min": low,
        "people_max": high,
        "page_size": size,
        "page_offset": page * size,
    }
    rows = run(con, "account_list", params)
    if not has_accounts_table(con):
        return rows
    named = run(con, "account_names", {"account_ids": rows["account_id"].dropna().tolist()})
    rows = rows.merge(named.rename(columns={"owner": "account_owner"}), on="account_id", how="left")
    # the owner the accounts table names is the account's; the deal's or lead's owner stands in without one
    rows["owner"] = rows["account_owner"].combine_first(rows["owner"])
    first = ["account_key", "account_id", "name"]
    return rows[[*first, *(c for c in rows.columns if c not in (*first, "account_owner"))]]


def account_list_shown(
    con: duckdb.DuckDBPyConnection, filters: Filters, bucket: str = ALL_BUCKETS, page: int = 0
) -> pd.DataFrame:
    """One page of account_list for the screen: a furthest stage reached after the window says so
    (metrics.furthest_words: A5, won after its window, read "Customer" beside an account funnel without it), and
    whether the depth table compares it in words (config.ACCOUNT_DEPTH_STATUS_WORDS)."""
    rows = metrics.furthest_words(account_list(con, filters, bucket, page), filters)
    words = rows.pop("depth_status").map(config.ACCOUNT_DEPTH_STATUS_WORDS)
    rows.insert(rows.columns.get_loc("count_engaged") + 1, "in_depth_table", words)
    return rows


def account_list_csv(con: duckdb.DuckDBPyConnection, filters: Filters, bucket: str = ALL_BUCKETS) -> bytes:
    """The whole account list of a depth bucket as UTF-8 CSV bytes (the furthest stage a code, furthest_after_window
    beside it)."""
    return csv_bytes(account_list(con, filters, bucket, page_size=None))
