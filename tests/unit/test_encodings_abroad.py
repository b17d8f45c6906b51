"""CSV exports with English headers and stages whose names are written in another language, saved by Excel in its
computer's code page: Windows-1250 in Hungary, 1253 in Greece, 1254 in Turkey, 1257 in the Baltics, 1255 in Israel,
1256 in the Arab world. Each was refused, or read silently in the wrong code page (a Hungarian file as
Windows-1252: Győri as Gyõri; a Hebrew one as Cyrillic: תערוכה as климпиж). Each file is three deals, its names
written here as they are meant to read."""

from __future__ import annotations

import pytest

from dashboard.importers.canonical import import_files

HEADER = "deal_id,created_at,status,amount,source,owner\r\n"


def sheet(rows: list[tuple[str, str]]) -> str:
    """Three deals: won, lost, open; each row's source and owner."""
    statuses = ("won", "lost", "open")
    return HEADER + "".join(
        f"d{i + 1},2026-01-0{i + 1},{statuses[i]},100,{source},{owner}\r\n" for i, (source, owner) in enumerate(rows)
    )


CASES = {
    # ő (0xF5) and ű (0xFB) are õ and û in Windows-1252: both readings look like Latin names, and the English
    # words ("In progress") had made the file English, whose letters include õ and û
    "cp1250": (
        "Windows-1250",
        [("Győri vásár", "Erdős Péter"), ("Weboldal", "Szűcs Anna"), ("Hirdetés", "Kovács Ödön")],
    ),
    "cp1253": ("Windows-1253", [("Έκθεση", "Γιώργος Παπαδόπουλος"), ("Ιστότοπος", "Μαρία"), ("Διαφήμιση", "Νίκος")]),
    "cp1254": ("Windows-1254", [("Şişli Fuarı", "Ayşe Yılmaz"), ("Web sitesi", "Çağrı Öztürk"), ("Reklam", "Gökhan")]),
    "cp1257": (
        "Windows-1257",
        [("Paroda Šiauliuose", "Rūta Petrauskienė"), ("Svetainė", "Tomas Žukauskas"), ("Reklama", "Jonas")],
    ),
    # Hebrew and Arabic have no capitals: read as Windows-1251 every word was a lower-case Cyrillic one
    "cp1255": ("Windows-1255", [("תערוכה", "דוד כהן"), ("אתר", "שרה לוי"), ("פרסום", "משה")]),
    "cp1256": ("Windows-1256", [("معرض", "محمد علي"), ("موقع", "أحمد حسن"), ("إعلان", "سارة")]),
}


@pytest.mark.parametrize("codec", sorted(CASES))
def test_names_of_another_language_are_read_in_their_code_page(empty_con, tmp_path, codec):
    label, rows = CASES[codec]
    path = tmp_path / f"{codec}.csv"
    path.write_bytes(sheet(rows).encode(codec))
    report = import_files(empty_con, "deals", [path])
    got = empty_con.execute("select source, owner from deals order by deal_id").fetchall()
    assert got == rows
    note = next(n for n in report.notes if n.startswith(f"{codec}.csv: read as"))
    assert note.startswith(f"{codec}.csv: read as {label} (")


@pytest.mark.parametrize(
    ("codec", "label", "rows"),
    [
        # a global team's names: no one language has all of é ú ñ ç è ü ø å, and the Windows-1250 reading (Núńez,
        # Lefčvre, Sřren) fits no one language either, so nothing beats the code page Excel writes in the West
        (
            "cp1252",
            "Windows-1252",
            [("Salón Núñez", "François Lefèvre"), ("Müller Messe", "Søren Ågård"), ("Web", "José Peña")],
        ),
        # Cyrillic names start with a capital: a Russian file does not pass for Hebrew or Greek
        ("cp1251", "Windows-1251", [("Выставка", "Иван Петров"), ("Сайт", "Мария Иванова"), ("Реклама", "Олег")]),
        # a reviewer's finds: Windows-1253 read Russian's а as ΰ and Windows-1255 its о as the final ם inside a
        # word, and both readings were as plausible as Windows-1251's, so short Russian files were refused
        ("cp1251", "Windows-1251", [("сайт", "Дмитрий"), ("сайт", "Ольга Попова")]),
        ("cp1251", "Windows-1251", [("звонок", "Дмитрий"), ("звонок", "Анна Смирнова")]),
        ("cp1251", "Windows-1251", [("реклама", "Иван Петров")]),
        # Danish and Icelandic names together: letters of no one language, all of them Western
        ("cp1252", "Windows-1252", [("Messe", "Søren Ågård"), ("Messe", "Dagný Þórsdóttir")]),
        # two Hungarian names: ő and ű are õ and û in Windows-1252, and Portuguese writes õ before an e only
        ("cp1250", "Windows-1250", [("Web", "Győri Kft"), ("Ads", "Szűcs Anna")]),
    ],
)
def test_names_are_read_in_their_code_page(empty_con, tmp_path, codec, label, rows):
    path = tmp_path / "short.csv"
    path.write_bytes(sheet(rows).encode(codec))
    report = import_files(empty_con, "deals", [path])
    assert empty_con.execute("select source, owner from deals order by deal_id").fetchall() == rows
    assert any(n.startswith(f"short.csv: read as {label} (") for n in report.notes)
