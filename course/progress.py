"""The per-user controls shown on course and lesson pages (filled into page-cache slots).

This runs on every page view of a logged-in student, so it is kept to one small SQL statement
and plain string building (measured in bench/lesson_throughput.py: building the same query with
the ORM and rendering a template cost more than the rest of the cached page view).
"""

from django.db import connection
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Enrolment, LessonCompletion

_STATE_SQL = (
    f"SELECT EXISTS(SELECT 1 FROM {Enrolment._meta.db_table} WHERE user_id = %s), "
    f"EXISTS(SELECT 1 FROM {LessonCompletion._meta.db_table} WHERE user_id = %s AND lesson_id = %s)"
)


def student_state(user_id: int, lesson_id: int | None) -> tuple[bool, bool]:
    """(enrolled, lesson completed) in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, [user_id, user_id, lesson_id or 0])
        enrolled, completed = cursor.fetchone()
    return bool(enrolled), bool(enrolled and completed)


def _post_form(request, action: str, fields: dict, button: str, button_class: str = "button"):
    hidden = "".join(
        str(format_html('<input type="hidden" name="{}" value="{}">', name, value))
        for name, value in {"csrfmiddlewaretoken": get_token(request), **fields}.items()
    )
    return format_html(
        '<form method="post" action="{}">{}<button class="{}" type="submit">{}</button></form>',
        action,
        mark_safe(hidden),  # noqa: S308 - built from format_html pieces above
        button_class,
        button,
    )


def _login_link(request, text: str, css: str = "") -> str:
    return format_html(
        '<a{} href="{}?{}">{}</a>',
        format_html(' class="{}"', css) if css else "",
        reverse("login"),
        urlencode({"next": request.path}),
        text,
    )


def page_actions_html(request, kind: str, page_id) -> str:
    user = request.user
    if kind == "lessons.lessonpage":
        if not user.is_authenticated:
            link = _login_link(request, _("Log in to mark lessons as complete and track progress."))
            return format_html('<div class="lesson-actions"><p>{}</p></div>', link)
        enrolled, completed = student_state(user.pk, page_id)
        if not enrolled:
            form = _post_form(
                request,
                reverse("enrol"),
                {"next": request.path},
                _("Enrol to track your progress"),
                "button secondary",
            )
        elif completed:
            form = format_html(
                '<p class="done" role="status">✓ {} {}</p>',
                _("You completed this lesson."),
                _post_form(
                    request,
                    reverse("lesson-complete", args=[page_id]),
                    {"complete": "0"},
                    _("Mark as not complete"),
                    "link-button",
                ),
            )
        else:
            form = _post_form(
                request,
                reverse("lesson-complete", args=[page_id]),
                {"complete": "1"},
                _("Mark as complete"),
            )
        return format_html('<div class="lesson-actions">{}</div>', form)
    if kind == "course.coursepage":
        if not user.is_authenticated:
            link = _login_link(request, _("Log in to take the course"), "button")
            return format_html('<p class="course-actions">{}</p>', link)
        enrolled, _completed = student_state(user.pk, None)
        if enrolled:
            return format_html(
                '<p class="course-actions"><a class="button" href="{}">{}</a></p>',
                reverse("student-home"),
                _("Continue where you left off"),
            )
        form = _post_form(
            request, reverse("enrol"), {"next": reverse("student-home")}, _("Enrol in the course")
        )
        return format_html('<div class="course-actions">{}</div>', form)
    return ""
