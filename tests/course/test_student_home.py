"""The student's home page: progress bars, next step, quiz results, certificate."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from course import selectors
from course.models import Certificate, Enrolment, LessonCompletion
from quizzes.models import Attempt
from tests.factories import make_course, make_lesson, make_module, make_quiz, make_student

pytestmark = pytest.mark.django_db


def build(modules=2, lessons=2):
    course = make_course()
    structure = []
    for _ in range(modules):
        module = make_module(course)
        module_lessons = [make_lesson(module) for _ in range(lessons)]
        quiz = make_quiz(module, pass_mark=60, attempts_allowed=3)
        structure.append((module, module_lessons, quiz))
    final = make_quiz(course, title="Final exam", pass_mark=60)
    return course, structure, final


def graded(user, quiz, percent, number=1):
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=number,
        state="submitted",
        score=Decimal(percent),
        max_score=Decimal(100),
    )


def test_progress_follows_completions_and_quiz_passes():
    course, structure, final = build()
    student = make_student()
    Enrolment.objects.create(user=student, course=course)
    (module1, lessons1, quiz1), (module2, lessons2, quiz2) = structure

    progress = selectors.student_progress(student)
    assert progress.items == 7 and progress.items_done == 0
    assert progress.next_item.pk == lessons1[0].pk

    for lesson in lessons1:
        LessonCompletion.objects.create(user=student, lesson=lesson)
    graded(student, quiz1, 50)  # below the pass mark
    progress = selectors.student_progress(student)
    assert not progress.modules[0].complete
    assert progress.next_item.pk == quiz1.pk

    graded(student, quiz1, 80, number=2)  # highest counts
    progress = selectors.student_progress(student)
    assert progress.modules[0].complete
    assert progress.modules[0].percent == 100
    assert progress.percent == round(100 * 3 / 7)
    assert progress.next_item.pk == lessons2[0].pk
    assert [item.pk for item in progress.remaining] == [
        lessons2[0].pk,
        lessons2[1].pk,
        quiz2.pk,
        final.pk,
    ]


def test_student_progress_queries_do_not_grow():
    def count(modules, lessons):
        course, structure, final = build(modules, lessons)
        student = make_student()
        Enrolment.objects.create(user=student, course=course)
        for _module, module_lessons, quiz in structure:
            LessonCompletion.objects.create(user=student, lesson=module_lessons[0])
            graded(student, quiz, 70)
        with CaptureQueriesContext(connection) as captured:
            selectors.student_progress(student)
        return len(captured.captured_queries)

    small = count(1, 2)
    from wagtail.models import Page

    Page.objects.filter(depth__gt=1).delete()
    large = count(5, 4)
    assert small == large <= 7


def test_home_page_shows_bars_next_step_and_results(client):
    course, structure, final = build()
    student = make_student()
    client.force_login(student)
    html = client.get("/en/me/").content.decode()
    assert "Enrol in the course" in html
    Enrolment.objects.create(user=student, course=course)
    graded(student, structure[0][2], 90)
    html = client.get("/en/me/").content.decode()
    assert "<progress" in html
    assert "Continue where you left off" in html
    assert "best grade 90%" in html
    assert "1 of 3 attempts used" in html


def test_certificate_only_after_completion_and_verifiable(client):
    course, structure, final = build(modules=1, lessons=1)
    student = make_student(first_name="Aigerim", last_name="Sadykova")
    Enrolment.objects.create(user=student, course=course)
    client.force_login(student)
    response = client.get("/en/me/certificate/")
    assert response.status_code == 302
    assert not Certificate.objects.exists()

    (_module, lessons, quiz) = structure[0]
    LessonCompletion.objects.create(user=student, lesson=lessons[0])
    graded(student, quiz, 100)
    graded(student, final, 75)
    response = client.get("/en/me/certificate/")
    assert response.status_code == 200
    certificate = Certificate.objects.get(user=student)
    assert "Aigerim Sadykova" in response.content.decode()
    assert certificate.code in response.content.decode()
    client.get("/en/me/certificate/")
    assert Certificate.objects.count() == 1  # issued once

    client.logout()
    response = client.get(f"/ru/certificate/{certificate.code}/")
    assert response.status_code == 200
    assert "Aigerim Sadykova" in response.content.decode()
    response = client.get("/en/certificate/XXXX-0000-YYYY/")
    assert response.status_code == 404
    assert "No certificate has the code" in response.content.decode()


def test_certificate_page_needs_login(client):
    make_course()
    response = client.get("/en/me/certificate/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_open_attempt_is_not_reported_as_not_taken(client):
    course, structure, final = build(modules=1, lessons=1)
    student = make_student()
    Enrolment.objects.create(user=student, course=course)
    Attempt.objects.create(user=student, quiz=structure[0][2], number=1)  # in progress
    client.force_login(student)
    html = client.get("/en/me/").content.decode()
    assert "no grade yet (attempt open or waiting for marking)" in html
    assert "1 of 3 attempts used" in html


def test_a_finished_student_is_told_so_with_the_certificate_not_to_continue(client):
    course, structure, final = build(modules=1, lessons=1)
    student = make_student()
    Enrolment.objects.create(user=student, course=course)
    for _module, lessons, quiz in structure:
        for lesson in lessons:
            LessonCompletion.objects.create(user=student, lesson=lesson)
        graded(student, quiz, 100)
    graded(student, final, 100)
    client.force_login(student)
    with translation.override("en"):
        course_url = course.url
    for path in ("/en/me/", course_url, course_url + "?utm_source=mail"):
        html = client.get(path).content.decode()
        assert "You have completed the course." in html, path
        assert 'href="/en/me/certificate/"' in html, path
        assert "Continue where you left off" not in html, path
