"""Zones read from a header or after a non-ISO date say what zones in ISO moments say: the other zone an ambiguous
name may mean, a standard-time name on summer dates, and no stale count of times "read in UTC"."""

from __future__ import annotations

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_as(report, column):
    return next(how for _, col, how in report.formats if col == column)


def test_an_ambiguous_zone_in_the_header_names_the_other_zone(empty_con, tmp_path):
    # 09:00 CST read as US Central (-06:00): 15:00 UTC, and the report says China Standard Time is +08:00
    path = write(tmp_path, "cst.csv", "Id,Created (CST),Source\n1,2025-02-01 09:00:00,web\n")
    toml = '[leads.columns]\nlead_id = "Id"\ncreated_at = "Created (CST)"\nsource = "Source"\n'
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(write(tmp_path, "m.toml", toml))["leads"])
    assert empty_con.execute("select created_at::varchar from leads").fetchone() == ("2025-02-01 15:00:00",)
    assert "(CST: US Central Standard Time; China Standard Time is +08:00)" in read_as(report, "Created (CST)")


def test_a_winter_zone_name_on_a_summer_date_after_a_us_date_is_said(empty_con, tmp_path):
    # 15 July 10:00 PST: -08:00 as written (18:00 UTC), an hour off if PST stands for Pacific local time
    path = write(
        tmp_path, "pst.csv", "lead_id,created_at,source\n1,07/15/2025 10:00 PST,web\n2,01/15/2025 10:00 PST,web\n"
    )
    report = import_files(empty_con, "leads", [path])
    got = [r[0] for r in empty_con.execute("select created_at::varchar from leads order by 1").fetchall()]
    assert got == ["2025-01-15 18:00:00", "2025-07-15 18:00:00"]
    assert "PST on 1 date in PDT's months, and never PDT in the column" in read_as(report, "created_at")


def test_times_moved_by_the_header_offset_are_not_also_said_read_in_utc(empty_con, tmp_path):
    # one moment with Z (10:00 UTC) and three without a zone, taken as +01:00 as the header says (09:00, 10:00 and
    # 09:00 UTC): none of the three is "read in UTC"
    text = (
        "Id,Created Date (GMT+01:00),Source\n1,2025-02-04T10:00:00Z,web\n2,13/02/2025 10:00,web\n"
        "3,14/02/2025 11:00,web\n4,2025-02-05 10:00:00,web\n"
    )
    toml = '[leads.columns]\nlead_id = "Id"\ncreated_at = "Created Date (GMT+01:00)"\nsource = "Source"\n'
    path = write(tmp_path, "ho.csv", text)
    report = import_files(empty_con, "leads", [path], mapping=load_mapping(write(tmp_path, "m.toml", toml))["leads"])
    got = [r[0] for r in empty_con.execute("select created_at::varchar from leads order by lead_id").fetchall()]
    assert got == ["2025-02-04 10:00:00", "2025-02-13 09:00:00", "2025-02-14 10:00:00", "2025-02-05 09:00:00"]
    said = read_as(report, "Created Date (GMT+01:00)")
    assert "times without a zone (3) taken as +01:00" in said
    assert "read in UTC" not in said
