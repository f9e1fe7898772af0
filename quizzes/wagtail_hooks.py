"""Admin of the quizzes: the question bank as snippets, in one "Question bank" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Question, QuestionCategory


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-inverse"
    list_display = ["title", "key"]
    search_fields = ["title", "key"]
    search_backend_name = None  # plain database lookups; these models are not indexed


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    list_display = ["key", "text", "type", "category", "points"]
    list_filter = ["type", "category"]
    search_fields = ["key", "text"]
    search_backend_name = None
    ordering = ["category__key", "key"]


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 210
    items = (QuestionViewSet, QuestionCategoryViewSet)


register_snippet(QuestionBankGroup)
