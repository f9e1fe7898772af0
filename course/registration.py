"""Self-registration with a cohort's enrolment key (Moodle's model), confirmed by e-mail.

A new account stays inactive until its owner opens the link sent to their address (signed,
valid ``CONFIRM_DAYS``, of no use once the account is active). Floods are held back without a
CAPTCHA: at most ``REGISTRATIONS_PER_HOUR`` registrations per network address, counted in the
cache (Redis in production).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import StudentProfile
from .roles import STUDENTS
from .tasks import send_email

CONFIRM_DAYS = 3
REGISTRATIONS_PER_HOUR = 5
SALT = "course.registration"


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def too_many(request) -> bool:
    """Count this attempt; True once the address made too many within the hour."""
    key = f"registration:{_client(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > REGISTRATIONS_PER_HOUR


def register(data: dict, cohort, language: str, base_url: str = ""):
    """Create the inactive account in ``cohort`` and e-mail the confirmation link."""
    from . import services
    from .roster import _username_for, place_in_cohort

    User = get_user_model()
    with transaction.atomic():
        user = User(
            username=_username_for(data["email"]), email=data["email"],
            first_name=data["first_name"].strip(), last_name=data["last_name"].strip(),
            is_active=False,
        )
        user.set_password(data["password"])
        user.save()
        user.groups.add(Group.objects.get_or_create(name=STUDENTS)[0])
        StudentProfile.objects.create(user=user, language=language)
        services.enrol(user, cohort.course, by_instructor=True)
        place_in_cohort(user, cohort)
        token = signing.dumps({"u": user.pk}, salt=SALT)
        with translation.override(language):
            path = reverse("register-confirm", args=[token])
            subject = _("Confirm your e-mail address")
            body = _("Open this link to confirm your address and start the course "
                     "(valid for %(days)s days):") % {"days": CONFIRM_DAYS}
        url = (base_url or settings.WAGTAILADMIN_BASE_URL.rstrip("/")) + path
        email = user.email
        transaction.on_commit(lambda: send_email.delay(subject, f"{body}\n\n{url}\n", email))
    return user


def confirm(token: str):
    """The account the link confirms (now active), or None if the link is bad or used."""
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRM_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=False).first()
    if user is None or user.last_login is not None:
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
