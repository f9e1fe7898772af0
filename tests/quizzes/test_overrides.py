"""Grade overrides: an instructor sets a student's quiz grade with a reason; it wins over the
computed grade everywhere (results, progress, the quiz page), is audited, and is reversible."""

from decimal import Decimal

import pytest
from django.urls import reverse

from course.selectors import student_progress
from quizzes import selectors, services
from quizzes.models import AuditEntry, GradeOverride
from tests.factories import (
    enrol,
    make_attempt,
    make_course,
    make_instructor,
    make_lesson,
    make_module,
    make_question,
    make_quiz,
    make_student,
    option_uid,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    course = make_course()
    module = make_module(course)
    lesson = make_lesson(module)
    question = make_question("single")
    quiz = make_quiz(module, questions=[question], pass_mark=60)
    student = make_student()
    enrol(student, course)
    make_attempt(student, quiz, {question: option_uid(question, "Wrong")})
    return {"course": course, "lesson": lesson, "quiz": quiz, "question": question,
            "student": student, "instructor": make_instructor()}


def test_an_override_wins_and_is_audited(setup):
    student, quiz, instructor = setup["student"], setup["quiz"], setup["instructor"]
    assert selectors.quiz_result(student, quiz)["grade"] == Decimal("0.00")
    services.set_grade_override(student, quiz, "65", "Sat the exam orally", by=instructor)
    result = selectors.quiz_result(student, quiz)
    assert result == {"grade": Decimal("65.00"), "passed": True, "attempts": 1}
    assert selectors.quiz_results(student, [quiz])[quiz.pk]["passed"] is True
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.student, entry.quiz) == (
        "override_set", instructor, student, quiz
    )
    assert (entry.old, entry.new, entry.reason) == ("0.00", "65.00", "Sat the exam orally")
    # Changing it updates the one row and records the step.
    services.set_grade_override(student, quiz, 55, "Recounted", by=instructor)
    assert GradeOverride.objects.get().percent == Decimal("55.00")
    last = AuditEntry.objects.first()
    assert (last.old, last.new) == ("65.00", "55.00")
    assert selectors.quiz_result(student, quiz)["passed"] is False


def test_removing_it_brings_the_computed_grade_back(setup):
    student, quiz, instructor = setup["student"], setup["quiz"], setup["instructor"]
    services.set_grade_override(student, quiz, 90, "r", by=instructor)
    assert services.remove_grade_override(student, quiz, by=instructor, reason="Mistake")
    assert not GradeOverride.objects.exists()
    assert selectors.quiz_result(student, quiz)["grade"] == Decimal("0.00")
    entry = AuditEntry.objects.first()
    assert (entry.action, entry.old, entry.new, entry.reason) == (
        "override_removed", "90.00", "0.00", "Mistake"
    )
    assert services.remove_grade_override(student, quiz, by=instructor) is False
    assert AuditEntry.objects.count() == 2


def test_a_passed_override_counts_in_progress(setup):
    student, quiz = setup["student"], setup["quiz"]
    from course.services import set_lesson_complete

    set_lesson_complete(student, setup["lesson"], True)
    assert student_progress(student).complete is False
    services.set_grade_override(student, quiz, 100, "Project instead", by=setup["instructor"])
    progress = student_progress(student)
    assert progress.complete and progress.percent == 100


def test_an_override_without_any_attempt(setup):
    other = make_student()
    services.set_grade_override(other, setup["quiz"], 70, "Transfer credit",
                                by=setup["instructor"])
    assert selectors.quiz_result(other, setup["quiz"]) == {
        "grade": Decimal("70.00"), "passed": True, "attempts": 0
    }


@pytest.mark.parametrize("percent, reason", [("101", "r"), ("-1", "r"), ("x", "r"), ("50", " ")])
def test_the_service_refuses_bad_input(setup, percent, reason):
    with pytest.raises(services.GradingError):
        services.set_grade_override(setup["student"], setup["quiz"], percent, reason,
                                    by=setup["instructor"])
    assert not GradeOverride.objects.exists() and not AuditEntry.objects.exists()


def test_the_student_sees_the_overridden_grade_on_the_quiz_page(client, setup):
    services.set_grade_override(setup["student"], setup["quiz"], 77, "r",
                                by=setup["instructor"])
    client.force_login(setup["student"])
    html = client.get(setup["quiz"].url).content.decode()
    assert "Your grade: 77%" in html and "set by your instructor" in html


# -- the views ---------------------------------------------------------------------------------


def override_url(setup, **query):
    url = reverse("quizzes_admin:override", args=[setup["student"].pk, setup["quiz"].pk])
    return url + ("?next=" + query["next"] if "next" in query else "")


def test_the_override_page_sets_the_grade_and_goes_back(client, setup):
    client.force_login(setup["instructor"])
    back = reverse("course_admin:student", args=[setup["student"].pk])
    html = client.get(override_url(setup)).content.decode()
    assert "Grade from the attempts" in html and "0%" in html
    response = client.post(override_url(setup, next=back),
                           {"percent": "72,5", "reason": "Medical certificate"})
    assert response.status_code == 302 and response["Location"] == back
    override = GradeOverride.objects.get()
    assert (override.percent, override.reason, override.by) == (
        Decimal("72.50"), "Medical certificate", setup["instructor"]
    )
    student_page = client.get(back).content.decode()
    assert "Medical certificate" in student_page and "72.5%" in student_page


@pytest.mark.parametrize(
    "percent, reason, message",
    [
        ("", "why", "Enter the grade."),
        ("abc", "why", "“abc” is not a number"),
        ("100.5", "why", "between 0 and 100"),
        ("-3", "why", "between 0 and 100"),
        ("80", "   ", "Give the reason for the override."),
    ],
)
def test_bad_input_shows_the_form_again(client, setup, percent, reason, message):
    client.force_login(setup["instructor"])
    response = client.post(override_url(setup), {"percent": percent, "reason": reason})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if percent:
        assert f'value="{percent}"' in html
    assert not GradeOverride.objects.exists() and not AuditEntry.objects.exists()


def test_removing_asks_first_then_removes(client, setup):
    services.set_grade_override(setup["student"], setup["quiz"], 90, "r", by=setup["instructor"])
    client.force_login(setup["instructor"])
    url = reverse("quizzes_admin:override_remove", args=[setup["student"].pk, setup["quiz"].pk])
    html = client.get(url).content.decode()
    assert "Yes, remove the override" in html and "0%, applies again" in html
    assert GradeOverride.objects.exists()
    response = client.post(url, {"reason": "Wrong student"})
    assert response.status_code == 302
    assert not GradeOverride.objects.exists()
    assert AuditEntry.objects.first().reason == "Wrong student"
    # Nothing left to remove: back to the override page.
    assert client.get(url)["Location"] == override_url(setup)


def test_the_audit_trail_page(client, setup):
    services.set_grade_override(setup["student"], setup["quiz"], 90, "Because", by=setup[
        "instructor"])
    client.force_login(setup["instructor"])
    html = client.get(reverse("quizzes_admin:audit")).content.decode()
    assert "Grade overridden" in html and "Because" in html and setup["quiz"].title in html
    html = client.get(reverse("quizzes_admin:audit"), {"action": "enrolled"}).content.decode()
    assert "Because" not in html
