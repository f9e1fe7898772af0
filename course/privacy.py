"""Privacy: everything the site holds about a student, as readable JSON, and their deletion.

``export(user)`` gathers every row that names the student; ``delete_student`` removes them with
their data. Audit entries keep the fact (what was done, when, by whom, to which quiz) and lose
the person: their link is cleared and their name, username and e-mail are struck from the
reasons. The deletion itself is audited without naming anyone.
"""

import re

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from quizzes.choices import STUDENT_DELETED
from quizzes.models import Attempt, AuditEntry, GradeOverride
from quizzes.services import audit

from .models import (
    Accommodation,
    Certificate,
    CohortMember,
    Enrolment,
    Invitation,
    LessonCompletion,
    Notice,
    StudentProfile,
)

REMOVED = "[deleted]"


def _when(value):
    return value.isoformat() if value else None


def _login_records(user) -> list:
    """The log-in records of django-axes (course/security.py) that carry ``user``'s user name:
    successful log-ins, failures and running lock-outs."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    name = user.get_username()
    return [
        model.objects.filter(username__iexact=name)
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    ]


def _practice(user) -> dict:
    """The memory trainer's schedule, reviews and daily goal (practice/)."""
    from practice.models import CardState, PracticeSettings, Review

    goal = PracticeSettings.objects.filter(user=user).values_list("daily_goal", flat=True).first()
    return {
        "daily_goal": goal,
        "cards": [
            {"card": c.card_id, "due": _when(c.due), "last_review": _when(c.last_review)}
            for c in CardState.objects.filter(user=user).order_by("card_id")
        ],
        "reviews": [
            {"card": r.card_id, "rating": r.rating, "at": _when(r.reviewed_at)}
            for r in Review.objects.filter(user=user).order_by("reviewed_at")
        ],
    }


def export(user) -> dict:
    """Everything stored about ``user``, in plain JSON-ready values."""
    profile = StudentProfile.objects.filter(user=user).first()
    invitation = Invitation.objects.filter(user=user).first()
    attempts = (
        Attempt.objects.filter(user=user).select_related("quiz").prefetch_related("answers")
        .order_by("quiz_id", "number")
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_active": user.is_active,
        },
        "profile": {
            "language": profile.language if profile else "",
            "student_number": profile.student_number if profile else "",
            "reminders": profile.reminders if profile else True,
            "deletion_requested_at": _when(profile.deletion_requested_at) if profile else None,
        },
        "invitation": invitation and {
            "sent_at": _when(invitation.sent_at),
            "accepted_at": _when(invitation.accepted_at),
            "times_sent": invitation.times_sent,
        },
        "enrolments": [
            {"course": e.course.title, "since": _when(e.created_at)}
            for e in Enrolment.objects.filter(user=user).select_related("course")
        ],
        "cohorts": [
            {"cohort": m.cohort.name, "term": m.cohort.term, "since": _when(m.joined_at)}
            for m in CohortMember.objects.filter(user=user).select_related("cohort")
        ],
        "log_ins": [
            {
                "kind": records.model._meta.model_name,
                "at": _when(r.attempt_time),
                "address": r.ip_address,
                "browser": r.user_agent,
            }
            for records in _login_records(user)
            for r in records
        ],
        "memory_trainer": _practice(user),
        "lessons_completed": [
            {"lesson": c.lesson_id, "at": _when(c.completed_at)}
            for c in LessonCompletion.objects.filter(user=user)
        ],
        "attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "state": a.state,
                "language": a.language,
                "started_at": _when(a.started_at),
                "submitted_at": _when(a.submitted_at),
                "score": str(a.score) if a.score is not None else None,
                "max_score": str(a.max_score) if a.max_score is not None else None,
                "answers": [
                    {
                        "question": answer.question_id,
                        "response": answer.response,
                        "marks": str(answer.marks) if answer.marks is not None else None,
                        "feedback": answer.feedback,
                        "saved_at": _when(answer.saved_at),
                    }
                    for answer in a.answers.all()
                ],
            }
            for a in attempts
        ],
        "grade_overrides": [
            {"quiz": o.quiz.title, "percent": str(o.percent), "reason": o.reason,
             "at": _when(o.at)}
            for o in GradeOverride.objects.filter(user=user).select_related("quiz")
        ],
        "accommodations": [
            {"quiz": a.quiz.title, "extra_minutes": a.extra_minutes,
             "extra_percent": a.extra_percent, "extra_attempts": a.extra_attempts,
             "opens_at": _when(a.opens_at), "closes_at": _when(a.closes_at),
             "reason": a.reason, "at": _when(a.at)}
            for a in Accommodation.objects.filter(user=user).select_related("quiz")
        ],
        "certificates": [
            {"code": c.code, "holder_name": c.holder_name, "issued_at": _when(c.issued_at)}
            for c in Certificate.objects.filter(user=user)
        ],
        "notices": [
            {"kind": n.kind, "quiz": n.quiz.title if n.quiz_id else None,
             "created_at": _when(n.created_at), "read_at": _when(n.read_at)}
            for n in Notice.objects.filter(user=user).select_related("quiz")
        ],
        "audit_trail": [
            {"action": e.action, "quiz": e.quiz.title if e.quiz_id else None,
             "before": e.old, "after": e.new, "reason": e.reason, "at": _when(e.at)}
            for e in AuditEntry.objects.filter(student=user).select_related("quiz")
        ],
    }


def request_deletion(user) -> None:
    """The student asks for their account to be deleted (instructors see the request)."""
    profile, _created = StudentProfile.objects.get_or_create(user=user)
    if profile.deletion_requested_at is None:
        profile.deletion_requested_at = timezone.now()
        profile.save(update_fields=["deletion_requested_at"])


def _identifiers(user) -> list[str]:
    names = {user.get_username(), user.email, user.get_full_name(), user.first_name,
             user.last_name}
    return sorted((n for n in names if n and len(n) >= 3), key=len, reverse=True)


def delete_student(user, *, by) -> None:
    """Delete ``user`` and everything that names them; the audit trail keeps the facts."""
    with transaction.atomic():
        words = _identifiers(user)
        pattern = None
        if words:
            pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        for entry in AuditEntry.objects.filter(student=user):
            entry.student = None
            if pattern:
                entry.reason = pattern.sub(REMOVED, entry.reason)
            entry.save(update_fields=["student", "reason"])
        if pattern:
            for entry in AuditEntry.objects.filter(actor=user):
                entry.actor = None
                entry.reason = pattern.sub(REMOVED, entry.reason)
                entry.save(update_fields=["actor", "reason"])
        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                session.delete()
        for records in _login_records(user):
            records.delete()
        user.delete()  # cascades: profile, enrolments, cohorts, attempts, answers, notices, ...
        audit(by, STUDENT_DELETED)
