"""Admin of the quizzes: the question bank as snippets, in one "Question bank" menu, and the
instructors' grading views (URLs under /admin/gradebook/; the "Gradebook" menu is the course's).
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from . import admin_urls
from .admin_views import can_grade
from .models import Question, QuestionCategory


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-inverse"
    list_display = ["title", "key"]
    search_fields = ["title", "key"]
    search_backend_name = None  # plain database lookups; these models are not indexed


def regrade_url(question) -> str:
    return reverse("quizzes_admin:regrade", args=[question.pk])


class QuestionEditView(EditView):
    """The question editor, with "Regrade attempts" in its header menu (after fixing a key)."""

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_grade(self.request.user):
            buttons.append(
                Button(_("Regrade attempts"), url=regrade_url(self.object), icon_name="resubmit",
                       priority=40)
            )
        return buttons


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["key", "text", "type", "category", "points"]
    list_filter = ["type", "category"]
    search_fields = ["key", "text"]
    search_backend_name = None
    ordering = ["category__key", "key"]
    edit_view_class = QuestionEditView


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 210
    items = (QuestionViewSet, QuestionCategoryViewSet)


register_snippet(QuestionBankGroup)


@hooks.register("register_admin_urls")
def register_grading_urls():
    return [path("gradebook/", include(admin_urls, namespace="quizzes_admin"))]


@hooks.register("register_snippet_listing_buttons")
def regrade_listing_button(snippet, user, next_url=None):
    """"Regrade attempts" in the question bank's list (each question's "More" menu)."""
    if isinstance(snippet, Question) and can_grade(user):
        yield Button(
            _("Regrade attempts"), url=regrade_url(snippet), icon_name="resubmit", priority=90
        )
