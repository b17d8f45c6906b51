"""HubSpot and Salesforce exports in other UI languages: translated company-id, id, stage-date, status and source
columns proposed; won stages in other languages; yen, złoty and full-width amounts; 12-hour times written 午後 or
p. m., zone abbreviations after a non-ISO date and an offset in the header. Every expected value counted by hand."""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.importers import dates, numbers
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import deal_status_of, propose


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def columns(p):
    return {target: names[0] for target, names in p.mapping.columns.items()}


def mapping_of(tmp_path, kind, text):
    return load_mapping(write(tmp_path, f"{kind}.toml", text))[kind]


def stored(con, sql):
    return con.execute(sql).fetchall()


# German HubSpot contacts: 6 leads of 3 companies (9001: 101, 102, 103; 9002: 104, 105; 9003: 106)
HS_DE = """Datensatz-ID,Erstellungsdatum,Ursprüngliche Quelle,Zugeordnete Unternehmens-ID,Phase im Lebenszyklus
101,15.01.2025 09:10,Organische Suche,9001,Lead
102,16.01.2025 09:10,Organische Suche,9001,Lead
103,17.01.2025 09:10,Organische Suche,9001,Verkaufschance
104,18.01.2025 09:10,Bezahlte Suche,9002,Lead
105,19.01.2025 09:10,Bezahlte Suche,9002,Lead
106,20.01.2025 09:10,Bezahlte Suche,9003,Lead
"""


def account_count(tmp_path, capsys, db) -> int:
    assert cli.main(["metrics", "--db", str(db), "--count-by", "account", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["funnel"][0]["count"]


def test_the_translated_company_id_is_proposed_and_counts_3_accounts_not_6(tmp_path, capsys):
    p = propose("leads", HS_DE.splitlines()[0].split(","))
    assert columns(p)["account_id"] == "Zugeordnete Unternehmens-ID"
    out = tmp_path / "de.toml"
    csv = write(tmp_path, "hs_de.csv", HS_DE)
    assert cli.main(["map", "--kind", "leads", "--out", str(out), str(csv)]) == 0
    db = tmp_path / "de.duckdb"
    assert cli.main(["import", "--db", str(db), "--kind", "leads", "--mapping", str(out), str(csv)]) == 0
    capsys.readouterr()
    # companies 9001, 9002, 9003
    assert account_count(tmp_path, capsys, db) == 3


def test_a_leads_file_whose_company_column_is_unread_is_warned_of(empty_con, tmp_path):
    m = mapping_of(
        tmp_path,
        "leads",
        '[leads.columns]\nlead_id = "Datensatz-ID"\ncreated_at = "Erstellungsdatum"\nsource = "Ursprüngliche Quelle"\n'
        'lifecycle_stage = "Phase im Lebenszyklus"\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "hs_de.csv", HS_DE)], mapping=m)
    said = [a for a in report.alerts if "Zugeordnete Unternehmens-ID" in a]
    assert len(said) == 1
    assert "each lead counts as an account of its own" in said[0]
    # mapped, no such warning
    mapped = mapping_of(
        tmp_path,
        "leads",
        '[leads.columns]\nlead_id = "Datensatz-ID"\ncreated_at = "Erstellungsdatum"\nsource = "Ursprüngliche Quelle"\n'
        'lifecycle_stage = "Phase im Lebenszyklus"\naccount_id = "Zugeordnete Unternehmens-ID"\n',
    )
    report = import_files(empty_con, "leads", [write(tmp_path, "hs_de.csv", HS_DE)], mapping=mapped)
    assert not [a for a in report.alerts if "own" in a and "account" in a]


def test_the_hubspot_preset_reads_record_id_company(tmp_path, capsys):
    # 4 contacts of 2 companies (9001: 101, 102, 103; 9002: 104)
    csv = write(
        tmp_path,
        "hs_new.csv",
        "Record ID,Create Date,Original Source,Lifecycle Stage,Record ID - Company\n"
        "101,2025-01-15 09:10,Organic Search,Lead,9001\n"
        "102,2025-01-16 09:10,Organic Search,Lead,9001\n"
        "103,2025-01-17 09:10,Paid Search,Lead,9001\n"
        "104,2025-01-18 09:10,Paid Search,Lead,9002\n",
    )
    db = tmp_path / "new.duckdb"
    assert cli.main(["import", "--db", str(db), "--kind", "leads", "--preset", "hubspot", str(csv)]) == 0
    capsys.readouterr()
    assert account_count(tmp_path, capsys, db) == 2


@pytest.mark.parametrize(
    ("header", "lead_id", "account_id"),
    [
        (
            "ID de fiche d'informations,E-mail,Date de création,ID d'entreprise associée",
            "ID de fiche d'informations",
            "ID d'entreprise associée",
        ),
        (
            "ID del registro,Correo,Fecha de creación,ID de empresa asociada",
            "ID del registro",
            "ID de empresa asociada",
        ),
        ("ID do registro,E-mail,Data de criação,ID da empresa associada", "ID do registro", "ID da empresa associada"),
        ("Record-ID,E-mail,Aanmaakdatum,Gekoppelde bedrijfs-ID", "Record-ID", "Gekoppelde bedrijfs-ID"),
        ("レコードID,Eメール,作成日,関連付けられた会社のID", "レコードID", "関連付けられた会社のID"),
    ],
)
def test_translated_hubspot_contacts_ids_are_proposed(header, lead_id, account_id):
    p = propose("leads", header.split(","))
    assert columns(p)["lead_id"] == lead_id
    assert columns(p)["account_id"] == account_id
    assert columns(p)["created_at"] == header.split(",")[2]


def test_translated_stage_dates_status_and_salesforce_columns_are_proposed():
    de = propose(
        "leads",
        [
            "Datensatz-ID",
            "Erstellungsdatum",
            "Datum, an dem Kontakt zu Marketingqualifiziertem Lead wurde",
            "Datum, an dem Kontakt zu vertriebsqualifiziertem Lead wurde",
        ],
    )
    assert columns(de)["mql_at"] == "Datum, an dem Kontakt zu Marketingqualifiziertem Lead wurde"
    assert columns(de)["sql_at"] == "Datum, an dem Kontakt zu vertriebsqualifiziertem Lead wurde"
    fr = propose("leads", ["ID de fiche d'informations", "Date de création", "Source d'origine"])
    assert columns(fr)["source"] == "Source d'origine"
    for stage in ("Phase de la transaction", "Etapa del negocio", "Etapa do negócio"):
        deals = propose("deals", ["ID del registro", stage, "Fecha de creación", "Importe"])
        assert columns(deals)["stage"] == stage
        assert columns(deals)["status"] == stage
    sf_de = propose(
        "leads",
        [
            "Lead-ID",
            "Lead-Status",
            "Lead-Quelle",
            "Erstellungsdatum",
            "Konvertierungsdatum",
            "ID der konvertierten Opportunity",
        ],
    )
    assert columns(sf_de)["source"] == "Lead-Quelle"
    assert columns(sf_de)["sql_at"] == "Konvertierungsdatum"
    assert columns(sf_de)["converted_deal_id"] == "ID der konvertierten Opportunity"
    sf_fr = propose("leads", ["ID de la piste", "Statut de la piste", "Date de création"])
    assert columns(sf_fr)["lead_id"] == "ID de la piste"
    assert columns(sf_fr)["lifecycle_stage"] == "Statut de la piste"
    for deal_id in ("ID de l'opportunité", "Id. de la oportunidad"):
        opps = propose("deals", [deal_id, "Étape", "Date de création", "Schlusstermin"])
        assert columns(opps)["deal_id"] == deal_id
        assert columns(opps)["closed_at"] == "Schlusstermin"


def test_verkaufschance_is_an_opportunity(empty_con, tmp_path):
    p = propose("leads", HS_DE.splitlines()[0].split(","), lambda _c: [("Lead", 5), ("Verkaufschance", 1)])
    assert p.mapping.values["lifecycle_stage"]["verkaufschance"] == "opportunity"


@pytest.mark.parametrize(
    "value",
    [
        *("Verkauft", "Vendu", "Vendido", "Signé", "Firmado", "Unterschrieben"),
        *("成約済み", "受注済み", "クローズ（成約）", "商談成立"),
    ],
)
def test_won_stages_in_other_languages(value):
    assert deal_status_of(value) == "won"


@pytest.mark.parametrize("value", ["NDA signé", "NDA firmado", "Pas encore vendu", "Vente", "Verkauf", "Signed NDA"])
def test_stages_that_do_not_say_won(value):
    assert deal_status_of(value) is None


DEALS_HEAD = "deal_id,created_at,status,amount,closed_at\n"


@pytest.mark.parametrize(
    ("cells", "amounts", "currency"),
    [
        # 1,234,567 + 1,000,000 + 700,000 yen
        (['"￥1,234,567"', '"￥1,000,000"', '"￥700,000"'], [1234567, 1000000, 700000], "¥"),
        (['"1,234,567円"', '"1,000,000円"', '"700,000円"'], [1234567, 1000000, 700000], "JPY"),
        (['"1 234,56 zł"', '"10 000,00 zł"', '"7 000,00 zł"'], [1234.56, 10000, 7000], "PLN"),
        # full-width digits and comma: 1,234,567
        (['"１，２３４，５６７円"', '"1,000,000円"', '"700,000円"'], [1234567, 1000000, 700000], "JPY"),
    ],
)
def test_yen_and_zloty_amounts_are_read(empty_con, tmp_path, cells, amounts, currency):
    text = DEALS_HEAD + "".join(
        f"D{i},2025-01-10,{status},{cell},{closed}\n"
        for i, (cell, status, closed) in enumerate(
            zip(cells, ["won", "lost", "open"], ["2025-01-20", "2025-01-20", ""], strict=True)
        )
    )
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", text)])
    assert report.rows_loaded == 3
    assert [a for (a,) in stored(empty_con, "select amount from deals order by deal_id")] == amounts
    assert any(f"amounts in {currency}" in note for note in report.notes)


def test_full_width_folding_keeps_length():
    assert numbers.fold_width("￥１，２３４") == "¥1,234"


LEADS_HEAD = "lead_id,created_at\n"


def read_leads(empty_con, tmp_path, rows, header=LEADS_HEAD, mapping=None):
    report = import_files(empty_con, "leads", [write(tmp_path, "leads.csv", header + rows)], mapping=mapping)
    got = stored(empty_con, "select lead_id, strftime(created_at, '%Y-%m-%d %H:%M') from leads order by 1")
    return report, got


def test_japanese_afternoon_times(empty_con, tmp_path):
    report, got = read_leads(
        empty_con, tmp_path, "L0,2025/01/15 午前9:10\nL1,2025/01/31 午後11:30\nL2,2025/02/01 午前0:15\n"
    )
    # 午後11:30 is 23:30; 午前0:15 is 00:15
    assert got == [("L0", "2025-01-15 09:10"), ("L1", "2025-01-31 23:30"), ("L2", "2025-02-01 00:15")]
    assert any("午前/午後 (3) read as 24-hour" in how for _, _, how in report.formats)


def test_spanish_and_korean_afternoon_times(empty_con, tmp_path):
    _, got = read_leads(empty_con, tmp_path, "L0,31/01/2025 11:30 p. m.\nL1,01/02/2025 12:15 a. m.\n")
    # 11:30 p. m. is 23:30; 12:15 a. m. is 00:15; day first (31 > 12)
    assert got == [("L0", "2025-01-31 23:30"), ("L1", "2025-02-01 00:15")]
    _, got = read_leads(empty_con, tmp_path, "K0,2025. 1. 31. 오후 11:30\nK1,2025. 2. 1. 오전 9:05\n")
    assert got == [("K0", "2025-01-31 23:30"), ("K1", "2025-02-01 09:05")]


def test_a_zone_abbreviation_after_a_non_iso_date(empty_con, tmp_path):
    report, got = read_leads(empty_con, tmp_path, "L0,2025/01/31 23:30 JST\nL1,2025/02/01 08:30 JST\n")
    # JST is +09:00: 23:30 - 9 h = 14:30 the same day; 08:30 - 9 h = 23:30 the day before
    assert got == [("L0", "2025-01-31 14:30"), ("L1", "2025-01-31 23:30")]
    assert any("JST (2) as +09:00" in how for _, _, how in report.formats)
    _, got = read_leads(empty_con, tmp_path, "L0,31/01/2025 23:30 IST\n")
    # IST is +05:30: 23:30 - 5:30 = 18:00
    assert got == [("L0", "2025-01-31 18:00")]


def test_an_offset_in_the_header_moves_the_times(empty_con, tmp_path):
    m = mapping_of(tmp_path, "leads", '[leads.columns]\nlead_id = "Lead ID"\ncreated_at = "Created Date (GMT+01:00)"\n')
    report, got = read_leads(
        empty_con,
        tmp_path,
        "A1,2025-03-31 23:30\nA2,2025-04-01 00:30\n",
        header="Lead ID,Created Date (GMT+01:00)\n",
        mapping=m,
    )
    # +01:00: 1 April 00:30 is 31 March 23:30 UTC, in March
    assert got == [("A1", "2025-03-31 22:30"), ("A2", "2025-03-31 23:30")]
    assert any("(2) taken as +01:00, as the header" in how for _, _, how in report.formats)


def test_header_offsets():
    assert dates.header_offset("Created Date (GMT+01:00)") == "+01:00"
    assert dates.header_offset("Close Date (UTC-5)") == "-05:00"
    assert dates.header_offset("Created Date (CET)") == "+01:00"
    assert dates.header_offset("Submit Date (UTC)") is None
    assert dates.header_offset("Created Date") is None


def test_a_date_alone_under_an_offset_header_stays_its_day(empty_con, tmp_path):
    m = mapping_of(tmp_path, "leads", '[leads.columns]\nlead_id = "Lead ID"\ncreated_at = "Created Date (GMT+01:00)"\n')
    _, got = read_leads(empty_con, tmp_path, "A1,2025-04-01\n", header="Lead ID,Created Date (GMT+01:00)\n", mapping=m)
    assert got == [("A1", "2025-04-01 00:00")]
