"""Admin of the trainer: the instructors' report, under /admin/practice/ with its menu item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from quizzes.admin_views import can_grade

from .admin_views import ForgettingView


class InstructorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_grade(request.user)


@hooks.register("register_admin_urls")
def register_practice_urls():
    return [path("practice/", ForgettingView.as_view(), name="practice_forgetting")]


@hooks.register("register_admin_menu_item")
def register_practice_menu_item():
    return InstructorMenuItem(
        _("What the class forgets"),
        reverse("practice_forgetting"),
        name="practice-forgetting",
        icon_name="resubmit",
        order=206,
    )
