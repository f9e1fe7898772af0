"""Closed doors (issue 14): `next` handling, 404 links, the CSP on every page type, private
pages, and throttled logins with an unlock."""

import re

import pytest
from django.urls import reverse

from quizzes import services
from tests.factories import (
    enrol,
    make_course,
    make_instructor,
    make_lesson,
    make_question,
    make_quiz,
    make_student,
)

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"


@pytest.fixture
def course():
    return make_course(self_enrolment=True)


# -- enrol `next` ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["abc", "wagtailadmin_home", "student-home", "//evil.example/x", "/\\evil.example/x",
     "https://evil.example/", "http://testserver.evil.example/", "javascript:alert(1)",
     "\x00/x", " /en/me/"],
)
def test_enrol_follows_only_same_site_paths(client, course, target):
    client.force_login(make_student())
    response = client.post(reverse("enrol"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("student-home")


def test_enrol_follows_a_same_site_path(client, course):
    client.force_login(make_student())
    lesson = make_lesson()
    response = client.post(reverse("enrol"), {"next": lesson.url})
    assert response.status_code == 302 and response["Location"] == lesson.url


def test_closed_enrolment_falls_back_to_the_course_page(client):
    course = make_course(self_enrolment=False)
    client.force_login(make_student())
    response = client.post(reverse("enrol"), {"next": "abc"})
    assert response.status_code == 302 and response["Location"] == course.url


# -- the 404 page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["//evil.example/x", "///evil.example/x", "/\\evil.example/x", "/en//evil.example/x",
     "//evil.example/en/"],
)
def test_404_links_stay_on_the_site(client, course, path):
    response = client.get("/", PATH_INFO=path)  # as sent on the wire (the client would parse it)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="//' not in html and 'href="/\\' not in html and "http://evil" not in html
    for href in re.findall(r'href="([^"]+)"', html):
        assert href.startswith(("http://testserver/", "#")) or (
            href.startswith("/") and not href.startswith(("//", "/\\"))
        ), href


# -- CSP on every page type ------------------------------------------------------------------


def _csp(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


def test_every_page_type_has_a_strict_csp(client, course):
    lesson = make_lesson()
    question = make_question("single")
    quiz = make_quiz(questions=[question])
    student = make_student()
    pages = [course.url, lesson.url, quiz.url, reverse("lessons:timeline"),
             reverse("lessons:atlas"), reverse("lessons:glossary"), reverse("lessons:sources"),
             reverse("login"), "/en/no-such-page/", reverse("certificate-verify", args=["XYZ"])]
    for path in pages:
        response = client.get(path)
        policy = _csp(response)
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, path
    enrol(student, course)
    client.force_login(student)
    attempt = services.start_attempt(student, quiz)
    for path in [reverse("student-home"), reverse("quizzes:attempt", args=[attempt.pk]),
                 reverse("quizzes:summary", args=[attempt.pk]), course.url, lesson.url]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "unsafe-inline" not in _csp(response), path
        assert "<script>" not in response.content.decode(), path
        assert " onclick=" not in response.content.decode(), path
    services.submit_attempt(attempt)
    assert "unsafe-inline" not in _csp(client.get(reverse("quizzes:review", args=[attempt.pk])))


def test_the_admin_has_its_own_csp_with_no_other_origin(client, course):
    client.force_login(make_instructor())
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _csp(response)
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "http" not in policy  # no other origin, not even an avatar service
    assert "gravatar" not in response.content.decode()


# -- Cache-Control on pages with a student's data --------------------------------------------


def test_pages_with_a_students_data_are_private_no_store(client, course):
    lesson = make_lesson()
    quiz = make_quiz(questions=[make_question("single")])
    student = make_student()
    enrol(student, course)
    client.force_login(student)
    attempt = services.start_attempt(student, quiz)
    for path in [reverse("student-home"), course.url, lesson.url, quiz.url,
                 reverse("quizzes:attempt", args=[attempt.pk])]:
        cache_control = client.get(path).headers.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, (path, cache_control)
        assert "public" not in cache_control and "max-age=3" not in cache_control


def test_anonymous_pages_stay_cacheable(client, course):
    assert "no-store" not in client.get(course.url).headers.get("Cache-Control", "")


# -- login throttling ------------------------------------------------------------------------


def _login(client, username, password, address="10.0.0.1", path=None):
    return client.post(
        path or reverse("login"), {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_pair_with_a_clear_message(client, settings):
    student = make_student()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, student.username, "wrong").status_code == 200
    locked = _login(client, student.username, "wrong")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    # Even the right password is refused from that address while it lasts...
    assert _login(client, student.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the student logs in from their own address: guessing their name never locks them.
    other = client.__class__()
    assert _login(other, student.username, PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, settings):
    import datetime

    from axes.models import AccessAttempt

    student = make_student()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, student.username, "wrong")
    assert _login(client, student.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    assert _login(client, student.username, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, settings):
    instructor = make_instructor()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, instructor.username, "wrong", path=reverse("wagtailadmin_login"))
    response = _login(client, instructor.username, PASSWORD, path=reverse("wagtailadmin_login"))
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_an_instructor_unlocks_a_locked_student(client, settings):
    student = make_student()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, student.username, "wrong")
    assert _login(client, student.username, PASSWORD).status_code == 429
    teacher = client.__class__()
    teacher.force_login(make_instructor())
    page = teacher.get(reverse("course_admin:locked_logins"))
    assert page.status_code == 200 and student.username in page.content.decode()
    lock = page.context["locks"][0]
    response = teacher.post(reverse("course_admin:locked_logins"), {"id": lock.pk})
    assert response.status_code == 302
    assert not teacher.get(reverse("course_admin:locked_logins")).context["locks"]
    assert _login(client, student.username, PASSWORD).status_code == 302
    assert teacher.post(reverse("course_admin:locked_logins"), {"id": "x"}).status_code == 302


def test_students_cannot_see_or_unlock_locks(client):
    client.force_login(make_student())
    assert client.get(reverse("course_admin:locked_logins")).status_code in (302, 403)
    assert client.post(reverse("course_admin:locked_logins"), {"id": 1}).status_code in (302, 403)


@pytest.mark.parametrize("path", ["/en/certificate/AB%00CD/", "/en/timeline/?category=%00",
                                  "/en/me/%00/"])
def test_a_nul_in_the_address_is_a_400(client, course, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_any_user_name_can_be_recorded_by_the_throttle(client):
    for username in ["x" * 300, "a\x00b", "ş" * 200]:
        response = _login(client, username, "wrong")
        assert response.status_code in (200, 429)


def test_many_user_names_from_one_address_are_throttled_too(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        assert _login(client, f"guess{n}", "wrong", address="10.0.0.9").status_code == 200
    student = make_student()
    locked = _login(client, student.username, PASSWORD, address="10.0.0.9")
    assert locked.status_code == 429
    assert "Too many failed log-ins from your network" in locked.content.decode()
    assert _login(client.__class__(), student.username, PASSWORD, "10.0.0.10").status_code == 302
