"""Instructors' views of the quiz engine, in Wagtail's admin: the grading queue, marking an
answer, grade overrides, regrading after a key is fixed, quiz statistics and the audit trail.

Only users with ``quizzes.grade_attempts`` (the Instructors group) get in; Wagtail's admin
already sends anonymous users to its login and refuses users without admin access. Thin views:
reads come from ``quizzes.gradebook`` / ``quizzes.selectors``, writes from ``quizzes.services``.
The gradebook itself needs the course's enrolments, so it lives in ``course.admin_views``.
"""

import importlib

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import gradebook, selectors, services
from .admin_forms import MarkForm, OverrideForm, ReasonForm
from .choices import AUDIT_ACTIONS, ESSAY
from .models import Answer, GradeOverride, Question, QuizPage

PERMISSION = "quizzes.grade_attempts"


def can_grade(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


def student_scope(user, cohort=None):
    """The students ``user`` may see: None for all, else a queryset of user ids (teaching
    assistants see their cohorts only). The course decides (``course.cohorts``), looked up at
    run time so that quizzes do not import the course."""
    try:
        cohorts = importlib.import_module("course.cohorts")
    except ModuleNotFoundError as exc:
        if exc.name in ("course", "course.cohorts"):
            return None
        raise
    return cohorts.visible_students(user, cohort)


class InstructorView(WagtailAdminTemplateMixin, View):
    """A page of the instructors' admin: permission check, breadcrumbs, a heading."""

    header_icon = "table"
    breadcrumbs_parent: list = []

    def dispatch(self, request, *args, **kwargs):
        if not can_grade(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self):
        """The students this user sees (None: all), narrowed by ``?cohort=``."""
        return student_scope(self.request.user, self.request.GET.get("cohort"))

    def check_student(self, user_id) -> None:
        """404 for a student outside this user's cohorts (a teaching assistant's); runs in
        ``setup``, so a user who may not grade is refused first, as ``dispatch`` would."""
        if not can_grade(self.request.user):
            raise PermissionDenied
        if self.scope is not None and user_id not in set(self.scope):
            raise Http404

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *self.breadcrumbs_parent,
            {"url": "", "label": self.get_page_title()},
        ]

    def next_url(self, default: str) -> str:
        return get_valid_next_url_from_request(self.request) or default

    def render(self, http_status=200, **context):
        return self.render_to_response(self.get_context_data(**context), status=http_status)


def paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("p"))
    page.elided_range = list(paginator.get_elided_page_range(page.number))
    return page


# ----------------------------------------------------------------------------------------------
# The grading queue and marking one answer
# ----------------------------------------------------------------------------------------------


class GradingQueueView(InstructorView):
    """Every answer waiting for a person's marks (essays first of all), with a form for each."""

    template_name = "quizzes/admin/grading_queue.html"
    page_title = gettext_lazy("Essays to grade")
    header_icon = "edit"
    per_page = 20

    def get(self, request):
        quiz = None
        if request.GET.get("quiz"):
            quiz = QuizPage.objects.filter(pk=_int(request.GET["quiz"])).first()
        waiting = gradebook.waiting_answers(quiz)
        if self.scope is not None:
            waiting = waiting.filter(attempt__user__in=self.scope)
        page = paginate(request, waiting, self.per_page)
        answers = list(page.object_list)
        texts = gradebook.answers_text(answers)
        entries = [
            {
                "answer": answer,
                "text": texts.get(answer.pk, []),
                "form": MarkForm(
                    points=answer.question.points, prefix=f"a{answer.pk}"
                ),
            }
            for answer in answers
        ]
        return self.render(
            page=page,
            entries=entries,
            quiz=quiz,
            quizzes=gradebook.quizzes_with_counts(QuizPage.objects.live().order_by("path")),
            ESSAY=ESSAY,
        )


class MarkAnswerView(InstructorView):
    """Marks and feedback for one answer (GET: the form; POST: save, or show the errors)."""

    template_name = "quizzes/admin/mark_answer.html"
    page_title = gettext_lazy("Mark an answer")
    header_icon = "edit"

    @cached_property
    def breadcrumbs_parent(self):
        return [{"url": reverse("quizzes_admin:grading"), "label": _("Essays to grade")}]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.answer = get_object_or_404(
            Answer.objects.select_related("attempt__user", "attempt__quiz", "question"),
            pk=kwargs["pk"],
        )
        self.check_student(self.answer.attempt.user_id)

    def form(self, data=None):
        answer = self.answer
        initial = {}
        if answer.marks is not None:
            initial = {
                "score": services.plain_number(answer.marks),
                "feedback": "\n".join(answer.feedback or []),
            }
        return MarkForm(
            data, points=answer.question.points, prefix=f"a{answer.pk}", initial=initial
        )

    def show(self, form, status=200):
        answer = self.answer
        return self.render(
            http_status=status,
            answer=answer,
            text=gradebook.answers_text([answer]).get(answer.pk, []),
            form=form,
            next=self.next_url(""),
            ESSAY=ESSAY,
        )

    def get(self, request, pk):
        return self.show(self.form())

    def post(self, request, pk):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                services.mark_answer(
                    self.answer,
                    form.cleaned_data["score"],
                    form.cleaned_data["feedback"],
                    by=request.user,
                )
            except services.GradingError as error:
                form.add_error("score", str(error.message))
            else:
                messages.success(
                    request,
                    _("Marks saved for %(student)s (%(quiz)s, question %(key)s).")
                    % {
                        "student": _name(self.answer.attempt.user),
                        "quiz": self.answer.attempt.quiz.title,
                        "key": self.answer.question.key,
                    },
                )
                return redirect(self.next_url(reverse("quizzes_admin:grading")))
        messages.error(request, _("The marks were not saved: correct the errors below."))
        return self.show(form, status=400)


# ----------------------------------------------------------------------------------------------
# Grade overrides
# ----------------------------------------------------------------------------------------------


class StudentQuizMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.student = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"])
        self.check_student(self.student.pk)
        self.override = (
            GradeOverride.objects.filter(user=self.student, quiz=self.quiz)
            .select_related("by")
            .first()
        )

    def get_page_subtitle(self):
        return f"{_name(self.student)} · {self.quiz.title}"

    def common(self):
        rows, _overrides = selectors.grade_facts([self.student.pk], [self.quiz])
        cell = gradebook.make_cell(
            self.quiz,
            rows.get((self.student.pk, self.quiz.pk), []),
            self.override.percent if self.override else None,
        )
        return {
            "student": self.student,
            "quiz": self.quiz,
            "override": self.override,
            "cell": cell,
            "history": gradebook.audit_trail(student=self.student, quiz=self.quiz)[:20],
            "next": self.next_url(""),
        }


class OverrideView(StudentQuizMixin, InstructorView):
    """Set a student's grade at a quiz, with a reason (audited)."""

    template_name = "quizzes/admin/override.html"
    page_title = gettext_lazy("Override the grade")
    header_icon = "edit"

    def get(self, request, user_id, quiz_id):
        initial = {}
        if self.override:
            initial = {"percent": services.plain_number(self.override.percent)}
        return self.render(form=OverrideForm(initial=initial), **self.common())

    def post(self, request, user_id, quiz_id):
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                services.set_grade_override(
                    self.student,
                    self.quiz,
                    form.cleaned_data["percent"],
                    form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.GradingError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("%(student)s's grade at %(quiz)s is now %(grade)s %%.")
                    % {
                        "student": _name(self.student),
                        "quiz": self.quiz.title,
                        "grade": services.plain_number(form.cleaned_data["percent"]),
                    },
                )
                return redirect(self.next_url(request.path))
        messages.error(request, _("The grade was not changed: correct the errors below."))
        return self.render(http_status=400, form=form, **self.common())


class RemoveOverrideView(StudentQuizMixin, InstructorView):
    """Confirm, then remove the override: the computed grade applies again (audited)."""

    template_name = "quizzes/admin/remove_override.html"
    page_title = gettext_lazy("Remove the override")
    header_icon = "bin"

    def get(self, request, user_id, quiz_id):
        if self.override is None:
            messages.warning(request, _("There is no override to remove."))
            return redirect(self.next_url(_override_url(self.student, self.quiz)))
        return self.render(form=ReasonForm(), **self.common())

    def post(self, request, user_id, quiz_id):
        form = ReasonForm(request.POST)
        form.is_valid()
        removed = services.remove_grade_override(
            self.student, self.quiz, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
        if removed:
            messages.success(
                request,
                _("Override removed: %(student)s's grade at %(quiz)s is computed again.")
                % {"student": _name(self.student), "quiz": self.quiz.title},
            )
        return redirect(self.next_url(_override_url(self.student, self.quiz)))


def _override_url(student, quiz) -> str:
    return reverse("quizzes_admin:override", args=[student.pk, quiz.pk])


# ----------------------------------------------------------------------------------------------
# Regrading after a key changed
# ----------------------------------------------------------------------------------------------


class RegradeView(InstructorView):
    """Every submitted attempt that asked a question, its grade now and after regrading (a dry
    run); POST applies it (``services.regrade_question``) and writes the audit entries."""

    template_name = "quizzes/admin/regrade.html"
    page_title = gettext_lazy("Regrade")
    header_icon = "resubmit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.question = get_object_or_404(Question, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.question.key

    def get(self, request, pk):
        changes = services.preview_regrade(services.attempts_using(self.question))
        return self.render(
            question=self.question,
            changes=changes,
            changed=sum(1 for c in changes if c.changed),
            edit_url=reverse("wagtailsnippets_quizzes_question:edit", args=[self.question.pk]),
            history=gradebook.audit_trail(question=self.question).filter(student=None)[:10],
            form=ReasonForm(),
            next=self.next_url(""),
        )

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        form.is_valid()
        changes = services.regrade_question(
            self.question, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(
            request,
            _("Regraded %(count)s attempts; %(changed)s changed.")
            % {"count": len(changes), "changed": sum(1 for c in changes if c.changed)},
        )
        return redirect(self.next_url(request.path))


# ----------------------------------------------------------------------------------------------
# Quiz statistics
# ----------------------------------------------------------------------------------------------


class StatisticsIndexView(InstructorView):
    template_name = "quizzes/admin/statistics_index.html"
    page_title = gettext_lazy("Quiz statistics")
    header_icon = "list-ol"

    def get(self, request):
        quizzes = QuizPage.objects.live().order_by("path")
        return self.render(quizzes=gradebook.quizzes_with_counts(quizzes))


class StatisticsView(InstructorView):
    template_name = "quizzes/admin/statistics.html"
    page_title = gettext_lazy("Quiz statistics")
    header_icon = "list-ol"

    @cached_property
    def breadcrumbs_parent(self):
        return [{"url": reverse("quizzes_admin:statistics_index"), "label": _("Quiz statistics")}]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["pk"])

    def get_page_title(self):
        return self.quiz.title if hasattr(self, "quiz") else super().get_page_title()

    def get(self, request, pk):
        return self.render(
            quiz=self.quiz,
            stats=gradebook.quiz_statistics(self.quiz, users=self.scope),
            thresholds={
                "facility_low": gradebook.FACILITY_LOW,
                "facility_high": gradebook.FACILITY_HIGH,
                "discrimination_low": gradebook.DISCRIMINATION_LOW,
            },
        )


# ----------------------------------------------------------------------------------------------
# The audit trail
# ----------------------------------------------------------------------------------------------


class AuditTrailView(InstructorView):
    template_name = "quizzes/admin/audit.html"
    page_title = gettext_lazy("Audit trail")
    header_icon = "history"
    per_page = 50

    def get(self, request):
        entries = gradebook.audit_trail()
        if self.scope is not None:
            entries = entries.filter(student__in=self.scope)
        action = request.GET.get("action", "")
        if action in dict(AUDIT_ACTIONS):
            entries = entries.filter(action=action)
        return self.render(
            page=paginate(request, entries, self.per_page),
            actions=AUDIT_ACTIONS,
            action=action,
        )


# ----------------------------------------------------------------------------------------------


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _name(user) -> str:
    return user.get_full_name() or user.get_username()
