"""Views of the course app. Thin: reads come from selectors, writes from services."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lessons.models import LessonPage
from lessons.selectors import lesson_neighbours

from . import reader, selectors, services


@never_cache
def healthz(request):
    """200 when the application and its database answer, 503 otherwise (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure is "unhealthy"
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


class LoginView(auth_views.LoginView):
    """The login page; a logged-in user who comes back here is sent on."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """The student's home in the language chosen on their account (if any)."""
        from django.utils import translation

        from .models import StudentProfile

        language = StudentProfile.objects.filter(user=self.request.user).values_list(
            "language", flat=True
        ).first()
        if language:
            with translation.override(language):
                return reverse("student-home")
        return super().get_default_redirect_url()


@login_required
def student_home(request):
    """The student's home: the course, its modules, and where to continue."""
    return render(request, "course/student_home.html", selectors.student_home(request.user))


def _safe_next(request, default: str) -> str:
    """``next`` if it is a path on this site (``/en/...``), else ``default``.

    Only paths are followed: a bare word is not tried as a URL name (``next=abc`` was a
    ``NoReverseMatch``, ``next=wagtailadmin_home`` led to the admin), and ``//host/`` or
    ``/\\host`` (another site, for browsers) is refused with every other host.
    """
    target = request.POST.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return default


@login_required
@require_POST
def enrol(request):
    """Self-enrolment in the course (while instructors keep it open)."""
    course = selectors.get_course()
    if course is None:
        raise Http404
    try:
        services.enrol(request.user, course)
    except PermissionDenied:
        messages.error(request, _("Self-enrolment is closed. Ask your instructor to enrol you."))
        return HttpResponseRedirect(_safe_next(request, course.url))
    messages.success(request, _("You are enrolled. Your progress is now tracked."))
    return HttpResponseRedirect(_safe_next(request, reverse("student-home")))


@login_required
@require_POST
def lesson_complete(request, lesson_id: int):
    """Mark a lesson as complete, or undo it (``complete=0``)."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not selectors.is_enrolled(request.user):
        messages.error(request, _("Enrol in the course first to track your progress."))
        return redirect(lesson.url)
    complete = request.POST.get("complete", "1") != "0"
    services.set_lesson_complete(request.user, lesson, complete)
    if complete:
        messages.success(request, _("Lesson marked as complete."))
    else:
        messages.info(request, _("Lesson marked as not complete."))
    if complete and request.POST.get("then") == "next":
        following = lesson_neighbours(lesson)[1]
        if following is not None:
            return redirect(following.url)
    return redirect(lesson.url)


def _own_certificate(request):
    """(certificate, verification URL) of the student, or None if the course is not complete."""
    progress = selectors.student_progress(request.user)
    if not progress.complete:
        messages.info(request, _("Complete every module and the final exam to get a certificate."))
        return None
    certificate = services.issue_certificate(request.user, progress.course)
    verify_url = request.build_absolute_uri(reverse("certificate-verify", args=[certificate.code]))
    return certificate, verify_url


@login_required
def certificate(request):
    """The student's own certificate, printable, with a link to its PDF."""
    own = _own_certificate(request)
    if own is None:
        return redirect("student-home")
    certificate, verify_url = own
    return render(
        request, "course/certificate.html", {"certificate": certificate, "verify_url": verify_url}
    )


@login_required
def certificate_pdf(request):
    """The student's own certificate as a PDF drawn on the server, in the page's language."""
    own = _own_certificate(request)
    if own is None:
        return redirect("student-home")
    certificate, verify_url = own
    data = reader.certificate_pdf(certificate, verify_url, get_language())
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"certificate-{certificate.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def certificate_verify(request, code: str):
    """Public check of a certificate by its code: anyone may confirm it is genuine."""
    certificate = selectors.certificate_by_code(code)
    return render(
        request,
        "course/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )


def reader_index(request):
    """The printable reader: the whole course and each module as PDF in this language."""
    from .models import ModulePage

    modules = ModulePage.objects.live().order_by("path")
    return render(request, "course/reader/index.html", {"modules": modules})


def reader_pdf(request, slug: str | None = None):
    """A reader PDF (the course, or the module ``slug``); while it is built, a page that waits."""
    from .models import ModulePage

    module = get_object_or_404(ModulePage.objects.live(), slug=slug) if slug else None
    language = get_language()
    path = reader.get_or_start(language, module)
    if path is None:
        response = render(request, "course/reader/preparing.html", {"module": module}, status=202)
        response["Retry-After"] = "10"
        return response
    filename = reader.download_name(language, module)
    return FileResponse(path.open("rb"), content_type="application/pdf", filename=filename)
