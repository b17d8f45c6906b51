"""Tables for people: every column a page shows gets a label and a kind, and is formatted by the house style.

COLUMNS maps the column names the queries return to (label, kind, what a dash means). `display` turns a
result into the frame and column configuration `st.dataframe` shows (ui.table draws it): headers are labels,
never column names; numbers keep their type (so a click on a header sorts them) and get the format of their
kind; a column with a missing value becomes text, where the missing value is "–" and the header's tooltip
says why (Streamlit itself would write "None").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_integer_dtype, is_numeric_dtype
from pandas.io.formats.style import Styler
from streamlit import column_config as cc

from dashboard import config
from dashboard.formatting import (
    DASH,
    fmt_business_duration,
    fmt_datetime,
    fmt_decimal,
    fmt_duration,
    fmt_int,
    fmt_money,
    fmt_money_column,
    fmt_multiple,
    fmt_pct,
    fmt_return,
    fmt_wait,
    is_missing,
    label_account,
    label_code,
    label_value,
    round_half_away,
    table_money_decimals,
)

KINDS = (
    "text",
    "code",
    "account",
    "count",
    "decimal",
    "money",
    "pct",
    "return",
    "multiple",
    "minutes",
    "business_minutes",
    "wait",
    "business_wait",
    "datetime",
    "bool",
)
# return: a signed percentage, (revenue − cost) ÷ cost (formatting.fmt_return)
NUMBER_KINDS = ("count", "decimal", "money", "pct", "return", "multiple")
# durations, written as text ("2.0 h", "61 min"): response times, and one lead's wait beside its verdict
DURATION_KINDS = ("minutes", "business_minutes", "wait", "business_wait")


@dataclass(frozen=True)
class Column:
    """How one column is shown: its header, its kind (see KINDS) and what a dash in it means."""

    label: str
    kind: str = "text"
    missing: str = "not recorded"
    # the header's tooltip: what a short label stands for (a short label keeps a wide table on screen)
    help: str = ""
    # Streamlit's column width ("small", "medium", "large") for a column whose values are long: the data grid sizes a
    # column by its first rows and cut "IT Director + Operations Manager" further down to "… Operations Man…"
    width: str | None = None


_NOT_REACHED = "not reached (yet)"
# the ideal lead's rates (friction._lift): none without a lead, nor in activity mode where more entered the stage in
# the dates than leads were created in them (trial 70: no conversion rate, never one above 100 %)
_NO_LIFT_RATE = "no lead, or (activity mode) more entered the stage than leads were created: not a rate"
# spend is recorded per source and month: a view filtered by persona, segment … has none (sources.spend_fits)
NO_SPEND = "no spend recorded, or none of this filtered view's own (spend is not split by persona, segment …)"
COLUMNS: dict[str, Column] = {
    # who and where
    "lead_id": Column("Lead"),
    "source": Column("Source", "code"),
    "campaign": Column("Campaign", "code"),
    # the source of a campaign row (sources.sql: a campaign is one source's)
    "campaign_source": Column("Source", "code", "the campaign's leads have no source"),
    "loaded_source": Column("Source as loaded"),
    "persona": Column("Persona"),
    "segment": Column("Segment"),
    "industry": Column("Industry", "code"),
    "region": Column("Region", "code"),
    "owner": Column("Owner", missing="no owner assigned"),
    # the Accounts list: the owner the Owner filter matches, beside the account's own (accounts.describe)
    # an account with only an outbound deal has no first lead: the filter matches its deal's owner (trial 68)
    "first_lead_owner": Column("Owner filter matches (first lead's, else deal's)", missing="no owner assigned"),
    "team": Column("Owner", "code"),  # marketing / sales, capitalised as words
    "value": Column("Value"),
    "group_value": Column("Group"),
    "label": Column("Stage"),
    "step": Column("Step"),
    "stage": Column("Stage", "code"),
    "lifecycle_stage": Column("CRM stage", "code", "no stage in the CRM export"),
    "furthest_stage": Column("Furthest stage", "code"),
    "reason": Column("Reason", "code", config.NO_REASON_LABEL),
    "disqualify_reason": Column("Rejection reason", "code", "not rejected"),
    "status": Column("Status", "code"),
    "band": Column("Time to first contact"),
    "segment_name": Column("Segment"),
    "compared_with": Column("Compared with"),
    "table_name": Column("Table", "code"),
    "counted_as": Column("Its deals count as"),
    # dates
    "created_at": Column("Created", "datetime"),
    "mql_at": Column("MQL on", "datetime", _NOT_REACHED),
    "mql_entered_at": Column("MQL on", "datetime", _NOT_REACHED),
    "sql_entered_at": Column("SQL on", "datetime", _NOT_REACHED),
    "opportunity_entered_at": Column("Opportunity on", "datetime", _NOT_REACHED),
    "customer_entered_at": Column("Customer on", "datetime", _NOT_REACHED),
    "disqualified_at": Column("Rejected on", "datetime", "not rejected"),
    "entered_at": Column("In stage since", "datetime"),
    "clock_started_at": Column("Clock started", "datetime"),
    "due_at": Column("Due", "datetime"),
    "first_contact_at": Column("First contact", "datetime", "not contacted yet"),
    "first_date": Column("First date", "datetime", "no rows"),
    "last_date": Column("Last date", "datetime", "no rows"),
    # yes / no
    "in_progress": Column("Still in window", "bool"),
    "within_sla": Column("Within SLA", "bool"),
    "clearly different": Column("Clearly different", "bool"),
    # counts
    "count_leads": Column("Leads", "count"),
    "count_mqls": Column("MQLs", "count"),
    "count_sqls": Column("SQLs", "count"),
    "count_opportunities": Column("Opportunities", "count"),
    "count_won": Column("Won", "count"),
    "count_new_customers": Column(
        "New customers", "count", help="First wins: a customer's later wins are not new customers (CAC's divisor)"
    ),
    "count_dropped": Column("Dropped out before", "count"),
    "count_in_progress": Column("Still in window", "count"),
    "count_young": Column("Too young", "count", help="Created less than the conversion window ago: not in the rates"),
    "count_won_grown": Column("Won, older", "count", help="Customers among the leads older than the window"),
    "count_converted": Column("Converted (both dates known)", "count"),
    "count_in_stage": Column("Leads in stage", "count"),
    "count_stalled": Column("Stalled", "count"),
    "count_eligible": Column("Due", "count"),
    "count_within": Column("Within SLA", "count"),
    "count_never": Column("Never contacted", "count"),
    "count_before_clock": Column("Contacted before the clock (within, no response time)", "count"),
    "count_waiting": Column("Waiting now", "count"),
    "count_rejected": Column("Rejected", "count"),
    "count_rejected_mqls": Column("Rejected MQLs", "count"),
    "count_rejected_unknown": Column("Rejected at an unknown stage", "count"),
    "count_unknown": Column("Rejected by status alone", "count"),
    "count_lost": Column("Lost", "count"),
    "count_closed": Column("Closed deals of the source", "count"),
    "count_from": Column("Leads at the step", "count"),
    "count_rows": Column("Rows", "count"),
    "count_deals": Column("Deals", "count"),
    "lead": Column("Leads", "count"),
    "total": Column("Total", "count"),
    "needed": Column("Needed", "count"),
    "per_month": Column("Per month", "count"),
    "per_working_day": Column("Per working day", "decimal"),
    "target": Column(
        "Target set", "count", "no target is set for this period, or the view is narrower than any target"
    ),
    "actual": Column("Arrived", "count"),
    "gap": Column("Arrived − needed", "count"),
    "threshold_days": Column("Stalled after (days)", "count"),
    # days and minutes
    "median_days": Column("Median days", "decimal", "no conversion with both dates"),
    "p90_days": Column("90th percentile days", "decimal", "no conversion with both dates"),
    "median_days_in_stage": Column("Median days in stage", "decimal", "nobody in the stage"),
    "days_in_stage": Column("Days in stage", "decimal"),
    # one lead's wait beside its verdict: never written less than it is (formatting.fmt_wait, trial 67)
    "minutes_waited": Column("Waited", "wait", "not handed over yet"),
    # the SLA in business hours: working time, written in business hours, never in 24-hour days
    "business_minutes_waited": Column(
        "Waited (business hours)",
        "business_wait",
        "not handed over yet",
        "Working time only: the SLA's business hours on its working days",
    ),
    "median_minutes": Column("Median response", "minutes", "nobody contacted yet"),
    "p95_minutes": Column("95th percentile response", "minutes", "nobody contacted yet"),
    "business_median_minutes": Column(
        "Median response (business hours)",
        "business_minutes",
        "nobody contacted yet",
        "Working time only: the SLA's business hours on its working days",
    ),
    "business_p95_minutes": Column(
        "95th percentile response (business hours)",
        "business_minutes",
        "nobody contacted yet",
        "Working time only: the SLA's business hours on its working days",
    ),
    # money (full amounts in tables; see dashboard.formatting)
    "attributed_revenue": Column("Revenue", "money"),
    "open_pipeline": Column(
        "Open pipeline in the dates",
        "money",
        help="Open deals in the view's dates: of the leads created in them (cohort mode) or the deals opened in them "
        "(activity mode); "
        "the Overview's coverage counts every deal open now",
    ),
    "revenue": Column("Won revenue", "money"),
    "value_at_stake": Column("Revenue at stake", "money", "no won deal from a lead to value the step"),
    "spend": Column("Spend", "money", NO_SPEND),
    "cost_per_lead": Column("Cost / lead", "money", "no spend, or no lead", "Spend ÷ leads"),
    "cost_per_mql": Column("Cost / MQL", "money", "no spend, or no MQL", "Spend ÷ MQLs"),
    "cost_per_sql": Column("Cost / SQL", "money", "no spend, or no SQL", "Spend ÷ SQLs"),
    "cost_per_opportunity": Column("Cost / opp.", "money", "no spend, or no opportunity", "Spend ÷ opportunities"),
    "cac": Column(
        "CAC",
        "money",
        "no spend, or no new customer",
        "Customer acquisition cost: spend ÷ new customers (first wins; a customer's later wins are not new customers)",
    ),
    # rates and multiples
    "roi": Column("ROI", "return", NO_SPEND, "Return on investment: (revenue − spend) ÷ spend, in %"),
    "roas": Column("ROAS", "multiple", NO_SPEND, "Return on ad spend: revenue ÷ spend"),
    "pct_of_previous": Column("% of previous", "pct", "no lead at the previous stage"),
    "pct_of_first": Column("% of leads", "pct", "no lead"),
    "lead_to_mql": Column("Lead→MQL", "pct", "no lead"),
    "mql_to_sql": Column("MQL→SQL", "pct", "no MQL"),
    "sql_to_opportunity": Column("SQL→Opp.", "pct", "no SQL", "Share of SQLs that became opportunities"),
    "compliance": Column("Compliance", "pct", "no lead was due"),
    "opportunity_rate": Column("→ opportunity", "pct", "no lead in the band"),
    "won_rate": Column("→ customer", "pct", "no lead in the band"),
    "rejection_rate": Column("Rejection rate", "pct", "no MQL handed over"),
    "share_of_closed": Column("Share of closed deals", "pct", "no closed deal"),
    "share_of_sqls": Column("Share of SQLs", "pct", "no SQL"),
    "rate": Column("Rate", "pct"),
    "baseline": Column("Comparison", "pct"),
    "low_rate": Column("Rate 95% from", "pct"),
    "high_rate": Column("Rate 95% to", "pct"),
    "low_baseline": Column("Comparison 95% from", "pct", "a benchmark is a fixed rate: no interval"),
    "high_baseline": Column("Comparison 95% to", "pct", "a benchmark is a fixed rate: no interval"),
    "still_open": Column("Still open", "count", help="Entries at the step whose outcome is pending (no window)"),
    "rate_sql": Column("→ SQL", "pct", _NO_LIFT_RATE),
    "low_sql": Column("SQL 95% from", "pct", _NO_LIFT_RATE),
    "high_sql": Column("SQL 95% to", "pct", _NO_LIFT_RATE),
    "lift_sql": Column("SQL lift", "multiple", _NO_LIFT_RATE),
    "rate_customer": Column("→ Customer", "pct", _NO_LIFT_RATE),
    "low_customer": Column("Customer 95% from", "pct", _NO_LIFT_RATE),
    "high_customer": Column("Customer 95% to", "pct", _NO_LIFT_RATE),
    "lift_customer": Column("Customer lift", "multiple", _NO_LIFT_RATE),
}
# stage codes as column names (stalled leads per owner and stage)
COLUMNS.update({stage: Column(label, "count") for stage, label in config.STAGE_LABELS.items()})
# attribution models as column names (revenue per source under every model)
COLUMNS.update({model: Column(label, "money") for model, label in config.ATTRIBUTION_MODELS.items()})
# the Accounts page: buying groups and the account list
_NO_ACCOUNT = "no account in the group"
COLUMNS.update(
    {
        "account_key": Column("Account", "account"),
        "account_id": Column("Account id", "account", missing="a lead without account: an account of its own"),
        "name": Column("Name", missing="not in the accounts table"),
        "bucket": Column("People engaged"),
        "persona_mix": Column("Personas engaged", width="large"),
        "count_accounts": Column("Accounts", "count"),
        "count_customers": Column("Customers", "count"),
        "count_engaged": Column("People engaged", "count"),
        # whether the depth table above compares it, and why not (accounts.account_list_shown)
        "in_depth_table": Column("In the depth table"),
        "to_opportunity": Column("→ Opportunity", "pct", _NO_ACCOUNT),
        "to_opportunity_low": Column("Opportunity 95% from", "pct", _NO_ACCOUNT),
        "to_opportunity_high": Column("Opportunity 95% to", "pct", _NO_ACCOUNT),
        "to_customer": Column("→ Customer", "pct", _NO_ACCOUNT),
        "to_customer_low": Column("Customer 95% from", "pct", _NO_ACCOUNT),
        "to_customer_high": Column("Customer 95% to", "pct", _NO_ACCOUNT),
        "first_lead_at": Column("First lead", "datetime"),
        "first_opportunity_at": Column("First opportunity", "datetime", "no dated opportunity"),
    }
)

# the format Streamlit applies to a complete number column of each kind (sprintf: "," separates thousands); money
# is written by fmt_money instead (styled), compact as on the tiles and in the sentences beside the table
_NUMBER_FORMATS = {
    "count": "%,.0f",
    "decimal": "%,.1f",
    "pct": "%.1f%%",
    "return": "%+.1f%%",
    "multiple": "%.1f×",
}
# the first column's label of a table's last row that adds up the others (sources.models_table)
TOTAL_ROW = "Total"
# the frame's attrs key holding the decimals of each money unit shared by the table's money columns
MONEY_DECIMALS_ATTR = "money_decimals"
# the frame's attrs key listing its money columns (by label), written compactly by styled()
MONEY_ATTR = "money_columns"
# how a value of each kind is written when its column holds a missing value (and becomes text)
_AS_TEXT: dict[str, Callable[[Any], str]] = {
    "count": fmt_int,
    "decimal": fmt_decimal,
    "money": fmt_money,
    "pct": fmt_pct,
    "return": fmt_return,
    "multiple": fmt_multiple,
    "minutes": fmt_duration,
    "business_minutes": fmt_business_duration,
    "wait": fmt_wait,
    "business_wait": lambda v: fmt_wait(v, business=True),
    "datetime": lambda v: v if isinstance(v, str) else fmt_datetime(v),
    "bool": lambda v: DASH if is_missing(v) else "yes" if v else "no",
    "code": label_code,
    "account": label_account,
    "text": lambda v: DASH if is_missing(v) else str(v),
}


def column_spec(name: str, series: pd.Series) -> Column:
    """The column's entry in COLUMNS; for a name not there, a label from the name and a kind from the type."""
    if name in COLUMNS:
        return COLUMNS[name]
    text = str(name)
    label = text.replace("_", " ").capitalize() if "_" in text else text
    if is_bool_dtype(series):
        return Column(label, "bool")
    if is_datetime64_any_dtype(series):
        return Column(label, "datetime")
    if is_numeric_dtype(series):
        return Column(label, "count" if is_integer_dtype(series) else "decimal")
    return Column(label)


def _kind_of(spec: Column, series: pd.Series) -> str:
    # a number column already written as text (e.g. "no spend recorded") is shown as it is
    if spec.kind in NUMBER_KINDS and not is_numeric_dtype(series):
        return "text"
    if spec.kind == "bool" and not is_bool_dtype(series):  # with a missing value pandas holds it as objects
        return "bool"
    if spec.kind == "datetime" and not is_datetime64_any_dtype(series):
        return "text" if series.map(lambda v: isinstance(v, str)).any() else "datetime"
    return spec.kind


def _number_values(kind: str, series: pd.Series) -> pd.Series:
    if kind == "pct":
        return series * 100
    if kind == "return":  # halves away from zero, as fmt_return writes them (the browser's float rounding differs)
        return (series * 100).map(lambda v: round_half_away(v, 1))
    if kind == "multiple":
        return series.map(lambda v: round_half_away(v, 1))
    if kind in ("count", "money"):
        return series.round()  # the browser's rounding of halves differs: round as fmt_int does
    return series


def money_style(table: pd.DataFrame, order: Sequence[str] | None = None) -> dict[str, int]:
    """The decimals of each money unit a table is written in (formatting.table_money_decimals over its money columns):
    those the table's attrs give (MONEY_DECIMALS_ATTR: another table's, so that an amount reads the same in both),
    for the other units its rows'. A total row is written in the decimals of the rows it adds up; a unit only the
    total row reaches in those of its own 3 significant digits (probe 79: the every-model table's $1,049,513 total
    read "$1M" under a caption of "$1.05M", its rows being in $k)."""
    names = list(table.columns if order is None else order)
    columns = [n for n in names if column_spec(n, table[n]).kind == "money" and is_numeric_dtype(table[n])]
    # a total row is written in the decimals of the rows it adds up: its larger amount ($107k) had the rows' $26.5k
    # written $27k, beside $26.5k in the table above it (trial 60)
    totalled = len(table) > 1 and bool(names) and table[names[0]].iloc[-1] == TOTAL_ROW
    body = table.iloc[:-1] if totalled else table
    # another table's style for the units it has, the rows' own for the others
    money = {**table_money_decimals(body[n] for n in columns), **table.attrs.get(MONEY_DECIMALS_ATTR, {})}
    if totalled:
        for suffix, places in table_money_decimals(table[n].iloc[-1:] for n in columns).items():
            money.setdefault(suffix, places)
    return money


def display(
    table: pd.DataFrame, labels: Mapping[str, str] | None = None, first: Sequence[str] = ()
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The frame to show (columns `first` first, renamed to their labels, values per kind) and its column config.

    `labels` overrides COLUMNS' label for this table (e.g. "source" is "Campaign" when rows are campaigns)."""
    order = [c for c in first if c in table.columns] + [c for c in table.columns if c not in first]
    shown: dict[str, pd.Series] = {}
    configs: dict[str, Any] = {}
    # a total row is written in the decimals of the rows it adds up: its larger amount ($107k) had the rows' $26.5k
    # written $27k, beside $26.5k in the table above it (trial 60)
    money = money_style(table, order)
    for name in order:
        series = table[name]
        spec = column_spec(name, series)
        label = (labels or {}).get(name, spec.label)
        if label in shown:
            raise ValueError(f"two columns of one table are both labelled {label!r}")
        kind = _kind_of(spec, series)
        # missing or infinite numbers, codes and durations are shown as text
        as_text = bool(series.isna().any()) or kind in ("code", "account", *DURATION_KINDS)
        if kind in NUMBER_KINDS and not as_text:
            as_text = not bool(np.isfinite(series.to_numpy(dtype=float)).all())
        dashes = bool(series.isna().any() or (series.astype(object) == DASH).any())
        tip = " · ".join(filter(None, (spec.help, f"{DASH} : {spec.missing}" if dashes else ""))) or None
        if kind in NUMBER_KINDS and not as_text:
            shown[label] = _number_values(kind, series).reset_index(drop=True)
            configs[label] = cc.NumberColumn(label, format=_NUMBER_FORMATS.get(kind), help=tip)
        elif kind == "datetime" and not as_text:
            values = pd.to_datetime(series)
            daily = bool((values == values.dt.normalize()).all())
            shown[label] = values.reset_index(drop=True)
            configs[label] = cc.DatetimeColumn(label, format="YYYY-MM-DD" if daily else "YYYY-MM-DD HH:mm", help=tip)
        elif kind == "bool" and not as_text:
            shown[label] = series.astype(bool).reset_index(drop=True)
            configs[label] = cc.CheckboxColumn(label, help=tip)
        else:
            write = _AS_TEXT[kind]
            # money in one style per column (the same decimals for every cell of a unit), dashes included
            cells = fmt_money_column(series, money) if kind == "money" else [write(v) for v in series]
            shown[label] = pd.Series(cells, dtype=object)
            right = spec.kind in NUMBER_KINDS or kind in DURATION_KINDS
            configs[label] = cc.TextColumn(label, help=tip, alignment="right" if right else None)
        if spec.width:
            configs[label]["width"] = spec.width
    frame = pd.DataFrame(shown)
    frame.attrs[MONEY_DECIMALS_ATTR] = money
    frame.attrs[MONEY_ATTR] = [
        label
        for name, label in zip(order, shown, strict=True)
        if column_spec(name, table[name]).kind == "money" and is_numeric_dtype(frame[label])
    ]
    return frame, configs


def styled(frame: pd.DataFrame) -> pd.DataFrame | Styler:
    """The shown frame with its money columns written compactly (fmt_money_column: $1.23M, one style per column)
    while their cells stay numbers, so a click on the header sorts by the amount; a frame without money as it is."""
    money = frame.attrs.get(MONEY_ATTR) or []
    if not money:
        return frame
    # one style per column: each amount written as fmt_money_column writes it among the column's other cells
    decimals = frame.attrs.get(MONEY_DECIMALS_ATTR)
    written = {label: dict(zip(frame[label], fmt_money_column(frame[label], decimals), strict=True)) for label in money}
    return frame.style.format({label: written[label].get for label in money})


def label_values(table: pd.DataFrame, dimension: str, column: str = "value") -> pd.DataFrame:
    """The table with the values of `dimension` in `column` in words (formatting.label_value), for showing; a
    column of anything else (weeks, months) as it is."""
    if dimension not in config.DIMENSIONS and dimension not in config.WORDED_DIMENSIONS:
        return table
    return table.assign(**{column: table[column].map(lambda v: label_value(dimension, v))})
