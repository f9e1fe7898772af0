"""Closed doors: the Content-Security-Policy per area, private pages, and throttled logins.

- ``ContentSecurityPolicyMiddleware``: Django's own CSP middleware (``SECURE_CSP``), with the
  admin's looser policy (``ADMIN_CSP``) under ``/admin/``: Wagtail's editor still writes a few
  inline scripts and style attributes, so the admin allows ``'unsafe-inline'``; neither area
  allows any other origin.
- ``RejectNulMiddleware``: a NUL byte in the address is a 400, never a database error.
- ``PrivatePagesMiddleware``: every page served to a logged-in user may carry their data (the
  account menu, their progress, their answers), so none may be kept by a shared cache or on disk:
  ``Cache-Control: private, no-store``.
- ``locked_out``: what django-axes answers when a (user name, address) pair is locked: status
  429 and a page saying for how long and who can unlock it. Only the pair is locked, so guessing
  a student's user name from elsewhere never locks the student out.
"""

import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpResponseBadRequest
from django.middleware import csp
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """``SECURE_CSP`` on the site, ``ADMIN_CSP`` in Wagtail's admin (unless a view chose)."""

    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return super().process_response(request, response)


class RejectNulMiddleware:
    """400 for a NUL byte in the address (path or query): no database column can hold one, and no
    page of the site needs one (PostgreSQL would refuse the lookup with a server error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(
                _("The address contains a character that cannot be used (a NUL byte)."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every response to a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            # "public" or a max-age set by a view would contradict "private, no-store".
            for directive in ("public", "max-age", "s-maxage"):
                response.headers["Cache-Control"] = ", ".join(
                    part
                    for part in response.headers["Cache-Control"].split(", ")
                    if part.split("=")[0] != directive
                )
        return response


def client_address(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address the outermost trusted proxy saw (entries further left can be forged)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass  # not an address: a misconfigured proxy; fall back to the peer
    return request.META.get("REMOTE_ADDR")


def login_username(request, credentials=None) -> str | None:
    """The user name axes records (``AXES_USERNAME_CALLABLE``): as typed, cut to the column's
    255 characters and without NUL bytes, so any input can be recorded (PostgreSQL refuses both)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field)
    if username is None:
        username = request.POST.get(field) if request is not None else None
    if not isinstance(username, str):
        return username
    return username.replace("\x00", "")[:255]


ADDRESS_FAILURES_KEY = "login-failures:{}"


def address_failures(request) -> int:
    return cache.get(ADDRESS_FAILURES_KEY.format(client_address(request)), 0)


@receiver(user_login_failed)
def count_address_failure(sender, credentials, request=None, **kwargs):
    """Count failed log-ins per address (every user name), for ``AddressThrottleBackend``."""
    if request is None:
        return
    key = ADDRESS_FAILURES_KEY.format(client_address(request))
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout)


class AddressThrottleBackend:
    """Throttle by address: after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failed log-ins from one
    address (whatever the user names) in the cool-off time, that address may not try again
    until it ends. Set high (a campus shares one address), it stops spraying many user names
    without locking out a class. Placed after axes' backend; the lockout page is axes'."""

    def authenticate(self, request, **credentials):
        limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        if request is not None and address_failures(request) >= limit:
            request.axes_locked_out = True
            request.address_locked_out = True
            raise PermissionDenied
        return None  # no ``get_user``: sessions are FastModelBackend's


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """The lockout page (``AXES_LOCKOUT_CALLABLE``), status 429, for the site and the admin."""
    if getattr(request, "address_locked_out", False):
        message = _(
            "Too many failed log-ins from your network. Try again in %(minutes)d minutes."
        ) % {"minutes": lockout_minutes()}
    else:
        message = _(
            "Too many failed log-ins for this user name from your network. Try again in "
            "%(minutes)d minutes, or ask an instructor to unlock it."
        ) % {"minutes": lockout_minutes()}
    return render(
        request,
        "registration/locked_out.html",
        {"message": message, "admin": request.path.startswith(ADMIN_PREFIX)},
        status=429,
    )
