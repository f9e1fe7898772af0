"""``manage.py close_expired_attempts``: grade every attempt whose time is up (run it from cron).

Attempts are also closed lazily whenever they are touched; this command closes the ones nobody
comes back to, so that grades and progress do not wait for the student.
"""

from django.core.management.base import BaseCommand

from quizzes.services import close_expired_attempts


class Command(BaseCommand):
    help = "Grade, with their saved answers, the quiz attempts whose time limit has passed."

    def handle(self, *args, **options):
        count = close_expired_attempts()
        self.stdout.write(f"{count} expired attempt(s) graded and closed.")
