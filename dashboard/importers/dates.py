"""Read a date column as its file writes it: one spelling or several, decided per column, never guessed.

Exports write dates in many ways, often two in one column (a Salesforce report re-saved by Excel
holds `7/22/2015 2:31` beside `08-05-2015 20:11`). A day/month swap corrupts every date without an
error, so the order of a numeric date is read from the values that show it (a first part above 12
is a day) and a column that stays ambiguous is refused with the mapping line that settles it.
"""

from __future__ import annotations

import calendar
import hashlib
import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from dashboard import clock, config, store
from dashboard.formatting import fmt_count
from dashboard.importers import date_hints, local_times, numbers, readers, totals
from dashboard.importers.errors import ImportRefused

# the spellings a column is tested for; each group of a numeric date is captured to judge its order
# an ISO moment with a zone: Z, +05:00, UTC+2 or a name (DuckDB's timestamp cast would drop the offset silently)
ISO_ZONED = (
    r"^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)? ?"
    r"(Z|[+-]\d{2}(:?\d{2})?|(UTC|GMT) ?[+-]\d{1,2}(:?\d{2})?|[A-Za-z][A-Za-z_/+-]+)$"
)
# an ISO date with a 12-hour time (2025-06-05 10:00 PM): DuckDB's own cast would drop the PM
ISO_12H_FORMATS = tuple(
    f"%Y-%m-%d{sep}{time}" for sep in (" ", "T") for time in ("%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I:%M:%S%p")
)
# a Salesforce Lightning report writes a comma after the year: 3/5/2024, 2:22 PM; Apple Numbers a two-digit year,
# always last: 3/1/24, 9:15 AM (groups: first part, separator, second part, year, time)
NUMERIC = r"^(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4}|\d{2})((, ?| |T)\d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?)?$"
# the date and time an ISO moment with a zone was written with, its zone left aside
LOCAL_PART = r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)"
# a time zone written as its region after an ISO moment (Europe/Berlin, America/Argentina/Buenos_Aires)
REGION_ZONE = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9:.]+ ?([A-Za-z][A-Za-z_]*/[A-Za-z_/+-]+)$"
# the time part of a NUMERIC date with its digits as 9 and AM/PM as PM (", 9:9 PM"): how its time is spelled
TIME_SHAPE = r"(, ?| |T)9:9(:9)?( ?PM)?"
NAMED_MONTH = (
    r"^(\d{1,2}[ -][A-Za-z]{3,9}\.?,? \d{4}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2}-[A-Za-z]{3}-\d{4})"
    r"(,? \d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?)?$"
)
# Excel stores a date as days since 1899-12-30; only an XLSX cell can mean that (a CSV's 45000 is a number)
EXCEL_SERIAL = r"^\d{5}(\.\d+)?$"
# a date as the staged cells hold it once read: ISO text, which the row check's cast reads back
ISO_TEXT = "'%Y-%m-%d %H:%M:%S.%f'"
# how the report begins to say that a CSV's Excel day numbers were left unread (their rows skipped)
SERIALS_UNREAD = "no date:"
# milliseconds since 1970-01-01 UTC, as HubSpot's API and warehouse exports write moments (1709648520000): 13
# digits cover 2001 to 2286, and only 2000-2100 is read (anything else in a date column stays unread, reported)
EPOCH_MS = r"^\d{13}$"
EPOCH_MS_RANGE = (946_684_800_000, 4_102_444_800_000)
# seconds since 1970, as Customer.io and other APIs write a moment: 10 digits, read only from 2000 until 2033, where
# a 10-digit number past that could be a date and hour written in digits (2034021512: 2034-02-15 12:00)
EPOCH_S = r"^\d{10}$"
EPOCH_S_RANGE = (946_684_800, 1_988_150_400)
# a date as eight digits, year first (GA4's and BigQuery's date dimension: 20261019), and a month as six (GA4's
# yearMonth: 202610, read in the tables kept per month only). A year of 19xx or 20xx makes them no other order: read
# day or month first, such digits would put a 19 or 20 where the month is
COMPACT_DAY = r"^(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$"
COMPACT_MONTH = r"^(19|20)[0-9]{2}(0[1-9]|1[0-2])$"
# zone abbreviations read as the fixed offset each names (PST is -08:00 in July too: the file says standard
# time). DuckDB's own reading of a name guessed: BST as Bangladesh (+06:00), AST as Alaska, PST as Los Angeles'
# summer time. A name not listed here (nor a region such as Europe/Berlin) is not read: reported, never guessed
ZONE_OFFSETS: dict[str, str] = {
    "UTC": "+00:00", "GMT": "+00:00", "WET": "+00:00", "WEST": "+01:00", "BST": "+01:00", "IST": "+05:30",
    "CET": "+01:00", "CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00",
    "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00",
    "PST": "-08:00", "PDT": "-07:00", "AKST": "-09:00", "AKDT": "-08:00", "HST": "-10:00", "AST": "-04:00",
    "ADT": "-03:00", "NST": "-03:30", "NDT": "-02:30", "JST": "+09:00", "KST": "+09:00", "HKT": "+08:00",
    "SGT": "+08:00", "AWST": "+08:00", "ACST": "+09:30", "ACDT": "+10:30", "AEST": "+10:00", "AEDT": "+11:00",
    "NZST": "+12:00", "NZDT": "+13:00", "MEZ": "+01:00", "MESZ": "+02:00", "BRT": "-03:00",
}  # fmt: skip
# the names above that also name another zone: read as listed, and the report says which other it could be
ZONE_ALSO: dict[str, str] = {
    "BST": "British Summer Time; Bangladesh Standard Time is +06:00",
    "IST": "India Standard Time; Irish Standard Time is +01:00, Israel Standard Time +02:00",
    "CST": "US Central Standard Time; China Standard Time is +08:00",
    "AST": "Atlantic Standard Time; Arabia Standard Time is +03:00",
}
# standard-time names with their zone's summer-time name and the months that are summer time throughout (north:
# April to October; south: November to March): a standard name there may be a program's label for local time
NORTHERN_SUMMER = (4, 5, 6, 7, 8, 9, 10)
SOUTHERN_SUMMER = (11, 12, 1, 2, 3)
SUMMER_NAMES: dict[str, tuple[str, tuple[int, ...]]] = {
    **{s: (d, NORTHERN_SUMMER) for s, d in (("PST", "PDT"), ("MST", "MDT"), ("CST", "CDT"), ("EST", "EDT"))},
    **{s: (d, NORTHERN_SUMMER) for s, d in (("AKST", "AKDT"), ("AST", "ADT"), ("NST", "NDT"), ("CET", "CEST"))},
    **{s: (d, NORTHERN_SUMMER) for s, d in (("EET", "EEST"), ("WET", "WEST"), ("GMT", "BST"), ("MEZ", "MESZ"))},
    **{s: (d, SOUTHERN_SUMMER) for s, d in (("AEST", "AEDT"), ("ACST", "ACDT"), ("NZST", "NZDT"))},
}
# a moment ending in a zone abbreviation, or in an offset after UTC or GMT ("UTC+2", "GMT-05:30")
ZONE_NAMED = r"^(.*[0-9])\s*([A-Za-z]{2,5})$"
ZONE_GMT_OFFSET = r"^(.*[0-9])\s*(UTC|GMT)\s*([+-])([0-9]{1,2})(:?([0-9]{2}))?$"
JS_DATE = (
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2} [0-9]{2} [0-9]{4}) ([0-9]{2}:[0-9]{2}:[0-9]{2}) "
    r"GMT([+-])([0-9]{2})([0-9]{2})(?: \([^)]*\))?"
)
# a 12-hour time written with its half of the day in Japanese or Korean before it ("2025/01/31 午後11:30", "2025. 1.
# 31. 오후 11:30") or in Spanish after it ("31/01/2025 11:30 p. m."): groups date, marker, hour, minute, seconds
# Chinese (Taiwan's Excel: "2025/3/31 下午 11:50") and Turkish ("31.03.2025 ÖS 01:30") write it before the time too;
# Arabic (ص/م), Greek (π.μ./μ.μ.), Hebrew (לפנה"צ/אחה"צ) after it
HALF_DAY_BEFORE = r"^(.*[0-9]\.?)\s*(午前|午後|오전|오후|上午|下午|ÖÖ|ÖS)\s*([0-9]{1,2}):([0-9]{2})(:[0-9]{2})?$"
HALF_DAY_AFTER = (
    r"^(.*[0-9])\s+([0-9]{1,2}):([0-9]{2})(:[0-9]{2})?\s*([AaPp]\.\s?[Mm]\.|ص|م|π\.\s?μ\.|μ\.\s?μ\.|לפנה\"צ|אחה\"צ)$"
)
# the markers of the afternoon, as written without spaces ("p. m." as p.m.)
AFTERNOON = ("午後", "오후", "下午", "ÖS", "p.m.", "P.M.", "p.M.", "P.m.", "م", "μ.μ.", 'אחה"צ')
# a long date of Chinese, Japanese and Korean programs, year, month and day each followed by its character
# ("2025年3月31日", "2025년 3월 31일"), maybe with a time after it: year, month, day, the rest
CJK_DAY = r"^([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일]\s*(.*)$"
# a date with a month's name in words of any script, day first as the languages below write it ("15 mars 2024",
# "15 févr. 2024", "5. März 2024", "3 de abril de 2024", "31 Mart 2025", "31 Μαρ 2025"), maybe with a 24-hour time:
# day, month's name, year, time
NAMED_LOCAL = (
    r"^([0-9]{1,2})\.?[\s-]+(?:de\s+)?(\pL+)\.?[\s-]+(?:de\s+)?([0-9]{4})(?:,?\s+([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?))?$"
)
# the month names of each language, lower case and without the dot of an abbreviation, January to December (full,
# Greek's genitive, abbreviated, and Turkish without its dotless ı or ş as an upper-case export lowers them). A column
# is read with them only when every month name in it is one language's (English ones are NAMED_FORMATS')
MONTH_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "French": (
        ("janvier", "janv"), ("février", "févr", "fevrier", "fevr", "fév"), ("mars",), ("avril", "avr"), ("mai",),
        ("juin",), ("juillet", "juil"), ("août", "aout"), ("septembre", "sept"), ("octobre", "oct"),
        ("novembre", "nov"), ("décembre", "déc", "decembre"),
    ),
    "German": (
        ("januar", "jan", "jänner", "jän"), ("februar", "feb"), ("märz", "mär", "maerz"), ("april", "apr"), ("mai",),
        ("juni", "jun"), ("juli", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("oktober", "okt"),
        ("november", "nov"), ("dezember", "dez"),
    ),
    "Spanish": (
        ("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"), ("mayo", "may"), ("junio", "jun"),
        ("julio", "jul"), ("agosto", "ago"), ("septiembre", "setiembre", "sep", "sept", "set"), ("octubre", "oct"),
        ("noviembre", "nov"), ("diciembre", "dic"),
    ),
    "Portuguese": (
        ("janeiro", "jan"), ("fevereiro", "fev"), ("março", "marco", "mar"), ("abril", "abr"), ("maio", "mai"),
        ("junho", "jun"), ("julho", "jul"), ("agosto", "ago"), ("setembro", "set"), ("outubro", "out"),
        ("novembro", "nov"), ("dezembro", "dez"),
    ),
    "Italian": (
        ("gennaio", "gen"), ("febbraio", "feb"), ("marzo", "mar"), ("aprile", "apr"), ("maggio", "mag"),
        ("giugno", "giu"), ("luglio", "lug"), ("agosto", "ago"), ("settembre", "set"), ("ottobre", "ott"),
        ("novembre", "nov"), ("dicembre", "dic"),
    ),
    "Dutch": (
        ("januari", "jan"), ("februari", "feb"), ("maart", "mrt"), ("april", "apr"), ("mei",), ("juni", "jun"),
        ("juli", "jul"), ("augustus", "aug"), ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
        ("december", "dec"),
    ),
    "Turkish": (
        ("ocak", "oca"), ("şubat", "şub", "subat", "sub"), ("mart", "mar"), ("nisan", "nis"),
        ("mayıs", "mayis", "may"), ("haziran", "haz"), ("temmuz", "tem"), ("ağustos", "ağu", "agustos", "agu"),
        ("eylül", "eyl", "eylul"), ("ekim", "eki"), ("kasım", "kasim", "kas"), ("aralık", "aralik", "ara"),
    ),
    "Greek": (
        ("ιανουάριος", "ιανουαρίου", "ιαν"), ("φεβρουάριος", "φεβρουαρίου", "φεβ"), ("μάρτιος", "μαρτίου", "μαρ"),
        ("απρίλιος", "απριλίου", "απρ"), ("μάιος", "μαΐου", "μαΐ", "μάι", "μαι"), ("ιούνιος", "ιουνίου", "ιουν"),
        ("ιούλιος", "ιουλίου", "ιουλ"), ("αύγουστος", "αυγούστου", "αυγ"), ("σεπτέμβριος", "σεπτεμβρίου", "σεπ"),
        ("οκτώβριος", "οκτωβρίου", "οκτ"), ("νοέμβριος", "νοεμβρίου", "νοε"), ("δεκέμβριος", "δεκεμβρίου", "δεκ"),
    ),
}  # fmt: skip
# English month names, which NAMED_FORMATS read: a column of these only is left to them
ENGLISH_MONTHS = frozenset(name.lower() for name in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"))
# a date written without its year ("Oct 3", "3 Oct", "October 3rd", "3/10"): a hand-kept sheet's, which no format
# reads without a guess of the year (strptime's is 1900); its skip says "no year"
_MONTHS = "|".join(sorted(ENGLISH_MONTHS, key=len, reverse=True))
NO_YEAR = (
    rf"(?i)\s*(?:(?:{_MONTHS})\.?\s*[0-9]{{1,2}}(?:st|nd|rd|th)?|[0-9]{{1,2}}(?:st|nd|rd|th)?\.?[\s-]*(?:{_MONTHS})\.?"
    r"|[0-9]{1,2}[/.][0-9]{1,2})\s*"
)
# Korean dates year first with a dot and a space after each part ("2025. 1. 31."): year, month, day
KOREAN_DAY = r"^([0-9]{4})\. ?([0-9]{1,2})\. ?([0-9]{1,2})\.?( .*)?$"
# a moment after a date that is not ISO, ending in a zone abbreviation ("2025/01/31 23:30 JST", "31/01/2025 23:30
# IST"): the date and time, then the name (an ISO one is _read_zoned's)
ZONE_AFTER_DATE = r"^(.*[0-9]:[0-9]{2}(:[0-9]{2})?)\s*([A-Za-z]{2,5})$"
# an offset in a column's header (Salesforce's "Created Date (GMT+01:00)", "Close Date (UTC-5)", "Date (CET)"):
# the zone of its values written without one; a bare UTC or GMT names none (the data's own timezone by default)
HEADER_OFFSET = r"(?:UTC|GMT) ?([+-])([0-9]{1,2})(?::?([0-9]{2}))?\b"
HEADER_ZONE = r"\(([A-Za-z]{2,5})\)"
# anywhere in a line: a time followed by a zone or AM/PM (10:00Z, 10:00:00.000-0300, 10:00 +05:30,
# 10:00 PM, 10:00:00 EST), which a typed read would drop
ZONE_IN_LINE = r":[0-9]{2}(\.[0-9]+)?( ?[-+][0-9]{2}|Z| ?[A-Za-z])"

TIMES = ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %I:%M%p", "T%H:%M", "T%H:%M:%S")
# tried only for a column that has them, so other columns' dates try no more formats
COMMA_TIMES = tuple(
    f"{sep}{time}" for sep in (", ", ",") for time in ("%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%H:%M", "%H:%M:%S")
)
NAMED_FORMATS = tuple(
    f"{day}{time}"
    for day in ("%d %b, %Y", "%d %b %Y", "%d %B %Y", "%d %B, %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y")
    # HubSpot and Salesforce write a US time after a month name: Mar 4, 2025 10:12 AM
    for time in (
        *("", " %H:%M", " %H:%M:%S", ", %H:%M", ", %H:%M:%S"),
        *(f"{sep}%I:%M{sec}{gap}%p" for sep in (" ", ", ") for sec in ("", ":%S") for gap in (" ", "")),
    )
)
# a date written year first with slashes or dots (2025/03/01, 2025.03.01): never day before month
YEAR_FIRST = r"^\d{4}[/.]\d{1,2}[/.]\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$"
YEAR_FIRST_FORMATS = tuple(f"%Y{sep}%m{sep}%d{time}" for sep in ("/", ".") for time in ("", " %H:%M", " %H:%M:%S"))
# the tables kept per month, whose month may be written as a reporting period
PERIOD_KINDS = ("spend", "targets")
# a reporting period in one cell, year first (X Ads' "Time period": 2025/03/01 - 2025/03/31): its months
# captured, so a period within one month is read as its first day and one that runs into another is refused
YEAR_FIRST_PERIOD = r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2}) ?[-–—] ?(\d{4})[/.-](\d{1,2})[/.-]\d{1,2}$"
SPELLING = {"/": "{a}/{b}/YYYY", "-": "{a}-{b}-YYYY", ".": "{a}.{b}.YYYY"}
# a column name that names a week (Google Ads' "Week", "Week commencing", GA4's "ISO year ISO week", German "Woche",
# French "Semaine", Spanish and Portuguese "Semana", Italian "Settimana"), and one that names a day of the week
# ("Weekday", "Day of week", "Wochentag", "Jour de la semaine", "Día de la semana"), which is no week
WEEK_NAME = re.compile(r"week|woche|semaine|semana|settimana", re.IGNORECASE)
WEEKDAY_NAME = re.compile(
    r"week ?day|day ?of ?(the )?week|wochentag|jour de (la )?semaine|d[ií]a de (la )?semana|dia da semana"
    r"|giorno della settimana",
    re.IGNORECASE,
)
# a week written without its days: GA4's isoYearIsoWeek and yearWeek (202610), a week number (43), 2026-W43, W43,
# KW 43; read as a month (202610 as October 2026) it would be a month its days are not in
WEEK_NUMBER = r"^([0-9]{6}|[0-9]{1,2}|[0-9]{4} ?[-/ ]? ?[Ww][0-9]{1,2}|([Ww]|KW|CW) ?[0-9]{1,2}([-/ ][0-9]{4})?)$"
# the oldest month a month's name and a two-digit year is read as: Nov-02 is rather Excel's mmm-dd (2 November) of
# a year the cell does not hold than November 2002
TWO_DIGIT_YEARS_BACK = 20
# a two-digit year below this is read (%y, as DuckDB and Python read it) in the 2000s, from it in the 1900s
TWO_DIGIT_CENTURY_TURN = 69
# a date whose year is of another calendar: Taiwan's ROC (Minguo) year, three digits first (114/03/31 is 2025-03-31),
# or a Hijri year, four digits from 1300 to 1599 first or last (1446/10/01, 01/10/1446: 1446 AH is 2024-25). Read as
# the Gregorian calendar either would be a year centuries off, and converting it a guess of the calendar: refused
ROC_YEAR = r"^([0-9]{3})[/.-][0-9]{1,2}[/.-][0-9]{1,2}(\s.*)?$"
HIJRI_YEAR = (
    r"^(1[3-5][0-9]{2})[/.-][0-9]{1,2}[/.-][0-9]{1,2}(\s.*)?$|^[0-9]{1,2}[/.-][0-9]{1,2}[/.-](1[3-5][0-9]{2})(\s.*)?$"
)
# the highest day of a month: a two-digit last part above it is no day, so it is the year (15/03/45)
LAST_DAY = 31


def names_a_week(name: str) -> bool:
    """Whether a column's name says its rows are weeks ("Week", "Week ending", "Semaine"), not days of the week."""
    return bool(WEEK_NAME.search(name)) and not WEEKDAY_NAME.search(name.replace("_", " "))


@dataclass(frozen=True)
class DateColumn:
    """How one date column was read: the spellings found, and the formats used to read them."""

    column: str
    description: str
    formats: tuple[str, ...] = ()
    # what to say loudly of the dates the mapping's date_format left unread (their rows are skipped)
    unread: str = ""
    # what else to say loudly: local times the file's timezone never showed (their rows are skipped)
    alerts: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderShown:
    """The order of day and month one date column's values showed: a first or second part above 12."""

    day_first: bool
    column: str
    example: str
    # shown by an earlier import of the same export (its columns the same), not by this file
    earlier: bool = False
    # shown by a date of the report's title lines ("Report Time: 9/1/2026 - 11/30/2026"), not by a column
    title: bool = False


@dataclass
class FileOrder:
    """The order of day and month a file's date columns show, for a column of the same file that shows none.

    One export writes every date of a file in its user's one format (HubSpot's 01/15/2025 in Create Date
    and 02/03/2025 in an MQL date column): a column without a day above 12 takes the order its file's other
    columns show, when they all show the same one. Columns read so far are recorded as read (their cells are
    ISO text by then); the others are looked at when a column needs them."""

    table: str
    # file column -> its label, for the date columns not read yet
    unread: dict[str, str]
    # the raw staged file and its text columns no mapping reads (a LinkedIn export's End Date beside the Start Date
    # it reads): the same export wrote them, so their dates show its order too
    raw_table: str = ""
    unmapped: tuple[str, ...] = ()
    # (table, column) -> the order its values show (None: none, or both), for every column looked at or read
    seen: dict[tuple[str, str], OrderShown | None] = field(default_factory=dict)
    # the order an earlier import of the same export showed (stored_order), for a file none of whose columns shows
    # one: a monthly export of the first twelve days of a month has no day above 12
    stored: OrderShown | None = None
    # set when a column took the stored order
    stored_used: OrderShown | None = None
    # the order the dates of the report's title lines show (title_order), for a file none of whose columns shows one
    title: OrderShown | None = None

    def of_others(self, con: duckdb.DuckDBPyConnection, column: str) -> OrderShown | None:
        """The one order the file's other date columns show; None when they show none, or both."""
        others = [(self.table, c, label) for c, label in self.unread.items() if c != column]
        others += [(self.raw_table, c, c) for c in self.unmapped]
        for table, other, label in others:
            if (table, other) not in self.seen:
                self.seen[table, other] = _order_shown(_stats(con, table, other), label)
        found = [s for (t, c), s in self.seen.items() if (t, c) != (self.table, column) and s is not None]
        orders = {s.day_first for s in found}
        if not found and self.title is not None:
            # the report's own period, written by the same export in the same order (said in the report)
            return self.title
        if not found:
            # said loudly by the import (stored_used): the file itself shows nothing
            self.stored_used = self.stored
            return self.stored
        return found[0] if len(orders) == 1 else None

    def shown(self) -> OrderShown | None:
        """The one order this file's own columns showed (None: none, or both), to be remembered for its next export."""
        found = [s for s in self.seen.values() if s is not None]
        return found[0] if len({s.day_first for s in found}) == 1 else None

    def read(self, column: str, label: str, stats: dict) -> None:
        """Record a column as read: its cells become ISO text, so what its values show is kept now."""
        self.unread.pop(column, None)
        self.seen[self.table, column] = _order_shown(stats, label)


# a numeric date in a report's title lines (Microsoft Advertising's "Report Time: 9/1/2026 - 11/30/2026")
TITLE_DATE = re.compile(r"(?<![0-9/.-])([0-9]{1,2})([/.-])([0-9]{1,2})\2[0-9]{4}(?![0-9/.-])")


def title_order(lines: Sequence[str]) -> OrderShown | None:
    """The order of day and month the numeric dates of a report's title lines show (a part above 12, as in
    11/30/2026), None when none shows one, or they show both."""
    shown: dict[bool, str] = {}
    for line in lines:
        for found in TITLE_DATE.finditer(line):
            first, second = int(found.group(1)), int(found.group(3))
            if max(first, second) > LAST_DAY or min(first, second) > 12:
                continue
            if max(first, second) > 12:
                shown.setdefault(first > 12, found.group(0))
    if len(shown) != 1:
        return None
    ((day_first, example),) = shown.items()
    return OrderShown(day_first, "", example, title=True)


def _order_key(kind: str, header: Sequence[str]) -> str:
    # the export is known by its columns, in order: the same report of the same CRM, exported again
    digest = hashlib.sha1("\x1f".join(header).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
    return f"date_order:{kind}:{digest}"


def stored_order(con: duckdb.DuckDBPyConnection, kind: str, header: Sequence[str]) -> OrderShown | None:
    """The order of day and month an earlier import of a file with these very columns showed (None: none kept)."""
    raw = store.get_meta(con, _order_key(kind, header))
    if raw is None:
        return None
    kept = json.loads(raw)
    return OrderShown(bool(kept["day_first"]), str(kept["column"]), str(kept["example"]), earlier=True)


def remember_order(kept: dict[str, str], kind: str, header: Sequence[str], order: FileOrder) -> None:
    """Add the order a file's own dates showed to `kept` (meta key -> value), for the next export with the same
    columns; the import writes it in its transaction, so a refused import keeps nothing. Files of one import with
    the same columns that showed both orders keep nothing (an empty value): two writers, neither to be assumed."""
    shown = order.shown()
    if shown is None or shown.earlier:
        return
    key = _order_key(kind, header)
    value = json.dumps({"day_first": shown.day_first, "column": shown.column, "example": shown.example})
    if key in kept and (not kept[key] or json.loads(kept[key])["day_first"] != shown.day_first):
        kept[key] = ""
    else:
        kept[key] = value


def _order_shown(stats: dict, label: str) -> OrderShown | None:
    """The order of day and month a column's statistics show, or None when they show none or both."""
    if bool(stats["day_first"]) == bool(stats["month_first"]):
        return None
    return OrderShown(bool(stats["day_first"]), label, str(stats["example_decisive"]))


def _numeric_formats(
    separators: Sequence[str], day_first: bool, comma: bool = False, two_digit: bool = False
) -> list[str]:
    order = ("%d", "%m") if day_first else ("%m", "%d")
    times = TIMES + COMMA_TIMES if comma else TIMES
    # a two-digit year first: %Y would read 24 as the year 24, which no row keeps
    years = ("%y", "%Y") if two_digit else ("%Y",)
    return [f"{order[0]}{sep}{order[1]}{sep}{year}{time}" for year in years for sep in separators for time in times]


def time_format(shape: str) -> str | None:
    """The strptime spelling of a time part shaped as TIME_SHAPE says (' 9:9 PM' -> ' %I:%M %p'), '' for none."""
    if not shape:
        return ""
    found = re.fullmatch(TIME_SHAPE, shape)
    if found is None:
        return None
    sep, seconds, half = found.groups()
    hours = "%H" if half is None else "%I"
    return f"{sep}{hours}:%M{':%S' if seconds else ''}{'' if half is None else half.replace('PM', '%p')}"


def settle_line(kind: str, spellings: Sequence[tuple[str, str]] = (), extra: Sequence[str] = ()) -> str:
    """The mapping lines that state a date format, for refusal messages: one format per (date separator, year and
    time spelling) the column has, so that the line read as written reads every such date. A spelling's second part
    without a year of its own (' %H:%M') is one of four digits. `extra`: the formats of the column's other
    spellings (3 Oct 2026), which a line of the numeric ones alone then left unread."""
    spellings = spellings or (("/", ""), ("/", " %H:%M"))

    def year(spelled: str) -> str:
        return spelled if spelled.startswith(("%Y", "%y")) else f"%Y{spelled}"

    def listed(a: str, b: str) -> str:
        formats = [f'"{a}{sep}{b}{sep}{year(time)}"' for sep, time in spellings] + [f'"{f}"' for f in extra]
        return "[" + ", ".join(formats) + "]"

    return f"[{kind}] date_format = {listed('%d', '%m')} (day first) or {listed('%m', '%d')} (month first)"


def _table_spellings(
    con: duckdb.DuckDBPyConnection, table: str, column: str, file_order: FileOrder | None
) -> tuple[list[tuple[str, str]], list[str]]:
    """The spellings of a column and of the table's other date columns not read yet, and the labels of those
    that add one: date_format is one list for every date column of the table, so a line for one column's
    spelling only (Zoho's Created Time 03/02/2025 11:30 AM) left its Closing Date 04/03/2025 unread."""
    found = _spellings(con, table, column)
    adding: list[str] = []
    others = {c: label for c, label in (file_order.unread.items() if file_order else ()) if c != column}
    for other, label in others.items():
        new = [s for s in _spellings(con, table, other) if s not in found]
        if new:
            found += new
            adding.append(label)
    return found, adding


def _other_spellings(con: duckdb.DuckDBPyConnection, table: str, column: str) -> list[str]:
    """The formats of a column's dates that are neither numeric (10/03/2026) nor ISO, which a mapping's date_format
    must list too: the line for the numeric ones alone then skipped 3 Oct 2026 in the same column."""
    q = store.quote_identifier(column)
    values = con.execute(
        f"select list(distinct v)[:{date_hints.VALUES_LOOKED_AT}] from (select trim({q}) as v from {table} "
        f"where {candidate(q)}) where not regexp_matches(v, $numeric) and try_cast(v as timestamp) is null",
        {"numeric": NUMERIC},
    ).fetchone()
    return date_hints.formats_reading(con, sorted(values[0] or [])) if values else []


def _also_read(adding: Sequence[str]) -> str:
    """The refusal's words on the other date columns its line lists formats for."""
    if not adding:
        return ""
    listed = ", ".join(adding)
    return f" (date_format is one list for every date column of the table: the line reads {listed} too)"


def _spellings(con: duckdb.DuckDBPyConnection, table: str, column: str) -> list[tuple[str, str]]:
    """The (date separator, time format) pairs a column's numeric dates are written with, for the refusal's
    suggested date_format (asked only when refusing, so reading a column costs no more)."""
    q = store.quote_identifier(column)
    shape = "regexp_replace(regexp_replace(regexp_extract(v, $numeric, 5), '[0-9]+', '9', 'g'), '[AaPp][Mm]', 'PM')"
    rows = con.execute(
        f"select distinct regexp_extract(v, $numeric, 2), length(regexp_extract(v, $numeric, 4)), {shape} "
        f"from (select trim({q}) as v from {table} where {candidate(q)}) where regexp_matches(v, $numeric) "
        "order by 1, 2 desc, 3 limit 50",
        {"numeric": NUMERIC},
    ).fetchall()
    found = [(sep, "%y" if digits == 2 else "%Y", time_format(shape)) for sep, digits, shape in rows]
    return [(sep, f"{year}{time}") for sep, year, time in found if time is not None]


def _standard_time_in_summer(by_month: list[tuple[str, int | None, int]], names: set[str]) -> list[str]:
    """What to say of a standard-time name written on summer dates in a column that never writes the zone's
    summer name: some programs write "PST" all year for Pacific local time, so those may be an hour off."""
    said = []
    for standard, (summer, months) in SUMMER_NAMES.items():
        n = sum(count for abbr, month, count in by_month if abbr == standard and month in months)
        if n and summer not in names:
            said.append(
                f"{standard} on {fmt_count(n, 'date')} in {summer}'s months, and never {summer} in the column: read "
                f"as {ZONE_OFFSETS[standard]} as written, an hour off if the file writes local time as {standard} "
                "all year"
            )
    return said


def _zone_names_as_offsets(con: duckdb.DuckDBPyConnection, table: str, q: str) -> list[str]:
    """Rewrite a column's moments ending in a zone abbreviation (PST) or UTC/GMT offset (GMT+1) with the offset
    itself; what the report says of the names read, each ambiguous one with the zone it could also be."""
    cell = f"trim({q})"
    written = f"regexp_extract({cell}, $named, 2)"
    name = f"upper({written})"
    by_month = con.execute(
        f"select {name}, try_cast(substr({cell}, 6, 2) as int), count(*) from {table} where {candidate(q)} "
        f"and regexp_matches({cell}, $named) and list_contains($names, {name}) group by 1, 2",
        {"named": ZONE_NAMED, "names": list(ZONE_OFFSETS)},
    ).fetchall()
    counts: dict[str, int] = {}
    for abbr, _, n in by_month:
        counts[abbr] = counts.get(abbr, 0) + n
    found = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    con.execute(
        f"update {table} set {q} = regexp_extract({cell}, $named, 1) || map_extract(map($names, $offsets), {name})[1] "
        f"where {candidate(q)} and regexp_matches({cell}, $named) and list_contains($names, {name})",
        {"named": ZONE_NAMED, "names": list(ZONE_OFFSETS), "offsets": list(ZONE_OFFSETS.values())},
    )
    hours = f"lpad(regexp_extract({cell}, $gmt, 4), 2, '0')"
    minutes = f"coalesce(nullif(regexp_extract({cell}, $gmt, 6), ''), '00')"
    shifted = con.execute(
        f"update {table} set {q} = regexp_extract({cell}, $gmt, 1) || regexp_extract({cell}, $gmt, 3) || {hours} "
        f"|| ':' || {minutes} where {candidate(q)} and regexp_matches({cell}, $gmt)",
        {"gmt": ZONE_GMT_OFFSET},
    ).fetchone()
    said = [
        f"{abbr} ({n:,}) as {ZONE_OFFSETS[abbr]}" + (f" ({ZONE_ALSO[abbr]})" if abbr in ZONE_ALSO else "")
        for abbr, n in found
    ]
    if shifted and shifted[0]:
        said.append(f"UTC or GMT with an offset ({shifted[0]:,}) as that offset")
    said += _standard_time_in_summer(by_month, set(counts))
    unknown = con.execute(
        f"select list(distinct {written} order by {written}), count(*) from {table} "
        f"where {candidate(q)} and regexp_matches({cell}, $named) and {name} not in ('AM', 'PM')",
        {"named": ZONE_NAMED},
    ).fetchone()
    parts = [f"zone names read as fixed offsets: {'; '.join(said)}"] if said else []
    if unknown and unknown[1]:
        names = ", ".join(unknown[0][:5])
        parts.append(
            f"zone names not read ({names}: {fmt_count(unknown[1], 'cell')}, skipped): write those times with an "
            "offset such as +03:00"
        )
    return parts


def _read_epoch(
    con: duckdb.DuckDBPyConnection, table: str, q: str, shape: str, bounds: tuple[int, int], per_second: int
) -> int:
    """Rewrite a column's epoch cells of one shape (milliseconds: `per_second` 1000; seconds: 1) within `bounds` as
    ISO text in the data's timezone; how many."""
    params = {"epoch": shape, "low": bounds[0], "high": bounds[1]}
    where = (
        f"{candidate(q)} and regexp_matches(trim({q}), $epoch) and try_cast(trim({q}) as bigint) between $low and $high"
    )
    found = store.scalar(con, f"select count(*) from {table} where {where}", params)
    if found:
        con.execute(
            f"update {table} set {q} = strftime(timezone($tz, to_timestamp(try_cast(trim({q}) as bigint) "
            f"/ {per_second})), {ISO_TEXT}) where {where}",
            {**params, "tz": config.DATA_TIMEZONE},
        )
    return found


def _read_digits(con: duckdb.DuckDBPyConnection, table: str, q: str, kind: str) -> list[str]:
    """Rewrite a column's dates written in digits alone as ISO text: compact dates (20261019), in a table kept per
    month compact months (202610), and epoch milliseconds; what was read, for the report."""
    parts = []
    if epoch := _read_epoch(con, table, q, EPOCH_MS, EPOCH_MS_RANGE, 1000):
        parts.append(
            f"milliseconds since 1970 (UTC, as HubSpot's API writes them) ({epoch:,}), "
            f"converted to {config.DATA_TIMEZONE}"
        )
    if epoch := _read_epoch(con, table, q, EPOCH_S, EPOCH_S_RANGE, 1):
        parts.append(
            f"seconds since 1970 (UTC, as Customer.io's API writes them) ({epoch:,}), "
            f"converted to {config.DATA_TIMEZONE}"
        )
    shapes = [(COMPACT_DAY, "%Y%m%d", "dates written as eight digits, year first (20261019)")]
    if kind in PERIOD_KINDS:
        shapes.append((COMPACT_MONTH, "%Y%m", "months written as six digits, year first (202610)"))
    for shape, format_, words in shapes:
        where = f"{candidate(q)} and regexp_matches(trim({q}), $shape) and try_strptime(trim({q}), $format) is not null"
        found = store.scalar(con, f"select count(*) from {table} where {where}", {"shape": shape, "format": format_})
        if found:
            con.execute(
                f"update {table} set {q} = strftime(strptime(trim({q}), $format), {ISO_TEXT}) where {where}",
                {"shape": shape, "format": format_},
            )
            parts.append(f"{words} ({found:,})")
    return parts


def candidate(q: str) -> str:
    """SQL: a cell that may need reading (anything but a plain ISO date or time without a zone).

    String tests only, so a column of ten million ISO dates costs no regular expression: a cell with
    '-' at the 5th and 8th place, no zone after its date part and no letter at its end (AM, PM, EST)
    is plain ISO. After the rewrite, a cell that still is a candidate was not read: the row check
    reports it (checks.typed), where DuckDB's lenient cast would drop its PM or zone.
    """
    iso_shape = f"(substr({q}, 5, 1) = '-' and substr({q}, 8, 1) = '-')"
    last = f"ascii(right({q}, 1))"
    letter_at_end = f"({last} between 65 and 90 or {last} between 97 and 122)"
    zone = f"(contains({q}, '+') or contains(substr({q}, 11), '-') or {letter_at_end})"
    return f"({q} <> '' and (not {iso_shape} or {zone}))"


def _stats(con: duckdb.DuckDBPyConnection, table: str, column: str) -> dict[str, int]:
    q = store.quote_identifier(column)
    first = "try_cast(regexp_extract(v, $numeric, 1) as int)"
    second = "try_cast(regexp_extract(v, $numeric, 3) as int)"
    numeric = "regexp_matches(v, $numeric)"
    short = f"{numeric} and length(regexp_extract(v, $numeric, 4)) = 2"
    # a date whose day is the part above 12 exists (its month the other part)
    year = (
        "(try_cast(regexp_extract(v, $numeric, 4) as int) + case when length(regexp_extract(v, $numeric, 4)) = 2 "
        "then 2000 else 0 end)"
    )
    day, month = f"greatest({first}, {second})", f"least({first}, {second})"
    real = f"try_strptime(printf('%04d-%02d-%02d', {year}, {month}, {day}), '%Y-%m-%d') is not null"
    sql = (
        "select count(*) filter (where regexp_matches(v, $zoned)), "
        f"count(*) filter (where {numeric}), "
        # evidence of the order: one part above 12, the other not (13/45/2026 is no date in either order)
        f"count(*) filter (where {numeric} and {first} > 12 and {second} <= 12), "
        f"count(*) filter (where {numeric} and {second} > 12 and {first} <= 12), "
        f"count(*) filter (where {numeric} and regexp_extract(v, $numeric, 2) = '/'), "
        f"count(*) filter (where {numeric} and regexp_extract(v, $numeric, 2) = '-'), "
        f"count(*) filter (where {numeric} and regexp_extract(v, $numeric, 2) = '.'), "
        # a month name only English formats read ("5 janv. 2026" stays unread, and is not counted as read)
        "count(*) filter (where regexp_matches(v, $named) and try_strptime(v, $named_formats) is not null), "
        "count(*) filter (where regexp_matches(v, $serial)), "
        "count(*) filter (where try_strptime(v, $iso12) is not null), "
        # the example that shows the order is a date that exists: 31/02/2026, skipped as unparseable, was cited
        f"coalesce(any_value(v) filter (where {numeric} and ({first} > 12) <> ({second} > 12) and {real}), "
        f"any_value(v) filter (where {numeric} and ({first} > 12) <> ({second} > 12))), "
        f"any_value(v) filter (where {numeric}), "
        # a NUMERIC date has no comma but the one before its time (string tests only: no regular expression more)
        f"count(*) filter (where {numeric} and contains(v, ',')), "
        f"any_value(v) filter (where {numeric} and contains(v, ',')), "
        "count(*) filter (where regexp_matches(v, $year_first)), "
        "count(*) filter (where regexp_matches(v, $period)), "
        f"count(*) filter (where {short}), "
        # a two-digit last part above any day: the year, so the column is not written year first (YY/MM/DD)
        f"count(*) filter (where {short} and try_cast(regexp_extract(v, $numeric, 4) as int) > $last_day), "
        f"any_value(v) filter (where {short}), "
        # the report's examples of each spelling are the file's own (it said "such as 15 Apr, 2021" of any file)
        "min(v) filter (where regexp_matches(v, $named) and try_strptime(v, $named_formats) is not null), "
        "min(v) filter (where regexp_matches(v, $year_first)), "
        "min(v) filter (where try_strptime(v, $iso12) is not null) "
        f"from (select trim({q}) as v from {table} where {candidate(q)})"
    )
    row = con.execute(
        sql,
        {
            "zoned": ISO_ZONED,
            "numeric": NUMERIC,
            "named": NAMED_MONTH,
            "named_formats": list(NAMED_FORMATS),
            "serial": EXCEL_SERIAL,
            "iso12": list(ISO_12H_FORMATS),
            "year_first": YEAR_FIRST,
            "period": YEAR_FIRST_PERIOD,
            "last_day": LAST_DAY,
        },
    ).fetchall()[0]
    keys = ("zoned", "numeric", "day_first", "month_first", "slash", "dash", "dot", "named", "serial", "iso12")
    stats = dict(zip(keys, row[:10], strict=True))
    stats["example_decisive"], stats["example_numeric"] = row[10], row[11]
    stats["comma"], stats["example_comma"] = row[12], row[13]
    stats["year_first"], stats["period"], stats["two_digit"] = row[14], row[15], row[16]
    stats["year_last"], stats["example_short"] = row[17], row[18]
    stats["example_named"], stats["example_year_first"], stats["example_iso12"] = row[19], row[20], row[21]
    return stats


def _comma_spelling(example: str) -> tuple[str, str]:
    """How a NUMERIC date with a comma before its time writes that time (', h:mm AM/PM' or ', HH:MM'), and the
    program only it is written by ('' when several write it): Apple Numbers' 3/1/24, 9:15 AM (a two-digit year and
    a 12-hour time), Salesforce Lightning's 3/5/2024, 2:22 PM (a four-digit year)."""
    found = re.fullmatch(NUMERIC, example)
    twelve = bool(found and re.search(r"[AaPp][Mm]$", found.group(5) or ""))
    time = ", h:mm AM/PM" if twelve else ", HH:MM"
    year = found.group(4) if found else ""
    tool = "" if not twelve else "Apple Numbers" if len(year) == 2 else "Salesforce Lightning"
    return time, tool


def _describe_numeric(stats: dict, day_first: bool, shown_by: str | None = None) -> str:
    a, b = ("D", "M") if day_first else ("M", "D")
    # a column of two-digit years only is spelled with them (M/D/YY); a mixed one says how many
    all_short = stats["two_digit"] == stats["numeric"]
    time, tool = _comma_spelling(str(stats["example_comma"])) if stats["comma"] else ("", "")
    # a program is named only when every date has its year's length (a mixed column may be anyone's)
    tool = tool if all_short or not stats["two_digit"] else ""
    # every date written with the comma: the time is part of the spelling, and the program named when only it does
    whole = time if stats["comma"] == stats["numeric"] else ""
    spellings = [
        f"{SPELLING[sep].format(a=a, b=b).replace('YYYY', 'YY' if all_short else 'YYYY')}{whole} ({stats[key]:,})"
        for sep, key in (("/", "slash"), ("-", "dash"), (".", "dot"))
        if stats[key]
    ]
    order = "day first" if day_first else "month first"
    written = f", as {tool} writes it" if tool else ""
    comma = (
        f"; {stats['comma']:,} with a comma before the time{f', as {tool} writes them' if tool else ''} "
        f"(such as {stats['example_comma']})"
        if stats["comma"] and not whole
        else ""
    )
    shown = shown_by or f"shown by {stats['example_decisive']}"
    years = (
        f"; {stats['two_digit']:,} with a two-digit year ({_year_read(str(stats['example_short']))})"
        if stats["two_digit"] and not all_short
        else ""
    )
    said = f"{' and '.join(spellings)}{written if whole else ''}"
    return f"{said}, {order} ({shown}){comma}{years}"


def _year_read(example: str) -> str:
    """How a NUMERIC date's two-digit year is read, from a value of the column: '15/03/24' -> '24 as 2024'."""
    found = re.fullmatch(NUMERIC, example)
    year = found.group(4) if found else ""
    if len(year) != len("yy"):
        return ""
    century = 1900 if int(year) >= TWO_DIGIT_CENTURY_TURN else 2000
    return f"{year} as {century + int(year)}"


def _refuse_year_first_unshown(
    con: duckdb.DuckDBPyConnection, table: str, column: str, stats: dict, where: str, kind: str
) -> None:
    """Refuse a day-first column of two-digit years none of which is above 31: 24/03/15 reads as 24 March 2015
    and as 2024-03-15 written year first (YY/MM/DD), and nothing in the column says which."""
    if not stats["two_digit"] or stats["year_last"]:
        return
    example = str(stats["example_short"])
    spellings = _spellings(con, table, column) or [("/", "%y")]
    day = [f'"%d{sep}%m{sep}{spelled}"' for sep, spelled in spellings]
    # a four-digit year stays last either way; a two-digit one goes first in the year-first line
    year = [
        f'"%y{sep}%m{sep}%d{spelled[2:]}"' if spelled.startswith("%y") else f'"%d{sep}%m{sep}{spelled}"'
        for sep, spelled in spellings
    ]
    raise ImportRefused(
        f"{where}: dates such as {example} have a two-digit year and can be read day first "
        f"({_year_read(example)}) or year first (its first part the year), and no last part above {LAST_DAY} "
        f"shows which; state the format: [{kind}] date_format = [{', '.join(day)}] (day first) or "
        f"[{', '.join(year)}] (year first)"
    )


def _day_first(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    stats: dict[str, int],
    where: str,
    kind: str,
    file_order: FileOrder | None = None,
) -> tuple[bool, str | None]:
    """Whether a column's numeric dates are day-first (see _order_of); a day-first column of two-digit years is
    refused unless a year shows itself, as it may be written year first."""
    day_first, shown_by = _order_of(con, table, column, stats, where, kind, file_order)
    if day_first:
        _refuse_year_first_unshown(con, table, column, stats, where, kind)
    return day_first, shown_by


def _order_of(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    stats: dict[str, int],
    where: str,
    kind: str,
    file_order: FileOrder | None = None,
) -> tuple[bool, str | None]:
    """Whether a column's numeric dates are day-first, as its values above 12 show (else as the file's other
    date columns all show, and what says so); refused when they show both orders, or neither, with the
    date_format line that reads the column's own spellings."""
    if not stats["day_first"] and not stats["month_first"] and file_order is not None:
        other = file_order.of_others(con, column)
        if other is not None:
            if other.title:
                return other.day_first, f"as the report's title shows: {other.example}"
            if other.earlier:
                return other.day_first, (
                    f"as the earlier import of the same export (the same columns) showed in column {other.column!r}: "
                    f"{other.example}; if this file was written another way, state its date_format"
                )
            return other.day_first, f"as column {other.column!r} of the same file shows: {other.example}"
    if stats["day_first"] and stats["month_first"]:
        spellings, adding = _table_spellings(con, table, column, file_order)
        raise ImportRefused(
            f"{where}: some dates are day-first and some month-first (such as {stats['example_decisive']}); "
            f"state the format: {settle_line(kind, spellings, _other_spellings(con, table, column))}"
            f"{_also_read(adding)}"
        )
    if not stats["day_first"] and not stats["month_first"]:
        spellings, adding = _table_spellings(con, table, column, file_order)
        raise ImportRefused(
            f"{where}: dates such as {stats['example_numeric']} can be read day-first or month-first and no date "
            f"in the column shows which; state the format: "
            f"{settle_line(kind, spellings, _other_spellings(con, table, column))}{_also_read(adding)}"
        )
    return bool(stats["day_first"]), None


def _declared_words(con: duckdb.DuckDBPyConnection, table: str, column: str, declared: Sequence[str]) -> str:
    """How a column read with the mapping's date_format was read: by the format, or (its cells plain ISO dates the
    format does not fit) as written; the report said "the mapping's date_format (%d/%m/%Y)" of ISO times."""
    q = store.quote_identifier(column)
    fits = f"try_strptime(trim({q}), $formats) is not null"
    fit, plain = con.execute(
        f"select count(*) filter (where {fits}), count(*) filter (where not {fits} and clean({q}) is not null and not "
        f"{candidate(q)}) from {table}",
        {"formats": list(declared)},
    ).fetchall()[0]
    stated = f"the mapping's date_format ({' or '.join(declared)})"
    if plain and not fit:
        return f"plain ISO dates as written ({plain:,}): {stated} fits none of them"
    if plain:
        return f"{stated} ({fit:,}), and plain ISO dates as written ({plain:,})"
    return stated


def _formats_to_read(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    stats: dict,
    where: str,
    kind: str,
    declared: Sequence[str],
    file_order: FileOrder | None = None,
) -> tuple[list[str], list[str]]:
    """The formats that read a column's cells, and the words that say which spellings were found."""
    if declared:
        return list(declared), [_declared_words(con, table, column, declared)]
    formats: list[str] = []
    parts: list[str] = []
    if stats["numeric"]:
        day_first, shown_by = _day_first(con, table, column, stats, where, kind, file_order)
        separators = [sep for sep, key in (("/", "slash"), ("-", "dash"), (".", "dot")) if stats[key]]
        formats += _numeric_formats(separators, day_first, bool(stats["comma"]), bool(stats["two_digit"]))
        parts.append(_describe_numeric(stats, day_first, shown_by))
    for key, spelled, described in (
        ("named", NAMED_FORMATS, "dates with month names"),
        ("year_first", YEAR_FIRST_FORMATS, "dates written year first"),
        ("iso12", ISO_12H_FORMATS, "12-hour times"),
    ):
        if stats[key]:
            formats += spelled
            parts.append(f"{described} such as {stats['example_' + key]} ({stats[key]:,})")
    return formats, parts


def _read_periods(con: duckdb.DuckDBPyConnection, table: str, q: str, where: str) -> None:
    """Rewrite a column's one-month periods (2025/03/01 - 2025/03/31) as their first day; refuse any period
    that runs from one month into another, whose amount no month can be given without a guess."""
    period = f"regexp_extract(trim({q}), $period, ['y1', 'm1', 'd1', 'y2', 'm2'])"
    found = con.execute(
        f"select count(*), any_value(trim({q})) from {table} where {candidate(q)} and regexp_matches(trim({q}), "
        f"$period) and ({period}.y1::int, {period}.m1::int) <> ({period}.y2::int, {period}.m2::int)",
        {"period": YEAR_FIRST_PERIOD},
    ).fetchone()
    if found and found[0]:
        raise ImportRefused(
            f"{where}: {fmt_count(found[0], 'row')} {'covers' if found[0] == 1 else 'cover'} a period that runs "
            f"from one month into another (such as {found[1]!r}): spend and targets are kept per month, and a "
            "row's amount cannot be split over its months without a guess; export the report by month or by day"
        )
    con.execute(
        f"update {table} set {q} = make_date({period}.y1::int, {period}.m1::int, {period}.d1::int)::varchar "
        f"where {candidate(q)} and regexp_matches(trim({q}), $period)",
        {"period": YEAR_FIRST_PERIOD},
    )


def _read_zoned(con: duckdb.DuckDBPyConnection, table: str, q: str, kind: str) -> list[str]:
    """Rewrite a column's times with a zone as ISO text; what the report says of them. In a table kept per month each
    stays on the day it was written with (_local_days); elsewhere a moment is moved to the data's timezone."""
    if kind in PERIOD_KINDS:
        return _local_days(con, table, q, kind)
    parts: list[str] = []
    named = _zone_names_as_offsets(con, table, q) + _summer_time_changes(con, table, q)
    # a moment with an offset or a zone name is moved to the data's timezone: dropping it would shift
    # the moment. "10:00 +05:30" loses the space DuckDB does not read; a zone it does not know stays as
    # written, and the row check reports it; an abbreviation not in ZONE_OFFSETS is not DuckDB's to guess
    zoned = f"try_cast(regexp_replace(trim({q}), ' ([+-][0-9])', '\\1') as timestamptz)"
    converted = con.execute(
        f"update {table} set {q} = coalesce(strftime(timezone($tz, {zoned}), {ISO_TEXT}), {q}) "
        f"where {candidate(q)} and regexp_matches(trim({q}), $zoned) and not regexp_matches(trim({q}), $abbr)",
        {"tz": config.DATA_TIMEZONE, "zoned": ISO_ZONED, "abbr": ZONE_NAMED},
    ).fetchone()
    count = converted[0] if converted else 0
    if count:
        # the times beside them without a zone are said by _naive_times, with the zone they were read in
        parts.append(f"times with a zone (offset, Z or name) ({count:,}), converted to {config.DATA_TIMEZONE}")
    parts += named
    return parts


def _summer_time_changes(con: duckdb.DuckDBPyConnection, table: str, q: str) -> list[str]:
    """What to say of local times written with a region (Europe/Berlin) that its clocks skipped or showed twice at a
    summer-time change: 02:30 on the last Sunday of March never happened in Berlin (read as 03:30, the moment a clock
    would have reached), and 02:30 on the last Sunday of October happened twice (read as the second, standard time's):
    either may be an hour off, so the report says how many and which."""
    params = {"region": REGION_ZONE, "local": LOCAL_PART}
    local = f"try_cast(regexp_extract(trim({q}), $local, 1) as timestamp)"
    found = con.execute(
        f"""
        with written as (
            select trim({q}) as value, regexp_extract(trim({q}), $region, 1) as zone, {local} as local,
                try_cast(trim({q}) as timestamptz) as moment
            from {table}
            where {candidate(q)} and regexp_matches(trim({q}), $region)
        ),
        read as (
            select value, timezone(zone, moment) <> local as skipped,
                timezone(zone, moment) = local and (
                    -- Lord Howe Island moves its clocks by half an hour
                    timezone(zone, moment - interval 1 hour) = local or timezone(zone, moment + interval 1 hour) = local
                    or timezone(zone, moment - interval 30 minute) = local
                    or timezone(zone, moment + interval 30 minute) = local
                ) as twice
            from written
            where local is not null and moment is not null
        )
        select count(*) filter (where skipped), min(value) filter (where skipped),
            count(*) filter (where twice), min(value) filter (where twice)
        from read
        """,
        params,
    ).fetchone()
    if not found:
        return []
    skipped, skipped_example, twice, twice_example = found
    said = []
    if skipped:
        said.append(
            f"{fmt_count(skipped, 'time')} in the hour the clocks skip when summer time starts (such as "
            f"{skipped_example!r}): no such local time exists, read as the time after the skip; check the export's "
            "time zone"
        )
    if twice:
        said.append(
            f"{fmt_count(twice, 'time')} in the hour shown twice when summer time ends (such as {twice_example!r}): "
            "read as the second, standard time's; it may be the first, earlier by the clocks' change"
        )
    return said


def _local_days(con: duckdb.DuckDBPyConnection, table: str, q: str, kind: str) -> list[str]:
    """In a table kept per month, rewrite a column's times with a zone as the day and time written, the zone left
    aside; what the report says of them. An ad platform writes a row's day in its account's time zone (Meta's API:
    2026-11-01T00:00:00+0100 is 1 November's spend): moved to the data's time zone, the first of a month was the
    last of the one before, and its money that month's."""
    local = f"try_cast(regexp_extract(trim({q}), $local, 1) as timestamp)"
    where = f"{candidate(q)} and regexp_matches(trim({q}), $zoned) and {local} is not null"
    params = {"zoned": ISO_ZONED, "local": LOCAL_PART}
    found = con.execute(
        f"select count(*), arg_min(trim({q}), {local}), min({local})::date from {table} where {where}", params
    ).fetchone()
    if not found or not found[0]:
        return []
    con.execute(f"update {table} set {q} = strftime({local}, {ISO_TEXT}) where {where}", params)
    return [
        f"times with a zone (offset, Z or name) ({found[0]:,}), each on the day it was written with ({found[1]} as "
        f"{found[2]}), not converted to {config.DATA_TIMEZONE}: {kind} is kept per month, and a row's day is the "
        "day of the account that wrote it"
    ]


def _read_excel_days(con: duckdb.DuckDBPyConnection, table: str, q: str, count: int, excel: str | None) -> str:
    """Read a workbook's day numbers as dates (a CSV's are left as written: which day they count from is not in
    it); what the report says of them."""
    if excel is None:
        example = store.scalar(
            con,
            f"select min(trim({q})) from {table} where regexp_matches(trim({q}), $serial)",
            {"serial": EXCEL_SERIAL},
        )
        return (
            f"{SERIALS_UNREAD} {count:,} Excel day numbers such as {example} (a CSV does not say which day they count "
            "from; import the workbook itself (.xlsx), or format the column as dates before saving it as CSV)"
        )
    con.execute(
        f"update {table} set {q} = strftime($zero::timestamp + "
        f"to_microseconds(round(cast(trim({q}) as double) * 86400000000)::bigint), {ISO_TEXT}) "
        f"where {candidate(q)} and regexp_matches(trim({q}), $serial)",
        {"serial": EXCEL_SERIAL, "zero": excel},
    )
    system = "" if excel == readers.EXCEL_DAY_ZERO else f" of the 1904 date system (days from {excel})"
    return f"Excel day numbers{system} ({count:,})"


def _blank_no_dates(con: duckdb.DuckDBPyConnection, table: str, column: str, kind: str) -> list[str]:
    """Blank an optional date column's cells written as no date (N/A, a dash); what the report says of them."""
    # none is a date: the lead stays, never an MQL. A required date stays as written, its row skipped quoting it
    if store.table_columns(con, kind).get(column, ("", True))[1]:
        return []
    blanked = numbers.blank_no_values(con, table, store.quote_identifier(column))
    shown = ", ".join(f"{value!r} {n:,}" for value, n in blanked)
    return [f"blank where written as no date ({sum(n for _, n in blanked):,}: {shown})"] if blanked else []


# the months of a plan or a spend sheet as finance writes them: a month's name and a two- or four-digit year (Excel's
# mmm-yy saved as text: Jan-26, Jan 26, January 2026), or year/month (2026/01); and a quarter, which no month is.
# The report shows the file's first month of each as read ("Jan 2025 as 2025-01"): a fixed "Jan 2026" beside a
# plan of 2025 read as if its year had been misread
MONTH_SPELLINGS = (
    (r"^([A-Za-z]{3,9})[-\s'’]?([0-9]{2})$", "%b-%y", "%B-%y", "a month's name and a two-digit year"),
    (r"^([A-Za-z]{3,9})[-\s]([0-9]{4})$", "%b-%Y", "%B-%Y", "a month's name and its year"),
    (r"^([0-9]{4})/([0-9]{1,2})$", "%Y-%m", "%Y-%m", "year/month"),
)
# a month's English name and its year, as Google Ads writes its Month column ("September 2026"), which the import
# reads (MONTH_SPELLINGS): a proposal counts such a column as dates
MONTH_YEAR = (
    r"(?i)^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?"
    r"|dec(ember)?)\.?[-\s][0-9]{4}$"
)
QUARTER = r"^(Q[1-4][\s-]*[0-9]{2,4}|[0-9]{4}[\s-]*Q[1-4])$"


def _month_spellings(con: duckdb.DuckDBPyConnection, table: str, q: str, kind: str, where: str) -> list[str]:
    """In a table kept per month, rewrite months written as finance writes them (MONTH_SPELLINGS) as ISO text, and
    refuse quarters (a quarter's figure is no month's); what was read, for the report."""
    if kind not in PERIOD_KINDS:
        return []
    quarter = con.execute(
        f"select any_value(trim({q})) from {table} where regexp_full_match(upper(trim({q})), $quarter)",
        {"quarter": QUARTER},
    ).fetchone()
    if quarter and quarter[0]:
        raise ImportRefused(
            f"{where}: {quarter[0]!r} is a quarter, and {kind} are kept per month (a quarter's figure in one month "
            "would show two empty months and one tripled); split each quarter's figure into its months (a third "
            "each, or as the plan says) and import the months"
        )
    _refuse_days_as_years(con, table, q, where)
    parts = []
    for shape, short, full, words in MONTH_SPELLINGS:
        cell = f"regexp_replace(trim({q}), $shape, '\\1-\\2')"
        read = f"coalesce(try_strptime({cell}, $short), try_strptime({cell}, $full))"
        matches = f"regexp_full_match(trim({q}), $shape) and {read} is not null"
        spelled = {"shape": shape, "short": short, "full": full}
        first = con.execute(
            f"select arg_min(trim({q}), {read}), strftime(min({read}), '%Y-%m') from {table} where {matches}", spelled
        ).fetchone()
        found = con.execute(
            f"update {table} set {q} = strftime({read}, {ISO_TEXT}) where {matches}", spelled
        ).fetchone()
        if found and found[0] and first:
            parts.append(f"months written with {words} ({first[0]} as {first[1]}) ({found[0]:,})")
    return parts


# one month's name with this many two-digit numbers is a run of days, not of years (a plan spans two or three)
DAYS_AS_YEARS = 4


def _refuse_days_as_years(con: duckdb.DuckDBPyConnection, table: str, q: str, where: str) -> None:
    """Refuse a column whose month's name and two digits are a day, not a year: Excel's mmm-dd saved as text (Nov-02,
    Nov-09, Nov-16: three weeks of November) read as mmm-yy put each row in another year. So are one month's name
    with numbers that are no run of years (a plan's Jan-25 and Jan-26 are two years; four or more, or a gap of more
    than a year, are days), a year after next year, and a year more than TWO_DIGIT_YEARS_BACK years before today."""
    shape, short, full, _ = MONTH_SPELLINGS[0]
    cell = f"regexp_replace(trim({q}), $shape, '\\1-\\2')"
    read = f"coalesce(try_strptime({cell}, $short), try_strptime({cell}, $full))"
    # the product's clock (the data's zone; tests freeze it), not the machine's date nor DuckDB's current_date
    today = clock.today()
    found = con.execute(
        f"select month({read}) as m, list(distinct year({read}) order by year({read})), "
        f"list(distinct trim({q}) order by {read}), min({read})::date, arg_min(trim({q}), {read}), "
        f"min({read}) < $today::date - to_years($back) from {table} "
        f"where regexp_full_match(trim({q}), $shape) and {read} is not null group by m order by min({read})",
        {"shape": shape, "short": short, "full": full, "back": TWO_DIGIT_YEARS_BACK, "today": today},
    ).fetchall()
    # a plan's months skip a year at most (Nov-24, Nov-26); a week's days run on (Nov-23 … Nov-29 are no seven
    # Novembers), and a month's end falls years ahead (Oct-31, Nov-30)
    ahead = today.year + 1
    days = [
        (m, written)
        for m, years, written, *_ in found
        if any(b - a > 2 for a, b in itertools.pairwise(years)) or len(years) >= DAYS_AS_YEARS or years[-1] > ahead
    ]
    if days:
        written = [w for _, group in days for w in group]
        listed = ", ".join(map(repr, written[:6])) + (f" and {len(written) - 6:,} more" if len(written) > 6 else "")
        example = f"{written[0]!r} for {int(written[0][-2:])} {calendar.month_name[days[0][0]]}"
        raise ImportRefused(
            f"{where}: {listed} give one month's name with numbers that are no run of years: they are days of the "
            f"month (Excel's mmm-dd, {example}), not two-digit years, and the year is not in the cell. Write the "
            "dates in full (2026-11-02) or the months with their year (Nov 2026), and import again"
        )
    old = [(first, written) for _, _, _, first, written, too_old in found if too_old]
    if old:
        first, written = min(old)
        raise ImportRefused(
            f"{where}: {written!r}, read as a month's name and a two-digit year, is {first:%B %Y}, more than "
            f"{TWO_DIGIT_YEARS_BACK} years ago: if its number is a day (Excel's mmm-dd), the year is not in the cell. "
            f"Write the dates in full (2026-11-02) or the months with their year ({first:%b %Y}), and import again"
        )


def _refuse_week_numbers(con: duckdb.DuckDBPyConnection, table: str, q: str, kind: str, label: str, where: str) -> None:
    """In a table kept per month, refuse a column named for weeks whose cells are weeks without their days (GA4's
    "ISO year ISO week" 202610, a week number 43): never read as months (202610 is no October), and a week cannot
    be placed in a month without its days."""
    if kind not in PERIOD_KINDS or not names_a_week(label):
        return
    found = con.execute(
        f"select count(*), list(distinct trim({q}) order by trim({q}))[:3] from {table} "
        f"where regexp_full_match(trim({q}), $week)",
        {"week": WEEK_NUMBER},
    ).fetchone()
    if found and found[0]:
        raise ImportRefused(
            f"{where}: {fmt_count(found[0], 'row')} {'is' if found[0] == 1 else 'are'} dated by a week written "
            f"without its days (such as {', '.join(map(repr, found[1]))}), not by a month or a day: {kind} is kept "
            "per month, and a week cannot be placed in a month without its days (a week may hold days of two "
            "months). Export the report by day or by month (GA4: Date or Year month instead of the week)"
        )


def _js_dates(con: duckdb.DuckDBPyConnection, table: str, q: str, declared: Sequence[str]) -> None:
    """Rewrite JavaScript's Date.toString cells, as Freshsales exports them ("Wed Oct 14 2026 10:15:00 GMT+0530 (India
    Standard Time)"), as ISO times with their offset, which the zoned times' reading converts (not when the mapping
    declares the formats)."""
    if declared:
        return
    cell = f"trim({q})"
    js = f"regexp_extract({cell}, $js, ['month_day_year', 'time', 'sign', 'hh', 'mm'])"
    con.execute(
        f"update {table} set {q} = strftime(strptime({js}.month_day_year || ' ' || {js}.time, '%b %d %Y %H:%M:%S'), "
        f"'%Y-%m-%dT%H:%M:%S') || {js}.sign || {js}.hh || ':' || {js}.mm "
        f"where {candidate(q)} and contains({q}, 'GMT') and regexp_full_match({cell}, $js)",
        {"js": JS_DATE},
    )


def _half_day_times(con: duckdb.DuckDBPyConnection, table: str, q: str) -> list[str]:
    """Rewrite 12-hour times whose half of the day is written in Japanese, Korean or Spanish (午後11:30, 오후 11:30,
    11:30 p. m.) as 24-hour times, and Korean dates (2025. 1. 31.) year first with slashes, so the column's spellings
    read them (no strptime format reads 午後 or p. m.); what the report says of them."""
    cell = f"trim({q})"
    said = []
    for pattern, names in (
        (HALF_DAY_BEFORE, ["day", "half", "h", "m", "s"]),
        (HALF_DAY_AFTER, ["day", "h", "m", "s", "half"]),
    ):
        g = f"regexp_extract({cell}, $re, {names})"
        half = f"replace({g}.half, ' ', '')"
        hour = f"lpad((({g}.h::int % 12) + if(list_contains($afternoon, {half}), 12, 0))::varchar, 2, '0')"
        # an ISO date with a marker (2025-03-31 오후 11:50) is no candidate: a cell of other letters than ASCII is
        # tested too (a byte count against a character count, no regular expression for an ISO column)
        which = (
            f"({candidate(q)} or strlen({q}) <> length({q})) and regexp_full_match({cell}, $re) and {g}.h::int <= 12"
        )
        found = con.execute(
            f"select list(distinct {g}.half order by {g}.half), count(*) from {table} where {which}",
            {"re": pattern},
        ).fetchone()
        if not found or not found[1]:
            continue
        con.execute(
            f"update {table} set {q} = {g}.day || ' ' || {hour} || ':' || {g}.m || {g}.s where {which}",
            {"re": pattern, "afternoon": list(AFTERNOON)},
        )
        markers = "/".join(found[0])
        said.append(f"12-hour times written with {markers} ({found[1]:,}) read as 24-hour times")
    k = f"regexp_extract({cell}, $korean, ['y', 'm', 'd', 'rest'])"
    con.execute(
        f"update {table} set {q} = {k}.y || '/' || lpad({k}.m, 2, '0') || '/' || lpad({k}.d, 2, '0') || {k}.rest "
        f"where {candidate(q)} and regexp_full_match({cell}, $korean)",
        {"korean": KOREAN_DAY},
    )
    return said


def _cjk_days(con: duckdb.DuckDBPyConnection, table: str, q: str) -> list[str]:
    """Rewrite long dates of Chinese, Japanese and Korean programs (2025年3月31日, 2025년 3월 31일) year first with
    slashes, their time kept for the column's spellings to read (a 12-hour marker after them too); what the report
    says of them."""
    cell = f"trim({q})"
    k = f"regexp_extract({cell}, $cjk, ['y', 'm', 'd', 'rest'])"
    found = con.execute(
        f"update {table} set {q} = {k}.y || '/' || lpad({k}.m, 2, '0') || '/' || lpad({k}.d, 2, '0') "
        f"|| if({k}.rest = '', '', ' ' || {k}.rest) "
        f"where strlen({q}) <> length({q}) and regexp_full_match({cell}, $cjk)",
        {"cjk": CJK_DAY},
    ).fetchone()
    return (
        [f"long dates written year年month月day日 or year년 month월 day일 ({found[0]:,})"] if found and found[0] else []
    )


def _month_word_languages(words: set[str]) -> tuple[list[str], dict[str, int]]:
    """The languages whose month names (MONTH_WORDS) hold every word, and the month each word is in them; no language
    when two of them would read a word as different months."""
    languages = []
    months: dict[str, int] = {}
    for language, names in MONTH_WORDS.items():
        of = {word: number for number, spelled in enumerate(names, start=1) for word in spelled}
        if words <= of.keys():
            languages.append(language)
            if any(months.get(w, of[w]) != of[w] for w in words):
                return [], {}
            months.update({w: of[w] for w in words})
    return languages, months


def _month_language_refused(where: str, words: set[str], example: str) -> ImportRefused:
    """The refusal of a column whose month names are not all one language's, each name with its languages."""
    spoken = {
        w: [
            lang for lang, names in (("English", (ENGLISH_MONTHS,)), *MONTH_WORDS.items()) if any(w in m for m in names)
        ]
        for w in sorted(words)
    }
    listed = "; ".join(f"{w!r} ({' or '.join(langs)})" for w, langs in spoken.items())
    return ImportRefused(
        f"{where}: dates such as {example!r} give month names that are not all one language's ({listed}), and a "
        "month's name is read only when every name in the column is one language's; export the dates as YYYY-MM-DD "
        "(or with the month as a number) and import again"
    )


def _english_cannot_read(con: duckdb.DuckDBPyConnection, table: str, q: str, which: str) -> bool:
    """Whether day-first dates whose month words are all English ones are spelled as the English reader does not read
    them: an abbreviation with its dot, or Sept (French 15 sept. 2024, Spanish 15 mar. 2024, German 5. Nov. 2024)."""
    found = con.execute(
        f"select count(*) from {table} where {which} and regexp_matches(lower(trim({q})), $spelled)",
        {"named": NAMED_LOCAL, "spelled": r"\pL\.[\s-]|(^|[^\pL])sept([^\pL]|$)"},
    ).fetchone()
    return bool(found and found[0])


def _local_month_names(con: duckdb.DuckDBPyConnection, table: str, q: str, where: str) -> list[str]:
    """Rewrite day-first dates with a month's name in French, German, Spanish, Portuguese, Italian, Dutch, Turkish or
    Greek (15 févr. 2024, 5. März 2024, 3 de abril de 2024, 31 Mart 2025, 31 Μαρ 2025) as ISO text, when every month
    name in the column is one language's; refused when they are of several. What the report says."""
    cell = f"trim({q})"
    g = f"regexp_extract({cell}, $named, ['d', 'w', 'y', 't'])"
    which = f"{candidate(q)} and regexp_full_match({cell}, $named)"
    found = con.execute(
        f"select list(distinct lower({g}.w)), any_value({cell}) from {table} where {which}", {"named": NAMED_LOCAL}
    ).fetchone()
    # a word no language names a month with (a typo, "3 Jnue 2024") stays as written: the row check reports its row
    known = ENGLISH_MONTHS.union(*(m for names in MONTH_WORDS.values() for m in names))
    words = {w for w in (found[0] or []) if w in known} if found else set()
    if words <= ENGLISH_MONTHS and not _english_cannot_read(con, table, q, which):
        return []
    languages, months = _month_word_languages(words)
    if not languages and words & ENGLISH_MONTHS:
        # English names beside another language's (6 Jan 2026 beside 5 janv. 2026): the English ones are read as
        # before, the others left unread, their rows skipped and reported as unparseable
        return []
    if not languages:
        raise _month_language_refused(where, words, str(found[1] if found else ""))
    params = {"named": NAMED_LOCAL, "words": list(months), "months": list(months.values())}
    which += f" and list_contains($words, lower({g}.w))"
    shown = con.execute(
        f"select any_value({cell}) from {table} where {which}", {"named": NAMED_LOCAL, "words": list(months)}
    ).fetchone()
    month = f"$months[list_position($words, lower({g}.w))]"
    read = con.execute(
        f"update {table} set {q} = {g}.y || '-' || lpad({month}::varchar, 2, '0') || '-' || lpad({g}.d, 2, '0') "
        f"|| if({g}.t = '', '', ' ' || if(strpos({g}.t, ':') = 2, '0', '') || {g}.t) where {which}",
        params,
    ).fetchone()
    count = read[0] if read else 0
    return [f"dates with month names in {' or '.join(languages)} such as {shown[0] if shown else ''} ({count:,})"]


def _refuse_other_calendars(con: duckdb.DuckDBPyConnection, table: str, q: str, where: str) -> None:
    """Refuse dates whose year is of Taiwan's ROC calendar or the Hijri one (ROC_YEAR, HIJRI_YEAR): no order of day
    and month, and no strptime format, reads them right."""
    cell = f"trim({q})"
    for shape, said in (
        (ROC_YEAR, "Taiwan's ROC (Minguo) calendar, which counts from 1912 (114 is 2025)"),
        (HIJRI_YEAR, "the Hijri (Islamic) calendar (1446 AH is 2024-25)"),
    ):
        found = con.execute(
            f"select count(*), any_value({cell}) from {table} where {candidate(q)} and regexp_full_match({cell}, $re)",
            {"re": shape},
        ).fetchone()
        if found and found[0]:
            parts = m.groups() if (m := re.fullmatch(shape, found[1])) else ()
            year = next((y for y in parts if y and y[0].isdigit()), "")
            raise ImportRefused(
                f"{where}: {fmt_count(found[0], 'date')} such as {found[1]!r} {'has' if found[0] == 1 else 'have'} "
                f"the year {year}, a year below 1900 as the Gregorian calendar counts: it looks like a year of {said}. "
                "The importer does not convert calendars by guess; export the file with Gregorian dates (YYYY-MM-DD) "
                "and import again"
            )


def header_offset(label: str) -> str | None:
    """The offset a column's header gives its times ("Created Date (GMT+01:00)": +01:00; "Date (CET)": +01:00), or
    None when it names none (a bare UTC or GMT is the data's own timezone by default, and read as it always was)."""
    if m := re.search(HEADER_OFFSET, label, re.IGNORECASE):
        return f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}"
    if (m := re.search(HEADER_ZONE, label)) and m[1].upper() in ZONE_OFFSETS and m[1].upper() not in ("UTC", "GMT"):
        return ZONE_OFFSETS[m[1].upper()]
    return None


def header_zone(label: str) -> str | None:
    """The zone abbreviation a column's header names for its times ("Created (CST)": CST), when it gives their offset
    by a name, not a number: the report says the other zone an ambiguous name may mean, as for a cell's own name."""
    if re.search(HEADER_OFFSET, label, re.IGNORECASE):
        return None
    m = re.search(HEADER_ZONE, label)
    return m[1].upper() if m and m[1].upper() in ZONE_OFFSETS and m[1].upper() not in ("UTC", "GMT") else None


_ZONE_TABLES = itertools.count()


def _zones_apart(con: duckdb.DuckDBPyConnection, table: str, q: str, label: str, kind: str) -> str | None:
    """Set aside the offset of each time that has one apart from an ISO moment's: a zone abbreviation after another
    spelling of the date ("2025/01/31 23:30 JST"), or the header's ("Created Date (GMT+01:00)") for a time written
    without one; the cell keeps its date and time for the column's spellings to read. The name of the table of row
    -> offset, for _zones_applied; None when there is none. A table kept per month keeps the day as written."""
    if kind in PERIOD_KINDS:
        return None
    zones = f"_date_zones_{next(_ZONE_TABLES)}"
    cell = f"trim({q})"
    name = f"upper(regexp_extract({cell}, $after, 3))"
    named = f"regexp_full_match({cell}, $after) and list_contains($names, {name}) and not regexp_matches({cell}, $iso)"
    params = {"after": ZONE_AFTER_DATE, "names": list(ZONE_OFFSETS), "iso": ISO_ZONED}
    con.execute(
        f"create temp table {zones} as select rowid as r, {name} as zone, "
        f"map_extract(map($names, $offsets), {name})[1] as zone_offset from {table} where {candidate(q)} and {named}",
        {**params, "offsets": list(ZONE_OFFSETS.values())},
    )
    con.execute(f"update {table} set {q} = regexp_extract({cell}, $after, 1) where {candidate(q)} and {named}", params)
    offset = header_offset(label)
    if offset is not None and _times_of_day(con, table, cell):
        # a time without a zone of its own (a date alone is a day, not moved); 11:30 PM is no zone
        own = f"(regexp_matches({cell}, $iso) and not regexp_matches({cell}, '[0-9 ][AaPp][Mm]$'))"
        con.execute(
            f"insert into {zones} select rowid, null, $offset from {table} where {cell} <> '' and contains({q}, ':') "
            f"and not {own} and not contains(upper({q}), 'GMT') and rowid not in (select r from {zones})",
            {"offset": offset, "iso": ISO_ZONED},
        )
    return zones


def _times_of_day(con: duckdb.DuckDBPyConnection, table: str, cell: str) -> bool:
    """Whether a column holds a time other than midnight: an XLSX date cell reaches the importer as midnight
    ("2025-02-01 00:00:00"), and a header's offset moved a column of such days to the day before."""
    found = con.execute(
        f"select count(*) from {table} where contains({cell}, ':') "
        f"and not regexp_matches({cell}, '[ T]00:00(:00(\\.0+)?)?$')"
    ).fetchone()
    return bool(found and found[0])


def _zones_applied(con: duckdb.DuckDBPyConnection, table: str, q: str, zones: str | None, label: str) -> list[str]:
    """Move the times _zones_apart set an offset aside for, once read, to the data's timezone; what the report
    says of them."""
    if zones is None:
        return []
    moved = f"strftime(timezone($tz, cast({q} || z.zone_offset as timestamptz)), {ISO_TEXT})"
    found = con.execute(
        f"select z.zone, z.zone_offset, count(*) from {table} join {zones} as z on {table}.rowid = z.r "
        f"where not {candidate(q)} group by all order by 3 desc, 1",
    ).fetchall()
    # a standard-time name on summer dates, as the ISO moments' names are checked (_zone_names_as_offsets)
    named = header_zone(label)
    by_month = con.execute(
        f"select coalesce(z.zone, $named), month(try_cast({q} as timestamp)), count(*) from {table} "
        f"join {zones} as z on {table}.rowid = z.r where not {candidate(q)} group by all",
        {"named": named},
    ).fetchall()
    con.execute(
        f"update {table} set {q} = {moved} from {zones} as z where {table}.rowid = z.r and not {candidate(q)}",
        {"tz": config.DATA_TIMEZONE},
    )
    con.execute(f"drop table {zones}")
    said = [
        f"{zone} ({n:,}) as {offset}" + (f" ({ZONE_ALSO[zone]})" if zone in ZONE_ALSO else "")
        for zone, offset, n in found
        if zone is not None
    ]
    tz = config.DATA_TIMEZONE
    parts = [f"zone names read as fixed offsets, converted to {tz}: {'; '.join(said)}"] if said else []
    also = f" ({named}: {ZONE_ALSO[named]})" if named in ZONE_ALSO else ""
    parts += [
        f"times without a zone ({n:,}) taken as {offset}, as the header {label!r} says{also}, converted to "
        f"{config.DATA_TIMEZONE}"
        for zone, offset, n in found
        if zone is None
    ]
    names = {abbr for abbr, _, _ in by_month if abbr}
    return parts + _standard_time_in_summer([row for row in by_month if row[0]], names)


def read_date_column(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    file_name: str,
    kind: str,
    label: str,
    declared: Sequence[str] = (),
    excel: str | None = None,
    file_order: FileOrder | None = None,
    zone: str | None = None,
) -> DateColumn | None:
    """Rewrite a staged text column's dates as ISO text in place, as the column's spellings say.

    `declared` formats (a mapping file's date_format) are used as they are. Otherwise the column's
    spellings are detected; a numeric column whose values never show day or month first, or show
    both, is refused. Values no spelling reads stay as written, so the row check reports them with
    their row. `excel`: the day an XLSX file's day numbers count from (None: not a workbook, whose 45000 is no
    date). `file_order`: the order of day and month the file's other date columns show, taken by a column that
    shows none, and told the order this one shows. `zone`: the timezone of the times written without one (the
    mapping's timezone or --timezone; None: the data's). Returns how the column was read (None when it holds only
    plain ISO dates).
    """
    q = store.quote_identifier(column)
    naive = None if kind in PERIOD_KINDS else local_times.set_aside(con, table, q, file_name, label, kind, zone)
    blanked = _blank_no_dates(con, table, column, kind)
    _js_dates(con, table, q, declared)
    long_days = _cjk_days(con, table, q) if not declared else []
    halves = _half_day_times(con, table, q)
    named = _local_month_names(con, table, q, f"{file_name}, column {label}") if not declared else []
    _refuse_other_calendars(con, table, q, f"{file_name}, column {label}")
    zones = _zones_apart(con, table, q, label, kind)
    _refuse_week_numbers(con, table, q, kind, label, f"{file_name}, column {label}")
    months = _month_spellings(con, table, q, kind, f"{file_name}, column {label}") if not declared else []
    stats = _stats(con, table, column)
    if file_order is not None and not declared:
        file_order.read(column, label, stats)
    # only a monthly table's month is a period; a lead or a deal happened at one moment, so a period in its
    # date is no date and its row is skipped as unparseable, where its first day would be a guess
    stats["period"] = stats["period"] if kind in PERIOD_KINDS else 0
    if stats["period"]:
        _read_periods(con, table, q, f"{file_name}, column {label}")
    where = f"{file_name}, column {label}"
    formats, parts = _formats_to_read(con, table, column, stats, where, kind, declared, file_order)
    if stats["period"]:
        parts.append(
            f"periods of one month such as 2025/03/01 - 2025/03/31, each as its first day ({stats['period']:,})"
        )
    unread = _declared_leaves(con, table, q, where, kind, declared)
    if formats:
        # a declared format reads every cell it fits; detected ones only the cells that need reading. a year of
        # two digits (05-Jan-26) is no four-digit year: left as written, its row is skipped as unparseable and
        # shown as the file has it, not as the year 26
        where = "true" if declared else candidate(q)
        con.execute(
            f"update {table} set {q} = strftime(try_strptime(trim({q}), $formats), {ISO_TEXT}) "
            f"where {where} and year(try_strptime(trim({q}), $formats)) >= 1000",
            {"formats": formats},
        )
    if stats["zoned"]:
        parts += _read_zoned(con, table, q, kind)
    if stats["serial"]:
        parts.append(_read_excel_days(con, table, q, stats["serial"], excel))
    if not declared:
        parts += _read_digits(con, table, q, kind)
    local, alerts = local_times.read(con, table, q, naive, zones) if naive is not None else ([], [])
    parts += long_days + halves + named + _zones_applied(con, table, q, zones, label) + local
    # a plain ISO date with blanks around it is trimmed, so the row check can test the cell as it is
    spaced = f"trim({q}, ' ' || chr(9) || chr(160))"
    con.execute(f"update {table} set {q} = {spaced} where {candidate(q)} and not {candidate(spaced)}")
    parts += blanked + months
    if not parts:
        return None
    return DateColumn(label, "; ".join(parts), tuple(formats), unread, tuple(alerts))


# the words that say a mapping's date_format left a column's dates unread (the refusal of every row quotes the line)
STATED_UNREAD = "not read by the mapping's date_format"


def _declared_leaves(
    con: duckdb.DuckDBPyConnection, table: str, q: str, where: str, kind: str, declared: Sequence[str]
) -> str:
    """What to say of the dates a mapping's date_format does not read (their rows are skipped as unparseable): that
    the stated list is the cause, and the line that reads them too; '' when it reads every date (or none stated)."""
    if not declared:
        return ""
    found = con.execute(
        f"select count(*), list(distinct trim({q}))[:{date_hints.VALUES_LOOKED_AT}] from {table} "
        # a report's Total row ("Total" in Microsoft Advertising's Month) is skipped as a totals row, not as a date
        f"where {candidate(q)} and try_strptime(trim({q}), $formats) is null and not regexp_full_match(trim({q}), "
        "$totals)",
        {"formats": list(declared), "totals": totals.STRONG},
    ).fetchone()
    if not found or not found[0]:
        return ""
    count, values = found
    line = date_hints.declared_line(con, kind, declared, sorted(values))
    fix = (
        f"state {line} to read them"
        if line
        else "add the format they are written in to the list (a date column's spelling its own entry)"
    )
    return (
        f"{where}: {fmt_count(count, 'date')} such as {sorted(values)[0]!r} {'is' if count == 1 else 'are'} "
        f"{STATED_UNREAD} ({', '.join(declared)}), and a row whose date is not read is skipped as "
        f"unparseable: date_format is one list for every date column of the {kind} table; {fix}"
    )
