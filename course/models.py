"""The course structure: one elective (CoursePage) made of modules (ModulePage).

Lessons and quizzes live in their own apps and declare ``ModulePage`` as their parent by string,
so imports point one way only: ``course`` knows ``lessons`` and ``quizzes``, never the reverse.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class CoursePage(Page):
    """The elective itself: the root of the site, its modules are its children.

    It exists so that the course has one home page with its aims and its table of contents, and one
    place that decides who may open what (see ``course.access``).
    """

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["course.ModulePage", "quizzes.QuizPage"]
    max_count = 1

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            ModulePage.objects.child_of(self).live().specific(defer=True).order_by("path")
        )
        return context


class ModulePage(Page):
    """A module of the course: a theme (e.g. "Common roots") taught by 2-4 lessons and a quiz.

    The module is the unit of completion: it is complete when its lessons are complete and its quiz
    is passed.
    """

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["course.CoursePage"]
    subpage_types = ["lessons.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().specific().order_by("path")
        return context
