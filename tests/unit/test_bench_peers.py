"""make bench's peers (benchmarks/peers.py): their labelling counted by hand, and on a small demo the same
numbers as the project for every view the bench times, so the bench's equality check cannot rot unseen."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import peers
import run as bench

from dashboard import demo, store


def test_values_past_the_top_n_are_one_bucket_named_for_how_many():
    # weights 9, 7, 7, 5, 0: the 0 has no hit and is left out; top 2 by weight, ties by name ("b" before "c")
    per_value = {
        "a": [9, 4, 2, 1, 0, 9],
        "c": [7, 3, 1, 0, 0, 7],
        "b": [7, 2, 2, 1, 1, 7],
        "d": [5, 1, 0, 0, 0, 5],
        "e": [0, 0, 0, 0, 0, 0],
    }
    got = peers.rank_values(per_value, top_n=2)
    stages = ("lead", "mql", "sql", "opportunity", "customer")
    assert got == (
        *(("a", s, n) for s, n in zip(stages, [9, 4, 2, 1, 0], strict=True)),
        *(("b", s, n) for s, n in zip(stages, [7, 2, 2, 1, 1], strict=True)),
        # c and d summed: 7+5, 3+1, 1+0, 0, 0
        *(("Other sources (2)", s, n) for s, n in zip(stages, [12, 4, 1, 0, 0], strict=True)),
    )


@pytest.fixture(scope="module")
def small_demo():
    con = store.connect(":memory:")
    demo.generate(con, leads=4000, seed=5, end_at=datetime(2026, 11, 1))
    return con


@pytest.mark.parametrize("view", list(bench.VIEWS))
def test_the_peers_give_the_projects_numbers(small_demo, view):
    # top_n is 8 and the demo has 9 sources, so the breakdown's bucket of the rest is compared too
    con = small_demo
    today = peers.as_of(con)
    frames = {"pandas": peers.pandas_frames(con), "polars": peers.polars_frames(con)}
    for r in range(2):
        f = bench.VIEWS[view](r)
        project = {name: compute() for name, compute in bench.project_numbers(con, f).items()}
        assert any(value == "Other sources (1)" for value, _, _ in project["breakdown"]) or f.sources
        for engine, (leads, deals) in frames.items():
            got = {name: compute() for name, compute in peers.numbers(engine, leads, deals, f, today).items()}
            assert got == project, (engine, view, r)
