"""An account derived from a lead's e-mail domain or company name (a mapping's `account_from`), and what the
import report says about it."""

from __future__ import annotations

from typing import Any

import duckdb

from dashboard import config
from dashboard.formatting import fmt_count

# how a mapping may derive account_id from the column it names for it
ACCOUNT_FROM: dict[str, str] = {
    "email_domain": "the e-mail domain",
    "company": "the company name",
}
# free-mail domains named in the report's sentence; the rest are counted together
DOMAINS_NAMED = 5


def legal_forms() -> dict[str, list[str]]:
    """The legal forms company_account drops (config), as its parameters: from the end, the start, either end."""
    return {
        "legal_suffixes": [*config.COMPANY_LEGAL_SUFFIXES, *config.COMPANY_LEGAL_PHRASES],
        "legal_prefixes": list(config.COMPANY_LEGAL_PREFIXES),
        "legal_glued": list(config.COMPANY_LEGAL_GLUED),
    }


def derived_sql(how: str, cell: str, params: dict[str, Any]) -> str:
    """SQL of the account a cleaned text cell gives (null when none); binds the config list it needs."""
    if how == "email_domain":
        params["free_mail_domains"] = list(config.FREE_MAIL_DOMAINS)
        return f"email_account({cell}, $free_mail_domains)"
    if how == "company":
        params.update(legal_forms())
        params["company_placeholders"] = list(config.COMPANY_PLACEHOLDERS)
        # the placeholder is the whole name ("Test GmbH" is a company, "Test" none): before legal forms are dropped
        named = f"company_account({cell}, []::varchar[], []::varchar[], []::varchar[])"
        return (
            f"(case when list_contains($company_placeholders, {named}) then null "
            f"else company_account({cell}, $legal_suffixes, $legal_prefixes, $legal_glued) end)"
        )
    raise ValueError(f"account_from must be one of {', '.join(ACCOUNT_FROM)}, not {how!r}")


def derivation_note(con: duckdb.DuckDBPyConnection, how: str, table: str, raw: str, label: str) -> str:
    """One sentence for the report: rows that got an account this way, and those that did not, by reason."""
    # DuckDB refuses a bound parameter the statement does not name
    params = {"free": list(config.FREE_MAIL_DOMAINS)} if how == "email_domain" else {}
    missing = f"account_id is null and {raw} is not null"
    free_mail = (
        f"{missing} and coalesce(list_contains($free, email_domain({raw})), false)"
        if how == "email_domain"
        else "false"
    )
    got, accounts, blank, free, unreadable = con.execute(
        f"select count(account_id), count(distinct account_id), count(*) filter (where {raw} is null), "
        f"count(*) filter (where {free_mail}), count(*) filter (where {missing} and not ({free_mail})) from {table}",
        params,
    ).fetchall()[0]
    parts = []
    if free:
        domains = con.execute(
            f"select email_domain({raw}), count(*) from {table} where {free_mail} group by 1 order by 2 desc, 1",
            params,
        ).fetchall()
        named = ", ".join(f"{d} {n:,}" for d, n in domains[:DOMAINS_NAMED])
        more = f", {len(domains) - DOMAINS_NAMED:,} more domains" if len(domains) > DOMAINS_NAMED else ""
        parts.append(f"{fmt_count(free, 'free-mail address', 'free-mail addresses')} ({named}{more})")
    if unreadable:
        what = (
            "not an e-mail address or domain"
            if how == "email_domain"
            else "no company name (a legal form or punctuation alone; N/A, [not provided], Individual …)"
        )
        parts.append(f"{unreadable:,} {what}")
    if blank:
        parts.append(f"{blank:,} blank")
    missed = f"{blank + free + unreadable:,} got none: {', '.join(parts)}" if parts else "every row got one"
    return (
        f"account_id: derived from {ACCOUNT_FROM[how]} in {label!r} — {fmt_count(got, 'row')} got an account "
        f"({fmt_count(accounts, 'distinct account')}); {missed}"
    )
