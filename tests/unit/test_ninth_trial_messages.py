"""The ninth trial's messages, finished: a refused date column gets the date_format line that reads it, the report
names a date's real spelling, a missing required column lists the file's columns that could fill it, row-numbered
ids are said, and a form's "how did you hear about us" is offered as a source, never taken as one. Counted by hand."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest

from dashboard.cli import main
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import header_comment, proposal_for, stage_file


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def created(con):
    return dict(con.execute("select lead_id, created_at from leads order by lead_id").fetchall())


# --- 1. an unreadable date column: the line that reads it ----------------------------------------


@pytest.mark.parametrize(
    ("values", "line"),
    [
        # day first (13 shows it) with milliseconds: %d/%m/%Y reads 13/03, %m/%d/%Y does not, so one line
        (("01/03/2024 09:15:00.000", "13/03/2024 22:05:00.000"), '[leads] date_format = ["%d/%m/%Y %H:%M:%S.%g"]'),
        # a weekday first, and a time written 09h15: neither read by detection
        (("Fri 01 Mar 2024 09:15", "Sat 02 Mar 2024 17:40"), '[leads] date_format = ["%a %d %b %Y %H:%M"]'),
        (("2024-03-01 09h15", "2024-03-02 17h40"), '[leads] date_format = ["%Y-%m-%d %Hh%M"]'),
    ],
)
def test_an_unreadable_date_column_gets_the_line_that_reads_it(empty_con, tmp_path, values, line):
    # by hand: every row's date unread, so none of the 2 rows is imported; the format reads both values
    text = "lead_id,created_at\n" + "".join(f"L{i},{v}\n" for i, v in enumerate(values, 1))
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "l.csv", text)])
    message = str(refused.value)
    assert message.startswith("none of the 2 rows can be imported; the first problem: l.csv, row 1, column created_at")
    assert message.endswith(f"state the format that reads every value of the column: {line}")
    # the line, written in a mapping, reads them: 13/03/2024 22:05 is 13 March
    toml = write(tmp_path, "m.toml", line.replace("[leads] ", "[leads]\n") + "\n")
    report = import_files(empty_con, "leads", [tmp_path / "l.csv"], mapping=load_mapping(toml)["leads"])
    assert (report.total_read, report.rows_loaded, report.rows_skipped) == (2, 2, 0)
    if values[0].startswith("01/03"):
        assert created(empty_con) == {"L1": datetime(2024, 3, 1, 9, 15), "L2": datetime(2024, 3, 13, 22, 5)}


def test_a_wrong_date_format_gets_both_orders_when_either_reads(empty_con, tmp_path):
    # by hand: the mapping states %d/%m/%Y, the file writes 01.03.2024 09:15 and 02.03.2024 10:30; no day above 12,
    # so day first and month first both read every value: both lines, the user chooses
    path = write(tmp_path, "dots.csv", "lead_id,created_at\nL1,01.03.2024 09:15\nL2,02.03.2024 10:30\n")
    toml = write(tmp_path, "m.toml", '[leads]\ndate_format = ["%d/%m/%Y"]\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=load_mapping(toml)["leads"])
    assert str(refused.value).endswith(
        'state the format: [leads] date_format = ["%d.%m.%Y %H:%M"] (day first) or ["%m.%d.%Y %H:%M"] '
        "(month first), as the file means"
    )


def test_a_wrong_date_format_gets_the_line_of_the_file_values(empty_con, tmp_path):
    # by hand: the mapping's %d/%m/%Y reads none of '15 Apr, 2021 00:03' and '16 Apr, 2021 13:30' (a month's name,
    # no day-month order to choose): one line, %d %b, %Y %H:%M, which reads 15 April 00:03 and 16 April 13:30
    path = write(tmp_path, "ap.csv", 'lead_id,created_at\nL1,"15 Apr, 2021 00:03"\nL2,"16 Apr, 2021 13:30"\n')
    wrong = write(tmp_path, "wrong.toml", '[leads]\ndate_format = ["%d/%m/%Y"]\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=load_mapping(wrong)["leads"])
    line = '[leads] date_format = ["%d %b, %Y %H:%M"]'
    assert str(refused.value).endswith(f"state the format that reads every value of the column: {line}")
    right = write(tmp_path, "right.toml", line.replace("[leads] ", "[leads]\n") + "\n")
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(right)["leads"])
    assert (report.rows_loaded, report.rows_skipped) == (2, 0)
    assert created(empty_con) == {"L1": datetime(2021, 4, 15, 0, 3), "L2": datetime(2021, 4, 16, 13, 30)}


def test_dates_no_format_reads_are_named_with_their_rows(empty_con, tmp_path):
    # by hand: rows 2 and 4 read with %Y-%m-%d %Hh%M; rows 1 (1st March), 3 (soon) and 5 (later) with none, the
    # first three named; --strict refuses on the first bad row
    text = "lead_id,created_at\nL1,1st March\nL2,2024-03-02 09h15\nL3,soon\nL4,2024-03-04 10h00\nL5,later\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "odd.csv", text)])
    message = str(refused.value)
    assert "none of the 5 rows can be imported" in message
    assert message.endswith(
        "no one format reads values such as '1st March' (row 1), 'soon' (row 3), 'later' (row 5); state date_format "
        "as the strptime format they are written in, or a list of formats for a column written several ways "
        '([leads] date_format = ["%d/%m/%Y", "%d/%m/%Y %H:%M"])'
    )


def test_strict_import_of_one_bad_date_gets_the_line_too(empty_con, tmp_path):
    # by hand: 2 of 3 rows read by detection (13.03 shows day first), row 3 '14.03.2024 9h' not, so the strict
    # import refuses on it; %d.%m.%Y %H:%M reads the other two, no suggested format an hour without minutes, so
    # row 3's value is named
    text = "lead_id,created_at\nL1,01.03.2024 09:15\nL2,13.03.2024 10:15\nL3,14.03.2024 9h\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "s.csv", text)], on_bad_rows="refuse")
    message = str(refused.value)
    assert message.startswith("1 rows have problems; the first: s.csv, row 3, column created_at: unparseable date")
    assert "'14.03.2024 9h' (row 3)" in message


def test_a_canonical_file_with_some_dates_read_asks_for_both_spellings(empty_con, tmp_path):
    # by hand: rows 1 and 2 read by detection (D.M.YYYY, 13.03 shows day first), row 3 '2024-03-14 09h15' not; a file
    # without a mapping has its read dates rewritten, so only row 3's spelling is found, and the line must list both
    text = "lead_id,created_at\nL1,01.03.2024 09:15\nL2,13.03.2024 10:15\nL3,2024-03-14 09h15\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "p.csv", text)], on_bad_rows="refuse")
    assert str(refused.value).endswith(
        'the dates left unread are written ["%Y-%m-%d %Hh%M"]; state date_format as a list of it and the formats '
        "of the column's other dates (the report's 'read as' line of the column names their spelling)"
    )
    # through a mapping the file's own values are seen: one line reads all three (1 and 13 March, 14 March 09:15)
    toml = write(tmp_path, "m.toml", '[leads.columns]\nlead_id = "lead_id"\ncreated_at = "created_at"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(
            empty_con, "leads", [tmp_path / "p.csv"], mapping=load_mapping(toml)["leads"], on_bad_rows="refuse"
        )
    line = '[leads] date_format = ["%d.%m.%Y %H:%M", "%Y-%m-%d %Hh%M"]'
    assert str(refused.value).endswith(f"state the format that reads every value of the column: {line}")
    toml.write_text(
        toml.read_text().replace("[leads.columns]", line.replace("[leads] ", "[leads]\n") + "\n[leads.columns]")
    )
    report = import_files(empty_con, "leads", [tmp_path / "p.csv"], mapping=load_mapping(toml)["leads"])
    assert (report.rows_loaded, report.rows_skipped) == (3, 0)
    assert created(empty_con) == {
        "L1": datetime(2024, 3, 1, 9, 15),
        "L2": datetime(2024, 3, 13, 10, 15),
        "L3": datetime(2024, 3, 14, 9, 15),
    }


# --- 2. the report names the spelling a date column used ------------------------------------------


def test_apple_numbers_dates_are_named_as_written(empty_con, tmp_path):
    # by hand: 3 dates M/D/YY with ", h:mm AM/PM" (3/13/24 shows month first); MQL: 2 dates M/D/YY, no time
    text = (
        'lead_id,created_at,mql_at\nL1,"3/1/24, 9:15 AM",3/2/24\nL2,"3/13/24, 4:45 PM",3/15/24\nL3,"3/4/24, 2:05 PM",\n'
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "numbers.csv", text)])
    assert (report.total_read, report.rows_loaded) == (3, 3)
    assert created(empty_con) == {
        "L1": datetime(2024, 3, 1, 9, 15),
        "L2": datetime(2024, 3, 13, 16, 45),
        "L3": datetime(2024, 3, 4, 14, 5),
    }
    how = dict((column, how) for _, column, how in report.formats)
    # and, since trial 50, the zone its 3 times without one were taken in
    assert how["created_at"].startswith(
        "M/D/YY, h:mm AM/PM (3), as Apple Numbers writes it, month first (shown by 3/13/24, 4:45 PM); "
        "times without a zone (3, such as '3/1/24, 9:15 AM'), taken as UTC local time"
    )
    assert how["mql_at"].startswith("M/D/YY (2), month first (shown by 3/15/24)")
    text_out = report.summary()
    assert "Salesforce Lightning" not in text_out and "M/D/YYYY" not in text_out


def test_a_mixed_column_names_no_tool(empty_con, tmp_path):
    # by hand: 3 numeric dates, 2 with a comma (one of four digits, one of two), 1 with a two-digit year: a mixed
    # column may be anyone's, so no program is named
    text = 'lead_id,created_at\nL1,"3/5/2024, 2:22 PM"\nL2,3/14/2024\nL3,"3/1/24, 9:15 AM"\n'
    report = import_files(empty_con, "leads", [write(tmp_path, "mixed.csv", text)])
    [(_, _, how)] = report.formats
    assert how.startswith("M/D/YYYY (3), month first (shown by 3/14/2024); 2 with a comma before the time (such as ")
    # 2 of the 3 have a time, without a zone (trial 50)
    assert "; 1 with a two-digit year (24 as 2024); times without a zone (2, such as '3/1/24, 9:15 AM')" in how
    assert "Lightning" not in how and "Numbers" not in how


# --- 3. a required column nothing fills: the file's columns that could ---------------------------


def test_a_missing_created_date_lists_the_date_columns(empty_con, tmp_path):
    # Brevo's contacts, as the trial's proposal mapped them (no created_at): ADDED_TIME and MODIFIED_TIME hold dates
    # (ADDED first: its name says when a contact came); CONTACT ID is a number, SOURCE words
    text = (
        "CONTACT ID;EMAIL;SOURCE;ADDED_TIME;MODIFIED_TIME\n"
        "11;ann@brightwater.com;Formulaire site;01-03-2024 09:15:22;20-03-2024 10:00:00\n"
        "12;bo@northwind.com;Import;02-03-2024 11:40:00;20-03-2024 10:00:00\n"
    )
    path = write(tmp_path, "brevo_contacts.csv", text)
    toml = write(tmp_path, "m.toml", '[leads.columns]\nlead_id = "CONTACT ID"\nsource = "SOURCE"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=load_mapping(toml)["leads"])
    assert str(refused.value) == (
        # MODIFIED_TIME, a last change, is no creation date and not listed (a twentieth trial: ZoomInfo's "Last
        # Updated Date" was offered as one)
        "brevo_contacts.csv: required column created_at is missing; the file's columns whose values read as dates: "
        "'ADDED_TIME' (such as '01-03-2024 09:15:22'); choose one "
        'in the mapping, such as [leads.columns] created_at = "ADDED_TIME"'
    )
    assert empty_con.execute("select count(*) from leads").fetchone() == (0,)


def test_a_missing_deal_id_and_status_list_their_candidates(empty_con, tmp_path):
    # by hand: Deal is one per row (D-01, D-02, D-03); Amount is too, but amounts are no ids; Lead repeats L-04
    text = (
        'Deal,Lead,Created,Amount,Stage\nD-01,L-02,3/10/2024,"$12,000.00",Won\nD-02,L-04,3/12/2024,"$8,500.00",Lost\n'
    )
    text += 'D-03,L-04,3/20/2024,"$3,000.00",Won\n'
    path = write(tmp_path, "deals.csv", text)
    toml = write(tmp_path, "m.toml", '[deals.columns]\ncreated_at = "Created"\namount = "Amount"\nstatus = "Stage"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path], mapping=load_mapping(toml)["deals"])
    assert str(refused.value) == (
        "deals.csv: required column deal_id is missing; the file's columns whose values are one per row: 'Deal' "
        "(such as 'D-01'); choose one in the mapping, such as [deals.columns] deal_id = \"Deal\""
    )
    # a status nothing fills: Stage has 2 labels over 3 rows (Lost, Won), which say won and lost, so it comes first
    # and is the line written; Lead's 2 values over 3 rows (L-02, L-04) are labels that repeat too, listed after
    toml = write(tmp_path, "m2.toml", '[deals.columns]\ndeal_id = "Deal"\ncreated_at = "Created"\namount = "Amount"\n')
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path], mapping=load_mapping(toml)["deals"])
    assert str(refused.value) == (
        "deals.csv: required column status is missing; the file's columns whose values are a few labels, repeated: "
        "'Stage' (values 'Lost', 'Won'), 'Lead' (values 'L-02', 'L-04'); choose one in the mapping, such as "
        '[deals.columns] status = "Stage"'
    )


def test_map_names_the_columns_that_could_fill_what_it_leaves_empty(tmp_path, capsys):
    # by hand: no header says created; 'When (UTC)' holds dates (2 rows), Email and Company do not
    text = "Email,When (UTC),Company\na@x.com,2024-03-01 10:00,Acme\nb@x.com,2024-03-02 11:00,Beta\n"
    path = write(tmp_path, "sub.csv", text)
    assert main(["map", "--kind", "leads", "--out", str(tmp_path / "sub.toml"), str(path)]) == 0
    err = capsys.readouterr().err
    assert "warning: nothing in sub.csv fills created_at: edit the mapping" in err
    assert (
        "warning: sub.csv, created_at: the file's columns whose values read as dates: 'When (UTC)' (such as "
        "'2024-03-01 10:00'); choose one in the mapping, such as [leads.columns] created_at = \"When (UTC)\""
    ) in err.splitlines()


def test_a_canonical_file_without_dates_says_so(empty_con, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "c.csv", "lead_id,source\nL1,web\n")])
    assert str(refused.value) == (
        "c.csv: required column created_at is missing; no column of the file has values that read as dates"
    )


# --- 4. ids numbered by row are said in the report ------------------------------------------------


def test_row_numbered_deals_and_leads_are_said(tmp_path, capsys):
    # by hand: 2 deals, 2 leads, each numbered by row; the same file appended is refused (review 17: row ids cannot
    # tell a later export's records from the stored ones), so the table still holds 2 deals
    deals = write(tmp_path, "d.csv", "created_at,amount,status\n2024-03-01,100,won\n2024-03-02,200,open\n")
    leads = write(tmp_path, "l.csv", "created_at,source\n2024-03-01,web\n2024-03-02,ads\n")
    dmap = write(tmp_path, "d.toml", '[deals.columns]\ndeal_id = "@row"\ncreated_at = "created_at"\n')
    dmap.write_text(dmap.read_text() + 'amount = "amount"\nstatus = "status"\n')
    lmap = write(
        tmp_path, "l.toml", '[leads.columns]\nlead_id = "@row"\ncreated_at = "created_at"\nsource = "source"\n'
    )
    db = str(tmp_path / "r.duckdb")
    said = (
        '{kind} are numbered by row ({id} = "@row": the file name and row number), so an append to stored {kind} is '
        "refused: a later export would add its {kind} again as new ones (another file name), or put another record "
        "in a stored one's place (rows in another order); import each full export with --mode replace, or map an id "
        "column"
    )
    assert main(["import", "--db", db, "--kind", "deals", "--mapping", str(dmap), str(deals)]) == 0
    out = capsys.readouterr().out
    assert f"d.csv: {said.format(kind='deals', id='deal_id')}" in out.splitlines()
    assert main(["import", "--db", db, "--kind", "leads", "--mapping", str(lmap), str(leads)]) == 0
    out = capsys.readouterr().out
    assert f"l.csv: {said.format(kind='leads', id='lead_id')}" in out.splitlines()
    args = ["import", "--db", db, "--kind", "deals", "--mode", "append", "--mapping", str(dmap), str(deals)]
    assert main(args) == 1
    assert "d.csv: its deals are numbered by row" in capsys.readouterr().err
    assert main(["metrics", "--db", db, "--format", "json"]) == 0
    funnel = {s["stage"]: s["count"] for s in json.loads(capsys.readouterr().out)["funnel"]}
    assert funnel["lead"] == 2


# --- 5. HubSpot's form submissions: the form is the campaign; the self-report is offered, not taken ---------


HS_FORMS = (
    "Conversion Date,Email,Company name,How did you hear about us?,Form Name\n"
    "2024-04-02 10:05,ann@brightwater.com,Brightwater,Google,Demo request\n"
    "2024-03-28 16:20,gus@adatum.com,Adatum,LinkedIn,Ebook download\n"
    "2024-03-20 09:00,bo@northwind.com,Northwind,LinkedIn,Ebook download\n"
)


def test_form_name_is_the_campaign_and_the_self_report_is_offered(tmp_path, capsys):
    path = write(tmp_path, "hubspot_form_submissions.csv", HS_FORMS)
    p = proposal_for("leads", stage_file(path), {})
    assert p.mapping.columns["campaign"] == ("Form Name",)
    assert "source" not in p.mapping.columns
    warning = (
        "no source column; 'How did you hear about us?' is what each person answered (self-reported, free text), not "
        'the channel that brought them, so it is not read as the source: to count leads by it, write source = "How did '
        'you hear about us?" under [leads.columns]'
    )
    assert p.warnings == (warning,)
    assert f"# WARNING: {warning}\n" in header_comment(p, path.name)
    out = tmp_path / "hs.toml"
    assert main(["map", "--kind", "leads", "--out", str(out), str(path)]) == 0
    assert f"warning: hubspot_form_submissions.csv: {warning}" in capsys.readouterr().err
    # by hand: 3 leads, campaigns Demo request 1 and Ebook download 2; no source read: 'unknown' for all 3
    db = str(tmp_path / "hs.duckdb")
    assert main(["import", "--db", db, "--kind", "leads", "--mapping", str(out), str(path)]) == 0
    capsys.readouterr()
    con = duckdb.connect(db, read_only=True)
    rows = con.execute("select campaign, count(*), list(distinct source) from leads group by 1 order by 1").fetchall()
    con.close()
    assert rows == [("Demo request", 1, ["unknown"]), ("Ebook download", 2, ["unknown"])]


def test_a_file_with_a_source_gets_no_self_report_warning(tmp_path):
    text = "Created,Email,Source,How did you hear about us?\n2024-03-01,a@x.com,Paid Search,Google\n"
    p = proposal_for("leads", stage_file(write(tmp_path, "f.csv", text)), {})
    assert p.mapping.columns["source"] == ("Source",)
    assert p.warnings == ()
