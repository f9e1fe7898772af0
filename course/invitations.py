"""Invitations: the e-mail that lets a student from a roster set their password.

The link is single use and expires (``INVITATION_DAYS``, 14 by default): only a hash of its
token is stored, and accepting it clears the hash. Resending makes a new token (the old link
stops working). The e-mail is written in the student's language and sent off the request path
(``course.tasks.send_invitation``).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .models import NOTICE_INVITATION, Invitation, Notice, StudentProfile


def invitation_days() -> int:
    return int(getattr(settings, "INVITATION_DAYS", 14))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(user) -> str:
    """A fresh token for ``user``'s invitation (replacing any earlier one); returns it."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    expires = now + datetime.timedelta(days=invitation_days())
    invitation, created = Invitation.objects.get_or_create(
        user=user,
        defaults={"token_hash": _hash(token), "sent_at": now, "expires_at": expires},
    )
    if not created:
        invitation.token_hash = _hash(token)
        invitation.sent_at, invitation.expires_at = now, expires
        invitation.accepted_at = None
        invitation.times_sent += 1
        invitation.save()
    return token


def find(user_id, token: str, now=None):
    """The valid invitation for this link, or None (wrong, used or expired)."""
    now = now or timezone.now()
    invitation = Invitation.objects.filter(
        user_id=user_id, token_hash=_hash(token or ""), accepted_at__isnull=True
    ).select_related("user").first()
    if invitation is None or invitation.expires_at <= now or not invitation.user.is_active:
        return None
    return invitation


def accept(invitation: Invitation, password: str) -> None:
    """Set the password and use the link up."""
    with transaction.atomic():
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.accepted_at = timezone.now()
        invitation.token_hash = secrets.token_hex(32)  # the link is used up
        invitation.save(update_fields=["accepted_at", "token_hash"])


def language_of(user) -> str:
    language = (
        StudentProfile.objects.filter(user=user).values_list("language", flat=True).first()
    )
    return language or settings.LANGUAGE_CODE


def site_url(request=None) -> str:
    """The site's address for links in e-mails: the request's, else WAGTAILADMIN_BASE_URL."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def link(user, token: str, base_url: str = "") -> str:
    language = language_of(user)
    with translation.override(language):
        path = reverse("invitation-accept", args=[user.pk, token])
    return (base_url or site_url()) + path


def send(user, base_url: str = "") -> None:
    """Make a new token and e-mail the invitation now (called by the task)."""
    from .notices import deliver

    token = new_token(user)
    notice = Notice.objects.create(user=user, kind=NOTICE_INVITATION)
    deliver(notice, extra={"link": link(user, token, base_url), "days": invitation_days()})


def send_on_commit(user, base_url: str = "") -> None:
    """Queue the invitation once the current transaction commits (off the request path)."""
    from .tasks import send_invitation

    user_id = user.pk
    transaction.on_commit(lambda: send_invitation.delay(user_id, base_url))


def pending(course=None):
    """Invitations not accepted yet, oldest first (for instructors)."""
    rows = Invitation.objects.filter(accepted_at__isnull=True).select_related("user")
    if course is not None:
        rows = rows.filter(user__enrolments__course=course)
    return rows.order_by("sent_at")
