"""Two-factor authentication in the admin (course/two_factor.py): required for instructors with
grading rights, set up once with a QR code, then a code after each log-in."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_instructor, make_student, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_an_instructor_sets_up_a_device_then_enters_the_admin(client):
    instructor = make_instructor()
    client.force_login(instructor)
    response = client.get(reverse("course_admin:gradebook"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("course_admin:two_factor"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and "http" not in page.context["qr"][:30]
    device = TOTPDevice.objects.get(user=instructor, confirmed=False)
    wrong = client.post(reverse("course_admin:two_factor"), {"code": "000000x"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    right = client.post(
        reverse("course_admin:two_factor"),
        {"code": code(device), "next": reverse("course_admin:gradebook")},
    )
    assert right.status_code == 302 and right["Location"] == reverse("course_admin:gradebook")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("course_admin:gradebook")).status_code == 200


def test_a_new_session_asks_for_the_code_again_and_refuses_off_site_next(client):
    instructor = make_instructor()
    device = TOTPDevice.objects.create(user=instructor, name="app", confirmed=True)
    client.force_login(instructor)
    assert client.get("/admin/").status_code == 302
    page = client.get(reverse("course_admin:two_factor"))
    assert "data:image" not in page.content.decode()  # no new QR once set up
    response = client.post(
        reverse("course_admin:two_factor"), {"code": code(device), "next": "//evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get("/admin/").status_code == 200


def test_students_and_the_site_are_not_affected(client):
    student = make_student()
    client.force_login(student)
    assert client.get(reverse("student-home")).status_code == 200


def test_an_admin_user_without_grading_rights_may_choose(client):
    from django.contrib.auth.models import Permission

    editor = make_user(group=None)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # optional for them
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302  # once set up, always asked


def test_off_when_the_setting_is_off(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(make_instructor())
    assert client.get("/admin/").status_code == 200
