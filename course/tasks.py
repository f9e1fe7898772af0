"""Background tasks of the course (Celery; run at once when no broker is configured)."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail


@shared_task
def send_invitation(user_id: int, base_url: str = "") -> bool:
    """E-mail ``user_id`` a new invitation link (the token is made here, never queued)."""
    from . import invitations

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    invitations.send(user, base_url)
    return True


@shared_task
def send_notice(notice_id: int) -> bool:
    """E-mail one on-site notice to its reader, in their language."""
    from .models import Notice
    from .notices import deliver

    notice = Notice.objects.filter(pk=notice_id).select_related("user", "quiz").first()
    if notice is None:
        return False
    deliver(notice)
    return True


@shared_task
def send_closing_reminders() -> int:
    """Remind students of quizzes closing within 24 hours that they have not finished."""
    from .notices import closing_reminders

    return closing_reminders()


@shared_task
def send_email(subject: str, body: str, to: str) -> None:
    """A plain e-mail already written in its reader's language (registration confirmation)."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
