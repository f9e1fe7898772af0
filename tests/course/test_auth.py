"""The fast backend returns exactly what Django's ModelBackend returns."""

import datetime

import pytest
from django.contrib.auth.backends import ModelBackend

from course.auth import FastModelBackend
from tests.factories import make_student

pytestmark = pytest.mark.django_db


def test_same_user_as_model_backend():
    student = make_student("dana", first_name="Dana", last_name="Ospanova")
    student.last_login = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC)
    student.save()
    fast = FastModelBackend().get_user(student.pk)
    slow = ModelBackend().get_user(student.pk)
    for field in type(student)._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(slow, field.attname), field.name
    assert fast.check_password("pass-1234-word")
    assert list(fast.groups.values_list("name", flat=True)) == ["Students"]


@pytest.mark.parametrize("user_id", [999999, "not-a-number", None])
def test_unknown_or_malformed_ids_are_no_user(user_id):
    assert FastModelBackend().get_user(user_id) is None


def test_inactive_users_are_refused(client):
    student = make_student()
    client.force_login(student)
    assert client.get("/en/me/").status_code == 200
    student.is_active = False
    student.save()
    assert client.get("/en/me/").status_code == 302


def test_password_change_ends_other_sessions(client):
    student = make_student()
    client.force_login(student)
    student.set_password("a-new-long-password-9")
    student.save()
    assert client.get("/en/me/").status_code == 302
