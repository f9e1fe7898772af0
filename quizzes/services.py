"""How an attempt starts, saves its answers and is submitted: the writes of the quiz engine.

The grading itself is pure (``quizzes.grading``); this module adds what needs a database and a
clock around it:

- ``start_attempt``: resumes the open attempt, or starts a new one within the attempts allowed.
  The user's row is locked (``SELECT ... FOR UPDATE``) so that simultaneous requests cannot
  exceed the limit; a partial unique constraint keeps one open attempt per user and quiz.
- ``save_answers``: the autosave and the form POST. Each response is cleaned by its grading
  class; an invalid one is refused with a message and the answer saved before stays.
- ``submit_attempt``: grades the saved answers, once: the attempt's row is locked and a second
  submit returns the same graded attempt.
- Expiry: past the deadline an attempt is graded with the answers saved by then. Answers that
  arrive within ``GRACE`` after the deadline (the page's own submit at 0:00, a slow network) are
  still taken; later ones are refused, but the saved ones count. Expiry happens lazily whenever
  an attempt is touched, and in bulk with ``manage.py close_expired_attempts``.
"""

import datetime
import importlib
import logging
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import grading
from .choices import (
    ANSWER_GRADED,
    ATTEMPTS_RESET,
    IN_PROGRESS,
    MAPPOINT,
    MATCHING,
    NUMERIC,
    OPTION_TYPES,
    ORDERING,
    OVERRIDE_REMOVED,
    OVERRIDE_SET,
    REGRADED,
    SUBMITTED,
)
from .forms import NOT_IN_ATTEMPT, error_message
from .models import Answer, Attempt, AuditEntry, GradeOverride, Question, QuizPage

GRACE = datetime.timedelta(seconds=30)
logger = logging.getLogger(__name__)

#: Sent once per attempt, after the transaction that graded it commits (``attempt=``).
attempt_submitted = Signal()


class QuizError(Exception):
    """A request the quiz cannot honour; ``message`` is for the student, ``status`` for HTTP."""

    status = 400

    def __init__(self, message, attempt=None):
        super().__init__(str(message))
        self.message = message
        self.attempt = attempt


class QuizUnavailable(QuizError):
    """The quiz cannot be started now (closed, not open yet, no attempts left, no access)."""

    status = 403


class AttemptClosed(QuizError):
    """The attempt no longer takes answers: submitted, or its time is up (it is then graded)."""

    status = 409


@dataclass
class SaveResult:
    attempt: Attempt
    saved: list[int] = field(default_factory=list)  # question ids whose answer changed
    errors: dict = field(default_factory=dict)  # question id (as given) -> message


# ----------------------------------------------------------------------------------------------
# Access and time
# ----------------------------------------------------------------------------------------------


def course_allows_start(user, quiz) -> bool:
    """Ask the course whether ``user`` may start ``quiz``: ``course.access.can_start_quiz``.

    The course decides access (see the architecture notes); until it provides that hook, any
    logged-in user may. Looked up at run time, so quizzes do not import the course app.
    """
    try:
        access = importlib.import_module("course.access")
    except ModuleNotFoundError as exc:
        if exc.name in ("course", "course.access"):
            return True
        raise
    hook = getattr(access, "can_start_quiz", None)
    return True if hook is None else bool(hook(user, quiz))


@dataclass(frozen=True)
class QuizTerms:
    """When a quiz opens and closes, its time limit and attempts for one student.

    The quiz's own settings unless the course gives the student other terms (cohort dates, an
    accommodation): ``course.accommodations.quiz_terms`` decides, this module applies them.
    """

    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    time_limit_minutes: int
    attempts_allowed: int

    @classmethod
    def of(cls, quiz) -> "QuizTerms":
        return cls(quiz.opens_at, quiz.closes_at, quiz.time_limit_minutes, quiz.attempts_allowed)

    def is_open(self, now) -> bool:
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now < self.closes_at
        )

    def deadline(self, started_at):
        """The deadline of an attempt started at ``started_at`` under these terms (or None)."""
        deadline = None
        if self.time_limit_minutes:
            deadline = started_at + datetime.timedelta(minutes=self.time_limit_minutes)
        if self.closes_at and (deadline is None or self.closes_at < deadline):
            deadline = self.closes_at
        return deadline


def quiz_terms(user, quiz) -> QuizTerms:
    """The terms of ``quiz`` for ``user``: ``course.accommodations.quiz_terms`` if the course
    provides it (looked up at run time, like ``course_allows_start``), else the quiz's own."""
    try:
        module = importlib.import_module("course.accommodations")
    except ModuleNotFoundError as exc:
        if exc.name in ("course", "course.accommodations"):
            return QuizTerms.of(quiz)
        raise
    return module.quiz_terms(user, quiz)


def reschedule_open_attempts(quiz, users=None, now=None) -> int:
    """Move the deadline of the open attempts at ``quiz`` (of ``users``, a queryset or list, if
    given) to what their student's terms say now: an accommodation given while an attempt runs
    applies to it at once. Returns how many deadlines changed."""
    attempts = Attempt.objects.filter(quiz=quiz, state=IN_PROGRESS).select_related("user")
    if users is not None:
        attempts = attempts.filter(user__in=users)
    changed = 0
    for attempt in attempts:
        deadline = quiz_terms(attempt.user, quiz).deadline(attempt.started_at)
        if deadline != attempt.deadline:
            Attempt.objects.filter(pk=attempt.pk, state=IN_PROGRESS).update(deadline=deadline)
            changed += 1
    return changed


def is_overdue(attempt: Attempt, now=None) -> bool:
    """Past the deadline and the grace period: the attempt takes no more answers."""
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline + GRACE


def expire_if_due(attempt: Attempt, now=None) -> Attempt:
    """Grade ``attempt`` with its saved answers if its time is up; return it (refreshed)."""
    now = now or timezone.now()
    if attempt.state == IN_PROGRESS and is_overdue(attempt, now):
        return submit_attempt(attempt, now=now)
    return attempt


def expire_overdue(user=None, quiz=None, now=None) -> int:
    """Grade every open attempt whose time is up (of ``user`` / ``quiz`` if given)."""
    now = now or timezone.now()
    attempts = Attempt.objects.filter(state=IN_PROGRESS, deadline__lt=now - GRACE)
    if user is not None:
        attempts = attempts.filter(user=user)
    if quiz is not None:
        attempts = attempts.filter(quiz=quiz)
    count = 0
    for attempt in attempts.order_by("pk"):
        try:
            submit_attempt(attempt, now=now)
        except Exception:  # noqa: BLE001 - one bad attempt must not keep the others open
            logger.exception("Could not grade expired attempt %s; the others go on.", attempt.pk)
            continue
        count += 1
    return count


# ----------------------------------------------------------------------------------------------
# Start
# ----------------------------------------------------------------------------------------------


def draw_snapshot(quiz: QuizPage, seed: int) -> dict:
    """The questions of a new attempt and the order of their options, from ``seed``.

    Fixed questions come first in their order, then ``draw_count`` others drawn from the
    category; both are shuffled together if the quiz says so. Choice options are shuffled if the
    quiz says so; ordering items are always shown out of order, and matching right sides always
    shuffled.
    """
    rng = random.Random(seed)
    fixed = list(quiz.fixed_questions.order_by("sort_order").values_list("question_id", flat=True))
    drawn = []
    if quiz.draw_category_id and quiz.draw_count:
        pool = list(
            Question.objects.filter(category_id=quiz.draw_category_id)
            .exclude(pk__in=fixed)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        drawn = rng.sample(pool, min(quiz.draw_count, len(pool)))
    ids = fixed + drawn
    if quiz.shuffle_questions:
        rng.shuffle(ids)
    questions = Question.objects.in_bulk(ids)
    options, rights = {}, {}
    for pk in ids:
        question = questions[pk]
        if question.type in OPTION_TYPES:
            uids = list(question.options.order_by("sort_order").values_list("uid", flat=True))
            if question.type == ORDERING:
                correct = list(uids)
                for _try in range(10):  # never show the items already in order
                    rng.shuffle(uids)
                    if uids != correct:
                        break
            elif quiz.shuffle_options:
                rng.shuffle(uids)
            options[str(pk)] = uids
        elif question.type == MATCHING:
            uids = list(question.pairs.order_by("sort_order").values_list("right_uid", flat=True))
            rng.shuffle(uids)
            rights[str(pk)] = uids
    return {"seed": seed, "questions": ids, "options": options, "rights": rights}


def start_attempt(user, quiz: QuizPage, *, now=None, language=None) -> Attempt:
    """The user's open attempt at ``quiz``, or a new one; raises ``QuizUnavailable``."""
    now = now or timezone.now()
    language = language or get_language() or "en"
    with transaction.atomic():
        # Serialise the starts of one user: the attempts limit then holds even for simultaneous
        # requests (one waits here until the other has committed).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        for attempt in Attempt.objects.filter(user=user, quiz=quiz, state=IN_PROGRESS):
            if not is_overdue(attempt, now):
                return attempt  # resume
            submit_attempt(attempt, now=now)
        terms = quiz_terms(user, quiz)
        if not terms.is_open(now):
            if terms.opens_at and now < terms.opens_at:
                raise QuizUnavailable(_("This quiz is not open yet."))
            raise QuizUnavailable(_("This quiz is closed."))
        used = Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("number"))["n"] or 0
        if terms.attempts_allowed and used >= terms.attempts_allowed:
            raise QuizUnavailable(_("You have used all the attempts allowed."))
        if not course_allows_start(user, quiz):
            raise QuizUnavailable(
                _("Enrol in the course (on the course page) to take its quizzes.")
            )
        snapshot = draw_snapshot(quiz, secrets.randbelow(2**31))
        if not snapshot["questions"]:
            raise QuizUnavailable(_("This quiz has no questions yet."))
        deadline = terms.deadline(now)
        try:
            with transaction.atomic():
                return Attempt.objects.create(
                    user=user,
                    quiz=quiz,
                    number=used + 1,
                    language=language,
                    started_at=now,
                    deadline=deadline,
                    snapshot=snapshot,
                )
        except IntegrityError:
            # Only without row locks (SQLite): another request started it first; resume that one.
            existing = Attempt.objects.filter(user=user, quiz=quiz, state=IN_PROGRESS).first()
            if existing is None:
                raise
            return existing


# ----------------------------------------------------------------------------------------------
# Save
# ----------------------------------------------------------------------------------------------


def place_coordinates() -> dict[str, tuple[float, float]]:
    """{place key: (lat, lon)} of every place a student may choose instead of clicking."""
    from lessons.models import Place

    return {key: (lat, lon) for key, lat, lon in Place.objects.values_list(
        "key", "latitude", "longitude"
    )}


def clean_response(question: Question, grader, raw, places=None):
    """The response worth storing (JSON), or None when blank; raises ``InvalidResponse``.

    Map questions store ``{"lat", "lon"}`` and, when the place was chosen from the list,
    ``"place"`` as well (graded by that place's coordinates). Numbers are stored as typed; a
    number sent as a JSON number is stored as the question would read it typed (``1e-7`` as
    ``0.0000001``). Text holding a NUL or a lone surrogate is refused whatever the type: no
    database can store it.
    """
    grading.check_characters(raw)
    if question.type == MAPPOINT and isinstance(raw, Mapping) and raw.get("place"):
        lat, lon = grading.resolve_place(raw["place"], places if places is not None else {})
        return {"place": raw["place"], "lat": lat, "lon": lon}
    value = grader.clean(raw)
    if value is None:
        return None
    if question.type == MAPPOINT:
        return {"lat": value[0], "lon": value[1]}
    if question.type == NUMERIC:
        return raw.strip() if isinstance(raw, str) else grader.canonical(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _question_id(key, allowed: set[int]):
    try:
        pk = int(key)
    except (TypeError, ValueError):
        return None
    return pk if pk in allowed else None


def save_answers(attempt: Attempt, responses: Mapping, *, now=None) -> SaveResult:
    """Save raw ``responses`` ({question id: value}) of an open attempt.

    Each response is validated by its question type's ``clean``; an invalid one is refused with a
    message in ``errors`` and the answer saved before is kept. Raises ``AttemptClosed`` when the
    attempt was submitted or its time (plus ``GRACE``) is up; in the latter case the attempt is
    graded with the answers saved until then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.state != IN_PROGRESS:
            raise AttemptClosed(_("This attempt has already been submitted."), locked)
        if is_overdue(locked, now):
            overdue = True
        else:
            overdue = False
            result = _save(locked, responses, now)
    if overdue:
        graded = submit_attempt(locked, now=now)
        raise AttemptClosed(
            _("Time is up: answers sent after the deadline were not accepted. "
              "Your saved answers have been graded."),
            graded,
        )
    return result


def _save(attempt: Attempt, responses: Mapping, now) -> SaveResult:
    result = SaveResult(attempt=attempt)
    allowed = set(attempt.question_ids)
    wanted = {}
    for key, raw in responses.items():
        pk = _question_id(key, allowed)
        if pk is None:
            result.errors[key] = str(NOT_IN_ATTEMPT)
        else:
            wanted[pk] = raw
    if not wanted:
        return result
    questions = (
        Question.objects.filter(pk__in=wanted)
        .select_related("place")
        .prefetch_related("options", "pairs", "accepted_answers")
        .in_bulk()
    )
    saved = {a.question_id: a for a in Answer.objects.filter(attempt=attempt, question__in=wanted)}
    places = None
    for pk, raw in wanted.items():
        question = questions[pk]
        try:
            if question.type == MAPPOINT and places is None:
                places = place_coordinates()
            value = clean_response(question, question.grader(attempt.language), raw, places)
        except grading.InvalidResponse as exc:
            result.errors[pk] = error_message(exc)
            continue
        except grading.InvalidKey:
            result.errors[pk] = str(_("This question cannot be answered now; tell your teacher."))
            continue
        answer = saved.get(pk)
        if answer is None and value is None:
            continue  # still blank: nothing to store
        if answer is None:
            Answer.objects.create(attempt=attempt, question=question, response=value, saved_at=now)
        elif answer.response != value:
            answer.response, answer.saved_at = value, now
            answer.save(update_fields=["response", "saved_at"])
        else:
            continue
        result.saved.append(pk)
    return result


# ----------------------------------------------------------------------------------------------
# Submit and grade
# ----------------------------------------------------------------------------------------------


def grade_answer(answer: Answer, question: Question, language: str) -> Answer:
    """Fill ``answer``'s grade from its response (pure grading; not saved)."""
    try:
        outcome = question.grader(language).grade(answer.response)
    except (grading.InvalidKey, grading.InvalidResponse):
        # A key broken by an edit, or a response an edit made invalid: a person decides.
        outcome = grading.Outcome(fraction=None, detail={"ungradable": True})
    answer.fraction = outcome.fraction
    answer.marks = (
        None if outcome.fraction is None
        else grading.fraction_to_marks(outcome.fraction, question.points)
    )
    answer.feedback = list(outcome.feedback)
    answer.detail = outcome.detail
    answer.needs_manual = outcome.fraction is None
    return answer


def _grade(attempt: Attempt, *, save=True, questions=None, answers=None) -> None:
    """Grade every question of the attempt (blank ones too) and total the score.

    ``save=False`` grades in memory only (a dry run); ``questions`` ({id: Question}) and
    ``answers`` ({question id: Answer}) may be given already loaded (a bulk dry run).
    """
    ids = attempt.question_ids
    if questions is None:
        questions = (
            Question.objects.filter(pk__in=ids)
            .select_related("place")
            .prefetch_related("options", "pairs", "accepted_answers")
            .in_bulk()
        )
    if answers is None:
        answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    score, max_score, manual = 0, 0, False
    for pk in ids:
        question = questions[pk]
        answer = answers.get(pk)
        if answer is None:
            answer = Answer(attempt=attempt, question=question, response=None)
        if not (answer.needs_manual and answer.marks is not None):  # keep a person's grade
            grade_answer(answer, question, attempt.language)
        if save:
            answer.save()
        max_score += question.points
        if answer.marks is not None:
            score += answer.marks
        manual = manual or answer.marks is None
    attempt.score, attempt.max_score, attempt.needs_manual_grading = score, max_score, manual


def submit_attempt(attempt: Attempt, *, now=None) -> Attempt:
    """Grade and close ``attempt`` with its saved answers. Idempotent and atomic.

    The attempt's row is locked, so of simultaneous submits one grades and the others wait and
    then get the same graded attempt. Past the deadline the attempt is marked ``timed_out``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.state == SUBMITTED:
            return locked
        _grade(locked)
        locked.state = SUBMITTED
        locked.timed_out = locked.deadline is not None and now > locked.deadline
        locked.submitted_at = min(now, locked.deadline) if locked.timed_out else now
        # The state filter guards databases without row locks: only one update wins.
        won = Attempt.objects.filter(pk=locked.pk, state=IN_PROGRESS).update(
            state=SUBMITTED,
            submitted_at=locked.submitted_at,
            timed_out=locked.timed_out,
            score=locked.score,
            max_score=locked.max_score,
            needs_manual_grading=locked.needs_manual_grading,
        )
        if not won:
            transaction.set_rollback(True)
    if not won:
        return Attempt.objects.get(pk=attempt.pk)
    transaction.on_commit(lambda: attempt_submitted.send(sender=Attempt, attempt=locked))
    return locked


def regrade_attempt(attempt: Attempt, *, dry_run=False) -> Attempt:
    """Grade a submitted attempt again with the questions' current keys (after a fix).

    Grades given by a person (essays) are kept. Grading is pure, so this is safe at any time.
    ``dry_run=True`` saves nothing and returns an unsaved copy carrying the new score (see
    ``preview_regrade`` for many attempts at once).
    """
    if dry_run:
        copy = Attempt.objects.get(pk=attempt.pk)
        if copy.state == SUBMITTED:
            _grade(copy, save=False)
        return copy
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.state != SUBMITTED:
            return locked
        _grade(locked)
        locked.save(update_fields=["score", "max_score", "needs_manual_grading"])
    return locked


def regrade_quiz(quiz: QuizPage) -> int:
    """Regrade every submitted attempt of ``quiz``; the number regraded."""
    attempts = Attempt.objects.filter(quiz=quiz, state=SUBMITTED).order_by("pk")
    for attempt in attempts:
        regrade_attempt(attempt)
    return attempts.count()


@dataclass
class RegradeChange:
    """One attempt before and after regrading (``after`` is an unsaved copy in a dry run)."""

    before: Attempt
    after: Attempt

    @property
    def changed(self) -> bool:
        return (self.before.score, self.before.needs_manual_grading) != (
            self.after.score,
            self.after.needs_manual_grading,
        )


def attempts_using(question: Question):
    """Submitted attempts that asked ``question`` (each has an answer row once submitted)."""
    return (
        Attempt.objects.filter(
            state=SUBMITTED,
            pk__in=Answer.objects.filter(question=question).values("attempt_id"),
        )
        .select_related("user", "quiz")
        .order_by("quiz__path", "user__username", "number")
    )


def preview_regrade(attempts) -> list[RegradeChange]:
    """What regrading ``attempts`` would change, computed without saving (a dry run).

    Runs a fixed number of queries whatever the number of attempts: their answers and the
    questions they use are loaded once.
    """
    from .selectors import load_questions

    attempts = [a for a in attempts if a.state == SUBMITTED]
    answers: dict[int, dict[int, Answer]] = {a.pk: {} for a in attempts}
    for answer in Answer.objects.filter(attempt__in=[a.pk for a in attempts]):
        answers[answer.attempt_id][answer.question_id] = answer
    questions = load_questions({pk for a in attempts for pk in a.question_ids})
    changes = []
    for attempt in attempts:
        after = Attempt(
            pk=attempt.pk, user_id=attempt.user_id, quiz_id=attempt.quiz_id,
            number=attempt.number, state=attempt.state, language=attempt.language,
            snapshot=attempt.snapshot, score=attempt.score, max_score=attempt.max_score,
            needs_manual_grading=attempt.needs_manual_grading,
        )
        if all(pk in questions for pk in attempt.question_ids):
            _grade(after, save=False, questions=questions, answers=answers[attempt.pk])
        changes.append(RegradeChange(before=attempt, after=after))
    return changes


def regrade_question(question: Question, *, by, reason="") -> list[RegradeChange]:
    """Regrade every submitted attempt that asked ``question`` (after its key was fixed).

    Uses ``regrade_attempt``; writes an audit entry for each attempt whose score changed and
    one for the regrade as a whole. Returns the changes.
    """
    changes = []
    with transaction.atomic():
        for before in attempts_using(question):
            after = regrade_attempt(before)
            change = RegradeChange(before=before, after=after)
            changes.append(change)
            if change.changed:
                audit(
                    by, REGRADED, student=before.user, quiz=before.quiz, question=question,
                    old=_percent_text(before), new=_percent_text(after),
                    reason=reason or f"#{before.number}",
                )
        audit(
            by, REGRADED, question=question,
            old=str(len(changes)), new=str(sum(1 for c in changes if c.changed)),
            reason=reason,
        )
    return changes


def _percent_text(attempt: Attempt) -> str:
    if attempt.needs_manual_grading or attempt.percent is None:
        return ""
    return f"{Decimal(attempt.percent).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


# ----------------------------------------------------------------------------------------------
# Instructors: marks by hand, grade overrides, resets, and the audit trail
# ----------------------------------------------------------------------------------------------


class GradingError(QuizError):
    """An instructor's input that cannot be saved (out of range, not a number, no reason)."""


def audit(actor, action, *, student=None, quiz=None, question=None, old="", new="", reason=""):
    """Record what an instructor did (see ``AuditEntry``); returns the entry."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        student=student,
        quiz=quiz,
        question=question,
        old=str(old if old is not None else "")[:100],
        new=str(new if new is not None else "")[:100],
        reason=reason or "",
    )


def _total(attempt: Attempt) -> None:
    """The attempt's score from its answers' marks as they stand (no grading)."""
    ids = set(attempt.question_ids)
    marks = {
        a.question_id: a.marks
        for a in Answer.objects.filter(attempt=attempt, question_id__in=ids)
    }
    attempt.score = sum((m for m in marks.values() if m is not None), Decimal(0))
    attempt.needs_manual_grading = any(marks.get(pk) is None for pk in ids)


def mark_answer(answer: Answer, score, feedback: str = "", *, by) -> Answer:
    """An instructor's marks (0..the question's points) and feedback for one answer.

    Used for essays and for answers the rules could not grade. The attempt's score is totalled
    again and it stops waiting for grading once no answer lacks marks. Audited.
    """
    try:
        score = Decimal(str(score).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise GradingError(_("Enter the marks as a number.")) from exc
    if not score.is_finite():
        raise GradingError(_("Enter the marks as a number."))
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=answer.attempt_id)
        answer = Answer.objects.select_related("question").get(pk=answer.pk)
        points = answer.question.points
        if not 0 <= score <= points:
            raise GradingError(
                _("The marks must be between 0 and %(points)s.") % {"points": plain_number(points)}
            )
        if attempt.state != SUBMITTED:
            raise GradingError(_("This attempt has not been submitted yet."))
        old = answer.marks
        score = score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        answer.marks = score
        answer.fraction = float(score / points)
        answer.needs_manual = True  # graded by a person: regrading keeps these marks
        answer.feedback = [feedback.strip()] if feedback and feedback.strip() else []
        answer.detail = {**(answer.detail or {}), "graded_by": by.get_username()}
        answer.save(update_fields=["marks", "fraction", "needs_manual", "feedback", "detail"])
        _total(attempt)
        attempt.save(update_fields=["score", "needs_manual_grading"])
        audit(
            by, ANSWER_GRADED, student=attempt.user, quiz=attempt.quiz, question=answer.question,
            old="" if old is None else old, new=score, reason=feedback.strip() if feedback else "",
        )
    return answer


def plain_number(value: Decimal) -> str:
    """2.00 -> "2", 2.50 -> "2.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _clean_percent(percent) -> Decimal:
    try:
        value = Decimal(str(percent).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise GradingError(_("Enter the grade as a number.")) from exc
    if not value.is_finite() or not 0 <= value <= 100:
        raise GradingError(_("The grade must be between 0 and 100."))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def set_grade_override(user, quiz: QuizPage, percent, reason: str, *, by) -> GradeOverride:
    """Set ``user``'s grade at ``quiz`` to ``percent``, whatever their attempts say. Audited."""
    from .selectors import quiz_result

    percent = _clean_percent(percent)
    reason = (reason or "").strip()
    if not reason:
        raise GradingError(_("Give the reason for the override."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        old = quiz_result(user, quiz)["grade"]
        override, _created = GradeOverride.objects.update_or_create(
            user=user, quiz=quiz,
            defaults={"percent": percent, "reason": reason, "by": by, "at": timezone.now()},
        )
        audit(by, OVERRIDE_SET, student=user, quiz=quiz, old=old, new=percent, reason=reason)
    return override


def remove_grade_override(user, quiz: QuizPage, *, by, reason: str = "") -> bool:
    """Remove the override: the grade computed from the attempts applies again. Audited."""
    from .selectors import quiz_result

    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        override = GradeOverride.objects.filter(user=user, quiz=quiz).first()
        if override is None:
            return False
        override.delete()
        new = quiz_result(user, quiz)["grade"]
        audit(
            by, OVERRIDE_REMOVED, student=user, quiz=quiz, old=override.percent, new=new,
            reason=(reason or "").strip(),
        )
    return True


def reset_attempts(user, quiz: QuizPage, *, by, reason: str = "") -> int:
    """Delete every attempt of ``user`` at ``quiz`` (with their answers): they start afresh.

    A grade override stays. Audited (before: the number of attempts, after: 0).
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        attempts = Attempt.objects.filter(user=user, quiz=quiz)
        count = attempts.count()
        attempts.delete()
        audit(
            by, ATTEMPTS_RESET, student=user, quiz=quiz, old=count, new=0,
            reason=(reason or "").strip(),
        )
    return count


def close_expired_attempts(now=None) -> int:
    """Grade every attempt whose time is up (the management command); how many were closed."""
    return expire_overdue(now=now)

