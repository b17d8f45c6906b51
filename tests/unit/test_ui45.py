"""Trial 45: labels shown as the file writes them (Markdown, CLI messages, CSV cells) and CLI filter values the data
does not have refused, not reported as zeros."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import cli, metrics, report, store
from dashboard.filters import FilterOptions, Filters, not_in_data
from dashboard.formatting import csv_bytes, md_text, quoted
from dashboard.importers.values import value_lines

WJ = "\u2060"  # the word joiner md_text puts where Streamlit would rewrite the text


# M1: Streamlit's page turns :rocket: into 🚀 and :material/home: into an icon after the Markdown is read, so a
# backslash before the colon (gone by then) did not stop it; a word joiner after the colon does (checked in Chromium)
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (":rocket: launch", f":{WJ}rocket: launch"),
        (":material/home:", f":{WJ}material/home:"),
        (":+1: ok", f":{WJ}+1: ok"),
        (":streamlit: app", f":{WJ}streamlit: app"),
        # a lone -> and >= became → and ≥
        ("a -> b", f"a -{WJ}\\> b"),
        (">= 100", f"\\>{WJ}= 100"),
        (":+1: $5 off $10 promo", f":{WJ}+1: \\$5 off \\$10 promo"),
    ],
)
def test_md_text_keeps_streamlit_shortcodes_and_arrows_as_typed(value, shown):
    assert md_text(value) == shown


def test_md_text_keeps_what_the_trial_found_right():
    # a colon that opens no shortcode keeps its backslash (or none before a digit); $, *, ~ and <b> theirs
    assert md_text(":red[alert] 10:00 (CFO): 5 :rocket:") == f"\\:red\\[alert\\] 10:00 (CFO): 5 :{WJ}rocket:"
    assert md_text("Partner *EMEA* ~~legacy~~ <b>") == r"Partner \*EMEA\* \~\~legacy\~\~ \<b\>"


def test_report_definitions_drop_the_word_joiner():
    # the report's HTML needs no joiner: ':rocket: launch' as the file wrote it
    assert md_text(":rocket: launch") == f":{WJ}rocket: launch"
    assert report._markdown(f"Sales sources (:{WJ}rocket: launch)") == "<p>Sales sources (:rocket: launch)</p>"


# M2: a CLI filter value is matched as a dashboard link matches it; one the data does not have is refused
def test_not_in_data_is_the_links_rule():
    options = FilterOptions(values={"source": ("Spaced Source", "email")})
    assert not_in_data(options, "source", ["  Spaced Source  ", "email", "Email"]) == ["  Spaced Source  ", "Email"]
    _, notices = Filters.from_query({"source": ["  Spaced Source  "]}, options)
    assert notices == ["Ignored source '  Spaced Source  ' from the link: not in the data."]


# the fixture's sources, most records first: email 3 (L3, L4, L8), paid_search 3 (L1, L2, L7), organic_search 2
# (L5, L6), outbound 1 (D4, a deal without a lead); owners Ann 5 (L1, L3, L5, L7, D4), Bob 4
# the values leads, deals and spend carry, most rows first: paid_search 6 (L1, L2, L7, D1, D2, D5), email 3 (L3, L4,
# L8), organic_search 3 (L5, L6, D3), outbound 1 (D4)
SOURCES_LISTED = "its sources: 'paid_search', 'email', 'organic_search', 'outbound'"


def test_metrics_refuses_a_source_the_data_does_not_have(fixture_db_path, capsys):
    assert cli.main(["metrics", "--db", fixture_db_path, "--source", " email ", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "error: --source ' email ': not in the data (a value matches a stored one exactly, case and spaces "
        f"included); {SOURCES_LISTED}\n"
    )


def test_metrics_names_every_unknown_value_and_still_reads_known_ones(fixture_db_path, capsys):
    assert cli.main(["metrics", "--db", fixture_db_path, "--source", "nonexistent", "--owner", "ann"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":", 2)[1] for line in err] == [" --source 'nonexistent'", " --owner 'ann'"]
    assert err[1].endswith("its owners: 'Ann', 'Bob'")
    # the stored spelling: 3 leads (L3, L4, L8)
    assert cli.main(["metrics", "--db", fixture_db_path, "--source", "email", "--format", "json"]) == 0
    assert '"count": 3' in capsys.readouterr().out


def test_a_value_only_deals_or_spend_carry_is_not_refused(fixture_db_path, capsys):
    # review 30a: a deal owner who owns no lead, and a source with spend but no leads, have numbers behind them
    con = store.connect(fixture_db_path)
    con.execute("update deals set owner = 'Cleo' where deal_id = 'D3'")  # L5's won deal, 3,000
    con.execute("insert into spend (month, source, amount) values (date '2025-01-01', 'webinar', 250)")
    store.refresh_derived(con, "true")
    con.close()
    assert cli.main(["metrics", "--db", fixture_db_path, "--owner", "Cleo", "--format", "json"]) == 0
    assert '"revenue": 3000' in capsys.readouterr().out
    assert cli.main(["metrics", "--db", fixture_db_path, "--source", "webinar", "--format", "json"]) == 0
    capsys.readouterr()


def test_report_refuses_a_source_the_data_does_not_have(fixture_db_path, tmp_path, capsys):
    out = tmp_path / "r.html"
    args = ["report", "--db", fixture_db_path, "--month", "2025-01", "--out", str(out), "--no-pdf"]
    assert cli.main([*args, "--source", "Email"]) == 2
    assert not out.exists()
    assert "--source 'Email': not in the data" in capsys.readouterr().err


# L1: a value that starts with - is written --source=-Direct, as the help says
def test_help_says_how_to_write_a_value_starting_with_a_dash(capsys):
    with pytest.raises(SystemExit):
        cli.main(["metrics", "--help"])
    assert "--source=-Direct" in " ".join(capsys.readouterr().out.split())


# L3: values in the import report as the file wrote them, not as Python's repr
def test_import_value_lines_quote_values_as_written():
    values = pd.DataFrame(
        {
            "file": ["leads.csv"] * 2,
            "column": ["source"] * 2,
            "value": ["C:\\leads\\import", "O'Brien"],
            "rows": [2, 1],
            "becomes": ["C:\\leads\\import", "O'Brien"],
        }
    )
    assert value_lines(values) == ["leads.csv, values of source: 'C:\\leads\\import' 2; 'O'Brien' 1"]
    assert quoted("a\nb") == "'a\\nb'"


# L4: a plain negative number written as text is no formula: no ' in front; -Direct, +44 20… and =1+1 keep theirs
def test_csv_guard_leaves_plain_numbers_alone():
    table = pd.DataFrame(
        {"raw": ["-20", "-1.5", "+4915112345678", "-Direct", "+44 20 7946 0958", "=1+1", "-1+2", "@x"]}
    )
    assert csv_bytes(table).decode().splitlines() == [
        "raw",
        "-20",
        "-1.5",
        "'+4915112345678",  # a phone number: unguarded, a spreadsheet reads it as a number and drops the + (review 30a)
        "'-Direct",
        "'+44 20 7946 0958",
        "'=1+1",
        "'-1+2",
        "'@x",
    ]


# L5: one row is "1 lead", and its verb agrees
def test_drilldown_count_is_singular_for_one():
    assert metrics.drilldown_count(Filters(), 1, "reached") == "1 lead reached"
    assert metrics.drilldown_count(Filters(), 1, "in_window") == "1 lead is still in the window before"
    assert metrics.drilldown_count(Filters(), 2, "in_window") == "2 leads are still in the window before"
    assert metrics.drilldown_count(Filters(window_days=0), 1, "in_window") == "1 lead has not converted yet to"
    assert metrics.drilldown_count(Filters(count_by="account"), 1, "dropped") == "1 account dropped out before"
