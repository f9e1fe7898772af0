"""Browser tests: any logged-in user may start a quiz here; a console-error watcher.

Who may start a quiz is the course's decision (course.access.can_start_quiz: enrolled students
and instructors), tested in tests/course/test_access.py; these tests exercise the engine itself.
"""

import pytest


@pytest.fixture(autouse=True)
def any_logged_in_user_may_start(monkeypatch):
    from course import access

    monkeypatch.setattr(access, "can_start_quiz", lambda user, quiz: user.is_authenticated)


@pytest.fixture
def console_errors(page):
    """Fail the test on any console error or uncaught exception of the page (e.g. an SVG
    attribute the browser cannot parse). Use it in a test, or for a whole module with
    ``pytestmark = pytest.mark.usefixtures("console_errors")``; the list it yields can be
    checked earlier by the test itself."""
    errors = []

    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            errors.append(f"console error: {message.text} ({location.get('url', '?')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield errors
    assert errors == [], "\n".join(errors[:20])
