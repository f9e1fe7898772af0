"""The course structure: one elective (CoursePage) made of modules (ModulePage).

Lessons and quizzes live in their own apps and declare ``ModulePage`` as their parent by string,
so imports point one way only: ``course`` knows ``lessons`` and ``quizzes``, never the reverse.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

from lessons.blocks import LessonBodyBlock

from .admin_forms import AccommodationForm, CohortForm

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CoursePage(Page):
    """The elective itself: the root of the site, its modules are its children.

    It exists so that the course has one home page with its aims and its table of contents, and one
    place that decides who may open what (see ``course.access``).
    """

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    self_enrolment = models.BooleanField(
        _("students may enrol themselves"),
        default=True,
        help_text=_("Untick to close self-enrolment; instructors can still enrol students."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = Page.settings_panels + [FieldPanel("self_enrolment")]
    cache_for_everyone = True  # see course.pagecache

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "course.ModulePage",
        "course.ReadingPage",
        "course.SyllabusPage",
        "quizzes.QuizPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def route(self, request, path_components):
        """Find the page under the course by its path in one query instead of one per level.

        Same result as Wagtail's tree walk for this site (slugs are not translated, no page type
        routes its own sub-paths): the page at that path if it is live, else 404. View
        restrictions are still checked when the page is served.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        page = Page.objects.filter(url_path=url_path, live=True).specific().first()
        if page is None:
            raise Http404
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            ModulePage.objects.child_of(self).live().specific(defer=True).order_by("path")
        )
        context["readings"] = list(
            Page.objects.child_of(self)
            .live()
            .type(ReadingPage, SyllabusPage)
            .specific()
            .order_by("path")
        )
        return context


class ModulePage(Page):
    """A module of the course: a theme (e.g. "Common roots") taught by 2-4 lessons and a quiz.

    The module is the unit of completion: it is complete when its lessons are complete and its quiz
    is passed.
    """

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    workload_hours = models.PositiveSmallIntegerField(
        _("workload (hours)"),
        default=0,
        help_text=_("Expected student hours: reading, quiz, seminar and independent study."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("workload_hours")]
    cache_for_everyone = True  # see course.pagecache

    parent_page_types = ["course.CoursePage"]
    subpage_types = ["lessons.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = [
            (child, "quiz" if child._meta.model_name == "quizpage" else "lesson")
            for child in self.get_children().live().specific().order_by("path")
        ]
        return context


class Enrolment(models.Model):
    """A student taking the course. Progress is tracked for enrolled students only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self):
        return f"{self.user} in {self.course}"


class LessonCompletion(models.Model):
    """A student marked a lesson as complete (explicitly; undoing deletes the row).

    The lesson is referenced by id: the same row counts in every language.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson")
        ]

    def __str__(self):
        return f"{self.user}: {self.lesson_id}"


class Certificate(models.Model):
    """Proof that a student completed the course, checkable by anyone with its code.

    Issued once, when the student first opens it after completing every module and the final
    exam; it stays valid if the course changes later.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="certificates")
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    holder_name = models.CharField(_("holder's name"), max_length=300)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")
        ]

    def __str__(self):
        return self.code


# ----------------------------------------------------------------------------------------------
# A real class: accounts, cohorts, accommodations, notices (issue 12)
# ----------------------------------------------------------------------------------------------


class StudentProfile(models.Model):
    """What the course remembers about a person beyond Django's user row.

    The interface language chosen once (used for e-mails and after login), the student number
    from the university's class list, and whether they want reminders. Created on demand
    (``course.roster.profile_for``); deleted with the user.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_profile"
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    student_number = models.CharField(_("student number"), max_length=50, blank=True)
    reminders = models.BooleanField(
        _("e-mail me reminders"),
        default=True,
        help_text=_("A reminder when a quiz closes within 24 hours and I have not finished it."),
    )
    deletion_requested_at = models.DateTimeField(
        _("account deletion requested"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")

    def __str__(self):
        return str(self.user)


class Cohort(ClusterableModel):
    """One group taking the course in one term (a section): its members, teaching assistants
    and own dates. A new term is a new cohort; the course itself is not copied.

    Dates per quiz are cohort accommodations (``Accommodation`` with ``cohort`` set); the
    cohort's own page only holds when each module becomes available.
    """

    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=100)
    term = models.CharField(_("term"), max_length=50, help_text=_("For example “Spring 2027”."))
    self_registration = models.BooleanField(
        _("students may register themselves"),
        default=False,
        help_text=_("With the enrolment key below; they confirm their e-mail address first."),
    )
    enrolment_key = models.CharField(
        _("enrolment key"),
        max_length=50,
        blank=True,
        help_text=_("Give it to the class; whoever registers with it joins this cohort."),
    )
    teaching_assistants = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teaching assistants"),
        blank=True,
        related_name="assisted_cohorts",
        help_text=_("They see and grade this cohort's students only."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    base_form_class = CohortForm
    panels = [
        FieldPanel("name"),
        FieldPanel("term"),
        FieldPanel("self_registration"),
        FieldPanel("enrolment_key"),
        FieldPanel("teaching_assistants"),
        InlinePanel("module_dates", label=_("When each module becomes available")),
    ]

    class Meta:
        ordering = ["-created_at", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="cohort_name_unique"),
            models.UniqueConstraint(
                fields=["enrolment_key"],
                condition=~Q(enrolment_key=""),
                name="cohort_enrolment_key_unique",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.term})" if self.term else self.name

    def save(self, *args, **kwargs):
        if self.course_id is None:  # the admin form has no course field: there is one course
            self.course = CoursePage.objects.first()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.self_registration and not self.enrolment_key.strip():
            raise ValidationError(
                {"enrolment_key": _("Self-registration needs an enrolment key.")}
            )


class CohortMember(models.Model):
    """A student in a cohort (one cohort per student and course; moving them is an update)."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohort_member_once"),
        ]

    def __str__(self):
        return f"{self.user} in {self.cohort}"


class CohortModuleDates(Orderable):
    """When a module becomes available to a cohort (its quiz cannot be started before)."""

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="module_dates")
    module = models.ForeignKey(ModulePage, verbose_name=_("module"), on_delete=models.CASCADE)
    available_from = models.DateTimeField(_("available from"))

    panels = [FieldPanel("module"), FieldPanel("available_from")]

    class Meta(Orderable.Meta):
        verbose_name = _("module availability")
        verbose_name_plural = _("module availability")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "module"], name="cohort_module_once"),
        ]


class Accommodation(models.Model):
    """Other terms for one quiz, for one student or a whole cohort: extra time (minutes or a
    percentage of the limit), extra attempts, other open/close dates.

    Who gets what is decided in ``course.accommodations`` (the student's own row over their
    cohort's over the quiz's settings); every change is audited and applies to a running
    attempt at once (``quizzes.services.reschedule_open_attempts``).
    """

    quiz = models.ForeignKey(
        "quizzes.QuizPage",
        verbose_name=_("quiz"),
        on_delete=models.CASCADE,
        related_name="accommodations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accommodations",
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accommodations",
    )
    extra_minutes = models.PositiveIntegerField(_("extra time (minutes)"), default=0)
    extra_percent = models.PositiveSmallIntegerField(
        _("extra time (% of the limit)"), default=0, validators=[MaxValueValidator(400)]
    )
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("set at"), default=timezone.now)

    base_form_class = AccommodationForm
    panels = [
        FieldPanel("quiz"),
        FieldRowPanel([FieldPanel("user"), FieldPanel("cohort")]),
        FieldRowPanel(
            [
                FieldPanel("extra_minutes"),
                FieldPanel("extra_percent"),
                FieldPanel("extra_attempts"),
            ]
        ),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("reason"),
    ]

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, cohort__isnull=False)
                | Q(user__isnull=False, cohort__isnull=True),
                name="accommodation_student_or_cohort",
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(user__isnull=False),
                name="accommodation_once_per_student",
            ),
            models.UniqueConstraint(
                fields=["quiz", "cohort"],
                condition=Q(cohort__isnull=False),
                name="accommodation_once_per_cohort",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="accommodation_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(extra_percent__lte=400), name="accommodation_percent_at_most_400"
            ),
        ]

    def __str__(self):
        return f"{self.quiz}: {self.user or self.cohort}"

    def clean(self):
        super().clean()
        if (self.user_id is None) == (self.cohort_id is None):
            raise ValidationError(_("Choose either a student or a cohort."))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the accommodation.")})


class Invitation(models.Model):
    """The e-mail that lets a student from a roster set their password: single use, expiring.

    Only a hash of the token is stored; resending replaces it. ``accepted_at`` tells instructors
    who has not come in yet.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    times_sent = models.PositiveSmallIntegerField(_("times sent"), default=1)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.user}"


NOTICE_INVITATION = "invitation"
NOTICE_ESSAY_MARKED = "essay_marked"
NOTICE_GRADE_OVERRIDDEN = "grade_overridden"
NOTICE_QUIZ_CLOSING = "quiz_closing"
NOTICE_KINDS = [
    (NOTICE_INVITATION, _("Invitation")),
    (NOTICE_ESSAY_MARKED, _("Essay marked")),
    (NOTICE_GRADE_OVERRIDDEN, _("Grade overridden")),
    (NOTICE_QUIZ_CLOSING, _("Quiz closing soon")),
]


class Notice(models.Model):
    """Something the site tells one person, on the site (their notice list) and by e-mail.

    The text is written when shown, in the reader's language, from ``kind`` and ``quiz``. A
    reminder that a quiz closes is sent once per student, quiz and closing time.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NOTICE_KINDS)
    quiz = models.ForeignKey(
        "quizzes.QuizPage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz", "closes_at"],
                condition=Q(kind=NOTICE_QUIZ_CLOSING),
                name="one_closing_reminder",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind}"
class ReadingPage(Page):
    """A reading for the whole course that belongs to no module, e.g. "Where the sources disagree".

    It exists so that a point several lessons meet (a date the papers give twice, counts that
    measure different things) is explained once, and the lessons link to it instead of retelling
    it. Its body uses the lesson blocks, so citations, notes and visuals work as in a lesson.
    """

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    sources = ParentalManyToManyField(
        "lessons.Source", blank=True, related_name="readings", verbose_name=_("sources")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]
    cache_for_everyone = True  # see course.pagecache

    parent_page_types = ["course.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("course reading")
        verbose_name_plural = _("course readings")

    def get_context(self, request, *args, **kwargs):
        from lessons import selectors

        context = super().get_context(request, *args, **kwargs)
        context["source_labels"] = selectors.source_labels()
        context["content_version"] = selectors.content_version()
        return context


class SyllabusPage(Page):
    """The syllabus of the elective: the 14-week plan, workload, assessment and learning outcomes.

    It exists because a university course is taught from a syllabus: students see what to read,
    which quiz and which seminar comes each week and how their course grade is made up; the
    gradebook applies the weighting set here; instructors also see the seminar guide.
    """

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)
    quiz_weight = models.PositiveSmallIntegerField(
        _("module quizzes (%)"), default=40, help_text=_("Weight of the module quizzes' average.")
    )
    essay_weight = models.PositiveSmallIntegerField(
        _("essay (%)"), default=20, help_text=_("Weight of the essay quizzes chosen below.")
    )
    final_weight = models.PositiveSmallIntegerField(
        _("final exam (%)"), default=40, help_text=_("Weight of the final exam.")
    )
    essay_quizzes = ParentalManyToManyField(
        "quizzes.QuizPage",
        blank=True,
        related_name="+",
        verbose_name=_("essay quizzes"),
        help_text=_("Quizzes graded as the essay. With none, the essay weight is shared out."),
    )
    seminar_guide = RichTextField(
        _("seminar guide"),
        features=INTRO_FEATURES + ["h2", "h3"],
        blank=True,
        help_text=_("Discussion plans for the seminars. Only instructors see it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("quiz_weight"),
                FieldPanel("essay_weight"),
                FieldPanel("final_weight"),
                FieldPanel("essay_quizzes"),
            ],
            heading=_("Assessment"),
        ),
        InlinePanel("weeks", label=_("Weeks")),
        InlinePanel("outcomes", label=_("Learning outcomes")),
        FieldPanel("seminar_guide"),
    ]

    parent_page_types = ["course.CoursePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("syllabus")
        verbose_name_plural = _("syllabuses")
        constraints = [
            models.CheckConstraint(
                condition=Exact(
                    models.F("quiz_weight") + models.F("essay_weight") + models.F("final_weight"),
                    100,
                ),
                name="syllabus_weights_add_up_to_100",
            )
        ]

    def clean(self):
        super().clean()
        if self.quiz_weight + self.essay_weight + self.final_weight != 100:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("The three weights must add up to 100%."))

    @property
    def weights(self) -> dict[str, int]:
        return {"quizzes": self.quiz_weight, "essay": self.essay_weight, "final": self.final_weight}

    def get_context(self, request, *args, **kwargs):
        from . import selectors
        from .access import can_see_seminar_guide

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.syllabus_context(self))
        context["show_guide"] = can_see_seminar_guide(request.user)
        return context


class SyllabusWeek(Orderable):
    """One week of the 14-week plan: what to read, which quiz and which seminar."""

    page = ParentalKey(SyllabusPage, on_delete=models.CASCADE, related_name="weeks")
    title = models.CharField(_("title"), max_length=200)
    reading = models.TextField(_("reading"), blank=True)
    quiz = models.ForeignKey(
        "quizzes.QuizPage",
        verbose_name=_("quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seminar = models.TextField(_("seminar"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("reading"), FieldPanel("quiz"), FieldPanel("seminar")]

    class Meta(Orderable.Meta):
        verbose_name = _("week")
        verbose_name_plural = _("weeks")


class LearningOutcome(Orderable, ClusterableModel):
    """A course-level learning outcome, mapped to the modules that teach it and the questions
    that assess it (so an instructor can see what each quiz item is evidence of)."""

    page = ParentalKey(SyllabusPage, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=10)
    text = models.TextField(_("outcome"))
    modules = ParentalManyToManyField(ModulePage, blank=True, verbose_name=_("modules"))
    questions = ParentalManyToManyField(
        "quizzes.Question", blank=True, related_name="+", verbose_name=_("questions")
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("text"),
        FieldPanel("modules"),
        FieldPanel("questions"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
