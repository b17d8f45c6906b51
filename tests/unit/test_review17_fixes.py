"""The review of the ninth trial's fixes: what they broke or left silent, written small and counted by hand."""

from __future__ import annotations

import duckdb

from dashboard.cli import main


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def imported(tmp_path, capsys, path, *args: str) -> tuple[int, str, str]:
    """Import one deals file into tmp_path/x.duckdb: (exit code, what it printed, what it said on stderr)."""
    code = main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", "deals", *args, str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(tmp_path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_canonical_open_deal_with_a_close_date_is_imported_without_it(tmp_path, capsys):
    # a canonical file (no mapping) is read through a view: the expected close is dropped from the table beneath
    path = write(
        tmp_path,
        "deals.csv",
        "deal_id,created_at,status,closed_at,amount\nD1,2024-03-01,won,2024-03-20,100\nD2,2024-03-02,open,2024-04-30,200\n",
    )
    code, out, err = imported(tmp_path, capsys, path)
    assert code == 0, err
    assert "1 open deal had a close date" in out
    assert stored(tmp_path, "select deal_id, status, closed_at::date::varchar from deals order by 1") == [
        ("D1", "won", "2024-03-20"),
        ("D2", "open", None),
    ]


def test_an_expected_close_that_is_not_stored_is_not_checked_either(tmp_path, capsys):
    # by hand: S1 won 100; S2, S3, S4 open 200 + 300 + 400 = 900, none skipped (TBD is no date, 1999 is before its
    # creation, but neither is stored) and no stage-order warning
    path = write(
        tmp_path,
        "exp.csv",
        "Id,Created,Stage,Expected Close,Value\nS1,2024-03-01,Won,2024-03-20,100\n"
        "S2,2024-03-02,Proposal,2031-12-31,200\nS3,2024-03-03,Proposal,TBD,300\nS4,2024-03-04,Proposal,1999-01-01,400\n",
    )
    mapping = write(
        tmp_path,
        "exp.toml",
        '[deals.columns]\ndeal_id = "Id"\ncreated_at = "Created"\nstatus = "Stage"\nclosed_at = "Expected Close"\n'
        'amount = "Value"\n[deals.values.status]\n"won" = "won"\n"proposal" = "open"\n',
    )
    code, out, err = imported(tmp_path, capsys, path, "--mapping", str(mapping))
    assert code == 0, err
    assert "3 open deals had a close date in 'Expected Close'" in out
    assert "deals: rows read 4 = imported 4 + skipped 0" in out
    assert "out of order" not in out
    assert stored(tmp_path, "select status, count(*), sum(amount)::int from deals group by 1 order by 1") == [
        ("open", 3, 900),
        ("won", 1, 100),
    ]
    assert stored(tmp_path, "select count(*) from deals where status = 'open' and closed_at is not null") == [(0,)]


# Mailchimp without CONFIRM_TIME: OPTIN_TIME blank on rows 2 and 3, whose CONFIRM_IP is an address (no date) and whose
# LAST_CHANGED is a date that does not say when the contact came
MAILCHIMP = (
    "Email Address,OPTIN_TIME,CONFIRM_IP,LAST_CHANGED\n"
    "ann@x.com,2024-03-01 09:15:22,10.0.0.12,2024-03-20 10:00:00\n"
    "bo@x.com,,10.0.0.13,2024-03-21 10:00:00\n"
    "cy@x.com,,10.1.1.14,2024-03-22 10:00:00\n"
)


def test_a_blank_created_date_never_proposes_an_address_or_a_change_date(tmp_path, capsys):
    path = write(tmp_path, "members.csv", MAILCHIMP)
    mapping = write(tmp_path, "mc.toml", '[leads.columns]\nlead_id = "Email Address"\ncreated_at = "OPTIN_TIME"\n')
    code = main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", "--mapping", str(mapping), str(path)])
    out = capsys.readouterr().out
    assert code == 0
    blank = [line for line in out.splitlines() if "is blank on 2 rows" in line]
    assert len(blank) == 1
    # LAST_CHANGED named (2 rows), CONFIRM_IP not (an address), and no line to paste
    assert "'LAST_CHANGED' (2 rows)" in blank[0]
    assert "CONFIRM_IP" not in blank[0]
    assert "none of them says when a record came" in blank[0]
    assert "write created_at" not in blank[0]
    assert stored(tmp_path, "select lead_id from leads") == [("ann@x.com",)]


def test_amounts_with_close_s_names_and_a_fraction_of_a_cent_are_refused_not_divided(tmp_path, capsys):
    # Close's column names, but 12500.50 cannot be cents: nothing is stored until the mapping says which it is
    header = "id,status_type,value,value_period,value_currency,expected_value,date_created,date_won\n"
    path = write(
        tmp_path,
        "deals.csv",
        header + "d1,won,12500.50,one_time,USD,12500.50,2024-03-01,2024-03-20\n"
        "d2,active,8000,one_time,USD,4000,2024-03-05,\n",
    )
    columns = (
        '[deals.columns]\ndeal_id = "id"\ncreated_at = "date_created"\nstatus = "status_type"\nclosed_at = "date_won"\n'
        'amount = "value"\n[deals.values.status]\n"active" = "open"\n"won" = "won"\n'
    )
    mapping = write(tmp_path, "m.toml", columns)
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(mapping))
    assert code != 0
    assert "12500.5 has a fraction of a cent" in err and "amount_in_cents = false" in err
    # stated as units: 12,500.50 won and 8,000 open, as written
    mapping.write_text(columns.replace("[deals.columns]", "[deals]\namount_in_cents = false\n[deals.columns]"))
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(mapping))
    assert code == 0, err
    assert stored(tmp_path, "select deal_id, amount from deals order by 1") == [
        ("d1", 12500.5),
        ("d2", 8000.0),
    ]


def test_an_amount_named_base_without_the_amount_it_converts_is_checked_for_currencies(tmp_path, capsys):
    # price_base is no company-currency twin here (no "price" beside it): euros, dollars and pounds are refused, not
    # added up to 6,000
    path = write(
        tmp_path,
        "base.csv",
        "id,created,status,closed,price_base,currency\nD1,2024-03-01,won,2024-03-20,1000,EUR\n"
        "D2,2024-03-02,won,2024-03-22,2000,USD\nD3,2024-03-03,won,2024-03-23,3000,GBP\n",
    )
    columns = (
        '[deals.columns]\ndeal_id = "id"\ncreated_at = "created"\nstatus = "status"\nclosed_at = "closed"\n'
        'amount = "price_base"\n'
    )
    mapping = write(tmp_path, "m.toml", columns)
    code, _, err = imported(tmp_path, capsys, path, "--mapping", str(mapping))
    assert code != 0
    assert "several currencies (column 'currency': EUR 1 row, GBP 1 row, USD 1 row)" in err
    assert not (tmp_path / "x.duckdb").exists() or stored(tmp_path, "select count(*) from deals") == [(0,)]


def test_an_appended_lead_created_later_than_the_stored_one_is_said(tmp_path, capsys):
    # L1 stored as created 5 March (Webinar); the appended file has L1 created 20 April (Ads): the row replaces it, as
    # an append does, and the report says the lead moved to a later month
    db = str(tmp_path / "x.duckdb")
    first = write(tmp_path, "march.csv", "lead_id,created_at,source\nL1,2024-03-05,Webinar\nL2,2024-03-02,Ads\n")
    later = write(tmp_path, "april.csv", "lead_id,created_at,source\nL1,2024-04-20,Ads\nL3,2024-04-02,Ads\n")
    assert main(["import", "--db", db, "--kind", "leads", str(first)]) == 0
    capsys.readouterr()
    assert main(["import", "--db", db, "--kind", "leads", "--mode", "append", str(later)]) == 0
    out = capsys.readouterr().out
    assert "1 stored lead (L1) is replaced by a row created later" in out
    assert stored(tmp_path, "select lead_id, created_at::date::varchar from leads order by 1") == [
        ("L1", "2024-04-20"),
        ("L2", "2024-03-02"),
        ("L3", "2024-04-02"),
    ]
    # the same file again (nothing created later than stored): no such line
    assert main(["import", "--db", db, "--kind", "leads", "--mode", "append", str(later)]) == 0
    assert "created later" not in capsys.readouterr().out


def test_a_day_no_calendar_has_is_said_to_be_no_date(tmp_path, capsys):
    # 2025-02-30 is written as YYYY-MM-DD already: the advice says why it is refused, not only to write it so
    path = write(tmp_path, "leads.csv", "lead_id,created_at\nL1,2025-02-28\nL2,2025-02-30\n")
    code = main(["import", "--db", str(tmp_path / "x.duckdb"), "--kind", "leads", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "1 row skipped: unparseable date" in out
    assert "a day no calendar has (30 February) is no date" in out
    assert stored(tmp_path, "select lead_id from leads") == [("L1",)]
