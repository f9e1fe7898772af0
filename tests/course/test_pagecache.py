"""The whole-page cache: shared bodies, per-user slots, invalidation, no leaks between users."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from course.models import Enrolment
from tests.factories import make_lesson, make_student

pytestmark = pytest.mark.django_db


def url(lesson, language="en"):
    return f"/{language}/{lesson.get_parent().slug}/{lesson.slug}/"


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_second_anonymous_view_is_served_without_queries(client):
    lesson = make_lesson(title="Recognition")
    first, _ = queries(client, url(lesson))
    second, html = queries(client, url(lesson))
    assert first > 0
    assert second == 0
    assert "Recognition" in html
    assert "<!--slot:" not in html


def test_a_students_header_never_reaches_another_user(client):
    lesson = make_lesson()
    student = make_student("aigerim")
    client.force_login(student)
    html = client.get(url(lesson)).content.decode()
    assert "Log out" in html
    client.logout()
    html = client.get(url(lesson)).content.decode()
    assert "Log out" not in html
    assert "/en/accounts/login/?next=" in html
    assert "csrfmiddlewaretoken" not in html


def test_student_view_costs_a_fixed_small_number_of_queries(client):
    lesson = make_lesson()
    student = make_student()
    Enrolment.objects.create(user=student, course=lesson.get_parent().get_parent().specific)
    client.force_login(student)
    client.get(url(lesson))
    count, html = queries(client, url(lesson))
    assert count <= 4  # session, user, enrolment+completion
    assert "Mark as complete" in html


def test_publishing_shows_the_new_text_at_once(client):
    lesson = make_lesson(title="Old title")
    client.get(url(lesson))
    lesson.title_en = "New title"
    lesson.title = "New title"
    lesson.save_revision().publish()
    assert "New title" in client.get(url(lesson)).content.decode()


def test_restricted_pages_are_not_cached(client):
    lesson = make_lesson()
    PageViewRestriction.objects.create(page=lesson, restriction_type="login")
    assert client.get(url(lesson)).status_code == 302
    client.force_login(make_student())
    assert client.get(url(lesson)).status_code == 200
    client.logout()
    assert client.get(url(lesson)).status_code == 302


def test_each_language_has_its_own_copy(client):
    lesson = make_lesson(title="Recognition")
    lesson.title_ru = "Признание"
    lesson.save_revision().publish()
    assert "Recognition" in client.get(url(lesson, "en")).content.decode()
    assert "Признание" in client.get(url(lesson, "ru")).content.decode()
