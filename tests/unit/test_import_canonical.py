"""The canonical importer: declared types, one transaction, errors naming file, row and column."""

from __future__ import annotations

import pytest

from dashboard import metrics, store
from dashboard.filters import Filters
from dashboard.importers.canonical import ImportRefused, import_files

LEADS_CSV = """lead_id,created_at,source,persona,mql_at,sql_at
a1,2025-01-02 10:00:00,email,CFO,2025-01-03,
a2,2025-01-05,,CMO,,2025-01-07
a3,2025-02-01,paid_search,CFO,,
"""
DEALS_CSV = """deal_id,lead_id,created_at,status,closed_at,amount
d1,a2,2025-01-10,Won,2025-02-01,1200.50
d2,,2025-01-11,open,,300
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_leads_and_deals(empty_con, tmp_path):
    r = import_files(empty_con, "leads", [write(tmp_path, "leads.csv", LEADS_CSV)])
    assert (r.rows_read, r.rows_loaded) == ({"leads.csv": 3}, 3)
    import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS_CSV)])
    # a2 has an SQL date only and a won deal: lead 3, MQL 2 (a1, a2), SQL 1, opportunity 1, customer 1
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist() == [3, 2, 1, 1, 1]
    assert store.scalar(empty_con, "select source from leads where lead_id = 'a2'") == "unknown"
    assert store.scalar(empty_con, "select amount from deals where deal_id = 'd1'") == 1200.50
    assert store.scalar(empty_con, "select status from deals where deal_id = 'd1'") == "won"
    assert not store.is_demo(empty_con)


def test_append_upserts_by_id(empty_con, tmp_path):
    import_files(empty_con, "leads", [write(tmp_path, "a.csv", LEADS_CSV)])
    more = "lead_id,created_at,source\na3,2025-02-01,referral\na4,2025-03-01,referral\n"
    r = import_files(empty_con, "leads", [write(tmp_path, "b.csv", more)], mode="append")
    assert (r.rows_loaded, r.rows_replaced) == (2, 1)
    assert store.table_counts(empty_con)["leads"] == 4
    assert store.scalar(empty_con, "select source from leads where lead_id = 'a3'") == "referral"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lead_id,source\nx1,email\n", "bad.csv: required column created_at is missing"),
        ("lead_id,created_at,colour\nx1,2025-01-01,red\n", "colour"),
        ("lead_id,created_at\n", "no data rows"),
        ("lead_id,created_at\nx1,2025-02-30\n", r"none of the 1 rows can be imported.*row 1, column created_at"),
    ],
)
def test_files_that_cannot_make_rows_are_refused_and_nothing_changes(con, tmp_path, text, message):
    before = store.table_counts(con)
    with pytest.raises(ImportRefused, match=message):
        import_files(con, "leads", [write(tmp_path, "bad.csv", text)])
    assert store.table_counts(con) == before
    assert store.scalar(con, "select count(*) from lead_stages") == before["leads"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lead_id,created_at\nx1,2025-01-01\nx2,2025-02-30\n", r"bad\.csv, row 2, column created_at: unparseable date"),
        ("lead_id,created_at\nx1,2025-01-01\n,2025-01-02\n", r"bad\.csv, row 2, column lead_id: missing id"),
        (
            "lead_id,created_at\nx1,2025-01-01\nx1,2025-01-02\n",
            r"row 2, column lead_id: duplicate id: 'x1 \(first on row 1",
        ),
    ],
)
def test_strict_import_refuses_any_bad_row_and_changes_nothing(con, tmp_path, text, message):
    before = store.table_counts(con)
    with pytest.raises(ImportRefused, match=message):
        import_files(con, "leads", [write(tmp_path, "bad.csv", text)], on_bad_rows="refuse")
    assert store.table_counts(con) == before


def test_bad_deal_status_names_row_and_column(empty_con, tmp_path):
    text = "deal_id,created_at,status\nd1,2025-01-01,won\nd2,2025-01-01,maybe\n"
    with pytest.raises(ImportRefused, match=r"deals.csv, row 2, column status: unknown stage: 'maybe'"):
        import_files(empty_con, "deals", [write(tmp_path, "deals.csv", text)], on_bad_rows="refuse")


def test_amount_that_is_not_a_number(empty_con, tmp_path):
    text = "deal_id,created_at,status,amount\nd1,2025-01-01,won,12.75\nd2,2025-01-01,won,twelve\n"
    with pytest.raises(ImportRefused, match="row 2, column amount: unparseable number"):
        import_files(empty_con, "deals", [write(tmp_path, "deals.csv", text)], on_bad_rows="refuse")


def test_second_file_failing_leaves_first_unapplied(con, tmp_path):
    good = write(tmp_path, "good.csv", "lead_id,created_at\nn1,2025-05-01\n")
    bad = write(tmp_path, "bad.csv", "lead_id\nn2\n")
    with pytest.raises(ImportRefused, match=r"bad\.csv: required column created_at is missing"):
        import_files(con, "leads", [good, bad])
    assert store.scalar(con, "select count(*) from leads where lead_id = 'n1'") == 0
    assert store.table_counts(con)["leads"] == 8


def test_second_file_with_a_bad_row_refused_in_strict_mode_leaves_first_unapplied(con, tmp_path):
    good = write(tmp_path, "good.csv", "lead_id,created_at\nn1,2025-05-01\n")
    bad = write(tmp_path, "bad.csv", "lead_id,created_at\nn2,yesterday\n")
    with pytest.raises(ImportRefused, match=r"bad\.csv, row 1, column created_at: unparseable date: 'yesterday'"):
        import_files(con, "leads", [good, bad], on_bad_rows="refuse")
    assert store.scalar(con, "select count(*) from leads where lead_id = 'n1'") == 0
    assert store.table_counts(con)["leads"] == 8


def test_missing_file(empty_con, tmp_path):
    with pytest.raises(ImportRefused, match="no such file"):
        import_files(empty_con, "leads", [tmp_path / "nope.csv"])


def test_large_file_spanning_several_row_groups_is_loaded_whole(empty_con, tmp_path):
    # DuckDB stores 122,880 rows per row group; a bug lost every row of bigger temporary tables
    # filled inside a transaction while the report still said "loaded"
    n = 150_000
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("lead_id,created_at,source\n")
        out.writelines(f"x{i},2025-01-{1 + i % 28:02d},s{i % 3}\n" for i in range(n))
    report = import_files(empty_con, "leads", [path])
    assert report.rows_loaded == n
    assert empty_con.execute("select count(*), count(distinct lead_id) from leads").fetchall() == [(n, n)]
    assert store.scalar(empty_con, "select count(*) from lead_stages") == n
    report = import_files(empty_con, "leads", [path], mode="append")
    assert (report.rows_loaded, report.rows_replaced) == (n, n)
    assert store.scalar(empty_con, "select count(*) from leads") == n


def test_row_numbers_stay_right_beyond_the_first_row_groups(empty_con, tmp_path):
    # rows are numbered by their position in the staged table; a bad row deep in a large file must
    # still be reported with its own number
    n = 300_000
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("lead_id,created_at\n")
        out.writelines(f"x{i},{'2025-02-30' if i in (0, 249_998) else '2025-01-01'}\n" for i in range(n))
    report = import_files(empty_con, "leads", [path])
    assert report.issues["row_number"].tolist() == [1, 249_999]
    assert report.rows_loaded == n - 2


# a form tool's leads keyed by e-mail: ann and Bob are each written twice in another case, cy twice alike
FORM_JAN = """Email,Submitted At,UTM Medium
ann@acme.com,2025-01-06 09:12,cpc
Bob@Beta.io,2025-01-07 10:00,paid_social
cy@gamma.com,2025-01-15 14:30,organic
ANN@ACME.COM,2025-01-20 11:00,email
"""
FORM_FEB = """Email,Submitted At,UTM Medium
bob@beta.io,2025-02-03 08:00,cpc
di@delta.com,2025-02-10 16:45,cpc
 cy@gamma.com ,2025-02-12 12:00,email
"""


def test_e_mail_ids_are_one_lead_whatever_their_case(empty_con, tmp_path):
    from dashboard.importers.mapping import TableMapping

    mapping = TableMapping(
        kind="leads",
        source="form.toml",
        columns={"lead_id": ("Email",), "created_at": ("Submitted At",), "source": ("UTM Medium",)},
    )
    files = [write(tmp_path, "jan.csv", FORM_JAN), write(tmp_path, "feb.csv", FORM_FEB)]
    r = import_files(empty_con, "leads", files, mapping=mapping)
    # 7 rows, 4 people: the first row of each kept (ann cpc, bob paid_social, cy organic, di cpc)
    assert empty_con.execute("select lead_id, source from leads order by 1").fetchall() == [
        ("ann@acme.com", "cpc"),
        ("bob@beta.io", "paid_social"),
        ("cy@gamma.com", "organic"),
        ("di@delta.com", "cpc"),
    ]
    assert (r.rows_loaded, r.skipped) == (4, {"duplicate id": 3})
    assert "jan.csv: lead_id: 2 e-mail addresses written in capitals stored in lower case" in r.notes
    assert not any(n.startswith("feb.csv: lead_id") for n in r.notes)
    # the duplicates quote the file's own cell
    assert sorted(r.issues["value"]) == [
        "ANN@ACME.COM (first on row 1 of jan.csv)",
        "bob@beta.io (first on row 2 of jan.csv)",
        "cy@gamma.com (first on row 3 of jan.csv)",
    ]

    # deals and touches naming the leads in capitals meet them
    deals = "deal_id,lead_id,created_at,status,closed_at,amount\nd1,Ann@Acme.COM,2025-01-25,won,2025-02-01,900\n"
    r = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", deals)])
    assert empty_con.execute("select deal_id, lead_id from deals").fetchall() == [("d1", "ann@acme.com")]
    assert r.skipped == {}
    assert "deals.csv: lead_id: 1 e-mail address written in capitals stored in lower case" in r.notes
    touches = "lead_id,touched_at,source\nDI@delta.com,2025-02-09,cpc\n"
    import_files(empty_con, "touches", [write(tmp_path, "touches.csv", touches)])
    assert empty_con.execute("select lead_id from touches").fetchall() == [("di@delta.com",)]
    # 4 leads, 1 customer (ann, with her won deal)
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist()[0] == 4
    assert metrics.funnel(empty_con, Filters())["count_leads"].tolist()[-1] == 1


def test_a_canonical_leads_file_with_capital_e_mail_ids_says_so(empty_con, tmp_path):
    # the fast way for clean files leaves it to the checked way, which lower-cases and says it
    text = (
        "lead_id,created_at,source\n"
        "ann@acme.com,2025-01-06,cpc\nBob@Beta.io,2025-01-07,email\nANN@ACME.COM,2025-01-20,email\n"
    )
    r = import_files(empty_con, "leads", [write(tmp_path, "leads.csv", text)])
    assert empty_con.execute("select lead_id from leads order by 1").fetchall() == [("ann@acme.com",), ("bob@beta.io",)]
    assert r.skipped == {"duplicate id": 1}
    assert "leads.csv: lead_id: 2 e-mail addresses written in capitals stored in lower case" in r.notes
    # not an e-mail address (no dot in the domain, a space): kept as written
    text = "lead_id,created_at,source\nAnn@localhost,2025-01-06,cpc\nAnn Lee@acme.com,2025-01-07,cpc\n"
    import_files(empty_con, "leads", [write(tmp_path, "leads2.csv", text)])
    assert empty_con.execute("select lead_id from leads order by 1").fetchall() == [
        ("Ann Lee@acme.com",),
        ("Ann@localhost",),
    ]
