"""Notices: what the site tells a person, on the site and by e-mail.

Kinds (``course.models.NOTICE_KINDS``): an invitation, an essay marked, a grade overridden, a
quiz closing within 24 hours that the student has not finished. A notice row is the on-site
list (``/me/notices/``); the e-mail goes out off the request path (``course.tasks``), in the
reader's language. Students may switch off the reminders (``StudentProfile.reminders``).

Marks and overrides are noticed from the audit trail the quiz engine writes (a ``post_save``
signal connected in ``course.apps``), so the quizzes app needs no change to tell students.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from quizzes.choices import ANSWER_GRADED, OVERRIDE_SET, SUBMITTED
from quizzes.models import Attempt, QuizPage

from .models import (
    NOTICE_ESSAY_MARKED,
    NOTICE_GRADE_OVERRIDDEN,
    NOTICE_INVITATION,
    NOTICE_QUIZ_CLOSING,
    Accommodation,
    CohortMember,
    Enrolment,
    Notice,
    StudentProfile,
)

REMINDER_WINDOW = datetime.timedelta(hours=24)


def _site_url(path: str = "") -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def texts(notice: Notice, extra=None) -> tuple[str, str]:
    """(subject, body) of ``notice`` in the active language."""
    extra = extra or {}
    site = _("Kazakhstan–Turkey elective")
    quiz = notice.quiz.title if notice.quiz_id else ""
    if notice.kind == NOTICE_INVITATION:
        subject = _("Your account for the course “%(site)s”") % {"site": site}
        body = _(
            "You have been enrolled in the course “%(site)s”. Choose your password here "
            "(the link works once and for %(days)s days):"
        ) % {"site": site, "days": extra.get("days", "")}
        return subject, f"{body}\n\n{extra.get('link', '')}\n"
    if notice.kind == NOTICE_ESSAY_MARKED:
        subject = _("Your answer in “%(quiz)s” has been marked") % {"quiz": quiz}
    elif notice.kind == NOTICE_GRADE_OVERRIDDEN:
        subject = _("Your grade in “%(quiz)s” has been changed by your instructor") % {
            "quiz": quiz}
    else:
        when = formats.date_format(
            timezone.localtime(notice.closes_at), "DATETIME_FORMAT"
        ) if notice.closes_at else ""
        subject = _("“%(quiz)s” closes on %(when)s and you have not finished it") % {
            "quiz": quiz, "when": when}
    return subject, subject + "\n\n" + _site_url(reverse("notices")) + "\n"


def language_of(user) -> str:
    return (
        StudentProfile.objects.filter(user=user).values_list("language", flat=True).first()
        or settings.LANGUAGE_CODE
    )


def deliver(notice: Notice, extra=None) -> bool:
    """E-mail ``notice`` now, in its reader's language (once); False when there is no
    address or the reader switched reminders off."""
    user = notice.user
    if notice.emailed_at or not user.email:
        return False
    if notice.kind == NOTICE_QUIZ_CLOSING and not wants_reminders(user):
        return False
    language = language_of(user)
    with translation.override(language):
        subject, body = texts(notice, extra)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return True


def wants_reminders(user) -> bool:
    return StudentProfile.objects.filter(user=user, reminders=False).first() is None


def notify(user, kind, quiz=None) -> Notice | None:
    """Add a notice and e-mail it once the transaction commits. An unread notice of the same
    kind and quiz is not repeated (several essays marked at once make one notice)."""
    if Notice.objects.filter(user=user, kind=kind, quiz=quiz, read_at__isnull=True).exists():
        return None
    notice = Notice.objects.create(user=user, kind=kind, quiz=quiz)
    from .tasks import send_notice

    notice_id = notice.pk
    transaction.on_commit(lambda: send_notice.delay(notice_id))
    return notice


def on_audit_entry(sender, instance, created, **kwargs):
    """An essay marked or a grade overridden for a student: tell them."""
    if not created or instance.student_id is None or instance.quiz_id is None:
        return
    if instance.action == ANSWER_GRADED:
        notify(instance.student, NOTICE_ESSAY_MARKED, instance.quiz)
    elif instance.action == OVERRIDE_SET:
        notify(instance.student, NOTICE_GRADE_OVERRIDDEN, instance.quiz)


def closing_reminders(now=None) -> int:
    """Remind each enrolled student (with reminders on) of each quiz that closes for them
    within 24 hours and that they have not submitted. Once per student, quiz and closing
    time; returns how many were sent. Run hourly (Celery beat or ``send_reminders``)."""
    from .accommodations import combine

    now = now or timezone.now()
    end = now + REMINDER_WINDOW
    quiz_ids = set(
        QuizPage.objects.live().filter(closes_at__gt=now, closes_at__lte=end)
        .values_list("pk", flat=True)
    ) | set(
        Accommodation.objects.filter(closes_at__gt=now, closes_at__lte=end)
        .values_list("quiz_id", flat=True)
    )
    if not quiz_ids:
        return 0
    students = list(
        Enrolment.objects.exclude(user__course_profile__reminders=False)
        .filter(user__is_active=True)
        .select_related("user")
    )
    cohorts = dict(CohortMember.objects.values_list("user_id", "cohort_id"))
    done = set(
        Attempt.objects.filter(quiz_id__in=quiz_ids, state=SUBMITTED)
        .values_list("user_id", "quiz_id")
    )
    sent = 0
    for quiz in QuizPage.objects.live().filter(pk__in=quiz_ids):
        rows = list(Accommodation.objects.filter(quiz=quiz))
        own = {r.user_id: r for r in rows if r.user_id}
        by_cohort = {r.cohort_id: r for r in rows if r.cohort_id}
        for enrolment in students:
            user = enrolment.user
            if (user.pk, quiz.pk) in done:
                continue
            terms = combine(quiz, own.get(user.pk), by_cohort.get(cohorts.get(user.pk)))
            if terms.closes_at is None or not now < terms.closes_at <= end:
                continue
            try:
                with transaction.atomic():
                    notice = Notice.objects.create(
                        user=user, kind=NOTICE_QUIZ_CLOSING, quiz=quiz,
                        closes_at=terms.closes_at,
                    )
            except IntegrityError:
                continue  # reminded already
            if deliver(notice):
                sent += 1
    return sent


def notices_for(user, limit=50):
    return list(Notice.objects.filter(user=user).select_related("quiz")[:limit])


def mark_read(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
