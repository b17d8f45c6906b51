"""Settings both teams agree on: stages, owners, SLA, colours, defaults. One place, no magic numbers."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
DEFAULT_DB_PATH = ROOT / "data" / "funnel.duckdb"
DB_ENV_VAR = "FUNNEL_DB"
# mapping files saved from the Data page (and shipped ones such as olist.toml): proposed for files they fit
MAPPINGS_DIR = ROOT / "data" / "mappings"
# the Data page's preview funnel of a mapping imports the whole file up to this many rows, else a sample
MAPPING_PREVIEW_ALL_ROWS = 1_000_000
MAPPING_PREVIEW_SAMPLE_ROWS = 100_000

# Access (dashboard/auth.py). With an [auth] section in .streamlit/secrets.toml everyone signs in
# (Streamlit's OIDC st.login) and these lists, comma separated ("ann@x.com,@ops.example.com": an
# address or a whole domain), give the roles; there is no default admin. Without [auth] the server
# is for the computer it runs on: `make run` binds LOCAL_ADDRESS unless sign-in is configured and
# FUNNEL_ADDRESS says otherwise.
ADMINS_ENV_VAR = "FUNNEL_ADMINS"
VIEWERS_ENV_VAR = "FUNNEL_VIEWERS"
ADDRESS_ENV_VAR = "FUNNEL_ADDRESS"
LOCAL_ADDRESS = "127.0.0.1"
APP_TITLE = "Funnel dashboard"

# The pages in the sidebar, in order, with the names people use for them (Streamlit's own list would call
# the landing page after its file, "streamlit app"; .streamlit/config.toml hides that list)
# Material icons ship with Streamlit's own font: emoji need an emoji font, which many servers' and
# desktops' browsers lack (they drew empty boxes)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("streamlit_app.py", "Overview", ":material/dashboard:"),
    ("pages/1_Funnel.py", "Funnel", ":material/filter_alt:"),
    ("pages/2_SLA.py", "SLA", ":material/timer:"),
    ("pages/3_Sources.py", "Sources", ":material/payments:"),
    ("pages/4_Friction.py", "Friction", ":material/explore:"),
    ("pages/5_Accounts.py", "Accounts", ":material/groups:"),
    ("pages/8_Definitions.py", "Definitions", ":material/menu_book:"),
    ("pages/9_Data.py", "Data", ":material/folder_open:"),
)

# The unified funnel, top to bottom. The hand-over from marketing to sales happens between
# MQL and SQL: the SQL is the shared cornerstone KPI both teams sign up to.
STAGES: tuple[str, ...] = ("lead", "mql", "sql", "opportunity", "customer")
STAGE_LABELS: dict[str, str] = {
    "lead": "Lead",
    "mql": "MQL",
    "sql": "SQL",
    "opportunity": "Opportunity",
    "customer": "Customer",
}
STAGE_PLURALS: dict[str, str] = {
    "lead": "leads",
    "mql": "MQLs",
    "sql": "SQLs",
    "opportunity": "opportunities",
    "customer": "customers",
}
STAGE_OWNERS: dict[str, str] = {
    "lead": "marketing",
    "mql": "marketing",
    "sql": "sales",
    "opportunity": "sales",
    "customer": "sales",
}
# lifecycle_stage values as exported, in funnel order; 'disqualified' is off the ladder.
LIFECYCLE_RANK: dict[str, int] = {stage: rank for rank, stage in enumerate(STAGES)}

TEAM_COLOURS: dict[str, str] = {"marketing": "#2E86AB", "sales": "#F18F01"}
# for charts with one line per category (up to top-N + Other): ten distinguishable colours
CATEGORY_COLOURS: tuple[str, ...] = (
    "#1F77B4",
    "#FF7F0E",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
)
SERIES_COLOURS: tuple[str, ...] = ("#2E86AB", "#F18F01", "#3B8B5A", "#C73E1D", "#6C4E97", "#8C8C8C")

# the metrics a targets file may set (the schema's check constraint says the same)
TARGET_METRICS: tuple[str, ...] = ("leads", "mqls", "sqls", "opportunities", "wins", "revenue", "pipeline")

MODES: tuple[str, ...] = ("cohort", "activity")
MODE_LABELS: dict[str, str] = {
    "cohort": "Cohort: leads created in the range, followed through the conversion window",
    "activity": "Activity: stage entries whose own date falls in the range",
}
# the same counting by account (and on the Accounts page, which always does): the options said "leads" over a view
# of accounts (trial 96, LOW 3)
MODE_LABELS_ACCOUNT: dict[str, str] = {
    "cohort": "Cohort: accounts created in the range (at their first lead), followed through the conversion window",
    "activity": "Activity: each account's first entry at a stage, when its date falls in the range",
}
# the sidebar's tips on the date range and the conversion window, by the view's unit
DATES_HELP: dict[str, str] = {
    "lead": "Cohort mode: when leads were created. Activity mode: when each stage was entered.",
    "account": "Cohort mode: when accounts were created (their first lead; an account of outbound deals only: its "
    "first deal). Activity mode: when each account first entered each stage.",
}
WINDOW_HELP: dict[str, str] = {
    "lead": "Cohort mode: a stage counts when reached within this many days of the lead's creation, days of "
    "24 hours from its creation time (30: by 10:00 on day 30 for a lead created at 10:00, not by midnight); "
    "younger leads that have not converted yet are in progress, not lost. 0: no limit.",
    "account": "Cohort mode: a stage counts when one of the account's leads or deals reached it within this many "
    "days of the account's creation (its first lead's), days of 24 hours from its creation time; younger accounts "
    "that have not converted yet are in progress, not lost. 0: no limit.",
}
# activity mode counts each stage's entries in the dates: different people at each stage, so a stage's count over
# the previous one's is no conversion rate (4 customers after 3 opportunities, most of them opportunities the month
# before); the table keeps the ratio under a name that says so, the chart and the JSON give none
ACTIVITY_RATIOS_NOTE = (
    "Each stage counts the entries made in the dates, by different people at each stage: a stage's count over the "
    "previous one's is not a conversion rate (cohort mode follows the same people through the stages)."
)
ACTIVITY_RATIO_LABELS: dict[str, str] = {
    "pct_of_previous": "Entries ÷ previous stage's",
    "pct_of_first": "Entries ÷ first stage's",
    "lead_to_mql": "MQL ÷ lead entries",
    "mql_to_sql": "SQL ÷ MQL entries",
    "sql_to_opportunity": "Opp. ÷ SQL entries",
}

# Dimensions a user may filter or break down by. Column names reach SQL only from this allow-list.
DIMENSIONS: dict[str, str] = {
    "source": "Source",
    "persona": "Persona",
    "segment": "Segment",
    "industry": "Industry",
    "region": "Region",
    "owner": "Owner",
}

# money is shown with the symbol of the currency the imports stated (store.currency); a plain "$" when none did
CURRENCY_SYMBOL = "$"
CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "BRL": "R$",
    "KRW": "₩",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "MXN": "MX$",
    "HKD": "HK$",
    "SGD": "S$",
    "ILS": "₪",
    "TRY": "₺",
    "PHP": "₱",
    "VND": "₫",
    "THB": "฿",
    "NGN": "₦",
}

# Cohort mode follows leads for this many days after creation; cohorts younger than that are
# incomplete, and their not-yet-converted leads are "in progress", not drop-offs. 0 = no window.
CONVERSION_WINDOW_DAYS = 180
MAX_WINDOW_DAYS = 3650

# A lead sitting longer than this in its current stage is stalled (days).
STALL_DAYS: dict[str, int] = {"lead": 30, "mql": 14, "sql": 14, "opportunity": 60}

# sales-prospecting databases and sales-engagement tools, written as the lead source of the people reps found and
# sequenced there (a CRM's Lead Source "Apollo.io", a constant source for an Apollo contacts export): the reps'
# outbound, never marketing's (trial 108: an Apollo export's 20,500 won counted as marketing-sourced). On the
# default sales-owned list since DERIVED_VERSION 50: a file upgraded from before says how many deals moved
# (store.UPGRADE_NOTE_KEY)
SALES_TOOL_SOURCES: tuple[str, ...] = (
    "apollo",
    "apollo_io",
    "zoominfo",
    "salesloft",
    "lusha",
    "seamless_ai",
    "sales_navigator",
    "linkedin_sales_navigator",
)
# Breakdowns show the largest values and put the rest in "Other", so parts add up to the total.
BREAKDOWN_TOP_N = 8
# attribution models, in the order the comparison table shows them; first touch is the default
# because it works from flat exports without any touch history: it credits the original source (the lead's; counting
# by account the account's), the others the touches before the opportunity
ATTRIBUTION_MODELS: dict[str, str] = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "u_shaped": "U-shaped 40/40/20",
    "w_shaped": "W-shaped 30/30/30/10",
    "time_decay": "Time decay (half-life 7 days)",
}
DEFAULT_ATTRIBUTION_MODEL = "first_touch"
# the source table's rows: per source, or per the lead's original campaign
SOURCE_GROUPINGS: dict[str, str] = {"source": "Source", "campaign": "Campaign"}
# the rejection matrix's rows: who marketing should fix, the channel or the audience
REJECTION_GROUPINGS: dict[str, str] = {"source": "Source", "persona": "Persona"}
# sources that are sales' own work; every other known source counts as marketing-sourced, and a lead's deal of
# an unknown source is of unknown origin (macros/scope.sql deal_origin). a deal is marketing-influenced when its
# lead had any marketing touch before the deal was created.
# This is the default: the list in use is kept in the database (the Data page edits it, store.sales_sources
# reads it). Labels are compared by key (lower case, trimmed, runs of spaces, hyphens, underscores and dots
# as one "_"), so "Inside Sales", "inside-sales" and "INSIDE_SALES" all match inside_sales. Exports write
# sales' own work under many names (CRM lead-source picklists, SDR/BDR team names, cold outreach, partner
# deals that sales sourced); without them here a rep's own pipeline counts as marketing-sourced.
SALES_SOURCES: tuple[str, ...] = (
    "outbound",
    "outbound_sales",
    "inside_sales",
    "field_sales",
    "sales",
    "sales_generated",
    "sales_sourced",
    "sales_prospecting",
    "prospecting",
    "sdr",
    "bdr",
    "cold_call",
    "cold_calling",
    "cold_email",
    "cold_outreach",
    "partner_sales",
    "partner_sourced_by_sales",
    # Pipedrive's own lead source for leads its outbound prospecting tool found
    "prospector",
    *SALES_TOOL_SOURCES,
)
UNKNOWN_SOURCE = "unknown"

# what CRMs write in a categorical cell for "no value" (Zoho's empty pick list '-None-', Salesforce's '--None--'):
# read as a blank cell is (a lead's source unknown, not a source of its own), and said in the import report. Only
# dashed spellings no real label is written as: a plain "None" or GA's "(none)" (its medium of direct traffic) may
# be a real value and is kept. queries/macros/cleaning.sql's no_value() reads this list (dashboard.queries.sql_text).
# Copper writes "No Source" where a lead's or opportunity's Source was never chosen (its default Source choices are
# "No Source, Advertising, Cold Call, Email"): read as a source of its own, its leads were a source row beside
# unknown and its deals' money marketing-sourced (trial 109). No real label is written as "No Source".
NO_VALUE_MARKS: tuple[str, ...] = ("-None-", "--None--", "- None -", "-- None --", "No Source")
# a word every mark above holds, lower case: the clean-file import looks for a mark only in the cells holding one
# (canonical._has_no_value_marks), so a label column of a million rows is not cleaned cell by cell
NO_VALUE_MARK_WORDS: tuple[str, ...] = ("none", "no source")
# the text columns whose values are labels, where such a mark is read as blank (ids, names and e-mails are not)
NO_VALUE_COLUMNS: frozenset[str] = frozenset(
    {
        "source",
        "campaign",
        "persona",
        "segment",
        "industry",
        "region",
        "owner",
        "lifecycle_stage",
        "disqualify_reason",
        "stage",
        "status",
        "lost_reason",
        "touch_type",
        "metric",
        "team",
    }
)
# how many days after the data's latest record the exports may be stated complete through (store.set_complete_through):
# a month's quiet last days (a weekend, a holiday) are common; a month without a record is more likely a cut export
COMPLETE_THROUGH_MAX_DAYS = 31
# a record dated more than this many days after the clock of the leads or deals import that brought it is not the
# data's today (the no_future_dates check names it): a day for the zones a CRM may write in. The horizon is fixed at
# that import and stored per table (store.HORIZON_KEYS): a later refresh, on any other action, reads it and never
# moves it
FUTURE_HORIZON_DAYS = 1
# a stated complete-through day more than this many days after the latest record vouches for weeks without a record:
# an import and the Data page say so (trial 98: 30 Nov kept after a replace with exports ending on 30 Oct counted
# November as a whole month of zeros, "Leads fell 100.0 %")
STATED_QUIET_DAYS = 7
# the source of a deal without a lead and without a source of its own (a HubSpot deals export has none): outbound,
# sales-sourced whatever the sales-owned list (deal_origin reads deal_facts.is_unsourced; queries/schema/views.sql
# v_deal_facts writes the label as a literal, tests/unit/test_review53.py checks they agree)
OUTBOUND_SOURCE = SALES_SOURCES[0]
# tables whose rows need a source column (or a constant for the file): a leads file without one is leads of
# unknown source, but spend without one is money nobody can set against any source's leads (its ROI and cost per
# lead would be none, and "unknown" would show all of it at a loss)
SOURCE_REQUIRED: tuple[str, ...] = ("spend",)
TIME_DECAY_HALF_LIFE_DAYS = 7
REJECTED_LIST_ROWS = 500

# DuckDB may use this much memory during an import and spills the rest to disk, so a 10 M-row file
# needs no more memory than a 1 M-row one (its default is 80 % of the machine)
IMPORT_MEMORY_LIMIT = "1GB"
# The dashboard's read connection keeps every column block it has read in DuckDB's block cache (up to 80 % of
# the machine): one landing page at 10 M leads left the server at 708 MiB. Once no computation has run for
# IDLE_TRIM_SECONDS the cache is shrunk to IDLE_KEEP_MEMORY (dashboard.idle_memory); an evicted block is read
# again from the operating system's file cache, which cost the next page 0-20 % at 10 M
IDLE_TRIM_SECONDS = 15.0
IDLE_KEEP_MEMORY = "32MB"
IDLE_CHECK_SECONDS = 1.0
# Bounds on what one upload or file may cost. MAX_UPLOAD_MB is also server.maxUploadSize in the committed
# .streamlit/config.toml (a test keeps the two equal); a CSV line longer than MAX_LINE_BYTES, a header of
# more than MAX_COLUMNS columns, an XLSX whose parts expand to more than XLSX_MAX_UNCOMPRESSED_BYTES or
# whose sheet declares or holds more than XLSX_MAX_ROWS rows are refused before they are read
MAX_UPLOAD_MB = 200
MAX_LINE_BYTES = 2_000_000
MAX_COLUMNS = 5_000
XLSX_MAX_UNCOMPRESSED_BYTES = 2 * 1024**3
XLSX_MAX_ROWS = 2_000_000
# upload copies of a session that never imported (closed tab) are deleted once this old
UPLOAD_MAX_AGE_HOURS = 24

# friction finder: a difference is flagged only when the two Wilson 95 % intervals do not overlap
# and both sides have at least this many leads at the step's start, so noise on small segments
# never raises a flag
FRICTION_Z = 1.96
FRICTION_MIN_SAMPLE = 30
FRICTION_DIMENSIONS: tuple[str, ...] = ("source", "persona", "segment", "industry", "region", "owner")
# demand-waterfall benchmarks for the whole funnel's steps (low, high); MQL→SQL combines
# MQL→SAL 40-60 % and SAL→SQL 50-70 %
STEP_BENCHMARKS: dict[tuple[str, str], tuple[float, float]] = {
    ("lead", "mql"): (0.10, 0.25),
    ("mql", "sql"): (0.20, 0.42),
    ("sql", "customer"): (0.20, 0.30),
}
CHURN_WINDOW_DAYS = 90
FRICTION_LIST_ROWS = 500

# executive overview: alerts fire when a value is strictly below its threshold (at the threshold is fine)
ALERT_MQL_TO_SQL = 0.30
COVERAGE_TRAILING_DAYS = 365
SPARKLINE_MONTHS = 12
KPI_TILES_PER_ROW = 4
PLAN_TARGET_STEP = 10_000  # the planner's revenue target moves in steps of this many currency units
# the planner's starting rates where the data has no history to observe them (no lead in the twelve months before
# the period, no deal closed in the trailing year): assumptions the caption names as such, never "observed"
PLAN_ASSUMED_RATES: dict[str, float] = {
    "lead_to_mql": 0.20,
    "mql_to_sql": 0.30,
    "sql_to_opportunity": 0.50,
    "win_rate": 0.25,
}
PHONE_MAX_WIDTH_PX = 640  # Streamlit's own breakpoint: below it columns stack

# "What changed since the last meeting" (dashboard/changes.py): the largest moves of the period against the
# previous one. A move on a previous value under CHANGES_MIN_BASE (revenue: wins) is noise, not news, and is
# left out; a driver is named when one dimension value explains at least CHANGES_DRIVER_SHARE of the change,
# narrowed to a pair of values (persona Operations from paid_social) when the pair keeps CHANGES_NARROW_KEEP
# of that value's change
CHANGES_TOP = 5
# The data's first day is its first lead or deal, not when its collection began. A first one within a month's first
# DATA_START_GRACE_DAYS days after the 1st (5 Jan) is read as quiet days (a holiday week), the month counted whole;
# one later (21 Nov) means the month's first days hold no data: the month is held to its targets pro rata from
# that day, and a period compared with it is not compared where it counts something on the days it lacks
# (overview.start_gap; trial: Dec 2023 read "+400.0 %" against 21–30 Nov 2023)
DATA_START_GRACE_DAYS = 7
CHANGES_MIN_BASE = 20
# the time-to-convert trend draws a month's median from fewer conversions than this as a hollow point off the line:
# one lead's 18 days read as December's median like 19 leads' 7 in October (trial 65)
TTC_TREND_MIN_CONVERSIONS = 5
CHANGES_DRIVER_SHARE = 0.5
CHANGES_NARROW_KEEP = 0.75
# where the dashboard is served: the report (a file opened outside the app) links its pages under this address
APP_URL_ENV_VAR = "FUNNEL_URL"
DEFAULT_APP_URL = "http://localhost:8501"

OTHER_LABEL = "Other"
NONE_LABEL = "(none)"
# the attribution models' table under a source filter: the credit of the sources not chosen, so its rows add up to
# the total shared out (sources.models_table)
NOT_CHOSEN_LABEL = "Sources not chosen"
# the least amount of money a table shows as a difference: half a cent rounds to one
MONEY_CENT = 0.005
# a rejection without a reason, in words: "most often: (none) (3)" read as a reason called (none) (trial 40)
NO_REASON_LABEL = "no reason recorded"
# codes shown as words where the plain rule ("no_budget" -> "No budget", formatting.label_code) reads badly;
# stage codes use STAGE_LABELS
CODE_LABELS: dict[str, str] = {
    "within_sla": "Within the SLA",
    "late": "Contacted late",
    "waiting_overdue": "Waiting, overdue",
    "never_contacted": "Never contacted",
    "disqualified": "Disqualified",
}
DRILLDOWN_PAGE_SIZE = 50

# Service-level agreement: sales contacts every new SQL within this many minutes. The clock starts
# when the lead is handed over: at sql_at by default, or at mql_at where sales takes MQLs directly.
SLA_RESPONSE_MINUTES = 60
SLA_CLOCK_STARTS: dict[str, str] = {"sql": "SQL date (accepted by sales)", "mql": "MQL date (handed over)"}
SLA_DEFAULT_CLOCK = "sql"
# Optional business hours: time outside them does not count against sales.
SLA_BUSINESS_HOURS = False
SLA_DAY_START = "09:00"
SLA_DAY_END = "17:00"
SLA_WORKDAYS: tuple[int, ...] = (1, 2, 3, 4, 5)  # ISO weekdays, Monday = 1
WEEKDAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SLA_HOLIDAYS: tuple[str, ...] = ()  # ISO dates
# Snapshots: every write builds the next database file and swaps it in; this many earlier ones are kept
# (hard links, no copies) for "undo last import". A second writer waits this long for the first.
SNAPSHOTS_KEPT = 3
WRITE_LOCK_WAIT_SECONDS = 30.0
# a page does not hang while another writer works: it says who holds the data instead
PAGE_WRITE_WAIT_SECONDS = 2.0

# Dates an import accepts: outside them a date is a typo (0000-01-01, 9999-12-31) that no page can
# compute with, so its row is skipped with the reason.
DATE_MIN = "1900-01-01"
DATE_MAX = "2100-12-31"
# The "zero" dates an exporting tool writes for a blank date: never a real lead, deal or stage date. A required date
# (a lead's creation) that is one skips its row; an optional stage date that is one is read as blank; both are said.
PLACEHOLDER_DATES: dict[str, str] = {
    "1970-01-01": "the Unix epoch's zero",
    "1900-01-01": "Excel's zero date (day 1)",
    "1899-12-30": "Excel's zero date (serial 0)",
    "1899-12-31": "Excel's zero date (day 0)",
    "0001-01-01": "the smallest date of .NET and SQL Server",
}
# A CRM record dated before this is plausibly wrong (a typo, a default), not certainly: kept, with a warning
DATE_PLAUSIBLE_FROM = "1990-01-01"
# An amount (deal, spend, target) above this in absolute value is implausible: a trillion in one deal
# or one month's spend is a misread cell (digits run together, a wrong separator), not a number to sum.
AMOUNT_MAX = 1e12
# A deal's amount written as a word for "not known yet" (a hand-kept sheet's TBD, a "?"): read as a blank amount,
# the deal kept and counted as won, lost or open, and the report names the deals, their column and the word. Compared
# in lower case with spaces collapsed; anything else that is no number (12abc) still skips its row, never guessed.
AMOUNT_PLACEHOLDERS: tuple[str, ...] = (
    "tbd",
    "tbc",
    "tba",
    "?",
    "??",
    "???",
    "to be decided",
    "to be determined",
    "to be confirmed",
    "to be agreed",
    "unknown",
    "not known",
    "pending",
)

# Timestamps in the data are naive, in DATA_TIMEZONE; business hours are read in SLA_TIMEZONE.
DATA_TIMEZONE = "UTC"
SLA_TIMEZONE = "UTC"
# the SLA page takes any whole number of minutes up to this (it offered 5, 15, 30, 60, 120, 240, 480 and 1,440
# only: a 45-minute agreement fell back to 60; trial 59)
SLA_MAX_MINUTES = 30 * 24 * 60
SLA_TIMEZONE_CHOICES: tuple[str, ...] = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
)
# Alert when sales' SLA compliance falls below this share.
SLA_ALERT_COMPLIANCE = 0.8
# warn when more than this share of the contacted leads were contacted before their clock started: the SLA then
# measures next to nothing (a HubSpot export's outreach comes before the SQL date; trial 59)
SLA_BEFORE_CLOCK_WARN_SHARE = 0.5
# Response-time bands (minutes) reported for speed to lead: 0-5, 5-15, 15-60, 60+.
SLA_BANDS: tuple[int, ...] = (5, 15, 60)
# Lists on the SLA page show the longest waits first, this many at most (the CSV has them all).
SLA_LIST_ROWS = 500
# A lead not contacted after this many days is "never contacted", not "still waiting".
SLA_WAITING_HORIZON_DAYS = 30
# The response band (its band_order in queries/pages/sla/sla_overview.sql, bound as $waiting_band) of the leads
# overdue but still inside the waiting horizon: not a breach for good, no rate yet, left out of the cost of breaches.
# One number for the SQL and sla.stake_counts: the two wrote 6 apart before.
SLA_WAITING_BAND_ORDER = 6

DEMO_DEFAULT_LEADS = 50_000
DEMO_DEFAULT_SEED = 42


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the database path: an explicit one, else $FUNNEL_DB, else data/funnel.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DB_ENV_VAR)
    return Path(env) if env else DEFAULT_DB_PATH


# Colours of dimension values (dashboard/colours.py). Paul Tol's "muted" qualitative palette: nine colours told
# apart with the common colour-vision deficiencies. A dimension's values, ranked by their count over all the data
# (metrics.filter_options), take them in order, so a source keeps its colour on every page whatever the filter.
DIMENSION_PALETTE: tuple[str, ...] = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
# values past the palette get these shades, in rank order; "Other" and "(none)" have their own
BEYOND_PALETTE_GREYS: tuple[str, ...] = ("#4D4D4D", "#808080", "#666666", "#999999", "#333333", "#737373")
OTHER_COLOUR = "#BBBBBB"
NONE_COLOUR = "#DDDDDD"
# deals of unknown origin in the marketing- vs sales-sourced charts: no team's colour, the grey of "Other"
UNKNOWN_ORIGIN_COLOUR = OTHER_COLOUR
# month-by-month charts with one line per value: the biggest few, the rest summed as "Other"
TREND_TOP_N = 5
# a highlighted line is this wide; the others fade to this opacity
HIGHLIGHT_LINE_WIDTH = 4
FADED_OPACITY = 0.25

# The report's charts are at most REPORT_CHART_WIDTH wide, what fits the printable width of an A4 or Letter page
# at REPORT_PAGE_MARGIN (Chromium prints at 96 px per inch: A4 is 794 px wide, less two 1 cm margins is 718 px),
# and narrower on a narrower screen (a phone); at least REPORT_CHART_HEIGHT high
REPORT_CHART_WIDTH = 700
REPORT_CHART_HEIGHT = 420
REPORT_PAGE_MARGIN = "1cm"
REPORT_ANNOTATION_SIZE = 11
# The Data page checks an upload (a dry run) in a child process that may take this many seconds and this
# much memory before it is stopped and the user is told to split the file or use the command line: one
# upload cannot starve the other users. The memory is address space (MB), more than the memory used: the
# libraries reserve about 1.5 GB of it before a row is read. The child runs at this lower CPU priority.
# $FUNNEL_IMPORT_CHECK_SECONDS and $FUNNEL_IMPORT_CHECK_MEMORY_MB override the limits.
IMPORT_CHECK_SECONDS = float(os.environ.get("FUNNEL_IMPORT_CHECK_SECONDS", "300"))
IMPORT_CHECK_MEMORY_MB = int(os.environ.get("FUNNEL_IMPORT_CHECK_MEMORY_MB", "4096"))
IMPORT_CHECK_NICENESS = 10
# a check of leads or deals rehearses the write (its rows written in a transaction rolled back, so that it says what
# the import says once they are in: deals naming no stored lead, stages without a date) while the stored leads, deals
# and touches and the file's rows number at most this many: above, the rehearsal took as long as the import (a
# re-derivation), and the Data page's check a copy of the whole file first; the check then says those warnings come
# with the import ($FUNNEL_CHECK_REHEARSAL_MAX_ROWS)
CHECK_REHEARSAL_MAX_ROWS = int(os.environ.get("FUNNEL_CHECK_REHEARSAL_MAX_ROWS", "200000"))
# the kinds whose check rehearses the write: the warnings it adds come from linking deals and leads
REHEARSED_KINDS: tuple[str, ...] = ("leads", "deals")
# Issue 15: one set of numbers. Targets follow the view: company-wide without a dimension filter, the sum
# of the selected sources' targets when only sources are selected, and no comparable target otherwise.
TARGET_NOT_COMPARABLE = "company target — not comparable with this filtered view"
# The SLA page's pace chart starts on the marketing volume commitment in force: this many months, ending
# with the data's last complete month (the seeds' example promise: "5,000 leads in two months").
SLA_COMMITMENT_MONTHS = 3
# The funnel drill-down's lists ("Leads that …"): the funnel table's Leads, Dropped out and Still in window
DRILLDOWN_KIND_LABELS: dict[str, str] = {
    "reached": "reached it",
    "dropped": "dropped out before it",
    "in_window": "are still in the window before it",
}
# With no conversion window (0) the leads of a step not there yet, neither disqualified nor lost, have not converted
# yet: nothing makes them lost (they were all "dropped out", a lead created the day before the data ended too)
NO_WINDOW_IN_PROGRESS = "Not converted yet"
NO_WINDOW_DRILLDOWN_LABELS: dict[str, str] = {**DRILLDOWN_KIND_LABELS, "in_window": "have not converted to it yet"}

# A Data-page action's notice stays this many seconds from its first showing: the reruns that follow an
# action (the date filter catching up with data that moved) would otherwise wipe it before it is read
NOTICE_SECONDS = 10.0

# Issue 17 (accounts import): a mapping may derive a lead's account from its e-mail domain or its company name
# (`account_from` in README). Domains of free mail services are people, not companies: such a lead gets no
# account, and the import report counts it.
_FREE_MAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.com.br",
    "ymail.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "t-online.de",
    "mail.com",
    "zoho.com",
    "yandex.ru",
    "mail.ru",
    "qq.com",
    "163.com",
    "orange.fr",
    "free.fr",
    "libero.it",
    "uol.com.br",
    "bol.com.br",
    # internet providers' and other mailboxes people sign up with
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "cox.net",
    "charter.net",
    "earthlink.net",
    "bellsouth.net",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "talktalk.net",
    "shaw.ca",
    "rogers.com",
    "sympatico.ca",
    "bigpond.com",
    "optusnet.com.au",
    "wanadoo.fr",
    "laposte.net",
    "sfr.fr",
    "tiscali.it",
    "alice.it",
    "virgilio.it",
    "bluewin.ch",
    "telenet.be",
    "skynet.be",
    "ziggo.nl",
    "kpnmail.nl",
    "freenet.de",
    "arcor.de",
    "posteo.de",
    "mailbox.org",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "interia.pl",
    "onet.pl",
    "naver.com",
    "hanmail.net",
    "daum.net",
    "126.com",
    "sina.com",
    "rediffmail.com",
    "tutanota.com",
    "fastmail.com",
    "pm.me",
    "yandex.com",
    # the big free-mail providers under their country domains (yahoo.de, hotmail.it, live.co.uk, gmx.at …)
    *(
        f"{provider}.{country}"
        for provider in ("yahoo", "hotmail", "outlook", "live", "msn", "gmx", "aol", "ymail")
        # a word list: as a tuple literal the formatter writes forty lines of two letters
        for country in (  # noqa: SIM905
            "de fr it es nl be ch at se dk no fi pl pt ie gr cz ro hu ru jp in ca com net co.uk co.jp co.in co.nz "
            "co.za co.kr com.au com.br com.mx com.ar com.tr com.sg com.hk com.tw"
        ).split()
    ),
)
FREE_MAIL_DOMAINS: tuple[str, ...] = tuple(dict.fromkeys(_FREE_MAIL_DOMAINS))
# what a company field holds where there is no company, as company_account has it (lower case, punctuation a
# space): Salesforce web-to-lead's "[not provided]", "N/A", a person buying for themself. no account: such a lead
# is an account of its own, not one with every other lead that wrote the same word
COMPANY_PLACEHOLDERS: tuple[str, ...] = (
    "not provided",
    "none provided",
    "not applicable",
    "no company",
    "no name",
    "n a",
    "na",
    "none",
    "null",
    "unknown",
    "individual",
    "self",
    "self employed",
    "private",
    "private person",
    "personal",
    "freelance",
    "freelancer",
    "student",
    "retired",
    "test",
)
# Legal-form words dropped from the end of a company name before names are compared, as companies write them
# (case and dots do not matter: "Inc." and "INC" are one); each is one word once its dots are dropped. The forms of
# several words (Poland's "Sp. z o.o.") are COMPANY_LEGAL_PHRASES, those written before the name COMPANY_LEGAL_PREFIXES
COMPANY_LEGAL_SUFFIXES: tuple[str, ...] = (
    "Inc.",
    "Inc",
    "Incorporated",
    "LLC",
    "L.L.C.",
    "Ltd",
    "Ltd.",
    "Limited",
    "Corp.",
    "Corporation",
    "Co.",
    "plc",
    "LLP",
    "LP",
    "GmbH",
    "AG",
    "KG",
    "S.A.",
    "SA",
    "S.A.S.",
    "SAS",
    "SARL",
    "S.r.l.",
    "S.p.A.",
    "Ltda.",
    "B.V.",
    "N.V.",
    "AB",
    "AS",
    "ASA",
    "Oy",
    "Pty",
    "Pte",
    "K.K.",
    # Brazil, Hungary, Belgium, Czechia and Slovakia, Denmark, Finland, Spain, France, Germany, Turkey, India: a lead
    # list of "Delta EIRELI" and "Delta", "Kovács Kft." and "Kovács" counted two accounts of each
    "EIRELI",
    "EPP",
    "Kft.",
    "Zrt.",
    "Nyrt.",
    "BVBA",
    "CVBA",
    "SPRL",
    "SRL",
    "s.r.o.",
    "ApS",
    "Oyj",
    "S.L.",
    "S.L.U.",
    "EURL",
    "SASU",
    "UG",
    "OHG",
    "GbR",
    "A.Ş.",
    "Pvt",
    # Japan's "(株)" and "㈱" (kabushiki kaisha), as the name's punctuation leaves it
    "株",
)
# Legal forms of several words (each word as COMPANY_LEGAL_SUFFIXES writes one: dots dropped, any other punctuation a
# space), dropped from the end of a name like them: "Nowak Sp. z o.o." and "Nowak", "Beta S/A" and "Beta S.A." are
# one account. A phrase whose every word were a suffix of its own would drop those words anywhere ("z" is none)
COMPANY_LEGAL_PHRASES: tuple[str, ...] = (
    "Sp. z o.o.",
    "Sp. j.",
    "Sp. k.",
    "S/A",
    "A/S",
    "S.A. de C.V.",
    "S.A.B. de C.V.",
    "S. de R.L.",
    "S. de R.L. de C.V.",
    "UG (haftungsbeschränkt)",
    "Ltd. Şti.",
    "Private Limited",
)
# Legal forms written before the name, as a word (Russia's "ООО «Ромашка»", "ИП Иванов"), dropped from its start;
# and in Japanese and Chinese glued to it, dropped from either end ("株式会社山田" and "山田株式会社" are 山田)
COMPANY_LEGAL_PREFIXES: tuple[str, ...] = ("ООО", "ОАО", "ЗАО", "ПАО", "АО", "ИП", "ТОО", "株")
COMPANY_LEGAL_GLUED: tuple[str, ...] = ("株式会社", "有限会社", "合同会社", "合資会社", "股份有限公司", "有限公司")
# The Accounts page (issue 17): buying groups. An account's engaged people are its leads created no later than
# its first opportunity; accounts are compared by how many there were, in these buckets (label, fewest, most;
# None: no upper bound), which cover every count from 1 up
ACCOUNT_DEPTH_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3–4", 3, 4),
    ("5+", 5, None),
)
# the account list's column of whether the depth table compares the account (account_list.sql's depth_status),
# in words: a list filtered to a depth holds the row's accounts and the too-young ones, marked (trial 96)
ACCOUNT_DEPTH_STATUS_WORDS: dict[str, str] = {
    "judged": "yes",
    "young": "no: younger than the conversion window, not judged yet",
    "sales_first": "no: an opportunity before any of its people was a lead",
    "outbound_only": "no: only an outbound deal, no one engaged",
}
# the persona mixes of engaged people shown by name, most common first; the rest are summed as "Other"
ACCOUNT_MIX_TOP_N = 8
# a mix names the 62 most common personas of the data (one bit each of a 64-bit mask, which keeps the page
# fast); any rarer persona in it is written as this
ACCOUNT_OTHER_PERSONAS_LABEL = "other personas"
# a lead without account_id is an account of its own under this key (queries/macros/buying_groups.sql)
LONE_LEAD_KEY_PREFIX = "lead:"
# how such an account is named on screen and in the report (formatting.label_account); the CSV keeps the key
LONE_LEAD_ACCOUNT_LABEL = "No company (lead {lead_id})"
# the Accounts page's row of the persona mixes past the top ones: "Other persona mixes (4)" (OTHER_GROUP_LABEL)
ACCOUNT_MIXES_PLURAL = "persona mixes"
# Issue 15: the values of these dimensions that are codes (the demo's north_america, financial_services,
# paid_search, events; a campaign such as paid_search_2025_q3) are shown in words on every page, chart, table and
# in the report (formatting.label_value: "Paid search", "Events"); a value that is not a code ("Inside Sales",
# "Website", "IT Director") is shown as the data spells it. The database, the URL and the filters keep the stored
# values. Personas, segments and owners are people's and teams' own names, shown as written. VALUE_LABELS: the
# codes the plain rule ("financial_services" -> "Financial services") would write badly.
WORDED_DIMENSIONS: tuple[str, ...] = ("source", "campaign", "industry", "region")
VALUE_LABELS: dict[str, str] = {
    "north_america": "North America",
    "south_america": "South America",
    "emea": "EMEA",
    "apac": "APAC",
    "latam": "LATAM",
    "dach": "DACH",
    "uk": "UK",
    "us": "US",
}
# the words of a code that are abbreviations, written in capitals inside a worded code ("ai_referral" -> "AI referral",
# "outbound_sdr" -> "Outbound SDR", a campaign's "q3" -> "Q3")
CODE_CAPITALS: frozenset[str] = frozenset(
    {"ai", "abm", "b2b", "bdr", "crm", "ppc", "q1", "q2", "q3", "q4", "sdr", "sem", "seo", "sms", "utm"}
)
# the words of a code that are brand names, written as the brand does inside a worded code ("linkedin" -> "LinkedIn",
# "paid_linkedin" -> "Paid LinkedIn"; trial 51 read "Linkedin")
CODE_BRANDS: dict[str, str] = {
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "hubspot": "HubSpot",
    "g2": "G2",
    "capterra": "Capterra",
    "adwords": "AdWords",
    "whatsapp": "WhatsApp",
    "producthunt": "Product Hunt",
    "github": "GitHub",
    "chatgpt": "ChatGPT",
    "duckduckgo": "DuckDuckGo",
}
# Issue 17: count the funnel by lead (a person) or by account (a company, the B2B buying group). The rule is
# written once in SQL (queries/schema/account_facts.sql); these words say it on the Definitions page and in tips.
COUNT_BY: tuple[str, ...] = ("lead", "account")
DEFAULT_COUNT_BY = "lead"
COUNT_BY_LABELS: dict[str, str] = {"lead": "Leads (people)", "account": "Accounts (companies)"}
# what one counted row is called: (singular, plural), capitalised for headings and labels
COUNT_UNIT: dict[str, tuple[str, str]] = {"lead": ("Lead", "Leads"), "account": ("Account", "Accounts")}
# the stage names in running text for each unit ("120 MQL accounts"); leads use STAGE_PLURALS
ACCOUNT_STAGE_PLURALS: dict[str, str] = {
    "lead": "accounts",
    "mql": "MQL accounts",
    "sql": "SQL accounts",
    "opportunity": "opportunity accounts",
    "customer": "customer accounts",
}
ACCOUNT_RULE = (
    "By account, a deal belongs to one account: the account booked on the deal when it has one (what sales books), "
    "else its lead's (a deal without a lead, such as outbound, counts for its account; a deal booked on an account "
    "none of the leads belongs to, such as a parent company, counts for its lead's). An account has reached a stage "
    "when any of its leads has or one of its deals is at that stage; a lead whose deal counts for another account "
    "takes its own account no further than SQL through that deal or its lifecycle stage. Its entry date at a stage "
    "is the earliest entry of its leads and deals; it is created when its first lead is (that is its cohort), and "
    "its source, campaign, persona and owner are its first lead's (first touch); but when a deal counted for it "
    "without its lead (outbound) was created before its first lead, that deal was its first touch and the account "
    "takes its source and campaign (as the deal is counted by lead; sales first). Its segment, industry and region "
    "are its row's in the accounts table when that has a value, else its first lead's. An account is in the view "
    "when its first lead (for segment, industry and region: the account; for source and campaign: its first touch) "
    "matches the filters. A lead without an "
    "account counts as an account of its own (listed as 'No company' with its lead id); an account with only "
    "outbound deals is created with its first deal and takes that deal's source and owner (a deal without a lead "
    "and without a source of its own has the source 'outbound', or the data's own spelling of it, sales-sourced, "
    "by lead too). An account reached a stage within the conversion window when one of its leads or deals did (a "
    "lead's stage without a date of its own dated by its earlier stage, else by the lead's creation). Ordered mode "
    "counts a stage when any of the account's leads entered it in order, within the window when one did so within "
    "it, and in activity mode at the entry of its first lead in order there. An account is disqualified when every "
    "one of its leads is and it has no outbound deal."
)
# under the switch, disabled, on a page that counts one unit whatever it says (the Accounts page)
COUNT_BY_FIXED_NOTE = "This page always counts {unit}; the other pages count as you set it there."
# what a section counts when the view counts by account, where that needs saying (a caption in account mode):
# sections that count people whatever the switch says, and why; sections that mix accounts and deals
ACCOUNT_NOTES: dict[str, str] = {
    "sources": "Counting by account: each account counts once, under its first touch's source or campaign (its "
    "first lead's, or a deal without a lead created before it: outbound), and costs are per account. Won deals, "
    "revenue, pipeline and new customers (CAC, ROI) stay deals, credited to the source of the account each deal "
    "counts for, as the Funnel and the source filter have it, and so "
    "is first touch; the other attribution models follow the touches of each deal's own lead.",
    # what leaves an account out of the stalled counts, each said: all deals lost was unsaid (trial 88, LOW 8), and an
    # account moved back follows its leads (account_facts.is_moved_back)
    "stalled": "Counting by account: an account is open at the furthest stage any of its leads is at until it has a "
    "won deal, every one of its deals is lost, or every one of its leads is disqualified; its days in stage run from "
    "its first entry. An account none of whose leads is now at its furthest dated stage, one moved back in the CRM, "
    "is counted apart, as such a lead is.",
    "rejections": "Counted by lead even with Count by account: sales rejects a person, not a company.",
    "overview": "The period's KPIs count leads even with Count by account: targets are set per lead. "
    "The filtered view further down counts accounts.",
    "volume": "Counted by lead even with Count by account: the volume targets are set per lead.",
    "sla": "Counted by lead even with Count by account: the SLA is about contacting each person.",
}
# Issue 16/18 (performance, many users): results cached across sessions. Each landing view keeps about ten
# (five of them shared by every view of the same dimension filters); 256 entries held about twenty views,
# so under 25 users the executive results were evicted before they were met again. Each entry is a few kB.
CACHE_MAX_ENTRIES = 4096
# Issue 19: the engine the page queries run on. duckdb: the embedded file (default); spark: the canonical
# tables as Parquet in $FUNNEL_DATA, on $SPARK_REMOTE (Spark Connect) or the master $FUNNEL_SPARK_MASTER.
ENGINE_ENV_VAR = "FUNNEL_ENGINE"
ENGINES: tuple[str, ...] = ("duckdb", "spark")
DEFAULT_ENGINE = "duckdb"
SPARK_DATA_ENV_VAR = "FUNNEL_DATA"
SPARK_MASTER_ENV_VAR = "FUNNEL_SPARK_MASTER"
SPARK_DEFAULT_MASTER = "local[*]"
# tables in the Spark session's catalog instead of files: FUNNEL_DATA=catalog:<database> (Unity Catalog's
# catalog.schema too) reads <database>.leads, <database>.deals, ... A catalog has no file times to tell a change by,
# so the dashboard reads such tables again at most this often
SPARK_CATALOG_PREFIX = "catalog:"
# a database (or Unity Catalog's catalog.schema) as catalog:<name> takes: plain ASCII identifiers, nothing Spark
# would parse as more than a name
SPARK_CATALOG_NAME = r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?"
SPARK_CATALOG_REFRESH_SECONDS = 300
# beside the tables, `export` writes the saved sales-owned sources (they decide marketing- vs sales-sourced)
META_FILE = "meta.json"
# Issue 15 (layout at 1440 and 390 px): text drawn in a chart is never smaller than CHART_TEXT_MIN_PX. A chart
# with a grid of labelled cells (the cohort heatmap) keeps PHONE_CHART_MIN_WIDTH_PX on a phone and scrolls
# sideways there: squeezed into 360 px, Plotly shrank its cell text to 7 px
CHART_TEXT_MIN_PX = 10
PHONE_CHART_MIN_WIDTH_PX = 560

# the URL parameter of the Friction page's analysis (its radio), so a link can open one analysis
FRICTION_VIEW_PARAM = "fr_view"
# Issue 15: the bucket of the values past a chart's top N says what it holds and how many ("Other sources (4)"),
# so it never reads as, or merges with, a value the data itself calls "Other" (Olist has a source "other")
OTHER_GROUP_LABEL = "Other {plural} ({count})"
DIMENSION_PLURALS: dict[str, str] = dict(
    zip(DIMENSIONS, ("sources", "personas", "segments", "industries", "regions", "owners"), strict=True)
)
# trial 45: a CLI filter value the data does not have is refused, naming the first this many values it has
CLI_VALUES_LISTED = 20
# Issue 19, the pages on Spark: what they say where the Spark build cannot do what DuckDB does
SPARK_NO_ACCOUNTS = (
    "Counting by account needs the DuckDB engine: the Spark build derives the leads only and has no accounts. "
    "The pages count leads."
)
SPARK_DATA_NOTE = (
    "The dashboard reads the built tables in `{folder}` on Spark ($FUNNEL_ENGINE=spark). Imports, undo, the demo "
    "data and the sales-owned sources need the DuckDB engine: import there, then `python -m dashboard export` and "
    "`python -m dashboard build --engine spark` to refresh these tables."
)
# trial 78: a segment, industry or region that only the accounts file carries (no lead does) applies when counting by
# account only; counted by lead the sidebar left it on offer and picking it read "No leads match this view" with no
# reason (the command line refused it). said beside a chosen one, in the filter's tip and in the empty funnel's words
ACCOUNT_ONLY_MARK = "{value} (accounts only)"
ACCOUNT_ONLY_HELP = (
    "Counting by lead, only the leads' own {plural} are listed: {count} more that only the accounts file has apply "
    "when counting by account (Count by: Accounts)."
)
ACCOUNT_ONLY_WORDS = (
    "{label} {values}: the accounts file's alone (no lead carries {it}), so counting by lead no lead matches {it}. "
    "Switch Count by to Accounts (companies) to filter on {it}, or clear {it} in the sidebar."
)

# the caveat of every advice to import with a mapping line: a mapping file beside a --preset replaces the preset
# (mapping.with_formats), so a file of that line alone refuses the import
BESIDE_A_PRESET = (
    "beside a preset: the preset's mapping written out with `python -m dashboard map`, the line written in it"
)
