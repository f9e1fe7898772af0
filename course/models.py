"""The course structure: one elective (CoursePage) made of modules (ModulePage).

Lessons and quizzes live in their own apps and declare ``ModulePage`` as their parent by string,
so imports point one way only: ``course`` knows ``lessons`` and ``quizzes``, never the reverse.
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
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
    subpage_types = ["course.ModulePage", "course.ReadingPage", "quizzes.QuizPage"]
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
        context["readings"] = ReadingPage.objects.child_of(self).live().order_by("path")
        return context


class ModulePage(Page):
    """A module of the course: a theme (e.g. "Common roots") taught by 2-4 lessons and a quiz.

    The module is the unit of completion: it is complete when its lessons are complete and its quiz
    is passed.
    """

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
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
