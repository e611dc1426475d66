"""Latin forms of names written in another script, so search and resolution find them.

A Serbian record says ``Јован Петровић``, a British one ``Jovan Petrovic``: the name is kept
as written and its Latin transliteration is added beside it. ICU's BGN/PCGN transliterators
give each language its own conventions (Serbian ``Ђорђе`` -> ``Đorđe``, Macedonian ``Ѓорѓи``
-> ``Ǵorǵi``), which is how the partners themselves spell those names in Latin; ``Any-Latin``
catches whatever a language-specific table leaves (and scripts with no table). Cyrillic
with no declared language is read as Serbian, the most common case on this route, because
ICU's generic ISO 9 table writes ``Ј`` as ``J̌``, a spelling nobody uses.

Transliterators are created on first use (importing this module loads nothing) and each
result is memoised, since the same names recur across rows.
"""
# ruff: noqa: RUF002, RUF100 - Cyrillic, Turkish and typographic letters are data here (RUF100: pyproject already ignores them)

from __future__ import annotations

from functools import lru_cache
from typing import Any

_BY_LANG = {
    "srp": "Serbian-Latin/BGN",
    "mkd": "Macedonian-Latin/BGN",
    "bul": "Bulgarian-Latin/BGN",
    "rus": "Russian-Latin/BGN",
    "ukr": "Ukrainian-Latin/BGN",
    "bel": "Belarusian-Latin/BGN",
    "ell": "Greek-Latin/UNGEGN",
    "ara": "Arabic-Latin/BGN",
    "fas": "Persian-Latin/BGN",
    "pus": "Pashto-Latin/BGN",
}
_ISO_639_1 = {
    "sr": "srp", "mk": "mkd", "bg": "bul", "ru": "rus", "uk": "ukr", "be": "bel",
    "el": "ell", "ar": "ara", "fa": "fas", "ps": "pus",
}  # fmt: skip
_DEFAULT_CYRILLIC = "srp"


@lru_cache(maxsize=32)
def _transliterator(rules: str) -> Any:
    import icu

    return icu.Transliterator.createInstance(rules)


def _rules(lang: str | None, text: str) -> str:
    code = _ISO_639_1.get(lang or "", lang or "")
    if code not in _BY_LANG and any("\u0400" <= ch <= "\u04ff" for ch in text):
        code = _DEFAULT_CYRILLIC
    specific = _BY_LANG.get(code)
    return f"{specific}; Any-Latin; NFC" if specific else "Any-Latin; NFC"


def needs_latin(text: str) -> bool:
    """Whether ``text`` has a letter outside the Latin script (and so gets a Latin form)."""
    if text.isascii():
        return False
    return any(ch.isalpha() and not _is_latin(ch) for ch in text)


def _is_latin(ch: str) -> bool:
    code = ord(ch)
    # Basic Latin, Latin-1, Latin Extended-A/B, IPA, Latin Extended Additional and -C/-D/-E.
    return (
        code < 0x250
        or 0x1E00 <= code <= 0x1EFF
        or 0x2C60 <= code <= 0x2C7F
        or 0xA720 <= code <= 0xA7FF
        or 0xAB30 <= code <= 0xAB6F
        or 0x250 <= code <= 0x2AF
    )


@lru_cache(maxsize=200_000)
def latin_form(text: str, lang: str | None = None) -> str | None:
    """The Latin transliteration of ``text``, or ``None`` if it is Latin already.

    ``lang`` is the ISO 639 code of the mapping's names (it picks the spelling rules).
    """
    if not needs_latin(text):
        return None
    out = str(_transliterator(_rules(lang, text)).transliterate(text)).strip()
    return out if out and out != text else None
