"""Proof on real data: the Olist files through data/mappings/olist.toml match DOMAIN.md's reference figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dashboard import config

OLIST = config.ROOT.parent / "shared" / "data" / "olist"
MQLS = OLIST / "olist_marketing_qualified_leads_dataset.csv"
DEALS = OLIST / "olist_closed_deals_dataset.csv"
MAPPING = config.ROOT / "data" / "mappings" / "olist.toml"

# independent reference figures (../shared/DOMAIN.md)
MQLS_BY_ORIGIN = {
    "organic_search": 2296,
    "paid_search": 1586,
    "social": 1350,
    "unknown": 1099,
    "direct_traffic": 499,
    "email": 493,
    "referral": 284,
    "other": 150,
    "display": 118,
    "other_publicities": 65,
    "blank": 60,
}
DEALS_BY_ORIGIN = {"organic_search": 271, "paid_search": 195, "unknown": 179, "social": 75}


def cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=config.ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def olist_db(tmp_path_factory) -> str:
    if not MQLS.is_file() or not DEALS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Olist data set is missing in CI: expected {OLIST}")
        pytest.skip(f"the Olist data set is not at {OLIST}")
    db = str(tmp_path_factory.mktemp("olist") / "olist.duckdb")
    out = cli("import", "--db", db, "--kind", "leads", "--mapping", str(MAPPING), str(MQLS))
    assert "8,000 rows loaded" in out
    out = cli("import", "--db", db, "--kind", "deals", "--mapping", str(MAPPING), str(DEALS))
    assert "842 rows loaded" in out
    return db


def metrics(db: str, *args: str) -> dict:
    return json.loads(cli("metrics", "--db", db, "--window", "0", *args))


def test_totals_conversion_and_cycle(olist_db):
    doc = metrics(olist_db)
    funnel = {row["stage"]: row for row in doc["funnel"]}
    assert funnel["mql"]["count"] == 8000
    assert doc["deals"]["won"] == 842
    assert round(funnel["customer"]["count"] / funnel["mql"]["count"] * 100, 2) == 10.53
    assert round(doc["deals"]["median_cycle_days"], 2) == 14.65


def test_mqls_and_deals_per_origin(olist_db):
    for origin, mqls in MQLS_BY_ORIGIN.items():
        doc = metrics(olist_db, "--source", origin)
        assert doc["funnel"][1]["count"] == mqls, origin
        if origin in DEALS_BY_ORIGIN:
            assert doc["deals"]["won"] == DEALS_BY_ORIGIN[origin], origin
