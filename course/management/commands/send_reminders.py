"""``manage.py send_reminders``: e-mail students about quizzes closing within 24 hours that
they have not finished (each once). For cron when Celery beat does not run: hourly."""

from django.core.management.base import BaseCommand

from course.notices import closing_reminders


class Command(BaseCommand):
    help = "Remind students of quizzes that close within 24 hours (once per quiz and student)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {closing_reminders()} reminder(s).")
