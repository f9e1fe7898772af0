"""Celery wiring: background work (e-mails, reminders) off the request path.

The broker is ``CELERY_BROKER_URL`` (default: ``REDIS_URL``); with neither set, tasks run at once
in the process that queues them (``task_always_eager``), as under ``make run`` and in tests. A
worker and the beat scheduler in production::

    celery -A course worker -l info
    celery -A course beat -l info        # the hourly quiz-closing reminders
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "course.settings.dev")

app = Celery("course")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {
    "quiz-closing-reminders": {
        "task": "course.tasks.send_closing_reminders",
        "schedule": crontab(minute=5),
    },
}
