"""The parts of a page that depend on the user: account links, messages, a lesson's "mark as
complete", the course page's progress, a module's check marks.

Course, module and lesson pages are rendered once for everyone with *slots* in their place
(``<!--slot:name-->`` or ``<!--slot:name:arg-->``, see ``course.pagecache``); ``fill_slots`` puts
each user's parts in, on every path (cached, with a query string, with the cache off). Pages that
are not cached render the same parts directly with ``{% user_part %}``. Each part has one
template in ``course/templates/course/parts/``; the state behind it is read once per request.

A lesson view of a logged-in student costs one small SQL statement here (enrolled + completed).
"""

import re

from django.contrib.messages import get_messages
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from . import selectors
from .models import Enrolment, LessonCompletion

SLOT_RE = re.compile(r"<!--slot:([a-z-]+)(?::([\w:-]+))?-->")

_STATE_SQL = (
    f"SELECT EXISTS(SELECT 1 FROM {Enrolment._meta.db_table} WHERE user_id = %s), "
    f"EXISTS(SELECT 1 FROM {LessonCompletion._meta.db_table} WHERE user_id = %s AND lesson_id = %s)"
)


def slot(name: str, arg=None) -> str:
    """The marker a shared page carries in place of a user's part."""
    return f"<!--slot:{name}-->" if arg in (None, "") else f"<!--slot:{name}:{arg}-->"


def student_state(user_id: int, lesson_id: int | None) -> tuple[bool, bool]:
    """(enrolled, lesson completed) in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL, [user_id, user_id, lesson_id or 0])
        enrolled, completed = cursor.fetchone()
    return bool(enrolled), bool(enrolled and completed)


class UserParts:
    """One request's user parts; what they need from the database is read once."""

    def __init__(self, request):
        self.request = request
        self.user = request.user
        self._states = {}
        self._modules = {}

    # ---- state -------------------------------------------------------------------------------
    def state(self, lesson_id: int) -> tuple[bool, bool]:
        if lesson_id not in self._states:
            self._states[lesson_id] = student_state(self.user.pk, lesson_id)
        return self._states[lesson_id]

    def module(self, item_ids):
        """The student's marks for a module's items (ids of its lessons and quizzes)."""
        key = tuple(item_ids)
        if key not in self._modules:
            self._modules[key] = selectors.module_marks(self.user, key)
        return self._modules[key]

    # ---- rendering ---------------------------------------------------------------------------
    def render(self, name: str, arg: str | None = None, html: str = "") -> str:
        renderer = getattr(self, "part_" + name.replace("-", "_"), None)
        if renderer is None:
            return ""
        return renderer(arg, html)

    def _template(self, name: str, context: dict) -> str:
        context = {
            "user": self.user,
            "request_path": self.request.path,
            "csrf_token": lazy(get_token, str)(self.request),  # only pages with a form need it
            **context,
        }
        return get_template(f"course/parts/{name}.html").render(context)

    def _login_url(self) -> str:
        return f"{reverse('login')}?{urlencode({'next': self.request.path})}"

    def part_account(self, arg, html):
        return self._template("account", {"login_url": self._login_url()})

    def part_nav(self, arg, html):
        return self._template("nav", {})

    def part_messages(self, arg, html):
        return self._template("messages", {"messages": list(get_messages(self.request))})

    def _lesson(self, arg, where):
        lesson_id, _sep, option = (arg or "").partition(":")
        context = {"where": where, "login_url": self._login_url(), "has_next": option == "next"}
        if self.user.is_authenticated and lesson_id.isdigit():
            enrolled, completed = self.state(int(lesson_id))
            context.update(lesson_id=int(lesson_id), enrolled=enrolled, completed=completed)
        return self._template("lesson_actions", context)

    def part_lesson_actions(self, arg, html):
        return self._lesson(arg, "top")

    def part_lesson_end(self, arg, html):
        return self._lesson(arg, "end")

    def part_course_actions(self, arg, html):
        progress = selectors.student_progress(self.user) if self.user.is_authenticated else None
        return self._template(
            "course_actions", {"progress": progress, "login_url": self._login_url()}
        )

    def _module_ids(self, html):
        return [int(arg) for name, arg in SLOT_RE.findall(html) if name == "item-done" and arg]

    def part_module_progress(self, arg, html):
        if not self.user.is_authenticated:
            return ""
        marks = self.module(self._module_ids(html))
        return self._template("module_progress", {"marks": marks})

    def part_item_done(self, arg, html):
        if not self.user.is_authenticated or not (arg or "").isdigit():
            return ""
        marks = self.module(self._module_ids(html) or [int(arg)])
        return self._template("item_done", {"done": marks.enrolled and marks.is_done(int(arg))})


def parts_for(request) -> UserParts:
    parts = getattr(request, "_user_parts", None)
    if parts is None:
        parts = request._user_parts = UserParts(request)
    return parts


def fill_slots(request, html: str) -> str:
    """Put the user's parts into a page rendered with slots."""
    if "<!--slot:" not in html:
        return html
    parts = parts_for(request)
    return SLOT_RE.sub(lambda m: parts.render(m.group(1), m.group(2), html), html)


def render_part(request, name: str, arg=None) -> str:
    """One part, rendered directly (pages that are not cached)."""
    return mark_safe(parts_for(request).render(name, None if arg is None else str(arg)))  # noqa: S308
