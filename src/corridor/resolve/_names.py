"""Name keys that meet across scripts and orthographies: Cyrillic, Albanian, Turkish, Arabic.

A Serbian officer writes ``Марко Петровић``, a British one ``Marko Petrovic`` and a Kosovo
one ``Petroviq Marko``. Each name is reduced to lower-case ASCII tokens through ICU
(``Serbian-Latin/BGN`` first, so ``Ч`` and ``č`` both end as ``c`` instead of ``ch`` and
``c``), then folded by the few spelling rules that differ between the Balkan orthographies
(``gj``/``đ``, Albanian ``q``/Serbian ``ć``, ``xh``/``dž``, ``sh``/``š``, German ``tsch``/``č``,
Serbian ``j``/English ``y``, and Arabic ``j`` as Albanian ``xh`` and Serbian ``dž``)
and doubled letters are written once (``Nasser``/``Naser``). Tokens are sorted,
so given and family names swapped give the same key; each token also gets a metaphone and a
soundex key (rigour's Rust implementations), so ``Muhammad``, ``Mohammed`` and ``Mohamad``
meet.

The fold is written here because no library knows that an Albanian ``q`` is a Serbian
``ć``: ICU transliterates scripts, not one Latin orthography into another.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_FOLD = (
    ("tsch", "c"),
    ("sch", "s"),
    ("tch", "c"),
    ("xh", "i"),
    ("dz", "i"),
    ("gj", "g"),
    ("kj", "k"),
    ("dj", "d"),
    ("q", "c"),
    ("sh", "s"),
    ("zh", "z"),
    ("ch", "c"),
    ("kh", "h"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("j", "i"),
)
"""Spellings of one sound in the orthographies on the route, folded to one (longest first)."""

_FOLD_RE = re.compile("|".join(k for k, _ in _FOLD))
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_FOLD_MAP = dict(_FOLD)
_SPLIT_RE = re.compile(r"[^a-z0-9]+")
_ARTICLE_RE = re.compile(r"\b(al|el)[\s'-]+(?=[a-z])")
"""The Arabic article written apart (``Al-Ahmad``, ``AL HAMWI``), which many clerks leave out."""
_RULES = "Serbian-Latin/BGN; Any-Latin; Latin-ASCII; Lower"


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    import icu

    return icu.Transliterator.createInstance(_RULES)


@lru_cache(maxsize=500_000)
def ascii_name(text: str) -> str:
    """``text`` in lower-case ASCII, by ICU (``Марко Петровић`` -> ``marko petrovic``)."""
    if text.isascii():
        return text.lower()
    return str(_transliterator().transliterate(text))


@lru_cache(maxsize=500_000)
def fold_token(token: str) -> str:
    """One ASCII token with the Balkan spelling differences folded (``krasniqi`` -> ``krasnici``).

    A leading ``ua`` is the Cyrillic clerk's ``W`` (``Уалид`` for *Walid*), folded with ``w`` to ``v``.
    """
    if token.startswith("ua") and len(token) > 3:
        token = "va" + token[2:]
    return _DOUBLE_RE.sub(r"\1", _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], token))


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    text = _ARTICLE_RE.sub("", ascii_name(word))
    return tuple(fold_token(t) for t in _SPLIT_RE.split(text) if t and t not in ("al", "el"))


@lru_cache(maxsize=500_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """The folded ASCII tokens of a name, sorted so that word order does not matter.

    Words are transliterated one at a time and memoised: a million names are made of a
    few thousand distinct words, so ICU runs a few thousand times.
    """
    tokens = (t for word in text.split() for t in _word_tokens(word))
    return tuple(sorted(t for t in tokens if len(t) > 1 or t.isdigit()))


def variants(token: str) -> tuple[str, ...]:
    """A token and its other readings: the bare name of ``alahmad``, the Turkish reading of ``c``.

    Turkish writes the *j* of *Majed*, *Hajj*, *Jalal* as ``c`` (``Maced``, ``Hacc``,
    ``Calal``); nothing in the spelling says the clerk was Turkish, so a token with a ``c``
    also stands for the same token with the *j* sound (folded to ``i``).
    """
    out = [token]
    if len(token) > 5 and token[:2] in ("al", "el"):
        out.append(token[2:])
    out.extend(turkish_reading(t) for t in list(out) if "c" in t)
    return tuple(out)


@lru_cache(maxsize=200_000)
def turkish_reading(token: str) -> str:
    """``token`` read as Turkish, where ``c`` is the *j* sound (``maced`` -> ``maied``)."""
    return fold_token(token.replace("c", "j"))


@lru_cache(maxsize=500_000)
def phonetic(token: str) -> str:
    """The metaphone key of a folded token (``mohamed`` and ``muhamad`` -> ``MHMT``)."""
    from rigour.text.phonetics import metaphone

    return metaphone(token) or token


@lru_cache(maxsize=500_000)
def sound(token: str) -> str:
    """The soundex key of a folded token, a second, coarser phonetic key for blocking."""
    from rigour.text.phonetics import soundex

    return soundex(token) or token


def vowel_blind(key: str) -> str:
    """A phonetic key with its leading vowel written ``A``: Arabic names change it between spellings.

    Metaphone and soundex keep a name's first letter, so ``Omar``/``Umar`` (``OMR``/``UMR``)
    and ``Ibrahim``/``Ebrahim`` never share a key. Used for blocking only; scoring still
    sees the keys as written.
    """
    return "A" + key[1:] if key[:1] in ("A", "E", "I", "O", "U") else key
