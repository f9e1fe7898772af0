"""Quizzes: quiz pages, the question bank, attempts and grades.

The grading rules themselves are pure functions in ``quizzes.grading``; this module stores what
they need and what they decide.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class QuizPage(Page):
    """A quiz that closes a module (or the final exam of the course)."""

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["course.ModulePage", "course.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
