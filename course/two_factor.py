"""Two-factor authentication in the admin (django-otp, time-based codes from an app such as
FreeOTP, Aegis or Google Authenticator).

Required for everyone who may grade (``quizzes.grade_attempts``: the Instructors group) and for
anyone who has set up a device; optional for others who reach the admin. Students never enter
the admin, and the site's pages are not touched. wagtail-2fa, the usual package, does not
import under Wagtail 8 (it needs ``wagtail.users.widgets``), hence this small module on
django-otp itself.

After the password, ``TwoFactorMiddleware`` sends such a user to ``TwoFactorView``: the first
time it shows a QR code (drawn on the server, nothing from another origin) and the key to type
in, then asks for the 6-digit code; the session is then verified until log-out.
"""

import base64
import io

import django_otp
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

ADMIN_PREFIX = "/admin/"
# Admin pages a user who still owes the code may open.
OPEN_URL_NAMES = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_javascript_catalog",
                  "wagtailadmin_sprite"}


def needs_second_factor(user) -> bool:
    """Whether ``user`` must give a code in the admin: graders, and whoever set up a device."""
    if not (getattr(settings, "TWO_FACTOR_REQUIRED", True) and user.is_authenticated):
        return False
    if user.is_superuser or user.has_perm("quizzes.grade_attempts"):
        return True
    return django_otp.user_has_device(user, confirmed=True)


class TwoFactorMiddleware:
    """In the admin, a user who owes the code is sent to the two-factor page first.

    Needs ``django_otp.middleware.OTPMiddleware`` before it (``user.is_verified()``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and not self._open(request):
            user = request.user
            if needs_second_factor(user) and not user.is_verified():
                target = reverse("course_admin:two_factor")
                return HttpResponseRedirect(f"{target}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # a 404 shows nothing
        return match.url_name in OPEN_URL_NAMES or match.view_name == "course_admin:two_factor"


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (CSP: img-src data:)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


class TwoFactorView(WagtailAdminTemplateMixin, View):
    """Set up a device (the first time) and give the code; then back to where the user was."""

    template_name = "course/admin/two_factor.html"
    page_title = gettext_lazy("Two-factor authentication")
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.get_page_title()}]

    def _device(self, user):
        confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if confirmed:
            return confirmed, False
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=_("Authenticator app"), confirmed=False
            )
        return device, True

    def _next(self, request):
        target = request.POST.get("next") or request.GET.get("next") or ""
        if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, {request.get_host()}, request.is_secure()
        ):
            return target
        return reverse("wagtailadmin_home")

    def _render(self, request, device, setting_up, error="", status=200):
        context = self.get_context_data(
            setting_up=setting_up, error=error, next=self._next(request)
        )
        if setting_up:
            context["qr"] = qr_data_uri(device)
            key = base64.b32encode(device.bin_key).decode()
            context["key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        return self.render_to_response(context, status=status)

    def get(self, request):
        device, setting_up = self._device(request.user)
        return self._render(request, device, setting_up)

    def post(self, request):
        device, setting_up = self._device(request.user)
        token = "".join((request.POST.get("code") or "").split())[:12]
        if token.isdigit() and device.verify_token(token):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return HttpResponseRedirect(self._next(request))
        error = _("That code is not right. Type the 6 digits your app shows now.")
        return self._render(request, device, setting_up, error=error, status=400)
