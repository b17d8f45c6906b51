"""The stored_twice data check (queries/checks/stored_twice.sql) joins the few pairs an import kept (twin_ids) to the
stored ids, not the ids to the pairs: it ran after every import and built a hash table over every stored lead and deal
id, about 260 ms of CPU at ten million leads with no pair at all. Its rows counted by hand."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from dashboard import checks, queries, store
from dashboard.importers.canonical import _is_id_header, import_files
from dashboard.importers.mapping import load_mapping

T = datetime(2026, 7, 1)


@pytest.fixture
def mem():
    connection = store.connect(":memory:")
    yield connection
    connection.close()


def _load(con, leads: list[str], deals: list[str], twins: list[tuple]) -> None:
    con.executemany("insert into leads (lead_id, created_at) values (?, ?)", [(i, T) for i in leads])
    con.executemany("insert into deals (deal_id, created_at, status) values (?, ?, 'open')", [(i, T) for i in deals])
    if twins:
        con.executemany("insert into twin_ids values (?, ?, ?, 'sf.csv', 'HubSpot ID', 'Id')", twins)


def test_the_pairs_whose_two_ids_are_stored_by_hand(mem):
    # L1 = L2 both stored: a row (its pair written twice by two imports: one row); L3's other id LX is not stored, and
    # D1 = L1 names a lead's id as a deal's: no row; D1 = D2 both stored: a row
    _load(
        mem,
        ["L1", "L2", "L3"],
        ["D1", "D2"],
        [
            ("leads", "L1", "L2"),
            ("leads", "L1", "L2"),
            ("leads", "L3", "LX"),
            ("deals", "D1", "L1"),
            ("deals", "D1", "D2"),
        ],
    )
    rows = checks.violations(mem, "stored_twice")
    assert list(rows.itertuples(index=False, name=None)) == [
        ("deals", "D1", "D2", "sf.csv", "HubSpot ID", "Id"),
        ("leads", "L1", "L2", "sf.csv", "HubSpot ID", "Id"),
    ]


def _lead_scan_rows(con, sql: str) -> list[int]:
    """The rows each scan of the leads produced when the query ran (explain analyze's profile)."""
    con.execute("pragma enable_profiling = 'json'")
    tree = json.loads(con.execute("explain analyze " + sql).fetchall()[0][1])
    con.execute("pragma disable_profiling")
    found: list[int] = []

    def walk(node: dict) -> None:
        if str(node.get("extra_info", {}).get("Table", "")).split(".")[-1] == "leads":
            found.append(int(node["intermediate_rows"]))
        for child in node.get("children", []) + node.get("operator", []):
            walk(child)

    walk(tree)
    return found


def test_no_pair_reads_next_to_no_lead(mem):
    # 20,000 leads, no pair: the old check read every lead id into its semi join's hash table (20,000 rows); the
    # pairs' empty hash table ends each scan of the leads at its first vectors
    _load(mem, [f"L{i}" for i in range(20_000)], ["D1"], [])
    sql = queries.sql_text("checks/stored_twice")
    scanned = _lead_scan_rows(mem, sql)
    assert scanned and max(scanned) < 10_000


# review 104: the import's own canonical columns, and headers that only end in "id", are no other CRM's id


def _import(con, folder, name: str, kind: str, text: str, mode: str = "replace", mapped: bool = False) -> list[str]:
    path = folder / name
    path.write_text(text)
    mapping = None
    if mapped:
        # the deals' canonical columns named: the file's other columns are not read
        toml = folder / "deals.toml"
        toml.write_text(
            '[deals.columns]\ndeal_id = "deal_id"\nlead_id = "lead_id"\ncreated_at = "created_at"\n'
            'status = "status"\namount = "amount"\n'
        )
        mapping = load_mapping(toml)["deals"]
    return import_files(con, kind, [path], mode=mode, mapping=mapping).alerts


@pytest.fixture
def three_leads_two_deals(mem, tmp_path):
    # leads 1, 2, 3; deals 1 (lead 2) and 2 (lead 3): the deals' lead ids 2 and 3 are stored deal ids too
    _import(mem, tmp_path, "leads.csv", "leads", LEADS)
    _import(mem, tmp_path, "deals.csv", "deals", DEALS)
    return mem


LEADS = "lead_id,created_at,source\n1,2026-01-05,web\n2,2026-01-06,web\n3,2026-01-07,web\n"
DEALS = "deal_id,lead_id,created_at,status,amount\n1,2,2026-02-01,open,100\n2,3,2026-02-02,won,200\n"


def _twins(con) -> list[tuple]:
    return con.execute("select * from twin_ids").fetchall()


def test_a_canonical_deals_file_appended_again_is_no_migration(three_leads_two_deals, tmp_path):
    # on int: "'lead_id', a column not read, holds the id of a deal stored already (1 = stored 2)", a twin_ids row,
    # and the landing page's "counted twice"
    alerts = _import(three_leads_two_deals, tmp_path, "deals.csv", "deals", DEALS, mode="append")
    assert not [a for a in alerts if "column not read" in a]
    assert _twins(three_leads_two_deals) == []
    assert checks.stored_twice_notice(three_leads_two_deals) is None


def test_a_new_deal_whose_lead_id_is_a_stored_deal_id_is_no_migration(three_leads_two_deals, tmp_path):
    # deal 3 of lead 2: "2" is a stored deal's id too, but lead_id is the deals table's own column
    alerts = _import(
        three_leads_two_deals,
        tmp_path,
        "more.csv",
        "deals",
        "deal_id,lead_id,created_at,status,amount\n3,2,2026-02-03,open,50\n",
        mode="append",
    )
    assert not [a for a in alerts if "column not read" in a]
    assert _twins(three_leads_two_deals) == []


def test_a_new_lead_whose_account_id_is_a_stored_lead_id_is_no_migration(three_leads_two_deals, tmp_path):
    alerts = _import(
        three_leads_two_deals,
        tmp_path,
        "more.csv",
        "leads",
        "lead_id,created_at,source,account_id\n4,2026-01-08,web,1\n",
        mode="append",
    )
    assert not [a for a in alerts if "column not read" in a]
    assert _twins(three_leads_two_deals) == []


def test_a_column_ending_in_paid_is_no_id(three_leads_two_deals, tmp_path):
    # 'Paid' holds 1 and 2, the stored deals' ids, on new deals 7 and 8: a word ending in "id" is no id column
    alerts = _import(
        three_leads_two_deals,
        tmp_path,
        "more.csv",
        "deals",
        "deal_id,lead_id,created_at,status,amount,Paid\n7,1,2026-02-03,open,50,1\n8,1,2026-02-04,open,60,2\n",
        mode="append",
        mapped=True,
    )
    assert not [a for a in alerts if "column not read" in a]
    assert _twins(three_leads_two_deals) == []


def test_a_re_appended_row_that_names_a_stored_deal_in_an_id_column_is_no_migration(three_leads_two_deals, tmp_path):
    # deal 1 again, its 'HubSpot Deal ID' 2 a stored deal: its own id is stored, so it is no record new to the table
    alerts = _import(
        three_leads_two_deals,
        tmp_path,
        "more.csv",
        "deals",
        "deal_id,lead_id,created_at,status,amount,HubSpot Deal ID\n1,2,2026-02-01,open,100,2\n",
        mode="append",
        mapped=True,
    )
    assert not [a for a in alerts if "column not read" in a]
    assert _twins(three_leads_two_deals) == []


def test_a_new_deal_named_by_its_old_id_in_an_id_column_is_said(three_leads_two_deals, tmp_path):
    # deal 9 is new, its 'hubspot_deal_id' 2 is stored: one row, one pair (9, 2)
    alerts = _import(
        three_leads_two_deals,
        tmp_path,
        "more.csv",
        "deals",
        "deal_id,lead_id,created_at,status,amount,hubspot_deal_id\n9,3,2026-02-02,won,200,2\n",
        mode="append",
        mapped=True,
    )
    said = [a for a in alerts if "column not read" in a]
    assert len(said) == 1 and "1 row has in 'hubspot_deal_id'" in said[0] and "(9 = stored 2)" in said[0]
    assert "beside a preset: the preset's mapping written out with `python -m dashboard map`" in said[0]
    assert [t[:3] for t in _twins(three_leads_two_deals)] == [("deals", "9", "2")]


@pytest.mark.parametrize(
    ("header", "is_id"),
    [
        ("HubSpot Deal ID", True),
        ("hubspot_contact_id", True),
        ("HubSpotContactId", True),
        ("Id", True),
        ("Paid", False),
        ("Valid", False),
        ("Amount Paid", False),
        ("VALID", False),
        # Japanese HubSpot: no space before the word id, and a full-width one
        ("レコードID", True),
        ("関連付けられた会社のＩＤ", True),
    ],
)
def test_an_id_header_ends_in_the_word_id(header, is_id):
    assert _is_id_header(header) is is_id


def test_a_pair_two_files_found_is_one_record_stored_twice(mem):
    # D1 = D2 found by sf_a.csv and again by sf_b.csv (the same export appended under two names): one deal stored
    # twice, not two (on int: 2 rows, "2 deals are stored twice")
    _load(mem, ["L1"], ["D1", "D2"], [])
    mem.executemany(
        "insert into twin_ids values ('deals', 'D1', 'D2', ?, 'HubSpot Deal ID', 'Opportunity ID')",
        [("sf_b.csv",), ("sf_a.csv",)],
    )
    rows = checks.violations(mem, "stored_twice")
    assert list(rows.itertuples(index=False, name=None)) == [
        ("deals", "D1", "D2", "sf_a.csv", "HubSpot Deal ID", "Opportunity ID")
    ]
    assert checks.run_all(mem) == {"stored_twice": 1}
    assert checks.describe({"stored_twice": 1}, mem)[0].startswith(
        "stored twice: 1 deal of sf_a.csv is stored twice, under the ids of two CRMs (D1 = D2: its column "
        "'HubSpot Deal ID' names the stored deal)"
    )
    assert checks.describe({"stored_twice": 1}, mem)[0].endswith(
        "(the first not blank names each row; beside a preset: the preset's mapping written out with `python -m "
        "dashboard map`, the line written in it)"
    )
