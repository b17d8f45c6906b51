"""[leads.reached] rules: a lead reached a stage when its score is at least a threshold (Pardot's Score) or its tag
list holds a tag (ActiveCampaign's Tags, Mailchimp's TAGS). Marketing-automation tools qualify so, and export neither
a stage nor a stage date: mapped as the lifecycle stage, such a column skipped every lead whose cell was no stage."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from dashboard import store
from dashboard.importers import checks
from dashboard.importers.errors import ImportRefused

# where a tag list splits: ActiveCampaign writes "MQL, Webinar", Mailchimp '"MQL","Webinar"', others ";" or "|"
TAG_SEPARATORS: tuple[str, ...] = (",", ";", "|")
# what a tag may be wrapped in besides spaces: Mailchimp quotes each tag inside the cell
TAG_WRAPPING = " \"'"
# the words of a tag list's header, whole ("Stage" holds "tag"): ActiveCampaign's Tags, Mailchimp's TAGS
TAG_WORDS = frozenset({"tag", "tags"})
RULE_KEYS = frozenset({"column", "at_least", "contains", "separator"})
RULE_EXAMPLE = '{ column = "Score", at_least = 100 } or { column = "Tags", contains = "MQL" }'
# a cell of a score column: a number, as a score is written (100, 99.5, -5)
SCORE_VALUE = re.compile(r"\s*-?[0-9]+([.][0-9]+)?\s*")


@dataclass(frozen=True)
class StageRule:
    """A lead reached the stage when its `column` is at least `at_least`, or lists one of `contains`."""

    column: str
    at_least: float | None = None
    contains: tuple[str, ...] = ()
    separators: tuple[str, ...] = TAG_SEPARATORS

    def said(self) -> str:
        """The rule as the report says it: "Score ≥ 100", "Tags holding 'MQL'"."""
        if self.at_least is not None:
            return f"{self.column} ≥ {self.at_least:g}"
        return f"{self.column} holding {' or '.join(map(repr, self.contains))}"


def parse_rule(stage: str, value: Any, where: str) -> StageRule:
    """One rule of [leads.reached] as the mapping file writes it: an inline table."""
    bad = f"{where}: {stage} must be yes/no columns, or a rule such as {stage} = {RULE_EXAMPLE}"
    if not isinstance(value, dict) or set(value) - RULE_KEYS or not isinstance(value.get("column"), str):
        raise ImportRefused(bad)
    if ("at_least" in value) == ("contains" in value):
        raise ImportRefused(f"{bad}: a rule has either at_least or contains")
    if "at_least" in value:
        threshold = value["at_least"]
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or "separator" in value:
            raise ImportRefused(f"{bad}: at_least is a number (at_least = 100), and a score has no separator")
        return StageRule(value["column"], at_least=float(threshold))
    tags = _texts(value["contains"])
    seps = _texts(value.get("separator", list(TAG_SEPARATORS)))
    if not tags or not seps:
        raise ImportRefused(f'{bad}: contains is a tag or a list of tags, separator one text or a list ([",", ";"])')
    return StageRule(value["column"], contains=tags, separators=seps)


def _texts(value: Any) -> tuple[str, ...]:
    """A text or a list of texts, none empty; () when it is anything else."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(texts) if texts and all(isinstance(t, str) and t.strip() for t in texts) else ()


def rule_sql(rule: StageRule, key: str, params: dict[str, Any]) -> str:
    """SQL (over the staged file `s`) true where the row meets the rule; `params` gets its values under `key`. A tag
    is matched as value maps match keys (case and spaces aside), after its wrapping quotes are dropped."""
    cell = f"clean(s.{store.quote_identifier(rule.column)})"
    if rule.at_least is not None:
        params[key] = rule.at_least
        return f"coalesce(try_cast({cell} as double) >= ${key}, false)"
    params[key] = list(rule.contains)
    params[f"{key}_sep"] = "|".join(re.escape(s) for s in rule.separators)
    params[f"{key}_wrap"] = TAG_WRAPPING
    parts = f"string_split_regex(coalesce({cell}, ''), ${key}_sep)"
    tags = f"list_transform({parts}, lambda t: value_key(trim(t, ${key}_wrap)))"
    return f"list_has_any({tags}, list_transform(${key}, lambda t: value_key(t)))"


def warn_not_numbers(
    con: duckdb.DuckDBPyConnection, rules: Mapping[str, StageRule], staging: str, index: int, file_name: str
) -> None:
    """Record each row whose score is no number, kept without reaching the rule's stage: never read as 0 unsaid."""
    for stage, rule in rules.items():
        if rule.at_least is None:
            continue
        cell = f"clean(s.{store.quote_identifier(rule.column)})"
        con.execute(
            f"insert into {checks.ISSUES} select $index, $file, s._row, $column, '{checks.NOT_A_SCORE}', "
            f"{cell} || ' -> not ' || $stage, '{checks.KEPT}' from {staging} as s "
            f"where {cell} is not null and try_cast({cell} as double) is null",
            {"index": index, "file": file_name, "column": rule.column, "stage": stage},
        )


def rule_advice(stage: str, column: str, values: Sequence[str]) -> str | None:
    """The rule to write instead of yes/no columns when a column's values are scores or tag lists; None otherwise."""
    if values and all(SCORE_VALUE.fullmatch(v) for v in values):
        return (
            f"{column!r} holds scores: write a rule under [leads.reached] instead, "
            f'{stage} = {{ column = "{column}", at_least = 100 }} with your threshold'
        )
    listed = bool(values) and any(re.search(r"[,;|]", v) for v in values)
    if listed or TAG_WORDS & set(re.split(r"[^a-z]+", column.lower())):
        return (
            f"{column!r} holds tag lists: write a rule under [leads.reached] instead, "
            f'{stage} = {{ column = "{column}", contains = "MQL" }} with the tag that means {stage}'
        )
    return None
