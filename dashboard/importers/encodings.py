"""Which encoding a CSV export that is not UTF-8 or UTF-16 was written in, decided from its bytes.

Excel saves "CSV" in the computer's own code page: Windows-1252 in Western Europe and the Americas, Windows-1250 in
Central Europe, Windows-1251 for Cyrillic, 1253 for Greek, 1254 for Turkish, 1257 in the Baltics, 1255 for Hebrew,
1256 for Arabic, Shift_JIS in Japan, GB18030 (GBK) in China, EUC-KR (CP949) in Korea, and Mac Roman from Excel for
Mac. Nothing in such a file says which: every reading is tried, each is scored by how much
it looks like text a person wrote (letters of one script and one language, no control characters, no symbols or
capitals wedged between small letters), and one is taken only when it is clearly the best; otherwise the file is
refused with both readings, and a mapping's `encoding` key (or saving the file as UTF-8) settles it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from dashboard.importers.errors import ImportRefused

# codec -> its name in messages, the encodings Excel and CRMs write CSV in, in the order identical readings are
# settled (a French file without è reads the same in Windows-1252 and Windows-1250: it is Windows-1252 then)
CANDIDATES: dict[str, str] = {
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
    "cp1250": "Windows-1250",
    "iso8859_2": "ISO-8859-2",
    "cp1251": "Windows-1251",
    "cp1253": "Windows-1253",
    "cp1254": "Windows-1254",
    "cp1257": "Windows-1257",
    "cp1255": "Windows-1255",
    "cp1256": "Windows-1256",
    "cp932": "Shift_JIS",
    "gb18030": "GB18030",
    "cp949": "EUC-KR",
}
# a refusal of the encodings above names the others a mapping can state: a Taiwanese Big5 file or a Hebrew one refused
# with "Mac Roman or Windows-1251" left its user no way on
OTHER_PAGES = (
    'other code pages are stated the same way: encoding = "big5" for Traditional Chinese, "cp949" for Korean, '
    '"cp1255" for Hebrew, "cp1256" for Arabic, "cp1253" for Greek, "cp1254" for Turkish, "cp932" for Japanese'
)
# a file whose start is UTF-8 and whose later lines are not was pasted together from two exports: the later lines
# are read in one of these, byte by byte (a multi-byte encoding cannot be read a byte at a time)
SINGLE_BYTE: tuple[str, ...] = ("cp1252", "mac_roman", "cp1250", "iso8859_2", "cp1251")
# the codecs whose byte 0x5C, ASCII's backslash, is the local currency's sign (Python reads a backslash): Japanese
# Excel shows Shift_JIS's \1,234 as ¥1,234, Korean Excel EUC-KR's \12,500,000 as ₩12,500,000 (read as a backslash,
# the Korean amounts were refused as unparseable numbers); codec -> sign, its name, where Excel shows it
BACKSLASH_SIGNS: dict[str, tuple[str, str, str]] = {
    **dict.fromkeys(("cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp"), ("¥", "yen", "Japan")),
    **dict.fromkeys(("cp949", "euc_kr"), ("₩", "won", "Korea")),
}
# names people write in a mapping for the codecs above (Python knows most of them already)
STATED_NAMES: dict[str, str] = {"shift_jis": "cp932", "sjis": "cp932", "euc_kr": "cp949", "gbk": "gb18030"}
# how much one implausible character weighs against one merely uncommon one
BAD = 5
WEAK = 1
# a word the exports of a language write (headers, stages), spelled right, is evidence for the reading that has it
KNOWN_WORD = 3
# accented Latin letters in a row that no language writes (Żółć has four): Cyrillic or Greek read as Latin
LATIN_RUN = 5
# what an Icelandic þ costs after a plain vowel or at a word's end (where Turkish has ş), or ý after y (Turkish ı)
ODD_THORN = 2 * WEAK
THORN_NEVER_AFTER = frozenset("aeiouöüýı")
# what names from several Western countries cost against names of one language (one with the letters of all)
MIXED_NAMES = 2 * WEAK
# Hebrew's final letters, written only at a word's end
HEBREW_FINALS = frozenset("ךםןףץ")
# Greek letters (upsilon and iota with dialytika and tonos) Windows-1253 gives for Cyrillic а and А
RARE_GREEK = frozenset("ΰΐ")
# how many distinct Cyrillic or Greek words, none with a capital, make a reading suspect of being Hebrew or Arabic
CASELESS_WORDS = 3
# how many of the file's words with letters outside ASCII the report quotes
SHOWN_WORDS = 3
# per language: its letters beyond ASCII, a few of its short words, and words of CRM exports (headers, stages,
# sources) spelled with those letters. The short and known words tell which language a file is in; a reading whose
# accented letters that language does not have (a French file with č: è read as Windows-1250) is mixing code pages
LANGUAGES: dict[str, tuple[str, str, str]] = {
    # an English export has accented letters in names only, and those of Western Europe
    "English": ("àáâãäåçèéêëìíîïñòóôõöøùúûüýÿß", "the and of to for in with by on at from is", ""),
    "French": (
        "àâçéèêëîïôœùûüÿ",
        "de la le les des du et en pour par une un au aux sur avec dans nom fiche",
        "gagné gagnée référence références création créé créée propriétaire étape société téléphone prénom numéro "
        "clôture clôturé fermé fermée négociation qualifié qualifiée événement événements catégorie activité dernière "
        "modifié modifiée envoyé envoyée déploiement",
    ),
    "German": (
        "äöüß",
        "der die das und für von mit den dem des ist im zu am auf nicht",
        "größe straße geändert geschäft geschäftsführer zuständig währung änderungsdatum verkaufschance",
    ),
    "Spanish": (
        "áéíñóúü",
        "el la los las de del y en para por con una un",
        "teléfono compañía número categoría descripción creación región país negociación ganó ganada",
    ),
    "Portuguese": (
        "áâãàçéêíóôõú",
        "o a os as de do da dos das e em para por com um uma",
        "negociação criação proprietário situação responsável região país número",
    ),
    "Italian": ("àèéìíîòóùú", "il lo la gli le di del della e in per con un una", "attività città società"),
    "Catalan": ("àçèéíïòóúü", "el la els les de i en per amb", "població"),
    "Dutch": ("áéëíïóöúü", "de het een en van in op voor met", "één"),
    "Danish": ("æøåé", "og i af til en er med for den det", "beløb ændret"),
    "Swedish": ("åäöé", "och i av till en är med för den det", "belopp ändrad säljare"),
    "Icelandic": ("áðéíóúýþæö", "og í á að er", ""),
    "Polish": (
        "ąćęłńóśźż",
        "i w z na do nie od po dla",
        "wartość tytuł właściciel źródło wysłana wdrożenie transakcję transakcji utworzenia",
    ),
    "Czech": ("áčďéěíňóřšťúůýž", "a v na se je do od po pro s z", "obchodní příležitost vytvořeno měna"),
    "Slovak": ("áäčďéíĺľňóôŕšťúýž", "a v na sa je do od po pre s z", "obchodná príležitosť"),
    "Hungarian": ("áéíóöőúüű", "a az és egy nem", "összeg értékesítés lehetőség"),
    "Romanian": ("ăâîșțşţ", "și în de la cu pe", "sumă oportunitate"),
    "Croatian": ("čćđšž", "i u na je za od", "iznos"),
    # İ is Turkish's own capital (its small letter is i): kept as İ, not lowered to i and a combining dot
    "Turkish": (
        "çğıöşüİ",
        "ve bir bu için ile",
        "fırsat tutar aşama kişi kişiler oluşturma şehir müşteri kazanıldı kaybedildi sahibi kaynağı tarihi değer "
        "değeri satış ürün şirket ülke ilçe açıklama aşaması görüşme teklif",
    ),
    "Lithuanian": ("ąčęėįšųūž", "ir į su", "suma"),
    "Latvian": ("āčēģīķļņšūž", "un ir uz ar", "summa"),
    "Estonian": ("äõöüšž", "ja on ei", "summa"),
}
# the letters of Western Europe's languages, Windows-1252's: a name from any of them (Søren, Þórsdóttir, Æbelø)
WESTERN_LETTERS = frozenset(
    "".join(
        LANGUAGES[name][0]
        for name in ("English", "French", "German", "Spanish", "Portuguese", "Italian", "Catalan", "Dutch", "Danish")
    )
    + "".join(LANGUAGES[name][0] for name in ("Swedish", "Icelandic"))
)
# the languages whose letters a file's names are written in: one of them, not English's set of every Western letter
NAME_LANGUAGES = tuple(name for name in LANGUAGES if name != "English")
# the words of CRM exports in the languages not written in Latin letters
OTHER_KNOWN_WORDS = frozenset(
    " ".join(
        (
            "сделка сумма стадия источник создано выиграна проиграна клиент компания ответственный",  # Russian
            # Japanese
            "商談 金額 作成日 完了予定日 取引先名 展示会 成立 不成立 ウェブ リード ソース フェーズ 取引先 紹介 広告",
            "商机 金额 创建日期 赢单 输单 来源 客户 阶段 负责人 展会 网站 广告",  # Chinese
            "금액 생성일 거래 성공 실패 단계 고객 담당자 출처 웹사이트 광고",  # Korean
        )
    ).split()
)
# symbols and punctuation real text has beside its words (a quoted name, a price, m², 5 €)
COMMON_SYMBOLS = frozenset("€£¥©®™°–—…‘’‚“”„«»‹›·•×±§¿¡²³½¼¾µ¢¹ºª‰¦㈱㈲")
# the currency signs written before or after a number, never inside a word: £ukasz is Łukasz in Windows-1250
CURRENCY_SIGNS = frozenset("£¥")
# how many letters, every one accented, make a word no Latin language writes (Úãíá: Arabic read as Windows-1252)
ACCENTED_WORD = 3
# those that sit between two letters of one word (l’équipe, Jean–Pierre, col·legi)
IN_WORD = frozenset("’·–—…‐ºª")
_LANGUAGE_WORDS = {
    name: (frozenset(short.split()), frozenset(known.split())) for name, (_, short, known) in LANGUAGES.items()
}
KNOWN_WORDS = OTHER_KNOWN_WORDS.union(*(known for _, known in _LANGUAGE_WORDS.values()))
# a run of non-space characters that are not the delimiters a CSV splits cells with
# split at ASCII's blanks only: a control character (U+0085, Windows-1252's … read as ISO-8859-2) is scored, not a gap
_TOKEN = re.compile(r'[^ \t\r\n\f\v,;|"]+')
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK", "HEBREW", "ARABIC")


# UTF-8 written twice: a UTF-8 export without a BOM opened in Excel, which reads it as Windows-1252, and saved again as
# "CSV UTF-8" turns Jürgen into JÃ¼rgen and € into â‚¬ (each byte of a character a character of its own). A lead
# byte's character (Â to ô) followed by a continuation byte's (Windows-1252's € to ¿, its five unused bytes as the C1
# controls Windows reads them as) is that, unless the file's other text says otherwise (a real "JOÃO" has no ¬ after Ã)
_CONTINUATIONS = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(0x80, 0xC0))
DOUBLE_BYTES = re.compile(
    b"\xc3[\x82-\xb4](?:" + b"|".join(re.escape(ch.encode("utf-8")) for ch in _CONTINUATIONS) + b")"
)
DOUBLE_TEXT = re.compile("[\u00c2-\u00f4][" + re.escape(_CONTINUATIONS) + "]+")
# the error handler that writes Windows-1252's five unused bytes back (Excel read them as the C1 controls)
_C1 = "double_utf8_c1"


def _c1_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(exc, UnicodeEncodeError) or any(ord(ch) > 0xFF for ch in exc.object[exc.start : exc.end]):
        raise exc
    return exc.object[exc.start : exc.end].encode("latin-1"), exc.end


codecs.register_error(_C1, _c1_bytes)


def undo_double(text: str) -> str:
    """Text written twice in UTF-8 as written once; raises UnicodeError when it was not (a character Windows-1252
    has not, or bytes that are no UTF-8 once written back: a real Ã before a capital)."""
    return twice_bytes(text).decode("utf-8")


def twice_bytes(text: str) -> bytes:
    """Each character of text as its Windows-1252 byte: the bytes of text written twice in UTF-8 as first written."""
    return text.encode("cp1252", _C1)


# what text written twice repairs to (code point ranges): Latin letters and signs (Latin-1, Extended-A, Romanian's
# comma letters, Vietnamese), punctuation, currency and letterlike signs, and East Asian text. A real "CAFÉ–BAR" or
# "JOSÉ’S" is a pair too (É then Windows-1252's – or ’), which "repaired" read CAFɖBAR and JOSɒS: IPA letters no
# export writes
_REPAIRED_LATIN = ((0xA0, 0x17F), (0x218, 0x21B), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF))
_REPAIRED_ASIAN = ((0x2100, 0x214F), (0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xFF00, 0xFFEF))
# other alphabets a pair may repair to, but only as words of their own: "PEÑA–" would read PEіA (Cyrillic і)
_REPAIRED_WORDS = ((0x370, 0x4FF), (0x590, 0x6FF), (0xE00, 0xE7F))


def _in(ranges: tuple[tuple[int, int], ...], ch: str) -> bool:
    return any(low <= ord(ch) <= high for low, high in ranges)


def repairs_plausibly(text: str, pair: re.Match[str]) -> bool:
    """Whether a pair of text (a DOUBLE_TEXT match) repairs to what an export writes: a Latin letter or sign, or a
    letter of another alphabet not inside a word of ASCII letters."""
    try:
        repaired = undo_double(pair.group())
    except UnicodeError:
        return False
    before = text[pair.start() - 1 : pair.start()]
    after = text[pair.end() : pair.end() + 1]
    in_ascii_word = any(c.isascii() and c.isalpha() for c in before + after)
    return all(
        _in(_REPAIRED_LATIN + _REPAIRED_ASIAN, ch) or (_in(_REPAIRED_WORDS, ch) and not in_ascii_word)
        for ch in repaired
    )


def implausible_pair(text: str) -> int | None:
    """Where the first pair of text that repairs to nothing an export writes starts (repairs_plausibly); None."""
    for pair in DOUBLE_TEXT.finditer(text):
        if not repairs_plausibly(text, pair):
            return pair.start()
    return None


def double_example(text: str) -> tuple[str, str] | None:
    """The first word of text written twice in UTF-8 that reads right once repaired: (as written, repaired)."""
    for token in _TOKEN.findall(text):
        if DOUBLE_TEXT.search(token) and implausible_pair(token) is None:
            try:
                return token, undo_double(token)
            except UnicodeError:
                continue
    return None


@dataclass(frozen=True)
class Reading:
    """The bytes of a file read in one encoding, and how plausible the text is."""

    codec: str
    # weighted count of implausible and uncommon characters, less the known words
    cost: float
    # the implausible and uncommon characters alone
    points: int
    # characters outside ASCII
    chars: int
    # the first words with letters outside ASCII, as read
    words: tuple[str, ...]
    # the text read, to quote a word two readings spell differently
    text: str = field(default="", repr=False, compare=False)

    @property
    def label(self) -> str:
        """The encoding's name in messages."""
        return label(self.codec)


@dataclass(frozen=True)
class Encoding:
    """How a text file is read: its codec, and what the report says of it."""

    codec: str
    # UTF-8 with some lines (pasted from another export) in `codec`
    mixed: bool = False
    # the mapping file that states it (None: decided from the bytes)
    stated_by: str | None = None
    words: tuple[str, ...] = ()
    # UTF-8 written twice (JÃ¼rgen) that reads right repaired: a word as written and repaired; read repaired
    repaired: tuple[str, str] | None = None
    # some text looks written twice but the file does not read back whole: read as it is and warned of; a word as
    # written, repaired, and the text of the first character that does not read back
    garbled: tuple[str, str, str] | None = None

    @property
    def label(self) -> str:
        """The encoding's name in messages."""
        return label(self.codec)

    def note(self, signs: int = 0) -> str:
        """What the report says of the encoding: an info line, with words as read, so a wrong reading shows."""
        shown = f" ({', '.join(self.words)})" if self.words else ""
        if self.repaired:
            return (
                f"the text was written twice in UTF-8 (a UTF-8 file opened in Excel as Windows-1252 and saved again): "
                f"read repaired, such as {self.repaired[0]} → {self.repaired[1]}; every character reads back exactly"
            )
        if self.mixed:
            said = f"read as UTF-8, with the lines that are not UTF-8 read as {self.label}{shown}"
        elif self.stated_by:
            said = f"read as {self.label}, as {self.stated_by} states{shown}"
        else:
            said = f"read as {self.label}{shown}: the file is not UTF-8, and {self.label} reads its bytes as words"
        if signs:
            sign, money, country = BACKSLASH_SIGNS[self.codec]
            said += (
                f"; {signs:,} \\ before a number read as the {money} sign {sign} ({self.label} writes {sign} with the "
                f"byte of \\, and Excel in {country} shows it so)"
            )
        return said


def label(codec: str) -> str:
    """The name of an encoding in messages."""
    name = codecs.lookup(codec).name
    return CANDIDATES.get(name, CANDIDATES.get(codec, SUGGESTED_NAMES.get(name, name)))


def codec_of(stated: str, where: str) -> str:
    """The codec a mapping's `encoding` names; refuse a name Python does not know."""
    wanted = STATED_NAMES.get(stated.strip().lower().replace("-", "_"), stated.strip())
    try:
        return codecs.lookup(wanted).name
    except LookupError:
        raise ImportRefused(
            f'{where}: encoding = "{stated}" is not an encoding; use one of '
            + ", ".join(f'"{c}" ({n})' for c, n in CANDIDATES.items())
        ) from None


@cache
def _script(ch: str) -> str:
    """The script a letter belongs to, from its Unicode name: LATIN, CYRILLIC, CJK, HIRAGANA, HANGUL …"""
    name = unicodedata.name(ch, "")
    if "HALFWIDTH KATAKANA" in name:
        return "HALFWIDTH"
    if name.startswith(("KATAKANA", "HIRAGANA")):
        return "KANA"
    if name.startswith(("CJK", "FULLWIDTH", "IDEOGRAPHIC")):
        return "CJK"
    return name.split(" ", 1)[0]


@cache
def _common_ideograph(ch: str) -> bool:
    """Whether an ideograph is one of those Chinese, Japanese or Korean text uses (GB2312, JIS X 0208, KS X 1001):
    a file read in the wrong East Asian encoding is spelled in the rare ones."""
    for codec in ("gb2312", "euc_jp", "euc_kr"):
        try:
            if len(ch.encode(codec)) == 2:
                return True
        except UnicodeEncodeError:
            continue
    return False


def _letter_cost(prev: str, ch: str, nxt: str, run: int) -> int:
    """What a letter outside ASCII costs: another alphabet in the same word, a capital after a small letter,
    five accented Latin letters in a row (Cyrillic read as Latin), an East Asian character inside a Latin word or
    a script no export here is written in."""
    script = _script(ch)
    for side in (prev, nxt):
        # Windows-1256's ذ for Windows-1257's Š: an Arabic letter starting a Latin word (ذiauliuose)
        if side.isalpha() and script in _ALPHABETS and _script(side) in _ALPHABETS and _script(side) != script:
            return BAD
    if ch.isupper() and prev.islower():
        return BAD
    if script == "LATIN":
        return BAD if run >= LATIN_RUN else _icelandic_cost(prev, ch, nxt)
    if "a" <= prev.lower() <= "z" and "a" <= nxt.lower() <= "z":
        # a kanji or kana inside a Latin word (Cr鑪e) is two bytes of one code page read as one character
        return BAD
    if script in ("CYRILLIC", "GREEK", "HEBREW", "ARABIC", "KANA"):
        return _alphabet_cost(script, ch, nxt)
    if script in ("CJK", "HANGUL"):
        return 0 if _common_ideograph(ch) else WEAK
    if script == "HALFWIDTH":
        # Japanese exports write names' readings in half-width kana (ｶﾌﾞｼｷｶﾞｲｼｬ)
        return 0
    return BAD


def _alphabet_cost(script: str, ch: str, nxt: str) -> int:
    """What a letter of Cyrillic, Greek, Hebrew, Arabic or kana costs: nothing, unless it is one another code page
    gives for a common Russian letter."""
    if script == "HEBREW" and ch in HEBREW_FINALS and nxt.isalpha() and _script(nxt) == "HEBREW":
        # a final letter (ם ך ן ף ץ) ends a Hebrew word: inside one it is Windows-1255 reading Russian (о as ם)
        return BAD
    # Windows-1253 reads Russian's а and А as ΰ and ΐ, two of Greek's rarest letters: a Russian file's every other
    # word has one, a Greek one almost none
    return WEAK if ch in RARE_GREEK else 0


def _icelandic_cost(prev: str, ch: str, nxt: str) -> int:
    """What an Icelandic þ or ý where Icelandic does not write one costs: þ starts a word or a name's second part
    (Þór, Hafþór, Eyþór), never ends one or follows a plain vowel, and ý never follows y; Turkish ş and ı read as
    Windows-1252 do (Kiþi, Eskiþehir, Satýþ, Yýlmaz)."""
    if ch == "ý":
        return ODD_THORN if prev.lower() == "y" else 0
    if ch != "þ":
        return 0
    return ODD_THORN if (prev and prev.lower() in THORN_NEVER_AFTER) or not nxt.isalpha() else 0


def _symbol_cost(prev: str, ch: str, nxt: str) -> int:
    """What a symbol, number or punctuation outside ASCII costs: one wedged between two letters, or an odd one (¦, ¬)
    beside a letter, is a letter of another code page."""
    letters = prev.isalpha() + nxt.isalpha()
    if "\u3000" <= ch <= "\u30ff" or "\uff00" <= ch <= "\uffef":
        return 0
    if ch not in COMMON_SYMBOLS:
        return BAD if letters else WEAK
    return BAD if letters == 2 and ch not in IN_WORD else 0


def _char_cost(prev: str, ch: str, nxt: str, run: int) -> int:
    """What one character outside ASCII costs; a control character or an unassigned one costs the most."""
    kind = unicodedata.category(ch)
    if ch == "\ufffd" or kind in ("Cc", "Cf", "Cn", "Co", "Cs"):
        return BAD
    if kind == "Zs":
        return 0
    if kind[0] in "LM" and ch not in COMMON_SYMBOLS:
        return _letter_cost(prev, ch, nxt, run)
    return _symbol_cost(prev, ch, nxt)


def _fold(ch: str) -> str:
    """A letter in small letters, as LANGUAGES lists it: Turkish İ lowers to i and a combining dot, two characters
    no language's letters are, and Windows-1254's İstanbul cost more than Windows-1252's Ýstanbul."""
    return ch if ch == "İ" else ch.lower()


def _word_cost(word: str, letters: Counter[str]) -> int:
    """What the characters outside ASCII of one word cost, its accented letters of no one language (Dvoøák) too;
    its accented Latin letters are counted in `letters`."""
    cost, run = 0, 0
    accented = {_fold(ch) for ch in word if ch > "\x7f" and ch.isalpha() and _script(ch) == "LATIN"}
    if accented and not any(accented <= set(LANGUAGES[name][0]) for name in LANGUAGES if name != "English"):
        cost += WEAK
    for i, ch in enumerate(word):
        if ch < "\x80":
            run = 0
            continue
        run = run + 1 if ch.isalpha() else 0
        cost += _char_cost(word[i - 1] if i else "", ch, word[i + 1 : i + 2], run)
        if ch in "õÕ" and word[i + 1 : i + 2].lower() != "e":
            # Windows-1252's õ is Windows-1250's ő (Győri as Gyõri): Portuguese writes õ before e (ões, põe), and
            # Estonian, whose õ stands anywhere, is written in Windows-1257
            cost += WEAK
        if ch.isalpha() and _script(ch) == "LATIN":
            letters[_fold(ch)] += 1
    return cost


def _language(words: Counter[str], letters: Counter[str]) -> tuple[str, bool]:
    """The language a reading is in, and whether its words said so: the one whose short words and export words it
    has most of, else the one that has most of its accented letters."""
    # English words say nothing of the accented letters: an export with English headers and stages has them in the
    # names of its people, companies and places, written in their own language (a Hungarian team's Győri Kft beside
    # "Deal won"); judged against English's lenient set, Windows-1252's Gyõri passed for a name from anywhere. The
    # English words other languages share ("in" progress is Dutch and Italian too) say nothing either
    english = _LANGUAGE_WORDS["English"][0]
    hits = {
        name: sum(n for w, n in words.items() if (w in short or w in known) and w not in english)
        for name, (short, known) in _LANGUAGE_WORDS.items()
        if name != "English"
    }
    best = max(hits, key=lambda name: hits[name])
    if hits[best]:
        return best, True
    return max(NAME_LANGUAGES, key=lambda name: sum(n for ch, n in letters.items() if ch in LANGUAGES[name][0])), False


def _language_cost(words: Counter[str], letters: Counter[str]) -> tuple[int, int]:
    """The accented letters the reading's language does not have, and what names of several Western languages cost
    against names of one (a preference, not an implausible character: a global team's Søren and Dagný is text): a
    file is written in one language, a wrong code page gives letters of several (French read as Windows-1250 has č
    for è). A letter foreign to the language its words are in costs more than one foreign to the language its
    letters suggest."""
    if not letters:
        return 0, 0
    language, said = _language(words, letters)
    foreign = sum(n for ch, n in letters.items() if ch not in LANGUAGES[language][0])
    if said:
        return foreign * WEAK * 2, 0
    # names of people from several Western countries (José, François, Søren) are common in one export, but less
    # likely than names of one country: Windows-1252's Gyõri and Szûcs are Western letters, Győri and Szűcs Hungarian
    western = sum(n for ch, n in letters.items() if ch not in WESTERN_LETTERS)
    if western * WEAK + MIXED_NAMES < foreign * WEAK:
        return western * WEAK, MIXED_NAMES
    return foreign * WEAK, 0


def _known(words: Counter[str]) -> int:
    """How many of the words are export words spelled right, in any language."""
    return sum(n for w, n in words.items() if w in KNOWN_WORDS and _NOT_ASCII.search(w))


def implausible(text: str) -> int:
    """How many characters of a reading cost the most (a control character, a capital after a small letter, a symbol
    wedged between letters): none in a text a person wrote."""
    count = 0
    for token in _TOKEN.findall(text):
        for i, ch in enumerate(token):
            if ch > "\x7f" and _char_cost(token[i - 1] if i else "", ch, token[i + 1 : i + 2], 0) >= BAD:
                count += 1
    return count


def _caseless_cost(tokens: list[str]) -> int:
    """What Cyrillic or Greek words without one capital among them cost: Hebrew and Arabic have no capitals, and their
    bytes read as Windows-1251 or 1253 spell lower-case words only (חברת as збшъ), where names start with one."""
    cased = [w for w in tokens if any(_script(ch) in ("CYRILLIC", "GREEK") for ch in w if ch.isalpha())]
    if len(set(cased)) < CASELESS_WORDS or any(ch.isupper() for w in cased for ch in w):
        return 0
    return WEAK * len(cased)


def score(codec: str, text: str) -> Reading:
    """How plausible `text` (a file's start read as `codec`) is as what a person wrote."""
    letters: Counter[str] = Counter()
    words: Counter[str] = Counter()
    points, chars = 0, 0
    shown: list[str] = []
    tokens = _TOKEN.findall(text)
    for token in tokens:
        words[token.strip("()[]{}.:!?'").lower()] += 1
        if not _NOT_ASCII.search(token):
            continue
        chars += len(_NOT_ASCII.findall(token))
        points += _word_cost(token, letters)
        if len(shown) < SHOWN_WORDS and token not in shown and any(c.isalpha() for c in token):
            shown.append(token)
    foreign, mixed = _language_cost(words, letters)
    points += foreign + _caseless_cost(tokens)
    return Reading(codec, points + mixed - KNOWN_WORD * _known(words), points, chars, tuple(shown), text)


def readings(sample: bytes, whole: bool, codecs_: Iterable[str]) -> tuple[list[Reading], int]:
    """The sample read in each encoding that decodes it (identical texts once, the earlier encoding kept), and the
    furthest byte offset a failing encoding reached."""
    seen: set[str] = set()
    found: list[Reading] = []
    furthest = 0
    for codec in codecs_:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=whole)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
            continue
        if text in seen:
            continue
        seen.add(text)
        found.append(score(codec, text))
    return sorted(found, key=lambda r: r.cost), furthest


def clearly_better(best: Reading, other: Reading) -> bool:
    """Whether one reading is clearly more plausible than another: by two weak characters at least, and by at least
    as much as the best one itself costs (a reading with a few odd characters is not decided by a few more)."""
    margin = other.cost - best.cost
    return margin >= 2 * WEAK and margin >= best.points


def plausible(reading: Reading) -> bool:
    """Whether a reading looks like text at all: most of its characters cost nothing."""
    return reading.points <= max(2 * WEAK, reading.chars // 4)


def sample_lines(data: bytes) -> tuple[bytes, bool]:
    """The lines of `data` that are not UTF-8, and whether any other line is UTF-8 text beyond ASCII (the file was
    pasted together from two exports)."""
    bad: list[bytes] = []
    utf8_text = False
    for line in data.splitlines(keepends=True):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(line)
            continue
        utf8_text = utf8_text or not line.isascii()
    return b"".join(bad), utf8_text


def misread(wanted: str, columns: Iterable[str]) -> tuple[str, str, str] | None:
    """The file's column that is `wanted` written in one code page and read in another (a mapping's "Kişi No", a
    Windows-1254 file's header read as Windows-1252: "Kiþi No"): that column, the codec it was read in and the one
    its bytes are; None when no column is."""
    present = set(columns)
    for meant in CANDIDATES:
        try:
            raw = wanted.encode(meant)
        except UnicodeEncodeError:
            continue
        for read in CANDIDATES:
            try:
                text = raw.decode(read)
            except UnicodeDecodeError:
                continue
            if text != wanted and text in present:
                return text, read, meant
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _differing_words(a: Reading, b: Reading) -> tuple[str, str]:
    """The first word two readings spell differently, as each spells it."""
    at = next((i for i, (x, y) in enumerate(zip(a.text, b.text, strict=False)) if x != y), 0)
    start = max((a.text.rfind(c, 0, at) for c in ' ,;|"\t\n'), default=-1) + 1

    def word(text: str) -> str:
        found = _TOKEN.match(text, start)
        return found.group(0) if found else text[start : start + 20]

    return word(a.text), word(b.text)


# encodings no export is taken in unless a mapping states it, but a refusal suggests when they read the file well:
# ISO-8859-15 (Latin-9) writes € and œ where Windows-1252 reads ¤ and ½ (a French "Hôtel Bœuf" read "B½uf")
SUGGESTED = ("iso8859_15",)
SUGGESTED_NAMES = {"iso8859-15": "ISO-8859-15 (Latin-9)"}


def odd_words(text: str) -> tuple[str, ...]:
    """The first words of a reading with a character no person writes there (B½uf, ¤ glued to a number)."""
    found: list[str] = []
    for token in _TOKEN.findall(text):
        odd = any(
            ch > "\x7f" and _char_cost(token[i - 1] if i else "", ch, token[i + 1 : i + 2], 0) >= BAD
            for i, ch in enumerate(token)
        )
        if (odd or _odd_word(token)) and token not in found:
            found.append(token)
            if len(found) == SHOWN_WORDS:
                break
    return tuple(found)


def _suggested(sample: bytes, whole: bool, best: Reading) -> str:
    """A mapping line for an encoding exports are not taken in that reads the file plainly, better than `best`."""
    for codec in SUGGESTED:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=whole)
        except UnicodeDecodeError:
            continue
        reading = score(codec, text)
        if plausible(reading) and clearly_better(reading, best):
            theirs, ours = _differing_words(best, reading)
            return (
                f"; it reads as {label(codec)} ({ours!r} where {best.label} reads {theirs!r}): if it is, state "
                f'encoding = "{codec}" under the table\'s section ([deals] …) of the mapping file'
            )
    return ""


def _no_text(name: str, sample: bytes, furthest: int, best: Reading | None, whole: bool = True) -> ImportRefused:
    """The refusal of a file no encoding reads as words: the words that read oddly in the best reading, and an
    encoding that reads them plainly when one does."""
    where = f"{name}, line {_line_of(sample, furthest)}" if best is None else name
    odd = odd_words(best.text) if best is not None else ()
    shown = (
        f" (as {best.label} it reads {', '.join(odd or best.words)})"
        if best is not None and (odd or best.words)
        else ""
    )
    suggested = _suggested(sample, whole, best) if best is not None else ""
    return ImportRefused(
        f"{where}: the text is not UTF-8, and no encoding exports are written in ({', '.join(CANDIDATES.values())}) "
        f"reads it as words{shown}{suggested}; save the file as UTF-8 (Excel: CSV UTF-8) and import it again, or "
        f"state its encoding in the mapping file; {OTHER_PAGES}"
    )


def _ambiguous(name: str, best: Reading, others: list[Reading], section: str) -> ImportRefused:
    """The refusal of a file several encodings read as plausible text, each with the word that tells it apart."""
    said = [f"{best.label} ({_differing_words(best, others[0])[0]!r})"]
    said += [f"{r.label} ({_differing_words(best, r)[1]!r})" for r in others]
    also = ", ".join(f'"{r.codec}"' for r in others)
    return ImportRefused(
        f"{name}: the text is not UTF-8, and reads as {', as '.join(said[:-1])} or as {said[-1]}: its bytes do not "
        f"tell which. Save the file as UTF-8 (Excel: CSV UTF-8), or say which in the mapping file: "
        f'encoding = "{best.codec}" (or {also}) in its {section} section; {OTHER_PAGES}'
    )


def decide(
    sample: bytes,
    whole: bool,
    name: str,
    section: str,
    stated: tuple[str, str] | None = None,
    utf8_text: bool = False,
) -> Encoding:
    """The encoding of a file whose `sample` (its start cut at a line end, or all its lines that are not UTF-8) is
    not UTF-8: the one a mapping states (`stated`: codec, mapping file), checked against the bytes, or the one
    reading clearly best among the encodings exports are written in; refuse when none or two read plausibly.
    `utf8_text`: lines elsewhere in the file are UTF-8 beyond ASCII (the lines that are not were pasted in)."""
    bad, here = sample_lines(sample)
    mixed = (utf8_text or here) and bool(bad)
    found, furthest = readings(bad or sample, whole, SINGLE_BYTE if mixed else CANDIDATES)
    if stated is not None:
        return _checked(bad or sample, whole, name, stated, found, mixed)
    if not found or not plausible(found[0]):
        raise _no_text(name, bad or sample, furthest, found[0] if found else None, whole)
    # Windows-1252, what Excel on Windows writes in the Americas and western Europe and what this product read every
    # file in before, is kept when nothing in its reading is implausible and no other reading is clearly better: a
    # typographic ’ or € alone reads as plausibly in Mac Roman (í, Ä), and refusing every such file was no help
    windows = next((r for r in found if r.codec == "cp1252"), None)
    if windows is not None and _plain_windows(windows) and not any(clearly_better(r, windows) for r in found):
        return Encoding(windows.codec, mixed, None, windows.words)
    # an odd Windows-1252 reading is named last, after the readings as good as it
    found.sort(key=lambda r: (r.cost, r is windows))
    best = found[0]
    others = [r for r in found[1:] if not clearly_better(best, r) and plausible(r)]
    if others:
        raise _ambiguous(name, best, others, section)
    return Encoding(best.codec, mixed, None, best.words)


def _plain_windows(reading: Reading) -> bool:
    """Whether a Windows-1252 reading has nothing odd: no implausible character, and no word only a wrong code page
    writes (Korean 영업 as ¿µ¾÷, Chinese 台北 as ¥x¥_, Arabic عميل as Úãíá, Polish Łukasz as £ukasz)."""
    return not implausible(reading.text) and not any(_odd_word(t) for t in _TOKEN.findall(reading.text))


def _odd_word(token: str) -> bool:
    """Whether a word read as Windows-1252 is odd: two or more different symbols with no letter (¿µ¾÷), a £ or ¥
    glued to a letter (£ukasz, ¥x¥_), or three letters or more all accented (Úãíá); £1200, “Acme” and Crème are not."""
    symbols = {ch for ch in token if ch > "\x7f" and (ch in COMMON_SYMBOLS or not ch.isalpha())}
    letters = [ch for ch in token if ch.isalpha() and ch not in COMMON_SYMBOLS]
    if len(symbols) >= 2 and not letters:
        return True
    for i, ch in enumerate(token):
        if ch in CURRENCY_SIGNS and any(side.isalpha() for side in (token[i - 1 : i], token[i + 1 : i + 2])):
            return True
    return len(letters) >= ACCENTED_WORD and all(ch > "\x7f" for ch in letters)


def _checked(
    sample: bytes, whole: bool, name: str, stated: tuple[str, str], found: list[Reading], mixed: bool
) -> Encoding:
    """The encoding a mapping states, when the bytes are text in it and no other reading is clearly better."""
    codec, source = stated
    try:
        text = codecs.getincrementaldecoder(codec)().decode(sample, final=whole)
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{name}, line {_line_of(sample, exc.start)}: the bytes {exc.object[exc.start : exc.end]!r} are not "
            f"{label(codec)} text, the encoding {source} states; correct the mapping's encoding, or save the file as "
            "UTF-8 and import it again"
        ) from None
    mine = score(codec, text)
    if found and found[0].text != text and clearly_better(found[0], mine):
        theirs, said = _differing_words(found[0], mine)
        raise ImportRefused(
            f'{name}: {source} states encoding = "{codec}", but the file reads as {found[0].label} ({theirs!r}), '
            f"not as {label(codec)} ({said!r}); correct the mapping's encoding, or save the file as UTF-8"
        )
    return Encoding(codec, mixed, source, mine.words)
