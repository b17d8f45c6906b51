"""CSV exports in the code page of the computer that saved them (Excel for Mac's Mac Roman, Japanese Excel's
Shift_JIS, Polish Windows' Windows-1250) are read in that encoding, said in the report, and refused when the bytes do
not settle it; each file is written small, in the encoding its tool writes, and its numbers counted by hand."""

from __future__ import annotations

import pytest

from dashboard import metrics, store
from dashboard.filters import Filters
from dashboard.importers import propose, readers
from dashboard.importers.canonical import ImportRefused, import_files
from dashboard.importers.mapping import load_mapping


def write_bytes(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def notes_of(report, name):
    return [n for n in report.notes if n.startswith(f"{name}:")]


# Excel for Mac's "CSV" of a French team's sheet: English headers, French values, semicolons, lines ending in \r
FR_SHEET = (
    "Deal ID;Deal Name;Status;Amount;Created Date;Close Date;Lead Source\r"
    "D1;Acme;Gagné;1 234,56;04/11/2026;18/11/2026;Salon\r"
    "D2;Gamma;En cours;12 500,00;20/10/2026;;Référence\r"
    "D3;Delta;Perdu;3 000,00;05/10/2026;15/11/2026;Référence\r"
    "D4;Eps;Gagné;45 000,00;25/09/2026;30/10/2026;Webinaire\r"
    "D5;Eta;Gagnée;999,90;15/08/2026;02/09/2026;Salon\r"
    "D6;Kappa;Négociation;7 250,50;03/07/2026;;Webinaire\r"
)


def test_an_excel_for_mac_sheet_is_read_as_mac_roman_and_its_won_words_count(empty_con, tmp_path):
    # é is byte 0x8E in Mac Roman, Ž in Windows-1252: read as Windows-1252, "GagnŽ" was no won word and the
    # proposal made every won deal open (won 0). By hand: Gagné D1 D4 and Gagnée D5 are won (3), Perdu D3 lost,
    # En cours D2 and Négociation D6 open (2); revenue 1,234.56 + 45,000.00 + 999.90 = 47,234.46
    path = write_bytes(tmp_path, "sheet.csv", FR_SHEET.encode("mac_roman"))
    staged = propose.stage_file(path)
    proposal = propose.proposal_for("deals", staged, {})
    assert proposal.mapping.values["status"]["gagné"] == "won"
    report = import_files(empty_con, "deals", [path], mapping=proposal.mapping)
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.won, d.lost, d.open) == (3, 1, 2)
    assert d.revenue == pytest.approx(47234.46)
    sources = empty_con.execute("select deal_id, source from deals where deal_id in ('D2', 'D3') order by 1")
    assert [s for _, s in sources.fetchall()] == ["Référence", "Référence"]
    assert notes_of(report, "sheet.csv")[0].startswith("sheet.csv: read as Mac Roman (Gagné, Référence, Gagnée)")


def test_a_french_hubspot_export_saved_on_a_mac_keeps_its_headers(tmp_path):
    # the headers of a French HubSpot deals export, saved again by Excel for Mac: "Date de création" (é = 0x8E),
    # "Propriétaire", and Hélène's è (0x8F, a byte Windows-1252 does not have)
    text = (
        "ID de fiche d'informations;Phase de la transaction;Montant;Date de création;Propriétaire de la transaction\r"
        "501;Fermé gagné;1 234,56;04/12/2026 14:03;Amélie Durand\r"
        "503;Fermé perdu;3 000,00;05/10/2026 14:00;Hélène Roy\r"
    )
    staged = propose.stage_file(write_bytes(tmp_path, "deals.csv", text.encode("mac_roman")))
    assert staged.header[3:] == ["Date de création", "Propriétaire de la transaction"]
    assert [v for v, _ in staged.value_counts("Propriétaire de la transaction")] == ["Amélie Durand", "Hélène Roy"]


# Japanese Excel's CSV: Shift_JIS, where the byte of ASCII's backslash is the yen sign
JA_DEALS = (
    '"deal_id","created_at","status","amount","closed_at","source"\r\n'
    '"J1","2026/10/04","won","\\1,234,567","2026/11/18","展示会"\r\n'
    '"J2","2026/10/20","open","\\12,500,000","","ウェブ"\r\n'
    '"J3","2026/09/25","won","\\45,000,000","2026/10/30","パートナー紹介"\r\n'
    '"J4","2026/09/26","lost","\\500,000","2026/10/30","展示会"\r\n'
)


def test_a_shift_jis_export_keeps_its_japanese_sources_and_yen_amounts(empty_con, tmp_path):
    # read as Windows-1252 the sources were stored as “WŽ¦‰ï and ƒEƒFƒu, and \1,234,567 was refused as an
    # unparseable number. By hand: won J1 + J3 = 1,234,567 + 45,000,000 = 46,234,567; lost J4, open J2
    path = write_bytes(tmp_path, "ja.csv", JA_DEALS.encode("shift_jis"))
    report = import_files(empty_con, "deals", [path])
    assert report.rows_skipped == 0
    got = empty_con.execute("select deal_id, amount, source from deals order by deal_id").fetchall()
    assert got == [
        ("J1", 1234567.0, "展示会"),
        ("J2", 12500000.0, "ウェブ"),
        ("J3", 45000000.0, "パートナー紹介"),
        ("J4", 500000.0, "展示会"),
    ]
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.won, d.lost, d.open, d.revenue) == (2, 1, 1, 46234567.0)
    # the yen sign is the amounts' currency, said apart
    note, currency = notes_of(report, "ja.csv")
    assert currency == "ja.csv: amounts in ¥ (values such as '¥1,234,567')"
    assert note.startswith("ja.csv: read as Shift_JIS (展示会, ウェブ, パートナー紹介)")
    assert "4 \\ before a number read as the yen sign ¥" in note


# Pipedrive's deals export on a Polish Windows, opened and saved by Excel: Windows-1250, semicolons
PL_DEALS = (
    "Transakcja - ID;Transakcja - Tytuł;Transakcja - Wartość;Transakcja - Status;Transakcja - Źródło;"
    "Transakcja - Utworzono transakcję\r\n"
    "31;Acme licencja;1234,56;Wygrana;Targi branżowe;2026-12-04\r\n"
    "32;Gamma wdrożenie;12500;Otwarta;Polecenie;2026-10-20\r\n"
    "33;Delta pilot;3000;Przegrana;Targi branżowe;2026-10-05\r\n"
    "34;Eps rozszerzenie;45000;Wygrana;Reklama w wyszukiwarce;2026-09-25\r\n"
)
PL_MAPPING = """
[deals.columns]
deal_id = "Transakcja - ID"
amount = "Transakcja - Wartość"
status = "Transakcja - Status"
source = "Transakcja - Źródło"
created_at = "Transakcja - Utworzono transakcję"

[deals.values.status]
"Wygrana" = "won"
"Przegrana" = "lost"
"Otwarta" = "open"
"""


def test_a_polish_windows_1250_export_keeps_its_headers_and_counts(empty_con, tmp_path):
    # ł is 0xB3 in Windows-1250 (³ in Windows-1252), ś 0x9C (œ), ż 0xBF (¿): read as Windows-1252 the headers
    # were "Tytu³" and "Wartoœæ". By hand: won 31 + 34 = 1,234.56 + 45,000 = 46,234.56; lost 33; open 32
    path = write_bytes(tmp_path, "pd.csv", PL_DEALS.encode("cp1250"))
    assert propose.stage_file(path).header[1:3] == ["Transakcja - Tytuł", "Transakcja - Wartość"]
    mapping = load_mapping(write_bytes(tmp_path, "pl.toml", PL_MAPPING.encode()))["deals"]
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    d = metrics.deal_summary(empty_con, Filters())
    assert (d.won, d.lost, d.open) == (2, 1, 1)
    assert d.revenue == pytest.approx(46234.56)
    sources = empty_con.execute("select distinct source from deals order by 1").fetchall()
    assert [s for (s,) in sources] == ["Polecenie", "Reklama w wyszukiwarce", "Targi branżowe"]
    assert notes_of(report, "pd.csv")[0].startswith("pd.csv: read as Windows-1250 (Tytuł, Wartość, Źródło)")


def test_a_windows_1252_export_is_read_as_before_and_said(empty_con, tmp_path):
    # a Salesforce report saved by Excel on a French Windows: é, è and ç are Windows-1252's
    text = (
        "deal_id,created_at,status,amount,source\n"
        "d1,2026-01-05,won,1000,Salon Hélène\n"
        "d2,2026-01-06,lost,500,Référence\n"
        "d3,2026-01-07,open,200,Façade\n"
    )
    path = write_bytes(tmp_path, "sf.csv", text.encode("cp1252"))
    report = import_files(empty_con, "deals", [path])
    got = empty_con.execute("select source from deals order by deal_id").fetchall()
    assert [s for (s,) in got] == ["Salon Hélène", "Référence", "Façade"]
    assert notes_of(report, "sf.csv")[0].startswith("sf.csv: read as Windows-1252 (Hélène, Référence, Façade)")


SHORT = "deal_id,created_at,status,source\nd1,2026-01-05,won,{}\n"


def test_a_short_windows_file_with_one_accent_is_read_as_windows_1252_as_before(empty_con, tmp_path):
    # 0xE8 is è in Windows-1252 and č in Windows-1250: one word says nothing of which, and refusing it refused
    # most files Excel writes on Windows (a ’ or € alone reads as plausibly in Mac Roman); Windows-1252, read
    # before for every such file, is kept when its reading has nothing odd, and the report shows the word as read
    path = write_bytes(tmp_path, "short.csv", SHORT.format("Crème").encode("cp1252"))
    report = import_files(empty_con, "deals", [path])
    assert store.scalar(empty_con, "select source from deals") == "Crème"
    assert notes_of(report, "short.csv")[0].startswith("short.csv: read as Windows-1252 (Crème)")
    apostrophe = write_bytes(tmp_path, "apos.csv", SHORT.format("McDonald’s – promo").encode("cp1252"))
    import_files(empty_con, "deals", [apostrophe])
    assert store.scalar(empty_con, "select source from deals") == "McDonald’s – promo"


def test_a_short_file_two_encodings_read_alike_is_refused_and_a_mapping_settles_it(empty_con, tmp_path):
    # Łódź in Windows-1250 reads as £Ûdü in Mac Roman, and as £ódŸ in Windows-1252 (a capital after a small
    # letter): no reading is clearly the one
    path = write_bytes(tmp_path, "short.csv", SHORT.format("Łódź").encode("cp1250"))
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path])
    message = str(refused.value)
    assert message.startswith("short.csv: the text is not UTF-8, and reads as ")
    assert "Windows-1250 ('Łódź')" in message and "Mac Roman ('£Ûdü')" in message
    assert '"cp1250"' in message and "in its [deals] section" in message
    assert "Save the file as UTF-8" in message
    assert store.scalar(empty_con, "select count(*) from deals") == 0
    # the mapping line the message names settles it, and the report says who said so
    mapping = load_mapping(write_bytes(tmp_path, "m.toml", b'[deals]\nencoding = "cp1250"\n'))["deals"]
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    assert store.scalar(empty_con, "select source from deals") == "Łódź"
    assert notes_of(report, "short.csv") == ["short.csv: read as Windows-1250, as m.toml states (Łódź)"]


def test_a_mapping_naming_an_encoding_the_bytes_are_not_is_refused(empty_con, tmp_path):
    path = write_bytes(tmp_path, "sheet.csv", FR_SHEET.encode("mac_roman"))
    mapping = load_mapping(write_bytes(tmp_path, "m.toml", b'[deals]\nencoding = "windows-1252"\n'))["deals"]
    with pytest.raises(ImportRefused, match=r"m\.toml states encoding = \"cp1252\", but the file reads as Mac Roman"):
        import_files(empty_con, "deals", [path], mapping=mapping)
    with pytest.raises(ImportRefused, match=r'\[deals\]: encoding = "klingon" is not an encoding'):
        load_mapping(write_bytes(tmp_path, "bad.toml", b'[deals]\nencoding = "klingon"\n'))


def test_a_byte_the_file_s_encoding_does_not_have_refuses_it_with_its_line(empty_con, tmp_path):
    # Shift_JIS from the start (more than the 64 KB read to decide), then a line whose 0x82 starts no character:
    # nothing is stored as a replacement character
    rows = "".join(f"J{i},2026-01-01,open,1,展示会\r\n" for i in range(4000))
    data = b"deal_id,created_at,status,amount,source\r\n" + rows.encode("shift_jis") + b"X1,2026-01-01,open,1,\x82\r\n"
    assert len(data) > readers.SNIFF_BYTES
    path = write_bytes(tmp_path, "big.csv", data)
    with pytest.raises(ImportRefused, match=r"big\.csv, line 4,002: the bytes b'\\x82' are not Shift_JIS text"):
        import_files(empty_con, "deals", [path])


def test_lines_pasted_from_a_mac_after_utf8_ones_are_read_and_said(empty_con, tmp_path):
    # a UTF-8 export with rows pasted from an Excel for Mac file: é written both ways
    head = "deal_id,created_at,status,source\n" + "".join(f"u{i},2026-01-01,open,Référence\n" for i in range(3))
    path = write_bytes(tmp_path, "mix.csv", head.encode() + "m1,2026-01-02,won,Référence\n".encode("mac_roman"))
    report = import_files(empty_con, "deals", [path])
    assert store.scalar(empty_con, "select count(*) from deals where source = 'Référence'") == 4
    assert notes_of(report, "mix.csv") == [
        "mix.csv: read as UTF-8, with the lines that are not UTF-8 read as Mac Roman (Référence)"
    ]


@pytest.mark.parametrize(
    "source",
    ["Indicação nº 5", "Señora 1ª compra", "Spring—EMEA", "Web…Ads", "£1200 promo", "€1200 promo", "5‰ off"],
)
def test_windows_1252_files_excel_writes_are_read_as_before(empty_con, tmp_path, source):
    # each was read as Windows-1250, ISO-8859-2 or Mac Roman (Indicaçăo nş, Web\x85Ads, SpringóEMEA) or refused
    path = write_bytes(tmp_path, "w.csv", SHORT.format(source).encode("cp1252"))
    import_files(empty_con, "deals", [path])
    assert store.scalar(empty_con, "select source from deals") == source


def test_a_utf8_file_with_one_pasted_windows_line_keeps_both(empty_con, tmp_path):
    # a UTF-8 export with one line pasted from a Windows-1252 one: O’Brien was refused
    data = "deal_id,created_at,status,source\nd1,2026-01-05,won,José García\n".encode() + (
        "d2,2026-01-06,won,O’Brien\n".encode("cp1252")
    )
    report = import_files(empty_con, "deals", [write_bytes(tmp_path, "m.csv", data)])
    got = [s for (s,) in empty_con.execute("select source from deals order by deal_id").fetchall()]
    assert got == ["José García", "O’Brien"]
    assert "read as UTF-8, with the lines that are not UTF-8 read as Windows-1252" in notes_of(report, "m.csv")[0]
