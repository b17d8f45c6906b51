"""built_copy builds a database once per process and key, whichever test is running (pytest names it in the env)."""

from __future__ import annotations

from db_copies import built_copy


def test_a_second_test_copies_the_database_the_first_one_built(monkeypatch):
    builds: list[int] = []

    def build(con, _folder) -> None:
        builds.append(1)
        con.execute("insert into meta (key, value) values ('suitetime2', 'built')")

    # pytest sets PYTEST_CURRENT_TEST to the running test's id: two tests, two values
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/unit/a.py::test_one (setup)")
    first, _ = built_copy("suitetime2", build)
    first.execute("delete from meta where key = 'suitetime2'")
    first.close()
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/unit/b.py::test_two (setup)")
    second, _ = built_copy("suitetime2", build)
    # one build for the two; the second copy holds the built row the first copy deleted in its own database
    assert len(builds) == 1
    assert second.execute("select value from meta where key = 'suitetime2'").fetchall() == [("built",)]
    second.close()
