"""Table-driven tests of the pure grading rules in ``quizzes.grading``.

They need no database and no Django settings:
``python -m pytest tests/quizzes/test_grading.py -p no:django``.
"""

import ast
import copy
import math
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from quizzes import grading
from quizzes.grading import (
    ERROR_CODES,
    QUESTION_TYPES,
    Essay,
    InvalidKey,
    InvalidResponse,
    MapPoint,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Outcome,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    fraction_to_marks,
    haversine_km,
    normalise,
    parse_number,
    resolve_place,
)

GRADING_PY = Path(grading.__file__)

ALMATY = (43.2389, 76.8897)
ASTANA = (51.1694, 71.4491)
KM_PER_DEGREE_LAT = 6371.0088 * math.pi / 180


def ids(table):
    """pytest.param rows from ``{id: values}``."""
    return [pytest.param(*values, id=name) for name, values in table.items()]


# ------------------------------------------------------------------------------------------
# normalise
# ------------------------------------------------------------------------------------------

NORMALISE = {
    "turkish-dotted-capital-I": ("İstanbul", "istanbul"),
    "ascii-capital-I": ("Istanbul", "istanbul"),
    "turkish-dotless-i": ("ıstanbul", "istanbul"),
    "decomposed-dotted-I": ("I\u0307stanbul", "istanbul"),
    "all-caps-turkish": ("İSTANBUL", "istanbul"),
    "kazakh-letters-folded": ("Қазақстан", "казакстан"),
    "kazakh-all-nine-lower": ("әғқңөұүһі", "агкноуухи"),
    "kazakh-all-nine-upper": ("ӘҒҚҢӨҰҮҺІ", "агкноуухи"),
    "yo-to-ye": ("Ёлка", "елка"),
    "short-i-kept": ("Бийлер", "бийлер"),
    "fullwidth-letters-nfkc": ("ＴＵＲＫＥＳＴＡＮ", "turkestan"),
    "ligature-nfkc": ("ﬁrman", "firman"),
    "guillemets": ("«Туркестан»", "туркестан"),
    "curly-quotes": ("“Turkestan”", "turkestan"),
    "straight-quotes": ('"Turkestan"', "turkestan"),
    "apostrophe-ascii": ("Türkiye'de", "turkiye de"),
    "apostrophe-right-quote": ("Türkiye’de", "turkiye de"),
    "apostrophe-modifier-letter": ("Türkiyeʼde", "turkiye de"),
    "hyphen-to-space": ("Zeytin-burnu", "zeytin burnu"),
    "en-dash-to-space": ("1916–1917", "1916 1917"),
    "em-dash-to-space": ("Kazakh—Turkish", "kazakh turkish"),
    "other-punctuation": ("Ahmet Yesevi! (Yasawi)?", "ahmet yesevi yasawi"),
    "case": ("TuRkEsTaN", "turkestan"),
    "extra-spaces": ("  Khoja   Ahmed \t Yasawi \n", "khoja ahmed yasawi"),
    "no-break-space": ("Khoja\u00a0Ahmed", "khoja ahmed"),
    "soft-hyphen-removed": ("Tur\u00adkestan", "turkestan"),
    "zero-width-space-removed": ("Tur\u200bkestan", "turkestan"),
    "latin-diacritics": (
        "Çanakkale Boğazı Şüle Âşık Îmar Ûlu",
        "canakkale bogazi sule asik imar ulu",
    ),
    "german-umlaut": ("Göktürk", "gokturk"),
    "empty": ("", ""),
    "only-punctuation": ("«—»", ""),
}


@pytest.mark.parametrize(("text", "expected"), ids(NORMALISE))
def test_normalise(text, expected):
    assert normalise(text) == expected


SAME_OR_NOT = {
    "istanbul-dotted-vs-dotless": ("İstanbul", "ıstanbul", True),
    "kazakhstan-kazakh-vs-russian-keyboard": ("Қазақстан", "Казакстан", True),
    "turkestan-guillemets-vs-bare": ("«Туркестан»", "туркестан", True),
    "zeytinburnu-hyphen-is-two-words": ("Zeytinburnu", "zeytin-burnu", False),
    "zeytin-burnu-hyphen-vs-space": ("Zeytin burnu", "zeytin-burnu", True),
    "different-words": ("Turkestan", "Turkistan", False),
    # the Kazakh fold is for Cyrillic only: a Latin i stays i, Cyrillic и is another letter
    "latin-vs-cyrillic-lookalike": ("Almaty", "Аlmaty", False),
}


@pytest.mark.parametrize(("a", "b", "same"), ids(SAME_OR_NOT))
def test_normalise_equivalence(a, b, same):
    assert (normalise(a) == normalise(b)) is same


# ------------------------------------------------------------------------------------------
# SingleChoice
# ------------------------------------------------------------------------------------------

SINGLE_OPTIONS = [
    {"id": "a", "correct": True, "feedback": "Yes: Yasawi."},
    {"id": "b", "correct": False, "feedback": "No: that is Rumi."},
    {"id": "c", "correct": False},
]

SINGLE = {
    "right": ("a", 1.0, True, ("Yes: Yasawi.",)),
    "wrong-with-feedback": ("b", 0.0, False, ("No: that is Rumi.",)),
    "wrong-without-feedback": ("c", 0.0, False, ()),
    "surrounding-spaces": (" a ", 1.0, True, ("Yes: Yasawi.",)),
    "blank-none": (None, 0.0, False, ()),
    "blank-empty": ("", 0.0, False, ()),
}


@pytest.mark.parametrize(("response", "fraction", "correct", "feedback"), ids(SINGLE))
def test_single_choice(response, fraction, correct, feedback):
    outcome = SingleChoice(SINGLE_OPTIONS).grade(response)
    assert (outcome.fraction, outcome.correct, outcome.feedback) == (fraction, correct, feedback)


# ------------------------------------------------------------------------------------------
# MultipleResponse
# ------------------------------------------------------------------------------------------

# 2 right (a, b), 3 wrong (x, y, z)
MULTI_OPTIONS = [
    {"id": "a", "correct": True, "feedback": "A is right."},
    {"id": "b", "correct": True, "feedback": ""},
    {"id": "x", "correct": False, "feedback": "X is wrong."},
    {"id": "y", "correct": False},
    {"id": "z", "correct": False},
]

MULTIPLE = {
    "all-right-only": (["a", "b"], 1.0),
    "all-picked-is-zero": (["a", "b", "x", "y", "z"], 0.0),
    "one-right": (["a"], 0.5),
    "one-right-one-wrong": (["a", "x"], 0.5 - 1 / 3),
    "two-right-one-wrong": (["a", "b", "x"], 1 - 1 / 3),
    "one-right-two-wrong": (["b", "x", "y"], 0.0),  # 1/2 - 2/3 < 0 => 0
    "wrong-only": (["x"], 0.0),
    "duplicates-ignored": (["a", "a", "a"], 0.5),
    "order-irrelevant": (["b", "a"], 1.0),
    "single-string-is-one-id": ("a", 0.5),
    "blank-none": (None, 0.0),
    "blank-empty-list": ([], 0.0),
}


@pytest.mark.parametrize(("response", "fraction"), ids(MULTIPLE))
def test_multiple_response(response, fraction):
    outcome = MultipleResponse(MULTI_OPTIONS).grade(response)
    assert outcome.fraction == pytest.approx(fraction)
    assert outcome.correct is (fraction == 1)


def test_multiple_response_feedback_of_each_picked_option_in_option_order():
    outcome = MultipleResponse(MULTI_OPTIONS).grade(["x", "b", "a"])
    assert outcome.feedback == ("A is right.", "X is wrong.")
    assert outcome.detail["right_picked"] == 2
    assert outcome.detail["wrong_picked"] == 1


def test_multiple_response_without_wrong_options_has_no_penalty():
    options = [{"id": "a", "correct": True}, {"id": "b", "correct": True}]
    assert MultipleResponse(options).grade(["a", "b"]).fraction == 1.0
    assert MultipleResponse(options).grade(["b"]).fraction == 0.5


# ------------------------------------------------------------------------------------------
# TrueFalse
# ------------------------------------------------------------------------------------------

TRUEFALSE = {
    "bool-true-right": (True, True, 1.0, ("T",)),
    "bool-false-wrong": (True, False, 0.0, ("F",)),
    "string-true": (True, "true", 1.0, ("T",)),
    "string-upper-TRUE": (True, "TRUE", 1.0, ("T",)),
    "string-mixed-False-right": (False, " False ", 1.0, ("F",)),
    "string-false-wrong": (True, "false", 0.0, ("F",)),
    "blank-none": (True, None, 0.0, ()),
    "blank-empty": (False, "", 0.0, ()),
}


@pytest.mark.parametrize(("answer", "response", "fraction", "feedback"), ids(TRUEFALSE))
def test_true_false(answer, response, fraction, feedback):
    outcome = TrueFalse(answer, feedback_true="T", feedback_false="F").grade(response)
    assert (outcome.fraction, outcome.feedback) == (fraction, feedback)


# ------------------------------------------------------------------------------------------
# ShortAnswer
# ------------------------------------------------------------------------------------------

SHORT_ANSWERS = [
    "Turkestan",
    "Туркестан",
    "İstanbul",
    "Қазақстан",
    "zeytin burnu",
    {"text": "Turkistan", "fraction": 0.5, "feedback": "Accepted spelling, but see the lesson."},
    {"text": "Yasi", "fraction": 1, "feedback": "Yes, its old name."},
    {"text": "Shymkent", "fraction": 0, "feedback": "Shymkent is further north."},
]

SHORT = {
    "exact": ("Turkestan", 1.0, None),
    "case-and-spaces": ("  tURKESTAN ", 1.0, None),
    "guillemets-cyrillic": ("«Туркестан»", 1.0, None),
    "fullwidth": ("ＴＵＲＫＥＳＴＡＮ", 1.0, None),
    "istanbul-ascii-capital": ("Istanbul", 1.0, None),
    "istanbul-dotless": ("ıstanbul", 1.0, None),
    "kazakhstan-russian-keyboard": ("Казакстан", 1.0, None),
    "zeytin-burnu-hyphen": ("Zeytin-Burnu", 1.0, None),
    "zeytinburnu-one-word-not-accepted": ("Zeytinburnu", 0.0, "Not quite."),
    "partial-credit-answer": ("turkistan", 0.5, "Accepted spelling, but see the lesson."),
    "answer-feedback-full-credit": ("Yasi", 1.0, "Yes, its old name."),
    "zero-fraction-answer-feedback": ("Shymkent", 0.0, "Shymkent is further north."),
    "wrong": ("Samarkand", 0.0, "Not quite."),
    "blank-none": (None, 0.0, None),
    "blank-spaces": ("   ", 0.0, None),
}


@pytest.mark.parametrize(("response", "fraction", "feedback"), ids(SHORT))
def test_short_answer(response, fraction, feedback):
    outcome = ShortAnswer(SHORT_ANSWERS, feedback_wrong="Not quite.").grade(response)
    assert outcome.fraction == fraction
    assert outcome.feedback == ((feedback,) if feedback else ())


def test_short_answer_best_matching_answer_wins():
    answers = [
        {"text": "Yasawi", "fraction": 0.5, "feedback": "half"},
        {"text": "YASAWI", "fraction": 1, "feedback": "full"},
    ]
    outcome = ShortAnswer(answers).grade("yasawi")
    assert (outcome.fraction, outcome.feedback, outcome.detail["matched"]) == (
        1.0,
        ("full",),
        "YASAWI",
    )


def test_short_answer_500_characters_is_the_limit():
    short = ShortAnswer(["x"])
    assert short.clean("x" * 500) == "x" * 500
    with pytest.raises(InvalidResponse) as caught:
        short.clean("x" * 501)
    assert (caught.value.code, caught.value.params) == (
        "too_long",
        {"length": 501, "max_length": 500},
    )


# ------------------------------------------------------------------------------------------
# parse_number
# ------------------------------------------------------------------------------------------

PARSE_OK = {
    "integer": ("1850", False, "1850"),
    "decimal-point": ("314.2", False, "314.2"),
    "space-thousands": ("1 850", False, "1850"),
    "no-break-space-thousands": ("1\u00a0850", False, "1850"),
    "thin-space-thousands": ("1\u2009850", False, "1850"),
    "narrow-no-break-space-thousands": ("1\u202f850 000", False, "1850000"),
    "ascii-minus": ("-12.5", False, "-12.5"),
    "unicode-minus": ("\u221212.5", False, "-12.5"),
    "minus-then-space": ("- 7", False, "-7"),
    "plus": ("+7", False, "7"),
    "comma-thousands-point-locale": ("1,850", False, "1850"),
    "comma-decimal-comma-locale": ("1,850", True, "1.85"),
    "point-decimal-point-locale": ("1.850", False, "1.85"),
    "point-thousands-comma-locale": ("1.850", True, "1850"),
    "european-both-separators": ("1.850,5", False, "1850.5"),
    "english-both-separators": ("1,850.5", False, "1850.5"),
    "english-both-separators-comma-locale": ("1,850.5", True, "1850.5"),
    "european-millions": ("1.850.000,25", False, "1850000.25"),
    "repeated-commas-group": ("1,850,000", True, "1850000"),
    "unambiguous-decimal-comma": ("1,85", False, "1.85"),
    "leading-zero-decimal-comma": ("0,500", False, "0.5"),
    "spaces-and-decimal-comma": ("1 850,5", False, "1850.5"),
    "spaces-and-decimal-point": ("1 850.5", True, "1850.5"),
    "leading-point": (".5", False, "0.5"),
    "surrounding-spaces": ("  42  ", False, "42"),
    "fullwidth-digits": ("１８５０", False, "1850"),
    "arabic-indic-digits": ("١٨٥٠", False, "1850"),
    "trailing-full-stop": ("1850.", False, "1850"),
}


@pytest.mark.parametrize(("text", "decimal_comma", "expected"), ids(PARSE_OK))
def test_parse_number_accepts(text, decimal_comma, expected):
    assert parse_number(text, decimal_comma) == Decimal(expected)


PARSE_BAD = {
    "letters": "abc",
    "empty": "",
    "sign-only": "-",
    "exponent": "1e3",
    "two-numbers": "12 34",
    "range": "12-15",
    "bad-grouping-commas": "1,85,0",
    "two-decimal-points": "1.850.5,2",
    "decimal-then-grouping": "12.5,300",
    "spaces-and-both-kinds": "1 850.000,5",
    "currency-prefix": "$1850",
    "word-number": "about 1850",
    "unit-without-unit-configured": "1850 km",
}


@pytest.mark.parametrize("text", ids({name: (text,) for name, text in PARSE_BAD.items()}))
def test_parse_number_rejects(text):
    with pytest.raises(InvalidResponse) as caught:
        parse_number(text)
    assert caught.value.code == "not_a_number"


UNITS = {
    "no-unit-typed": ("1850", "million US dollars", True),
    "full-unit": ("1850 million US dollars", "million US dollars", True),
    "full-unit-other-case": ("1 850 Million US Dollars", "million US dollars", True),
    "magnitude-word": ("1850 million", "million US dollars", True),
    "magnitude-word-russian": ("1 850 млн", "млн долларов США", True),
    "unit-glued-to-number": ("1850km", "km", True),
    "unit-with-punctuation": ("1850 km.", "km", True),
    "prefix-of-a-word-rejected": ("1850 mil", "million US dollars", False),
    "other-word-rejected": ("1850 thousand", "million US dollars", False),
    "russian-word-for-english-unit": ("1850 млн", "million US dollars", False),
}


@pytest.mark.parametrize(("text", "unit", "accepted"), ids(UNITS))
def test_numeric_units(text, unit, accepted):
    question = Numeric(1850, unit=unit)
    if accepted:
        assert question.grade(text).fraction == 1.0
    else:
        with pytest.raises(InvalidResponse) as caught:
            question.grade(text)
        assert caught.value.code == "not_a_number"


# ------------------------------------------------------------------------------------------
# Numeric tolerance
# ------------------------------------------------------------------------------------------

TOLERANCE = {
    "exact-no-tolerance": (1850, 0, "absolute", "1850", 1.0),
    "off-by-one-no-tolerance": (1850, 0, "absolute", "1851", 0.0),
    "absolute-upper-edge-float-key": (314.2, 0.1, "absolute", "314.3", 1.0),
    "absolute-lower-edge-float-key": (314.2, 0.1, "absolute", "314.1", 1.0),
    "absolute-just-outside": (314.2, 0.1, "absolute", "314.31", 0.0),
    "absolute-just-outside-below": (314.2, 0.1, "absolute", "314.09", 0.0),
    "absolute-50-edge": (1850, 50, "absolute", "1 900", 1.0),
    "absolute-50-outside": (1850, 50, "absolute", "1 900.5", 0.0),
    "relative-5pc-upper-edge": (1850, 0.05, "relative", "1942.5", 1.0),
    "relative-5pc-lower-edge": (1850, 0.05, "relative", "1757.5", 1.0),
    "relative-5pc-outside": (1850, 0.05, "relative", "1943", 0.0),
    "relative-negative-answer": (-40, 0.1, "relative", "-44", 1.0),
    "relative-negative-outside": (-40, 0.1, "relative", "-44.1", 0.0),
    "relative-zero-answer": (0, 0.1, "relative", "0.001", 0.0),
    "sum-of-floats-key": (0.1 + 0.2, 0, "absolute", "0.3", 1.0),
    "sign-matters": (12, 0, "absolute", "−12", 0.0),
    "blank": (12, 0, "absolute", "", 0.0),
}


@pytest.mark.parametrize(("answer", "tolerance", "kind", "response", "fraction"), ids(TOLERANCE))
def test_numeric_tolerance(answer, tolerance, kind, response, fraction):
    question = Numeric(answer, tolerance=tolerance, tolerance_kind=kind)
    assert question.grade(response).fraction == fraction


def test_numeric_decimal_comma_question():
    question = Numeric(1.85, decimal_comma=True)
    assert question.grade("1,850").fraction == 1.0
    assert Numeric(1.85).grade("1,850").fraction == 0.0  # read as 1850


def test_numeric_accepts_already_parsed_numbers():
    question = Numeric("314.2", tolerance="0.1")
    assert [question.grade(value).fraction for value in (Decimal("314.3"), 314.25, 314)] == [
        1.0,
        1.0,
        0.0,
    ]


# ------------------------------------------------------------------------------------------
# Ordering
# ------------------------------------------------------------------------------------------

ORDERING = {
    "perfect": (["a", "b", "c", "d"], 1.0, [True, True, True, True]),
    "reversed-is-zero": (["d", "c", "b", "a"], 0.0, [False, False, False, False]),
    "one-adjacent-swap": (["b", "a", "c", "d"], 5 / 6, [False, False, True, True]),
    "first-moved-to-end": (["b", "c", "d", "a"], 3 / 6, [False, False, False, False]),
    "outer-swap": (["d", "b", "c", "a"], 1 / 6, [False, True, True, False]),
    "blank": (None, 0.0, [False, False, False, False]),
}


@pytest.mark.parametrize(("response", "fraction", "positions"), ids(ORDERING))
def test_ordering(response, fraction, positions):
    outcome = Ordering(["a", "b", "c", "d"]).grade(response)
    assert outcome.fraction == pytest.approx(fraction)
    assert outcome.detail["positions_correct"] == positions


# ------------------------------------------------------------------------------------------
# Matching
# ------------------------------------------------------------------------------------------

MATCH_PAIRS = {"yasawi": "turkestan", "rumi": "konya", "abai": "semey"}
MATCH_RIGHTS = ["turkestan", "konya", "semey", "bursa"]  # bursa is a distractor

MATCHING = {
    "all-right": ({"yasawi": "turkestan", "rumi": "konya", "abai": "semey"}, 3 / 3),
    "two-right": ({"yasawi": "turkestan", "rumi": "konya", "abai": "bursa"}, 2 / 3),
    "one-right-one-unanswered": ({"yasawi": "turkestan", "rumi": None, "abai": "konya"}, 1 / 3),
    "missing-left-is-unanswered": ({"yasawi": "turkestan"}, 1 / 3),
    "all-wrong": ({"yasawi": "konya", "rumi": "semey", "abai": "turkestan"}, 0.0),
    "blank-none": (None, 0.0),
    "blank-all-unanswered": ({"yasawi": None, "rumi": ""}, 0.0),
}


@pytest.mark.parametrize(("response", "fraction"), ids(MATCHING))
def test_matching(response, fraction):
    outcome = Matching(MATCH_PAIRS, rights=MATCH_RIGHTS).grade(response)
    assert outcome.fraction == pytest.approx(fraction)
    expected_matches = {
        left: (response or {}).get(left) == right for left, right in MATCH_PAIRS.items()
    }
    assert outcome.detail["matches"] == expected_matches


# ------------------------------------------------------------------------------------------
# MapPoint
# ------------------------------------------------------------------------------------------


def test_almaty_to_astana_is_about_970_km():
    assert haversine_km(*ALMATY, *ASTANA) == pytest.approx(970, abs=5)
    outcome = MapPoint(*ALMATY, radius_km=50).grade(ASTANA)
    assert outcome.fraction == 0.0
    assert outcome.detail["distance_km"] == pytest.approx(972.3, abs=0.05)


TEN_KM_NORTH = (ALMATY[0] + 10 / KM_PER_DEGREE_LAT, ALMATY[1])
SIXTY_KM_NORTH = (ALMATY[0] + 60 / KM_PER_DEGREE_LAT, ALMATY[1])

MAPPOINT = {
    "exact-tuple": (ALMATY, 1.0, 0.0),
    "10-km-away-tuple": (TEN_KM_NORTH, 1.0, 10.0),
    "10-km-away-list": (list(TEN_KM_NORTH), 1.0, 10.0),
    "10-km-away-dict": ({"lat": TEN_KM_NORTH[0], "lon": TEN_KM_NORTH[1]}, 1.0, 10.0),
    "10-km-away-strings": ((str(TEN_KM_NORTH[0]), str(TEN_KM_NORTH[1])), 1.0, 10.0),
    "60-km-away-outside": (SIXTY_KM_NORTH, 0.0, 60.0),
    "astana": (ASTANA, 0.0, 972.3),
    "blank": (None, 0.0, None),
}


@pytest.mark.parametrize(("response", "fraction", "distance"), ids(MAPPOINT))
def test_map_point(response, fraction, distance):
    outcome = MapPoint(*ALMATY, radius_km=50).grade(response)
    assert outcome.fraction == fraction
    assert outcome.detail["distance_km"] == distance


def test_map_point_radius_edge_and_antimeridian():
    # 1 degree of longitude on the equator, across the antimeridian
    one_degree = KM_PER_DEGREE_LAT
    assert MapPoint(0, 179.5, radius_km=one_degree + 0.001).grade((0, -179.5)).fraction == 1.0
    assert MapPoint(0, 179.5, radius_km=one_degree - 0.001).grade((0, -179.5)).fraction == 0.0


def test_resolve_place_is_graded_like_a_click():
    places = {"almaty": ALMATY, "astana": ASTANA}
    question = MapPoint(*ALMATY, radius_km=50)
    assert question.grade(resolve_place("almaty", places)) == question.grade(ALMATY)
    with pytest.raises(InvalidResponse) as caught:
        resolve_place("atlantis", places)
    assert (caught.value.code, caught.value.params) == ("unknown_place", {"place": "atlantis"})


# ------------------------------------------------------------------------------------------
# Essay
# ------------------------------------------------------------------------------------------

ESSAY = {
    "words": ("The Oghuz moved west; Seljuks won at Manzikert.", 8),
    "hyphen-and-apostrophe-words": ("Kazakh-Turkish ties aren't new", 4),
    "cyrillic": ("Қазақ хандығы 1465 жылы құрылды", 5),
    "blank": ("", 0),
}


@pytest.mark.parametrize(("text", "words"), ids(ESSAY))
def test_essay_needs_manual_grading(text, words):
    outcome = Essay(rubric="Argue with sources.").grade(text)
    assert outcome == Outcome(fraction=None, feedback=(), correct=None, detail={"words": words})


def test_essay_max_length():
    essay = Essay(max_length=10)
    assert essay.clean("0123456789") == "0123456789"
    with pytest.raises(InvalidResponse) as caught:
        essay.clean("0123456789X")
    assert caught.value.code == "too_long"
    assert caught.value.params == {"length": 11, "max_length": 10}


# ------------------------------------------------------------------------------------------
# Invalid responses
# ------------------------------------------------------------------------------------------

INVALID = {
    "single-unknown-id": (lambda: SingleChoice(SINGLE_OPTIONS), "q", "unknown_option"),
    "single-not-a-string": (lambda: SingleChoice(SINGLE_OPTIONS), 1, "invalid_format"),
    "multiple-unknown-id": (lambda: MultipleResponse(MULTI_OPTIONS), ["a", "q"], "unknown_option"),
    "multiple-not-a-list": (lambda: MultipleResponse(MULTI_OPTIONS), 5, "invalid_format"),
    "truefalse-yes": (lambda: TrueFalse(True), "yes", "not_a_boolean"),
    "truefalse-one": (lambda: TrueFalse(True), 1, "not_a_boolean"),
    "truefalse-string-one": (lambda: TrueFalse(True), "1", "not_a_boolean"),
    "short-too-long": (lambda: ShortAnswer(["x"]), "x" * 501, "too_long"),
    "short-not-a-string": (lambda: ShortAnswer(["x"]), ["x"], "invalid_format"),
    "numeric-text": (lambda: Numeric(1), "one", "not_a_number"),
    "numeric-bool": (lambda: Numeric(1), True, "not_a_number"),
    "numeric-nan": (lambda: Numeric(1), float("nan"), "not_a_number"),
    "numeric-wrong-unit": (lambda: Numeric(1, unit="km"), "1 kg", "not_a_number"),
    "ordering-missing-item": (lambda: Ordering(["a", "b", "c"]), ["a", "b"], "not_a_permutation"),
    "ordering-duplicate-item": (
        lambda: Ordering(["a", "b", "c"]),
        ["a", "a", "b"],
        "not_a_permutation",
    ),
    "ordering-unknown-item": (
        lambda: Ordering(["a", "b", "c"]),
        ["a", "b", "z"],
        "not_a_permutation",
    ),
    "ordering-extra-item": (lambda: Ordering(["a", "b"]), ["a", "b", "c"], "not_a_permutation"),
    "ordering-string": (lambda: Ordering(["a", "b"]), "ab", "invalid_format"),
    "matching-unknown-left": (
        lambda: Matching(MATCH_PAIRS, MATCH_RIGHTS),
        {"ataturk": "konya"},
        "unknown_option",
    ),
    "matching-unknown-right": (
        lambda: Matching(MATCH_PAIRS, MATCH_RIGHTS),
        {"rumi": "paris"},
        "unknown_option",
    ),
    "matching-not-a-dict": (
        lambda: Matching(MATCH_PAIRS, MATCH_RIGHTS),
        ["rumi"],
        "invalid_format",
    ),
    "mappoint-lat-too-big": (lambda: MapPoint(0, 0, 1), (90.5, 0), "invalid_coordinates"),
    "mappoint-lon-too-small": (lambda: MapPoint(0, 0, 1), (0, -180.1), "invalid_coordinates"),
    "mappoint-infinite": (lambda: MapPoint(0, 0, 1), (math.inf, 0), "invalid_coordinates"),
    "mappoint-nan-string": (lambda: MapPoint(0, 0, 1), ("nan", 0), "invalid_coordinates"),
    "mappoint-text": (lambda: MapPoint(0, 0, 1), ("north", 0), "invalid_coordinates"),
    "mappoint-three-numbers": (lambda: MapPoint(0, 0, 1), (1, 2, 3), "invalid_coordinates"),
    "mappoint-dict-without-lon": (lambda: MapPoint(0, 0, 1), {"lat": 1}, "invalid_coordinates"),
    "essay-too-long": (lambda: Essay(max_length=5), "abcdef", "too_long"),
}


@pytest.mark.parametrize(("make", "response", "code"), ids(INVALID))
def test_invalid_responses(make, response, code):
    question = make()
    with pytest.raises(InvalidResponse) as caught:
        question.grade(response)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.code == code
    assert code in ERROR_CODES
    assert str(error) == error.message and error.message.strip()
    # clean() and grade() agree
    with pytest.raises(InvalidResponse):
        question.clean(response)


def test_invalid_response_params_name_the_culprit():
    with pytest.raises(InvalidResponse) as caught:
        Matching(MATCH_PAIRS, MATCH_RIGHTS).clean({"rumi": "paris"})
    assert caught.value.params == {"id": "paris", "side": "right"}
    assert "paris" in caught.value.message


INVALID_KEYS = {
    "single-no-correct-option": lambda: SingleChoice([{"id": "a"}, {"id": "b"}]),
    "single-duplicate-ids": lambda: SingleChoice([{"id": "a", "correct": True}, {"id": "a"}]),
    "truefalse-not-bool": lambda: TrueFalse("yes"),
    "short-empty-answer": lambda: ShortAnswer(["«»"]),
    "short-fraction-above-one": lambda: ShortAnswer([{"text": "x", "fraction": 1.5}]),
    "short-no-full-answer": lambda: ShortAnswer([{"text": "x", "fraction": 0.5}]),
    "numeric-bad-kind": lambda: Numeric(1, 1, "percent"),
    "numeric-negative-tolerance": lambda: Numeric(1, -1),
    "numeric-not-a-number": lambda: Numeric("lots"),
    "ordering-one-item": lambda: Ordering(["a"]),
    "ordering-duplicates": lambda: Ordering(["a", "a"]),
    "matching-right-missing-from-rights": lambda: Matching({"a": "x"}, rights=["y"]),
    "mappoint-bad-lat": lambda: MapPoint(91, 0, 10),
    "mappoint-zero-radius": lambda: MapPoint(0, 0, 0),
    "essay-zero-max-length": lambda: Essay(max_length=0),
}


@pytest.mark.parametrize("make", ids({name: (make,) for name, make in INVALID_KEYS.items()}))
def test_invalid_keys_are_refused_when_built(make):
    with pytest.raises(InvalidKey):
        make()


# ------------------------------------------------------------------------------------------
# clean() is idempotent and grading is deterministic and side-effect free
# ------------------------------------------------------------------------------------------

EXAMPLES = {
    "single": (lambda: SingleChoice(SINGLE_OPTIONS), " a "),
    "multiple": (lambda: MultipleResponse(MULTI_OPTIONS), ["x", "a", "a"]),
    "truefalse": (lambda: TrueFalse(False), "FALSE"),
    "short": (lambda: ShortAnswer(SHORT_ANSWERS), " «Туркестан» "),
    "numeric": (lambda: Numeric(1850, 50, unit="km"), "1 870 km"),
    "ordering": (lambda: Ordering(["a", "b", "c"]), ["b", "a", "c"]),
    "matching": (lambda: Matching(MATCH_PAIRS, MATCH_RIGHTS), {"rumi": "konya"}),
    "mappoint": (lambda: MapPoint(*ALMATY, radius_km=50), {"lat": "43.3", "lon": 76.9}),
    "essay": (lambda: Essay(), "  Some words here. "),
}


@pytest.mark.parametrize(("make", "response"), ids(EXAMPLES))
def test_clean_is_idempotent_and_grades_the_same(make, response):
    question = make()
    cleaned = question.clean(response)
    assert question.clean(cleaned) == cleaned
    assert question.grade(cleaned) == question.grade(response)


@pytest.mark.parametrize(("make", "response"), ids(EXAMPLES))
def test_grading_is_deterministic_and_mutates_nothing(make, response):
    question = make()
    key_before = copy.deepcopy(vars(question))
    response_before = copy.deepcopy(response)
    outcomes = [question.grade(response) for _ in range(3)] + [
        make().grade(copy.deepcopy(response))
    ]
    assert all(outcome == outcomes[0] for outcome in outcomes)
    assert vars(question) == key_before
    assert response == response_before


def test_registry_maps_every_type_code():
    assert {code: cls.__name__ for code, cls in QUESTION_TYPES.items()} == {
        "single": "SingleChoice",
        "multiple": "MultipleResponse",
        "truefalse": "TrueFalse",
        "short": "ShortAnswer",
        "numeric": "Numeric",
        "ordering": "Ordering",
        "matching": "Matching",
        "mappoint": "MapPoint",
        "essay": "Essay",
    }


OUTCOME_RULES = {
    "correct-derived-true": ({"fraction": 1.0}, True),
    "correct-derived-false": ({"fraction": 0.5}, False),
    "manual-grading": ({"fraction": None}, None),
}


@pytest.mark.parametrize(("kwargs", "correct"), ids(OUTCOME_RULES))
def test_outcome_derives_correct(kwargs, correct):
    assert Outcome(**kwargs).correct is correct


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"fraction": 0.5, "correct": True}, id="correct-but-partial"),
        pytest.param({"fraction": 1.0, "correct": False}, id="full-but-not-correct"),
        pytest.param({"fraction": None, "correct": True}, id="manual-but-correct"),
        pytest.param({"fraction": 1.5}, id="above-one"),
        pytest.param({"fraction": -0.1}, id="negative"),
    ],
)
def test_outcome_refuses_inconsistent_values(kwargs):
    with pytest.raises(ValueError):
        Outcome(**kwargs)


def test_outcome_is_frozen():
    outcome = Outcome(fraction=1.0)
    with pytest.raises(AttributeError):
        outcome.fraction = 0.0


# ------------------------------------------------------------------------------------------
# fraction_to_marks
# ------------------------------------------------------------------------------------------

MARKS = {
    "full": (1.0, 2, "2.00"),
    "zero": (0.0, 5, "0.00"),
    "two-thirds-float": (2 / 3, 1, "0.67"),
    "two-thirds-fraction": (Fraction(2, 3), 1, "0.67"),
    "one-third-of-two": (1 / 3, 2, "0.67"),
    "half-up-not-bankers": (0.5, Decimal("0.05"), "0.03"),
    "half-up-float-that-is-not-exact-in-binary": (0.5, 2.345, "1.17"),
    "multiple-response-example": (0.5 - 1 / 3, 3, "0.50"),
    "decimal-points": (0.25, Decimal("1.5"), "0.38"),
}


@pytest.mark.parametrize(("fraction", "points", "marks"), ids(MARKS))
def test_fraction_to_marks(fraction, points, marks):
    result = fraction_to_marks(fraction, points)
    assert isinstance(result, Decimal)
    assert result == Decimal(marks)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("fraction", "error"),
    [
        pytest.param(None, ValueError, id="ungraded"),
        pytest.param(1.01, ValueError, id="above-one"),
        pytest.param(True, TypeError, id="bool"),
    ],
)
def test_fraction_to_marks_refuses(fraction, error):
    with pytest.raises(error):
        fraction_to_marks(fraction, 1)


# ------------------------------------------------------------------------------------------
# Purity
# ------------------------------------------------------------------------------------------


def test_fresh_import_loads_no_django():
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('grading_probe', {str(GRADING_PY)!r})\n"
        "module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.normalise('İstanbul') == 'istanbul'\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


IMPURE_MODULES = {"random", "secrets", "time", "datetime", "uuid", "os", "socket", "threading"}


def test_module_imports_only_pure_standard_library():
    tree = ast.parse(GRADING_PY.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            imported.add(node.module.split(".")[0])
    assert imported, "the check must see the imports"
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
    assert not imported & IMPURE_MODULES
