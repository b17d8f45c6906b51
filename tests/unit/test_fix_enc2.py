"""Files in code pages the product misread or refused without help: Turkish Windows-1254 read as Windows-1252
(Kişi as Kiþi, Yılmaz as Yýlmaz), one-word files kept in Windows-1252 when that reading is odd (영업 as ¿µ¾÷),
refusals that named only wrong encodings, Korean Excel's \\ for the won sign, and a mapping's header spelled in
another code page than the file was read in. Each file is written here, a few rows, in the code page its tool writes."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import ImportRefused, import_files
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


def refusal(empty_con, path) -> str:
    """The message an import of one deals file is refused with; nothing stored."""
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "deals", [path])
    assert empty_con.execute("select count(*) from deals").fetchone() == (0,)
    return str(refused.value)


@pytest.mark.parametrize(
    ("word", "codec", "right", "windows"),
    [
        ("영업", "cp949", "EUC-KR ('영업')", "Windows-1252 ('¿µ¾÷')"),  # symbols, no letter
        ("Łukasz", "cp1250", "Windows-1250 ('Łukasz')", "Windows-1252 ('£ukasz')"),  # £ glued to a letter
        ("عميل", "cp1256", "Windows-1256 ('عميل')", "Windows-1252 ('Úãíá')"),  # four letters, all accented
    ],
)
def test_one_word_whose_windows_1252_reading_is_odd_is_refused_with_every_reading(
    empty_con, tmp_path, word, codec, right, windows
):
    # each was stored as its Windows-1252 reading, said only in an info line; the bytes of one word do not settle
    # the code page, so the refusal names every plausible reading, the right one among them
    message = refusal(empty_con, write_bytes(tmp_path, "one.csv", SHORT.format(word).encode(codec)))
    assert message.startswith("one.csv: the text is not UTF-8, and reads as ")
    assert right in message and windows in message
    assert f'"{codec}"' in message


def test_a_hebrew_word_s_refusal_names_windows_1255_and_other_code_pages(empty_con, tmp_path):
    # זכייה (won) was refused as "Mac Roman or Windows-1251", the two cheapest readings: Windows-1255 reads it as
    # plausibly and was not named
    message = refusal(empty_con, write_bytes(tmp_path, "he.csv", SHORT.format("זכייה").encode("cp1255")))
    assert "Windows-1255 ('זכייה')" in message and '"cp1255"' in message
    assert 'encoding = "big5" for Traditional Chinese, "cp949" for Korean' in message


def test_a_big5_file_no_code_page_reads_is_refused_naming_big5(empty_con, tmp_path):
    # Taiwanese Excel writes Big5, which is not among the code pages tried: the refusal said only "save as UTF-8"
    text = "deal_id,created_at,status,source,owner\n" + "".join(
        f"d{i},2026-01-0{i},won,谷歌廣告,陳大文\n" for i in range(1, 4)
    )
    message = refusal(empty_con, write_bytes(tmp_path, "tw.csv", text.encode("big5")))
    assert 'encoding = "big5" for Traditional Chinese' in message
    mapping = load_mapping(write_bytes(tmp_path, "tw.toml", b'[deals]\nencoding = "big5"\n'))["deals"]
    import_files(empty_con, "deals", [tmp_path / "tw.csv"], mapping=mapping)
    # by hand: three deals, each from 谷歌廣告
    assert empty_con.execute("select count(*), min(source) from deals").fetchone() == (3, "谷歌廣告")


@pytest.mark.parametrize("source", ["“Acme” ½ off", "O’Brien £1200", "Crème brûlée", "5 € – ¥300"])
def test_a_plausible_windows_1252_word_stays_windows_1252(empty_con, tmp_path, source):
    path = write_bytes(tmp_path, "w.csv", SHORT.format(source).encode("cp1252"))
    import_files(empty_con, "deals", [path])
    assert empty_con.execute("select source from deals").fetchall() == [(source,)]


# Korean Excel's CSV: EUC-KR (cp949), where the byte of ASCII's backslash is the won sign
KR_DEALS = (
    "deal_id,created_at,status,amount,closed_at,owner\r\n"
    'K1,2025/03/15,won,"\\12,500,000",2025/04/10,김민준\r\n'
    'K2,2025/03/22,lost,"\\3,400,000",2025/04/12,김민준\r\n'
    'K3,2025/04/09,won,"\\1,234,000",2025/04/30,이서연\r\n'
)


def test_a_korean_export_s_backslash_amounts_are_won(empty_con, tmp_path):
    # stated as cp949, \12,500,000 was refused as an unparseable number. By hand: won K1 + K3 = 12,500,000 +
    # 1,234,000 = 13,734,000 KRW; lost K2 3,400,000
    path = write_bytes(tmp_path, "kr.csv", KR_DEALS.encode("cp949"))
    mapping = load_mapping(write_bytes(tmp_path, "kr.toml", b'[deals]\nencoding = "cp949"\n'))["deals"]
    report = import_files(empty_con, "deals", [path], mapping=mapping)
    got = empty_con.execute("select deal_id, amount, owner from deals order by deal_id").fetchall()
    assert got == [("K1", 12500000.0, "김민준"), ("K2", 3400000.0, "김민준"), ("K3", 1234000.0, "이서연")]
    won = empty_con.execute("select sum(amount) from deals where status = 'won'").fetchone()
    assert won == (13734000.0,)
    notes = notes_of(report, "kr.csv")
    assert "kr.csv: amounts in KRW (values such as '₩12,500,000')" in notes
    assert any("3 \\ before a number read as the won sign ₩" in n for n in notes)


def test_a_mapping_s_column_the_file_has_in_another_code_page_names_the_encoding(empty_con, tmp_path):
    # Þube opens an Icelandic-looking word, so the file is read as Windows-1252; the mapping, written in UTF-8,
    # names Şube, and the refusal listed the file's columns with nothing of the encoding
    text = "lead_id,created_at,Şube\nL1,2025-03-01,Ankara\nL2,2025-03-02,Bursa\n"
    path = write_bytes(tmp_path, "tr.csv", text.encode("cp1254"))
    toml = '[leads.columns]\nlead_id = "lead_id"\ncreated_at = "created_at"\nregion = "Şube"\n'
    mapping = load_mapping(write_bytes(tmp_path, "m.toml", toml.encode()))["leads"]
    with pytest.raises(ImportRefused) as refused:
        import_files(empty_con, "leads", [path], mapping=mapping)
    message = str(refused.value)
    assert "the file has 'Þube', the bytes of 'Şube' in Windows-1254 read as Windows-1252" in message
    assert 'encoding = "cp1254" in its [leads] section' in message
    # the line it names settles it. By hand: 2 leads, regions Ankara and Bursa
    stated = load_mapping(write_bytes(tmp_path, "s.toml", ('[leads]\nencoding = "cp1254"\n' + toml).encode()))
    import_files(empty_con, "leads", [path], mapping=stated["leads"])
    assert empty_con.execute("select region from leads order by lead_id").fetchall() == [("Ankara",), ("Bursa",)]
