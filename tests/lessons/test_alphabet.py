"""Alphabetical order per language: the glossary's A–Z index follows each language's alphabet."""

import pytest

from lessons.alphabet import index, initial, sort_key


def ordered(words, language):
    return sorted(words, key=lambda word: sort_key(word, language))


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "kk",
            [
                "ата",
                "әке",
                "бала",
                "ғасыр",
                "кітап",
                "қала",
                "оқу",
                "өнер",
                "ұлт",
                "үй",
                "ыдыс",
                "іс",
            ],
        ),
        (
            "tr",
            [
                "cam",
                "çay",
                "gece",
                "ğ-harfi",
                "ılık",
                "İnsan",
                "oğuz",
                "öz",
                "sel",
                "şeker",
                "ulus",
                "ülke",
            ],
        ),
        ("ru", ["ель", "ёж", "жук", "яма"]),
        ("en", ["Alash", "soft power", "Turkic world"]),
    ],
)
def test_words_sort_in_the_order_of_their_alphabet(language, words):
    assert ordered(list(reversed(words)), language) == words


def test_python_default_order_would_be_wrong():
    """The reason for the module: plain sorting puts Ә after Я and Ç after Z."""
    assert sorted(["әке", "яма"]) == ["яма", "әке"]
    assert ordered(["әке", "яма"], "kk") == ["әке", "яма"]


def test_turkish_i_and_dotted_i_are_different_letters():
    assert initial("ılık", "tr") == "I" and initial("insan", "tr") == "İ"
    assert initial("insan", "en") == "I"


def test_index_groups_by_initial_and_skips_punctuation():
    groups = index(["«Ahıska» centre", "Akhiska", "soft power", "Seljuks", "TİKA"], "ru")
    assert groups == [
        ("A", ["«Ahıska» centre", "Akhiska"]),
        ("S", ["Seljuks", "soft power"]),
        ("T", ["TİKA"]),
    ]
    assert index([], "kk") == []
