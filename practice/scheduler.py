"""FSRS, the only scheduler: turns a ``CardState`` row and a rating into the next due time.

The ``fsrs`` package does the arithmetic; this module only copies the memory state between the
database row and ``fsrs.Card``. Settings: ``PRACTICE_DESIRED_RETENTION`` (default 0.9) and
``PRACTICE_FUZZ`` (default True: FSRS spreads due dates a little so reviews do not bunch up;
tests turn it off to compare with FSRS's own intervals).
"""

import datetime

from django.conf import settings
from fsrs import Card, Rating, Scheduler, State

from .models import NEW


def scheduler() -> Scheduler:
    return Scheduler(
        desired_retention=getattr(settings, "PRACTICE_DESIRED_RETENTION", 0.9),
        enable_fuzzing=getattr(settings, "PRACTICE_FUZZ", True),
    )


def to_fsrs(row, now: datetime.datetime) -> Card:
    """The FSRS card of a schedule row (a new card when it was never reviewed)."""
    if row.state == NEW:
        return Card(card_id=1, due=now)
    return Card(
        card_id=1,
        state=State(row.state),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
    )


def review(row, rating: int, now: datetime.datetime) -> int:
    """Apply one rating to ``row`` (not saved); returns the new interval in whole days."""
    lapse = rating == Rating.Again and row.state == State.Review
    card, _log = scheduler().review_card(to_fsrs(row, now), Rating(rating), now)
    row.state = card.state.value
    row.step = card.step
    row.stability = card.stability
    row.difficulty = card.difficulty
    row.due = card.due
    row.last_review = card.last_review
    row.reps += 1
    if lapse:  # forgotten after it had been learned
        row.lapses += 1
    return (card.due - card.last_review).days
