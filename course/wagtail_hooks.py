"""Wagtail hooks of the course: remember which page is served (for the page cache), and the
instructors' "Gradebook" menu with its admin URLs (gradebook, students; the grading, statistics
and audit views come from quizzes, under the same /admin/gradebook/ prefix)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from quizzes.admin_views import can_grade

from . import admin_urls


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    request.served_page = page


@hooks.register("register_admin_urls")
def register_gradebook_urls():
    return [path("", include(admin_urls, namespace="course_admin"))]


class InstructorMenuItem(MenuItem):
    """Shown to users who may grade (``quizzes.grade_attempts``) only."""

    def is_shown(self, request):
        return can_grade(request.user)


@hooks.register("register_admin_menu_item")
def register_gradebook_menu():
    items = [
        (_("Gradebook"), "course_admin:gradebook", "table"),
        (_("Essays to grade"), "quizzes_admin:grading", "edit"),
        (_("Quiz statistics"), "quizzes_admin:statistics_index", "list-ol"),
        (_("Students"), "course_admin:students", "group"),
        (_("Audit trail"), "quizzes_admin:audit", "history"),
        (_("Locked log-ins"), "course_admin:locked_logins", "lock"),
    ]
    menu = Menu(
        items=[
            InstructorMenuItem(
                label, reverse_lazy(name), name=name.split(":")[1], icon_name=icon, order=order
            )
            for order, (label, name, icon) in enumerate(items, start=1)
        ]
    )
    return SubmenuMenuItem(_("Gradebook"), menu, name="gradebook", icon_name="table", order=205)
