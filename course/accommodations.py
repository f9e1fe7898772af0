"""Who gets which terms for a quiz: the rules of cohorts' dates and accommodations, in one place.

``quiz_terms(user, quiz)`` is what ``quizzes.services.quiz_terms`` asks (the course hands the
dates in; the quiz engine applies them to attempts). Precedence, field by field: the student's
own accommodation, then their cohort's, then the quiz's settings. Extra time is added to the
quiz's time limit (minutes, or a percentage of it, rounded up); extra attempts to a limited
number of attempts. A quiz without a time limit or attempt limit stays without one.

Writes (``save_accommodation``, ``remove_accommodation``) are audited and move the deadline of
a running attempt at once.
"""

import dataclasses
import math

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quizzes.choices import ACCOMMODATION_REMOVED, ACCOMMODATION_SET
from quizzes.services import QuizTerms, audit, reschedule_open_attempts

from .models import Accommodation, CohortMember, CohortModuleDates

TIME_FIELDS = ("extra_minutes", "extra_percent")


def applicable(user, quiz) -> tuple[Accommodation | None, Accommodation | None]:
    """(the student's own accommodation, their cohort's) for ``quiz``; one query."""
    rows = Accommodation.objects.filter(quiz=quiz).filter(
        Q(user_id=user.pk)
        | Q(cohort__in=CohortMember.objects.filter(user_id=user.pk).values("cohort_id"))
    ).order_by("pk")
    own = cohort = None
    for row in rows:
        if row.user_id == user.pk:
            own = row
        elif cohort is None:
            cohort = row
    return own, cohort


def combine(quiz, own: Accommodation | None, cohort: Accommodation | None) -> QuizTerms:
    """The terms of ``quiz`` with the accommodations applied (pure: no query)."""
    layers = [row for row in (own, cohort) if row is not None]

    def first(name):
        return next((getattr(r, name) for r in layers if getattr(r, name) is not None), None)

    opens_at = first("opens_at") or quiz.opens_at
    closes_at = first("closes_at") or quiz.closes_at
    limit = quiz.time_limit_minutes
    timing = next((r for r in layers if r.extra_minutes or r.extra_percent), None)
    if limit and timing is not None:
        limit = limit + timing.extra_minutes + math.ceil(limit * timing.extra_percent / 100)
    attempts = quiz.attempts_allowed
    extra = next((r.extra_attempts for r in layers if r.extra_attempts), 0)
    if attempts:
        attempts += extra
    return QuizTerms(opens_at, closes_at, limit, attempts)


def module_available_from(user, quiz):
    """When the module holding ``quiz`` becomes available to ``user``'s cohort (or None)."""
    module_path = quiz.path[: -quiz.steplen] if quiz.depth > 1 else ""
    return (
        CohortModuleDates.objects.filter(
            module__path=module_path,
            cohort__in=CohortMember.objects.filter(user_id=user.pk).values("cohort_id"),
        )
        .order_by("available_from")
        .values_list("available_from", flat=True)
        .first()
    )


def quiz_terms(user, quiz) -> QuizTerms:
    """The terms of ``quiz`` for ``user`` (the hook ``quizzes.services.quiz_terms`` calls).

    A module that becomes available to the student's cohort later opens its quiz then.
    """
    if not getattr(user, "is_authenticated", False):
        return QuizTerms.of(quiz)
    own, cohort = applicable(user, quiz)
    terms = combine(quiz, own, cohort)
    available = module_available_from(user, quiz)
    if available and (terms.opens_at is None or terms.opens_at < available):
        terms = dataclasses.replace(terms, opens_at=available)
    return terms


def describe(row: Accommodation) -> str:
    """A short plain record of what an accommodation gives (for the audit trail)."""
    parts = []
    if row.extra_minutes:
        parts.append(f"+{row.extra_minutes} min")
    if row.extra_percent:
        parts.append(f"+{row.extra_percent} %")
    if row.extra_attempts:
        parts.append(f"+{row.extra_attempts} att.")
    if row.opens_at:
        parts.append(f"from {row.opens_at:%Y-%m-%d %H:%M}")
    if row.closes_at:
        parts.append(f"to {row.closes_at:%Y-%m-%d %H:%M}")
    who = f"cohort {row.cohort.name}: " if row.cohort_id else ""
    return (who + ", ".join(parts))[:100]


def affected(row: Accommodation):
    if row.user_id:
        return [row.user_id]
    return CohortMember.objects.filter(cohort_id=row.cohort_id).values_list("user_id", flat=True)


def save_accommodation(row: Accommodation, *, by, old_text: str = "") -> Accommodation:
    """Save a new or changed accommodation (validated), audit it, move running deadlines."""
    row.by = by if getattr(by, "pk", None) else None
    row.at = timezone.now()
    row.full_clean()
    with transaction.atomic():
        row.save()
        audit(
            by, ACCOMMODATION_SET, student=row.user, quiz=row.quiz,
            old=old_text, new=describe(row), reason=row.reason.strip(),
        )
        reschedule_open_attempts(row.quiz, users=affected(row))
    return row


def after_saved(row: Accommodation, *, by, old_text: str = "") -> None:
    """An accommodation saved by a form elsewhere (the admin): record who and apply it."""
    Accommodation.objects.filter(pk=row.pk).update(
        by=by if getattr(by, "pk", None) else None, at=timezone.now()
    )
    audit(
        by, ACCOMMODATION_SET, student=row.user, quiz=row.quiz,
        old=old_text, new=describe(row), reason=row.reason.strip(),
    )
    reschedule_open_attempts(row.quiz, users=affected(row))


def remove_accommodation(row: Accommodation, *, by, reason: str = "") -> None:
    """Remove an accommodation: the quiz's (or the cohort's) terms apply again. Audited."""
    with transaction.atomic():
        users = list(affected(row))
        quiz, student, text = row.quiz, row.user, describe(row)
        row.delete()
        after_removed(quiz, student, text, users, by=by, reason=reason)


def after_removed(quiz, student, text, users, *, by, reason: str = "") -> None:
    audit(by, ACCOMMODATION_REMOVED, student=student, quiz=quiz, old=text, new="",
          reason=(reason or "").strip())
    reschedule_open_attempts(quiz, users=users)
