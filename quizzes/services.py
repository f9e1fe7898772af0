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
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import grading
from .choices import IN_PROGRESS, MAPPOINT, MATCHING, NUMERIC, OPTION_TYPES, ORDERING, SUBMITTED
from .forms import NOT_IN_ATTEMPT, error_message
from .models import Answer, Attempt, Question, QuizPage

GRACE = datetime.timedelta(seconds=30)

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
        submit_attempt(attempt, now=now)
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
        if not quiz.is_open(now):
            if quiz.opens_at and now < quiz.opens_at:
                raise QuizUnavailable(_("This quiz is not open yet."))
            raise QuizUnavailable(_("This quiz is closed."))
        used = Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("number"))["n"] or 0
        if quiz.attempts_allowed and used >= quiz.attempts_allowed:
            raise QuizUnavailable(_("You have used all the attempts allowed."))
        if not course_allows_start(user, quiz):
            raise QuizUnavailable(_("Enrol in the course (on the course page) to take its quizzes."))
        snapshot = draw_snapshot(quiz, secrets.randbelow(2**31))
        if not snapshot["questions"]:
            raise QuizUnavailable(_("This quiz has no questions yet."))
        deadline = None
        if quiz.time_limit_minutes:
            deadline = now + datetime.timedelta(minutes=quiz.time_limit_minutes)
        if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
            deadline = quiz.closes_at
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
    ``"place"`` as well (graded by that place's coordinates). Numbers are stored as typed.
    """
    if question.type == MAPPOINT and isinstance(raw, Mapping) and raw.get("place"):
        lat, lon = grading.resolve_place(raw["place"], places if places is not None else {})
        return {"place": raw["place"], "lat": lat, "lon": lon}
    value = grader.clean(raw)
    if value is None:
        return None
    if question.type == MAPPOINT:
        return {"lat": value[0], "lon": value[1]}
    if question.type == NUMERIC:
        return raw.strip() if isinstance(raw, str) else str(value)
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


def _grade(attempt: Attempt) -> None:
    """Grade every question of the attempt (blank ones too) and total the score."""
    ids = attempt.question_ids
    questions = (
        Question.objects.filter(pk__in=ids)
        .select_related("place")
        .prefetch_related("options", "pairs", "accepted_answers")
        .in_bulk()
    )
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    score, max_score, manual = 0, 0, False
    for pk in ids:
        question = questions[pk]
        answer = answers.get(pk)
        if answer is None:
            answer = Answer(attempt=attempt, question=question, response=None)
        if not (answer.needs_manual and answer.marks is not None):  # keep a person's grade
            grade_answer(answer, question, attempt.language)
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


def regrade_attempt(attempt: Attempt) -> Attempt:
    """Grade a submitted attempt again with the questions' current keys (after a fix).

    Grades given by a person (essays) are kept. Grading is pure, so this is safe at any time.
    """
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


def close_expired_attempts(now=None) -> int:
    """Grade every attempt whose time is up (the management command); how many were closed."""
    return expire_overdue(now=now)

