"""Probe 62: HubSpot exports from German, French and Spanish portals, each case counted by hand from a few rows.

Contacts (German headers, ";" as Excel writes them), dates day first:

| id  | created    | Lifecycle-Phase              | Lead-Status    | MQL date   | SQL date   |
|-----|------------|------------------------------|----------------|------------|------------|
| 101 | 13.01.2026 | Lead                         | Neu            |            |            |
| 102 | 14.01.2026 | Marketingqualifizierter Lead | Offen          | 16.01.2026 |            |
| 103 | 15.01.2026 | Vertriebsqualifizierter Lead | In Bearbeitung | 17.01.2026 | 18.01.2026 |
| 104 | 16.01.2026 | Verkaufschance               | Offener Deal   | 18.01.2026 | 19.01.2026 |
| 105 | 17.01.2026 | Kunde                        | Offener Deal   | 19.01.2026 | 20.01.2026 |

Deals: D1 won 1.000,00 € for contacts "105;101"; D2 open ("Entscheidungsträger überzeugt") 2.000,00 € for 104; D3
lost ("Preis zu hoch") 500,00 € for 103.

Funnel by hand: lead 5; MQL 102, 103, 104, 105 = 4; SQL 103, 104, 105 = 3; opportunity (a deal) 103, 104, 105 = 3;
customer (a won deal) 105 = 1. Deals: won 1, lost 1, open 1; revenue 1,000.
"""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping
from dashboard.importers.propose import open_stage, proposal_for, propose, stage_file

CONTACTS = (
    "Datensatz-ID;Erstellungsdatum;Originalquelle;Zuständiger Mitarbeiter für Kontakt;Lifecycle-Phase;Lead-Status;"
    "Datum, an dem der Kontakt zu einem Marketing Qualified Lead wurde;"
    "Datum, an dem der Kontakt zu vertriebsqualifiziertem Lead wurde\n"
    "101;13.01.2026 09:00;Organische Suche;Änne Schütz;Lead;Neu;;\n"
    "102;14.01.2026 09:00;Organische Suche;Änne Schütz;Marketingqualifizierter Lead;Offen;16.01.2026 10:00;\n"
    "103;15.01.2026 09:00;Bezahlte Suche;Jörg Möller;Vertriebsqualifizierter Lead;In Bearbeitung;"
    "17.01.2026 10:00;18.01.2026 10:00\n"
    "104;16.01.2026 09:00;Bezahlte Suche;Jörg Möller;Verkaufschance;Offener Deal;18.01.2026 10:00;19.01.2026 10:00\n"
    "105;17.01.2026 09:00;Bezahlte Suche;Jörg Möller;Kunde;Offener Deal;19.01.2026 10:00;20.01.2026 10:00\n"
)
DEALS = (
    "Datensatz-ID;Deal-Phase;Betrag;Erstellungsdatum;Abschlussdatum;Grund für verlorenen Deal;"
    "Zugeordnete Kontakt-IDs\n"
    'D1;Abgeschlossen und gewonnen;1.000,00 €;20.01.2026;25.01.2026;;"105;101"\n'
    "D2;Entscheidungsträger überzeugt;2.000,00 €;21.01.2026;;;104\n"
    "D3;Abgeschlossen und verloren;500,00 €;22.01.2026;26.01.2026;Preis zu hoch;103\n"
)

# the lifecycle map of the contacts' Lifecycle-Phase values
STAGES = (
    '"lead" = "lead"\n"marketingqualifizierter lead" = "mql"\n"vertriebsqualifizierter lead" = "sql"\n'
    '"verkaufschance" = "opportunity"\n"kunde" = "customer"\n'
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def proposed(tmp_path, kind, name, text):
    return proposal_for(kind, stage_file(write(tmp_path, name, text)), {})


def columns(p):
    return {target: names[0] for target, names in p.mapping.columns.items()}


def test_lifecycle_phase_is_the_stage_not_lead_status(tmp_path):
    p = proposed(tmp_path, "leads", "kontakte.csv", CONTACTS)
    got = columns(p)
    # main read "Lead-Status" (Neu, Offen …) as the stage: every contact a lead
    assert got["lifecycle_stage"] == "Lifecycle-Phase"
    assert got["source"] == "Originalquelle"
    assert got["owner"] == "Zuständiger Mitarbeiter für Kontakt"
    # the stage dates by their words ("zu einem Marketing Qualified Lead", "zu vertriebsqualifiziertem Lead")
    assert got["mql_at"].startswith("Datum, an dem der Kontakt zu einem Marketing")
    assert got["sql_at"].endswith("vertriebsqualifiziertem Lead wurde")
    assert "Lead-Status" in p.unused


@pytest.mark.parametrize(
    ("header", "stage"),
    [
        ("Record ID,Lifecycle Phase,Lead Status", "Lifecycle Phase"),
        ("Datensatz-ID,Lead-Status,Lifecycle-Phase", "Lifecycle-Phase"),
        ("ID,Stato del lead,Fase del ciclo di vita", "Fase del ciclo di vita"),
        ("Record ID,Lead Status,Lifecycle Stage (Contact)", "Lifecycle Stage (Contact)"),
        ("Datensatz-ID,Lead-Status,Lebenszyklusphase (Kontakt)", "Lebenszyklusphase (Kontakt)"),
    ],
)
def test_the_lifecycle_column_wins_over_a_lead_status_before_it(header, stage):
    p = propose("leads", header.split(","))
    assert columns(p)["lifecycle_stage"] == stage


def test_hubspot_lead_status_alone_is_not_the_stage_and_is_warned_of(tmp_path):
    # HubSpot's English contacts with Lead Status and no Lifecycle Stage: the preset does not read it (README)
    english = "Record ID,Create Date,Original Source,Lead Status\n1,2026-01-13,ORGANIC_SEARCH,NEW\n"
    english += "2,2026-01-14,ORGANIC_SEARCH,OPEN_DEAL\n3,2026-01-15,PAID_SEARCH,UNQUALIFIED\n"
    p = proposed(tmp_path, "leads", "contacts.csv", english)
    assert "lifecycle_stage" not in p.mapping.columns
    assert any("'Lead Status' is HubSpot's Lead Status" in w for w in p.warnings)
    # German, by its values: Offener Deal is HubSpot's own
    german = "Datensatz-ID;Erstellungsdatum;Lead-Status\n1;13.01.2026;Neu\n2;14.01.2026;Offener Deal\n"
    p = proposed(tmp_path, "leads", "kontakte.csv", german)
    assert "lifecycle_stage" not in p.mapping.columns
    assert any("'Lead-Status' is HubSpot's Lead Status" in w for w in p.warnings)
    # control: a Salesforce-like status is the stage (no HubSpot value)
    other = "Id,Created,Lead Status\n1,2026-01-13,Open - Not Contacted\n2,2026-01-14,Working - Contacted\n"
    assert columns(proposed(tmp_path, "leads", "sf.csv", other))["lifecycle_stage"] == "Lead Status"


def funnel_and_deals(tmp_path, capsys, db):
    capsys.readouterr()
    assert cli.main(["metrics", "--db", str(db), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    return {row["stage"]: row["count"] for row in out["funnel"]}, out["deals"]


def test_the_proposed_mappings_import_the_hand_counted_funnel(tmp_path, capsys):
    leads_csv, deals_csv = write(tmp_path, "kontakte.csv", CONTACTS), write(tmp_path, "deals.csv", DEALS)
    leads_toml, deals_toml, db = tmp_path / "leads.toml", tmp_path / "deals.toml", tmp_path / "p.duckdb"
    assert cli.main(["map", "--kind", "leads", "--out", str(leads_toml), str(leads_csv)]) == 0
    assert cli.main(["map", "--kind", "deals", "--out", str(deals_toml), str(deals_csv)]) == 0
    assert load_mapping(deals_toml)["deals"].multi_value["lead_id"] == (";", ", ")
    for kind, toml, csv in (("leads", leads_toml, leads_csv), ("deals", deals_toml, deals_csv)):
        assert cli.main(["import", "--db", str(db), "--kind", kind, "--mapping", str(toml), str(csv)]) == 0
    funnel, deals = funnel_and_deals(tmp_path, capsys, db)
    # main: MQL and SQL only the leads with a deal (2, 2), customer 1 of D1's unread "105;101" cell skipped
    assert funnel == {"lead": 5, "mql": 4, "sql": 3, "opportunity": 3, "customer": 1}
    # D1 won 1,000, D2 open, D3 lost
    assert (deals["won"], deals["lost"], deals["open"], deals["revenue"]) == (1, 1, 1, 1000.0)


def test_a_stage_column_read_by_the_default_in_most_rows_is_said_plainly(empty_con, tmp_path):
    text = (
        '[leads.columns]\nlead_id = "Datensatz-ID"\ncreated_at = "Erstellungsdatum"\nsource = "Originalquelle"\n'
        'lifecycle_stage = "Lead-Status"\n[leads.values.lifecycle_stage]\n"*" = "lead"\n'
    )
    m = load_mapping(write(tmp_path, "leads.toml", text))["leads"]
    report = import_files(empty_con, "leads", [write(tmp_path, "kontakte.csv", CONTACTS)], mapping=m)
    said = [a for a in report.alerts if "were not recognised" in a]
    # 5 of 5: Neu, Offen, In Bearbeitung, Offener Deal (twice) none a stage
    assert len(said) == 1
    assert "5 of 5 rows' stages in 'Lead-Status' were not recognised" in said[0]
    assert "read as lead" in said[0]
    # the right column: every value known, nothing said
    right_text = text.replace('"Lead-Status"', '"Lifecycle-Phase"', 1) + STAGES
    right = load_mapping(write(tmp_path, "right.toml", right_text))
    report = import_files(empty_con, "leads", [write(tmp_path, "kontakte.csv", CONTACTS)], mapping=right["leads"])
    assert not [a for a in report.alerts if "were not recognised" in a]


def test_a_cell_of_several_contact_ids_is_said_not_import_the_leads_first(empty_con, tmp_path):
    leads = (
        '[leads.columns]\nlead_id = "Datensatz-ID"\ncreated_at = "Erstellungsdatum"\nsource = "Originalquelle"\n'
        'lifecycle_stage = "Lifecycle-Phase"\n[leads.values.lifecycle_stage]\n' + STAGES
    )
    import_files(
        empty_con,
        "leads",
        [write(tmp_path, "kontakte.csv", CONTACTS)],
        mapping=load_mapping(write(tmp_path, "l.toml", leads))["leads"],
    )
    deals = (
        '[deals.columns]\ndeal_id = "Datensatz-ID"\nlead_id = "Zugeordnete Kontakt-IDs"\nstage = "Deal-Phase"\n'
        'status = "Deal-Phase"\ncreated_at = "Erstellungsdatum"\nclosed_at = "Abschlussdatum"\namount = "Betrag"\n'
        '[deals.values.status]\n"abgeschlossen und gewonnen" = "won"\n"abgeschlossen und verloren" = "lost"\n'
        '"*" = "open"\n'
    )
    m = load_mapping(write(tmp_path, "d.toml", deals))["deals"]
    report = import_files(empty_con, "deals", [write(tmp_path, "deals.csv", DEALS)], mapping=m)
    # D1's "105;101" is the one row skipped
    assert report.rows_skipped == 1
    said = [a for a in report.alerts if "several lead ids" in a]
    assert len(said) == 1
    assert "'105;101'" in said[0] and 'lead_id = [";", ", "] under [deals.multi_value]' in said[0]
    # not kept aside for a lead no import will bring
    assert not [a for a in report.alerts + report.notes if "kept aside" in a]


@pytest.mark.parametrize(
    "header",
    [
        "Grund für verlorenen Deal",
        "Verlustgrund",
        "Raison de la perte de la transaction",
        "Motif de perte",
        "Motivo de pérdida del negocio",
        "Razón de pérdida",
    ],
)
def test_localized_lost_reasons_are_proposed(header):
    p = propose("deals", ["Datensatz-ID", "Deal-Phase", "Erstellungsdatum", header])
    assert columns(p)["lost_reason"] == header


@pytest.mark.parametrize(
    ("header", "contacts"),
    [
        (["ID de registro", "Fecha de creación", "Etapa del negocio"], None),
        (["Datensatz-ID", "Erstellungsdatum", "Deal-Phase", "Zugeordnete Kontakt-ID"], "Zugeordnete Kontakt-ID"),
        (["ID", "Date de création", "Phase de la transaction", "ID des contacts associés"], "ID des contacts associés"),
        (["ID de registro", "Fecha de creación", "Etapa del negocio", "ID de contactos asociados"], None),
    ],
)
def test_spanish_record_id_and_associated_contacts_as_lists(header, contacts):
    p = propose("deals", header)
    assert columns(p)["deal_id"] == header[0]
    if contacts:
        assert columns(p)["lead_id"] == contacts
    if "lead_id" in p.mapping.columns:
        assert p.mapping.multi_value["lead_id"] == (";", ", ")


@pytest.mark.parametrize(
    "stage", ["Entscheidungsträger überzeugt", "Vertrag gesendet", "Décideur convaincu", "Contrat envoyé"]
)
def test_hubspots_localized_open_stages_are_open(stage):
    assert open_stage(stage)
