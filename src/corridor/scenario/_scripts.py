"""How each agency writes a name: scripts, orthographies and transliteration tables.

A name has one native form (Serbian, Macedonian and Bulgarian in Cyrillic, Albanian and
Turkish in their Latin alphabets, migrants' names in their commonest English spelling).
Each agency writes it in its own orthography: a Serbian officer writes *Krasniqi* as
*Краснићи*, a Turkish one writes *Mohammad* as *Muhammed*, a British one writes
*Петровић* as *Petrovic*. These are the variants entity resolution has to see through.

The tables are written out here rather than taken from ICU: ICU's ``Latin-Cyrillic``
maps Serbian *lj* and *dž* letter by letter (*Лйубичић*, *Джаковић*), which no Serbian
clerk would write; the Serbian Cyrillic-to-Latin direction matches ICU's
``Serbian-Latin/BGN`` (a test checks that). Each table is applied in one regex pass,
longest key first, so digraphs win over single letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

TARGETS: tuple[str, ...] = ("sr-Cyrl", "sr-Latn", "mk-Cyrl", "sq", "tr", "en")
"""The orthographies agencies write in."""

SLAVIC_CYRILLIC = ("srp", "mkd", "bul")
FOREIGN = ("ara", "kur", "fas", "pus", "urd", "ben", "hin", "mar")


def _cased(pairs: dict[str, str]) -> dict[str, str]:
    """Extend a lower-case table with Title and UPPER keys (Lj → Љ, LJ → Љ)."""
    out: dict[str, str] = {}
    for key, value in pairs.items():
        out[key] = value
        title_key, title_value = key[:1].upper() + key[1:], value[:1].upper() + value[1:]
        out.setdefault(title_key, title_value)
        out.setdefault(key.upper(), value.upper())
    return out


def _translator(pairs: dict[str, str]) -> Callable[[str], str]:
    table = _cased(pairs)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))

    def apply(text: str) -> str:
        return pattern.sub(lambda m: table[m.group(0)], text)

    return apply


_SR_CYR = dict(zip(
    "абвгдђежзијклмнопрстћуфхцчш",
    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "ć", "u", "f", "h", "c", "č", "š"],
    strict=True,
)) | {"љ": "lj", "њ": "nj", "џ": "dž"}  # fmt: skip

sr_cyr_to_lat = _translator(_SR_CYR)
"""Serbian Cyrillic to Gaj's Latin alphabet (Петровић → Petrović)."""

sr_lat_to_cyr = _translator({v: k for k, v in _SR_CYR.items()})
"""Gaj's Latin to Serbian Cyrillic, digraphs first (Ljubičić → Љубичић)."""

mk_cyr_to_lat = _translator(
    dict(zip(
        "абвгдежзијклмнопрстуфхц",
        "abvgdežzijklmnoprstufhc",
        strict=True,
    )) | {"ѓ": "gj", "ж": "zh", "ѕ": "dz", "љ": "lj", "њ": "nj", "ќ": "kj", "ч": "ch", "џ": "dž",
          "ш": "sh"}
)  # fmt: skip
"""Macedonian Cyrillic to the official Macedonian Latin romanisation (Ѓорѓи → Gjorgji)."""

mk_to_sr_cyr = _translator({"ѓ": "ђ", "ќ": "ћ", "ѕ": "дз"})
sr_to_mk_cyr = _translator({"ђ": "ѓ", "ћ": "ќ"})

bul_cyr_to_lat = _translator(
    dict(zip("абвгдезиклмнопрстуф", "abvgdeziklmnoprstuf", strict=True))
    | {"ж": "zh", "й": "y", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
       "ь": "y", "ю": "yu", "я": "ya"}
)  # fmt: skip
"""Bulgarian Cyrillic to the Bulgarian streamlined system (Христов → Hristov)."""

bul_to_sr_cyr = _translator({"ъ": "а", "щ": "шт", "й": "ј", "ю": "ју", "я": "ја", "ь": "ј"})

_DOUBLES = re.compile(r"([bdfhklmnprstz])\1", re.IGNORECASE)

_en_to_gaj = _translator({
    "kh": "h", "sh": "š", "ch": "č", "zh": "ž", "gh": "g", "th": "t", "dh": "d", "ph": "f",
    "ou": "u", "oo": "u", "ee": "i", "aa": "a", "j": "dž", "y": "j", "w": "v", "q": "k",
    "x": "ks", "c": "k", "'": "", "ā": "a", "ê": "e",
})  # fmt: skip
_en_to_sq = _translator({
    "kh": "h", "ch": "ç", "gh": "g", "ph": "f", "ou": "u", "oo": "u", "ee": "i", "j": "xh",
    "y": "j", "w": "v", "q": "k", "x": "ks", "c": "k", "'": "", "ā": "a", "ê": "e",
})  # fmt: skip
_en_to_tr = _translator({
    "kh": "h", "sh": "ş", "ch": "ç", "zh": "j", "gh": "ğ", "th": "t", "dh": "d", "ph": "f",
    "ou": "u", "oo": "u", "ee": "i", "j": "c", "w": "v", "q": "k", "x": "ks", "'": "",
    "ā": "a", "ê": "e",
})  # fmt: skip
_gaj_to_sq = _translator({"dž": "xh", "ć": "q", "č": "ç", "š": "sh", "ž": "zh", "đ": "gj"})
_gaj_to_tr = _translator({"dž": "c", "ć": "ç", "č": "ç", "š": "ş", "ž": "j", "đ": "d"})
_gaj_to_en = _translator({"dž": "dz", "ć": "c", "č": "c", "š": "s", "ž": "z", "đ": "dj"})
_gaj_to_en_phonetic = _translator({"dž": "dj", "ć": "ch", "č": "ch", "š": "sh", "ž": "zh", "đ": "dj"})
_gaj_to_de = _translator(
    {"dž": "dsch", "ć": "tsch", "č": "tsch", "š": "sch", "ž": "sch", "đ": "dj", "v": "w", "c": "z"}
)
_sq_to_gaj = _translator({
    "xh": "dž", "sh": "š", "zh": "ž", "gj": "đ", "dh": "d", "th": "t", "ll": "l", "rr": "r",
    "q": "ć", "ç": "č", "x": "dz", "ë": "e", "y": "i",
})  # fmt: skip
_sq_to_tr = _translator({"ë": "e", "sh": "ş", "xh": "c", "zh": "j"})
_sq_to_en = _translator({"ë": "e", "ç": "c"})
_sq_to_en_phonetic = _translator({"ë": "e", "ç": "ch", "q": "ch", "xh": "j"})
_tr_to_gaj = _translator(
    {"ş": "š", "ç": "č", "c": "dž", "ğ": "", "ı": "i", "ö": "o", "ü": "u", "y": "j", "â": "a", "i̇": "i"}
)
_tr_to_sq = _translator({"ş": "sh", "c": "xh", "ğ": "", "ı": "i", "ö": "o", "ü": "y", "y": "j", "â": "a"})
_tr_to_en = _translator({"ş": "s", "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ü": "u", "â": "a"})

TURKISH_FORMS: dict[str, str] = {
    "Mohammad": "Muhammed", "Muhammad": "Muhammed", "Mohammed": "Muhammed",
    "Mohamed": "Muhammed", "Mohamad": "Muhammed", "Ahmad": "Ahmet", "Ahmed": "Ahmet",
    "Hussein": "Hüseyin", "Hussain": "Hüseyin", "Omar": "Ömer", "Youssef": "Yusuf",
    "Ibrahim": "İbrahim", "Khaled": "Halit", "Khalid": "Halit", "Mahmoud": "Mahmut",
    "Othman": "Osman", "Hassan": "Hasan", "Ismail": "İsmail", "Saleh": "Salih",
    "Qadir": "Kadir", "Yasser": "Yaser", "Mustafa": "Mustafa", "Abdullah": "Abdullah",
}  # fmt: skip
"""How a Turkish officer writes the commonest Arabic names: in their Turkish form."""


def _collapse(text: str) -> str:
    return _DOUBLES.sub(r"\1", text)


def tr_upper(text: str) -> str:
    """Upper-case the Turkish way: *i* becomes *İ*, *ı* becomes *I*."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def tr_title(text: str) -> str:
    """Title-case the Turkish way (*ŞAHİN* → *Şahin*, *YILMAZ* → *Yılmaz*)."""
    words = []
    for word in text.split(" "):
        head, tail = word[:1], word[1:]
        words.append(tr_upper(head) + tail.replace("I", "ı").replace("İ", "i").lower())
    return " ".join(words)


def gaj(name: str, lang: str) -> str:
    """A name in Gaj's Latin alphabet, the common ground of the ex-Yugoslav scripts."""
    if lang == "srp":
        return sr_cyr_to_lat(name)
    if lang == "mkd":
        return sr_cyr_to_lat(mk_to_sr_cyr(name))
    if lang == "bul":
        return sr_cyr_to_lat(bul_to_sr_cyr(name))
    if lang == "bos":
        return name
    if lang == "sqi":
        return _sq_to_gaj(name)
    if lang == "tur":
        return _tr_to_gaj(name)
    return _collapse(_en_to_gaj(name))


def latin(name: str, lang: str) -> str:
    """The canonical Latin form of a name, as the truth file gives it."""
    if lang == "srp":
        return sr_cyr_to_lat(name)
    if lang == "mkd":
        return mk_cyr_to_lat(name)
    if lang == "bul":
        return bul_cyr_to_lat(name)
    return name


@lru_cache(maxsize=1 << 16)
def write_name(name: str, lang: str, target: str) -> str:
    """``name`` (native form, language ``lang``) as an agency writing ``target`` writes it."""
    if target == "sr-Cyrl":
        if lang == "srp":
            return name
        if lang == "mkd":
            return mk_to_sr_cyr(name)
        if lang == "bul":
            return bul_to_sr_cyr(name)
        return sr_lat_to_cyr(gaj(name, lang))
    if target == "sr-Latn":
        return gaj(name, lang)
    if target == "mk-Cyrl":
        if lang == "mkd":
            return name
        if lang == "bul":
            return sr_to_mk_cyr(bul_to_sr_cyr(name))
        if lang == "srp":
            return sr_to_mk_cyr(name)
        return sr_to_mk_cyr(sr_lat_to_cyr(gaj(name, lang)))
    if target == "sq":
        if lang == "sqi":
            return name
        if lang == "tur":
            return _tr_to_sq(name)
        if lang == "bul":
            return bul_cyr_to_lat(name)
        if lang in FOREIGN:
            return _collapse(_en_to_sq(name))
        return _gaj_to_sq(gaj(name, lang))
    if target == "tr":
        if lang == "tur":
            return name
        if lang == "sqi":
            return _sq_to_tr(name)
        if lang == "bul":
            return bul_cyr_to_lat(name)
        if lang in FOREIGN:
            return TURKISH_FORMS.get(name) or _en_to_tr(name)
        return _gaj_to_tr(gaj(name, lang))
    if target == "en":
        if lang == "sqi":
            return _sq_to_en(name)
        if lang == "tur":
            return _tr_to_en(name)
        if lang == "mkd":
            return mk_cyr_to_lat(name).replace("ž", "zh")
        if lang == "bul":
            return bul_cyr_to_lat(name)
        if lang in FOREIGN:
            return name
        return _gaj_to_en(gaj(name, lang))
    raise ValueError(f"unknown target orthography {target!r}")


@lru_cache(maxsize=1 << 14)
def latin_variants(name: str, lang: str) -> tuple[str, ...]:
    """Other Latin spellings of a Balkan or Turkish name seen in foreign records.

    *Petrović* turns up as *Petrovic*, *Petrovich* and *Petrowitsch*; *Krasniqi* as
    *Krasnici* and *Krasniqi*; *Yılmaz* as *Yilmaz*. Migrants' names get theirs from
    ``VARIANTS`` instead.
    """
    if lang in ("srp", "mkd", "bul", "bos"):
        base = gaj(name, lang)
        out = [_gaj_to_en(base), _gaj_to_en_phonetic(base), _gaj_to_de(base)]
        if lang == "mkd":
            out.append(mk_cyr_to_lat(name))
    elif lang == "sqi":
        out = [_sq_to_en(name), _sq_to_en_phonetic(name), _sq_to_en(name).replace("q", "c")]
    elif lang == "tur":
        out = [_tr_to_en(name), _tr_to_en(name).replace("c", "dj")]
    else:
        return ()
    seen: list[str] = []
    for value in out:
        if value != name and value not in seen:
            seen.append(value)
    return tuple(seen)
