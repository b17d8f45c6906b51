"""Make a CSV file readable by DuckDB as it comes: detect its encoding, refuse what is not text."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

from dashboard.importers.errors import ImportRefused

SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 4 * 1024 * 1024


def detect_encoding(path: Path) -> str:
    """'utf-8', 'utf-16' or 'cp1252' (Windows exports); refuse empty and binary files."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise ImportRefused(f"{path.name}: the file is empty")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise ImportRefused(f"{path.name}: this is not a text (CSV) file; export the table as CSV and try again")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still UTF-8
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    return "cp1252"


def as_utf8(path: Path) -> tuple[Path, Path | None]:
    """A UTF-8 path DuckDB can read, and a temporary file to delete afterwards (None if not needed).

    UTF-16 and Windows-1252 files are transcoded in chunks, so memory does not grow with the file.
    """
    encoding = detect_encoding(path)
    if encoding == "utf-8":
        return path, None
    decoder = codecs.getincrementaldecoder("utf-16" if encoding == "utf-16" else "cp1252")(errors="replace")
    with (
        tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".csv", delete=False, newline="") as out,
        path.open("rb") as handle,
    ):
        while chunk := handle.read(CHUNK_BYTES):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return Path(out.name), Path(out.name)
