"""A newcomer in Chromium: log in, enrol, complete the lesson, pass the quizzes, watch the bars
move, and open the printable certificate that anyone can verify. Skipped without Chromium unless
REQUIRE_BROWSER=1."""

import re

import pytest

from course.models import Certificate
from tests.factories import (
    ensure_wagtail_root,
    make_course,
    make_lesson,
    make_module,
    make_question,
    make_quiz,
    make_student,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def take_quiz(page, base, quiz):
    page.goto(base + quiz.url)
    page.click(".quiz-start button[type=submit]")
    page.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    page.get_by_label("True").check()
    page.get_by_role("button", name="Finish attempt…").click()
    page.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url(re.compile(r"/review/$"))


def overall(page, base):
    page.goto(base + "/en/me/")
    return int(page.locator("#overall-bar").get_attribute("value"))


def test_enrol_complete_pass_and_print_the_certificate(live_server, page):
    ensure_wagtail_root()
    course = make_course(title="Kazakhstan and Turkey")
    module = make_module(course, title="Recognition, 1991")
    lesson = make_lesson(module, title="Turkey recognises Kazakhstan")
    quiz = make_quiz(module, questions=[make_question("truefalse")], title="Module quiz")
    final = make_quiz(course, questions=[make_question("truefalse")], title="Final exam")
    student = make_student("aigerim", first_name="Aigerim", last_name="Sadykova")
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # "Submit all and finish?"

    page.goto(base + "/en/accounts/login/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", "pass-1234-word")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/en/me/$"))

    page.get_by_role("button", name="Enrol in the course").click()
    page.wait_for_url(re.compile(r"/en/me/$"))
    assert "You are enrolled" in page.content()
    assert overall(page, base) == 0

    page.goto(base + lesson.url)
    page.get_by_role("button", name="Mark as complete", exact=True).click()
    page.wait_for_selector("text=You completed this lesson.")
    first = overall(page, base)
    assert first > 0

    take_quiz(page, base, quiz)
    second = overall(page, base)
    assert second > first
    assert "complete" in page.locator(".module-progress").inner_text()

    take_quiz(page, base, final)
    assert overall(page, base) == 100
    page.get_by_role("link", name="Your certificate").click()
    page.wait_for_url(re.compile(r"/en/me/certificate/$"))
    assert "Aigerim Sadykova" in page.content()
    assert page.get_by_role("button", name="Print or save as PDF").is_visible()
    code = Certificate.objects.get(user=student).code

    page.context.clear_cookies()
    page.goto(f"{base}/ru/certificate/{code}/")
    assert "Aigerim Sadykova" in page.content()
