"""Trial 43 (exports from non-English CRMs): UTF-8 written twice by Excel (JÃ¼rgen), localised ended stages read as
open deals, French HubSpot lifecycle labels, preset refusals that never named `map`, amounts with no currency shown
in dollars, and the wording of encoding refusals and report quotes. Each file is written here, a few rows, with its
bytes in the encoding its tool writes; every count is worked out by hand in the comment beside it."""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.importers import propose, values
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping, preset_mapping

BOM = b"\xef\xbb\xbf"


def twice(text: str) -> bytes:
    """Text as Excel writes it after opening UTF-8 without a BOM as Windows-1252 and saving it as "CSV UTF-8":
    every byte of the UTF-8 a character (the five bytes Windows-1252 leaves unused as the C1 controls)."""
    raw = text.encode("utf-8")
    return BOM + "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in raw).encode("utf-8")


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def mapping_of(tmp_path, text: str, kind: str):
    return load_mapping(write(tmp_path, "map.toml", text.encode("utf-8")))[kind]


LEADS = (
    "lead_id,created_at,source,owner\r\n"
    "1,2026-03-02,web,Jürgen Weiß\r\n"
    "2,2026-03-03,web,Anja Böhm\r\n"
    "3,2026-03-04,events,Jürgen Weiß\r\n"
)


def test_utf8_written_twice_is_read_repaired_and_said(empty_con, tmp_path):
    # the file holds JÃ¼rgen WeiÃŸ and Anja BÃ¶hm; each reads back exactly, so the names are stored as written
    # first. By hand: 3 leads, Jürgen Weiß owns 1 and 3, Anja Böhm 2
    path = write(tmp_path, "twice.csv", twice(LEADS))
    assert "JÃ¼rgen".encode() in path.read_bytes()
    report = import_files(empty_con, "leads", [path])
    got = empty_con.execute("select owner, count(*) from leads group by 1 order by 1").fetchall()
    assert got == [("Anja Böhm", 1), ("Jürgen Weiß", 2)]
    said = [n for n in report.notes if n.startswith("twice.csv:")]
    assert any("written twice in UTF-8" in n and "JÃ¼rgen → Jürgen" in n for n in said)


def test_map_proposes_the_garbled_header_repaired(tmp_path):
    # HubSpot's German "Ursprüngliche Quelle" written twice is "UrsprÃ¼ngliche Quelle": map left it unread, and every
    # lead's source became unknown. Repaired, it is the source column
    text = "Datensatz-ID,Erstellungsdatum,Ursprüngliche Quelle,Kontaktinhaber\r\n1,2026-03-02,Verweise,Jürgen Weiß\r\n"
    staged = propose.stage_file(write(tmp_path, "kontakte.csv", twice(text)))
    assert "Ursprüngliche Quelle" in staged.header
    assert staged.encoding_note is not None and "UrsprÃ¼ngliche → Ursprüngliche" in staged.encoding_note
    p = propose.proposal_for("leads", staged, {}, "k.toml")
    assert p.mapping.columns["source"] == ("Ursprüngliche Quelle",)


def test_a_real_portuguese_name_is_not_repaired(empty_con, tmp_path):
    # JOÃO is Ã before a capital O: no pair written twice, so nothing is said and the name is kept
    text = "lead_id,created_at,source,owner\n1,2026-03-02,web,JOÃO SILVA\n2,2026-03-03,web,Ana\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "pt.csv", text.encode("utf-8"))])
    assert empty_con.execute("select owner from leads order by lead_id").fetchall() == [("JOÃO SILVA",), ("Ana",)]
    assert not any("twice" in n for n in report.notes + report.alerts)


def test_text_written_twice_beside_text_that_is_not_is_warned_of(empty_con, tmp_path):
    # row 1's owner is garbled (JÃ¼rgen), row 2's JOÃO is real: the file does not read back whole, so it is read as it
    # is and the warning names the garbled cell (row 1, owner) and the one that blocks the repair (row 2)
    text = "lead_id,created_at,source,owner\n1,2026-03-02,web,JÃ¼rgen\n2,2026-03-03,web,JOÃO\n"
    report = import_files(empty_con, "leads", [write(tmp_path, "mixed.csv", text.encode("utf-8"))])
    assert empty_con.execute("select owner from leads order by lead_id").fetchall() == [("JÃ¼rgen",), ("JOÃO",)]
    (alert,) = [a for a in report.alerts if "written twice" in a]
    assert alert.startswith("mixed.csv:")
    assert "row 1, column 'owner': 'JÃ¼rgen' for 'Jürgen'" in alert
    assert "row 2, column 'owner': 'JOÃO'" in alert
    assert "export it again from the CRM" in alert and "save it as UTF-8" in alert


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sans suite", "lost"),
        ("Non retenue", "lost"),
        ("Refusée par le client", "lost"),
        ("Kein Interesse", "lost"),
        ("Niet doorgegaan", "lost"),
        ("Geen interesse", "lost"),
        ("Auftrag erteilt", "won"),
        ("Auftrag erhalten", "won"),
        ("Opdracht verkregen", "won"),
        ("Order received", "won"),
    ],
)
def test_localised_ended_stages_are_proposed_won_or_lost(value, expected):
    table, _ = propose.status_map([(value, 1)])
    assert table[value.lower()] == expected


@pytest.mark.parametrize("value", ["Abandonnée", "Abgesagt", "Afgewezen"])
def test_abandoned_and_called_off_are_left_to_choose_as_in_english(value):
    # as English "Abandoned", "Cancelled", "Rejected": ended, neither won nor lost, not proposed open
    table, reasons = propose.status_map([(value, 1), ("Prospection", 2)])
    assert value.lower() not in table and "*" not in table
    assert "choose" in reasons[f"values.status.{value.lower()}"]
    assert table["prospection"] == "open"


DEALS_MAPPED = """
[deals]
date_format = "%Y-%m-%d"
[deals.columns]
deal_id = "ID"
created_at = "Created"
amount = "Amount"
status = "Stage"
[deals.values.status]
"Prospection" = "open"
"Attente client" = "open"
"Gagné" = "won"
"*" = "open"
"""


def test_a_stage_a_mapping_reads_as_open_without_an_open_word_is_warned(empty_con, tmp_path):
    # D1 Prospection (an open word: nothing said), D2 "Attente client" (attente: open), D3 "Sur étagère" named by no
    # map: the default makes it open, warned; D4 Gagné won. Then the map names "Sur étagère" open itself: said still
    text = "ID,Created,Amount,Stage\nD1,2026-03-01,100,Prospection\nD2,2026-03-02,200,Attente client\n"
    text += "D3,2026-03-03,300,Sur étagère\nD4,2026-03-04,400,Gagné\n"
    path = write(tmp_path, "deals.csv", text.encode("utf-8"))
    report = import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, DEALS_MAPPED, "deals"))
    loud = values.loud_lines(report.values)
    assert len(loud) == 1
    assert "'Sur étagère'" in loud[0] and "if it is an ended stage, add it to [deals.values.status]" in loud[0]
    named = DEALS_MAPPED.replace('"*" = "open"', '"Sur étagère" = "open"')
    report = import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, named, "deals"))
    loud = values.loud_lines(report.values)
    assert len(loud) == 1
    assert loud[0].startswith("1 × 'Sur étagère' in Stage read as open, as the map says, though no word of it")


def test_french_hubspot_lifecycle_labels_map_as_the_english_ones(tmp_path):
    # Évangéliste is HubSpot's Evangelist (a customer), Autre its Other (a lead), Abonné its Subscriber
    text = "ID de fiche d'informations,Phase du cycle de vie,Date de création,Source d'origine\n"
    text += "1,Évangéliste,2026-03-01,Recherche organique\n2,Autre,2026-03-02,Recherche organique\n"
    text += "3,Abonné,2026-03-03,Recherche organique\n4,Client,2026-03-04,Recherche organique\n"
    staged = propose.stage_file(write(tmp_path, "hsfr.csv", text.encode("utf-8")))
    table = propose.proposal_for("leads", staged, {}, "h.toml").mapping.values["lifecycle_stage"]
    assert table["évangéliste"] == "customer"
    assert table["autre"] == "lead"
    assert table["abonné"] == "lead"
    assert table["client"] == "customer"


GERMAN_CONTACTS = "Datensatz-ID,Lebenszyklusphase,Erstellungsdatum,Ursprüngliche Quelle\n1,Lead,2026-03-01,Verweise\n"


def test_a_preset_that_finds_none_of_its_columns_names_map(empty_con, tmp_path):
    path = write(tmp_path, "kontakte.csv", GERMAN_CONTACTS.encode("utf-8"))
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=preset_mapping("hubspot", "leads"))
    said = str(refused.value)
    assert "these headers look like a non-English export" in said
    assert "run `python -m dashboard map --kind leads --out kontakte.toml kontakte.csv`" in said
    assert "`--mapping kontakte.toml`" in said


def test_no_flag_on_a_foreign_file_names_map_first(empty_con, tmp_path):
    path = write(tmp_path, "kontakte.csv", GERMAN_CONTACTS.encode("utf-8"))
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path])
    said = str(refused.value)
    assert "use a preset or a mapping file" not in said
    assert said.index("python -m dashboard map --kind leads") < said.index("--preset hubspot")


PLAIN_DEALS = "ID,Created,Amount,Stage\nD1,2026-03-01,12500,Gagné\nD2,2026-03-02,4999.99,Gagné\n"


def test_plain_amounts_are_said_and_a_mapping_states_their_currency(empty_con, tmp_path):
    # HubSpot writes Betrag as plain numbers: no currency in the file. By hand: revenue 12,500 + 4,999.99 = 17,499.99
    path = write(tmp_path, "hs.csv", PLAIN_DEALS.encode("utf-8"))
    base = DEALS_MAPPED.replace('"*" = "open"\n', "")
    report = import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, base, "deals"))
    assert report.currency is None
    assert any(n.startswith("hs.csv: the amounts name no currency") and 'currency = "EUR"' in n for n in report.notes)
    stated = base.replace("[deals]\n", '[deals]\ncurrency = "EUR"\n')
    report = import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, stated, "deals"))
    assert report.currency == "EUR"
    assert empty_con.execute("select value from meta where key = 'currency:deals'").fetchone() == ("EUR",)
    assert empty_con.execute("select sum(amount) from deals").fetchone()[0] == pytest.approx(17499.99)


def test_a_mapping_currency_other_than_the_files_is_refused(empty_con, tmp_path):
    text = "ID,Created,Amount,Stage\nD1,2026-03-01,£100,Gagné\n"
    stated = DEALS_MAPPED.replace("[deals]\n", '[deals]\ncurrency = "EUR"\n')
    path = write(tmp_path, "gb.csv", text.encode())
    with pytest.raises(ImportRefused, match=r'states currency = "EUR"'):
        import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, stated, "deals"))


def test_the_amount_quoted_in_the_report_names_its_spaces(empty_con, tmp_path):
    # a French Salesforce amount: 1 234,56 € with a narrow no-break space and a no-break space before €
    text = "ID;Created;Amount;Stage\nD1;2026-03-01;1\u202f234,56\u00a0€;Gagné\n"
    path = write(tmp_path, "fr.csv", text.encode("utf-8"))
    mapping = mapping_of(tmp_path, DEALS_MAPPED, "deals")
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    (note,) = [n for n in report.notes if "amounts in EUR" in n]
    assert "\\u202f" not in note and "\\xa0" not in note
    assert "'1 234,56 €', written with a narrow no-break space and a no-break space" in note


def test_a_latin_9_file_is_refused_with_its_odd_words_and_iso_8859_15(empty_con, tmp_path):
    # œ is 0xBD and € 0xA4 in ISO-8859-15, which Windows-1252 reads as ½ and ¤
    text = "ID;Created;Amount;Stage\nD1;2026-03-01;100 €;Gagné\nD2;2026-03-02;200 €;Hôtel Bœuf\n"
    path = write(tmp_path, "l9.csv", text.encode("iso8859_15"))
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path], mapping=mapping_of(tmp_path, DEALS_MAPPED, "deals"))
    said = str(refused.value)
    assert "as Windows-1252 it reads B½uf" in said
    assert 'encoding = "iso8859_15"' in said


def test_an_encoding_line_above_the_tables_says_where_it_goes(tmp_path):
    path = write(tmp_path, "top.toml", b'encoding = "iso8859_15"\n[deals.columns]\ndeal_id = "ID"\n')
    with pytest.raises(ImportRefused, match=r"put it under the table it is for: \[deals\]"):
        load_mapping(path)


def test_an_impossible_date_is_not_cited_as_proof_of_day_first(empty_con, tmp_path):
    # 31/02/2026 has a part above 12 but is no date (skipped as unparseable); 21/03/2026 is the proof
    text = "ID,Created,Amount,Stage\nD1,31/02/2026,100,Gagné\nD2,21/03/2026,100,Gagné\nD3,01/03/2026,100,Gagné\n"
    mapping = mapping_of(tmp_path, DEALS_MAPPED.replace('date_format = "%Y-%m-%d"\n', ""), "deals")
    report = import_files(empty_con, "deals", [write(tmp_path, "d.csv", text.encode())], mapping=mapping)
    (how,) = [h for f, c, h in report.formats if c == "Created"]
    assert "shown by 21/03/2026" in how


def test_metrics_json_money_is_written_to_the_cent():
    # 12,500 + 4,999.99 + 850 in floats is 18349.989999999998; a rate keeps its digits
    doc = {"deals": {"revenue": 12500 + 4999.99 + 850, "win_rate": 2 / 3}, "sources": [{"pipeline_sales": 0.1 + 0.2}]}
    assert json.loads(json.dumps(cli.in_cents(doc))) == {
        "deals": {"revenue": 18349.99, "win_rate": 2 / 3},
        "sources": [{"pipeline_sales": 0.3}],
    }
