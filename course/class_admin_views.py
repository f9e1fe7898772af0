"""Instructors' admin pages for running a real class: the roster import (upload, preview,
confirm), invitations (who has not accepted, resend) and deleting a student with their data
(also on their own request). Cohorts and accommodations are edited as snippets
(``course.wagtail_hooks``). Thin: the rules live in ``roster``, ``invitations``, ``privacy``."""

import base64

from django import forms
from django.conf import settings
from django.core import signing
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from quizzes.admin_views import paginate

from . import invitations, privacy, roster
from .admin_views import StudentActionView, StudentsBase, display_name
from .models import Cohort, StudentProfile

SIGNING_SALT = "course.roster.upload"
ENCODINGS = [
    ("", gettext_lazy("Recognise it")),
    ("utf-8-sig", "UTF-8"),
    ("cp1251", "Windows-1251 (Кириллица)"),
    ("cp1254", "Windows-1254 (Türkçe)"),
]


class RosterForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Class list (CSV or XLSX)"),
        help_text=gettext_lazy(
            "The first row names the columns: name (or first name and last name) and e-mail; "
            "optionally student number, cohort and language (en, ru, kk, tr)."
        ),
    )
    cohort = forms.ModelChoiceField(
        Cohort.objects.none(), required=False, label=gettext_lazy("Cohort"),
        help_text=gettext_lazy("For rows that name no cohort."),
    )
    encoding = forms.ChoiceField(
        choices=ENCODINGS, required=False, label=gettext_lazy("Encoding of a CSV file")
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, label=gettext_lazy("Language of the invitations"),
        help_text=gettext_lazy("For rows without a language column."),
    )

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(course=course)


class RosterImportView(StudentsBase):
    """Upload (GET/POST 'preview'), then confirm (POST 'confirm') the same file."""

    template_name = "course/admin/roster_import.html"
    page_title = gettext_lazy("Import a roster")
    header_icon = "upload"

    def get(self, request):
        if self.course is None:
            return self.no_course()
        return self.render(form=RosterForm(course=self.course))

    def post(self, request):
        if self.course is None:
            return self.no_course()
        if "payload" in request.POST:
            return self.confirm(request)
        form = RosterForm(request.POST, request.FILES, course=self.course)
        if not form.is_valid():
            return self.render(form=form, http_status=400)
        upload = form.cleaned_data["file"]
        if upload.size > roster.MAX_BYTES:
            form.add_error("file", _("The file is larger than 5 MB."))
            return self.render(form=form, http_status=400)
        data = upload.read()
        options = {
            "name": upload.name,
            "cohort": form.cleaned_data["cohort"].pk if form.cleaned_data["cohort"] else None,
            "encoding": form.cleaned_data["encoding"] or None,
            "language": form.cleaned_data["language"],
        }
        plan = self.plan(data, options, form)
        if plan is None:
            return self.render(form=form, http_status=400)
        payload = signing.dumps(
            {**options, "data": base64.b64encode(data).decode()}, salt=SIGNING_SALT,
            compress=True,
        )
        return self.render(form=form, plan=plan, payload=payload, filename=upload.name)

    def plan(self, data, options, form=None):
        cohort = Cohort.objects.filter(pk=options["cohort"], course=self.course).first()
        try:
            rows = roster.read_roster(data, options["name"], options["encoding"])
        except roster.RosterError as error:
            if form is not None:
                form.add_error("file", error.message)
            else:
                messages.error(self.request, error.message)
            return None
        return roster.plan_roster(rows, self.course, cohort, options["language"])

    def confirm(self, request):
        try:
            options = signing.loads(request.POST["payload"], salt=SIGNING_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview is too old; upload the file again."))
            return redirect("course_admin:roster_import")
        plan = self.plan(base64.b64decode(options.pop("data")), options)
        if plan is None:
            return redirect("course_admin:roster_import")
        created = roster.apply_roster(
            plan, self.course, by=request.user, base_url=invitations.site_url(request)
        )
        counts = plan.counts
        messages.success(
            request,
            _("Roster imported: %(created)s created, %(updated)s updated, %(same)s already "
              "enrolled, %(rejected)s rejected. %(invited)s invitations are being sent.")
            % {"created": counts[roster.CREATE], "updated": counts[roster.UPDATE],
               "same": counts[roster.UNCHANGED], "rejected": counts[roster.REJECTED],
               "invited": len(created)},
        )
        return redirect("course_admin:invitations")


class InvitationsView(StudentsBase):
    """Enrolled students who have not accepted their invitation yet; resend one or all."""

    template_name = "course/admin/invitations.html"
    page_title = gettext_lazy("Invitations")
    header_icon = "mail"
    per_page = 100

    def get(self, request):
        if self.course is None:
            return self.no_course()
        rows = invitations.pending(self.course)
        page = paginate(request, rows, self.per_page)
        requests = StudentProfile.objects.filter(
            deletion_requested_at__isnull=False
        ).select_related("user").order_by("deletion_requested_at")
        return self.render(page=page, total=rows.count(), deletion_requests=requests)

    def post(self, request):
        if self.course is None:
            return self.no_course()
        if "user" in request.POST:
            user_id = request.POST["user"]
            pending = invitations.pending(self.course).filter(
                user_id=int(user_id) if user_id.isdigit() else None
            )
        else:
            pending = invitations.pending(self.course)
        users = [row.user for row in pending]
        for user in users:
            invitations.send_on_commit(user, invitations.site_url(request))
        messages.success(request, _("%(count)s invitations are being sent again.")
                         % {"count": len(users)})
        return redirect("course_admin:invitations")


class DeleteStudentView(StudentActionView):
    """Delete a student and their data (the audit trail keeps the facts without the person)."""

    page_title = gettext_lazy("Delete the student and their data")

    def confirmation(self):
        student = self.student
        is_student = not (student.is_staff or student.is_superuser or
                          student.has_perm("quizzes.grade_attempts"))
        return {
            "message": _(
                "Delete %(name)s (%(username)s, %(email)s) with everything the site holds about "
                "them: account, enrolment, attempts and answers, grades, progress, certificate, "
                "notices? Audit entries keep what was done without their name. This cannot be "
                "undone."
            ) % {"name": display_name(student), "username": student.get_username(),
                 "email": student.email or "—"}
            if is_student else _("Only students can be deleted here."),
            "button": _("Yes, delete the student and their data"),
            "serious": True,
            "disabled": not is_student,
        }

    def act(self, reason):
        if self.confirmation()["disabled"]:
            return
        name = display_name(self.student)
        privacy.delete_student(self.student, by=self.request.user)
        messages.success(self.request, _("%(name)s and their data were deleted.") % {"name": name})
