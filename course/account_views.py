"""Students' account pages: accepting an invitation, registering with an enrolment key and
confirming the e-mail, preferences (language, reminders), notices, and their data (download,
deletion request). Thin: the rules are in ``invitations``, ``registration``, ``notices`` and
``privacy``."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import invitations, notices, privacy, registration
from .account_forms import PreferencesForm, RegistrationForm
from .roster import profile_for

BACKEND = "course.auth.FastModelBackend"


def _home_in(language: str) -> str:
    with translation.override(language):
        return reverse("student-home")


@never_cache
def invitation_accept(request, user_id: int, token: str):
    """The link of an invitation: choose a password, then straight into the course."""
    invitation = invitations.find(user_id, token)
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.accept(invitation, form.cleaned_data["new_password1"])
        profile = profile_for(invitation.user)
        if not profile.language:
            profile.language = translation.get_language()
            profile.save(update_fields=["language"])
        login(request, invitation.user, backend=BACKEND)
        messages.success(request, _("Welcome! Your password is set."))
        return redirect(_home_in(profile.language))
    return render(request, "registration/form_page.html", {
        "form": form,
        "heading": _("Welcome, %(name)s") % {
            "name": invitation.user.get_full_name() or invitation.user.get_username()},
        "intro": _("Choose the password for your account (username: %(username)s).") % {
            "username": invitation.user.get_username()},
        "submit": _("Save the password"),
    })


@never_cache
def register(request):
    """Self-registration with a cohort's enrolment key; limited per address (floods)."""
    if request.user.is_authenticated:
        return redirect("student-home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if registration.too_many(request):
            form.add_error(None, _("Too many registrations from your network. Try again in an "
                                   "hour."))
        elif form.is_valid():
            registration.register(
                form.cleaned_data, form.cohort, translation.get_language(),
                invitations.site_url(request),
            )
            return render(request, "registration/register_sent.html",
                          {"email": form.cleaned_data["email"]})
    return render(request, "registration/form_page.html", {
        "form": form,
        "heading": _("Register for the course"),
        "intro": _("You need the enrolment key your instructor gave the class. We will send "
                   "you an e-mail to confirm your address."),
        "submit": _("Register"),
    })


@never_cache
def register_confirm(request, token: str):
    """The link in the confirmation e-mail: the account becomes active and is logged in."""
    user = registration.confirm(token)
    if user is None:
        return render(request, "registration/invitation_invalid.html", status=404)
    login(request, user, backend=BACKEND)
    messages.success(request, _("Your e-mail address is confirmed. Welcome to the course!"))
    return redirect(_home_in(profile_for(user).language or translation.get_language()))


@never_cache
@login_required
def account(request):
    """Preferences (language, reminders) and the student's data."""
    profile = profile_for(request.user)
    if not profile.language:
        profile.language = translation.get_language()
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        with translation.override(profile.language):
            response = redirect(reverse("account"))
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, profile.language,
                            samesite="Lax", max_age=365 * 24 * 3600)
        return response
    return render(request, "course/account.html", {"form": form, "profile": profile})


@never_cache
@login_required
def account_data(request):
    """Everything the site holds about the student, as a readable JSON file."""
    data = privacy.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_POST
def account_delete(request):
    """The student asks for their account and data to be deleted (an instructor does it)."""
    privacy.request_deletion(request.user)
    messages.info(request, _("Your request is recorded. An instructor will delete your account "
                             "and your data; you will not be able to log in afterwards."))
    return redirect("account")


@never_cache
@login_required
def notice_list(request):
    """The student's notices, newest first; opening the list marks them read."""
    items = notices.notices_for(request.user)
    rows = []
    for notice in items:
        subject, _body = notices.texts(notice)
        rows.append({"notice": notice, "text": subject})
    notices.mark_read(request.user)
    return render(request, "course/notices.html", {"rows": rows})
