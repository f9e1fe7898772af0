"""The user's parts of a page (course.progress) on every path: cached, query string, cache off."""

import pytest
from django.test import override_settings
from django.utils import translation

from course.models import LessonCompletion
from tests.factories import enrol, make_lesson, make_module, make_quiz, make_student

pytestmark = pytest.mark.django_db


def url(page):
    """The page's English address (whatever language an earlier test left active)."""
    with translation.override("en"):
        return page.url


def page_html(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<!--slot:" not in html
    return html


@pytest.fixture
def student_in_lesson(client):
    module = make_module(title="Roots")
    first = make_lesson(module, title="First lesson")
    second = make_lesson(module, title="Second lesson")
    student = make_student()
    enrol(student)
    client.force_login(student)
    return student, first, second


@pytest.mark.parametrize(
    "suffix, cache_on",
    [("", True), ("?utm_source=mail", True), ("", False)],
    ids=["cached", "query-string", "cache-off"],
)
def test_lesson_actions_on_every_path(client, student_in_lesson, suffix, cache_on):
    _student, first, _second = student_in_lesson
    with override_settings(PAGE_CACHE=cache_on):
        for _ in range(2):  # the first view fills the cache, the second is served from it
            html = page_html(client, url(first) + suffix)
            assert html.count('name="complete" value="1"') == 2  # top and end of the lesson
            assert "Mark as complete and continue" in html
            assert "Log out" in html
            assert "My progress" in html


@pytest.mark.parametrize("cache_on", [True, False])
def test_messages_and_anonymous_parts_on_every_path(client, cache_on):
    lesson = make_lesson()
    with override_settings(PAGE_CACHE=cache_on):
        html = page_html(client, url(lesson) + "?x=1")
        assert "Log in to mark lessons as complete" in html
        assert "Log out" not in html
        assert "csrfmiddlewaretoken" not in html


def test_complete_and_continue_goes_to_the_next_lesson(client, student_in_lesson):
    student, first, second = student_in_lesson
    response = client.post(
        f"/en/progress/lesson/{first.pk}/", {"complete": "1", "then": "next"}
    )
    assert response["Location"] == url(second)
    assert LessonCompletion.objects.filter(user=student, lesson=first).exists()
    # The last lesson has no next page: back to itself, marked.
    response = client.post(
        f"/en/progress/lesson/{second.pk}/", {"complete": "1", "then": "next"}
    )
    assert response["Location"] == url(second)
    html = page_html(client, url(second))
    assert "Mark as complete and continue" not in html
    assert html.count("You completed this lesson.") == 2


def test_module_page_shows_which_lessons_are_done(client, student_in_lesson):
    student, first, second = student_in_lesson
    module = first.get_parent()
    make_quiz(module, title="Roots quiz")
    html = page_html(client, url(module))
    assert "✓ done" not in html
    assert "0 of 2 lessons completed, quiz not yet passed" in html
    LessonCompletion.objects.create(user=student, lesson=first)
    for suffix in ("", "?ref=x"):
        html = page_html(client, url(module) + suffix)
        assert html.count("✓ done") == 1
        assert html.index("✓ done") < html.index("Second lesson")
        assert "1 of 2 lessons completed, quiz not yet passed" in html
    # Another student sees their own marks, not the first one's.
    client.force_login(make_student("other"))
    html = page_html(client, url(module))
    assert "✓ done" not in html


def test_course_page_offers_the_next_step_or_the_enrolment(client, student_in_lesson):
    _student, first, _second = student_in_lesson
    course = first.get_parent().get_parent()
    html = page_html(client, url(course))
    assert "Continue where you left off" in html
    assert "First lesson" in html
    client.force_login(make_student("newcomer"))
    html = page_html(client, url(course))
    assert "Enrol in the course" in html
    assert "Continue where you left off" not in html


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # fill the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_queries_stay_small_and_constant(client, student_in_lesson):
    _student, first, _second = student_in_lesson
    module = first.get_parent()
    make_quiz(module, title="Roots quiz")
    lesson_queries = count_queries(client, url(first))
    module_queries = count_queries(client, url(module))
    course_queries = count_queries(client, url(module.get_parent()))
    make_lesson(module, title="Third lesson")
    assert count_queries(client, url(module)) == module_queries
    assert lesson_queries <= 4
    assert module_queries <= 12
    assert course_queries <= 12
