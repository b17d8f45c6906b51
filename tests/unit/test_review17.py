"""Review 17: a day-first column of two-digit years that may be written year first (YY/MM/DD) is refused with both
lines, row-numbered records are not appended to stored ones, and sales regions beside a country stay the region.
Counted by hand."""

from __future__ import annotations

from datetime import datetime

import pytest

from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import proposal_for, stage_file


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def created(con):
    return dict(con.execute("select lead_id, created_at from leads order by lead_id").fetchall())


# --- 1. two-digit years: day first or year first ---------------------------------------------------

YYMMDD = "lead_id,created_at,source\nA1,24/03/15,Webinar\nA2,24/04/02,Ads\nA3,23/11/28,Ads\nA4,24/01/09,Webinar\n"


def test_year_first_two_digit_dates_are_refused_with_both_lines(empty_con, tmp_path):
    # by hand: first parts 24 and 23 are above 12 (day first, or the year), no last part (15, 02, 28, 09) above 31
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "yymmdd.csv", YYMMDD)])
    said = str(refused.value)
    assert said.startswith("yymmdd.csv, column created_at: dates such as ")
    assert '[leads] date_format = ["%d/%m/%y"] (day first) or ["%y/%m/%d"] (year first)' in said
    assert empty_con.execute("select count(*) from leads").fetchone() == (0,)


def test_the_year_first_line_reads_them(empty_con, tmp_path):
    # by hand: 24/03/15 is 2024-03-15, 24/04/02 2024-04-02, 23/11/28 2023-11-28, 24/01/09 2024-01-09
    path = write(tmp_path, "yymmdd.csv", YYMMDD)
    toml = write(tmp_path, "m.toml", '[leads]\ndate_format = ["%y/%m/%d"]\n')
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(toml)["leads"])
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (4, 4, 0)
    assert created(empty_con) == {
        "A1": datetime(2024, 3, 15),
        "A2": datetime(2024, 4, 2),
        "A3": datetime(2023, 11, 28),
        "A4": datetime(2024, 1, 9),
    }


def test_day_first_with_times_names_its_time_in_both_lines(empty_con, tmp_path):
    text = "lead_id,created_at\nA,15/03/24 09:15\nB,02/04/24 10:30\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "l.csv", text)])
    assert '["%d/%m/%y %H:%M"] (day first) or ["%y/%m/%d %H:%M"] (year first)' in str(refused.value)


def test_a_year_above_31_shows_day_first(empty_con, tmp_path):
    # by hand: 98 and 99 cannot be days, so they are years: 15 March 1998, 2 April 1999 (%y: 69-99 in the 1900s)
    text = "lead_id,created_at\nC1,15/03/98\nC2,02/04/99\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "old.csv", text)])
    assert (report.total_read, report.rows_loaded) == (2, 2)
    assert created(empty_con) == {"C1": datetime(1998, 3, 15), "C2": datetime(1999, 4, 2)}
    [(_, _, how)] = report.formats
    assert how.startswith("D/M/YY (2), day first")


def test_apple_numbers_month_first_still_reads(empty_con, tmp_path):
    # by hand: 3/14/24 shows month first (14 is no month); YY/MM/DD never has a middle part above 12
    text = 'lead_id,created_at\nN1,"3/14/24, 9:15 AM"\nN2,"3/1/24, 4:45 PM"\n'
    report = import_files(empty_con, "leads", [write(tmp_path, "numbers.csv", text)])
    assert (report.total_read, report.rows_loaded) == (2, 2)
    assert created(empty_con) == {"N1": datetime(2024, 3, 14, 9, 15), "N2": datetime(2024, 3, 1, 16, 45)}


def test_a_mixed_column_names_its_own_two_digit_year(empty_con, tmp_path):
    # by hand: 3/14/2024 shows month first; 3/1/23 is the one two-digit year, read as 2023
    text = "lead_id,created_at\nM1,3/14/2024\nM2,3/1/23\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "mixed.csv", text)])
    assert created(empty_con) == {"M1": datetime(2024, 3, 14), "M2": datetime(2023, 3, 1)}
    [(_, _, how)] = report.formats
    assert how.endswith("; 1 with a two-digit year (23 as 2023)")


# --- 2. records numbered by row are not appended -----------------------------------------------------

NOID_MAPPING = (
    "[deals.columns]\n"
    'created_at = "Created"\nstatus = "Status"\namount = "Amount"\nclosed_at = "Closed"\ndeal_id = "@row"\n'
    '[deals.values.status]\n"open" = "open"\n"won" = "won"\n"*" = "open"\n'
)
NOID = (
    "Lead Email,Created,Status,Closed,Amount\n"
    "ann@acme.com,2024-03-01,won,2024-03-20,1000\nbob@beta.com,2024-03-02,open,,2000\n"
)
NOID_V2 = (
    "Lead Email,Created,Status,Closed,Amount\ncat@cool.com,2024-04-01,open,,5000\n"
    "ann@acme.com,2024-03-01,won,2024-03-20,1000\nbob@beta.com,2024-03-02,won,2024-04-10,2000\n"
)


def deals(con):
    return con.execute("select deal_id, status, amount from deals order by deal_id").fetchall()


def test_row_numbered_deals_are_not_appended_to_stored_ones(empty_con, tmp_path):
    mapping = load_mapping(write(tmp_path, "noid.toml", NOID_MAPPING))["deals"]
    # an append to an empty table has nothing to confuse: 2 deals, 1000 + 2000
    import_files(empty_con, "deals", [write(tmp_path, "noid.csv", NOID)], mode="append", mapping=mapping)
    first = [("noid.csv:1", "won", 1000), ("noid.csv:2", "open", 2000)]
    assert deals(empty_con) == first
    # a later export under another name, then the same name with its rows moved: both refused, the 2 deals kept
    for path in (write(tmp_path, "noid_april.csv", NOID), write(tmp_path / "v2", "noid.csv", NOID_V2)):
        with pytest.raises(ImportRefused) as refused:
            import_files(empty_con, "deals", [path], mode="append", mapping=mapping)
        said = str(refused.value)
        assert said.startswith(f'{path.name}: its deals are numbered by row (deal_id = "@row"), so they have no id')
        assert "an append cannot tell the file's records from the 2 stored rows" in said
        assert "--mode replace (the Data page's replace), or map an id column of the file to deal_id" in said
        assert deals(empty_con) == first
    # replace: the new export's 3 deals, 5000 + 1000 + 2000
    import_files(empty_con, "deals", [tmp_path / "v2" / "noid.csv"], mode="replace", mapping=mapping)
    assert deals(empty_con) == [("noid.csv:1", "open", 5000), ("noid.csv:2", "won", 1000), ("noid.csv:3", "won", 2000)]


def test_row_numbered_leads_are_not_appended_either(empty_con, tmp_path):
    mapping = load_mapping(write(tmp_path, "l.toml", '[leads.columns]\nlead_id = "@row"\ncreated_at = "Created"\n'))
    path = write(tmp_path, "l.csv", "Created,Email\n2024-03-01,a@x.com\n2024-03-02,b@x.com\n2024-03-03,c@x.com\n")
    import_files(empty_con, "leads", [path], mapping=mapping["leads"])
    with pytest.raises(ImportRefused, match=r"l\.csv: its leads are numbered by row .* the 3 stored rows"):
        import_files(empty_con, "leads", [path], mode="append", mapping=mapping["leads"])
    assert empty_con.execute("select count(*) from leads").fetchone() == (3,)


# --- 3. a region beside a country: state codes, or sales regions ------------------------------------


def test_sales_regions_beside_countries_stay_the_region(tmp_path):
    # by hand: EU beside Germany and France, APJ beside Japan and Australia, NA beside US and CA: each region holds
    # several countries, so the codes do not nest in the countries
    text = (
        "Email,Created,Region,Country\n"
        "a@x.com,2024-03-01,NA,US\nb@x.com,2024-03-02,NA,CA\nc@x.com,2024-03-03,EU,DE\n"
        "d@x.com,2024-03-04,EU,FR\ne@x.com,2024-03-05,APJ,JP\nf@x.com,2024-03-06,APJ,AU\n"
    )
    p = proposal_for("leads", stage_file(write(tmp_path, "regions.csv", text)), {})
    assert p.mapping.columns["region"] == ("Region",)
    assert "state" not in p.reasons.get("columns.region", "")


def test_state_codes_beside_a_country_code_switch_to_it(tmp_path):
    # by hand: CA, NY and TX each beside US only, BC beside CA only; US holds three codes: states nest in countries
    text = (
        "Email Address,OPTIN_TIME,CC,REGION\n"
        "a@x.com,2024-03-01 09:00:00,US,CA\nb@x.com,2024-03-02 09:00:00,US,NY\n"
        "c@x.com,2024-03-03 09:00:00,US,TX\nd@x.com,2024-03-04 09:00:00,CA,BC\n"
    )
    p = proposal_for("leads", stage_file(write(tmp_path, "mailchimp.csv", text)), {})
    assert p.mapping.columns["region"] == ("CC",)
    assert "state or province codes" in p.reasons["columns.region"]
