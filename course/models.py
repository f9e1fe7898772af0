"""The course structure: one elective (CoursePage) made of modules (ModulePage).

Lessons and quizzes live in their own apps and declare ``ModulePage`` as their parent by string,
so imports point one way only: ``course`` knows ``lessons`` and ``quizzes``, never the reverse.
"""

from django.conf import settings
from django.db import models
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

from lessons.blocks import LessonBodyBlock

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
