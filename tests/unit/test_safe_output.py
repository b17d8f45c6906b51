"""Safe output: CSV downloads no spreadsheet runs, values shown as text (never Markdown or HTML), bounded uploads."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest

from dashboard import config, report, sources, store
from dashboard.filters import Filters
from dashboard.formatting import csv_bytes, md_text
from dashboard.importers.errors import ImportRefused, without_paths


def test_csv_bytes_defuses_formula_cells_and_leaves_numbers_alone():
    table = pd.DataFrame(
        {
            "text": ["=1+1", "+x", "@x", "-y", "\tz", "\rw", "plain", None],
            "number": [-5, 1, 2, 3, 4, 5, 6, 7],
            "money": [-5.5, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    assert csv_bytes(table).decode() == (
        "text,number,money\n'=1+1,-5,-5.5\n'+x,1,0.0\n'@x,2,1.0\n'-y,3,2.0\n'\tz,4,3.0\n"
        # a carriage return is a line break the writer quotes
        '"\'\nw",5,4.0\nplain,6,5.0\n,7,6.0\n'
    )


def test_a_lone_carriage_return_cannot_start_a_row_with_a_formula():
    table = pd.DataFrame({"reason": ['fine\r=HYPERLINK("http://x")'], "n": [1]})
    assert csv_bytes(table).decode() == 'reason,n\n"fine\n=HYPERLINK(""http://x"")",1\n'


def test_csv_bytes_defuses_text_in_mixed_columns_and_headers():
    table = pd.DataFrame({"=cmd": ["-5", -5, pd.Timestamp("2025-01-02"), "ok"]}, dtype=object)
    assert csv_bytes(table).decode().splitlines() == ["'=cmd", "-5", "-5", "2025-01-02 00:00:00", "ok"]


def test_csv_bytes_leaves_the_table_it_was_given_unchanged():
    table = pd.DataFrame({"a": ["=1"]})
    csv_bytes(table)
    assert table["a"].tolist() == ["=1"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("![x](http://host/p.png)", r"!\[x\](http\://host/p\.png)"),
        (
            "[Session expired - log in again](http://evil.example)",
            r"\[Session expired - log in again\](http\://evil\.example)",
        ),
        ("<img src=x onerror=alert(1)>", r"\<img src=x onerror=alert(1)\>"),
        (":red[alert] :material/home:", "\\:red\\[alert\\] :\u2060material/home:"),
        ("$5 and $6", r"\$5 and \$6"),
        ("www.evil.com or ann@evil.com", r"www\.evil\.com or ann\@evil\.com"),
        ("**bold** _it_ ~gone~ `code`", r"\*\*bold\*\* \_it\_ \~gone\~ \`code\`"),
        ("# heading", r"\# heading"),
        ("- item", r"\- item"),
        ("12. item", r"12\. item"),
        ("line one\nline two", "line one line two"),
        ("back\\slash | pipe & amp", r"back\\slash \| pipe \& amp"),
        # plain words, dates, times and ids read as they are
        ("paid_search 2025-01-31 10:00 (CFO): 5", "paid_search 2025-01-31 10:00 (CFO): 5"),
    ],
)
def test_md_text_escapes_what_markdown_would_read_as_markup(value, shown):
    assert md_text(value) == shown


def test_callouts_and_definitions_escape_source_names():
    table = pd.DataFrame(
        {
            "source": ["![x](http://host/p.png)", "[a](http://b)"],
            "attributed_revenue": [100.0, 50.0],
            "spend": [None, None],
            "roi": [None, None],
        }
    )
    lines = sources.callouts(table, Filters())
    assert lines[0].startswith(r"**!\[x\](http\://host/p\.png)** brings the most revenue")
    assert r"No spend recorded for !\[x\](http\://host/p\.png), \[a\](http\://b)" in lines[-1]
    assert r"(\<b\>, x\_)" in sources.sourced_definition(["<b>", "x_"])


def test_report_escapes_values_from_the_data(con):
    with store.transaction(con):
        con.execute("update leads set source = '<img src=x onerror=alert(1)>' where source = 'paid_search'")
    store.set_sales_sources(con, ["<script>x</script>"])
    page = report.build_html(con, Filters(), "2025-02")
    assert "<img src=x" not in page and "<script>x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_report_reads_escaped_markdown_as_the_characters():
    assert report._markdown(r"**\*\*x\*\*** and \<b\>") == "<p><b>**x**</b> and &lt;b&gt;</p>"


def test_refusals_name_files_not_folders():
    assert str(ImportRefused("/tmp/funnel_upload_ab12/leads.csv: no such file")) == "leads.csv: no such file"
    assert without_paths('No files found that match "/tmp/data/x/y.parquet"') == 'No files found that match "y.parquet"'
    # a value that only looks like a path (no such folder on the machine) is quoted as it is
    assert without_paths("unknown stage: '/no_such_top_folder/x'") == "unknown stage: '/no_such_top_folder/x'"


def test_committed_streamlit_config_bounds_uploads_and_hides_error_details():
    settings = tomllib.loads((config.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["maxUploadSize"] == config.MAX_UPLOAD_MB
    assert settings["client"]["showErrorDetails"] == "none"


def test_committed_streamlit_config_spends_no_server_time_on_a_developers_conveniences():
    # measured with benchmarks/load.py at 1 M leads, every result cached: watching the sources registered inotify
    # watches on every module for every new session, and a full garbage collection after every run held the
    # interpreter lock; a landing-page run took 0.60 s with both, 0.12 s without (README, "Many users")
    settings = tomllib.loads((config.ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["runner"]["postScriptGC"] is False
