"""Trial 35 (Pardot, ActiveCampaign, Mailchimp): leads qualified by a score or a tag list. A [leads.reached] rule
reads them; a proposal names only the file's columns; the warnings name the score and tag columns; a tag list mapped
as the stage says how many people it leaves out; the planner says how many MQLs have no date; the value counts
count the rows imported. Small files written here, counted by hand."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from fixture_data import load

from dashboard import overview, store
from dashboard.filters import Filters
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping, preset_mapping
from dashboard.importers.propose import proposal_for, stage_file
from dashboard.importers.toml_writer import to_toml

# a Pardot prospects export: Score and Grade qualify, no stage column and no Converted
PARDOT = (
    "Id,Email,Score,Grade,Source,Created Date\n"
    "1001,ann@acme.com,145,B+,Website,2026-10-02 09:14:22\n"
    "1002,bob@globex.com,35,C,Google AdWords,2026-10-05 11:02:40\n"
    "1003,cara@initech.com,100,A-,Website,2026-10-09 15:45:00\n"
    "1004,dan@umbrella.com,99,B,LinkedIn,2026-10-11 08:00:01\n"
    "1005,finn@stark.com,,,Google AdWords,2026-11-01 10:10:10\n"
)
# ActiveCampaign: a tag list, comma and space between tags
ACTIVE = (
    '"Email","Tags","Date Created","Source"\n'
    '"ann@acme.com","MQL, Webinar","2026-10-02 09:20:00","Webinar"\n'
    '"ivan@cyberdyne.com","mql","2026-10-07 14:00:00","Facebook Ads"\n'
    '"jo@soylent.com","Webinar, Newsletter","2026-11-04 08:15:00","Webinar"\n'
    '"kim@tyrell.com","Newsletter","2026-11-10 16:45:00","Organic"\n'
    '"lou@initech.com","Customer, MQL ,  SQL","2026-10-12 11:11:00","Facebook Ads"\n'
    '"mo@mql-corp.com","MQLs","2026-10-13 11:11:00","Organic"\n'
)
# Mailchimp: each tag quoted inside the quoted cell
MAILCHIMP = (
    "Email Address,SOURCE,MEMBER_RATING,OPTIN_TIME,TAGS\n"
    'ann@acme.com,Website,4,2026-10-02 09:30:00,"""MQL"",""Webinar"""\n'
    'max@oscorp.com,Facebook,2,2026-10-20 12:00:00,"""Newsletter"""\n'
    'nia@massive.com,Website,5,2026-11-02 07:45:00,"""Trial Requested"",""mql"""\n'
    "omar@vandelay.com,Referral,3,2026-11-15 18:20:00,\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mapping_file(tmp_path: Path, text: str):
    return load_mapping(write(tmp_path, "map.toml", text))["leads"]


def stages(con) -> dict[str, str | None]:
    return dict(con.execute("select lead_id, lifecycle_stage from leads order by lead_id").fetchall())


def funnel_counts(con) -> tuple[int, int, int]:
    row = con.execute("select count(*), count(*) filter (where is_mql), count(*) filter (where is_sql) from leads")
    return row.fetchone()


# 1. the proposal names only the file's columns, and the stage warning is not hidden


def test_the_pardot_proposal_names_no_converted_column_it_lacks_and_the_import_warns_of_no_stage(empty_con, tmp_path):
    path = write(tmp_path, "pardot.csv", PARDOT)
    p = proposal_for("leads", stage_file(path), {})
    # the file has neither Converted nor IsConverted: no [leads.reached] line
    assert dict(p.mapping.reached) == {}
    toml = to_toml({"leads": p.mapping}, {"leads": p.reasons})
    assert "Converted" not in toml
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(write(tmp_path, "p.toml", toml))["leads"])
    said = [a for a in report.alerts if "no column gives the leads' stages" in a]
    assert len(said) == 1
    # the warning names the score and grade columns and the rule to write
    assert "this file has 'Score', 'Grade', not read" in said[0]
    assert 'mql = { column = "Score", at_least = 100 }' in said[0]


def test_a_reached_line_whose_columns_the_file_lacks_does_not_hide_the_stage_warning(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\nsource = "Source"\n\n'
        '[leads.reached]\nsql = ["Converted", "IsConverted"]\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "pardot.csv", PARDOT)], mapping=m)
    assert any("no column gives the leads' stages" in a for a in report.alerts)
    # 5 prospects, none an MQL or SQL
    assert funnel_counts(empty_con) == (5, 0, 0)


def test_the_stage_warning_names_mailchimps_tags_and_rating(empty_con, tmp_path):
    m = mapping_file(
        tmp_path, '[leads.columns]\nlead_id = "Email Address"\ncreated_at = "OPTIN_TIME"\nsource = "SOURCE"\n'
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "mc.csv", MAILCHIMP)], mapping=m)
    said = next(a for a in report.alerts if "no column gives the leads' stages" in a)
    assert "this file has 'MEMBER_RATING', 'TAGS', not read" in said
    assert 'mql = { column = "TAGS", contains = "MQL" }' in said
    # a star rating is no threshold to propose
    assert 'column = "MEMBER_RATING"' not in said


# 2. the rule form: a score threshold, a tag a list holds


def test_a_score_threshold_makes_mqls_and_says_how_many(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\nsource = "Source"\n\n'
        '[leads.reached]\nmql = { column = "Score", at_least = 100 }\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "pardot.csv", PARDOT)], mapping=m)
    # Score >= 100: ann 145, cara 100 (dan 99, bob 35 and finn's blank are not): 2 MQLs of 5 leads
    assert funnel_counts(empty_con) == (5, 2, 0)
    assert stages(empty_con)["ann@acme.com"] == "mql"
    assert stages(empty_con)["dan@umbrella.com"] is None
    assert "pardot.csv: mql: 2 leads with Score ≥ 100" in "\n".join(report.notes)
    # no MQL date: said, not hidden
    assert any("2 of 2 MQLs have no date" in a for a in report.alerts)
    assert not any("no column gives the leads' stages" in a for a in report.alerts)


def test_a_tag_rule_matches_whole_tags_whatever_their_case_and_spaces(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Date Created"\nsource = "Source"\n\n'
        '[leads.reached]\nmql = { column = "Tags", contains = "MQL" }\nsql = { column = "Tags", contains = "sql" }\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "ac.csv", ACTIVE)], mapping=m)
    # MQL tag: ann ("MQL, Webinar"), ivan ("mql"), lou ("Customer, MQL ,  SQL") = 3; mo's "MQLs" is another tag;
    # SQL: lou = 1, an SQL counts as an MQL too: 6 leads, 3 MQLs, 1 SQL
    assert funnel_counts(empty_con) == (6, 3, 1)
    assert stages(empty_con)["lou@initech.com"] == "sql"
    assert stages(empty_con)["mo@mql-corp.com"] is None
    notes = "\n".join(report.notes)
    assert "ac.csv: mql: 3 leads with Tags holding 'MQL'" in notes
    assert "ac.csv: sql: 1 lead with Tags holding 'sql'" in notes


def test_mailchimps_quoted_tags_are_read_one_by_one(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email Address"\ncreated_at = "OPTIN_TIME"\nsource = "SOURCE"\n\n'
        '[leads.reached]\nmql = { column = "TAGS", contains = "MQL" }\n',
    )
    import_files(empty_con, "leads", [write(tmp_path, "mc.csv", MAILCHIMP)], mapping=m)
    # ann '"MQL","Webinar"' and nia '"Trial Requested","mql"': 2 MQLs of 4 (omar has no tags)
    assert funnel_counts(empty_con) == (4, 2, 0)


def test_a_score_that_is_no_number_is_reported_by_row_never_read_as_zero(empty_con, tmp_path):
    text = "Email,Score,Created Date\na@x.com,120,2026-10-01\nb@x.com,high,2026-10-02\nc@x.com,,2026-10-03\n"
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\n\n'
        '[leads.reached]\nmql = { column = "Score", at_least = 100 }\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "scores.csv", text)], mapping=m)
    # 3 leads kept; 1 MQL (a); b's 'high' named with its row (data row 2) and column; c's blank is unscored
    assert funnel_counts(empty_con) == (3, 1, 0)
    summary = report.summary()
    assert "scores.csv, row 2, column Score: score not a number ('high -> not mql')" in summary
    assert "row 3, column Score" not in summary


def test_a_rule_on_a_column_the_file_lacks_is_refused(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\n\n'
        '[leads.reached]\nmql = { column = "Lead Score", at_least = 100 }\n',
    )
    with pytest.raises(ImportRefused, match="column 'Lead Score' of the rule"):
        import_files(empty_con, "leads", [write(tmp_path, "pardot.csv", PARDOT)], mapping=m)


def test_a_rule_with_both_or_neither_test_is_refused(tmp_path):
    with pytest.raises(ImportRefused, match="either at_least or contains"):
        mapping_file(tmp_path, '[leads.reached]\nmql = { column = "Score", at_least = 1, contains = "x" }\n')
    with pytest.raises(ImportRefused, match="at_least is a number"):
        mapping_file(tmp_path, '[leads.reached]\nmql = { column = "Score", at_least = "100" }\n')


def test_a_score_column_read_as_yes_or_no_is_refused_with_the_rule_to_write(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\n\n[leads.reached]\nmql = ["Score"]\n',
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "pardot.csv", PARDOT)], mapping=m)
    assert 'mql = { column = "Score", at_least = 100 }' in str(refused.value)
    assert "in English" not in str(refused.value)
    tags = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Date Created"\n\n[leads.reached]\nmql = ["Tags"]\n',
    )
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "ac.csv", ACTIVE)], mapping=tags)
    assert 'mql = { column = "Tags", contains = "MQL" }' in str(refused.value)


# 3. a tag list mapped as the stage says how many people it leaves out


def test_a_tag_list_mapped_as_the_stage_says_how_many_people_are_left_out(empty_con, tmp_path):
    m = mapping_file(
        tmp_path,
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Date Created"\nsource = "Source"\n'
        'lifecycle_stage = "Tags"\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "ac.csv", ACTIVE)], mapping=m)
    # only ivan's "mql" is a stage: 5 of 6 skipped
    assert funnel_counts(empty_con) == (1, 1, 0)
    said = next(a for a in report.alerts if "left out of the lead count" in a)
    assert said.startswith("ac.csv: 5 of 6 people left out of the lead count")
    assert 'mql = { column = "Tags", contains = "MQL" }' in said


def test_a_score_mapped_as_the_stage_is_refused_with_the_rule_to_write(empty_con, tmp_path):
    m = mapping_file(
        tmp_path, '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\nlifecycle_stage = "Score"\n'
    )
    # 145, 35, 100, 99 are no stages and finn's blank Score is a plain lead: 4 of 5 people left out
    report = import_files(empty_con, "leads", [write(tmp_path, "pardot.csv", PARDOT)], mapping=m)
    said = next(a for a in report.alerts if "left out of the lead count" in a)
    assert said.startswith("pardot.csv: 4 of 5 people left out of the lead count")
    assert 'mql = { column = "Score", at_least = 100 }' in said
    # a file of scores only: no row left, refused with the same advice
    only = "Email,Score,Created Date\na@x.com,120,2026-10-01\nb@x.com,30,2026-10-02\n"
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [write(tmp_path, "scores.csv", only)], mapping=m)
    assert "none of the 2 rows can be imported" in str(refused.value)
    assert "2 of 2 people left out of the lead count" in str(refused.value)
    assert 'mql = { column = "Score", at_least = 100 }' in str(refused.value)


# 4. the planner says how many of the period's leads reached a stage without a date

T = datetime
# lead_id, created_at, source, persona, segment, owner, lifecycle_stage, mql_at, sql_at, first_contact_at:
# October: L1, L2 MQLs without a date, L3 an MQL dated, L4 a plain lead; November: L5 an MQL without a date
LEADS = [
    ("L1", T(2026, 10, 2), "web", None, None, "Ann", "mql", None, None, None),
    ("L2", T(2026, 10, 5), "web", None, None, "Ann", "mql", None, None, None),
    ("L3", T(2026, 10, 7), "web", None, None, "Ann", "mql", T(2026, 10, 8), None, None),
    ("L4", T(2026, 10, 9), "web", None, None, "Ann", "lead", None, None, None),
    ("L5", T(2026, 11, 3), "web", None, None, "Ann", "mql", None, None, None),
]


def test_the_planner_caption_says_how_many_of_the_months_mqls_have_no_date(empty_con):
    load(empty_con, LEADS, [])
    undated = overview.undated_stages(empty_con, Filters(), "2026-10")
    # October: L1 and L2 (L3 is dated, L5 is November's)
    assert undated == {"mql": 2, "sql": 0}
    planned = overview.plan_against_actuals(overview.plan(1000.0, overview.Rates(0.5, 0.5, 0.5, 0.5, 100.0), 1, 22), {})
    caption = overview.planner_caption("2026-10", planned, date(2026, 10, 31), None, undated)
    assert "2 leads created in Oct 2026 reached MQL without a date for the stage" in caption
    assert "counts dated by entry (the tiles, Arrived) cannot include them" in caption
    assert "without a date" not in overview.planner_caption("2026-10", planned, date(2026, 10, 31))


# 5. the value counts count the rows imported


def test_value_counts_leave_out_a_row_skipped_for_its_blank_date(empty_con, tmp_path):
    text = (
        "Record ID,Create Date,Lifecycle Stage,Original Source\n"
        "1,2026-03-01,Marketing Qualified Lead,Paid Search\n"
        "2,,Marketing Qualified Lead,Paid Search\n"
        "3,2026-03-02,Lead,Organic Search\n"
    )
    hubspot = preset_mapping("hubspot", "leads")
    report = import_files(empty_con, "leads", [write(tmp_path, "hs.csv", text)], mapping=hubspot)
    assert store.scalar(empty_con, "select count(*) from leads") == 2
    values = report.values.set_index(["column", "value"])["rows"]
    # row 2 is skipped (no Create Date): 1 MQL and 1 Paid Search imported, not 2
    assert values[("Lifecycle Stage", "Marketing Qualified Lead")] == 1
    assert values[("Original Source", "Paid Search")] == 1


def test_a_saved_mappings_rules_are_written_back_as_they_were_read(tmp_path):
    text = (
        '[leads.columns]\nlead_id = "Email"\ncreated_at = "Created Date"\n\n[leads.reached]\n'
        'mql = { column = "Score", at_least = 100 }\nsql = { column = "Tags", contains = ["SQL", "Sales Ready"] }\n'
    )
    m = mapping_file(tmp_path, text)
    written = to_toml({"leads": m})
    assert 'mql = { column = "Score", at_least = 100 }' in written
    again = load_mapping(write(tmp_path, "again.toml", written))["leads"]
    assert again.reached_rules == m.reached_rules
