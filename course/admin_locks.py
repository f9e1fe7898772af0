"""Instructors unlock log-ins that django-axes locked (see ``course.security``).

A lock holds one (user name, address) pair for ``AXES_COOLOFF_TIME``; a student who forgot
their password and tried too often need not wait: an instructor removes the lock here.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from quizzes.admin_views import InstructorView


def current_locks():
    """The locked pairs now: as many failures as the limit, within the cool-off."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


class LockedLoginsView(InstructorView):
    """The locked log-ins, each with an Unlock button (POST ``id``)."""

    template_name = "course/admin/locked_logins.html"
    page_title = gettext_lazy("Locked log-ins")
    header_icon = "lock"

    def get(self, request):
        return self.render(
            locks=list(current_locks()[:200]),
            minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            limit=settings.AXES_FAILURE_LIMIT,
        )

    def post(self, request):
        from axes.models import AccessAttempt

        try:
            pk = int(request.POST.get("id", ""))
        except ValueError:
            pk = None
        lock = AccessAttempt.objects.filter(pk=pk).first() if pk is not None else None
        if lock is None:
            messages.error(request, _("That lock has already ended."))
        else:
            lock.delete()
            messages.success(
                request, _("“%(name)s” can log in again.") % {"name": lock.username or "—"}
            )
        return redirect("course_admin:locked_logins")
