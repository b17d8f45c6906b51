"""The Definitions page and the report's appendix speak in words: no column names, owners capitalised."""

from __future__ import annotations

import re

from dashboard import definitions


def test_definitions_name_no_column_and_capitalise_the_owners():
    text = "\n".join(body for _, body in definitions.sections())
    # "(created_at)", "(mql_at)" once stood after the stages' meanings
    assert not re.findall(r"\b\w+_at\b", text)
    stages = dict(definitions.sections())["Stages and who owns them"]
    rows = [line.split(" | ")[1:3] for line in stages.splitlines() if re.match(r"\| \d", line)]
    assert rows == [
        ["Lead", "Marketing"],
        ["MQL", "Marketing"],
        ["SQL", "Sales"],
        ["Opportunity", "Sales"],
        ["Customer", "Sales"],
    ]
    assert "| 1 | Lead | Marketing | it exists in the CRM or marketing tool (from its creation date) |" in stages
