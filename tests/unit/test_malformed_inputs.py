"""Malformed files, generated here, imported into a database that already holds the hand-counted fixture.

Each file is either refused with a message that names the file and the line or row (and the column where
there is one), leaving every table exactly as it was (a content hash of each), or imported with the right
counts. Expected lines and counts are worked out by hand from how each file is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
import pytest

from dashboard import config, store
from dashboard.formatting import csv_bytes
from dashboard.importers.canonical import ImportRefused, import_files

LEADS_HEADER = "lead_id,created_at,source\n"
DEALS_HEADER = "deal_id,created_at,status,amount,lost_reason\n"


def table_hashes(con) -> dict[str, str]:
    """md5 of every row of every table of the database (in a fixed order), by table."""
    tables = [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_type = 'BASE TABLE' order by 1"
        ).fetchall()
    ]
    return {
        name: store.scalar(
            con,
            f"select md5(coalesce(string_agg(x, '|' order by x), '')) from (select t::varchar as x from {name} as t)",
        )
        for name in tables
    }


def leads_rows(n: int, prefix: str = "a") -> str:
    """n lines of a lead with an id, a January 2025 date and a source."""
    return "".join(f"{prefix}{i},2025-01-{i % 28 + 1:02d},web\n" for i in range(1, n + 1))


def xlsx_bytes(rows: list[list[object]], dimension: str | None = None, far_row: int | None = None) -> bytes:
    """A workbook of one sheet; `far_row` adds one cell that far down (a row bomb in a tiny file: Excel itself
    stops at 1,048,576 rows, so it is written into the sheet's XML), `dimension` sets the size the sheet declares."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None and far_row is None:
        return out.getvalue()
    patched = io.BytesIO()
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                if far_row:
                    far = f'<row r="{far_row}"><c r="A{far_row}" t="inlineStr"><is><t>x</t></is></c></row>'
                    data = data.replace(b"</sheetData>", far.encode() + b"</sheetData>")
                declared = dimension or f"A1:B{far_row}"
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{declared}"'.encode(), data)
            target.writestr(info, data)
    return patched.getvalue()


def parquet_bytes(tmp_path, sql: str) -> bytes:
    """A Parquet file written by DuckDB from a query."""
    target = tmp_path / "made.parquet"
    con = store.connect(":memory:")
    con.execute(f"copy ({sql}) to '{target}' (format parquet)")
    con.close()
    return target.read_bytes()


@dataclass(frozen=True)
class Case:
    """One malformed file: what to write, how to import it, and what must come of it."""

    name: str
    data: Callable[[object], bytes]
    kind: str = "leads"
    refused: str | None = None
    read: int | None = None
    loaded: int | None = None
    skipped: dict[str, int] = field(default_factory=dict)
    issues: tuple[tuple[int, str], ...] = ()
    on_bad_rows: str = "skip"
    limits: tuple[tuple[str, int], ...] = ()


def text(content: str, encoding: str = "utf-8") -> Callable[[object], bytes]:
    return lambda _tmp: content.encode(encoding)


PASTED = LEADS_HEADER + leads_rows(100) + "lead_id,created_at,source,persona,segment,owner\n"
PASTED += "".join(f"b{i},2025-02-01,web,CFO,SMB,Ann\n" for i in range(1, 21))
# line 1 header, 2-3 a quoted cell over two lines, 4 a2, 5 four fields, 6 two fields, 7 a5
RAGGED = LEADS_HEADER + 'a1,2025-01-01,"web\nsite"\na2,2025-01-02,web\na3,2025-01-03,web,extra\na4,2025-01-04\n'
RAGGED += "a5,2025-01-05,web\n"
# 3,000 lines of 21 to 24 bytes after the header: past the 64 KB the encoding is guessed from
LATE = LEADS_HEADER + leads_rows(3000)
FORMULAS = (
    DEALS_HEADER + 'd1,2025-01-01,lost,10,"=HYPERLINK(""http://x"",""y"")"\nd2,2025-01-01,lost,10,+1\n'
    "d3,2025-01-01,lost,10,@SUM(A1)\nd4,2025-01-01,lost,10,-2+3\nd5,2025-01-01,lost,=1+1,price\n"
)
INJECTIONS = (
    "lead_id,created_at,source,persona,campaign\n"
    "a1,2025-01-01,![x](http://host/p.png),<img src=x onerror=alert(1)>,[Session expired - log in again](http://evil)\n"
    "a2,2025-01-02,:red[alert],**bold**,<script>alert(1)</script>\n"
)

CASES = [
    Case("empty.csv", text(""), refused=r"^empty\.csv: the file is empty"),
    Case("header_only.csv", text(LEADS_HEADER), refused=r"^header_only\.csv: the file has a header but no data rows"),
    Case(
        "blank_first_line.csv", text("\n" + LEADS_HEADER + leads_rows(2)), refused=r"^blank_first_line\.csv, line 1: "
    ),
    Case(
        "open_quote.csv",
        text(LEADS_HEADER + leads_rows(2) + 'a3,2025-01-03,"web\na4,2025-01-04,web\n'),
        refused=r"^open_quote\.csv, line 4: a quoted value is not closed properly",
    ),
    Case(
        "text_after_quote.csv",
        text(LEADS_HEADER + 'a1,2025-01-01,"we"b\n'),
        refused=r"^text_after_quote\.csv, line 2: a quoted value is not closed properly",
    ),
    # a quote inside an unquoted cell is the cell's own character
    Case("stray_quote.csv", text(LEADS_HEADER + 'a1,2025-01-01,we"b\na2,2025-01-02,web\n'), read=2, loaded=2),
    Case(
        "ragged.csv",
        text(RAGGED),
        read=5,
        loaded=3,
        skipped={"wrong number of fields": 2},
        issues=((3, "line 5: 4 fields, the header has 3: a3,2025-01-03,web,extra"), (4, "line 6: 2 fields")),
    ),
    Case(
        "ragged_strict.csv",
        text(RAGGED),
        on_bad_rows="refuse",
        refused=r"^2 rows have problems; the first: ragged_strict\.csv, row 3: wrong number of fields: 'line 5: 4 ",
    ),
    Case(
        "pasted.csv",
        text(PASTED),
        read=121,
        loaded=100,
        skipped={"wrong number of fields": 21},
        issues=(
            (101, "line 102: 6 fields, the header has 3: lead_id,created_at,source,persona,segment,owner"),
            (121, "line 122: 6 fields, the header has 3: b20,2025-02-01,web,CFO,SMB,Ann"),
        ),
    ),
    Case("junk.csv", lambda _tmp: bytes(range(256)) * 40, refused=r"^junk\.csv, line 1: holds a NUL byte"),
    Case("utf16_bom.csv", text(LEADS_HEADER + "a1,2025-01-01,café\n", "utf-16"), read=1, loaded=1),
    Case("utf16_no_bom.csv", text(LEADS_HEADER + "a1,2025-01-01,café\n", "utf-16-le"), read=1, loaded=1),
    Case("utf16be_no_bom.csv", text(LEADS_HEADER + "a1,2025-01-01,café\n", "utf-16-be"), read=1, loaded=1),
    Case(
        "nul_early.csv", text(LEADS_HEADER + "a1,2025-01-01,w\x00b\n"), refused=r"^nul_early\.csv, line 2: holds a NUL"
    ),
    Case(
        "nul_late.csv",
        text(LATE + "z1,2025-01-01,w\x00b\n"),
        refused=r"^nul_late\.csv, line 3,?002: holds a NUL byte",
    ),
    Case(
        "nul_late_utf16.csv",
        text(LATE + "z1,2025-01-01,w\x00b\n", "utf-16"),
        refused=r"^nul_late_utf16\.csv, line 3,?002: holds a NUL byte",
    ),
    # "a2,2025-01-02," is 14 bytes before the 5,000,000 x
    Case(
        "long_field.csv",
        text(LEADS_HEADER + leads_rows(1) + "a2,2025-01-02," + "x" * 5_000_000 + "\na3,2025-01-03,web\n"),
        refused=r"^long_field\.csv, line 3: one line is 5,000,014 bytes, more than the 2,000,000",
    ),
    Case(
        "wide.csv",
        text(",".join(f"c{i}" for i in range(10_002)) + "\n" + ",".join("x" for _ in range(10_002)) + "\n"),
        refused=r"^wide\.csv, line 1: the header has 10,002 columns, more than the 5,000",
    ),
    Case(
        "duplicate_names.csv",
        text("lead_id,created_at,source,Source\na1,2025-01-01,web,mail\n"),
        # both named as written (before: "names column 'Source' twice", the reader left to find 'source')
        refused=r"^duplicate_names\.csv, line 1: the header's 'source' \(column 3\) and 'Source' \(column 4\) are the "
        "same column name once case and the blanks around a name are ignored",
    ),
    # formulas stay the text they are (an amount that is a formula is no number): see also the export test below
    Case(
        "formulas.csv",
        text(FORMULAS),
        kind="deals",
        read=5,
        loaded=4,
        skipped={"unparseable number": 1},
        issues=((5, "=1+1"),),
    ),
    Case("injections.csv", text(INJECTIONS), read=2, loaded=2),
    Case(
        "row_bomb.xlsx",
        lambda _tmp: xlsx_bytes([["lead_id", "created_at"], ["a1", "2025-01-01"]], far_row=3_000_000),
        refused=r"^row_bomb\.xlsx, sheet 'Sheet': declares 3,000,000 rows, more than the 2,000,000",
    ),
    # it declares 2 rows but holds 3,000,000: the rows are counted as they stream, and the (lowered) limit stops it
    Case(
        "row_bomb_undeclared.xlsx",
        lambda _tmp: xlsx_bytes(
            [["lead_id", "created_at"], ["a1", "2025-01-01"]], far_row=3_000_000, dimension="A1:B2"
        ),
        limits=(("XLSX_MAX_ROWS", 100_000),),
        refused=r"^row_bomb_undeclared\.xlsx, sheet 'Sheet': holds more than 100,000 rows",
    ),
    # the sheet says it is 2 rows tall but holds 31: read to its end, and stopped at the (lowered) limit
    Case(
        "lying_size.xlsx",
        lambda _tmp: xlsx_bytes(
            [["lead_id", "created_at"]] + [[f"a{i}", "2025-01-01"] for i in range(30)], dimension="A1:B2"
        ),
        read=30,
        loaded=30,
    ),
    Case(
        "lying_size_over_limit.xlsx",
        lambda _tmp: xlsx_bytes(
            [["lead_id", "created_at"]] + [[f"a{i}", "2025-01-01"] for i in range(30)], dimension="A1:B2"
        ),
        limits=(("XLSX_MAX_ROWS", 10),),
        refused=r"^lying_size_over_limit\.xlsx, sheet 'Sheet': holds more than 10 rows",
    ),
    Case(
        "expands.xlsx",
        lambda _tmp: xlsx_bytes([["lead_id", "created_at"], ["a1", "2025-01-01"]]),
        limits=(("XLSX_MAX_UNCOMPRESSED_BYTES", 1000),),
        refused=r"^expands\.xlsx: the workbook expands to 0\.0 GB, more than the 0 GB",
    ),
    Case(
        "duplicate_names.xlsx",
        lambda _tmp: xlsx_bytes([["lead_id", "created_at", "lead_id"], ["a1", "2025-01-01", "a2"]]),
        refused=r"^duplicate_names\.xlsx, sheet 'Sheet', row 1: the header names column 'lead_id' twice",
    ),
    Case(
        "truncated.parquet",
        lambda tmp: parquet_bytes(tmp, "select 'a' || i as lead_id, '2025-01-01' as created_at from range(1000) t(i)")[
            :300
        ],
        refused=r"^truncated\.parquet: cannot be read as Parquet",
    ),
    Case(
        "nul.parquet",
        lambda tmp: parquet_bytes(
            tmp,
            "select * from (values ('a1', '2025-01-01', 'web'), ('a2', '2025-01-02', 'w' || chr(0))) "
            "v(lead_id, created_at, source)",
        ),
        refused=r"^nul\.parquet, row 2, column source: holds a NUL character",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_file_is_refused_unchanged_or_imported_with_the_right_counts(con, tmp_path, monkeypatch, case):
    for name, value in case.limits:
        monkeypatch.setattr(config, name, value)
    path = tmp_path / case.name
    path.write_bytes(case.data(tmp_path))
    before = table_hashes(con)
    if case.refused:
        with pytest.raises(ImportRefused) as refused:
            import_files(con, case.kind, [path], on_bad_rows=case.on_bad_rows)
        message = str(refused.value)
        assert re.search(case.refused, message), message
        # names the file, never the server's folders
        assert str(tmp_path) not in message
        assert table_hashes(con) == before
        return
    report = import_files(con, case.kind, [path], on_bad_rows=case.on_bad_rows)
    assert (report.total_read, report.rows_loaded, report.skipped) == (case.read, case.loaded, case.skipped)
    assert store.scalar(con, f"select count(*) from {case.kind}") == case.loaded
    issues = list(zip(report.issues["row_number"], report.issues["value"], strict=True))
    for row, value in case.issues:
        assert any(r == row and v.startswith(value) for r, v in issues), issues


def test_rows_after_ragged_ones_keep_their_numbers(con, tmp_path):
    # data rows: a1 (lines 2-3), a2, the 4-field row, the 2-field row, a5 with a bad date: row 5
    path = tmp_path / "leads.csv"
    path.write_text(RAGGED.replace("a5,2025-01-05,web", "a5,2025-13-45,web"), encoding="utf-8")
    report = import_files(con, "leads", [path])
    rows = dict(zip(report.issues["reason"], report.issues["row_number"], strict=False))
    assert rows["unparseable date"] == 5
    assert sorted(report.issues["row_number"]) == [3, 4, 5]


def test_cells_are_stored_as_written_and_exported_defused(con, tmp_path):
    (tmp_path / "deals.csv").write_text(FORMULAS, encoding="utf-8")
    import_files(con, "deals", [tmp_path / "deals.csv"])
    stored = con.execute("select deal_id, lost_reason, amount from deals where deal_id like 'd%' order by 1").df()
    assert stored["lost_reason"].tolist() == ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3"]
    exported = csv_bytes(stored).decode().splitlines()
    assert exported[1:] == [
        'd1,"\'=HYPERLINK(""http://x"",""y"")",10.0',
        "d2,'+1,10.0",  # a + stays guarded (a phone number's + would be lost); a plain negative number is not
        "d3,'@SUM(A1),10.0",
        "d4,'-2+3,10.0",
    ]


def test_markup_in_values_is_stored_as_written(con, tmp_path):
    (tmp_path / "leads.csv").write_text(INJECTIONS, encoding="utf-8")
    import_files(con, "leads", [tmp_path / "leads.csv"])
    rows = con.execute("select source, persona, campaign from leads order by lead_id").fetchall()
    assert rows == [
        ("![x](http://host/p.png)", "<img src=x onerror=alert(1)>", "[Session expired - log in again](http://evil)"),
        (":red[alert]", "**bold**", "<script>alert(1)</script>"),
    ]
