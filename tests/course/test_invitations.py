"""Invitations (single use, expiring, resend, in the student's language), self-registration
with an enrolment key (confirmation, rate limit) and the language remembered on the account."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from course import invitations, registration
from course.models import Cohort, CohortMember, Enrolment, Invitation, StudentProfile
from tests.factories import make_course, make_instructor, make_student

pytestmark = pytest.mark.django_db


def invited(username="aliya", language="en"):
    student = make_student(username)
    student.set_unusable_password()
    student.save()
    StudentProfile.objects.create(user=student, language=language)
    invitations.send(student)
    return student, _link(mail.outbox[-1].body)


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def test_the_invitation_is_in_the_student_language_and_sets_the_password(client):
    make_course()
    student, link = invited(language="kk")
    message = mail.outbox[-1]
    assert message.to == [student.email]
    assert link.startswith("/kk/accounts/invitation/")
    assert "құпиясөз" in message.body.lower()  # "password" in Kazakh
    response = client.post(link, {"new_password1": "Qazaq-Eli-2027",
                                  "new_password2": "Qazaq-Eli-2027"})
    assert response.status_code == 302 and response.url == "/kk/me/"
    student.refresh_from_db()
    assert student.check_password("Qazaq-Eli-2027")
    assert Invitation.objects.get(user=student).accepted_at is not None


def test_the_link_works_once(client):
    make_course()
    student, link = invited()
    client.post(link, {"new_password1": "Qazaq-Eli-2027", "new_password2": "Qazaq-Eli-2027"})
    client.logout()
    assert client.get(link).status_code == 404


def test_an_expired_or_wrong_link_is_refused(client):
    make_course()
    student, link = invited()
    assert client.get(link[:-3] + "xyz/").status_code == 404
    Invitation.objects.filter(user=student).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(link)
    assert response.status_code == 404
    assert "expired" in response.content.decode()


def test_a_weak_password_is_refused_and_the_link_still_works(client):
    make_course()
    student, link = invited()
    response = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert Invitation.objects.get(user=student).accepted_at is None
    assert client.get(link).status_code == 200


def test_resending_makes_a_new_link_and_the_old_one_stops(
    client, django_capture_on_commit_callbacks
):
    course = make_course()
    student, old = invited()
    Enrolment.objects.create(user=student, course=course)
    teacher = make_instructor()
    client.force_login(teacher)
    page = client.get(reverse("course_admin:invitations"))
    assert student.email in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("course_admin:invitations"), {"user": student.pk})
    assert response.status_code == 302
    new = _link(mail.outbox[-1].body)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert Invitation.objects.get(user=student).times_sent == 2


@pytest.fixture
def open_cohort():
    course = make_course()
    return Cohort.objects.create(
        course=course, name="Spring A", term="Spring 2027", self_registration=True,
        enrolment_key="yassawi-27",
    )


def register(client, key="yassawi-27", email="new@example.org", language="tr"):
    return client.post(f"/{language}/accounts/register/", {
        "enrolment_key": key, "first_name": "Ayşe", "last_name": "Yılmaz", "email": email,
        "password": "Turkistan-1993!",
    })


def test_registration_with_the_key_confirms_the_address_then_logs_in(
    client, open_cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert response.status_code == 200
    user = get_user_model().objects.get(email="new@example.org")
    assert not user.is_active
    assert CohortMember.objects.filter(user=user, cohort=open_cohort).exists()
    link = _link(mail.outbox[-1].body)
    assert link.startswith("/tr/accounts/register/")
    response = client.get(link)
    assert response.status_code == 302 and response.url == "/tr/me/"
    user.refresh_from_db()
    assert user.is_active
    assert StudentProfile.objects.get(user=user).language == "tr"
    client.logout()
    assert client.get(link).status_code == 404  # used up


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "wrong"}, "not valid"),
        ({"email": "not-an-address"}, "valid email"),
        ({"email": "taken@example.org"}, "exists already"),
    ],
)
def test_registration_refuses_bad_input_and_keeps_what_was_typed(
    client, open_cohort, data, message
):
    make_student("taken")
    response = register(client, language="en", **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Yılmaz"' in html
    assert not get_user_model().objects.filter(first_name="Ayşe").exists()


def test_registration_closed_for_a_cohort_refuses_its_key(client, open_cohort):
    open_cohort.self_registration = False
    open_cohort.save()
    response = register(client, language="en")
    assert "not valid" in response.content.decode()


def test_a_flood_of_registrations_is_held_back(client, open_cohort):
    for n in range(registration.REGISTRATIONS_PER_HOUR):
        register(client, email=f"s{n}@example.org", language="en")
    response = register(client, email="one-more@example.org", language="en")
    assert "Too many registrations" in response.content.decode()
    assert not get_user_model().objects.filter(email="one-more@example.org").exists()


def test_the_language_chosen_once_is_used_after_login(client):
    make_course()
    student = make_student("dana")
    client.force_login(student)
    response = client.post("/en/me/account/", {"language": "ru", "reminders": "on"})
    assert response.status_code == 302 and response.url == "/ru/me/account/"
    assert StudentProfile.objects.get(user=student).language == "ru"
    client.logout()
    response = client.post("/en/accounts/login/", {"username": "dana",
                                                    "password": "pass-1234-word"})
    assert response.status_code == 302 and response.url == "/ru/me/"


def test_a_bad_resend_request_changes_nothing(client):
    make_course()
    client.force_login(make_instructor())
    response = client.post(reverse("course_admin:invitations"), {"user": "abc"})
    assert response.status_code == 302
    assert mail.outbox == []
