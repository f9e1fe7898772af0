"""Notices: essay marked and grade overridden (on the site and by e-mail, in the reader's
language), quiz closing within 24 hours (once, not when finished, not when switched off)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from course import notices
from course.models import Accommodation, Notice, StudentProfile
from quizzes import services
from quizzes.models import Answer
from tests.factories import (
    enrol,
    make_attempt,
    make_course,
    make_instructor,
    make_question,
    make_quiz,
    make_student,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def test_an_essay_marked_tells_the_student_once_by_notice_and_mail(
    client, django_capture_on_commit_callbacks
):
    make_course()
    essay = make_question("essay", points=5)
    quiz = make_quiz(questions=[essay])
    student = make_student("aliya")
    StudentProfile.objects.create(user=student, language="ru")
    attempt = make_attempt(student, quiz, {essay: "An answer about 1991."})
    answer = Answer.objects.get(attempt=attempt)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answer(answer, "4", "Good", by=make_instructor())
        services.mark_answer(answer, "5", "Better", by=make_instructor())
    assert Notice.objects.filter(user=student, kind="essay_marked").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [student.email]
    assert "оценен" in mail.outbox[0].subject  # written in Russian
    client.force_login(student)
    page = client.get("/en/me/notices/").content.decode()
    assert quiz.title in page and "marked" in page
    assert Notice.objects.get(user=student).read_at is not None


def test_a_grade_override_tells_the_student(django_capture_on_commit_callbacks):
    make_course()
    quiz = make_quiz(questions=[make_question("single")])
    student = make_student()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_grade_override(student, quiz, "80", "Appeal upheld", by=make_instructor())
    assert Notice.objects.filter(user=student, kind="grade_overridden").exists()
    assert len(mail.outbox) == 1


@pytest.fixture
def closing():
    course = make_course()
    now = timezone.now()
    quiz = make_quiz(questions=[make_question("single")],
                     closes_at=now + datetime.timedelta(hours=10))
    student = make_student("aliya")
    enrol(student, course)
    return quiz, student


def test_a_quiz_closing_within_24_hours_reminds_once(closing):
    quiz, student = closing
    assert notices.closing_reminders() == 1
    assert notices.closing_reminders() == 0  # not twice
    assert mail.outbox[0].to == [student.email] and quiz.title in mail.outbox[0].subject


def test_no_reminder_once_submitted_or_switched_off(closing):
    quiz, student = closing
    make_attempt(student, quiz)
    assert notices.closing_reminders() == 0
    other = make_student()
    enrol(other)
    StudentProfile.objects.create(user=other, reminders=False)
    assert notices.closing_reminders() == 0
    assert mail.outbox == []


def test_the_reminder_follows_the_student_own_dates(closing):
    quiz, student = closing
    Accommodation.objects.create(quiz=quiz, user=student, reason="x",
                                 closes_at=timezone.now() + datetime.timedelta(days=3))
    assert notices.closing_reminders() == 0


def test_the_command_and_the_celery_task_send_them(closing):
    from course.tasks import send_closing_reminders

    call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert send_closing_reminders.delay().get() == 0  # eager: ran in this process


def test_switching_reminders_off_on_the_account_page(client, closing):
    _quiz, student = closing
    client.force_login(student)
    client.post("/en/me/account/", {"language": "en"})  # the box unticked
    assert StudentProfile.objects.get(user=student).reminders is False
    assert notices.closing_reminders() == 0
