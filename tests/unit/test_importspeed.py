"""A mapped file's cells cleaned once (mapping._cells_once): the stored ids and labels are the ones the nested
expressions gave, salesforce_id(clean(clean(cell))), only prepared in milliseconds instead of seconds."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import store
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import preset_mapping

NBSP = "\u00a0"
# a Salesforce leads report: ids with 15 characters, some padded with spaces, a tab or no-break spaces, one of 18
# already, one too short, a 15-digit number and a 15-letter name (not ids: kept), blanks
LEADS = (
    "Lead ID,Lead Source,Lead Status,Created Date,Converted Date,Lead Owner,Converted Opportunity ID,"
    "Converted Account ID\n"
    "00Q000000000001,Web,Open - Not Contacted,2025-03-01,,Cy,,\n"
    f" 001Dn00000abcDE{NBSP},Web,Closed - Converted,2025-03-02,2025-03-09,Cy,\t0065g00000XyZab ,"
    f"{NBSP}001Dn00000abcDE\n"
    "00Q000000000003AAA,Web,Open - Not Contacted,2025-03-03,,Di, ,\n"
    "00Q42,Web,Open - Not Contacted,2025-03-04,,Di,,123456789012345\n"
    "GlobalLogistics,Web,Open - Not Contacted,2025-03-05,,Di,,\n"
)


def test_salesforce_leads_store_the_18_character_ids_the_nested_expression_gave(empty_con, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(LEADS, encoding="utf-8")
    report = import_files(empty_con, "leads", [path], mapping=preset_mapping("salesforce", "leads"))
    stored = empty_con.execute(
        "select lead_id, converted_deal_id, account_id from leads order by created_at"
    ).fetchall()
    # by hand, a letter per five characters: 1 + (1st a capital) + 2 (2nd) + 4 (3rd) + 8 (4th) + 16 (5th) in
    # 'A'..'Z0'..'5'. 00Q00: Q third -> 5th letter E; 00000 and 00001 -> A. 001Dn: D fourth -> 9th letter I;
    # abcDE: D fourth, E fifth -> 1 + 8 + 16 = 25th letter Y. 0065g and 00000 -> A; XyZab: X first, Z third ->
    # 1 + 1 + 4 = 6th letter F
    assert stored == [
        ("00Q000000000001EAA", None, None),
        ("001Dn00000abcDEIAY", "0065g00000XyZabAAF", "001Dn00000abcDEIAY"),
        ("00Q000000000003AAA", None, None),
        ("00Q42", None, "123456789012345"),
        ("GlobalLogistics", None, None),
    ]
    # and what the expression the mapped table was built with before gives over the same cells, read as text
    nested = empty_con.execute(
        'select salesforce_id(clean(clean("Lead ID"))), salesforce_id(clean(clean("Converted Opportunity ID"))), '
        'salesforce_id(clean(clean("Converted Account ID"))) '
        'from read_csv($p, header = true, all_varchar = true) order by "Created Date"',
        {"p": str(path)},
    ).fetchall()
    assert stored == nested
    notes = " ".join(report.notes)
    # 2 lead ids of 15 characters, 1 opportunity id, 1 account id (the 15-digit number is none)
    assert "lead_id: 2 Salesforce ids written with 15 characters" in notes
    assert "converted_deal_id: 1 Salesforce id written with 15 characters" in notes
    assert "account_id: 1 Salesforce id written with 15 characters" in notes


@pytest.fixture(scope="module")
def macros() -> duckdb.DuckDBPyConnection:
    """A connection with the cleaning macros only (clean, salesforce_id)."""
    con = duckdb.connect()
    con.execute(store._script("macros/cleaning"))
    yield con
    con.close()


BLANKS = [" ", "\t", NBSP]
cells = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from([*"aZq09Q", *BLANKS, "é", "\u2007", "_"]), max_size=20),
        st.builds(
            lambda pre, body, post: pre + body + post,
            st.text(alphabet=st.sampled_from(BLANKS), max_size=2),
            st.text(alphabet=st.sampled_from([*"abzABZ0189"]), min_size=15, max_size=15)
            | st.text(alphabet=st.sampled_from([*"abzABZ0189"]), min_size=18, max_size=18),
            st.text(alphabet=st.sampled_from(BLANKS), max_size=2),
        ),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=cells)
def test_a_column_cleaned_once_reads_as_the_cell_cleaned_twice(macros, values):
    # _cells_once reads clean(clean(s."X")) and clean(s."X") from one column clean(s."X"): the same values, and so
    # salesforce_id over that column gives what salesforce_id(clean(clean(cell))) gave
    macros.execute("create or replace temp table cells as select unnest($v::varchar[]) as x", {"v": values})
    differ = macros.execute(
        "select count(*) from (select x, clean(x) as once from cells) "
        "where clean(clean(x)) is distinct from once or salesforce_id(clean(x)) is distinct from salesforce_id(once)"
    ).fetchone()
    assert differ == (0,)
