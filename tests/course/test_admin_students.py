"""The instructors' Students pages: list, enrol (search by username or e-mail), remove an
enrolment, reset a student's attempts at a quiz. Each asks first (GET) and acts on POST, and
each is audited. Students cannot get in."""

import pytest
from django.urls import reverse

from course.models import Enrolment
from quizzes.models import Answer, Attempt, AuditEntry, GradeOverride
from tests.factories import (
    enrol,
    make_attempt,
    make_course,
    make_instructor,
    make_module,
    make_question,
    make_quiz,
    make_student,
    make_user,
    option_uid,
)

pytestmark = pytest.mark.django_db

STUDENTS = "/admin/students/"


@pytest.fixture
def course():
    return make_course()


@pytest.fixture
def instructor(client):
    user = make_instructor()
    client.force_login(user)
    return user


def test_the_list_shows_enrolled_students_progress_and_the_self_enrolment_setting(
    client, course, instructor
):
    enrolled = make_student("aliya", first_name="Aliya", last_name="Nurova")
    enrol(enrolled, course)
    make_student("outsider")
    html = client.get(STUDENTS).content.decode()
    assert "Aliya Nurova" in html and "aliya@example.org" in html
    assert "outsider" not in html
    assert "Self-enrolment is open" in html
    assert reverse("wagtailadmin_pages:edit", args=[course.pk]) + "#tab-settings" in html
    assert reverse("course_admin:unenrol", args=[enrolled.pk]) in html
    assert reverse("course_admin:reset", args=[enrolled.pk]) in html
    course.self_enrolment = False
    course.save()
    assert "Self-enrolment is closed" in client.get(STUDENTS).content.decode()
    assert "Aliya" in client.get(STUDENTS, {"q": "nurova"}).content.decode()
    assert "Aliya" not in client.get(STUDENTS, {"q": "zzz"}).content.decode()


def test_enrol_by_username_or_email_after_confirming(client, course, instructor):
    course.self_enrolment = False  # instructors enrol whatever the setting
    course.save()
    newcomer = make_user("berik", group=None)
    newcomer.email = "berik.s@uni.example"
    newcomer.save()
    html = client.get(reverse("course_admin:enrol"), {"q": "uni.example"}).content.decode()
    assert "berik" in html
    confirm = reverse("course_admin:enrol_confirm", args=[newcomer.pk])
    assert confirm in html
    assert "berik" in client.get(reverse("course_admin:enrol"), {"q": "BERIK"}).content.decode()
    html = client.get(confirm).content.decode()
    assert "Yes, enrol" in html
    assert not Enrolment.objects.exists()  # asking changes nothing
    response = client.post(confirm, {"reason": "Late registration"})
    assert response.status_code == 302 and response["Location"] == STUDENTS
    assert Enrolment.objects.filter(user=newcomer, course=course).exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.student, entry.reason) == (
        "enrolled", instructor, newcomer, "Late registration"
    )
    # Again: nothing more happens, and the search says so.
    client.post(confirm)
    assert Enrolment.objects.count() == 1 and AuditEntry.objects.count() == 1
    html = client.get(reverse("course_admin:enrol"), {"q": "berik"}).content.decode()
    assert ">enrolled<" in html


def test_remove_an_enrolment_after_confirming(client, course, instructor):
    student = make_student()
    enrol(student, course)
    quiz = make_quiz(make_module(course), questions=[make_question()])
    make_attempt(student, quiz, {})
    url = reverse("course_admin:unenrol", args=[student.pk])
    assert "Yes, remove" in client.get(url).content.decode()
    assert Enrolment.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Enrolment.objects.exists()
    assert Attempt.objects.filter(user=student).exists()  # their work is kept
    assert AuditEntry.objects.get().action == "unenrolled"
    assert "No student is enrolled yet." in client.get("/admin/gradebook/").content.decode()


def test_reset_a_students_attempts_at_a_quiz(client, course, instructor):
    student = make_student()
    enrol(student, course)
    question = make_question("single")
    quiz = make_quiz(make_module(course), questions=[question], attempts_allowed=2)
    other_quiz = make_quiz(make_module(course), questions=[question])
    for target in (quiz, quiz, other_quiz):
        make_attempt(student, target, {question: option_uid(question, "Right")})
    GradeOverride.objects.create(user=student, quiz=quiz, percent=40, reason="r")
    choose = client.get(reverse("course_admin:reset", args=[student.pk])).content.decode()
    url = reverse("course_admin:reset_confirm", args=[student.pk, quiz.pk])
    assert url in choose and quiz.title in choose
    html = client.get(url).content.decode()
    assert "Delete all 2 attempts" in html
    assert Attempt.objects.filter(user=student, quiz=quiz).count() == 2
    back = reverse("course_admin:student", args=[student.pk])
    response = client.post(f"{url}?next={back}", {"reason": "Power cut during the exam"})
    assert response["Location"] == back
    assert not Attempt.objects.filter(user=student, quiz=quiz).exists()
    assert not Answer.objects.filter(attempt__quiz=quiz).exists()
    assert Attempt.objects.filter(user=student, quiz=other_quiz).count() == 1
    assert GradeOverride.objects.filter(user=student, quiz=quiz).exists()  # kept
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.quiz, entry.old, entry.new, entry.reason) == (
        "attempts_reset", quiz, "2", "0", "Power cut during the exam"
    )
    # The student can start afresh (attempts allowed: 2).
    from quizzes.services import start_attempt

    assert start_attempt(student, quiz).number == 1


def test_an_offsite_next_is_ignored(client, course, instructor):
    student = make_student()
    url = reverse("course_admin:enrol_confirm", args=[student.pk])
    html = client.get(url + "?next=https://evil.example/").content.decode()
    assert "evil.example" not in html
    response = client.post(url + "?next=https://evil.example/")
    assert response["Location"] == STUDENTS


def test_students_and_anonymous_users_cannot_manage_students(client, course):
    student = make_student()
    enrol(student, course)
    quiz = make_quiz(make_module(course), questions=[make_question()])
    make_attempt(student, quiz, {})
    urls = [
        STUDENTS,
        reverse("course_admin:enrol") + "?q=x",
        reverse("course_admin:enrol_confirm", args=[student.pk]),
        reverse("course_admin:unenrol", args=[student.pk]),
        reverse("course_admin:reset", args=[student.pk]),
        reverse("course_admin:reset_confirm", args=[student.pk, quiz.pk]),
    ]
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    client.force_login(student)
    for url in urls:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 403), url
            assert response.get("Location", "/admin/login/").startswith("/admin/login/"), url
    assert Enrolment.objects.filter(user=student).exists()
    assert Attempt.objects.filter(user=student).exists()
    assert not AuditEntry.objects.exists()


def test_the_students_list_without_a_course(client):
    client.force_login(make_instructor())
    response = client.get(STUDENTS)
    assert response.status_code == 302 and response["Location"] == "/admin/"
