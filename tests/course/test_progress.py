"""Enrolment and explicit lesson completion."""

import pytest

from course.models import Enrolment, LessonCompletion
from tests.factories import make_lesson, make_student

pytestmark = pytest.mark.django_db


def lesson_url(lesson, language="en"):
    return f"/{language}/{lesson.get_parent().slug}/{lesson.slug}/"


def test_self_enrolment(client):
    lesson = make_lesson()
    student = make_student()
    client.force_login(student)
    response = client.post("/en/enrol/", {"next": lesson_url(lesson)})
    assert response.status_code == 302
    assert response["Location"] == lesson_url(lesson)
    assert Enrolment.objects.filter(user=student).count() == 1
    client.post("/en/enrol/")  # idempotent
    assert Enrolment.objects.filter(user=student).count() == 1


def test_self_enrolment_can_be_closed(client):
    lesson = make_lesson()
    course = lesson.get_parent().get_parent().specific
    course.self_enrolment = False
    course.save()
    client.force_login(make_student())
    response = client.post("/en/enrol/", follow=True)
    assert Enrolment.objects.count() == 0
    assert "Self-enrolment is closed" in response.content.decode()


def test_enrol_rejects_offsite_next(client):
    make_lesson()
    client.force_login(make_student())
    response = client.post("/en/enrol/", {"next": "https://evil.example/"})
    assert response["Location"] == "/en/me/"


def test_mark_complete_and_undo(client):
    lesson = make_lesson()
    student = make_student()
    client.force_login(student)
    client.post("/en/enrol/")
    html = client.get(lesson_url(lesson)).content.decode()
    assert "Mark as complete" in html

    response = client.post(f"/en/progress/lesson/{lesson.pk}/", {"complete": "1"})
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=student, lesson=lesson).exists()
    html = client.get(lesson_url(lesson)).content.decode()
    assert "You completed this lesson." in html

    client.post(f"/en/progress/lesson/{lesson.pk}/", {"complete": "0"})
    assert not LessonCompletion.objects.filter(user=student).exists()


def test_completion_needs_enrolment_login_and_post(client):
    lesson = make_lesson()
    path = f"/en/progress/lesson/{lesson.pk}/"
    response = client.post(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    student = make_student()
    client.force_login(student)
    assert client.get(path).status_code == 405
    response = client.post(path, follow=True)
    assert "Enrol in the course first" in response.content.decode()
    assert not LessonCompletion.objects.exists()
    assert client.post("/en/progress/lesson/999999/").status_code == 404


def test_progress_is_the_same_in_every_language(client):
    lesson = make_lesson()
    student = make_student()
    client.force_login(student)
    client.post("/en/enrol/")
    client.post(f"/ru/progress/lesson/{lesson.pk}/", {"complete": "1"})
    for language in ("en", "kk", "tr"):
        html = client.get(lesson_url(lesson, language)).content.decode()
        assert f'action="/{language}/progress/lesson/{lesson.pk}/"' in html
        assert 'name="complete" value="0"' in html
