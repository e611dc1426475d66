"""Place-name keys: one spelling-independent form for a name written in any script.

``Београд``, ``Beograd`` and ``BEOGRAD`` must meet, and so must ``İstanbul``/``Istanbul``
and ``Priština``/``Pristina``. Latin, Cyrillic and Greek (the scripts the route's
agencies write) are folded by a translation table and Unicode decomposition, which is
fast enough to index a quarter of a million GeoNames names in a second; other scripts
fall back to ICU transliteration through normality. The parts of a name that agencies
add around a place (``beach``, ``port of``, a parenthesised gloss) are split off by
``name_parts`` so that each part can be looked up on its own.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from normality import normalize

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "c", "џ": "dz", "ш": "s", "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "й": "j", "ы": "y", "э": "e",
    "ю": "ju", "я": "ja", "щ": "st", "ъ": "", "ь": "", "ё": "e", "є": "je", "і": "i", "ї": "ji",
    "ґ": "g", "ў": "u",
}  # fmt: skip
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_LATIN = {"ı": "i", "đ": "dj", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h"}
_TABLE = str.maketrans({**_CYRILLIC, **_GREEK, **_LATIN})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SPLIT = re.compile(r"[()\[\]/,;]| - | – |\s+-\s+")
_NOISE = frozenset(
    {
        "beach", "plage", "de", "port", "of", "harbour", "docks", "dock", "eastern", "western",
        "juxtaposed", "controls", "control", "border", "crossing", "bcp", "riverbank", "camp",
        "area", "near", "the", "at", "village", "town", "city", "centre", "center", "station",
        "bus", "railway", "motorway", "highway", "road", "terminal", "granicni", "prelaz",
        "kufiri", "kufitar", "pika", "gumruk", "kapisi", "sinir", "kapi", "premin", "granichen",
        "preminot", "okolina", "kod", "blizu", "prane", "afer", "yakinlari", "civari", "jet",
        "foil", "jetfoil",
    }
)  # fmt: skip
"""Words that describe a place's kind or surroundings rather than name it."""


_COMBINING = re.compile("[\u0300-\u036f]")


def _fold(text: str) -> str:
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered.translate(_TABLE)))


@lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """The lookup key of a name: ASCII, lower case, single spaces, no punctuation."""
    folded = _fold(text)
    if not folded.isascii():
        folded = normalize(folded, ascii=True) or ""
    return _NON_WORD.sub(" ", folded).strip()


def is_indexable(name: str) -> bool:
    """Whether a GeoNames alternate name is in a script the route's agencies write.

    Arabic, Chinese or Devanagari forms of a Balkan town transliterate to short Latin
    strings (``kale``, ``blgrd``) that collide with other places; agencies on the route
    write Latin, Cyrillic or Greek, so only those are indexed.
    """
    return name.isascii() or _fold(name).isascii()


def name_parts(text: str) -> list[str]:
    """Keys of the parts of a composite name, whole first, then pieces, then without noise words.

    ``"Dover (Western Jet Foil)"`` gives ``["dover western jet foil", "dover",
    "western jet foil"]`` and then the same without noise words; the caller tries each
    in turn and keeps the first that resolves.
    """
    out: list[str] = []
    whole = name_key(text)
    if whole:
        out.append(whole)
    for piece in _SPLIT.split(text):
        key = name_key(piece) if piece and piece.strip() else ""
        if key and key not in out:
            out.append(key)
    for key in list(out):
        stripped = " ".join(w for w in key.split() if w not in _NOISE)
        if stripped and stripped not in out:
            out.append(stripped)
    return out
