"""Accommodations and cohort dates: who gets which terms, and a running attempt moves at once."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from course import accommodations
from course.models import Accommodation, Cohort, CohortMember
from quizzes import services
from quizzes.models import AuditEntry
from tests.factories import (
    enrol,
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
MOMENT = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def room():
    course = make_course()
    quiz = make_quiz(questions=[make_question("single")], time_limit_minutes=30,
                     attempts_allowed=1)
    student = make_student("aliya")
    enrol(student, course)
    cohort = Cohort.objects.create(course=course, name="B", term="Spring 2027")
    return course, quiz, student, cohort


def give(quiz, *, by=None, **fields):
    row = Accommodation(quiz=quiz, reason=fields.pop("reason", "medical note"), **fields)
    return accommodations.save_accommodation(row, by=by or make_instructor())


def test_without_accommodation_the_quiz_terms_apply(room):
    _course, quiz, student, _cohort = room
    terms = services.quiz_terms(student, quiz)
    assert (terms.time_limit_minutes, terms.attempts_allowed) == (30, 1)


def test_extra_time_in_percent_and_minutes_and_extra_attempts(room):
    _course, quiz, student, _cohort = room
    give(quiz, user=student, extra_percent=50, extra_attempts=2)
    terms = services.quiz_terms(student, quiz)
    assert (terms.time_limit_minutes, terms.attempts_allowed) == (45, 3)
    row = Accommodation.objects.get(user=student)
    row.extra_percent, row.extra_minutes = 0, 10
    accommodations.save_accommodation(row, by=make_instructor())
    assert services.quiz_terms(student, quiz).time_limit_minutes == 40


def test_a_cohort_gets_its_own_dates_and_the_student_own_row_wins(room):
    _course, quiz, student, cohort = room
    CohortMember.objects.create(cohort=cohort, user=student)
    closes = timezone.now() + datetime.timedelta(days=3)
    give(quiz, cohort=cohort, closes_at=closes, extra_minutes=5)
    terms = services.quiz_terms(student, quiz)
    assert terms.closes_at == closes and terms.time_limit_minutes == 35
    own_close = closes + datetime.timedelta(days=1)
    give(quiz, user=student, closes_at=own_close)
    terms = services.quiz_terms(student, quiz)
    assert terms.closes_at == own_close and terms.time_limit_minutes == 35
    other = make_student()
    assert services.quiz_terms(other, quiz).closes_at is None


def test_a_closed_quiz_opens_for_a_student_with_other_dates(room):
    _course, quiz, student, _cohort = room
    quiz.closes_at = timezone.now() - datetime.timedelta(hours=1)
    quiz.opens_at = timezone.now() - datetime.timedelta(days=2)
    quiz.save()
    with pytest.raises(services.QuizUnavailable):
        services.start_attempt(student, quiz)
    give(quiz, user=student, closes_at=timezone.now() + datetime.timedelta(days=1))
    attempt = services.start_attempt(student, quiz)
    assert attempt.is_open


def test_extra_attempts_allow_another_start(room):
    _course, quiz, student, _cohort = room
    services.submit_attempt(services.start_attempt(student, quiz))
    with pytest.raises(services.QuizUnavailable):
        services.start_attempt(student, quiz)
    give(quiz, user=student, extra_attempts=1)
    assert services.start_attempt(student, quiz).number == 2


def test_extra_time_given_during_an_attempt_moves_its_deadline_at_once(room, client):
    _course, quiz, student, _cohort = room
    attempt = services.start_attempt(student, quiz)
    before = attempt.deadline
    assert before == attempt.started_at + datetime.timedelta(minutes=30)
    give(quiz, user=student, extra_percent=50)
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=45)
    # The page's autosave (which the countdown listens to) reports the new deadline.
    client.force_login(student)
    response = client.post(reverse("quizzes:autosave", args=[attempt.pk]),
                           data={"answers": {}}, content_type="application/json")
    assert response.json()["deadline"] == attempt.deadline.isoformat()


def test_removing_restores_the_quiz_terms_and_is_audited(room):
    _course, quiz, student, _cohort = room
    teacher = make_instructor("teacher")
    attempt = services.start_attempt(student, quiz)
    row = give(quiz, user=student, extra_minutes=20, by=teacher, reason="injured hand")
    accommodations.remove_accommodation(row, by=teacher, reason="ended")
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=30)
    entries = list(AuditEntry.objects.filter(student=student).order_by("pk"))
    assert [e.action for e in entries] == ["accommodation_set", "accommodation_rm"]
    assert entries[0].actor == teacher and entries[0].reason == "injured hand"
    assert "+20 min" in entries[0].new


def test_a_cohort_accommodation_moves_every_member_running_attempt(room):
    _course, quiz, student, cohort = room
    CohortMember.objects.create(cohort=cohort, user=student)
    attempt = services.start_attempt(student, quiz)
    give(quiz, cohort=cohort, extra_minutes=15)
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=45)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "__all__"),  # neither a student nor a cohort
        ({"reason": " "}, "reason"),
        ({"opens_at": MOMENT, "closes_at": MOMENT}, "closes_at"),
        ({"extra_percent": 500}, "extra_percent"),
    ],
)
def test_bad_accommodations_are_refused_with_a_message(room, fields, field):
    from django.core.exceptions import ValidationError

    _course, quiz, student, _cohort = room
    if field != "__all__":
        fields = {"user": student, **fields}
    with pytest.raises(ValidationError) as error:
        give(quiz, **fields)
    assert field in error.value.message_dict


def test_the_database_refuses_a_row_for_both_a_student_and_a_cohort(room):
    _course, quiz, student, cohort = room
    with pytest.raises(IntegrityError), transaction.atomic():
        Accommodation.objects.create(quiz=quiz, user=student, cohort=cohort, reason="x")


def test_the_student_sees_their_own_time_on_the_quiz_page(room, client):
    _course, quiz, student, _cohort = room
    give(quiz, user=student, extra_percent=50)
    client.force_login(student)
    response = client.get(quiz.url)
    assert response.context["quiz_rules"]["time_limit"] == 45


def test_the_admin_snippet_form_audits_and_applies(room, client):
    _course, quiz, student, _cohort = room
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-1234-xyz")
    client.force_login(admin)
    attempt = services.start_attempt(student, quiz)
    response = client.post("/admin/snippets/course/accommodation/add/", {
        "quiz": quiz.pk, "user": student.pk, "cohort": "", "extra_minutes": "0",
        "extra_percent": "50", "extra_attempts": "0", "opens_at": "", "closes_at": "",
        "reason": "Learning support plan",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=45)
    entry = AuditEntry.objects.get(action="accommodation_set")
    assert entry.actor == admin and entry.reason == "Learning support plan"
    row = Accommodation.objects.get()
    assert row.by == admin
    response = client.post(f"/admin/snippets/course/accommodation/delete/{row.pk}/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="accommodation_rm").exists()
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=30)


def test_a_module_available_later_to_a_cohort_opens_its_quiz_then(room):
    from course.models import CohortModuleDates

    _course, quiz, student, cohort = room
    CohortMember.objects.create(cohort=cohort, user=student)
    later = timezone.now() + datetime.timedelta(days=7)
    CohortModuleDates.objects.create(cohort=cohort, module=quiz.get_parent().specific,
                                     available_from=later)
    assert services.quiz_terms(student, quiz).opens_at == later
    with pytest.raises(services.QuizUnavailable) as error:
        services.start_attempt(student, quiz)
    assert "not open yet" in str(error.value)
    assert services.quiz_terms(make_student(), quiz).opens_at is None
