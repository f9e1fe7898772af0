"""Card types of the trainer: one small module per type, all listed in ``CARD_MODULES``.

A card type turns the course data (events, places, glossary terms, lessons) into cards in the
active language, reads a student's answer from the submitted form and grades it with the pure
graders of ``quizzes.grading``. Cards are never written by hand and never stored: the schedule
(``practice.models.CardState``) names them by their stable ``id``.

To add a type: write ``practice/cards/<code>.py`` with a ``CardType`` subclass decorated with
``@register`` and add the module's name to ``CARD_MODULES``.
"""

from __future__ import annotations

import hashlib
import importlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from quizzes import grading

from .data import CourseData

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class Card:
    """One generated card, in the language active when it was generated.

    ``requires``: sets of lesson ids; the card is unlocked when the student completed at least one
    lesson of every set. ``data`` is what the page shows (never the key); ``key`` is what grading
    needs; ``answer`` is the right answer in words, shown once the student has answered.
    """

    id: str
    type: str
    prompt: str
    subject: str
    answer: str
    requires: tuple[frozenset, ...] = ()
    module_id: int | None = None
    data: dict = field(default_factory=dict)
    key: dict = field(default_factory=dict)
    lesson: tuple[str, str] | None = None  # (title, url) to read again

    @property
    def card_type(self) -> CardType:
        return TYPES[self.type]

    def unlocked(self, completed: set[int]) -> bool:
        return all(lessons & completed for lessons in self.requires)


@dataclass(frozen=True)
class Graded:
    """A graded answer: the grader's fraction and the ratings the student may give."""

    fraction: float
    ratings: tuple[int, ...]
    default: int
    detail: dict = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.fraction >= 1


def ratings_for(fraction: float | None) -> Graded:
    """Map a graded answer to the FSRS ratings the student may pick (one rule for every type).

    Right: Hard, Good (default) or Easy; half right or better: Again or Hard (default);
    wrong: Again only. ``None`` (a self-rated card): all four, Good by default.
    """
    if fraction is None:
        return Graded(-1.0, (AGAIN, HARD, GOOD, EASY), GOOD)
    if fraction >= 1:
        return Graded(fraction, (HARD, GOOD, EASY), GOOD)
    if fraction >= 0.5:
        return Graded(fraction, (AGAIN, HARD), HARD)
    return Graded(fraction, (AGAIN,), AGAIN)


def seeded(card_id: str) -> random.Random:
    """A random generator fixed by the card id, so a card shows the same options every time."""
    return random.Random(hashlib.sha256(card_id.encode()).hexdigest())


def short_hash(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


class CardType:
    """A kind of card. Subclasses set ``code``, ``label`` and ``template`` and implement
    ``generate``; graded types implement ``read`` (form -> response) and ``grader``."""

    code = ""
    label = ""
    template = ""
    self_rated = False

    def generate(self, data: CourseData) -> Iterable[Card]:  # pragma: no cover - overridden
        raise NotImplementedError

    def read(self, card: Card, form) -> object:
        """The response from the submitted form (a QueryDict); blank when nothing was given."""
        return form.get("answer", "")

    def grader(self, card: Card) -> grading.QuestionType:  # pragma: no cover - overridden
        raise NotImplementedError

    def grade(self, card: Card, form) -> Graded:
        """Grade the submitted form; raises ``grading.InvalidResponse`` for unreadable input."""
        if self.self_rated:
            return ratings_for(None)
        outcome = self.grader(card).grade(self.read(card, form))
        return ratings_for(outcome.fraction)


OPTIONS = 4


def choices(card_id: str, right, others: list) -> list:
    """``right`` and up to three of ``others``, in an order fixed by the card id."""
    rng = seeded(card_id)
    picked = rng.sample(others, min(OPTIONS - 1, len(others))) + [right]
    rng.shuffle(picked)
    return picked


class ChoiceCardType(CardType):
    """Cards answered by picking one option: ``data["options"]`` [(id, text)], ``key["right"]``
    (and optionally ``key["cited"]``: more ids that count as right). Graded by
    ``quizzes.grading.SingleChoice``."""

    template = "practice/cards/choice.html"

    def grader(self, card):
        right = set(card.key.get("cited", [])) | {card.key["right"]}
        options = [{"id": key, "correct": key in right} for key, _text in card.data["options"]]
        return grading.SingleChoice(options)

    def grade(self, card, form):
        if not form.get("answer", "").strip():
            raise grading.InvalidResponse(_("Choose one of the options."), code="blank")
        return super().grade(card, form)


TYPES: dict[str, CardType] = {}


def register(cls: type[CardType]) -> type[CardType]:
    TYPES[cls.code] = cls()
    return cls


CARD_MODULES = [
    "event_year",
    "event_order",
    "term_definition",
    "place_where",
    "event_lesson",
    "event_source",
    "quiz_missed",
]

for _name in CARD_MODULES:
    importlib.import_module(f"{__name__}.{_name}")
