"""Writes of the course app: enrolment and lesson completion. Views call these, nothing else writes.

Each write that an instructor makes on a student's behalf is recorded in the audit trail (added
with the gradebook); a student's own clicks are not audited.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from quizzes.choices import ENROLLED, UNENROLLED
from quizzes.services import audit

from .models import CoursePage, Enrolment, LessonCompletion


def enrol(user, course: CoursePage, *, by_instructor: bool = False) -> Enrolment:
    """Enrol ``user``; self-enrolment only while the course allows it. Idempotent."""
    if not by_instructor and not course.self_enrolment:
        raise PermissionDenied("Self-enrolment is closed for this course.")
    try:
        with transaction.atomic():
            enrolment, _ = Enrolment.objects.get_or_create(user=user, course=course)
    except IntegrityError:  # a simultaneous request created it
        enrolment = Enrolment.objects.get(user=user, course=course)
    return enrolment


def set_lesson_complete(user, lesson, complete: bool) -> bool:
    """Mark a lesson complete (or undo it). Idempotent; returns the new state."""
    if complete:
        try:
            with transaction.atomic():
                LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
        except IntegrityError:
            pass
    else:
        LessonCompletion.objects.filter(user=user, lesson=lesson).delete()
    return complete


def issue_certificate(user, course: CoursePage):
    """The student's certificate for ``course`` (created once; the caller checks completion)."""
    import secrets

    from .models import Certificate

    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    raw = secrets.token_hex(6).upper()
    code = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    name = user.get_full_name() or user.get_username()
    try:
        with transaction.atomic():
            return Certificate.objects.create(user=user, course=course, code=code, holder_name=name)
    except IntegrityError:  # a simultaneous request issued it
        return Certificate.objects.get(user=user, course=course)


def enrol_student(user, course: CoursePage, *, by, reason: str = "") -> tuple[Enrolment, bool]:
    """An instructor enrols ``user`` (whatever the self-enrolment setting); audited when new.

    Returns (enrolment, created).
    """
    with transaction.atomic():
        existed = Enrolment.objects.filter(user=user, course=course).exists()
        enrolment = enrol(user, course, by_instructor=True)
        if not existed:
            audit(by, ENROLLED, student=user, old="", new=course.pk, reason=reason)
    return enrolment, not existed


def unenrol_student(user, course: CoursePage, *, by, reason: str = "") -> bool:
    """An instructor removes ``user``'s enrolment; audited. Their attempts and completed lessons
    stay (enrolling them again restores their progress). Returns whether there was one."""
    with transaction.atomic():
        deleted, _rows = Enrolment.objects.filter(user=user, course=course).delete()
        if deleted:
            audit(by, UNENROLLED, student=user, old=course.pk, new="", reason=reason)
    return bool(deleted)
