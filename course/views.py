"""Views of the course app. Thin: reads come from selectors, writes from services."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import selectors


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


@login_required
def student_home(request):
    """The student's home: the course, its modules, and where to continue."""
    return render(request, "course/student_home.html", selectors.student_home(request.user))
