"""The quiz engine's own tests: any logged-in user may start a quiz here.

Who may start a quiz is the course's decision (course.access.can_start_quiz: enrolled students
and instructors), tested in tests/course/test_access.py; these tests exercise the engine itself.
"""

import pytest


@pytest.fixture(autouse=True)
def any_logged_in_user_may_start(monkeypatch):
    from course import access

    monkeypatch.setattr(access, "can_start_quiz", lambda user, quiz: user.is_authenticated)
