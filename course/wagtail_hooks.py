"""Wagtail hooks of the course: remember which page is served (for the page cache), and the
instructors' "Gradebook" menu with its admin URLs (gradebook, students; the grading, statistics
and audit views come from quizzes, under the same /admin/gradebook/ prefix)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.admin_views import can_grade

from . import accommodations, admin_urls
from .cohorts import is_instructor
from .models import Accommodation, Cohort


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


class ClassMenuItem(InstructorMenuItem):
    """Who is in the course (students, roster, invitations, cohorts, accommodations): shown to
    instructors, not to teaching assistants."""

    def is_shown(self, request):
        return super().is_shown(request) and is_instructor(request.user)


CLASS_ITEMS = {
    "course_admin:students",
    "course_admin:roster_import",
    "course_admin:invitations",
    "wagtailsnippets_course_cohort:list",
    "wagtailsnippets_course_accommodation:list",
}


@hooks.register("register_admin_menu_item")
def register_gradebook_menu():
    items = [
        (_("Gradebook"), "course_admin:gradebook", "table"),
        (_("Essays to grade"), "quizzes_admin:grading", "edit"),
        (_("Quiz statistics"), "quizzes_admin:statistics_index", "list-ol"),
        (_("Students"), "course_admin:students", "group"),
        (_("Import a roster"), "course_admin:roster_import", "upload"),
        (_("Invitations"), "course_admin:invitations", "mail"),
        (_("Cohorts"), "wagtailsnippets_course_cohort:list", "group"),
        (_("Accommodations"), "wagtailsnippets_course_accommodation:list", "time"),
        (_("Audit trail"), "quizzes_admin:audit", "history"),
        (_("Locked log-ins"), "course_admin:locked_logins", "lock"),
    ]
    menu = Menu(
        items=[
            (ClassMenuItem if name in CLASS_ITEMS else InstructorMenuItem)(
                label, reverse_lazy(name), name=name.split(":")[1], icon_name=icon, order=order
            )
            for order, (label, name, icon) in enumerate(items, start=1)
        ]
    )
    return SubmenuMenuItem(_("Gradebook"), menu, name="gradebook", icon_name="table", order=205)


# ----------------------------------------------------------------------------------------------
# Cohorts and accommodations (issue 12): snippets; an accommodation's save or removal is
# audited and moves running deadlines at once (course.accommodations).
# ----------------------------------------------------------------------------------------------


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    add_to_admin_menu = False
    list_display = ["name", "term", "self_registration", "created_at"]
    search_fields = ["name", "term"]


class AccommodationViewSet(SnippetViewSet):
    model = Accommodation
    icon = "time"
    add_to_admin_menu = False
    list_display = ["quiz", "user", "cohort", "extra_minutes", "extra_percent",
                    "extra_attempts", "closes_at", "at"]
    list_filter = ["cohort"]


register_snippet(CohortViewSet)
register_snippet(AccommodationViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def accommodation_saved(request, instance):
    if isinstance(instance, Accommodation):
        accommodations.after_saved(instance, by=request.user)


@hooks.register("before_delete_snippet")
def accommodation_deleting(request, instances):
    request.accommodations_deleted = [
        (row.quiz, row.user, accommodations.describe(row), list(accommodations.affected(row)))
        for row in instances
        if isinstance(row, Accommodation)
    ]


@hooks.register("after_delete_snippet")
def accommodation_deleted(request, instances):
    for quiz, student, text, users in getattr(request, "accommodations_deleted", []):
        accommodations.after_removed(quiz, student, text, users, by=request.user)
