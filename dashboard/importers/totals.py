"""How reports and spreadsheets label their totals rows, in the languages they are exported in.

A totals row counted as spend doubles it (and halves ROI) without a word. Its label says what it is: Google Ads'
"Total: Account" ("Łącznie: konto", "合計: アカウント", "Итого: аккаунт"), TikTok's "Total of 3 campaigns", an Excel
or Sheets pivot's grand total ("Grand Total", "Gesamtergebnis", "Suma końcowa", "総計") and its subtotals after each
group ("paid_search Total", "paid_search Ergebnis", "Total paid_search", "paid_search 集計"), a finance sheet's
"TOTAL (all channels)" or "Nov total". A label that is a total by its words alone (STRONG) makes a totals row; a
value beside a total word (WEAK: a subtotal, or a campaign called "Total Recall Promo") only when the row's amount is
the sum of the rows it would total (checks.record_labelled_totals).

The patterns are RE2 (DuckDB's regular expressions), matched against a whole cell, in any case.
"""

from __future__ import annotations

import re

# the words that name a total on their own, as the export's language writes them. Each is a totals label alone
# ("Summe", "Razem", "総計"), before a colon ("Celkem: účet"), or around a value (a subtotal: "paid_search Suma")
TOTAL_WORDS: tuple[str, ...] = (
    # English
    "total",
    "totals",
    "grand total",
    "grand totals",
    "subtotal",
    "subtotals",
    "sub-total",
    "sub-totals",
    "sub total",
    "sum",
    "sum total",
    "overall total",
    # German
    "gesamt",
    "gesamtergebnis",
    "gesamtsumme",
    "insgesamt",
    "summe",
    "endsumme",
    "zwischensumme",
    "teilergebnis",
    # French, Spanish, Portuguese, Italian, Romanian
    "total général",
    "total general",
    "total geral",
    "totaux",
    "totales",
    "sous-total",
    "sous total",
    "suma total",
    "totale",
    "totali",
    "totale complessivo",
    "totale generale",
    "subtotale",
    "gran total",
    # not "somme" alone: the Somme is a French département and river, a campaign's name ("Somme - Immobilier")
    "somme totale",
    "sumatoria",
    "sumatorio",
    # Dutch
    "totaal",
    "eindtotaal",
    "subtotaal",
    "totaal generaal",
    # Polish
    "suma",
    "suma końcowa",
    "suma całkowita",
    "suma częściowa",
    "łącznie",
    "razem",
    "ogółem",
    # Swedish, Danish, Norwegian, Finnish
    "totalt",
    "totalsumma",
    "summa",
    "delsumma",
    "hovedtotal",
    "i alt",
    "totalsum",
    "delsum",
    "yhteensä",
    "kokonaissumma",
    "välisumma",
    # Russian, Ukrainian, Bulgarian
    "итого",
    "итог",
    "общий итог",
    "промежуточный итог",
    "всего",
    "сумма",
    "усього",
    "всього",
    "разом",
    "підсумок",
    "загальний підсумок",
    "общо",
    "итого по всем",
    "всего по всем",
    # Turkish
    "toplam",
    "genel toplam",
    "ara toplam",
    "toplam sonuç",
    # Croatian, Serbian, Bosnian, Slovenian (a dated "Ukupno" row was kept, doubling its month)
    "ukupno",
    "sveukupno",
    "укупно",
    "skupaj",
    "skupno",
    # Czech, Slovak, Hungarian
    "celkem",
    "celkový součet",
    "součet",
    "mezisoučet",
    "spolu",
    "celkom",
    "celkový súčet",
    "súčet",
    "összesen",
    "mindösszesen",
    "végösszeg",
    "összeg",
    "részösszeg",
    # Greek
    "σύνολο",
    "γενικό σύνολο",
    "μερικό σύνολο",
    # Japanese, Chinese, Korean
    "合計",
    "総計",
    "総合計",
    "集計",
    "小計",
    "总计",
    "合计",
    "汇总",
    "小计",
    "總計",
    "彙總",
    "합계",
    "총계",
    "총합계",
    "소계",
    # Vietnamese, Indonesian and Malay, Thai, Arabic, Hebrew, Hindi
    "tổng",
    "tổng cộng",
    "tổng số",
    "jumlah",
    "jumlah keseluruhan",
    "total keseluruhan",
    "รวม",
    "ยอดรวม",
    "ผลรวม",
    "ผลรวมทั้งหมด",
    "المجموع",
    "الإجمالي",
    "المجموع الكلي",
    'סה"כ',
    "סך הכל",
    "कुल",
    "योग",
)
# words a pivot table writes after a group's value for its subtotal that name no total alone: Excel's German
# "paid_search Ergebnis", Korean "paid_search 요약" ("Ergebnis" alone is a result, not a sum)
SUBTOTAL_ONLY_WORDS: tuple[str, ...] = ("ergebnis", "요약")
# the English total words an export writes before "of" and what it sums: TikTok's "Total of 3 campaigns"
OF_WORDS: tuple[str, ...] = ("total", "totals", "grand total", "subtotal", "sub-total")
# what a total word names the scope of, in a label that is a total all the same: "Total campaigns", "Account
# total", "Monthly total", "Total all channels"
SCOPE_WORDS: tuple[str, ...] = (
    "account",
    "accounts",
    "campaign",
    "campaigns",
    "channel",
    "channels",
    "source",
    "sources",
    "platforms",
    "report",
    "overall",
    "monthly",
    "month",
    "spend",
    "all",
    "all campaigns",
    "all channels",
    "all sources",
    "all accounts",
)
# a row for every channel or campaign, in the source or campaign column of spend: their sum
ALL_LABEL = (
    r"(?i)\s*(?:all\s+(?:channels|sources|campaigns|accounts|ad\s+sets|ads|platforms|media)"
    r"|alle\s+(?:kanäle|quellen|kampagnen)|tous\s+les\s+(?:canaux|sources|campagnes)"
    r"|todos\s+los\s+canales|todas\s+las\s+(?:campañas|fuentes))\s*"
)
# the separators between a value and its subtotal word ("paid_search - Total", "paid_search: Summe")
_SEPARATORS = r"[\s:：,;–—-]"
# the scripts whose words stand without a space before a subtotal word ("paid_search集計")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _alternatives(words: tuple[str, ...]) -> str:
    """RE2 alternation of words, longest first, the spaces within a word any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


_WORD = _alternatives(TOTAL_WORDS)
_SUB_SPACED = _alternatives(tuple(w for w in (*TOTAL_WORDS, *SUBTOTAL_ONLY_WORDS) if not _UNSPACED.search(w)))
_SUB_UNSPACED = _alternatives(tuple(w for w in (*TOTAL_WORDS, *SUBTOTAL_ONLY_WORDS) if _UNSPACED.search(w)))
_SCOPE = _alternatives(SCOPE_WORDS)

# a totals label by its words alone: a total word alone ("Total", "Razem", "総計"), before a colon ("Total: Account",
# "Łącznie: kampanie", "Total : compte"), a dash ("Total - all but removed campaigns", the old AdWords'), "of"
# ("Total of 3 campaigns") or brackets ("TOTAL (all channels)"), or beside a scope word ("Total campaigns",
# "Monthly total"). Not "Total Recall Promo", "Totally new" or "Summer Sale"
STRONG = (
    rf"(?i)\s*(?:{_WORD}(?:\s*[:：].*|\s+[-–—]+\s.*|\s*\(.*|\s+{_SCOPE})?"
    rf"|{_alternatives(OF_WORDS)}\s+of\s.*|{_SCOPE}\s+{_WORD})\s*"
)
# a value beside a total word: a pivot's subtotal after its group's value ("paid_search Total", "paid_search I
# alt", "paid_search 集計", "Nov total") or before it ("Total paid_search", "Totaal paid_search", "Total Nov-26");
# not "All" alone (a sheet's campaign "all" is a source's whole spend). Group 1 (after) or 2 (before) is the value; a
# totals row only when its amount sums the value's rows
WEAK = (
    rf"(?i)^\s*(?:(.+?)(?:{_SEPARATORS}+{_SUB_SPACED}|{_SEPARATORS}*{_SUB_UNSPACED})"
    rf"|{_WORD}\s+(.+?))\s*$"
)
# a quick test a cell must pass before the patterns above are tried: a total word standing apart from other letters
# (of a script that writes spaces), or one of Japanese, Chinese or Korean anywhere
CANDIDATE = rf"(?i)(?:^|[^\p{{L}}])(?:{_SUB_SPACED}|all|alle|tous|todos|todas)(?:[^\p{{L}}]|$)|{_SUB_UNSPACED}"
# a value that a weak label totals the month (or the whole file) of, not a group of rows named by it: a month
# ("Nov", "Nov-26", "November 2026", "2026-11", "11/2026"), a period or the whole ("Monthly", "All", "YTD", "2026")
_MONTH_NAMES = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september"
    "|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin"
    "|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto"
    "|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre"
    "|dicembre|januari|februari|maart|augustus"
)
PERIOD = (
    rf"(?i)\s*\(?\s*(?:(?:{_MONTH_NAMES})\.?(?:[\s'’./-]*[0-9]{{2,4}})?|[0-9]{{4}}[\s./-]+(?:[0-9]{{1,2}}|"
    rf"(?:{_MONTH_NAMES})\.?)|[0-9]{{1,2}}[./-][0-9]{{2,4}}|[0-9]{{4}}|q[1-4](?:[\s-]*[0-9]{{2,4}})?|"
    r"monthly|month|months|overall|grand|ytd|mtd|year|period|the\s+month)\s*\)?\s*"
)
# a label cell that is no value at all, as an ad report writes it in a totals row's campaign (Google Ads' "--")
NO_LABEL = r"(?i)\s*(?:-+|–|—|n/?a)\s*"
