"""The sidebar's options (filter_options.sql) read from the entries rollup where a DuckDB file keeps it: the same
values and counts as counting the leads, by hand and for random data with blank values."""

from __future__ import annotations

from datetime import datetime

from fixture_data import load
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PROPS, mem  # noqa: F401 (mem is a fixture)

from dashboard import config, queries

T = datetime
NONE = config.NONE_LABEL
# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at
LEADS = [
    ("a", T(2025, 1, 5), "email", "CFO", "SMB", "Ann", "lead", None, None, None),
    ("b", T(2025, 1, 20), "email", None, "SMB", None, "lead", None, None, None),
    ("c", T(2025, 2, 3), "paid_search", "CFO", None, "Ann", "lead", T(2025, 2, 4), None, None),
    ("d", T(2025, 3, 9), "email", "CTO", "SMB", "Bob", "lead", None, None, None),
]
# deal_id, lead_id, owner, created_at, status, closed_at, amount, source: D2 and D3 have no lead (outbound)
DEALS = [
    ("D1", "a", "Ann", T(2025, 1, 10), "won", T(2025, 2, 1), 1000.0, None),
    ("D2", None, "Cy", T(2025, 2, 10), "open", None, 500.0, "outbound"),
    ("D3", None, None, T(2025, 3, 1), "open", None, 700.0, "outbound"),
]


def options(con, use_rollup: bool) -> dict[str, list[tuple[str, int]]]:
    df = queries.run(con, "filter_options", {"none_label": NONE, "use_rollup": use_rollup})
    out: dict[str, list[tuple[str, int]]] = {}
    for row in df.itertuples():
        out.setdefault(row.dimension, []).append((row.value, int(row.count_records)))
    return out


def test_options_counted_by_hand_either_way(mem):  # noqa: F811 (mem is the fixture)
    load(mem, LEADS, DEALS)
    for use_rollup in (True, False):
        got = options(mem, use_rollup)
        # source: email a, b, d (3); outbound D2, D3 (2); paid_search c (1)
        assert got["source"] == [("email", 3), ("outbound", 2), ("paid_search", 1)]
        # owner: Ann a, c (2); Bob d, Cy D2 (1 each, by name); blank b and D3 (2) last
        assert got["owner"] == [("Ann", 2), ("Bob", 1), ("Cy", 1), (NONE, 2)]
        # persona: CFO a, c (2); CTO d (1); blank b (1) last
        assert got["persona"] == [("CFO", 2), ("CTO", 1), (NONE, 1)]
        assert got["segment"] == [("SMB", 3), (NONE, 1)]
    # the rollup's path reads no lead: the same options with the leads gone and the rollup left as it was
    before = options(mem, True)
    mem.execute("delete from leads")
    assert options(mem, True) == before
    assert "email" not in dict(options(mem, False)["source"])


@PROPS
@given(data=st.data())
def test_options_are_the_same_from_the_rollup_as_from_the_leads(mem, data):  # noqa: F811
    n = data.draw(st.integers(0, 30))
    values = st.one_of(st.none(), st.sampled_from(["x", "y", "z"]))
    leads = [
        (
            f"L{i}",
            T(2025, 1, 1) + (T(2025, 1, 2) - T(2025, 1, 1)) * data.draw(st.integers(0, 400)),
            data.draw(st.sampled_from(["email", "web"])),
            data.draw(values),
            data.draw(values),
            data.draw(values),
            "lead",
            None,
            None,
            None,
        )
        for i in range(n)
    ]
    deals = [
        (f"D{j}", None, data.draw(values), T(2025, 3, 1), "open", None, 1.0, data.draw(values))
        for j in range(data.draw(st.integers(0, 3)))
    ]
    load(mem, leads, deals)
    assert options(mem, True) == options(mem, False)
