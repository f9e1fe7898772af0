"""Demo accounts: created once, with random passwords printed once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    return out.getvalue()


def test_demo_accounts_created_once_with_random_passwords():
    first = run()
    passwords = dict(re.findall(r"(\w+)\s+password: (\S+)", first))
    assert set(passwords) == {"instructor", "student"}
    User = get_user_model()
    student = User.objects.get(username="student")
    instructor = User.objects.get(username="instructor")
    assert student.check_password(passwords["student"])
    assert instructor.check_password(passwords["instructor"])
    assert passwords["student"] != passwords["instructor"]
    assert len(passwords["student"]) >= 12
    assert list(student.groups.values_list("name", flat=True)) == ["Students"]
    assert list(instructor.groups.values_list("name", flat=True)) == ["Instructors"]

    second = run()
    assert "password:" not in second
    assert "already exist" in second
    assert User.objects.count() == 2


def test_demo_passwords_differ_between_installations():
    first = dict(re.findall(r"(\w+)\s+password: (\S+)", run()))
    get_user_model().objects.all().delete()
    second = dict(re.findall(r"(\w+)\s+password: (\S+)", run()))
    assert first["student"] != second["student"]
