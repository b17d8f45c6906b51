"""No stored value and no link can crash a page: extreme values in the data, random query strings in the URL."""

from __future__ import annotations

import os

import pytest
from app_helpers import open_page
from fixture_data import fixture_db
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from dashboard import config, store

PAGES = tuple(script for script, _, _ in config.PAGES)
LONG = "x" * 10_000
# values a file written before the importer checked them, or a hand-made update, can hold
EXTREMES = f"""
insert into leads (lead_id, created_at, source, persona, owner, mql_at) values
    ('year1', timestamp '0001-01-01', 'web', 'CFO', 'Ann', null),
    ('year9999', timestamp '9999-12-31 23:59:59', 'web', 'CFO', 'Ann', timestamp '9999-12-31 23:59:59'),
    ('long', timestamp '2025-01-10', '{LONG}', '{LONG}', '{LONG}', null),
    ('rtl', timestamp '2025-01-11', 'مصدر', 'שיווק', '👩‍💼 Ann', timestamp '2025-01-12'),
    ('blank', timestamp '2025-01-12', '', '', '', null),
    ('md', timestamp '2025-01-13', '![x](http://example.invalid/p.png)', '<b>x</b>', ':red[x]', null);
insert into deals (deal_id, lead_id, created_at, status, amount, closed_at) values
    ('nan', 'rtl', timestamp '2025-01-20', 'won', 'nan'::double, timestamp '2025-01-21'),
    ('inf', 'md', timestamp '2025-01-20', 'won', 'inf'::double, timestamp '2025-01-21'),
    ('neg', 'blank', timestamp '2025-01-20', 'lost', -5, timestamp '2025-01-21'),
    ('zero', null, timestamp '2025-01-20', 'open', 0, null),
    ('far', 'year9999', timestamp '9999-12-31', 'won', 1e300, timestamp '9999-12-31');
insert into spend (month, source, amount) values (date '2025-01-01', 'web', 'inf'::double);
insert into targets (month, metric, value) values (date '2025-01-01', 'revenue', 'nan'::double);
"""


@pytest.fixture(scope="module")
def extreme_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("extreme") / "extreme.duckdb")
    fixture_db(path)
    con = store.connect(path)
    with store.transaction(con, stale=store.UNDERIVED_LEADS):
        con.execute(EXTREMES)
    con.close()
    before = os.environ.get(config.DB_ENV_VAR)
    os.environ[config.DB_ENV_VAR] = path
    yield path
    if before is None:
        os.environ.pop(config.DB_ENV_VAR, None)
    else:
        os.environ[config.DB_ENV_VAR] = before


@pytest.mark.parametrize("script", PAGES)
def test_every_page_survives_extreme_values_and_out_of_range_links(extreme_db, script):
    at = open_page(script, {"to": "9999-12-31", "from": "0001-01-01", "window": "99999999999"})
    assert not at.exception, [e.message for e in at.exception]
    notices = " ".join(w.value for w in at.warning)
    if script != "streamlit_app.py":
        # the link's dates are dropped with a notice that says why
        assert "dates must fall between 1900-01-01 and 2100-12-31" in notices


KEYS = (
    "from",
    "to",
    "mode",
    "order",
    "window",
    "source",
    "persona",
    "segment",
    "owner",
    "period",
    "model",
    "by",
    "step",
    "view",
    "dimension",
    "compare_a",
    "compare_b",
    "sla_minutes",
    "clock",
    "hours",
    "timezone",
    "measure",
)
VALUES = hs.one_of(
    hs.sampled_from(["9999-12-31", "0001-01-01", "2025-02-30", "", "-1", "1e309", "nan", LONG[:2000], "💥", "مصدر"]),
    hs.text(max_size=40),
    hs.integers(min_value=-(10**12), max_value=10**12).map(str),
)
QUERIES = hs.dictionaries(hs.sampled_from(KEYS), hs.one_of(VALUES, hs.lists(VALUES, max_size=3)), max_size=5)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=hs.sampled_from(PAGES), query=QUERIES)
def test_random_links_never_crash_a_page(extreme_db, script, query):
    at = open_page(script, query)
    assert not at.exception, (script, query, [e.message for e in at.exception])
