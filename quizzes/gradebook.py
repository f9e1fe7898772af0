"""Reads for instructors: the gradebook's cells, a student's attempts, the grading queue and quiz
statistics. Quiz data only (enrolment is the course's: ``course.admin_views`` brings the students).

Every function here runs a fixed number of queries, whatever the number of students, quizzes,
attempts or questions (the tests count them at two sizes). Nothing here writes.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    ESSAY,
    IN_PROGRESS,
    MULTIPLE,
    SINGLE,
    SUBMITTED,
    TRUEFALSE,
)
from .models import Answer, Attempt, AuditEntry, GradeOverride, Question, QuizPage
from .selectors import (
    build_items,
    grade_facts,
    load_questions,
    quiz_grade,
    response_text,
    right_answer,
)

# ----------------------------------------------------------------------------------------------
# The gradebook's cells: one student at one quiz
# ----------------------------------------------------------------------------------------------

NOT_STARTED = "not_started"
IN_PROGRESS_STATUS = "in_progress"
NEEDS_GRADING = "needs_grading"
PASSED = "passed"
NOT_PASSED = "not_passed"
STATUSES = [
    (NOT_STARTED, _("Not started")),
    (IN_PROGRESS_STATUS, _("In progress")),
    (NEEDS_GRADING, _("Needs grading")),
    (PASSED, _("Passed")),
    (NOT_PASSED, _("Not passed")),
]
STATUS_LABELS = dict(STATUSES)


@dataclass
class Cell:
    """A student's standing at one quiz, as the gradebook shows it."""

    quiz: QuizPage
    grade: Decimal | None = None  # what counts: the override if any, else the computed grade
    computed: Decimal | None = None  # from the attempts, by the quiz's grading method
    override: Decimal | None = None
    attempts: int = 0
    in_progress: bool = False
    needs_grading: bool = False

    @property
    def overridden(self) -> bool:
        return self.override is not None

    @property
    def allowed(self) -> int:
        """Attempts allowed (0 = unlimited)."""
        return self.quiz.attempts_allowed

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade >= self.quiz.pass_mark

    @property
    def status(self) -> str:
        if self.overridden:
            return PASSED if self.passed else NOT_PASSED
        if self.needs_grading:
            return NEEDS_GRADING
        if self.grade is not None:
            return PASSED if self.passed else NOT_PASSED
        if self.in_progress or self.attempts:
            return IN_PROGRESS_STATUS
        return NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def result(self) -> dict:
        """The shape of ``quizzes.selectors.quiz_result`` (what progress counts)."""
        return {"grade": self.grade, "passed": self.passed, "attempts": self.attempts}


def make_cell(quiz: QuizPage, rows, override=None) -> Cell:
    """A cell from a student's attempts at ``quiz`` (``GradeRow``s or ``Attempt``s)."""
    computed = quiz_grade(rows, quiz.grading_method)
    return Cell(
        quiz=quiz,
        grade=computed if override is None else quiz_grade(rows, quiz.grading_method, override),
        computed=computed,
        override=override,
        attempts=len(rows),
        in_progress=any(r.state == IN_PROGRESS for r in rows),
        needs_grading=any(r.state == SUBMITTED and r.needs_manual_grading for r in rows),
    )


def grade_grid(user_ids, quizzes, *, users=None) -> dict[tuple[int, int], Cell]:
    """{(user id, quiz id): Cell} for every given user at every quiz, in one query.

    ``users``: optionally a queryset of the same ids, used in SQL instead of the list.
    """
    quizzes = list(quizzes)
    rows, overrides = grade_facts(user_ids if users is None else users, quizzes)
    return {
        (user_id, quiz.pk): make_cell(
            quiz, rows.get((user_id, quiz.pk), []), overrides.get((user_id, quiz.pk))
        )
        for user_id in user_ids
        for quiz in quizzes
    }


def weighted_grade(cells, weights: dict[str, int], component_of) -> Decimal | None:
    """The course grade from a student's cells, weighted as the syllabus says.

    ``weights`` maps a component ("quizzes", "essay", "final") to its percentage and
    ``component_of(quiz)`` names the component a quiz belongs to (None: not counted). Each
    component is the average of its graded quizzes; components not graded yet are left out and
    the others' weights scaled up (Moodle's "aggregate only non-empty grades"). None when nothing
    that counts is graded yet.
    """
    grades: dict[str, list[Decimal]] = {}
    for cell in cells:
        name = component_of(cell.quiz)
        if cell.grade is not None and name is not None:
            grades.setdefault(name, []).append(Decimal(cell.grade))
    used = {name: weight for name, weight in weights.items() if weight and grades.get(name)}
    if not used:
        return None
    total = sum(
        Decimal(weight) * sum(grades[name]) / len(grades[name]) for name, weight in used.items()
    )
    return (total / sum(used.values())).quantize(Decimal("0.1"))


# ----------------------------------------------------------------------------------------------
# One student: every attempt with its answers, overrides and the audit trail
# ----------------------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    """One question of an attempt as an instructor sees it: everything, key included."""

    number: int
    question: Question
    answer: Answer | None
    response: list[str]  # the student's answer in words
    right: list[str]
    feedback: list[str]

    @property
    def marks(self):
        return self.answer.marks if self.answer else None

    @property
    def waiting(self) -> bool:
        """Submitted, but no marks yet: a person has to grade it."""
        return self.answer is not None and self.answer.marks is None


@dataclass
class AttemptDetail:
    attempt: Attempt
    rows: list[AnswerRow] = field(default_factory=list)


@dataclass
class QuizDetail:
    quiz: QuizPage
    cell: Cell
    override: GradeOverride | None
    attempts: list[AttemptDetail] = field(default_factory=list)


def student_quizzes(user, quizzes) -> list[QuizDetail]:
    """Each of ``quizzes`` with ``user``'s cell, override and every attempt with its answers.

    Fixed number of queries: attempts, answers, questions (with options, pairs, accepted
    answers and places), overrides.
    """
    quizzes = list(quizzes)
    by_pk = {quiz.pk: quiz for quiz in quizzes}
    attempts = list(
        Attempt.objects.filter(user=user, quiz_id__in=list(by_pk)).order_by("quiz_id", "number")
    )
    for attempt in attempts:
        attempt.quiz = by_pk[attempt.quiz_id]  # no query per attempt
    answers: dict[int, dict[int, Answer]] = {attempt.pk: {} for attempt in attempts}
    for answer in Answer.objects.filter(attempt__in=[a.pk for a in attempts]):
        answers[answer.attempt_id][answer.question_id] = answer
    questions = load_questions({pk for attempt in attempts for pk in attempt.question_ids})
    overrides = {
        o.quiz_id: o
        for o in GradeOverride.objects.filter(user=user, quiz_id__in=list(by_pk)).select_related(
            "by"
        )
    }
    cache: dict = {}
    details = {
        quiz.pk: QuizDetail(
            quiz=quiz,
            cell=make_cell(
                quiz,
                [a for a in attempts if a.quiz_id == quiz.pk],
                overrides[quiz.pk].percent if quiz.pk in overrides else None,
            ),
            override=overrides.get(quiz.pk),
        )
        for quiz in quizzes
    }
    for attempt in attempts:
        detail = AttemptDetail(attempt)
        for item in build_items(attempt, questions, answers[attempt.pk], cache):
            feedback = list(item.answer.feedback if item.answer else [])
            if item.question.feedback:
                feedback.append(item.question.feedback)
            detail.rows.append(
                AnswerRow(
                    number=item.number,
                    question=item.question,
                    answer=item.answer,
                    response=response_text(item),
                    right=right_answer(item.question, attempt.language),
                    feedback=feedback,
                )
            )
        details[attempt.quiz_id].attempts.append(detail)
    return list(details.values())


def audit_trail(student=None, quiz=None, question=None):
    """Audit entries, newest first (a queryset: the caller slices or paginates it)."""
    entries = AuditEntry.objects.select_related("actor", "student", "quiz", "question")
    if student is not None:
        entries = entries.filter(student=student)
    if quiz is not None:
        entries = entries.filter(quiz=quiz)
    if question is not None:
        entries = entries.filter(question=question)
    return entries


# ----------------------------------------------------------------------------------------------
# The grading queue
# ----------------------------------------------------------------------------------------------


def waiting_answers(quiz=None):
    """Answers of submitted attempts that wait for a person's marks, oldest attempt first.

    Essays, and answers the rules could not grade (a key broken by an edit). A queryset.
    """
    answers = (
        Answer.objects.filter(
            marks__isnull=True, attempt__state=SUBMITTED, attempt__needs_manual_grading=True
        )
        .select_related("attempt__user", "attempt__quiz", "question")
        .order_by("attempt__submitted_at", "attempt_id", "pk")
    )
    if quiz is not None:
        answers = answers.filter(attempt__quiz=quiz)
    return answers


def answers_text(answers) -> dict[int, list[str]]:
    """{answer id: the answer in words} for many answers (each with ``attempt`` loaded)."""
    answers = list(answers)
    if not answers:
        return {}
    questions = load_questions({a.question_id for a in answers if a.question.type != ESSAY})
    cache: dict = {}
    texts = {}
    for answer in answers:
        if answer.question.type == ESSAY:
            texts[answer.pk] = [answer.response] if isinstance(answer.response, str) else []
            continue
        items = build_items(
            answer.attempt, questions, {answer.question_id: answer}, cache
        )
        texts[answer.pk] = next(
            (response_text(i) for i in items if i.question.pk == answer.question_id), []
        )
    return texts


# ----------------------------------------------------------------------------------------------
# Quiz statistics (per question), as Moodle computes them
# ----------------------------------------------------------------------------------------------

FACILITY_LOW, FACILITY_HIGH, DISCRIMINATION_LOW = 0.2, 0.95, 0.2


@dataclass
class OptionCount:
    label: str
    correct: bool
    count: int
    share: float  # of the attempts that were asked the question


@dataclass
class QuestionStats:
    question: Question
    position: int
    attempts: int  # first graded attempts that were asked this question
    facility: float | None  # mean score fraction, 0..1
    discrimination: float | None  # correlation with the rest of the test, -1..1
    options: list[OptionCount] = field(default_factory=list)
    blank: int = 0  # attempts that left it unanswered

    @property
    def flags(self) -> list[str]:
        found = []
        if self.facility is not None and self.facility < FACILITY_LOW:
            found.append(str(_("Very hard (facility below 0.20)")))
        if self.facility is not None and self.facility > FACILITY_HIGH:
            found.append(str(_("Very easy (facility above 0.95)")))
        if self.discrimination is not None and self.discrimination < DISCRIMINATION_LOW:
            found.append(str(_("Discriminates poorly (below 0.20)")))
        return found

    @property
    def facility_percent(self):
        return None if self.facility is None else round(self.facility * 100)


@dataclass
class QuizStats:
    quiz: QuizPage
    attempts: int  # first graded attempts analysed
    all_submitted: int
    mean: float | None  # mean percent of the analysed attempts
    median: float | None
    deviation: float | None
    questions: list[QuestionStats]


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None below 2 pairs or when either side does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def _fraction(marks, points) -> float:
    if marks is None or not points:
        return 0.0
    return float(marks) / float(points)


def quiz_statistics(quiz: QuizPage, users=None) -> QuizStats:
    """Facility, discrimination and option counts of each question of ``quiz``.

    Like Moodle's quiz statistics, computed over each student's first graded attempt (the
    first submitted attempt that needs no more grading). Facility is the mean score fraction of
    the question; discrimination the correlation between the question's score and the score on
    the rest of the attempt ("n/a" below 2 attempts, or when either does not vary). Fixed number
    of queries whatever the number of attempts and questions. ``users`` (user ids) limits it
    to those students (a teaching assistant's cohorts).
    """
    attempts = Attempt.objects.filter(quiz=quiz, state=SUBMITTED)
    if users is not None:
        attempts = attempts.filter(user__in=users)
    submitted = list(
        attempts.order_by("user_id", "number")
        .only("pk", "user_id", "number", "score", "max_score", "needs_manual_grading", "snapshot")
    )
    first: dict[int, Attempt] = {}
    for attempt in submitted:
        if not attempt.needs_manual_grading and attempt.user_id not in first:
            first[attempt.user_id] = attempt
    chosen = list(first.values())
    answers: dict[int, dict[int, tuple]] = {a.pk: {} for a in chosen}
    for attempt_id, question_id, marks, response in Answer.objects.filter(
        attempt__in=[a.pk for a in chosen]
    ).values_list("attempt_id", "question_id", "marks", "response"):
        answers[attempt_id][question_id] = (marks, response)

    fixed = list(quiz.fixed_questions.order_by("sort_order").values_list("question_id", flat=True))
    asked = Counter(pk for a in chosen for pk in a.question_ids)
    order = fixed + sorted(pk for pk in asked if pk not in fixed)
    questions = (
        Question.objects.filter(pk__in=order).prefetch_related("options").in_bulk()
    )

    percents = [float(a.percent) for a in chosen if a.percent is not None]
    stats = []
    for position, pk in enumerate((pk for pk in order if pk in questions), start=1):
        question = questions[pk]
        mine, rest = [], []
        picks: Counter = Counter()
        blank = 0
        for attempt in chosen:
            if pk not in attempt.question_ids:
                continue
            marks, response = answers[attempt.pk].get(pk, (None, None))
            mine.append(_fraction(marks, question.points))
            total = float(attempt.score or 0) - float(marks or 0)
            possible = float(attempt.max_score or 0) - float(question.points)
            rest.append(total / possible if possible > 0 else 0.0)
            if response in (None, "", [], {}):
                blank += 1
            elif question.type in (SINGLE, MULTIPLE):
                picks.update(response if isinstance(response, list) else [response])
            elif question.type == TRUEFALSE:
                picks[str(response).lower() in ("true", "1")] += 1
        n = len(mine)
        entry = QuestionStats(
            question=question,
            position=position,
            attempts=n,
            facility=sum(mine) / n if n else None,
            discrimination=correlation(mine, rest),
            blank=blank,
        )
        if question.type in (SINGLE, MULTIPLE):
            entry.options = [
                OptionCount(o.text, o.correct, picks[o.uid], picks[o.uid] / n if n else 0.0)
                for o in question.options.all()
            ]
        elif question.type == TRUEFALSE:
            entry.options = [
                OptionCount(
                    str(label), value == question.true_false_answer, picks[value],
                    picks[value] / n if n else 0.0,
                )
                for value, label in ((True, _("True")), (False, _("False")))
            ]
        stats.append(entry)
    mean = sum(percents) / len(percents) if percents else None
    return QuizStats(
        quiz=quiz,
        attempts=len(chosen),
        all_submitted=len(submitted),
        mean=mean,
        median=_median(percents),
        deviation=(
            math.sqrt(sum((p - mean) ** 2 for p in percents) / (len(percents) - 1))
            if len(percents) > 1
            else None
        ),
        questions=stats,
    )


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def quizzes_with_counts(quizzes) -> list[tuple[QuizPage, int, int]]:
    """[(quiz, submitted attempts, answers waiting for grading)] in two queries."""
    from django.db.models import Count

    quizzes = list(quizzes)
    ids = [q.pk for q in quizzes]
    submitted = dict(
        Attempt.objects.filter(quiz_id__in=ids, state=SUBMITTED)
        .order_by()
        .values_list("quiz_id")
        .annotate(n=Count("pk"))
    )
    waiting = dict(
        Answer.objects.filter(
            Q(marks__isnull=True),
            attempt__quiz_id__in=ids,
            attempt__state=SUBMITTED,
            attempt__needs_manual_grading=True,
        )
        .order_by()
        .values_list("attempt__quiz_id")
        .annotate(n=Count("pk"))
    )
    return [(q, submitted.get(q.pk, 0), waiting.get(q.pk, 0)) for q in quizzes]
