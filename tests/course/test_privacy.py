"""Privacy: a student's data as JSON, the deletion request, and deleting a student leaves no
row that names them (every text column of every table is searched)."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from course import privacy
from course.models import Accommodation, Cohort, CohortMember, Notice, StudentProfile
from quizzes import services
from quizzes.models import AuditEntry
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

NAMES = ("zhanargul", "Zhanargul", "Oraztayeva", "zhanargul@example.org")


@pytest.fixture
def student_with_data(client):
    course = make_course()
    essay = make_question("essay", points=5)
    quiz = make_quiz(questions=[essay])
    student = make_student("zhanargul", first_name="Zhanargul", last_name="Oraztayeva")
    enrol(student, course)
    cohort = Cohort.objects.create(course=course, name="A", term="2027")
    CohortMember.objects.create(cohort=cohort, user=student)
    StudentProfile.objects.create(user=student, language="kk", student_number="KZ-77")
    teacher = make_instructor("teacher")
    attempt = make_attempt(student, quiz, {essay: "My essay on Yassawi."})
    services.mark_answer(attempt.answers.get(), "3", "ok", by=teacher)
    services.set_grade_override(student, quiz, "90", "Zhanargul Oraztayeva appealed",
                                by=teacher)
    Accommodation.objects.create(quiz=quiz, user=student, reason="plan", extra_percent=50)
    client.force_login(student)
    client.get("/en/me/")  # a session in the database
    return student, teacher, quiz


def test_the_student_downloads_everything_as_readable_json(client, student_with_data):
    student, _teacher, quiz = student_with_data
    response = client.get("/en/me/account/data.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content.decode("utf-8"))
    assert data["account"]["email"] == student.email
    assert data["profile"]["student_number"] == "KZ-77"
    assert data["cohorts"][0]["cohort"] == "A"
    assert data["attempts"][0]["answers"][0]["response"] == "My essay on Yassawi."
    assert data["grade_overrides"][0]["percent"] == "90.00"
    assert data["accommodations"][0]["extra_percent"] == 50
    assert {e["action"] for e in data["audit_trail"]} >= {"answer_graded", "override_set"}
    assert "  " in response.content.decode()  # indented: readable


def test_a_student_only_gets_their_own_data(client, student_with_data):
    other = make_student("other")
    client.force_login(other)
    data = client.get("/en/me/account/data.json").json()
    assert data["account"]["username"] == "other" and data["attempts"] == []


def test_the_deletion_request_is_shown_to_instructors(client, student_with_data):
    student, teacher, _quiz = student_with_data
    client.post("/en/me/account/delete/")
    assert StudentProfile.objects.get(user=student).deletion_requested_at is not None
    client.force_login(teacher)
    page = client.get(reverse("course_admin:invitations")).content.decode()
    assert reverse("course_admin:delete_student", args=[student.pk]) in page


def rows_naming(words) -> list:
    """Every (model, pk, field) whose text contains one of ``words``."""
    found = []
    for model in apps.get_models():
        text_fields = [f for f in model._meta.concrete_fields
                       if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        for obj in model._default_manager.all():
            for f in text_fields:
                value = json.dumps(getattr(obj, f.attname), ensure_ascii=False, default=str)
                if any(w.lower() in value.lower() for w in words):
                    found.append((model.__name__, obj.pk, f.name))
    return found


def test_deleting_a_student_leaves_no_row_that_names_them(client, student_with_data):
    student, teacher, quiz = student_with_data
    assert rows_naming(NAMES)  # the search finds them before
    client.force_login(teacher)
    response = client.post(reverse("course_admin:delete_student", args=[student.pk]),
                           {"reason": "requested"})
    assert response.status_code == 302
    assert rows_naming(NAMES) == []
    # The facts stay: the override and the mark are still in the audit trail, anonymous.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"answer_graded", "override_set", "student_deleted"} <= actions
    assert not AuditEntry.objects.exclude(student=None).exists()
    assert "[deleted] appealed" in AuditEntry.objects.get(action="override_set").reason
    assert not Notice.objects.exists()


def test_an_instructor_cannot_be_deleted_there(client, student_with_data):
    _student, teacher, _quiz = student_with_data
    other = make_instructor("colleague")
    client.force_login(teacher)
    client.post(reverse("course_admin:delete_student", args=[other.pk]), {"reason": ""})
    other.refresh_from_db()
    assert other.pk


def test_delete_service_audits_without_naming(student_with_data):
    student, teacher, _quiz = student_with_data
    privacy.delete_student(student, by=teacher)
    entry = AuditEntry.objects.get(action="student_deleted")
    assert entry.student is None and entry.actor == teacher and entry.old == entry.new == ""


def test_the_download_has_log_ins_and_the_memory_trainer(client, student_with_data):
    from axes.models import AccessLog
    from django.utils import timezone

    from practice.models import PracticeSettings, Review

    student, _teacher, _quiz = student_with_data
    AccessLog.objects.create(username="zhanargul", ip_address="10.1.2.3", user_agent="Firefox")
    PracticeSettings.objects.create(user=student, daily_goal=30)
    Review.objects.create(user=student, card_id="year:recognition", rating=3, state_before=0,
                          reviewed_at=timezone.now(), day=timezone.localdate())  # fmt: skip
    data = json.loads(client.get("/en/me/account/data.json").content.decode("utf-8"))
    assert any(
        {"kind": "accesslog", "address": "10.1.2.3", "browser": "Firefox"}.items() <= r.items()
        for r in data["log_ins"]
    )
    assert data["memory_trainer"]["daily_goal"] == 30
    assert data["memory_trainer"]["reviews"][0]["card"] == "year:recognition"
