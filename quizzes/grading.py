"""Grading rules of the quiz engine, as pure functions of (answer key, response).

Design
======

This module is deliberately *pure*: it imports nothing but the standard library (no Django, no
ORM, no request, no clock, no randomness).  Every question type is a small class built from the
answer key as plain values (strings, numbers, lists, dicts: exactly what the course YAML or a
model's fields hold).  The class has two methods:

``clean(response)``
    Validates raw form input and returns the *normalised response* (the canonical value worth
    storing in an attempt), or raises :class:`InvalidResponse`.  ``clean`` is idempotent:
    cleaning an already cleaned response returns an equal value.  A blank response (``None``,
    ``""``, an empty list or dict) is *not* invalid: it cleans to ``None`` and grades as 0.

``grade(response) -> Outcome``
    Cleans the response (so invalid input raises the same :class:`InvalidResponse`) and returns an
    :class:`Outcome`: the share of the question's marks (``fraction``, 0..1, or ``None`` when a
    person has to grade it), the feedback texts the response triggered, whether it is fully
    correct, and type-specific facts (``detail``) for the review page and the statistics.

Because the same inputs always give the same outcome, an attempt can be regraded at any time
(for instance after an instructor fixes a key) and the tests need no database.

Errors
------
:class:`InvalidResponse` is a ``ValueError`` with a plain English message, a stable ``code`` and
a ``params`` dict.  The caller (a form, an API view) translates by ``code`` and interpolates
``params``; the English message is what logs and tests see.  The codes are listed in
:data:`ERROR_CODES`.  A malformed *answer key* raises :class:`InvalidKey` from the constructor,
so that the course loader can report the bad question instead of failing at grading time.

Text normalisation
------------------
Short answers are compared after :func:`normalise`, applied to both the key and the response:

1. Unicode NFKC (full-width letters, ligatures, no-break spaces become their plain forms);
2. Turkish-aware case folding: ``İ``, ``I``, ``ı`` and ``i`` all become ``i``, then ``casefold``;
3. Kazakh-specific Cyrillic letters fold to their Russian-keyboard neighbours
   (``ә→а ғ→г қ→к ң→н ө→о ұ→у ү→у һ→х і→и``) and ``ё→е``, so a student without a Kazakh
   keyboard is accepted; other Cyrillic letters (``й``) are left alone;
4. diacritics of *Latin* letters are stripped (``ç→c ğ→g ö→o ş→s ü→u â→a î→i û→u``);
5. invisible format characters (soft hyphen, zero-width space) are removed;
6. hyphens, dashes, apostrophes (``’ ' ʼ``), quotation marks (``« » “ ” "``) and every other
   punctuation character become a space; whitespace is collapsed and stripped.

Hyphens become spaces, they are not deleted: ``zeytin-burnu`` matches ``zeytin burnu`` but not
``zeytinburnu``.  Deleting them would wrongly merge words ("Kazakh-Turkish" into
"kazakhturkish"); an instructor who wants to accept the one-word spelling lists it as well.

Numbers
-------
:func:`parse_number` reads what people actually type: ``1 850``, ``1 850`` (no-break or thin
space), ``−12`` (Unicode minus), ``1,850.5``, ``1.850,5``, ``1,85``, ``1850 million``.  The
only truly ambiguous input is one separator followed by exactly three digits (``1,850``,
``1.850``); the question's ``decimal_comma`` flag decides it.  Values are :class:`~decimal.Decimal`
and comparisons are exact, with a tiny epsilon so that keys stored as binary floats (314.2 with a
tolerance of 0.1) still accept the edge value (314.3).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from numbers import Rational

__all__ = [
    "EARTH_RADIUS_KM",
    "ERROR_CODES",
    "QUESTION_TYPES",
    "Essay",
    "InvalidKey",
    "InvalidResponse",
    "MapPoint",
    "Matching",
    "MultipleResponse",
    "Numeric",
    "Ordering",
    "Outcome",
    "ShortAnswer",
    "SingleChoice",
    "TrueFalse",
    "check_characters",
    "fraction_to_marks",
    "haversine_km",
    "normalise",
    "parse_number",
    "resolve_place",
]

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
SHORT_ANSWER_MAX_LENGTH = 500
#: Bounds of a numeric answer: digits before and after the decimal point, and characters typed.
#: Far beyond any answer a course asks for, and small enough that every value is a finite float.
NUMBER_MAX_INTEGER_DIGITS = 20
NUMBER_MAX_DECIMALS = 10
NUMBER_MAX_LENGTH = 100

#: Every ``InvalidResponse.code`` this module raises, with its English message template.
ERROR_CODES: dict[str, str] = {
    "invalid_format": "This answer is not in the expected format.",
    "unknown_option": "“%(id)s” is not one of the options.",
    "not_a_boolean": "Choose true or false.",
    "too_long": "The answer is too long (%(length)d characters; at most %(max_length)d).",
    "not_a_number": "“%(value)s” is not a number.",
    "not_a_permutation": "Put every item in order exactly once.",
    "invalid_coordinates": "This is not a point on the map.",
    "unknown_place": "“%(place)s” is not one of the places.",
    "invalid_characters": "The answer contains a character that cannot be saved.",
    "number_out_of_range": "“%(value)s” has too many digits.",
}


class InvalidResponse(ValueError):
    """Raw input that cannot be graded; ``code`` and ``params`` let the caller translate it."""

    def __init__(self, message: str, code: str = "invalid_format", params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = dict(params or {})

    def __repr__(self) -> str:
        return f"InvalidResponse({self.message!r}, code={self.code!r}, params={self.params!r})"


class InvalidKey(ValueError):
    """The answer key given to a question type's constructor is malformed."""


def _invalid(code: str, **params) -> InvalidResponse:
    return InvalidResponse(ERROR_CODES[code] % params, code=code, params=params)


@dataclass(frozen=True)
class Outcome:
    """The result of grading one response.

    ``fraction``: share of the question's marks, 0..1, or ``None`` when it needs manual grading.
    ``feedback``: feedback texts the response triggered (e.g. the chosen options' feedback).
    ``correct``: ``True`` only when ``fraction == 1``; ``None`` when ``fraction`` is ``None``;
    derived from ``fraction`` when omitted, and an inconsistent value is refused.
    ``detail``: type-specific facts for the review page and the statistics (JSON-friendly).
    """

    fraction: float | None
    feedback: tuple[str, ...] = ()
    correct: bool | None = None
    detail: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.fraction is not None and not 0 <= self.fraction <= 1:
            raise ValueError(f"fraction must be within 0..1, not {self.fraction!r}")
        expected = None if self.fraction is None else self.fraction == 1
        if self.correct is None:
            object.__setattr__(self, "correct", expected)
        elif self.correct is not expected:
            raise ValueError(f"correct must be {expected!r} for fraction {self.fraction!r}")
        object.__setattr__(self, "feedback", tuple(self.feedback))


def _outcome(fraction, feedback: Iterable[str] = (), **detail) -> Outcome:
    """An automatically graded outcome; empty feedback texts are dropped."""
    value = float(fraction)
    return Outcome(
        fraction=value,
        feedback=tuple(text for text in feedback if text),
        correct=value == 1,
        detail=detail,
    )


def _blank_outcome(**detail) -> Outcome:
    return _outcome(0, blank=True, **detail)


def _is_blank(response) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, (list, tuple, dict, set, frozenset)):
        return len(response) == 0
    return False


def _has_unsavable_characters(text: str) -> bool:
    """NUL and lone surrogates: no database text column or JSON document can hold them."""
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def check_characters(response) -> None:
    """Raise ``InvalidResponse`` (``invalid_characters``) if any text in ``response`` (a string,
    or strings nested in lists and dicts, keys included) holds a NUL or a lone surrogate."""
    stack = [response]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _has_unsavable_characters(value):
                raise _invalid("invalid_characters")
        elif isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)


# --------------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------------

_TURKISH_I = str.maketrans({"İ": "i", "I": "i", "ı": "i"})

# Applied after casefold, so only lower-case letters are needed.
_CYRILLIC_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
    }
)

# Apostrophe-like characters that Unicode does not class as punctuation.
_EXTRA_SEPARATORS = frozenset("ʼʻʹ`´˝")


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN ")


def _strip_latin_diacritics(text: str) -> str:
    out: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not base_is_latin:
                out.append(char)
            continue
        base_is_latin = _is_latin(char)
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def normalise(text: str) -> str:
    """Fold ``text`` for comparing short answers (see the module docstring for the steps)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TURKISH_I).casefold()
    text = text.translate(_CYRILLIC_FOLD)
    text = _strip_latin_diacritics(text)
    chars = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if category.startswith("P") or char in _EXTRA_SEPARATORS:
            chars.append(" ")
        else:
            chars.append(char)
    return " ".join("".join(chars).split())


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\u205f\u3000\t"})
_MINUS_SIGNS = "-\u2212"
_NUMBER_RE = re.compile(
    r"""
    (?P<sign>[-\u2212+])?\s*
    (?P<body>[0-9]+(?:[ ,.][0-9]+)*|[.,][0-9]+)
    """,
    re.VERBOSE,
)


def _to_ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() and not char.isascii() else char
        for char in text
    )


def _is_grouping(chunks: list[str]) -> bool:
    """Whether digit chunks read as thousands groups: 1-3 digits, then groups of exactly 3."""
    first, rest = chunks[0], chunks[1:]
    return (
        bool(rest)
        and 1 <= len(first) <= 3
        and not (first.startswith("0"))
        and all(len(chunk) == 3 for chunk in rest)
    )


def _interpret(body: str, decimal_comma: bool) -> str | None:
    """Turn the digits-and-separators ``body`` into a plain ``123.45`` string, or ``None``."""
    chunks = re.split(r"[ ,.]", body)
    seps = re.findall(r"[ ,.]", body)
    if not seps:
        return body
    if chunks[0] == "":  # ".5" / ",5"
        return "0." + chunks[1] if len(chunks) == 2 else None

    kinds = set(seps) - {" "}
    has_space = " " in seps
    if len(kinds) == 2:
        if has_space:
            return None
        decimal = seps[-1]  # the other kind groups thousands
        if seps.count(decimal) != 1 or not _is_grouping(chunks[:-1]):
            return None
        return "".join(chunks[:-1]) + "." + chunks[-1]
    if not kinds:  # spaces only: thousands separators
        return "".join(chunks) if _is_grouping(chunks) else None

    (punct,) = kinds
    if has_space:
        # spaces group thousands, so the single punctuation mark must be the decimal separator
        if seps.count(punct) != 1 or seps[-1] != punct or not _is_grouping(chunks[:-1]):
            return None
        return "".join(chunks[:-1]) + "." + chunks[-1]
    if len(seps) > 1:  # "1,850,000" / "1.850.000": repeated, so it groups thousands
        return "".join(chunks) if _is_grouping(chunks) else None
    # exactly one separator: "1,850" is ambiguous, "1,85" and "0,500" are not
    if _is_grouping(chunks):
        is_decimal = decimal_comma if punct == "," else not decimal_comma
        if not is_decimal:
            return "".join(chunks)
    return chunks[0] + "." + chunks[1]


def _unit_accepts(remainder: str, unit: str) -> bool:
    said = normalise(remainder)
    if not said:
        return True
    expected = normalise(unit)
    if not expected:
        return False
    return said == expected or set(said.split()) <= set(expected.split())


def parse_number(text: str, decimal_comma: bool = False, *, unit: str = "") -> Decimal:
    """Parse a number typed by a student; raise ``InvalidResponse`` (``not_a_number``) if it isn't.

    Accepts spaces, no-break and thin spaces as thousands separators, a leading ``-``, ``+`` or
    Unicode minus, and both ``1,850.5`` and ``1.850,5`` (of two different separators the last is
    the decimal one).  A single separator followed by exactly three digits (``1,850``) is read as
    a thousands separator unless it is the question's decimal separator (``decimal_comma``);
    otherwise it is decimal (``1,85`` is 1.85, ``0,500`` is 0.5).  Trailing text is accepted only
    when, normalised, it is empty, equals the normalised ``unit``, or consists of whole words of
    it (``million`` for "million US dollars", ``млн`` for "млн долларов США").
    """
    if not isinstance(text, str):
        raise _invalid("not_a_number", value=str(text))
    cleaned = _to_ascii_digits(unicodedata.normalize("NFKC", text.translate(_SPACES))).strip()
    match = _NUMBER_RE.match(cleaned)
    if match is None:
        raise _invalid("not_a_number", value=text.strip())
    plain = _interpret(match["body"], decimal_comma)
    if plain is None or not _unit_accepts(cleaned[match.end() :], unit):
        raise _invalid("not_a_number", value=text.strip())
    value = Decimal(plain)
    if match["sign"] and match["sign"] in _MINUS_SIGNS:
        value = -value
    return value


def _decimal(value, name: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidKey(f"{name} must be a number, not {value!r}")
    try:
        result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidKey(f"{name} must be a number, not {value!r}") from None
    if not result.is_finite():
        raise InvalidKey(f"{name} must be finite, not {value!r}")
    return result


def _echo(value) -> str:
    """A short text of a rejected value for the message (huge numbers are not written out)."""
    try:
        text = str(value)
    except ValueError:  # an int too long to convert to text
        return "…"
    return text if len(text) <= 40 else text[:39] + "…"


def _bounded(value: Decimal, raw) -> Decimal:
    """``value`` if it has at most ``NUMBER_MAX_INTEGER_DIGITS`` digits before the decimal point
    and ``NUMBER_MAX_DECIMALS`` after it; otherwise ``InvalidResponse`` (``number_out_of_range``).
    Bounded values are exact as Decimals and finite as floats, so grading never meets infinity."""
    if not value.is_finite():
        raise _invalid("not_a_number", value=_echo(raw))
    if not value:
        return value
    digits, exponent = value.as_tuple().digits, value.as_tuple().exponent
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    decimals = max(0, -exponent - trailing_zeros)
    if value.adjusted() >= NUMBER_MAX_INTEGER_DIGITS or decimals > NUMBER_MAX_DECIMALS:
        raise _invalid("number_out_of_range", value=_echo(raw))
    return value


def _finite(value: Decimal) -> float | None:
    """``value`` as a float for the outcome's detail; None rather than infinity or NaN."""
    number = float(value)
    return number if math.isfinite(number) else None


# --------------------------------------------------------------------------------------------
# Question types
# --------------------------------------------------------------------------------------------


class QuestionType:
    """Base class: subclasses set ``code`` and implement ``clean`` and ``grade``."""

    code = ""

    def clean(self, response):  # pragma: no cover - overridden
        raise NotImplementedError

    def grade(self, response) -> Outcome:  # pragma: no cover - overridden
        raise NotImplementedError


def _options(options) -> list[dict]:
    result, seen = [], set()
    for option in options:
        if not isinstance(option, Mapping) or not isinstance(option.get("id"), str):
            raise InvalidKey(f"each option needs a string id: {option!r}")
        if option["id"] in seen:
            raise InvalidKey(f"duplicate option id {option['id']!r}")
        seen.add(option["id"])
        result.append(
            {
                "id": option["id"],
                "correct": bool(option.get("correct", False)),
                "feedback": option.get("feedback") or "",
            }
        )
    if not any(option["correct"] for option in result):
        raise InvalidKey("at least one option must be correct")
    return result


class SingleChoice(QuestionType):
    """One option is picked; it scores 1 if it is marked correct, else 0."""

    code = "single"

    def __init__(self, options):
        self.options = _options(options)
        self._by_id = {option["id"]: option for option in self.options}

    def clean(self, response) -> str | None:
        if _is_blank(response):
            return None
        if not isinstance(response, str):
            raise _invalid("invalid_format")
        option_id = response.strip()
        if option_id not in self._by_id:
            raise _invalid("unknown_option", id=option_id)
        return option_id

    def grade(self, response) -> Outcome:
        option_id = self.clean(response)
        if option_id is None:
            return _blank_outcome(option=None)
        option = self._by_id[option_id]
        return _outcome(1 if option["correct"] else 0, [option["feedback"]], option=option_id)


class MultipleResponse(QuestionType):
    """Several options are picked; wrong picks cancel right ones.

    ``fraction = max(0, right_picked / n_right - wrong_picked / n_wrong)`` (no penalty when every
    option is right), so picking everything scores 0.  A single string counts as one picked id.
    """

    code = "multiple"

    def __init__(self, options):
        self.options = _options(options)
        self._by_id = {option["id"]: option for option in self.options}
        self.n_right = sum(option["correct"] for option in self.options)
        self.n_wrong = len(self.options) - self.n_right

    def clean(self, response) -> tuple[str, ...] | None:
        if _is_blank(response):
            return None
        if isinstance(response, str):
            response = [response]
        if isinstance(response, Mapping) or not isinstance(response, Iterable):
            raise _invalid("invalid_format")
        picked = set()
        for option_id in response:
            if not isinstance(option_id, str):
                raise _invalid("invalid_format")
            if option_id.strip() not in self._by_id:
                raise _invalid("unknown_option", id=option_id.strip())
            picked.add(option_id.strip())
        # option order: deterministic and idempotent
        return tuple(option["id"] for option in self.options if option["id"] in picked) or None

    def grade(self, response) -> Outcome:
        picked = self.clean(response) or ()
        if not picked:
            return _blank_outcome(picked=[], right_picked=0, wrong_picked=0)
        chosen = [self._by_id[option_id] for option_id in picked]
        right = sum(option["correct"] for option in chosen)
        wrong = len(chosen) - right
        score = Fraction(right, self.n_right)
        if self.n_wrong:
            score -= Fraction(wrong, self.n_wrong)
        return _outcome(
            max(Fraction(0), score),
            [option["feedback"] for option in chosen],
            picked=list(picked),
            right_picked=right,
            wrong_picked=wrong,
        )


class TrueFalse(QuestionType):
    """A statement judged true or false; the feedback belongs to the answer the student gave."""

    code = "truefalse"

    def __init__(self, answer: bool, feedback_true: str = "", feedback_false: str = ""):
        if not isinstance(answer, bool):
            raise InvalidKey(f"answer must be True or False, not {answer!r}")
        self.answer = answer
        self.feedback_true = feedback_true or ""
        self.feedback_false = feedback_false or ""

    def clean(self, response) -> bool | None:
        if _is_blank(response):
            return None
        if isinstance(response, bool):
            return response
        if isinstance(response, str):
            word = response.strip().casefold()
            if word in ("true", "false"):
                return word == "true"
        raise _invalid("not_a_boolean")

    def grade(self, response) -> Outcome:
        value = self.clean(response)
        if value is None:
            return _blank_outcome(answer=None)
        feedback = self.feedback_true if value else self.feedback_false
        return _outcome(1 if value is self.answer else 0, [feedback], answer=value)


class ShortAnswer(QuestionType):
    """Free text matched against accepted answers after :func:`normalise`.

    Each answer is a string (full marks) or ``{"text", "fraction" (default 1), "feedback"}``; an
    answer with fraction 0 can attach feedback to a common mistake.  The best matching answer
    wins (the highest fraction; the first listed among equals).  ``feedback_wrong`` is given when
    a non-blank response matches nothing.
    """

    code = "short"

    def __init__(self, answers, feedback_wrong: str = ""):
        self.answers: list[dict] = []
        for answer in answers:
            if isinstance(answer, str):
                answer = {"text": answer}
            if not isinstance(answer, Mapping) or not isinstance(answer.get("text"), str):
                raise InvalidKey(f"an answer must be a string or have a text: {answer!r}")
            fraction = answer.get("fraction", 1)
            if (
                isinstance(fraction, bool)
                or not isinstance(fraction, (int, float))
                or not 0 <= fraction <= 1
            ):
                raise InvalidKey(f"answer fraction must be within 0..1: {answer!r}")
            key = normalise(answer["text"])
            if not key:
                raise InvalidKey(f"answer {answer['text']!r} is empty once normalised")
            self.answers.append(
                {
                    "text": answer["text"],
                    "key": key,
                    "fraction": float(fraction),
                    "feedback": answer.get("feedback") or "",
                }
            )
        if not any(answer["fraction"] == 1 for answer in self.answers):
            raise InvalidKey("at least one answer must have fraction 1")
        self.feedback_wrong = feedback_wrong or ""

    def clean(self, response) -> str | None:
        if _is_blank(response):
            return None
        if not isinstance(response, str):
            raise _invalid("invalid_format")
        check_characters(response)
        text = response.strip()
        if len(text) > SHORT_ANSWER_MAX_LENGTH:
            raise _invalid("too_long", length=len(text), max_length=SHORT_ANSWER_MAX_LENGTH)
        return text

    def grade(self, response) -> Outcome:
        text = self.clean(response)
        if text is None:
            return _blank_outcome(matched=None, normalised="")
        said = normalise(text)
        best = None
        for answer in self.answers:
            if answer["key"] == said and (best is None or answer["fraction"] > best["fraction"]):
                best = answer
        if best is None:
            return _outcome(0, [self.feedback_wrong], matched=None, normalised=said)
        return _outcome(best["fraction"], [best["feedback"]], matched=best["text"], normalised=said)


class Numeric(QuestionType):
    """A number, right within an absolute or relative tolerance; see :func:`parse_number`."""

    code = "numeric"
    # Slack for keys that went through binary floats (e.g. a FloatField): far below any
    # tolerance a question would use, far above float rounding error.
    EPSILON = Decimal("1e-9")

    def __init__(
        self,
        answer,
        tolerance=0,
        tolerance_kind: str = "absolute",
        unit: str = "",
        decimal_comma: bool = False,
    ):
        self.answer = _decimal(answer, "answer")
        self.tolerance = _decimal(tolerance, "tolerance")
        if self.tolerance < 0:
            raise InvalidKey("tolerance must not be negative")
        if tolerance_kind not in ("absolute", "relative"):
            raise InvalidKey(f"tolerance_kind must be absolute or relative, not {tolerance_kind!r}")
        self.tolerance_kind = tolerance_kind
        self.unit = unit or ""
        self.decimal_comma = bool(decimal_comma)

    @property
    def allowed_error(self) -> Decimal:
        if self.tolerance_kind == "relative":
            return self.tolerance * abs(self.answer)
        return self.tolerance

    def clean(self, response) -> Decimal | None:
        if _is_blank(response):
            return None
        if isinstance(response, bool):
            raise _invalid("not_a_number", value=str(response))
        if isinstance(response, (int, float, Decimal)):
            try:
                value = _decimal(response, "response")
            except (InvalidKey, ValueError):  # ValueError: an int too long to convert
                raise _invalid("not_a_number", value=_echo(response)) from None
        else:
            if isinstance(response, str):
                check_characters(response)
                if len(response) > NUMBER_MAX_LENGTH:
                    raise _invalid("number_out_of_range", value=response.strip())
            value = parse_number(response, self.decimal_comma, unit=self.unit)
        return _bounded(value, response)

    def canonical(self, value: Decimal) -> str:
        """``value`` written as this question reads it back (``0.0000001``, or ``0,0000001`` with
        a decimal comma): how a number sent as a JSON number is stored."""
        text = format(value, "f")
        return text.replace(".", ",") if self.decimal_comma else text

    def grade(self, response) -> Outcome:
        value = self.clean(response)
        if value is None:
            return _blank_outcome(value=None, error=None)
        error = abs(value - self.answer)
        slack = self.EPSILON * max(Decimal(1), abs(self.answer))
        right = error <= self.allowed_error + slack
        return _outcome(1 if right else 0, value=_finite(value), error=_finite(error))


class Ordering(QuestionType):
    """Items put in order; partial credit is the share of pairs in the right relative order."""

    code = "ordering"

    def __init__(self, order):
        self.order = list(order)
        if len(self.order) < 2 or len(set(self.order)) != len(self.order):
            raise InvalidKey("an ordering needs at least two distinct item ids")
        if not all(isinstance(item, str) for item in self.order):
            raise InvalidKey("item ids must be strings")
        self._rank = {item: index for index, item in enumerate(self.order)}

    def clean(self, response) -> tuple[str, ...] | None:
        if _is_blank(response):
            return None
        if isinstance(response, (str, Mapping)) or not isinstance(response, Iterable):
            raise _invalid("invalid_format")
        items = tuple(response)
        if not all(isinstance(item, str) for item in items):
            raise _invalid("not_a_permutation")
        if len(items) != len(self.order) or set(items) != set(self.order):
            raise _invalid("not_a_permutation")
        return items

    def grade(self, response) -> Outcome:
        items = self.clean(response)
        if items is None:
            return _blank_outcome(positions_correct=[False] * len(self.order))
        ranks = [self._rank[item] for item in items]
        n = len(ranks)
        in_order = sum(ranks[i] < ranks[j] for i in range(n) for j in range(i + 1, n))
        return _outcome(
            Fraction(in_order, n * (n - 1) // 2),
            positions_correct=[
                item == expected for item, expected in zip(items, self.order, strict=True)
            ],
        )


class Matching(QuestionType):
    """Left items matched to right items; partial credit per correct pair.

    ``rights`` lists every right id shown, including distractors (default: the key's rights).
    Several lefts may share one right.  Unanswered lefts count as wrong.
    """

    code = "matching"

    def __init__(self, pairs, rights=None):
        if not isinstance(pairs, Mapping) or not pairs:
            raise InvalidKey("pairs must be a non-empty mapping of left id to right id")
        self.pairs = dict(pairs)
        self.rights = list(dict.fromkeys(self.pairs.values() if rights is None else rights))
        missing = set(self.pairs.values()) - set(self.rights)
        if missing:
            raise InvalidKey(f"rights is missing the key's right ids {sorted(missing)!r}")

    def clean(self, response) -> dict[str, str | None] | None:
        if _is_blank(response):
            return None
        if not isinstance(response, Mapping):
            raise _invalid("invalid_format")
        for left, right in response.items():
            if left not in self.pairs:
                raise _invalid("unknown_option", id=str(left), side="left")
            if right not in (None, "") and right not in self.rights:
                raise _invalid("unknown_option", id=str(right), side="right")
        cleaned = {left: (response.get(left) or None) for left in self.pairs}
        if all(right is None for right in cleaned.values()):
            return None
        return cleaned

    def grade(self, response) -> Outcome:
        given = self.clean(response) or {}
        matches = {left: given.get(left) == right for left, right in self.pairs.items()}
        if not given:
            return _blank_outcome(matches=matches)
        return _outcome(Fraction(sum(matches.values()), len(self.pairs)), matches=matches)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius :data:`EARTH_RADIUS_KM`."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _coordinate(value, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction, str)):
        raise _invalid("invalid_coordinates")
    if isinstance(value, str) and (len(value) > NUMBER_MAX_LENGTH or "\x00" in value):
        raise _invalid("invalid_coordinates")
    try:
        number = float(value)
    except (ValueError, OverflowError):  # OverflowError: an integer beyond any float
        raise _invalid("invalid_coordinates") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise _invalid("invalid_coordinates")
    return number


def resolve_place(place: str, places: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
    """The keyboard alternative to clicking: the coordinates of a place chosen from a list.

    The caller passes the places it offered; the result is graded like a click.
    """
    if not isinstance(place, str) or place not in places:
        raise _invalid("unknown_place", place=str(place))
    lat, lon = places[place]
    return (float(lat), float(lon))


class MapPoint(QuestionType):
    """A point on a map, right within ``radius_km`` of the key."""

    code = "mappoint"

    def __init__(self, lat: float, lon: float, radius_km: float):
        try:
            self.lat = _coordinate(lat, -90, 90)
            self.lon = _coordinate(lon, -180, 180)
        except InvalidResponse:
            raise InvalidKey(f"invalid key coordinates {lat!r}, {lon!r}") from None
        if isinstance(radius_km, bool) or not (
            isinstance(radius_km, (int, float)) and math.isfinite(radius_km) and radius_km > 0
        ):
            raise InvalidKey(f"radius_km must be a positive number, not {radius_km!r}")
        self.radius_km = float(radius_km)

    def clean(self, response) -> tuple[float, float] | None:
        if _is_blank(response):
            return None
        if isinstance(response, Mapping):
            if "lat" not in response or "lon" not in response:
                raise _invalid("invalid_coordinates")
            lat, lon = response["lat"], response["lon"]
        elif isinstance(response, (list, tuple)) and len(response) == 2:
            lat, lon = response
        else:
            raise _invalid("invalid_coordinates")
        return (_coordinate(lat, -90, 90), _coordinate(lon, -180, 180))

    def grade(self, response) -> Outcome:
        point = self.clean(response)
        if point is None:
            return _blank_outcome(distance_km=None)
        distance = haversine_km(self.lat, self.lon, *point)
        return _outcome(1 if distance <= self.radius_km else 0, distance_km=round(distance, 1))


_WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ-][^\W_]+)*")


class Essay(QuestionType):
    """Free writing graded by a person: ``grade`` only counts the words."""

    code = "essay"

    def __init__(self, rubric: str = "", max_length: int = 20000):
        if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
            raise InvalidKey(f"max_length must be a positive integer, not {max_length!r}")
        self.rubric = rubric or ""
        self.max_length = max_length

    def clean(self, response) -> str | None:
        if _is_blank(response):
            return None
        if not isinstance(response, str):
            raise _invalid("invalid_format")
        check_characters(response)
        text = response.strip()
        if len(text) > self.max_length:
            raise _invalid("too_long", length=len(text), max_length=self.max_length)
        return text

    def grade(self, response) -> Outcome:
        text = self.clean(response) or ""
        return Outcome(
            fraction=None, feedback=(), correct=None, detail={"words": len(_WORD_RE.findall(text))}
        )


QUESTION_TYPES: dict[str, type[QuestionType]] = {
    cls.code: cls
    for cls in (
        SingleChoice,
        MultipleResponse,
        TrueFalse,
        ShortAnswer,
        Numeric,
        Ordering,
        Matching,
        MapPoint,
        Essay,
    )
}


def fraction_to_marks(fraction, points) -> Decimal:
    """Marks earned: ``fraction * points`` rounded half-up to 2 decimals."""
    if fraction is None:
        raise ValueError("an ungraded outcome (fraction None) has no marks yet")

    def exact(value, name: str) -> Decimal:
        if isinstance(value, bool):
            raise TypeError(f"{name} must be a number, not {value!r}")
        if isinstance(value, Rational) and not isinstance(value, int):
            return Decimal(value.numerator) / Decimal(value.denominator)
        return _decimal(value, name)

    share = exact(fraction, "fraction")
    if not 0 <= share <= 1:
        raise ValueError(f"fraction must be within 0..1, not {fraction!r}")
    return (share * exact(points, "points")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
