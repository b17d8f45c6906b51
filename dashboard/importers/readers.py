"""Turn an export file as it comes (CSV in any encoding, XLSX, Parquet) into a staging table of text columns."""

from __future__ import annotations

import bisect
import codecs
import csv
import errno
import html
import io
import itertools
import math
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard import config, store
from dashboard.formatting import fmt_count
from dashboard.importers import encodings, totals
from dashboard.importers.encodings import Encoding
from dashboard.importers.errors import ImportRefused

SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 4 * 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")
# the delimiters a CSV export uses, in the order a tie is settled
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
# records of the file's start that decide the delimiter
SNIFF_RECORDS = 50
# DuckDB's names for a row that does not split into the header's columns: skipped and reported
RAGGED_ERRORS: tuple[str, ...] = ("TOO MANY COLUMNS", "MISSING COLUMNS")
# a row too long to report whole is cut to this many characters
SHOWN_LINE_CHARS = 120
# a Salesforce report export ends with a footer of a few one-field lines; it is looked for in this many
# bytes at the end of the file (a real footer is a few hundred)
FOOTER_TAIL_BYTES = 64 * 1024
# the footer's lines, matched on the whole field whatever the case, spacing or year
GRAND_TOTALS = re.compile(r"grand\s*totals?\s*\(\s*(\d[\d,.\s]*?)\s*records?\s*\)", re.IGNORECASE)
FOOTER_TEXTS: tuple[re.Pattern[str], ...] = (
    GRAND_TOTALS,
    re.compile(r"confidential\s*information\s*[-\u2013\u2014:]*\s*do\s*not\s*distribute\.?", re.IGNORECASE),
    re.compile(r"copyright\b.*\bsalesforce\.com\b.*", re.IGNORECASE),
)
# an ad platform's report ends with its own line: "©2026 Microsoft Corporation. All rights reserved."
OTHER_FOOTER_TEXTS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?:©|\(c\)|copyright)\s*[0-9]{4}.{0,80}\ball rights reserved\.?", re.IGNORECASE),
)


@dataclass(frozen=True)
class Footer:
    """The footer block a Salesforce report export ends with: its physical lines and the rows it says it has."""

    first_line: int
    last_line: int
    # N of its "Grand Totals (N records)" line; None when it has no such line
    stated_rows: int | None
    # whose report it ends: a Salesforce report's, or another's (an ad platform's copyright line)
    salesforce: bool
    # a sheet's footer is counted in rows, with the report's Total row above it (a formatted XLSX export's)
    unit: str = "line"
    totals: int = 0

    @property
    def lines(self) -> int:
        """How many lines the footer takes, blank ones included."""
        return self.last_line - self.first_line + 1

    def note(self) -> str:
        """What the import did with the footer, for the report."""
        total = "; its Total row, a sum and no record, among them" if self.totals else ""
        return (
            f"left out the {self.lines} footer {self.unit}s of "
            f"{'a Salesforce report' if self.salesforce else 'a report'} "
            f"({self.unit}s {self.first_line:,}\u2013{self.last_line:,}{total})"
        )

    def mismatch(self, rows: int) -> str | None:
        """A warning when the footer's "Grand Totals (N records)" is not the number of rows read, else None."""
        if self.stated_rows is None or self.stated_rows == rows:
            return None
        why = (
            "the export was cut short (truncated): export the report again"
            if rows < self.stated_rows
            else "rows were added to the file after the export"
        )
        return (
            f"the Salesforce report's footer says Grand Totals ({self.stated_rows:,} records) but the file holds "
            f"{rows:,} rows; {why}"
        )


@dataclass(frozen=True)
class Title:
    """The title lines above a report's column names (its name, period and filters), left out of the rows."""

    # the line of a CSV (row of a sheet) that holds the column names; data row 1 is the one under it
    header_line: int
    # the text of the title lines that are not blank
    lines: tuple[str, ...]
    # what the file counts in: a CSV's lines, a sheet's rows
    unit: str = "line"

    def note(self) -> str:
        """What the import did with the title, for the report: a title often names the period or filters of the
        rows, which no row repeats, so it is quoted."""
        above, unit = self.header_line - 1, self.unit
        return (
            f"left out the {above} {unit}{'s' if above > 1 else ''} above the column names ({unit} "
            f"{self.header_line}), a report's title: {' · '.join(repr(t[:80]) for t in self.lines)}; row numbers "
            f"count from the {unit} under the column names"
        )


@dataclass(frozen=True)
class CsvLayout:
    """How a CSV is read: its delimiter, the column names its first line gives, and the lines that header takes."""

    delimiter: str
    columns: tuple[str, ...]
    header_lines: int
    # the title lines above the column names (a report's name, dates and filters), left out and reported
    title: Title | None = None
    # the records through the header, which DuckDB's skip counts (a blank line is one; a quoted line break in a
    # title is not a record of its own): header_lines counts physical lines
    records: int = 1


def _nul_refusal(name: str, line: int) -> ImportRefused:
    return ImportRefused(
        f"{name}, line {line}: holds a NUL byte, so this is not a text (CSV) file or it is damaged; "
        "export the table again as CSV, XLSX or Parquet"
    )


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text without a byte order mark."""
    even, odd = head[0 : len(head) // 2 * 2 : 2], head[1 : len(head) // 2 * 2 : 2]
    if len(odd) < 8:
        return None
    # text in a Latin script has a zero as every second byte in UTF-16; binary junk has no such rhythm
    for codec, zeros, letters in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.7 * len(zeros) and letters.count(0) < 0.05 * len(letters):
            try:
                head[: len(head) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def detect_encoding(path: Path) -> str:
    """'utf-8', 'utf-16' (with a BOM), 'utf-16-le' / 'utf-16-be' (without) or 'other' (an encoding
    `file_encoding` decides from the bytes); refuse empty files and binary ones (a NUL byte), naming the line."""
    return _head_encoding(path)[0]


def _head_encoding(path: Path) -> tuple[str, bytes, bool]:
    """detect_encoding's answer, the file's start it read (cut at a line end) and whether that is the whole file."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        whole = not handle.read(1)
    if not head:
        raise ImportRefused(f"{path.name}: the file is empty")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", head, whole
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            return utf16, head, whole
        raise _nul_refusal(path.name, head.count(b"\n", 0, head.index(b"\x00")) + 1)
    try:
        head.decode("utf-8")
        return "utf-8", head, whole
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still UTF-8
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", head, whole
    if not whole and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]
    return "other", head, whole


def file_encoding(path: Path, name: str, section: str, stated: tuple[str, str] | None = None) -> Encoding:
    """How a CSV is read: UTF-8 and UTF-16 as their bytes show, any other encoding decided from the bytes of its
    start, or the one a mapping states (`stated`: codec, mapping file) when the bytes are text in it."""
    found, head, whole = _head_encoding(path)
    if found == "utf-8":
        return _utf8_once_or_twice(path)
    if found != "other":
        return Encoding(found)
    return encodings.decide(head, whole, name, section, stated)


def _utf8_once_or_twice(path: Path) -> Encoding:
    """UTF-8, or UTF-8 written twice (JÃ¼rgen for Jürgen): read repaired when every character of the file reads
    back so, else read as it is with its cells warned of (a real JOÃO beside a garbled Ã¼ cannot be told apart)."""
    example = double_written(path)
    if example is None:
        return Encoding("utf-8")
    blocking = _not_read_back(path)
    if blocking is None:
        return Encoding("utf-8", repaired=example)
    return Encoding("utf-8", repaired=None, garbled=(*example, blocking))


def double_written(path: Path) -> tuple[str, str] | None:
    """The first word of a UTF-8 file that reads as UTF-8 written twice (as written, repaired); None when none does.
    A scan of the bytes (a UTF-8 file with none of the pairs is read no slower than before)."""
    carry = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            data = carry + chunk
            if data.isascii():
                # an ASCII part (most exports, most of the time) has no pair: a tenth of the scan's cost
                carry = b""
                continue
            for hit in encodings.DOUBLE_BYTES.finditer(data):
                around = data[max(0, hit.start() - 200) : hit.end() + 200].decode("utf-8", "ignore")
                example = encodings.double_example(around)
                if example is not None:
                    return example
            carry = data[-8:]
    return None


def _not_read_back(path: Path) -> str | None:
    """None when all of a UTF-8 file, each character written as its Windows-1252 byte, is UTF-8 again; else the
    text around the first character that is not (as the file has it)."""
    first = codecs.getincrementaldecoder("utf-8-sig")()
    second = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            text = first.decode(chunk, final=not chunk)
            # a real "CAFÉ–BAR" beside a garbled JÃ¼rgen reads back too, as CAFɖBAR: the file is read as it is
            if (odd := encodings.implausible_pair(text)) is not None:
                return _word_at(text, odd)
            try:
                second.decode(encodings.twice_bytes(text), final=not chunk)
            except UnicodeEncodeError as exc:
                return _word_at(text, exc.start)
            except UnicodeDecodeError as exc:
                # the bytes are Windows-1252's of the text: read back so, they are the text as the file has it
                return _word_at(exc.object.decode("cp1252", "replace"), exc.start)
            if not chunk:
                return None


def _word_at(text: str, at: int) -> str:
    """The cell-free word of text around a position (up to a delimiter, quote or line end)."""
    start = max((text.rfind(c, 0, at) for c in ',;\t"\r\n|'), default=-1) + 1
    ends = [e for e in (text.find(c, at) for c in ',;\t"\r\n|') if e >= 0]
    return text[start : min(ends, default=len(text))].strip()


def whole_file_encoding(path: Path, name: str, section: str, stated: tuple[str, str] | None = None) -> Encoding:
    """The encoding of a file whose start is UTF-8 and a later part is not, decided from the lines that are not:
    the file was pasted together from two exports (those lines read in a one-byte code page), or its first lines
    are all ASCII."""
    bad = bytearray()
    utf8_text = False
    carry = b""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            block, carry = data[:cut], data[cut:]
            lines, text = (b"", not block.isascii()) if _is_utf8(block) else encodings.sample_lines(block)
            bad += _whole_lines(lines, SNIFF_BYTES - len(bad))
            utf8_text = utf8_text or text
            if not chunk:
                break
    if not bad:
        return Encoding("utf-8")
    return encodings.decide(bytes(bad), True, name, section, stated, utf8_text)


def _whole_lines(lines: bytes, room: int) -> bytes:
    """As many whole lines as fit in `room` bytes (a character of a multi-byte code page is never cut in two); the
    start of one line when not even it fits."""
    if room <= 0:
        return b""
    part = lines[:room]
    if len(lines) > room and b"\n" in part:
        return part[: part.rindex(b"\n") + 1]
    return part


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fallback(codec: str) -> str:
    """The name of an error handler that reads the bytes UTF-8 cannot in `codec` (one byte per character): a file
    pasted together from a UTF-8 export and a Windows-1252 one loses nothing."""
    handler_name = f"fallback_{codec}"
    try:
        codecs.lookup_error(handler_name)
    except LookupError:

        def handler(exc: UnicodeError) -> tuple[str, int]:
            if not isinstance(exc, UnicodeDecodeError):
                raise exc
            try:
                return exc.object[exc.start : exc.end].decode(codec), exc.end
            except UnicodeDecodeError:
                raise exc from None

        codecs.register_error(handler_name, handler)
    return handler_name


class _Twice:
    """A decoder of UTF-8 written twice: UTF-8 read, each character written back as its Windows-1252 byte, and
    those bytes read as UTF-8 again."""

    def __init__(self) -> None:
        self.first = codecs.getincrementaldecoder("utf-8-sig")()
        self.second = codecs.getincrementaldecoder("utf-8")()

    def decode(self, data: bytes, final: bool = False) -> str:
        """The next part of the text, repaired."""
        return str(self.second.decode(encodings.twice_bytes(self.first.decode(data, final)), final))


def _decoder(encoding: Encoding) -> codecs.IncrementalDecoder | _Twice:
    """A strict decoder of the file's encoding: a byte that is not text in it refuses the file (nothing is stored
    as the replacement character)."""
    if encoding.repaired:
        return _Twice()
    if encoding.mixed:
        return codecs.getincrementaldecoder("utf-8")(errors=_fallback(encoding.codec))
    return codecs.getincrementaldecoder(encoding.codec)()


def _undecodable(name: str, encoding: Encoding, exc: UnicodeDecodeError, line: int) -> ImportRefused:
    """The refusal of a byte the file's encoding does not read, naming its line."""
    why = f"the encoding {encoding.stated_by} states" if encoding.stated_by else "the encoding the file is read in"
    return ImportRefused(
        f"{name}, line {line:,}: the bytes {exc.object[exc.start : exc.end]!r} are not {encoding.label} text, {why}; "
        "the file mixes encodings or is damaged: save it as UTF-8 (Excel: CSV UTF-8), or export it again"
    )


# a backslash before a number in Shift_JIS or EUC-KR text: the yen or won sign, written with ASCII's backslash byte
_SIGN_BACKSLASH = re.compile(r"\\(?=-?[0-9])")


def _backslash_sign(text: str, held: str, sign: str) -> tuple[str, str, int]:
    """Shift_JIS or EUC-KR text with each backslash before a number read as the yen or won sign (a Japanese export's
    ¥1,234,567 reads as \\1,234,567); a backslash at the chunk's end waits for the next chunk."""
    text = held + text
    held = "\\" if text.endswith("\\") else ""
    mended, count = _SIGN_BACKSLASH.subn(sign, text[: len(text) - len(held)])
    return mended, held, count


def as_utf8(path: Path, encoding: Encoding, name: str | None = None) -> tuple[Path, Path | None, int]:
    """A UTF-8 path DuckDB can read, a temporary file to delete afterwards (None if not needed), and how many
    backslashes of a Shift_JIS or EUC-KR file were read as the yen or won sign.

    Files in other encodings are transcoded in chunks, so memory does not grow with the file; a byte that is not
    text in the file's encoding refuses the file, naming its line.
    """
    name = name or path.name
    if encoding.codec == "utf-8" and not encoding.mixed and not encoding.repaired:
        return path, None, 0
    decoder = _decoder(encoding)
    sign = None if encoding.mixed else encodings.BACKSLASH_SIGNS.get(encoding.codec, (None,))[0]
    lines, signs, held = 0, 0, ""
    with (
        tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".csv", delete=False, newline="") as out,
        path.open("rb") as handle,
    ):
        try:
            while True:
                chunk = handle.read(CHUNK_BYTES)
                try:
                    text = decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    line = lines + exc.object.count(b"\n", 0, exc.start) + 1
                    raise _undecodable(name, encoding, exc, line) from None
                if "\x00" in text:
                    raise _nul_refusal(name, lines + text.count("\n", 0, text.index("\x00")) + 1)
                lines += text.count("\n")
                if sign:
                    text, held, found = _backslash_sign(text, held, sign)
                    signs += found
                out.write(text)
                if not chunk:
                    out.write(held)
                    break
        except BaseException:
            out.close()
            Path(out.name).unlink(missing_ok=True)
            raise
    return Path(out.name), Path(out.name), signs


def refuse_nul_bytes(path: Path, name: str) -> None:
    """Refuse a UTF-8 file with a NUL byte anywhere, naming its line (a text export never has one)."""
    offset, found = 0, -1
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            found = chunk.find(b"\x00")
            if found >= 0:
                found += offset
                break
            offset += len(chunk)
    if found >= 0:
        raise _nul_refusal(name, _newlines_before(path, [found])[found] + 1)


def _newlines_before(path: Path, offsets: list[int]) -> dict[int, int]:
    """How many line breaks come before each byte offset of a file, in one pass."""
    counts: dict[int, int] = {}
    done = seen = 0
    with path.open("rb") as handle:
        for offset in sorted(set(offsets)):
            while done < offset:
                chunk = handle.read(min(CHUNK_BYTES, offset - done))
                if not chunk:
                    break
                seen += chunk.count(b"\n")
                done += len(chunk)
            counts[offset] = seen
    return counts


def _first_lines(path: Path, name: str) -> str:
    """The start of a UTF-8 file as text, whole lines only (at least the first line, up to the line size limit)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
        while b"\n" not in head and len(head) <= config.MAX_LINE_BYTES and (more := handle.read(SNIFF_BYTES)):
            head += more
        whole = not handle.read(1)
    if b"\n" not in head and not whole:
        raise ImportRefused(
            f"{name}, line 1: the first line is longer than {config.MAX_LINE_BYTES:,} bytes; the file is probably "
            "not a CSV with one record per line (check its format or line breaks)"
        )
    if not whole:
        head = head[: head.rindex(b"\n") + 1]
    return head.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _records(text: str, delimiter: str) -> Any:
    return _records_of(io.StringIO(text, newline=""), delimiter)


def _records_of(lines: Any, delimiter: str) -> Any:
    return csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


def _one_field(line: bytes, delimiter: str) -> str | None:
    """A line's one field with its spaces tidied ('' for a blank line); None for a line of several fields."""
    fields: list[str] = next(_records(line.decode("utf-8", errors="replace").rstrip("\r"), delimiter), [])
    if len(fields) > 1:
        return None
    return " ".join(fields[0].split()) if fields else ""


# a classic Salesforce footer's lines around its own texts (the report's name, "Generated By: … date", the org's
# name): at most this many, below a blank line that parts them from the rows
FREE_FOOTER_LINES = 4


def _classic_footer_start(lines: list[bytes], first: int, delimiter: str) -> int | None:
    """Where a Salesforce footer starts whose own lines (copyright, confidential, grand totals) sit among other
    one-field lines (the report's name, who generated it and when, the org's name): the blank lines above them, with
    at most FREE_FOOTER_LINES other lines below them and a Salesforce text among those; None when there is none.
    Above the first such blank line only blank lines and the footer's own texts belong to it: a one-field row
    above them stays a row."""
    at, free, salesforce, start = len(lines), 0, False, None
    while at > first:
        text = _one_field(lines[at - 1], delimiter)
        found = _footer_line(lines[at - 1], delimiter) if text else None
        if text is None or (start is not None and text and found is None):
            break
        if not text:
            start = at - 1 if salesforce else start
        elif found is not None and found[2]:
            salesforce = True
        elif found is None:
            free += 1
            if free > FREE_FOOTER_LINES:
                break
        at -= 1
    return start


def _footer_line(line: bytes, delimiter: str) -> tuple[bool, int | None, bool] | None:
    """(is it footer text, the row count it states, is it Salesforce's) for a blank line or a one-field line of a
    report's footer; None for any other line."""
    text = _one_field(line, delimiter)
    if text is None:
        return None
    if not text:
        return False, None, False
    return _footer_text(text)


def _footer_text(text: str) -> FooterText | None:
    """(True, the row count it states, is it Salesforce's) for a report footer's own text; None for other text."""
    for pattern in FOOTER_TEXTS:
        found = pattern.fullmatch(text)
        if found:
            stated = re.sub(r"\D", "", found.group(1)) if pattern is GRAND_TOTALS else ""
            return True, int(stated) if stated else None, True
    if any(pattern.fullmatch(text) for pattern in OTHER_FOOTER_TEXTS):
        return True, None, False
    return None


def find_footer(path: Path, delimiter: str) -> Footer | None:
    """The footer a UTF-8 CSV ends with when it is a Salesforce report export (blank lines, "Grand Totals (N
    records)", "Confidential Information - Do Not Distribute", "Copyright (c) … salesforce.com …", one field a
    line) or an ad platform's ("©2026 Microsoft Corporation. All rights reserved."); None when its last lines are
    anything else. Only the end of the file is looked at: such a line
    among the rows is a row like any other."""
    size = path.stat().st_size
    start = max(0, size - FOOTER_TAIL_BYTES)
    with path.open("rb") as handle:
        handle.seek(start)
        lines = handle.read().split(b"\n")
    if lines and not lines[-1]:
        # the line break that ends the last line starts no line of its own
        lines.pop()
    # the first piece of a tail that starts mid-file may be part of a line: it never counts
    first = 1 if start else 0
    block, texts, stated, salesforce = len(lines), 0, None, False
    while block > first and (found := _footer_line(lines[block - 1], delimiter)) is not None:
        block -= 1
        texts += found[0]
        stated = found[1] if found[1] is not None else stated
        salesforce = salesforce or found[2]
    classic = _classic_footer_start(lines, first, delimiter)
    if classic is not None and classic < block:
        # a classic export's footer: its own texts among the report's name, its author and the org's name
        block = classic
        said = [f for line in lines[block:] if (f := _footer_line(line, delimiter)) is not None]
        texts = sum(f[0] for f in said)
        stated = next((f[1] for f in said if f[1] is not None), None)
        salesforce = True
    # the footer needs a line of its text, and the file a header and rows before it
    if not texts or block <= first:
        return None
    offset = start + sum(len(line) + 1 for line in lines[:block])
    first_line = _newlines_before(path, [offset])[offset] + 1
    return Footer(first_line, first_line + len(lines) - block - 1, stated, salesforce)


def csv_layout(path: Path, name: str) -> CsvLayout:
    """The delimiter and the column names of a UTF-8 CSV, read from its first lines: the header is line 1 (line 2
    under Excel's "sep=;" line, which states the delimiter; a later line under a report's title lines).

    The delimiter is the one (of , ; tab |) that splits the header into most columns that the next rows agree
    with. A header naming a column twice (ignoring case, as DuckDB does) or more than config.MAX_COLUMNS
    columns is refused.
    """
    text = _first_lines(path, name)
    stated = re.match(r"(?i)sep=(.)\r?\n", text)
    if stated and stated.group(1) in DELIMITERS:
        # Excel's "sep=;" line above the header states the delimiter (and is no title)
        reader = _records(text, stated.group(1))
        next(reader)
        return CsvLayout(stated.group(1), header_names(next(reader, []), f"{name}, line 2"), reader.line_num, records=2)
    best: tuple[tuple[int, int], str] | None = None
    for delimiter in DELIMITERS:
        rows: list[list[str]] = [
            r for _, r in zip(range(SNIFF_RECORDS + 1), _records(text, delimiter), strict=False) if r
        ]
        if rows and len(rows[0]) > 1:
            score = (sum(len(r) == len(rows[0]) for r in rows[1:]), len(rows[0]))
            if best is None or score > best[0]:
                best = (score, delimiter)
    delimiter = best[1] if best else DELIMITERS[0]
    titled = _title_block(text) if best is None or _padded_title(text, delimiter) else None
    if titled is not None:
        n, delimiter = titled
        reader = _records(text, delimiter)
        shown = " " if delimiter == "\t" else delimiter
        lines = tuple(t for t in (shown.join(f for f in next(reader) if f.strip()).strip() for _ in range(n - 1)) if t)
        names: list[str] = next(reader, [])
        line = reader.line_num
        return CsvLayout(delimiter, header_names(names, f"{name}, line {line}"), line, Title(line, lines), n)
    reader = _records(text, delimiter)
    header: list[str] = next(reader, [])
    return CsvLayout(delimiter, header_names(header, f"{name}, line 1"), reader.line_num)


def _padded_title(text: str, delimiter: str) -> bool:
    """Whether line 1 is a title padded with empty fields to the sheet's width (`Lead Tracker 2026,,,,,,`): Google
    Sheets' and Excel's CSV write a title row so, and it was taken for the header (column1 … column6)."""
    first: list[str] = next(_records(text, delimiter), [])
    return len(first) > 1 and bool(first[0].strip()) and not any(f.strip() for f in first[1:])


# the columns a header right under a one-word line 1 must name for that word to be a title, not a column's name
ONE_WORD_TITLE_WIDTH = 3


def _title_block(text: str) -> tuple[int, str] | None:
    """Where the column names are, as (record number, delimiter), in a CSV whose first line is a title above them
    (a report exported with its name, dates and filters on top), or None. Line 1 has one field under every
    delimiter; the names are the earliest later line of several fields that reads as names (_names_like) and whose
    width most rows under it keep: a title block's lines ("Report Start: 1/1/2026, 12:00 AM") hold dates and
    times, and a second export pasted below the first, or a ragged row, is a row the import reports, not the names.
    Of several delimiters at that line, the one most rows agree with, then the widest."""
    first: list[str] = [f for f in next(_records(text, DELIMITERS[0]), []) if f.strip()]
    # one word (account_id) may be a one-column file's name, its values holding a ';': a title ("Campaigns",
    # "Spend_Q4", a report's own name) only above another title line, or above names of 3 columns or more
    one_word = len(first) == 1 and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", first[0].strip()) is not None
    found: list[tuple[int, float, int, str]] = []
    for delimiter in DELIMITERS:
        records = list(itertools.islice(_records(text, delimiter), SNIFF_RECORDS + 1))
        for n, row in enumerate(records[1:], start=2):
            under = [r for r in records[n:] if r]
            agree = sum(_as_wide(r, row) for r in under)
            if len(row) > 1 and agree and 2 * agree >= len(under) and _names_like(row):
                found.append((-n, agree / len(under), len(row), delimiter))
                break
    if not found:
        return None
    n, _, width, delimiter = max(found)
    if one_word and n == -2 and width < ONE_WORD_TITLE_WIDTH:
        return None
    return -n, delimiter


def _as_wide(record: list[str], header: list[str]) -> bool:
    """Whether a record fits a header's width: as many fields, or one more that is empty (an exporter's delimiter
    at each line's end, refuse_extra_empty_fields)."""
    return len(record) == len(header) or (len(record) == len(header) + 1 and not record[-1].strip())


def _names_like(record: list[str]) -> bool:
    """Whether a record reads as column names: every field filled, none twice, none a number, date or time alone
    ("2025", "1/1/2026", "12:00")."""
    fields = [f.strip() for f in record]
    return (
        all(fields)
        and len({f.lower() for f in fields}) == len(fields)
        and not any(re.fullmatch(r"[0-9.,:/ +-]+(am|pm)?", f, re.IGNORECASE) for f in fields)
    )


def header_key(name: str) -> str:
    """A header as it is matched against known names: lower case, letters and digits only, accents dropped from
    their letters ("Währung": wahrung, "Estágio": estagio)."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def header_names(header: list[str], where: str) -> tuple[str, ...]:
    """The column names of a header row as DuckDB would name them (blanks around a name dropped, a blank name
    is column<position from 0>); refuse an empty header, too many columns, or a name given twice."""
    if not header or not any(h.strip() for h in header):
        raise ImportRefused(f"{where}: the header is empty; the column names must be the first line (row)")
    if len(header) > config.MAX_COLUMNS:
        raise ImportRefused(
            f"{where}: the header has {len(header):,} columns, more than the {config.MAX_COLUMNS:,} an export may have"
        )
    columns = tuple(h.strip() or f"column{i}" for i, h in enumerate(header))
    seen: dict[str, int] = {}
    for i, column in enumerate(columns):
        # DuckDB's column names ignore case: Email and email cannot both be columns
        first = seen.setdefault(column.lower(), i)
        if first != i and header[first] != header[i]:
            # named as written, both: 'Lead_ID' and 'lead_id ' said as one 'lead_id ' twice left the reader to
            # find the other
            raise ImportRefused(
                f"{where}: the header's {header[first]!r} (column {first + 1}) and {header[i]!r} (column {i + 1}) "
                "are the same column name once case and the blanks around a name are ignored; rename or remove one "
                "of them"
            )
        if first != i:
            raise ImportRefused(
                f"{where}: the header names column {column!r} twice (columns {first + 1} and {i + 1}); "
                "rename or remove one of them"
            )
    return columns


def _csv_problem(name: str, exc: duckdb.Error) -> str:
    """DuckDB's CSV error as one sentence; the offending line itself can be megabytes long, so it is dropped."""
    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    size = re.search(r"Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+) bytes", text)
    where = f"{name}, line {line.group(1)}" if line else name
    if size:
        return (
            f"{where}: one line is {int(size.group(2)):,} bytes, more than the {int(size.group(1)):,} a CSV row may "
            "have; the file is probably not a CSV with one record per line (check its format or line breaks)"
        )
    detail = next(
        (
            ln.strip()
            for ln in text.splitlines()[1:]
            if ln.strip() and not ln.startswith("Original Line") and "Possible Solution" not in ln
        ),
        text.splitlines()[0],
    )
    return f"{where}: cannot be read as CSV ({detail[:300]})"


def csv_view(con: duckdb.DuckDBPyConnection, path: Path, view: str, typed: Mapping[str, str]) -> list[str] | None:
    """A view that reads a UTF-8 CSV each time it is queried, `typed` columns parsed as read; its columns.

    None when the file is not such a CSV or has none of the typed columns. The view's queries fail
    when a cell will not parse; nothing is copied until then.
    """
    if path.suffix.lower() in (*PARQUET_SUFFIXES, *EXCEL_SUFFIXES, ".xls"):
        return None
    try:
        if detect_encoding(path) != "utf-8" or double_written(path) is not None:
            # text written twice in UTF-8 (JÃ¼rgen) is read repaired, or warned of, the staged way
            return None
        # anything odd (a header naming a column twice) is for the staged way to refuse; a NUL byte too, which
        # the fast way's raw line scan finds (a scan of its own in Python cost more than the whole check)
        layout = csv_layout(path, path.name)
    except ImportRefused:
        return None
    if layout.title:
        # the staged way reports the title lines it leaves out
        return None
    header = list(layout.columns)
    if not any(c in typed for c in header):
        return None
    # a view cannot hold bound parameters; session variables carry the path and columns instead
    con.execute(f"set variable {view}_path = $path", {"path": str(path)})
    con.execute(f"set variable {view}_columns = $columns", {"columns": {c: typed.get(c, "VARCHAR") for c in header}})
    # the file's own header and delimiter, no sniffing: a row that does not fit makes the view's queries fail
    con.execute(
        f"create or replace temp view {view} as select * from read_csv(getvariable('{view}_path'), "
        f"auto_detect = false, header = false, skip = {int(layout.records)}, "
        f"delim = {_literal(layout.delimiter)}, quote = '\"', escape = '\"', "
        f"columns = getvariable('{view}_columns'), strict_mode = true, max_line_size = {int(config.MAX_LINE_BYTES)})"
    )
    return header


def _literal(text: str) -> str:
    # one of DELIMITERS, never text from a file
    if text not in DELIMITERS:
        raise ValueError(f"not a delimiter: {text!r}")
    return "'" + text + "'"


# the raw lines of a text file, one VARCHAR `line` each (null for a blank line), no CSV parsing
_RAW_LINES = (
    "read_csv($path, columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', header = false, "
    "auto_detect = false, strict_mode = false, max_line_size = 20000000)"
)
# a raw line of more fields than the header's $width, those past it empty: DuckDB reads it as a line ending with
# delimiters (or empty quoted cells) and drops them, so a value holding the delimiter without quotes ("Acme, Inc.")
# on a line whose last cell is blank would shift the cells after it into the next columns, in silence. Counted on
# the line with each quoted cell as one letter (its doubled quotes, and an empty cell "", dropped first: DuckDB drops
# an empty quoted last cell too), on lines whose
# quotes are all closed; a file with a quoted cell over several lines is counted record by record instead
# (_extra_empty_records).
_BARE = "regexp_replace(regexp_replace(line, '\"\"', '', 'g'), '\"[^\"]*\"', 'q', 'g')"
_FIELDS_PAST = f"strlen({_BARE}) - strlen(replace({_BARE}, $delim, ''))"
_QUOTES_CLOSED = "(strlen(line) - strlen(replace(line, '\"', ''))) % 2 = 0"
# a CASE, so that the quotes are looked at only on the few lines with as many delimiters as that (a line's own
# count, quoted ones too, is no smaller): an AND of the same tests cost a 10 M-line scan nine seconds more, a CASE one
_EXTRA_EMPTY_FIELD = (
    "case when line is null or not (ends_with(line, $delim) or ends_with(line, '\"\"')) then false "
    "when strlen(line) - strlen(replace(line, $delim, '')) < $width then false "
    f"else {_QUOTES_CLOSED} and {_FIELDS_PAST} >= $width "
    f"and strlen(rtrim({_BARE}, $delim)) - strlen(replace(rtrim({_BARE}, $delim), $delim, '')) < $width end"
)


def line_scan(
    con: duckdb.DuckDBPyConnection, path: Path, pattern: str, layout: CsvLayout | None = None
) -> tuple[int, int, int]:
    """The raw lines of a text file, how many match a regular expression or hold a NUL byte (a whole-line scan,
    no CSV parsing; the NUL test is its own: as an alternative in the pattern it cost two thirds more), and with
    a `layout` how many have more fields than its header, those past it empty (_EXTRA_EMPTY_FIELD)."""
    extra = f"count(*) filter (where {_EXTRA_EMPTY_FIELD})" if layout else "0"
    params: dict[str, object] = {"path": str(path), "pattern": pattern}
    if layout:
        params.update(delim=layout.delimiter, width=len(layout.columns))
    lines, matching, extras = con.execute(
        f"select count(*), count(*) filter (where regexp_matches(line, $pattern) or contains(line, chr(0))), {extra} "
        f"from {_RAW_LINES}",
        params,
    ).fetchall()[0]
    return lines, matching, extras


def refuse_extra_empty_fields(con: duckdb.DuckDBPyConnection, path: Path, layout: CsvLayout, name: str) -> int:
    """Refuse a CSV some of whose records have more fields than the header, those past it empty
    (_EXTRA_EMPTY_FIELD), naming them. A file whose every record (two or more) has exactly one such field is read:
    its exporter writes a delimiter after the last field; returns how many records that is (0: none), for the
    report to say."""
    width = len(layout.columns)
    params = {"path": str(path), "delim": layout.delimiter, "width": width, "skip": layout.header_lines}
    unclosed, records, found, first, fields = con.execute(
        f"select count(*) filter (where line is not null and not {_QUOTES_CLOSED}), count(line), "
        f"count(*) filter (where {_EXTRA_EMPTY_FIELD}), "
        f"list(struct_pack(n := n, line := line, fields := {_FIELDS_PAST} + 1) order by n) "
        f"filter (where {_EXTRA_EMPTY_FIELD})[1:3], "
        f"list(distinct {_FIELDS_PAST} + 1) filter (where {_EXTRA_EMPTY_FIELD}) "
        f"from (select row_number() over () as n, line from {_RAW_LINES}) where n > $skip",
        params,
    ).fetchall()[0]
    if unclosed:
        # a quoted cell over several lines: its lines are no records, so the records are read as CSV
        records, found, first, fields = _extra_empty_records(path, layout)
    if not found:
        return 0
    if found == records >= 2 and fields == [width + 1]:
        return found
    shown = first[0]["line"]
    shown = shown if len(shown) <= SHOWN_LINE_CHARS else shown[:SHOWN_LINE_CHARS] + "…"
    others = ", ".join(f"{r['n']:,}" for r in first[1:]) + (" …" if found > len(first) else "")
    delim = "tab" if layout.delimiter == "\t" else repr(layout.delimiter)
    raise ImportRefused(
        f"{name}, line {first[0]['n']:,}: {first[0]['fields']} fields where the header has {width}, the last ones "
        f"empty ({shown}): a value holding the delimiter {delim} without quotes would move the cells after it into "
        f"the next columns, so the line cannot be read for sure; put such a value in double quotes, or remove the "
        f"{delim} too many at the end of the line, and import again"
        + (f" ({fmt_count(found, 'line')} like it: also {others})" if found > 1 else "")
    )


def _extra_empty_records(path: Path, layout: CsvLayout) -> tuple[int, int, list[dict[str, Any]], list[int]]:
    """refuse_extra_empty_fields's counts, record by record (a quoted cell may hold line breaks): records, those
    with more fields than the header and the ones past it empty, the first three (line, text, fields), and their
    field counts."""
    width = len(layout.columns)
    records, found = 0, 0
    first: list[dict[str, Any]] = []
    fields: set[int] = set()
    # a cell may be as long as a line may be (Python's csv stops at 128 KiB)
    csv.field_size_limit(max(csv.field_size_limit(), config.MAX_LINE_BYTES))
    with path.open(encoding="utf-8", errors="replace", newline="") as text:
        reader = _records_of(text, layout.delimiter)
        for _ in range(layout.header_lines):
            next(reader, None)
        start = reader.line_num + 1
        for record in reader:
            if record:
                records += 1
                if len(record) > width and not any(record[width:]):
                    found += 1
                    fields.add(len(record))
                    if len(first) < 3:
                        first.append({"n": start, "line": layout.delimiter.join(record), "fields": len(record)})
            start = reader.line_num + 1
    return records, found, first, sorted(fields)


def ragged_table(table: str) -> str:
    """The temporary table listing the rows of a staged CSV that did not split into the header's columns."""
    return f"{table}_ragged"


# said of a quote opened on a line and never closed before the file ends
CUT_OFF = (
    "; the quote opened there runs to the end of the file, so the file may have been cut off (a download or "
    "copy that did not finish): download or export it again"
)


def _quote_open_to_end(path: Path, start: int) -> bool:
    """Whether the file from byte `start` (a record's start) to its end holds an odd number of quotes: a quoted
    value opened there is never closed, as in a file cut off in the middle of one."""
    quotes = 0
    with path.open("rb") as handle:
        handle.seek(max(0, start - 1))
        while chunk := handle.read(CHUNK_BYTES):
            quotes += chunk.count(b'"')
    return quotes % 2 == 1


def _unreadable_line(name: str, error_type: str, message: str, line: int) -> str:
    """Why a CSV cannot be read at all, as one sentence naming the physical line."""
    where = f"{name}, line {line:,}"
    size = re.search(r"Actual Size:\s*(\d+)", message)
    if error_type == "LINE SIZE OVER MAXIMUM":
        actual = f"{int(size.group(1)):,} bytes" if size else "too long"
        return (
            f"{where}: one line is {actual}, more than the {config.MAX_LINE_BYTES:,} bytes a CSV row may have; "
            "the file is probably not a CSV with one record per line (check its format or line breaks)"
        )
    if error_type == "UNQUOTED VALUE":
        return (
            f"{where}: a quoted value is not closed properly (a quote opened here is never closed, or text follows "
            "the closing quote); fix the quotes on this line"
        )
    if error_type == "INVALID ENCODING":
        return f"{where}: bytes that are not text in any encoding the importer reads; export the file again as UTF-8"
    return f"{where}: cannot be read as CSV ({message.strip()[:300]})"


_BARE_NEWLINE = re.compile(rb"(?<!\r)\n")


def mixed_line_ends(path: Path) -> bool:
    """Whether a file's lines end both in \r\n and in a bare \n (read in chunks, stopping once both are seen)."""
    crlf = bare = False
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            # the previous chunk's last byte goes first, so a \r\n split between chunks is seen whole; a \n is
            # looked for in this chunk only (the carried one was looked at before), its \r may be the carried byte
            data = last + chunk
            crlf = crlf or b"\r\n" in data
            bare = bare or _BARE_NEWLINE.search(data, len(last)) is not None
            if crlf and bare:
                return True
            last = data[-1:]
    return False


def one_line_end(path: Path) -> Path:
    """A temporary copy of a file whose every \r\n is a \n (the caller deletes it)."""
    with (
        tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as out,
        path.open("rb") as handle,
    ):
        try:
            held = b""
            while chunk := handle.read(CHUNK_BYTES):
                data = held + chunk
                # a \r at the chunk's end may be the first half of a \r\n
                held = data[-1:] if data.endswith(b"\r") else b""
                out.write((data[:-1] if held else data).replace(b"\r\n", b"\n"))
            out.write(held)
        except BaseException:
            out.close()
            Path(out.name).unlink(missing_ok=True)
            raise
    return Path(out.name)


class _NotUtf8Later(Exception):
    """A file whose start is UTF-8 has a later part that is not: its encoding is decided from all its lines."""


# how a CSV's table section is named in messages when the import does not say (the proposal reads no mapping)
ANY_SECTION = "table's ([leads], [deals] …)"


def _stage_text(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    section: str = ANY_SECTION,
    stated: tuple[str, str] | None = None,
) -> tuple[int, Footer | None, int, Title | None, str | None, tuple[str, str, str] | None]:
    """Stage a CSV in whatever encoding it is (see _stage_csv), and what the report says of the encoding (None: it
    is UTF-8 or UTF-16)."""
    encoding = file_encoding(path, path.name, section, stated)
    try:
        return _stage_read(con, path, table, encoding)
    except _NotUtf8Later:
        return _stage_read(con, path, table, whole_file_encoding(path, path.name, section, stated))


def _stage_read(
    con: duckdb.DuckDBPyConnection, path: Path, table: str, encoding: Encoding
) -> tuple[int, Footer | None, int, Title | None, str | None, tuple[str, str, str] | None]:
    """Stage a CSV read in `encoding` (transcoded to UTF-8 first unless it is UTF-8 already)."""
    readable, temporary, signs = as_utf8(path, encoding, path.name)
    try:
        staged = _stage_csv(con, readable, table, name=path.name, straight=temporary is None)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    plain = encoding.codec.startswith("utf") and not encoding.mixed and not encoding.stated_by
    plain = plain and not encoding.repaired
    return (*staged, None if plain else encoding.note(signs), encoding.garbled)


def _no_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether a staged table has no row."""
    return con.execute(f"select not exists (select 1 from {table})").fetchone() == (True,)


def _stage_one_line_end(
    con: duckdb.DuckDBPyConnection, readable: Path, table: str, name: str, straight: bool
) -> tuple[int, Footer | None, int, Title | None]:
    """Stage a CSV whose lines end in \n among \r\n (or the other way) as a copy whose every line ends in \n: lines
    pasted from another file or added in an editor, whose ends mean nothing, and DuckDB reads one kind per file."""
    one = one_line_end(readable)
    try:
        # a later part of a file read straight may not be UTF-8: _NotUtf8Later reads it again whole
        return _stage_csv(con, one, table, name=name, straight=straight)
    finally:
        one.unlink(missing_ok=True)


def _stage_csv(
    con: duckdb.DuckDBPyConnection,
    readable: Path,
    table: str,
    name: str | None = None,
    sheet_copy: bool = False,
    straight: bool = False,
) -> tuple[int, Footer | None, int, Title | None]:
    """Stage a UTF-8 CSV read with its own header and delimiter; rows that do not split into the header's columns go
    to `ragged_table(table)`; return how many, the Salesforce report footer left out (if any), the rows that end in
    one empty field too many (read without it) and the title lines above the header (left out). A row that cannot
    be read at all refuses the file. Messages name the file `name` (default: the path's). `straight`: the file as
    it came, whose start only was seen to be UTF-8 (raises _NotUtf8Later when a later part is not)."""
    name = name or readable.name
    rejects, scans = f"{table}_rejects", f"{table}_scans"
    try:
        if straight:
            refuse_nul_bytes(readable, name)
        layout = csv_layout(readable, name)
        for scratch in (rejects, scans):
            con.execute(f"drop table if exists {scratch}")
        try:
            con.execute(
                f"create or replace temp table {table} as select * from read_csv($path, auto_detect = false, "
                "header = false, skip = $skip, delim = $delim, quote = '\"', escape = '\"', columns = $columns, "
                "strict_mode = true, max_line_size = $max_line, ignore_errors = true, store_rejects = true, "
                f"rejects_table = '{rejects}', rejects_scan = '{scans}')",
                {
                    "path": str(readable),
                    "skip": layout.records,
                    "delim": layout.delimiter,
                    "columns": dict.fromkeys(layout.columns, "VARCHAR"),
                    "max_line": config.MAX_LINE_BYTES,
                },
            )
        except duckdb.Error as exc:
            if not sheet_copy and mixed_line_ends(readable):
                return _stage_one_line_end(con, readable, table, name, straight)
            raise ImportRefused(_csv_problem(name, exc)) from exc
        if not sheet_copy and _no_rows(con, table) and mixed_line_ends(readable):
            # title lines ending in \n above rows ending in \r\n read as no row at all, without an error (trial 54)
            return _stage_one_line_end(con, readable, table, name, straight)
        # a row with too many fields is reported once per extra field, one with too few once per field it lacks,
        # each saying "Found: " the field it stopped at: the line's own count is the last of the first and the
        # first of the second (a line of 1 field under 9 columns says Found: 1 to Found: 8)
        found_at = "try_cast(regexp_extract(error_message, 'Found: (\\d+)', 1) as integer)"
        problems = con.execute(
            f"select line, any_value(line_byte_position), any_value(error_type), any_value(left(csv_line, 1000)), "
            f"any_value(error_message), bool_and(error_type in {RAGGED_ERRORS!r}), "
            f"case when bool_and(error_type = 'MISSING COLUMNS') then min({found_at}) else max({found_at}) end "
            f"from {rejects} group by line order by line"
        ).fetchall()
        if straight and any(p[2] == "INVALID ENCODING" for p in problems):
            # the start was UTF-8 but a later part is not: its encoding is decided from all its lines
            raise _NotUtf8Later
        # a file read as UTF-8 (or converted to it) from here: its raw lines read too. a sheet's copy is written
        # with as many fields as its header on every row
        trailing = 0 if sheet_copy else refuse_extra_empty_fields(con, readable, layout, name)
        # DuckDB counts lines outside quotes from where the previous record ended; the physical line is the
        # line breaks before that point, plus the blank lines the record starts with, plus one
        starts = _newlines_before(readable, [max(0, p[1] - 1) for p in problems])
        located = [
            (line, starts[max(0, start - 1)] + raw[: len(raw) - len(raw.lstrip("\r\n"))].count("\n") + 1, raw, found)
            for line, start, _, raw, _, _, found in problems
        ]
        fatal = next((i for i, p in enumerate(problems) if not p[5]), None)
        if fatal is not None:
            _, start, kind, _, message, _, _ = problems[fatal]
            said = _unreadable_line(name, kind, message, located[fatal][1])
            if kind == "UNQUOTED VALUE" and _quote_open_to_end(readable, start):
                said += CUT_OFF
            raise ImportRefused(said)
        footer, located = _without_footer(readable, layout, located)
        blanks = _blank_records_before(readable, layout, [line - layout.records for line, *_ in located])
        _write_ragged(con, ragged_table(table), layout, located, blanks)
        return len(located), footer, trailing, layout.title
    finally:
        for scratch in (rejects, scans):
            con.execute(f"drop table if exists {scratch}")


def _without_footer(
    readable: Path, layout: CsvLayout, located: list[tuple[int, int, str, int | None]]
) -> tuple[Footer | None, list[tuple[int, int, str, int | None]]]:
    """A Salesforce report's footer (its lines are one field each: ragged rows, left out and reported apart), and
    the ragged rows that are not in it."""
    footer = find_footer(readable, layout.delimiter) if located and len(layout.columns) > 1 else None
    if footer is None:
        return None, located
    return footer, [p for p in located if not footer.first_line <= p[1] <= footer.last_line]


def _blank_records_before(path: Path, layout: CsvLayout, records: list[int]) -> dict[int, int]:
    """Per record number after the header as DuckDB counts them (a blank line is one), how many blank lines
    outside quotes come before it: the rows kept, numbered without blank lines, number a ragged row alike."""
    if not records:
        return {}
    wanted, last = set(records), max(records)
    counts: dict[int, int] = {}
    blanks = 0
    csv.field_size_limit(max(csv.field_size_limit(), config.MAX_LINE_BYTES))
    with path.open(encoding="utf-8", errors="replace", newline="") as text:
        reader = _records_of(text, layout.delimiter)
        for _ in range(layout.records):
            next(reader, None)
        for number, record in enumerate(reader, start=1):
            if number in wanted:
                counts[number] = blanks
            if number >= last:
                break
            blanks += not record
    return counts


def _write_ragged(
    con: duckdb.DuckDBPyConnection,
    ragged: str,
    layout: CsvLayout,
    located: list[tuple[int, int, str, int | None]],
    blanks: dict[int, int],
) -> None:
    """The table of ragged rows, from (DuckDB's line, physical line, the line as read, its field count); `blanks`:
    per record number, the blank lines before it (_blank_records_before)."""
    con.execute(f"create or replace temp table {ragged} (_row bigint, line bigint, value varchar)")
    if located:
        width = len(layout.columns)
        rows = pd.DataFrame(
            {
                # the data row (1 = the first under the header), blank lines not counted, as the rows kept are
                "_row": [line - layout.records - blanks.get(line - layout.records, 0) for line, *_ in located],
                "line": [physical for _, physical, *_ in located],
                "value": [
                    _ragged_value(raw, found, layout.delimiter, width, physical) for _, physical, raw, found in located
                ],
            }
        )
        con.register("_ragged_rows", rows)
        try:
            con.execute(f"insert into {ragged} select * from _ragged_rows")
        finally:
            con.unregister("_ragged_rows")


def _ragged_value(raw: str, found: int | None, delimiter: str, width: int, line: int) -> str:
    """A row with the wrong number of fields as the report shows it: line, field count, the line shortened."""
    text = raw.strip("\r\n")
    # DuckDB's count is the line's own; the raw line may be cut short, so parsing it is the fallback only
    fields = found if found is not None else len(next(_records(text, delimiter), []))
    shown = text if len(text) <= SHOWN_LINE_CHARS else text[:SHOWN_LINE_CHARS] + "…"
    return f"line {line:,}: {fields} field{'' if fields == 1 else 's'}, the header has {width}: {shown}"


def _stage_parquet(con: duckdb.DuckDBPyConnection, path: Path, staging: str) -> None:
    try:
        con.execute(
            f"create or replace temp table {staging} as select columns(*)::varchar from read_parquet($path)",
            {"path": str(path)},
        )
    except duckdb.Error as exc:
        raise ImportRefused(f"{path.name}: cannot be read as Parquet ({str(exc).splitlines()[0]})") from exc
    columns = list(con.execute(f"select * from {staging} limit 0").fetchdf().columns)
    header_names(columns, path.name)
    # a NUL character is refused here as in a CSV, naming the row and column
    q = store.quote_identifier
    where = " or ".join(f"contains({q(c)}, chr(0))" for c in columns)
    found = con.execute(
        f"select rowid + 1, [{', '.join(f'contains({q(c)}, chr(0))' for c in columns)}] from {staging} "
        f"where {where} limit 1"
    ).fetchall()
    if found:
        row, flags = found[0]
        column = columns[[bool(f) for f in flags].index(True)]
        raise ImportRefused(
            f"{path.name}, row {row:,}, column {column}: holds a NUL character, which no text value has: the file "
            "is damaged or was not written for export; export the table again"
        )


def _title_rows(first: list[tuple[object, ...]]) -> int:
    """How many title rows a sheet has above its column names (0: the names are row 1): row 1 has one cell filled,
    such as a merged "Marketing spend Q1 2025", and the names are the first later row of several cells, all text,
    with a row of several under it (a data row may have a blank, so it need not be as wide); else the first later
    row as wide as the one under it."""
    filled = [[c for c in row if c is not None and str(c).strip()] for row in first]
    if not filled or len(filled[0]) != 1 or re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", str(filled[0][0]).strip()):
        return 0
    pairs = list(enumerate(itertools.pairwise(filled), start=1))
    later = pairs[1:]
    named = (n for n, (row, after) in later if len(row) > 1 < len(after) and all(isinstance(c, str) for c in row))
    found = next(named, None) or next((n for n, (row, after) in later if len(row) > 1 and len(after) == len(row)), None)
    return 0 if found is None else found - 1


# a sheet's whole number of 16 digits or more: a spreadsheet keeps 15 (and a float holds none past 2^53 exactly)
ROUNDED_FROM = 10**15
# temporary table: the data rows of each sheet column that held a number cell with a fraction (record_number_cells)
SHEET_NUMBERS = "sheet_number_cells"


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= ROUNDED_FROM:
        return f"{value:.15E}"
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= ROUNDED_FROM:
            # a spreadsheet keeps 15 digits of a number (a 16-digit id typed in Excel lost its last; a 19-digit
            # Zoho id kept as a number, several): written in scientific notation, an id column of them is refused
            # as rounded (checks.refuse_scientific_ids), and no amount is that large
            return f"{value:.15E}"
        # Excel keeps every number as a float; ids like 101 must not become "101.0"
        return str(int(value))
    if isinstance(value, float) and math.isfinite(value):
        # plain decimals (1e-05 would be no amount); the shortest text that is this float
        return format(Decimal(repr(value)), "f")
    return str(value)


def record_number_cells(con: duckdb.DuckDBPyConnection, file: str, cells: Mapping[str, list[int]]) -> None:
    """Keep which data rows of a sheet's columns held a number cell with a fraction (SHEET_NUMBERS), replacing the
    file's earlier ones: such a cell holds no separator, so the amount reader reads it as it is (exact_rows). A
    whole number reads the same under any separators: not kept."""
    con.execute(f"create temp table if not exists {SHEET_NUMBERS} (file varchar, column_name varchar, _row bigint)")
    con.execute(f"delete from {SHEET_NUMBERS} where file = $file", {"file": file})
    columns = [column for column, numbered in cells.items() for _ in numbered]
    if columns:
        rows = pa.table({"column_name": columns, "_row": [row for numbered in cells.values() for row in numbered]})
        con.register("_sheet_number_rows", rows)
        try:
            con.execute(
                f"insert into {SHEET_NUMBERS} select $file, column_name, _row from _sheet_number_rows", {"file": file}
            )
        finally:
            con.unregister("_sheet_number_rows")


def exact_rows(con: duckdb.DuckDBPyConnection, file: str, columns: Sequence[str], raw: str, table: str) -> str:
    """SQL true for the rows of a staged table (by its _row, else its rowid: a sheet's copy has no ragged rows)
    whose value of a canonical column came from a sheet's number cell with a fraction: of the file `columns` it is
    read from (the first filled, as a mapping reads a list), the one that filled it. Keeps a temporary table of
    those rows until forget_exact_rows. "false" for a file no sheet's number cells are kept for."""
    kept = store.scalar(
        con, "select count(*) from duckdb_tables() where table_name = $t and temporary", {"t": SHEET_NUMBERS}
    )
    if not kept or not store.scalar(con, f"select count(*) from {SHEET_NUMBERS} where file = $file", {"file": file}):
        return "false"
    q = store.quote_identifier
    supplier = " ".join(f"when clean(r.{q(c)}) is not null then {i}" for i, c in enumerate(columns, start=1))
    con.execute(
        f"create or replace temp table {table}_exact as select r._row from {raw} as r join {SHEET_NUMBERS} as n "
        f"on n.file = $file and n._row = r._row and n.column_name = $columns[case {supplier} end]",
        {"file": file, "columns": list(columns)},
    )
    row = "_row" if "_row" in staged_types(con, table) else "rowid + 1"
    return f"({row} in (select _row from {table}_exact))"


def forget_exact_rows(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop the rows exact_rows kept for a staged table."""
    con.execute(f"drop table if exists {table}_exact")


def _workbook_size(path: Path) -> int:
    """The bytes an XLSX file's parts expand to, from the zip directory (nothing is unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"{path.name}: cannot be read as an Excel workbook (not a valid XLSX file)") from exc


def _saved_rows(
    cached_rows: Iterator[tuple[Any, ...]], formula_rows: Iterator[tuple[Any, ...]], unsaved: list[str]
) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows as the workbook saved their values; each formula cell without a saved value (an empty
    result reads the same) is blank, its formula added to `unsaved`."""
    for cached, formulas in zip(cached_rows, formula_rows, strict=False):
        for value, formula in zip(cached, formulas, strict=False):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                unsaved.append(formula)
        yield cached


# compiled once: every row of a sheet is tried (the pattern is long, one alternative per language's total word)
_TOTALS_LABEL = re.compile(totals.STRONG)
# a cell of a totals row beside its label: a number, as a sheet's cell or written with a currency and separators
_SUM_CELL = re.compile(
    # a label before it (Salesforce's "Count: 2", "Sum: $1,700.00"), a record count, or a dash for none
    r"(?:[^\W\d_][\w ]*:\s*)?"
    r"[^\w\s]{0,2}\s?(?:[A-Z]{3}\s?)?[-+(]?[0-9][0-9.,' \u00a0\u202f]*\)?\s?(?:[A-Z]{3}|%|[^\w\s]{1,2})?"
    r"|\(?\s*[0-9][0-9,.]*\s+records?\s*\)?|[-–—]"
)
# what a footer's text says: (it is footer text, the row count it states, it is Salesforce's)
FooterText = tuple[bool, int | None, bool]


class _Held(NamedTuple):
    """A sheet row that may be a report's end, held back: its number, cells and values, and its footer text (None:
    a row whose first filled cell is a totals label, "Total", "Grand Total")."""

    number: int
    cells: list[str]
    row: tuple[Any, ...]
    text: FooterText | None


def _tail_row(number: int, cells: list[str], row: tuple[Any, ...]) -> _Held | None:
    """The row held back when it may belong to a report's end (a footer text alone in its row, or a totals row);
    None for a record."""
    filled = [c for c in cells if c and not c.isspace()]
    if not filled:
        return None
    if len(filled) == 1 and (found := _footer_text(filled[0].strip())) is not None:
        return _Held(number, cells, row, found)
    # a totals row is its label and sums: a record whose first cell is a name such as "Sum" (Kevin Sum) has text,
    # an id and dates beside it, and is a record
    if _TOTALS_LABEL.fullmatch(filled[0]) and all(_SUM_CELL.fullmatch(c.strip()) for c in filled[1:]):
        return _Held(number, cells, row, None)
    return None


def _sheet_footer(held: list[_Held], header_row: int, last: int) -> tuple[Footer | None, list[_Held]]:
    """The footer a sheet ends with (its rows held back, the last record's number `last`), and the held rows that
    are records after all. A formatted Salesforce report (XLSX) ends with a Total row, then "Confidential
    Information" and the copyright line: read as rows, each was skipped for a missing id and --strict refused the
    file. The Total row goes with a Salesforce footer only; another report's total is checked as a totals row is."""
    texts = [(h, h.text) for h in held if h.text is not None]
    if not texts:
        return None, held
    salesforce = any(t[2] for _, t in texts)
    start = texts[0][0].number
    sums = [h for h in held if h.text is None and salesforce and h.number < start]
    back = [h for h in held if h.text is None and h not in sums]
    before = max([last, *(h.number for h in back if h.number < start)])
    first = sums[0].number if sums else before + 1
    stated = next((t[1] for _, t in texts if t[1] is not None), None)
    footer = Footer(header_row + first - 1, header_row + texts[-1][0].number - 1, stated, salesforce, "row", len(sums))
    return footer, back


def _write_row(
    writer: Any,
    names: tuple[str, ...],
    cells: list[str],
    row: tuple[Any, ...],
    width: int,
    written: int,
    fractions: dict[str, list[int]],
) -> int:
    """Write one record of a sheet, padded to the header; the records written so far, this one counted."""
    writer.writerow(cells + [""] * (width - len(cells)))
    written += 1
    for name, value in zip(names, row, strict=False):
        if isinstance(value, float) and not value.is_integer():
            fractions.setdefault(name, []).append(written)
    return written


# a text date of a sheet whose first number cannot be a month (15/03/2024): the column's dates are day first
_DAY_FIRST_TEXT = re.compile(r"\s*(1[3-9]|2\d|3[01])[/.-](0?[1-9]|1[0-2])[/.-]\d{2,4}(\s+\d{1,2}[:.]\d{2}.*)?\s*")
# a text cell that is a date or a time (of either order) or a placeholder: a column holding any other text (notes,
# names) is no date column, and its date cells are not judged
_DATE_LIKE_TEXT = re.compile(r"\s*([0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{1,4}(\s+\d{1,2}[:.]\d{2}.*)?|-|n/?a)?\s*", re.I)


class _SwappedDates:
    """Per sheet column, the first row of a date cell whose day and month could be swapped and of a text date that
    is day first. A UK/EU CSV opened in US Excel: 01/03/2024 became a date cell for 3 January while 15/03/2024
    stayed text, so the column's date cells are month first where its text is day first (read before as they were,
    L1 stored in January instead of March)."""

    def __init__(self) -> None:
        self.cells: dict[str, tuple[int, object]] = {}
        self.texts: dict[str, tuple[int, str]] = {}
        # the columns with text that is no date (notes, names): no date column
        self.free: set[str] = set()

    def see(self, names: Sequence[str], row: tuple[Any, ...], number: int) -> None:
        """Note a sheet row's (its row `number`) swappable date cells and day-first text dates."""
        for name, value in zip(names, row, strict=False):
            if isinstance(value, date) and value.day <= 12 and value.day != value.month:
                self.cells.setdefault(name, (number, value))
            elif isinstance(value, str) and _DAY_FIRST_TEXT.fullmatch(value):
                self.texts.setdefault(name, (number, value.strip()))
            elif isinstance(value, str) and not _DATE_LIKE_TEXT.fullmatch(value):
                self.free.add(name)

    def refuse(self, where: str) -> None:
        """Refuse a date column holding both (its date cells cannot be trusted); a column of one kind reads as
        before, and so does one with other text (a notes column's "15/03/2025 call agency")."""
        for name, (number, value) in self.cells.items():
            if name in self.texts and name not in self.free:
                text_row, text = self.texts[name]
                shown = value.strftime("%Y-%m-%d") if isinstance(value, date) else str(value)
                raise ImportRefused(
                    f"{where}, column {name!r}: row {number} is a date cell ({shown}, day {getattr(value, 'day', '')})"
                    f" while row {text_row} is the text {text!r}, day first; Excel turned the day-first dates it could"
                    " read month first into dates (01/03/2024 became 3 January) and left the others as text, so the "
                    "date cells cannot be trusted. Open the CSV again with this column formatted as text (Data > "
                    "From Text/CSV, column type Text), or export it again as CSV and import that file"
                )


def _write_sheet(
    rows: Iterator[tuple[Any, ...]],
    header: tuple[Any, ...],
    copy: Path,
    where: str,
    fractions: dict[str, list[int]],
    header_row: int = 1,
    blanks: list[int] | None = None,
) -> tuple[bool, Footer | None]:
    """Write a sheet's header (its row `header_row`) and its non-empty rows to a CSV copy, padded to the header;
    whether any row was, and the report footer the sheet ends with, left out (None: none). `fractions` gets, per
    column, the data rows whose cell was a number with a fraction; `blanks` the sheet's empty rows left out."""
    width = max(i for i, c in enumerate(header) if c is not None) + 1
    names = header_names([_cell_text(c) for c in header[:width]], f"{where}, row {header_row}")
    written, last = 0, 1
    # the rows that may be a report's end, held back until a record follows them (then they are rows too)
    held: list[_Held] = []
    dates = _SwappedDates()
    with copy.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        for number, row in enumerate(rows, start=2):
            if number > config.XLSX_MAX_ROWS:
                raise ImportRefused(
                    f"{where}: holds more than {config.XLSX_MAX_ROWS:,} rows, more than an import reads; "
                    "save the sheet as CSV or split it"
                )
            cells = [_cell_text(c) for c in row[:width]]
            if not any(cells):
                if blanks is not None:
                    blanks.append(number + header_row - 1)
                continue
            tail = _tail_row(number, cells, row) if width > 1 and written else None
            if tail is not None:
                held.append(tail)
                continue
            for h in held:
                written = _write_row(writer, names, h.cells, h.row, width, written, fractions)
                dates.see(names, h.row, h.number + header_row - 1)
            held.clear()
            written, last = _write_row(writer, names, cells, row, width, written, fractions), number
            dates.see(names, row, number + header_row - 1)
        footer, back = _sheet_footer(held, header_row, last)
        for h in back:
            written = _write_row(writer, names, h.cells, h.row, width, written, fractions)
            dates.see(names, h.row, h.number + header_row - 1)
    dates.refuse(where)
    return written > 0, footer


# the day an Excel day number counts from: 1899-12-30 (Excel's 1900 date system, with its leap-day error), or
# 1904-01-01 in a workbook saved in the 1904 system (Mac Excel before 2011): the same number is 1,462 days later
EXCEL_DAY_ZERO = "1899-12-30"
EXCEL_1904_DAY_ZERO = "1904-01-01"


def excel_day_zero(path: Path) -> str:
    """The date an XLSX workbook's day numbers count from, as its workbook part says (ISO text)."""
    try:
        with zipfile.ZipFile(path) as book:
            part = book.read("xl/workbook.xml")[:20_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return EXCEL_DAY_ZERO
    return EXCEL_1904_DAY_ZERO if re.search(r"\bdate1904=[\"'](1|true)[\"']", part) else EXCEL_DAY_ZERO


RELS = "xl/_rels/workbook.xml.rels"


def _attributes(tag: str) -> dict[str, str]:
    """An XML tag's attributes by their local name (r:id is id), in either quotes."""
    return {k.rsplit(":", 1)[-1]: v for k, _, v in re.findall(r"\b([\w:]+)=([\"'])(.*?)\2", tag)}


def _sheet_part(book: zipfile.ZipFile, sheet: str | None) -> str | None:
    """The zip member holding a sheet's cells: the named sheet's, or the first one's."""
    sheets = [
        _attributes(t)
        for t in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book.read("xl/workbook.xml").decode("utf-8", "replace"))
    ]
    rels = [
        _attributes(t)
        for t in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", book.read(RELS).decode("utf-8", "replace"))
    ]
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for tag in sheets:
        if sheet is not None and html.unescape(tag.get("name", "")) != sheet:
            continue
        part = targets.get(tag.get("id"), "").lstrip("/")
        if part:
            return part if part.startswith("xl/") else f"xl/{part}"
    return None


def _column_number(letters: str) -> int:
    """A column's 1-based number from its letters (A 1, Z 26, AA 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _scan_sheet_part(book: zipfile.ZipFile, part: str) -> tuple[list[tuple[str, ...]], set[int], set[int]]:
    """A sheet part's merged ranges (first column, row, last column, row), hidden columns and hidden rows."""
    merged: list[tuple[str, ...]] = []
    hidden: set[int] = set()
    hidden_rows: set[int] = set()
    tail = ""
    with book.open(part) as cells:
        # the column widths come before the rows, the merged cells after them: a scan of the part in chunks
        while chunk := cells.read(1 << 20):
            text = tail + chunk.decode("utf-8", "replace")
            # any namespace prefix (x:mergeCell), attribute order and quotes, as other writers save them
            merged += re.findall(r"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)[\"']", text)
            for tag in re.findall(r"<(?:\w+:)?col\b[^>]*>", text):
                attributes = _attributes(tag)
                if attributes.get("hidden") in ("1", "true") and {"min", "max"} <= attributes.keys():
                    hidden.update(range(int(attributes["min"]), int(attributes["max"]) + 1))
            for tag in re.findall(r"<(?:\w+:)?row\b[^>]*\bhidden=[\"'](?:1|true)[\"'][^>]*>", text):
                if (number := _attributes(tag).get("r", "")).isdigit():
                    hidden_rows.add(int(number))
            tail = text[-200:]
    return merged, hidden, hidden_rows


def sheet_warnings(
    path: Path, sheet: str | None, header: Sequence[str], read: Sequence[str] | None = None, header_row: int = 1
) -> list[str]:
    """What the sheet's layout hides from a reader of its cells, for the report: merged cells under the header
    (only the first cell of each holds the value Excel shows across it; the others read blank), and hidden rows
    and hidden columns that are read (`read`: the columns a mapping reads, None for all), though nobody looking at
    the sheet sees them."""
    try:
        with zipfile.ZipFile(path) as book:
            part = _sheet_part(book, sheet)
            if part is None:
                return []
            merged, hidden, hidden_rows = _scan_sheet_part(book, part)
    except (zipfile.BadZipFile, KeyError, OSError):
        return []
    out = []
    # a merge found twice (across a chunk's end) is one
    below = sorted({m for m in merged if int(m[3]) > header_row}, key=lambda m: (int(m[1]), _column_number(m[0])))
    if below:
        shown = ", ".join(f"{a}{b}:{c}{d}" for a, b, c, d in below[:5]) + (" …" if len(below) > 5 else "")
        out.append(
            f"{path.name}: {fmt_count(len(below), 'range')} of merged cells under the column names ({shown}): only "
            "the first cell of each holds the value Excel shows across it, the others are read as blank; unmerge "
            "them and fill every cell (Excel: Merge & Center, then Unmerge Cells) and import again"
        )
    hidden_rows = {n for n in hidden_rows if n > header_row}
    if hidden_rows:
        # a filter hides rows (test leads, another region) from whoever looks, not from an import of every row
        out.append(
            f"{path.name}: {fmt_count(len(hidden_rows), 'row')} hidden in the sheet (by a filter or by hand, such as "
            f"the sheet's row {min(hidden_rows)}) {'are' if len(hidden_rows) > 1 else 'is'} read like the others: "
            "delete the rows that should not count and import again"
        )
    named = [
        f"{header[n - 1]!r}"
        for n in sorted(hidden)
        if n <= len(header)
        and header[n - 1]
        and (read is None or header[n - 1] in read)
        # Dynamics 365 hides its record ids on purpose: the column an import of its export means to read
        and not header[n - 1].startswith(DYNAMICS_KEY_PREFIX)
    ]
    if named:
        out.append(
            f"{path.name}: hidden column{'s' if len(named) > 1 else ''} {', '.join(named)} "
            f"{'are' if len(named) > 1 else 'is'} read like the others, though the sheet does not show "
            f"{'them' if len(named) > 1 else 'it'}: check that the mapping reads the columns you mean"
        )
    return out


# the hidden key columns of a Dynamics 365 export ("(Do Not Modify) Lead", its GUID)
DYNAMICS_KEY_PREFIX = "(Do Not Modify)"
# a cell's tag in a sheet part: its attributes (r, s, t)
_CELL_TAG = re.compile(r"<(?:\w+:)?c\b([^>]*)>")
_CELL_REF = re.compile(r"\br=[\"']([A-Z]+)([0-9]+)[\"']")


# Excel's built-in number formats 9 and 10, written in no file: the percentages
BUILT_IN_PERCENT = {9: "0%", 10: "0.00%"}


def _cell_formats(book: zipfile.ZipFile) -> list[str | None]:
    """Each cell style's number format code (by the style's index, as cells name it in s=""), None for a format the
    file does not declare (a built-in one, whose code is the reader's locale's)."""
    try:
        styles = book.read("xl/styles.xml").decode("utf-8", "replace")
    except KeyError:
        return []
    codes = {
        int(a["numFmtId"]): html.unescape(a.get("formatCode", ""))
        for a in map(_attributes, re.findall(r"<(?:\w+:)?numFmt\b[^>]*>", styles))
        if a.get("numFmtId", "").isdigit()
    }
    xfs = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", styles, re.S)
    ids = (
        [_attributes(t).get("numFmtId", "0") for t in re.findall(r"<(?:\w+:)?xf\b[^>]*>", xfs.group(1))] if xfs else []
    )
    # a built-in format's code the file does not declare is the reader's locale's: not known here, but for the
    # percentages', which every locale shows alike (a plan's rate typed as 15% is 0.15 in a 0% cell)
    return [codes.get(int(i), BUILT_IN_PERCENT.get(int(i))) if i.isdigit() else None for i in ids]


def sheet_number_formats(
    path: Path, sheet: str | None, header: Sequence[str], header_row: int = 1
) -> dict[str, dict[str, int]]:
    """Per column (by its header name, of those `header` names) of a sheet, the declared number formats of its
    number cells under the header that hold a value, and how many cells have each: a cell's format may name its
    currency ("[$€-2] #,##0.00"), which its value does not."""
    try:
        with zipfile.ZipFile(path) as book:
            part = _sheet_part(book, sheet)
            formats = _cell_formats(book)
            if part is None or not any(formats):
                return {}
            found: dict[str, dict[str, int]] = {}
            with book.open(part) as cells:
                tail = ""
                while chunk := cells.read(1 << 20):
                    text = tail + chunk.decode("utf-8", "replace")
                    # a tag cut at the chunk's end is read with the next chunk
                    cut = text.rfind("<") if "<" in text else len(text)
                    text, tail = text[:cut], text[cut:]
                    _count_formats(text, formats, header, header_row, found)
                _count_formats(tail, formats, header, header_row, found)
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    return found


def _count_formats(
    text: str, formats: list[str | None], header: Sequence[str], header_row: int, found: dict[str, dict[str, int]]
) -> None:
    """Count the custom formats of the number cells of a piece of a sheet part into `found`."""
    for tag in _CELL_TAG.findall(text):
        # a cell without a value (<c r="E5" s="2"/>, a template's formatted empty rows) or a style shows no money
        if tag.endswith("/") or " s=" not in tag:
            continue
        where = _CELL_REF.search(tag)
        if where is None or int(where.group(2)) <= header_row:
            continue
        position = _column_number(where.group(1))
        if position > len(header) or not header[position - 1]:
            continue
        a = _attributes(tag)
        style = a.get("s", "")
        if a.get("t", "n") != "n" or not style.isdigit() or int(style) >= len(formats):
            continue
        if (code := formats[int(style)]) is not None:
            column = found.setdefault(header[position - 1], {})
            column[code] = column.get(code, 0) + 1


def sheet_row_formats(
    path: Path, sheet: str | None, position: int, header_row: int = 1, blank_rows: Sequence[int] = ()
) -> dict[int, str]:
    """The declared number format of each number cell of a sheet's column (1-based `position`), by the data row
    (_row) it was staged as: a target sheet's 0.15 in a 0% cell is a rate, which its value does not say. The
    empty rows left out (`blank_rows`) are not counted."""
    try:
        with zipfile.ZipFile(path) as book:
            part = _sheet_part(book, sheet)
            formats = _cell_formats(book)
            if part is None or not any(formats):
                return {}
            text = book.read(part).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    found: dict[int, str] = {}
    for tag in _CELL_TAG.findall(text):
        where = _CELL_REF.search(tag)
        if tag.endswith("/") or " s=" not in tag or where is None or _column_number(where.group(1)) != position:
            continue
        a, sheet_row = _attributes(tag), int(where.group(2))
        style = a.get("s", "")
        if sheet_row <= header_row or a.get("t", "n") != "n" or not style.isdigit() or int(style) >= len(formats):
            continue
        if (code := formats[int(style)]) is not None:
            found[sheet_row - header_row - bisect.bisect_left(blank_rows, sheet_row)] = code
    return found


class SheetRead(NamedTuple):
    """What staging a workbook's sheet read besides its rows."""

    # formula cells read blank for want of a saved value: how many, and the first formula (None: none)
    unsaved: tuple[int, str] | None
    # the title rows above the header, left out (None: the header is row 1)
    title: Title | None
    # the sheet read, and what the report says of the others ("": the workbook has no other)
    sheet: str
    others: str
    # the report footer (and Total row) the sheet ends with, left out (None: none)
    footer: Footer | None = None
    # the sheet's empty rows under the header, left out: a data row's number is its sheet row less those above it
    blank_rows: tuple[int, ...] = ()


def _has_rows(worksheet: Any) -> bool:
    """Whether a sheet holds a row under its first non-empty one: by its declared size when it declares several
    rows, else (one row or none declared, which some writers declare whatever the sheet holds) by its first rows,
    read no further than SNIFF_RECORDS rows past an empty start. A sheet declaring too many rows keeps its size, so
    reading it is refused (_stage_excel)."""
    declared = worksheet.max_row
    if declared is not None and declared >= 2:
        return True
    worksheet.reset_dimensions()
    rows = itertools.islice(worksheet.iter_rows(values_only=True), SNIFF_RECORDS)
    filled = (row for row in rows if any(c is not None for c in row))
    return next(filled, None) is not None and next(filled, None) is not None


def _choose_sheet(book: Any, path: Path, sheet: str | None) -> tuple[Any, str]:
    """The sheet to read: the one named, else the only visible sheet with rows under its first (a workbook's
    instructions, a hidden old export or an empty "Sheet2" beside the data are not it); refused when several
    visible sheets hold rows, as only the user knows which is the data. With what the report says of the others.
    Chart sheets hold no rows: never read."""
    sheets = book.worksheets
    if sheet:
        listed = ", ".join(w.title for w in sheets)
        if sheet in book.sheetnames and sheet not in [w.title for w in sheets]:
            raise ImportRefused(f"{path.name}: {sheet!r} is a chart sheet, which holds no rows (its sheets: {listed})")
        if sheet not in book.sheetnames:
            raise ImportRefused(f"{path.name}: no sheet named {sheet!r} (its sheets: {listed})")
        return book[sheet], ""
    if len(sheets) == 1:
        return sheets[0], ""
    visible = [w for w in sheets if w.sheet_state == "visible"]
    with_rows = [w for w in visible if _has_rows(w)]
    if len(with_rows) > 1:
        raise ImportRefused(
            f"{path.name}: {len(with_rows)} sheets hold rows ({', '.join(repr(w.title) for w in with_rows)}): "
            "choose the one with the data (--sheet NAME, or Sheet on the Data page)"
        )
    chosen = (with_rows or visible or sheets)[0]
    left = [f"{w.title!r} ({'no rows' if w.sheet_state == 'visible' else 'hidden'})" for w in sheets if w is not chosen]
    return chosen, f"read sheet {chosen.title!r}; left out {', '.join(left)}: name another with --sheet NAME"


def _stage_excel(con: duckdb.DuckDBPyConnection, path: Path, staging: str, sheet: str | None) -> SheetRead:
    """Stage one sheet (_choose_sheet), its first row the header (a later one under title rows); refuse a workbook
    that expands or declares beyond the limits before parsing it (a 1 MB file can hold millions of empty rows)."""
    # openpyxl's read-only mode streams rows, so a large workbook goes to CSV without being held in memory
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    expanded = _workbook_size(path)
    if expanded > config.XLSX_MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(
            f"{path.name}: the workbook expands to {expanded / 1024**3:,.1f} GB, more than the "
            f"{config.XLSX_MAX_UNCOMPRESSED_BYTES / 1024**3:,.0f} GB an import reads; save the sheet as CSV"
        )
    try:
        # a formula's value as the workbook saved it (Excel saves one with every formula); a cell without one (a
        # workbook a program wrote, or an empty result, which reads the same) is blank, and the report says how
        # many there were: the formula text as a value would be a campaign or source nobody wrote
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        saved = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportRefused(f"{path.name}: cannot be read as an Excel workbook ({exc})") from exc
    handle, name = tempfile.mkstemp(suffix=".csv")
    os.close(handle)
    copy = Path(name)
    try:
        worksheet, others = _choose_sheet(book, path, sheet)
        where = f"{path.name}, sheet {worksheet.title!r}"
        if (worksheet.max_row or 0) > config.XLSX_MAX_ROWS:
            raise ImportRefused(
                f"{where}: declares {worksheet.max_row:,} rows, more than the {config.XLSX_MAX_ROWS:,} an import "
                "reads; save the sheet as CSV or split it"
            )
        # read every row the sheet holds, not only those its declared size names (a wrong size would drop rows)
        worksheet.reset_dimensions()
        values = saved[worksheet.title]
        values.reset_dimensions()
        unsaved: list[str] = []
        rows = _saved_rows(values.iter_rows(values_only=True), worksheet.iter_rows(values_only=True), unsaved)
        first = list(itertools.islice(rows, SNIFF_RECORDS))
        if not first or all(c is None for c in first[0]):
            raise ImportRefused(f"{where}: row 1 is empty; the column names must be the sheet's first row")
        above = _title_rows(first)
        title = tuple(" ".join(_cell_text(c) for c in row if c is not None).strip() for row in first[:above])
        title = tuple(t for t in title if t)
        header = first[above]
        fractions: dict[str, list[int]] = {}
        blanks: list[int] = []
        written, footer = _write_sheet(
            itertools.chain(first[above + 1 :], rows), header, copy, where, fractions, above + 1, blanks
        )
        if not written and len(book.sheetnames) > 1:
            listed = ", ".join(n for n in book.sheetnames if n != worksheet.title)
            raise ImportRefused(
                f"{where}: no rows under its column names; the workbook's other sheets are {listed}: "
                "choose the one with the data (--sheet NAME, or Sheet on the Data page)"
            )
        book.close()
        saved.close()
        # a sheet's short rows are padded above, so none is ragged and no footer is looked for
        _stage_csv(con, copy, staging, name=path.name, sheet_copy=True)
        record_number_cells(con, path.name, fractions)
        return SheetRead(
            (len(unsaved), unsaved[0]) if unsaved else None,
            Title(above + 1, title, "row") if above else None,
            worksheet.title,
            others,
            footer,
            tuple(blanks),
        )
    finally:
        book.close()
        saved.close()
        copy.unlink(missing_ok=True)


class Staged(NamedTuple):
    """A staged file: its columns, its data rows (ragged ones included), the table, how many rows were ragged
    and the Salesforce report footer left out of the rows (None: there was none)."""

    columns: list[str]
    rows: int
    table: str
    ragged: int
    footer: Footer | None = None
    # 1-based positions of columns without a header name and without a value, left out (trailing commas)
    dropped: tuple[int, ...] = ()
    # XLSX formula cells read blank for want of a saved value: how many, and the first formula
    unsaved: tuple[int, str] | None = None
    # records with one empty field past the header, every one of them (refuse_extra_empty_fields): read as the
    # exporter's delimiter at each line's end
    trailing: int = 0
    # the title lines (rows of a sheet) above the header, left out (None: the header is the first line)
    title: Title | None = None
    # a workbook's sheet read (None: not a workbook), and what the report says of its other sheets
    sheet: str | None = None
    sheet_note: str = ""
    # what the report says of a CSV's encoding when it is not UTF-8 or UTF-16 ("read as Mac Roman (Gagné, …)")
    encoding_note: str | None = None
    # a workbook's empty sheet rows under the header, left out (SheetRead.blank_rows)
    blank_rows: tuple[int, ...] = ()
    # text that looks written twice in UTF-8 (JÃ¼rgen) in a file that does not read right repaired: the warning
    encoding_warning: str | None = None


def io_problem(name: str, exc: OSError) -> str:
    """An operating-system error while reading or copying a file, as what the user can do about it."""
    if exc.errno == errno.ENOSPC:
        return f"{name}: the server ran out of disk space while reading it; free some space (or ask the administrator)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{name}: the server may not read this file (permission denied); upload it again"
    return f"{name}: cannot be read ({exc.strerror or type(exc).__name__}); upload it again"


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    staging: str,
    sheet: str | None = None,
    section: str = ANY_SECTION,
    stated: tuple[str, str] | None = None,
) -> Staged:
    """Read one file into a temporary table of text columns (so problems can quote cells as the file
    has them), and a view of it named `staging` that adds `_row`, the data-row number (1 = first row
    under the header). Rows of a CSV with the wrong number of fields are left out of both and listed in
    `ragged_table(table)`; the numbers of the rows after them count them. A CSV's encoding is the one its bytes
    show, or the one a mapping states (`stated`: codec, mapping file); `section` names the mapping's table section
    in messages."""
    table = f"{staging}_raw"
    suffix = path.suffix.lower()
    ragged, footer, unsaved, trailing, title, read, note = 0, None, None, 0, None, None, None
    garbled: tuple[str, str, str] | None = None
    try:
        if suffix in PARQUET_SUFFIXES:
            _stage_parquet(con, path, table)
        elif suffix in EXCEL_SUFFIXES:
            read = _stage_excel(con, path, table, sheet)
            unsaved, title, footer = read.unsaved, read.title, read.footer
        elif suffix == ".xls":
            raise ImportRefused(f"{path.name}: old .xls workbooks are not read; save it as .xlsx or CSV")
        else:
            ragged, footer, trailing, title, note, garbled = _stage_text(con, path, table, section, stated)
    except OSError as exc:
        raise ImportRefused(io_problem(path.name, exc)) from exc
    dropped = _drop_empty_unnamed(con, table)
    if ragged:
        # a kept row's number is its place among the kept rows plus the ragged rows before it: ragged row i
        # (in file order) comes after its data row number - i kept rows
        con.execute(
            f"create or replace temp table {table}_gaps as select kept_before, max(n) as n from (select "
            f"_row - row_number() over (order by _row) as kept_before, row_number() over (order by _row) as n "
            f"from {ragged_table(table)}) group by kept_before"
        )
        con.execute(
            f"create or replace temp view {staging} as select t.rowid + 1 + coalesce(g.n, 0) as _row, t.* "
            f"from {table} as t asof left join {table}_gaps as g on t.rowid + 1 > g.kept_before"
        )
    else:
        # the table keeps the file's order (insertion order is preserved), so rowid + 1 is the data row
        # number; numbering with row_number() would cost a third of the whole read
        con.execute(f"create or replace temp view {staging} as select rowid + 1 as _row, * from {table}")
    columns = [c for c in con.execute(f"select * from {table} limit 0").fetchdf().columns]
    rows = store.scalar(con, f"select count(*) from {table}") + ragged
    warning = _garbled_cells(con, staging, columns, path.name, garbled) if garbled else None
    return Staged(
        columns,
        rows,
        table,
        ragged,
        footer,
        dropped,
        unsaved,
        trailing,
        title,
        read.sheet if read else None,
        read.others if read else "",
        note,
        read.blank_rows if read else (),
        warning,
    )


def _garbled_cells(
    con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], name: str, garbled: tuple[str, str, str]
) -> str:
    """The warning of a UTF-8 file some of whose text looks written twice (JÃ¼rgen) but that does not read right
    repaired as a whole: the first such cell and the one that does not read back, by row and column, and what to do."""
    written, repaired, blocking = garbled
    return (
        f"{name}: text looks written twice in UTF-8 ({_cell_with(con, staging, columns, written)}: {written!r} for "
        f"{repaired!r}, as when a UTF-8 file is opened in Excel as Windows-1252 and saved again), but the file does "
        f"not read back whole ({_cell_with(con, staging, columns, blocking)}: {blocking!r} has a character that was "
        "lost or was never written twice), so it is read as it is, garbled; export it again from the CRM, or open it "
        "in a text editor, correct it and save it as UTF-8"
    )


def _cell_with(con: duckdb.DuckDBPyConnection, staging: str, columns: list[str], text: str) -> str:
    """Where a staged file first holds text: its header's column, or the row and column of the first cell."""
    header = next((c for c in columns if text and text in c), None)
    if header is not None:
        return f"the header's column {header!r}"
    q = store.quote_identifier
    for column in columns:
        hit = con.execute(
            f"select _row from {staging} where contains({q(column)}::varchar, $text) order by _row limit 1",
            {"text": text},
        ).fetchone()
        if hit:
            return f"row {hit[0]:,}, column {column!r}"
    return "a cell"


def _drop_empty_unnamed(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, ...]:
    """Drop the columns with no name in the header (DuckDB calls the one at 0-based position i `column<i>`, as
    header_names does) that hold no value either: the trailing commas a spreadsheet saves after the last column.
    One that holds a value stays, and is named by its position when refused. Returns their 1-based positions."""
    columns = [c for c in con.execute(f"select * from {table} limit 0").fetchdf().columns]
    unnamed = [(i, c) for i, c in enumerate(columns) if c == f"column{i}"]
    dropped = []
    for i, name in unnamed:
        q = store.quote_identifier(name)
        if not store.scalar(con, f"select count(*) from {table} where nullif(trim({q}::varchar), '') is not null"):
            con.execute(f"alter table {table} drop column {q}")
            dropped.append(i + 1)
    return tuple(dropped)


def staged_types(con: duckdb.DuckDBPyConnection, staging: str) -> dict[str, str]:
    """Column -> DuckDB type of a staged file or a `csv_view`."""
    return {name: dtype for name, dtype, *_ in con.execute(f"describe {staging}").fetchall()}
