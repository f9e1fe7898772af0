"""``manage.py create_demo_accounts``: one instructor and one student to try the course with.

Created once, with random passwords printed once; never fixed defaults. Running it again changes
nothing and says so.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from course.roles import INSTRUCTORS, STUDENTS

DEMO_ACCOUNTS = [
    ("instructor", INSTRUCTORS, "Demo", "Instructor"),
    ("student", STUDENTS, "Demo", "Student"),
]


class Command(BaseCommand):
    help = "Create the demo instructor and student accounts (once) and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    @transaction.atomic
    def handle(self, *args, base_url="http://127.0.0.1:8000", **options):
        User = get_user_model()
        created = []
        for username, group_name, first, last in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.org",
                password=password,
                first_name=first,
                last_name=last,
            )
            user.groups.add(Group.objects.get(name=group_name))
            created.append((username, password))
        if not created:
            self.stdout.write(
                "Demo accounts already exist (their passwords were printed when they were created; "
                "set a new one with: .venv/bin/python manage.py changepassword student)."
            )
            return
        self.stdout.write(
            self.style.WARNING("Demo accounts (these passwords are shown only once):")
        )
        for username, password in created:
            self.stdout.write(f"  {username:<11} password: {password}")
        self.stdout.write(f"Students log in at {base_url}/en/accounts/login/")
        self.stdout.write(f"Instructors edit the course at {base_url}/admin/")
