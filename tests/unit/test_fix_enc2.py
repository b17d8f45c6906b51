"""Files in code pages the product misread or refused without help: Turkish Windows-1254 read as Windows-1252
(Kişi as Kiþi, Yılmaz as Yýlmaz), one-word files kept in Windows-1252 when that reading is odd (영업 as ¿µ¾÷),
refusals that named only wrong encodings, Korean Excel's \\ for the won sign, and a mapping's header spelled in
another code page than the file was read in. Each file is written here, a few rows, in the code page its tool writes."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files
from dashboard.importers.mapping import load_mapping


def write_bytes(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def notes_of(report, name):
    return [n for n in report.notes if n.startswith(f"{name}:")]


# a Turkish CRM's contacts saved by Excel on a Turkish Windows: Turkish headers, Windows-1254, semicolons
TR_CONTACTS = (
    "Kişi No;Oluşturma Tarihi;Kaynak;Sorumlu;Şehir\r\n"
    "201;03.03.2025;Web Sitesi;Ayşe Yılmaz;İstanbul\r\n"
    "202;05.03.2025;Fuar;Mehmet Öztürk;İzmir\r\n"
    "203;11.03.2025;Web Sitesi;Ayşe Yılmaz;Eskişehir\r\n"
)
TR_MAPPING = """
[leads]
date_format = "%d.%m.%Y"
[leads.columns]
lead_id = "Kişi No"
created_at = "Oluşturma Tarihi"
source = "Kaynak"
owner = "Sorumlu"
region = "Şehir"
"""


def test_a_turkish_export_with_turkish_headers_is_read_as_windows_1254(empty_con, tmp_path):
    # ş ı İ are 0xFE 0xFD 0xDD in Windows-1254, þ ý Ý in Windows-1252 (Icelandic letters): read so, the owners were
    # stored as Ayþe Yýlmaz and the mapping's "Kişi No" was not in the file. By hand: 3 leads, Ayşe owns 201 and 203
    path = write_bytes(tmp_path, "tr.csv", TR_CONTACTS.encode("cp1254"))
    mapping = load_mapping(write_bytes(tmp_path, "tr.toml", TR_MAPPING.encode()))["leads"]
    report = import_files(empty_con, "leads", [path], mapping=mapping)
    got = empty_con.execute("select lead_id, owner, region from leads order by lead_id").fetchall()
    assert got == [
        ("201", "Ayşe Yılmaz", "İstanbul"),
        ("202", "Mehmet Öztürk", "İzmir"),
        ("203", "Ayşe Yılmaz", "Eskişehir"),
    ]
    assert notes_of(report, "tr.csv")[0].startswith("tr.csv: read as Windows-1254 (Kişi, Oluşturma, Şehir)")


SHORT = "deal_id,created_at,status,source\nd1,2026-01-05,won,{}\n"


@pytest.mark.parametrize("word", ["Kazanıldı", "Satış", "Işıl"])
def test_a_turkish_word_alone_is_read_as_windows_1254(empty_con, tmp_path, word):
    # Kazanıldı (won) and Satış (sales) are export words; Işıl's ş follows a vowel, where Icelandic writes no þ
    path = write_bytes(tmp_path, "tr.csv", SHORT.format(word).encode("cp1254"))
    import_files(empty_con, "deals", [path])
    assert empty_con.execute("select source from deals").fetchall() == [(word,)]


@pytest.mark.parametrize("name", ["Þórður Eyþórsson", "Hafþór Guðmundsson", "Ýr Sigurðardóttir"])
def test_icelandic_names_stay_windows_1252(empty_con, tmp_path, name):
    # Icelandic writes þ at a word's or a name part's start (Þór, Haf-þór, Ey-þór): these are not Turkish
    path = write_bytes(tmp_path, "is.csv", SHORT.format(name).encode("cp1252"))
    import_files(empty_con, "deals", [path])
    assert empty_con.execute("select source from deals").fetchall() == [(name,)]
