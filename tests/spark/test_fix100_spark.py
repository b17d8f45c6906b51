"""Trial 100 L8: `metrics --engine spark --count-by account` ended in a Python traceback (Untranslatable raised by the
spend_months section's query, computed outside the per-section wrapper); it fails naming the section, as the README
promises, and prints nothing."""

from __future__ import annotations

from dashboard.cli import main


def test_counting_by_account_on_spark_fails_naming_the_section(built, capsys):
    _, folder = built
    view = ["--count-by", "account", "--format", "json"]
    assert main(["metrics", "--engine", "spark", "--data", str(folder), *view]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        "error: the spend_months section cannot be computed on this engine: counting by account runs on DuckDB "
        "only: the Spark build has no accounts" in err
    )
    assert "no metrics were printed" in err
