"""Clean leads files go straight from the file into the table; anything to report takes the staged way.

Also the stage columns kept on the lead rows: derived as leads go in, again when their deals change,
and for files made before they moved onto the lead rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import store
from dashboard.importers.canonical import ImportRefused, import_files

CLEAN = """lead_id,created_at,source,persona,lifecycle_stage,mql_at,sql_at
a1,2025-01-02 10:00:00,email,CFO,,2025-01-03,
a2,2025-01-05,,CMO,,,2025-01-07
a3,2025-02-01,paid_search,CFO,customer,,
"""
STAGE_COLUMNS = "lead_id, source, is_mql, is_sql, is_opportunity, is_customer, mql_entered_at::varchar, revenue"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def imported(con, path, mode="replace"):
    """Import and return (the report, whether it went the staged way)."""
    seen = []
    report = import_files(con, "leads", [path], mode=mode, progress=lambda _f, text: seen.append(text))
    return report, any(text.startswith("Checking") for text in seen)


def stages(con):
    return con.execute(f"select {STAGE_COLUMNS} from lead_stages order by lead_id").fetchall()


def test_a_clean_file_goes_straight_in_with_its_stages(empty_con, tmp_path):
    report, staged = imported(empty_con, write(tmp_path, "leads.csv", CLEAN))
    assert not staged
    assert (report.rows_read, report.rows_loaded, report.rows_skipped, report.issues_total) == (
        {"leads.csv": 3},
        3,
        0,
        0,
    )
    # a1: MQL on 3 Jan; a2: an SQL date only, so MQL on that day too; a3: customer by its lifecycle stage
    assert stages(empty_con) == [
        ("a1", "email", True, False, False, False, "2025-01-03 00:00:00", 0.0),
        ("a2", "unknown", True, True, False, False, "2025-01-07 00:00:00", 0.0),
        ("a3", "paid_search", True, True, True, True, None, 0.0),
    ]


def test_the_staged_way_gives_the_same_rows(empty_con, tmp_path):
    path = write(tmp_path, "leads.csv", CLEAN)
    imported(empty_con, path)
    fast = empty_con.execute("select * from lead_stages order by lead_id").fetchall()
    with store.transaction(empty_con):
        empty_con.execute("delete from leads")
    _, staged = imported(empty_con, path, mode="append")
    assert staged
    assert empty_con.execute("select * from lead_stages order by lead_id").fetchall() == fast


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("a1,2025-03-01,email,,,,", "duplicate id"),
        ("a4,2025-03-01,email,,,2025-02-01,", "stage dates out of order"),
        ("a4,2025-02-30,email,,,,", "unparseable date"),
        ("a4,2025-03-01,email,,prospect,,", "unknown stage"),
        (",2025-03-01,email,,,,", "missing id"),
    ],
)
def test_a_file_with_anything_to_report_takes_the_staged_way(empty_con, tmp_path, row, reason):
    report, staged = imported(empty_con, write(tmp_path, "leads.csv", CLEAN + row + "\n"))
    assert staged
    assert report.issues["reason"].tolist() == [reason]
    assert report.issues["row_number"].tolist() == [4]


def test_a_slashed_date_is_judged_the_staged_way(empty_con, tmp_path):
    with pytest.raises(ImportRefused, match="day-first or month-first"):
        imported(empty_con, write(tmp_path, "leads.csv", CLEAN + "a4,01/02/2025,email,,,,\n"))
    assert store.table_counts(empty_con)["leads"] == 0


def test_spaces_around_a_date_are_read_the_staged_way(empty_con, tmp_path):
    report, staged = imported(empty_con, write(tmp_path, "leads.csv", CLEAN + "a4, 2025-03-01 ,email,,,,\n"))
    assert staged
    assert report.rows_loaded == 4
    assert (
        store.scalar(empty_con, "select created_at::varchar from leads where lead_id = 'a4'") == "2025-03-01 00:00:00"
    )


def test_bytes_that_are_not_utf8_in_an_unchecked_column_are_read_the_staged_way(con, tmp_path):
    # the count reads only the checked columns; the insert finds the Windows-1252 byte, and the
    # database keeps what it had until the staged way has read the file whole
    text = CLEAN.encode() + "a4,2025-03-01,email,Café,,,\n".encode("cp1252")
    report, staged = imported(con, write(tmp_path, "leads.csv", text))
    assert staged
    assert report.rows_loaded == 4
    assert store.scalar(con, "select persona from leads where lead_id = 'a4'") == "Café"


def test_a_dry_run_of_a_clean_file_changes_nothing(con, tmp_path):
    before = store.table_counts(con)
    report = import_files(con, "leads", [write(tmp_path, "leads.csv", CLEAN)], dry_run=True)
    assert report.preview["lead_id"].tolist() == ["a1", "a2", "a3"]
    assert store.table_counts(con) == before


def test_blank_and_written_unknown_sources_are_counted_apart_as_the_staged_way_does(empty_con, tmp_path):
    # the rows are checked once stored: a blank source is held as '' until its value is counted
    text = "lead_id,created_at,source\nb1,2025-01-01,\nb2,2025-01-02,unknown\nb3,2025-01-03,\nb4,2025-01-04,email\n"
    path = write(tmp_path, "leads.csv", text)
    report, staged = imported(empty_con, path)
    assert not staged
    values = report.values[["value", "rows", "becomes"]].values.tolist()
    assert sorted(values) == [["(blank)", 2, "unknown"], ["email", 1, "email"], ["unknown", 1, "unknown"]]
    assert empty_con.execute("select source, count(*) from leads group by 1 order by 1").fetchall() == [
        ("email", 1),
        ("unknown", 3),
    ]
    staged_con = store.connect(":memory:")
    staged_report, staged = imported(staged_con, path, mode="append")
    assert staged
    assert sorted(staged_report.values[["value", "rows", "becomes"]].values.tolist()) == sorted(values)


def test_blanks_around_dimension_values_are_cleaned_on_the_stored_rows(empty_con, tmp_path):
    # the dimensions go in as read and are cleaned once stored: the file still takes the fast way, and
    # rows and value counts come out as if every cell had been cleaned as it went in
    text = (
        "lead_id,created_at,source,persona,segment,region\n"
        "p1,2025-01-01, email ,CFO\u00a0,SMB,emea\n"
        "p2,2025-01-02,email,\tCFO,SMB , \n"
        "p3,2025-01-03,   ,CMO,SMB,emea\n"
        "p4,2025-01-04,,CMO,,apac\n"
    )
    report, staged = imported(empty_con, write(tmp_path, "leads.csv", text))
    assert not staged
    assert empty_con.execute("select lead_id, source, persona, segment, region from leads order by 1").fetchall() == [
        ("p1", "email", "CFO", "SMB", "emea"),
        ("p2", "email", "CFO", "SMB", None),
        ("p3", "unknown", "CMO", "SMB", "emea"),
        ("p4", "unknown", "CMO", None, "apac"),
    ]
    # " email " and "email" are one value; "   " is as blank as an empty cell
    assert sorted(report.values[["value", "rows", "becomes"]].values.tolist()) == [
        ["(blank)", 2, "unknown"],
        ["email", 2, "email"],
    ]


def test_a_line_break_inside_a_quoted_cell_is_counted_as_one_row(empty_con, tmp_path):
    # four lines, three rows: the line count does not reconcile, so the rows go the staged way
    text = 'lead_id,created_at,persona\nq1,2025-01-01,"Head of\nGrowth"\nq2,2025-01-02,CFO\n'
    report, _ = imported(empty_con, write(tmp_path, "leads.csv", text))
    assert (report.total_read, report.rows_loaded) == (2, 2)
    assert store.scalar(empty_con, "select persona from leads where lead_id = 'q1'") == "Head of\nGrowth"


def test_a_problem_found_in_the_stored_rows_leaves_the_old_rows_when_refused(con, tmp_path):
    before = con.execute("select lead_id from leads order by lead_id").fetchall()
    with pytest.raises(ImportRefused, match="duplicate id"):
        import_files(
            con, "leads", [write(tmp_path, "leads.csv", CLEAN + "a1,2025-03-01,email,,,,\n")], on_bad_rows="refuse"
        )
    assert con.execute("select lead_id from leads order by lead_id").fetchall() == before


def test_a_header_without_rows_replaces_nothing(con, tmp_path):
    before = store.table_counts(con)
    with pytest.raises(ImportRefused):
        import_files(con, "leads", [write(tmp_path, "leads.csv", CLEAN.splitlines()[0] + "\n")])
    assert store.table_counts(con) == before


DEALS = """deal_id,lead_id,created_at,status,closed_at,amount
d1,a2,2025-01-10,won,2025-02-01,1200
d2,,2025-01-11,open,,300
"""


@pytest.mark.parametrize("rewrite_share", [0.0, 1.0])
def test_leads_follow_their_deals_when_deals_change(empty_con, tmp_path, monkeypatch, rewrite_share):
    # 0.0: every refresh rewrites the table; 1.0: every refresh updates the stale leads in place
    monkeypatch.setattr(store, "REWRITE_SHARE", rewrite_share)
    imported(empty_con, write(tmp_path, "leads.csv", CLEAN))
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)])
    a2 = (
        "select is_opportunity, is_customer, revenue, customer_entered_at::varchar "
        "from lead_stages where lead_id = 'a2'"
    )
    assert empty_con.execute(a2).fetchall() == [(True, True, 1200.0, "2025-02-01 00:00:00")]
    # the won deal goes away: a2 is an SQL again, with nothing won
    import_files(empty_con, "deals", [write(tmp_path, "deals2.csv", "deal_id,created_at,status\nd2,2025-01-11,open\n")])
    assert empty_con.execute(a2).fetchall() == [(False, False, 0.0, None)]
    # a lead written without its stage columns, as tests and the demo do, is derived on commit
    with store.transaction(empty_con):
        empty_con.execute("insert into leads (lead_id, created_at, sql_at) values ('z', '2025-04-01', '2025-04-02')")
    assert store.scalar(empty_con, "select is_sql from lead_stages where lead_id = 'z'") is True


def test_a_file_from_before_the_stage_columns_moved_onto_the_leads_is_upgraded(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    with store.transaction(con):
        con.execute("insert into leads (lead_id, created_at, mql_at) values ('o1', '2025-01-01', '2025-01-02')")
    con.close()
    # derived version 5: no stage columns on leads, lead_stages a table of its own
    raw = duckdb.connect(path)
    raw.execute("drop view lead_stages")
    for column in store.DERIVED_LEAD_COLUMNS:
        raw.execute(f"alter table leads drop column {column}")
    raw.execute("create table lead_stages as select 'stale' as lead_id")
    raw.execute("update meta set value = '5' where key = 'derived_version'")
    raw.close()
    con = store.connect(path)
    assert (
        store.scalar(con, "select table_type from information_schema.tables where table_name = 'lead_stages'") == "VIEW"
    )
    # one day from creation to mql: 86,400 seconds
    assert con.execute("select lead_id, is_mql, mql_after_seconds from lead_stages").fetchall() == [("o1", True, 86400)]
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION


def test_a_file_that_stored_the_account_tables_is_upgraded_to_their_views(tmp_path):
    path = str(tmp_path / "old.duckdb")
    con = store.connect(path)
    with store.transaction(con):
        con.execute(
            "insert into leads (lead_id, created_at, account_id, persona) values "
            "('a1', '2025-01-01', 'acme', 'CFO'), ('a2', '2025-01-03', 'acme', 'CMO'), ('b1', '2025-01-02', null, null)"
        )
    con.close()
    # derived version 11: account_facts and account_groups were tables of their own, with other rows
    raw = duckdb.connect(path)
    raw.execute("drop view account_groups")
    raw.execute("drop view account_facts")
    raw.execute("create table account_facts as select 'stale' as account_id")
    raw.execute("create table account_groups as select 'stale' as account_key")
    raw.execute("update meta set value = '11' where key = 'derived_version'")
    raw.close()
    con = store.connect(path)
    kinds = dict(
        con.execute(
            "select table_name, table_type from information_schema.tables "
            "where table_name in ('account_facts', 'account_groups')"
        ).fetchall()
    )
    assert kinds == {"account_facts": "VIEW", "account_groups": "VIEW"}
    # acme: two people, its first lead a1 (1 Jan); b1 without an account is an account of its own
    assert con.execute("select account_id, lead_id, created_at from account_facts order by 1").fetchall() == [
        ("acme", "a1", datetime(2025, 1, 1)),
        ("lead:b1", "b1", datetime(2025, 1, 2)),
    ]
    assert con.execute(
        "select account_key, account_id, count_leads, count_engaged from account_groups order by 1"
    ).fetchall() == [("acme", "acme", 2, 2), ("lead:b1", None, 1, 1)]
    assert store.get_meta(con, "derived_version") == store.DERIVED_VERSION


START = datetime(2025, 1, 1)
lead_rows = st.lists(
    st.tuples(
        st.integers(0, 300),  # created, hours after START
        st.one_of(st.none(), st.integers(0, 200)),  # MQL, hours after creation
        st.one_of(st.none(), st.integers(0, 200)),  # SQL, hours after MQL (or creation)
        st.sampled_from(["", "lead", "mql", "sql", "opportunity", "customer"]),
        # a dimension with or without blanks around it, or blank
        st.sampled_from(["", " ", "email", " email", "email\u00a0", "\temail ", "ads"]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=lead_rows)
def test_fast_and_staged_ways_always_agree(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("agree")
    lines = ["lead_id,created_at,lifecycle_stage,mql_at,sql_at,source"]
    for i, (created, mql, sql, stage, source) in enumerate(rows):
        created_at = START + timedelta(hours=created)
        mql_at = created_at + timedelta(hours=mql) if mql is not None else None
        sql_at = (mql_at or created_at) + timedelta(hours=sql) if sql is not None else None
        cells = [f"L{i}", created_at, stage, mql_at or "", sql_at or "", source]
        lines.append(",".join(str(c) for c in cells))
    path = write(folder, "leads.csv", "\n".join(lines) + "\n")
    fast_con, staged_con = store.connect(":memory:"), store.connect(":memory:")
    _, staged = imported(fast_con, path)
    assert not staged
    _, staged = imported(staged_con, path, mode="append")
    assert staged
    query = "select * from lead_stages order by lead_id"
    assert fast_con.execute(query).fetchall() == staged_con.execute(query).fetchall()
