"""Quizzes: the question bank, quiz pages, attempts and answers.

The grading rules themselves are pure functions in ``quizzes.grading``; this module stores what
they need (``Question.grading_key`` turns a question into the plain values a grading class takes)
and what they decide (``Answer``). How an attempt starts, saves and is submitted lives in
``quizzes.services``.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from . import grading
from .choices import (
    ATTEMPT_STATES,
    AUDIT_ACTIONS,
    ESSAY,
    GRADING_METHODS,
    HIGHEST,
    IN_PROGRESS,
    MAPPOINT,
    MATCHING,
    MULTIPLE,
    NUMERIC,
    ORDERING,
    QUESTION_TYPES,
    REVIEW_MOMENTS,
    REVIEW_PARTS,
    SHORT,
    SINGLE,
    SUBMITTED,
    TOLERANCE_KINDS,
    TRUEFALSE,
    WITHHELD_WHILE_ATTEMPTS_LEFT,
)
from .forms import QuestionAdminForm

FALLBACK_LANGUAGE = "en"
# Moodle's "immediately after the attempt": the review moment "after" lasts this long.
REVIEW_IMMEDIATE = datetime.timedelta(minutes=2)


def new_uid() -> str:
    """An opaque id for an option, an item or a side of a pair, shown to students in forms.

    Random rather than the row's primary key, so that neither the order of ordering items nor
    which right side belongs to which left side can be read from the ids.
    """
    # A letter first: never all digits, so it cannot be mistaken for (or parsed as) a row id.
    return secrets.choice("abcdefghijklmnopqrstuvwxyz") + secrets.token_hex(5)[:9]


class QuestionCategory(models.Model):
    """A group of questions (one per module), from which a quiz can draw questions at random."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=255)

    panels = [FieldPanel("key"), FieldPanel("title")]

    class Meta:
        ordering = ["key"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return self.title


class Question(ClusterableModel):
    """One question of the bank. The fields used depend on ``type``.

    single / multiple: ``options`` (each correct or not, with feedback); ordering: ``options`` are
    the items in their correct order; truefalse: ``true_false_answer``; short: ``accepted_answers``
    per language; numeric: ``numeric_answer``, ``tolerance``, ``tolerance_kind``, ``unit``;
    matching: ``pairs``; mappoint: ``place`` and ``radius_km``; essay: ``rubric`` (graded by a
    person).
    """

    key = models.SlugField(_("key"), max_length=60, unique=True)
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    type = models.CharField(_("type"), max_length=10, choices=QUESTION_TYPES)
    text = models.TextField(_("question text"))
    feedback = models.TextField(
        _("general feedback"),
        blank=True,
        help_text=_("Shown with the review, whatever the answer."),
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, default=1,
        validators=[MinValueValidator(0.01)],
    )
    lesson = models.ForeignKey(
        "lessons.LessonPage",
        verbose_name=_("lesson tested"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    true_false_answer = models.BooleanField(
        _("the statement is true"), default=True, help_text=_("True or false questions only.")
    )
    numeric_answer = models.DecimalField(
        _("numeric answer"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=20, decimal_places=6, default=0,
        validators=[MinValueValidator(0)],
    )
    tolerance_kind = models.CharField(
        _("kind of tolerance"), max_length=10, choices=TOLERANCE_KINDS, default="absolute"
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    place = models.ForeignKey(
        "lessons.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    radius_km = models.FloatField(
        _("accepted radius (km)"), null=True, blank=True, validators=[MinValueValidator(0.001)]
    )
    rubric = models.TextField(
        _("marking rubric"), blank=True, help_text=_("Essays: what a good answer contains.")
    )

    base_form_class = QuestionAdminForm
    panels = [
        FieldRowPanel([FieldPanel("key"), FieldPanel("type")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("points")]),
        FieldPanel("lesson"),
        FieldPanel("text"),
        FieldPanel("feedback"),
        InlinePanel(
            "options",
            label=_("Options (single / multiple) or items in their correct order (ordering)"),
        ),
        FieldPanel("true_false_answer"),
        InlinePanel("accepted_answers", label=_("Accepted answers (short answer)")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("numeric_answer"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("tolerance"), FieldPanel("tolerance_kind")]),
            ],
            _("Numeric"),
        ),
        InlinePanel("pairs", label=_("Matching pairs")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("place"), FieldPanel("radius_km")])], _("Point on a map")
        ),
        FieldPanel("rubric"),
    ]

    class Meta:
        ordering = ["category__key", "key"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="question_points_positive"),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="question_tolerance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(radius_km__isnull=True) | Q(radius_km__gt=0),
                name="question_radius_positive",
            ),
            models.CheckConstraint(
                condition=Q(type__in=[code for code, _label in QUESTION_TYPES]),
                name="question_type_known",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.text[:80]}"

    @property
    def needs_manual_grading(self) -> bool:
        return self.type == ESSAY

    def clean(self):
        """Rules on the question's own fields (its rows are checked by ``check_rows``)."""
        errors = {}
        if self.type == NUMERIC and self.numeric_answer is None:
            errors["numeric_answer"] = _("A numeric question needs its answer.")
        if self.type == MAPPOINT:
            if self.place_id is None:
                errors["place"] = _("A map question needs the place to find.")
            if self.radius_km is None:
                errors["radius_km"] = _("A map question needs the accepted radius.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_rows(question_type, options=(), pairs=(), answers=()) -> list[str]:
        """Cross-row rules, on plain values (the admin form and the loader both use them).

        ``options``: [{"correct": bool}], ``pairs``: [{"left", "right"}], ``answers``:
        [{"language", "text"}]. Returns the problems as translated messages.
        """
        problems = []
        correct = sum(1 for option in options if option.get("correct"))
        if question_type in (SINGLE, MULTIPLE) and len(options) < 2:
            problems.append(_("A choice question needs at least two options."))
        if question_type == SINGLE and correct != 1:
            problems.append(_("A single-choice question needs exactly one correct option."))
        if question_type == MULTIPLE and correct < 1:
            problems.append(_("A multiple-response question needs at least one correct option."))
        if question_type == ORDERING and len(options) < 2:
            problems.append(_("An ordering question needs at least two items."))
        if question_type == MATCHING and len(pairs) < 2:
            problems.append(_("A matching question needs at least two pairs."))
        if question_type == SHORT:
            english = [a for a in answers if a.get("language") == FALLBACK_LANGUAGE]
            if not any(grading.normalise(a.get("text") or "") for a in english):
                problems.append(_("A short-answer question needs at least one English answer."))
        return problems

    # -- grading -------------------------------------------------------------------------------
    def grading_key(self, language: str) -> dict:
        """The plain values the grading class of this type takes, for an attempt in ``language``.

        Texts (option feedback, the unit) are taken in ``language``, falling back to English;
        short answers accept the spellings of ``language`` plus the English ones.
        """
        with translation.override(language):
            if self.type in (SINGLE, MULTIPLE):
                return {
                    "options": [
                        {"id": o.uid, "correct": o.correct, "feedback": o.feedback}
                        for o in self.options.all()
                    ]
                }
            if self.type == ORDERING:
                return {"order": [o.uid for o in self.options.all()]}
            if self.type == TRUEFALSE:
                return {"answer": self.true_false_answer}
            if self.type == SHORT:
                wanted = (language, FALLBACK_LANGUAGE)
                rows = sorted(
                    (a for a in self.accepted_answers.all() if a.language in wanted),
                    key=lambda a: (wanted.index(a.language), a.sort_order or 0),
                )
                return {"answers": list(dict.fromkeys(a.text for a in rows))}
            if self.type == NUMERIC:
                return {
                    "answer": self.numeric_answer,
                    "tolerance": self.tolerance,
                    "tolerance_kind": self.tolerance_kind,
                    "unit": self.unit,
                    # In Russian, Kazakh and Turkish the comma is the decimal separator.
                    "decimal_comma": language != FALLBACK_LANGUAGE,
                }
            if self.type == MATCHING:
                pairs = list(self.pairs.all())
                return {
                    "pairs": {p.left_uid: p.right_uid for p in pairs},
                    "rights": [p.right_uid for p in pairs],
                }
            if self.type == MAPPOINT:
                return {
                    "lat": self.place.latitude,
                    "lon": self.place.longitude,
                    "radius_km": self.radius_km,
                }
            if self.type == ESSAY:
                return {"rubric": self.rubric}
        raise grading.InvalidKey(f"unknown question type {self.type!r}")

    def grader(self, language: str) -> grading.QuestionType:
        """The grading class of this type built with this question's key."""
        return grading.QUESTION_TYPES[self.type](**self.grading_key(language))


class QuestionOption(Orderable):
    """An option of a choice question, or an item of an ordering question (in correct order)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    uid = models.CharField(max_length=16, default=new_uid, editable=False)
    text = models.CharField(_("text"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("correct"), FieldPanel("feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["question", "uid"], name="option_uid_unique"),
        ]

    def __str__(self):
        return self.text


class MatchingPair(Orderable):
    """A left item and the right item it matches; the right items are shuffled when shown."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="pairs")
    left_uid = models.CharField(max_length=16, default=new_uid, editable=False)
    right_uid = models.CharField(max_length=16, default=new_uid, editable=False)
    left = models.CharField(_("left"), max_length=300)
    right = models.CharField(_("right"), max_length=300)

    panels = [FieldPanel("left"), FieldPanel("right")]

    class Meta(Orderable.Meta):
        verbose_name = _("matching pair")
        verbose_name_plural = _("matching pairs")
        constraints = [
            models.UniqueConstraint(fields=["question", "left_uid"], name="pair_left_uid_unique"),
            models.UniqueConstraint(
                fields=["question", "right_uid"], name="pair_right_uid_unique"
            ),
        ]

    def __str__(self):
        return f"{self.left} → {self.right}"


class AcceptedAnswer(Orderable):
    """A spelling accepted for a short-answer question in one language (compared normalised)."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.CharField(_("answer"), max_length=grading.SHORT_ANSWER_MAX_LENGTH)

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("text")])]

    class Meta(Orderable.Meta):
        verbose_name = _("accepted answer")
        verbose_name_plural = _("accepted answers")

    def __str__(self):
        return f"{self.language}: {self.text}"


# ----------------------------------------------------------------------------------------------
# Quiz pages
# ----------------------------------------------------------------------------------------------


def _review_field(moment: str, part: str, label) -> models.BooleanField:
    default = moment == "closed" or part != "right_answer"
    return models.BooleanField(label, default=default)


class QuizPage(Page):
    """A quiz that closes a module (or the final exam of the course).

    Its questions are fixed ones (in order) and/or a random draw from a category, fixed for each
    attempt when it starts.
    """

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    draw_category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("draw questions from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    draw_count = models.PositiveSmallIntegerField(
        _("number of random questions"), default=0,
        help_text=_("Drawn from the category for each attempt, besides the fixed questions."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), default=0, help_text=_("0 = no time limit.")
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 = unlimited.")
    )
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=GRADING_METHODS, default=HIGHEST
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MaxValueValidator(100)]
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle the options"), default=True)
    one_per_page = models.BooleanField(
        _("one question per page"), default=False,
        help_text=_("Otherwise all the questions are on one page."),
    )

    review_after_answers = _review_field("after", "answers", _("their answers"))
    review_after_correctness = _review_field("after", "correctness", _("whether correct"))
    review_after_marks = _review_field("after", "marks", _("marks"))
    review_after_feedback = _review_field("after", "feedback", _("feedback"))
    review_after_right_answer = _review_field("after", "right_answer", _("the right answer"))
    review_open_answers = _review_field("open", "answers", _("their answers"))
    review_open_correctness = _review_field("open", "correctness", _("whether correct"))
    review_open_marks = _review_field("open", "marks", _("marks"))
    review_open_feedback = _review_field("open", "feedback", _("feedback"))
    review_open_right_answer = _review_field("open", "right_answer", _("the right answer"))
    review_closed_answers = _review_field("closed", "answers", _("their answers"))
    review_closed_correctness = _review_field("closed", "correctness", _("whether correct"))
    review_closed_marks = _review_field("closed", "marks", _("marks"))
    review_closed_feedback = _review_field("closed", "feedback", _("feedback"))
    review_closed_right_answer = _review_field("closed", "right_answer", _("the right answer"))
    review_withhold_while_attempts_left = models.BooleanField(
        _("hold back correctness, feedback and the right answer while the student may try again"),
        default=True,
        help_text=_(
            "Recommended. While the quiz is open and the student has attempts left, the review "
            "shows their answers and marks but not whether each is correct, the feedback or the "
            "right answer, whatever is ticked above: the next attempt asks the same questions. "
            "They see them once no attempt is left, or when the quiz closes."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("fixed_questions", label=_("Fixed questions")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("draw_category"), FieldPanel("draw_count")])],
            _("Random questions"),
        ),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]
                ),
                FieldRowPanel([FieldPanel("grading_method"), FieldPanel("pass_mark")]),
            ],
            _("Timing and grading"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("one_per_page"),
            ],
            _("Layout"),
        ),
    ] + [
        MultiFieldPanel(
            [FieldPanel(f"review_{moment}_{part}") for part, _label in REVIEW_PARTS],
            format_lazy("{}: {}", _("What students see in the review"), label),
        )
        for moment, label in REVIEW_MOMENTS
    ] + [
        MultiFieldPanel(
            [FieldPanel("review_withhold_while_attempts_left")],
            _("Review while attempts are left"),
        )
    ] + Page.settings_panels

    parent_page_types = ["course.ModulePage", "course.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="quiz_pass_mark_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_it_opens",
            ),
        ]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
        if self.draw_count and self.draw_category_id is None:
            raise ValidationError(
                {"draw_category": _("Choose the category to draw the random questions from.")}
            )

    def get_context(self, request, *args, **kwargs):
        from . import selectors, services

        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:  # an attempt whose time is up is graded first
            services.expire_overdue(user=request.user, quiz=self)
        context.update(selectors.quiz_overview(request.user, self))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-cache"  # it shows the student's own attempts
        return response

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or now >= self.opens_at) and (
            self.closes_at is None or now < self.closes_at
        )

    def has_closed(self, now=None) -> bool:
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at

    def may_try_again(self, attempts_used, now=None, attempts_allowed=None) -> bool:
        """Whether a student who has used ``attempts_used`` attempts could start another now
        (``attempts_allowed``: the student's own allowance, e.g. with extra attempts)."""
        allowed = self.attempts_allowed if attempts_allowed is None else attempts_allowed
        return self.is_open(now) and (not allowed or attempts_used < allowed)

    def review_moment(self, submitted_at=None, now=None) -> str:
        """Moodle's three moments: "after" (within ``REVIEW_IMMEDIATE`` of submitting),
        "open" (later, while the quiz is open) and "closed" (once it has closed)."""
        now = now or timezone.now()
        if self.has_closed(now):
            return "closed"
        if submitted_at is not None and now - submitted_at <= REVIEW_IMMEDIATE:
            return "after"
        return "open"

    def review_options(
        self, now=None, *, submitted_at=None, attempts_used=None, attempts_allowed=None
    ) -> dict:
        """What a student sees of a submitted attempt now: the one review rule.

        The moment's ticked parts, less correctness, feedback and the right answer while the
        student may start another attempt (``review_withhold_while_attempts_left``; an unknown
        ``attempts_used`` counts as "may"). ``submitted_at``: the attempt's (None: not "after").
        ``withheld`` says whether the rule hid something, so the review can say why.
        """
        now = now or timezone.now()
        moment = self.review_moment(submitted_at, now)
        options = {part: getattr(self, f"review_{moment}_{part}") for part, _label in REVIEW_PARTS}
        options["withheld"] = False  # True when the rule hid something ticked for the moment
        if (
            moment != "closed"
            and self.review_withhold_while_attempts_left
            and (
                attempts_used is None
                or self.may_try_again(attempts_used, now, attempts_allowed)
            )
        ):
            options["withheld"] = any(options[part] for part in WITHHELD_WHILE_ATTEMPTS_LEFT)
            options.update(dict.fromkeys(WITHHELD_WHILE_ATTEMPTS_LEFT, False))
        return options


class QuizQuestion(Orderable):
    """A question every attempt of the quiz gets, in this order (unless shuffled)."""

    page = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")
        constraints = [
            models.UniqueConstraint(fields=["page", "question"], name="quiz_question_once"),
        ]


# ----------------------------------------------------------------------------------------------
# Attempts
# ----------------------------------------------------------------------------------------------


class Attempt(models.Model):
    """One student's go at a quiz.

    ``snapshot`` fixes at the start what this attempt shows, so reloads, regrading and reviews
    see the same thing: ``{"seed": int, "questions": [question ids in order],
    "options": {question id: [option uids in the order shown]},
    "rights": {question id: [right-side uids in the order shown]}}``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt number"))
    state = models.CharField(_("state"), max_length=12, choices=ATTEMPT_STATES, default=IN_PROGRESS)
    language = models.CharField(_("language"), max_length=8, default=FALLBACK_LANGUAGE)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    timed_out = models.BooleanField(
        _("closed at the deadline"), default=False,
        help_text=_("Submitted by the server when time ran out, with the saved answers."),
    )
    snapshot = models.JSONField(_("questions and options as shown"), default=dict)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, null=True)
    needs_manual_grading = models.BooleanField(_("needs manual grading"), default=False)

    class Meta:
        ordering = ["quiz", "user", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        permissions = [("grade_attempts", "Can grade quiz attempts")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(state=IN_PROGRESS),
                name="one_open_attempt_per_user_and_quiz",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(
                condition=Q(state__in=[IN_PROGRESS, SUBMITTED]), name="attempt_state_known"
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"], name="attempt_state_deadline")]

    def __str__(self):
        return f"{self.user} · {self.quiz} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == IN_PROGRESS

    @property
    def question_ids(self) -> list[int]:
        return [int(pk) for pk in self.snapshot.get("questions", [])]

    @property
    def percent(self):
        """Score as a percentage of the maximum (None until graded)."""
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 / self.max_score


class Answer(models.Model):
    """The saved response to one question of an attempt, and its grade once submitted."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    response = models.JSONField(_("response"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    fraction = models.FloatField(_("fraction of the marks"), null=True, blank=True)
    marks = models.DecimalField(_("marks"), max_digits=8, decimal_places=2, null=True, blank=True)
    feedback = models.JSONField(_("feedback"), default=list, blank=True)
    detail = models.JSONField(_("grading detail"), default=dict, blank=True)
    needs_manual = models.BooleanField(_("needs manual grading"), default=False)

    class Meta:
        ordering = ["attempt", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(fraction__isnull=True) | Q(fraction__gte=0, fraction__lte=1),
                name="answer_fraction_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question.key}"


# ----------------------------------------------------------------------------------------------
# Instructors: grade overrides and the audit trail
# ----------------------------------------------------------------------------------------------


class GradeOverride(models.Model):
    """A quiz grade set by an instructor for one student; it replaces the computed grade.

    Removing the row makes the grade computed from the attempts apply again. Every change is
    recorded as an ``AuditEntry`` by ``quizzes.services``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="grade_overrides",
    )
    quiz = models.ForeignKey(
        QuizPage, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="overrides"
    )
    percent = models.DecimalField(
        _("grade (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("grade override")
        verbose_name_plural = _("grade overrides")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], name="one_override_per_quiz"),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="override_percent_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.quiz} · {self.percent} %"


class AuditEntry(models.Model):
    """One thing an instructor did to a student's record: who, when, what, before, after, why.

    Written only by services (``quizzes.services.audit``); never edited. ``old`` and ``new`` are
    plain values (a percentage, marks, a number of attempts) whose meaning the action gives.
    The people, quiz and question are kept as ``SET_NULL`` so the trail outlives them.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=AUDIT_ACTIONS)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    quiz = models.ForeignKey(
        QuizPage,
        verbose_name=_("quiz"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    old = models.CharField(_("before"), max_length=100, blank=True)
    new = models.CharField(_("after"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["student", "-at"], name="audit_student_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.student or ''}"
