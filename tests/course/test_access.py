"""The course decides who may start a quiz: enrolled students and instructors."""

import pytest

from course import access
from course.models import Enrolment
from quizzes.models import Attempt
from tests.factories import make_course, make_instructor, make_question, make_quiz, make_student

pytestmark = pytest.mark.django_db


def test_can_start_quiz_rule():
    course = make_course()
    quiz = make_quiz(questions=[make_question()])
    student = make_student()
    assert not access.can_start_quiz(student, quiz)
    Enrolment.objects.create(user=student, course=course)
    assert access.can_start_quiz(student, quiz)
    assert access.can_start_quiz(make_instructor(), quiz)


def test_an_unenrolled_student_is_told_to_enrol(client):
    make_course()
    quiz = make_quiz(questions=[make_question()])
    student = make_student()
    client.force_login(student)
    response = client.post(f"/en/quiz/{quiz.pk}/start/", follow=True)
    assert Attempt.objects.count() == 0
    assert "Enrol in the course" in response.content.decode()
    client.post("/en/enrol/")
    client.post(f"/en/quiz/{quiz.pk}/start/")
    assert Attempt.objects.filter(user=student).count() == 1
