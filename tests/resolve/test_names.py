"""Name keys across scripts and orthographies."""

from __future__ import annotations

import pytest

from corridor.resolve import name_tokens, phonetic


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Марко Петровић", "Petrovic Marko"),
        ("Petroviq Marko", "Marko Petrović"),
        ("Ђорђе Ђурђевић", "Djordje Djurdjevic"),
        ("Ѓорѓи Трајковски", "Gjorgji Trajkovski"),
        ("Arbën Çela", "Арбен Чела"),
        ("Agim Krasniqi", "Агим Краснићи"),
        ("Doğan Yılmaz Şahin", "Dogan Yilmaz Sahin"),
        ("Ramadan Hoxha", "Рамадан Хоџа"),
        ("Xhafer Jakupi", "Џафер Јакупи"),
        ("Majed Al-Hasan", "Маџед Ал-Хасан"),
    ],
)
def test_same_tokens_across_scripts(left: str, right: str) -> None:
    assert name_tokens(left) == name_tokens(right)


@pytest.mark.parametrize("spelling", ["Muhammad", "Mohammed", "Mohamad", "Muhammed", "Мухамед"])
def test_arabic_spellings_share_a_phonetic_key(spelling: str) -> None:
    assert {phonetic(t) for t in name_tokens(spelling)} == {"MHMT"}
