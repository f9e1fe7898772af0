"""Instructors' views that need the course's enrolments, in Wagtail's admin: the gradebook, a
student's record, the CSV exports and the students (enrol, remove, reset attempts).

Only users with ``quizzes.grade_attempts`` (the Instructors group) get in (``InstructorView``);
the grading, override, regrade and statistics views are the quiz engine's
(``quizzes.admin_views``). Every page runs a fixed number of queries, whatever the number of
students, quizzes and attempts.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.widgets.button import HeaderButton

from quizzes import gradebook
from quizzes import services as quiz_services
from quizzes.admin_forms import ReasonForm
from quizzes.admin_views import InstructorView, paginate
from quizzes.models import Attempt, QuizPage

from . import services
from .cohorts import cohorts_for, is_instructor
from .models import Enrolment, LessonCompletion
from .selectors import CourseStructure, get_course, students_progress

SORTS = ("name", "progress")


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _search(queryset, query: str, prefix: str = ""):
    """Users (or rows with a user at ``prefix``) whose name, username or e-mail contain every
    word of ``query``."""
    for word in query.split()[:5]:
        queryset = queryset.filter(
            Q(**{f"{prefix}username__icontains": word})
            | Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}email__icontains": word})
        )
    return queryset


# ----------------------------------------------------------------------------------------------
# The gradebook: enrolled students x quizzes
# ----------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One student in the gradebook."""

    enrolment: Enrolment
    cells: list = field(default_factory=list)  # [Cell] in quiz order
    progress: object = None  # CourseProgress
    weighted: Decimal | None = None  # the course grade as the syllabus weights it

    @property
    def user(self):
        return self.enrolment.user

    @property
    def name(self) -> str:
        return display_name(self.user)

    def cell(self, quiz_id):
        return next((c for c in self.cells if c.quiz.pk == quiz_id), None)


def enrolments_for(course, query: str = "", scope=None):
    """The course's enrolments (with their users) matching ``query``, ordered by name; only
    the students in ``scope`` (user ids, see ``course.cohorts``) unless it is None."""
    enrolments = Enrolment.objects.filter(course=course).select_related("user")
    if scope is not None:
        enrolments = enrolments.filter(user__in=scope)
    return _search(enrolments, query, "user__").order_by(
        Lower("user__last_name"), Lower("user__first_name"), Lower("user__username")
    )


def build_rows(structure: CourseStructure, enrolments, users=None) -> list[Row]:
    """A gradebook row (a cell per quiz, and progress) for each of ``enrolments``, in order.

    Fixed number of queries: attempts and overrides (1), completed lessons (1), enrolments for
    progress (1). ``users``: optionally a queryset of the same user ids, used in SQL instead of
    the list.
    """
    enrolments = list(enrolments)
    user_ids = [e.user_id for e in enrolments]
    cells = gradebook.grade_grid(user_ids, structure.quizzes, users=users)
    progress = students_progress(
        user_ids,
        structure=structure,
        results={key: cell.result for key, cell in cells.items()},
        users=users,
    )
    rows = [
        Row(
            enrolment=e,
            cells=[cells[(e.user_id, quiz.pk)] for quiz in structure.quizzes],
            progress=progress[e.user_id],
        )
        for e in enrolments
    ]
    if structure.assessment:
        weights, component_of = structure.assessment
        for row in rows:
            row.weighted = gradebook.weighted_grade(row.cells, weights, component_of)
    return rows


def gradebook_rows(course, query: str = "", scope=None) -> tuple[CourseStructure, list[Row]]:
    """Every enrolled student matching ``query``, by name, with their cells and progress.

    Fixed number of queries: the structure (3), the enrolments (1) and ``build_rows`` (3).
    """
    structure = CourseStructure.load(course)
    enrolments = enrolments_for(course, query, scope)
    return structure, build_rows(structure, enrolments, enrolments.values("user_id"))


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    """Sort rows given by name: by ``name``, ``progress`` or ``quiz-<id>`` (its grade); ``-``
    first for descending. Students without a grade come last either way; ties stay by name."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "progress":
        return sorted(rows, key=lambda r: r.progress.percent, reverse=descending)
    if key.startswith("quiz-"):
        quiz_id = _int(key[5:])

        def grade(row):
            cell = row.cell(quiz_id)
            return None if cell is None else cell.grade

        graded = [r for r in rows if grade(r) is not None]
        ungraded = [r for r in rows if grade(r) is None]
        return sorted(graded, key=grade, reverse=descending) + ungraded
    return list(reversed(rows)) if descending else list(rows)


def filter_rows(rows: list[Row], status: str, quiz_id: int | None) -> list[Row]:
    if status not in dict(gradebook.STATUSES):
        return rows
    if quiz_id:
        return [r for r in rows if (c := r.cell(quiz_id)) is not None and c.status == status]
    return [r for r in rows if any(c.status == status for c in r.cells)]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class GradebookView(InstructorView):
    """Enrolled students x the course's quizzes: grade, attempts and status in each cell."""

    template_name = "course/admin/gradebook.html"
    page_title = gettext_lazy("Gradebook")
    per_page = 50

    @cached_property
    def header_buttons(self):
        query = self.request.GET.urlencode()
        return [
            HeaderButton(
                _("Export CSV"),
                url=reverse("course_admin:export") + (f"?{query}" if query else ""),
                icon_name="download",
            ),
            HeaderButton(
                _("Export for Moodle"),
                url=reverse("course_admin:export_moodle"),
                icon_name="download",
            ),
        ]

    def get(self, request):
        course = get_course()
        if course is None:
            return self.render(course=None)
        query = request.GET.get("q", "").strip()[:100]
        status = request.GET.get("status", "")
        if status not in dict(gradebook.STATUSES):
            status = ""
        quiz_id = _int(request.GET.get("quiz"))
        sort = request.GET.get("sort", "name")
        structure = CourseStructure.load(course)
        enrolments = enrolments_for(course, query, self.scope)
        if status or sort.lstrip("-") != "name":
            # Filtering by status or sorting by a grade needs every student's cells.
            rows = build_rows(structure, enrolments, enrolments.values("user_id"))
            rows = sort_rows(filter_rows(rows, status, quiz_id), sort)
            page = paginate(request, rows, self.per_page)
            shown = len(rows)
        else:
            # By name: only the students on this page are computed.
            page = paginate(
                request, enrolments.reverse() if sort == "-name" else enrolments, self.per_page
            )
            page.object_list = build_rows(structure, page.object_list)
            shown = page.paginator.count
        columns = [
            {
                "quiz": quiz,
                "asc": f"quiz-{quiz.pk}",
                "desc": f"-quiz-{quiz.pk}",
                "sorted": sort.lstrip("-") == f"quiz-{quiz.pk}",
            }
            for quiz in structure.quizzes
        ]
        return self.render(
            course=course,
            weighted=structure.assessment is not None,
            quizzes=structure.quizzes,
            columns=columns,
            page=page,
            rows=page.object_list,
            total=enrolments_for(course, "", self.scope).count(),
            cohorts=cohorts_for(request.user),
            cohort=_int(request.GET.get("cohort")),
            shown=shown,
            query=query,
            status=status,
            quiz_id=quiz_id,
            sort=sort,
            statuses=gradebook.STATUSES,
            waiting=(
                gradebook.waiting_answers()
                if self.scope is None
                else gradebook.waiting_answers().filter(attempt__user__in=self.scope)
            ).count(),
            override_label=_("override"),
            override_title=_("The grade was set by an instructor"),
        )


class StudentView(InstructorView):
    """One student's record: progress, every attempt with its answers, overrides, history."""

    template_name = "course/admin/student.html"
    page_title = gettext_lazy("Student")
    header_icon = "user"

    @cached_property
    def breadcrumbs_parent(self):
        return [{"url": reverse("course_admin:gradebook"), "label": _("Gradebook")}]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.student = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        self.check_student(self.student.pk)

    def get_page_title(self):
        return display_name(self.student) if hasattr(self, "student") else super().get_page_title()

    def get(self, request, user_id):
        student = self.student
        course = get_course()
        context = {"student": student, "course": course}
        if course is None:
            return self.render(**context)
        structure = CourseStructure.load(course)
        quizzes = gradebook.student_quizzes(student, structure.quizzes)
        results = {(student.pk, d.quiz.pk): d.cell.result for d in quizzes}
        progress = students_progress([student.pk], structure=structure, results=results)[student.pk]
        completed = dict(
            LessonCompletion.objects.filter(user=student).values_list("lesson_id", "completed_at")
        )
        enrolment = Enrolment.objects.filter(user=student, course=course).first()
        return self.render(
            **context,
            enrolment=enrolment,
            progress=progress,
            quizzes=quizzes,
            lessons=[(lesson, completed.get(lesson.pk)) for lesson in structure.lessons],
            lessons_done=sum(1 for lesson in structure.lessons if lesson.pk in completed),
            history=list(gradebook.audit_trail(student=student)[:100]),
            here=request.get_full_path(),
        )


# ----------------------------------------------------------------------------------------------
# CSV exports
# ----------------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP "CSV injection")."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _grade(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"


class CsvResponse(HttpResponse):
    """UTF-8 with a byte-order mark (so that Excel reads the accents), as an attachment."""

    def __init__(self, filename: str, header: list, rows: list):
        super().__init__(content_type="text/csv; charset=utf-8")
        self["Content-Disposition"] = f'attachment; filename="{filename}"'
        self["Cache-Control"] = "private, no-store"
        self.write("\ufeff")
        writer = csv.writer(self)
        writer.writerow([safe_cell(value) for value in header])
        for row in rows:
            writer.writerow([safe_cell(value) for value in row])


def _filename(course, suffix: str) -> str:
    stem = slugify(course.slug or course.title) or "course"
    return f"{stem}-{suffix}-{timezone.localdate():%Y-%m-%d}.csv"


class ExportView(InstructorView):
    """One row per enrolled student: username, name, e-mail, each quiz's grade, progress, done.

    The gradebook's search and status filters apply (``?q=``, ``?status=``, ``?quiz=``).
    """

    def get(self, request):
        course = get_course()
        if course is None:
            return redirect("course_admin:gradebook")
        structure, rows = gradebook_rows(
            course, request.GET.get("q", "").strip()[:100], self.scope
        )
        rows = filter_rows(rows, request.GET.get("status", ""), _int(request.GET.get("quiz")))
        rows = sort_rows(rows, "name")
        header = [
            _("Username"),
            _("Name"),
            _("E-mail"),
            *[f"{quiz.title} (%)" for quiz in structure.quizzes],
            *([_("Course grade, weighted (%)")] if structure.assessment else []),
            _("Progress (%)"),
            _("Course complete"),
        ]
        body = [
            [
                row.user.get_username(),
                row.user.get_full_name(),
                row.user.email,
                *[_grade(cell.grade) for cell in row.cells],
                *([_grade(row.weighted)] if structure.assessment else []),
                row.progress.percent,
                _("yes") if row.progress.complete else _("no"),
            ]
            for row in rows
        ]
        return CsvResponse(_filename(course, "grades"), header, body)


class MoodleExportView(InstructorView):
    """Moodle's "Import grades from CSV" layout: the user (by e-mail, or ``?by=username``), then
    one column per quiz named like the quiz, holding its grade out of 100."""

    def get(self, request):
        course = get_course()
        if course is None:
            return redirect("course_admin:gradebook")
        by_username = request.GET.get("by") == "username"
        structure, rows = gradebook_rows(course, scope=self.scope)
        rows = sort_rows(rows, "name")
        header = ["username" if by_username else "email", *[q.title for q in structure.quizzes]]
        body = [
            [
                row.user.get_username() if by_username else row.user.email,
                *[_grade(cell.grade) for cell in row.cells],
            ]
            for row in rows
        ]
        return CsvResponse(_filename(course, "moodle"), header, body)


# ----------------------------------------------------------------------------------------------
# Students: list, enrol, remove, reset attempts
# ----------------------------------------------------------------------------------------------


class StudentsBase(InstructorView):
    """Managing who is in the course: instructors only (not teaching assistants)."""

    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_instructor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def breadcrumbs_parent(self):
        return [{"url": reverse("course_admin:students"), "label": _("Students")}]

    @cached_property
    def course(self):
        return get_course()

    def no_course(self):
        messages.error(self.request, _("There is no published course yet."))
        return redirect("wagtailadmin_home")


class StudentsView(StudentsBase):
    """Enrolled students, with their progress, and what an instructor can do for each."""

    template_name = "course/admin/students.html"
    page_title = gettext_lazy("Students")
    per_page = 50
    breadcrumbs_parent = []

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Enrol a student"), url=reverse("course_admin:enrol"), icon_name="plus"),
            HeaderButton(
                _("Import a roster"), url=reverse("course_admin:roster_import"), icon_name="upload"
            ),
            HeaderButton(
                _("Invitations"), url=reverse("course_admin:invitations"), icon_name="mail"
            ),
        ]

    def get(self, request):
        course = self.course
        if course is None:
            return self.no_course()
        query = request.GET.get("q", "").strip()[:100]
        enrolments = _search(
            Enrolment.objects.filter(course=course).select_related("user"), query, "user__"
        ).order_by("user__last_name", "user__first_name", "user__username")
        page = paginate(request, enrolments, self.per_page)
        ids = [e.user_id for e in page.object_list]
        progress = students_progress(ids)
        return self.render(
            course=course,
            page=page,
            rows=[(e, progress[e.user_id]) for e in page.object_list],
            query=query,
            settings_url=reverse("wagtailadmin_pages:edit", args=[course.pk]) + "#tab-settings",
        )


class EnrolSearchView(StudentsBase):
    """Find a user by username, name or e-mail, and enrol them (after confirming)."""

    template_name = "course/admin/enrol_search.html"
    page_title = gettext_lazy("Enrol a student")
    limit = 25

    def get(self, request):
        course = self.course
        if course is None:
            return self.no_course()
        query = request.GET.get("q", "").strip()[:100]
        found = []
        if query:
            enrolled = Enrolment.objects.filter(course=course, user=OuterRef("pk"))
            users = _search(get_user_model().objects.filter(is_active=True), query)
            found = list(
                users.annotate(enrolled=Exists(enrolled)).order_by("username")[: self.limit + 1]
            )
        return self.render(
            course=course,
            query=query,
            found=found[: self.limit],
            more=len(found) > self.limit,
        )


class StudentActionView(StudentsBase):
    """A confirmation page (GET) and the action (POST) for one user."""

    template_name = "course/admin/confirm.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.student = get_object_or_404(get_user_model(), pk=kwargs["user_id"])

    def get_page_subtitle(self):
        return display_name(self.student) if hasattr(self, "student") else ""

    def get(self, request, **kwargs):
        if self.course is None:
            return self.no_course()
        return self.render(
            student=self.student, form=ReasonForm(), next=self.next_url(""), **self.confirmation()
        )

    def post(self, request, **kwargs):
        if self.course is None:
            return self.no_course()
        form = ReasonForm(request.POST)
        form.is_valid()
        self.act(form.cleaned_data.get("reason", ""))
        return redirect(self.next_url(reverse("course_admin:students")))


class EnrolView(StudentActionView):
    page_title = gettext_lazy("Enrol")

    def confirmation(self):
        enrolled = Enrolment.objects.filter(user=self.student, course=self.course).exists()
        return {
            "message": (
                _("%(name)s is already enrolled.")
                if enrolled
                else _("Enrol %(name)s (%(username)s, %(email)s) in %(course)s?")
            )
            % {
                "name": display_name(self.student),
                "username": self.student.get_username(),
                "email": self.student.email or "—",
                "course": self.course.title,
            },
            "button": _("Yes, enrol"),
            "serious": False,
            "disabled": enrolled,
        }

    def act(self, reason):
        _enrolment, created = services.enrol_student(
            self.student, self.course, by=self.request.user, reason=reason
        )
        if created:
            messages.success(
                self.request, _("%(name)s is enrolled.") % {"name": display_name(self.student)}
            )


class UnenrolView(StudentActionView):
    page_title = gettext_lazy("Remove from the course")

    def confirmation(self):
        return {
            "message": _(
                "Remove %(name)s's enrolment in %(course)s? They no longer appear in the "
                "gradebook and cannot take quizzes; their attempts and completed lessons are "
                "kept, and enrolling them again brings their progress back."
            )
            % {"name": display_name(self.student), "course": self.course.title},
            "button": _("Yes, remove"),
            "serious": True,
            "disabled": not Enrolment.objects.filter(
                user=self.student, course=self.course
            ).exists(),
        }

    def act(self, reason):
        if services.unenrol_student(self.student, self.course, by=self.request.user, reason=reason):
            messages.success(
                self.request,
                _("%(name)s's enrolment was removed.") % {"name": display_name(self.student)},
            )


class ResetChooseView(StudentsBase):
    """Which quiz to reset for a student: each with its attempts."""

    template_name = "course/admin/reset_choose.html"
    page_title = gettext_lazy("Reset attempts")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.student = get_object_or_404(get_user_model(), pk=kwargs["user_id"])

    def get_page_subtitle(self):
        return display_name(self.student) if hasattr(self, "student") else ""

    def get(self, request, user_id):
        course = self.course
        if course is None:
            return self.no_course()
        structure = CourseStructure.load(course)
        cells = gradebook.grade_grid([self.student.pk], structure.quizzes)
        return self.render(
            student=self.student,
            cells=[cells[(self.student.pk, quiz.pk)] for quiz in structure.quizzes],
            next=self.next_url(""),
        )


class ResetView(StudentActionView):
    page_title = gettext_lazy("Reset attempts")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"])

    def confirmation(self):
        count = Attempt.objects.filter(user=self.student, quiz=self.quiz).count()
        return {
            "message": _(
                "Delete all %(count)s attempts of %(name)s at %(quiz)s, with their answers? "
                "They can then start the quiz afresh. This cannot be undone; a grade override, "
                "if any, stays."
            )
            % {"count": count, "name": display_name(self.student), "quiz": self.quiz.title},
            "button": _("Yes, delete the attempts"),
            "serious": True,
            "disabled": count == 0,
        }

    def act(self, reason):
        count = quiz_services.reset_attempts(
            self.student, self.quiz, by=self.request.user, reason=reason
        )
        messages.success(
            self.request,
            _("%(count)s attempts of %(name)s at %(quiz)s were deleted.")
            % {"count": count, "name": display_name(self.student), "quiz": self.quiz.title},
        )
