"""A student takes quizzes in Chromium: every question type, autosave and resume, the time limit
and the review. Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1."""

import datetime
import re

import pytest
from django.utils import timezone

from quizzes.maps import project, quiz_map
from quizzes.models import Answer, Attempt
from tests.factories import (
    ensure_wagtail_root,
    make_course,
    make_module,
    make_place,
    make_question,
    make_quiz,
    make_student,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"
KINDS = ["single", "multiple", "truefalse", "short", "numeric", "ordering", "matching",
         "mappoint", "essay"]


@pytest.fixture
def module():
    ensure_wagtail_root()
    return make_module(make_course())


@pytest.fixture
def student(live_server, page):
    user = make_student()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/en/me/"))
    return user


def start(page, live_server, quiz):
    page.goto(live_server.url + quiz.url)
    page.click(".quiz-start button[type=submit]")
    page.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    return Attempt.objects.latest("pk")


def wait_saved(page, attempt, count):
    """Until the page says so and the database holds ``count`` answers."""
    page.wait_for_function(
        "document.getElementById('autosave-status').textContent.includes('saved at')",
        timeout=20_000,
    )
    for _i in range(50):
        if Answer.objects.filter(attempt=attempt).count() >= count:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{Answer.objects.filter(attempt=attempt).count()} answers saved")


def test_every_type_autosave_resume_submit_and_review(live_server, page, module, student):
    turkestan = make_place(key="turkestan", name="Turkestan", lat=43.2973, lon=68.2518)
    make_place(key="ankara", name="Ankara", lat=39.9334, lon=32.8597)
    q = {
        kind: make_question(kind, **({"place": turkestan} if kind == "mappoint" else {}))
        for kind in KINDS
    }
    quiz = make_quiz(module, questions=list(q.values()))
    attempt = start(page, live_server, quiz)

    def uid(kind, text):
        return q[kind].options.get(text_en=text).uid

    page.check(f"#q{q['single'].pk}-{uid('single', 'Right')}")
    page.check(f"#q{q['multiple'].pk}-{uid('multiple', 'Right')}")
    page.check(f"#q{q['multiple'].pk}-{uid('multiple', 'Also right')}")
    page.check(f"#q{q['truefalse'].pk}-true")
    page.fill(f"#q{q['short'].pk}", "Turkestan")
    page.fill(f"#q{q['numeric'].pk}", "1 850")
    # ordering: with the Move up buttons only (no dragging)
    section = f"#question-{q['ordering'].pk}"
    correct = list(q["ordering"].options.order_by("sort_order").values_list("uid", flat=True))
    for target, item in enumerate(correct):
        shown = page.eval_on_selector_all(f"{section} li", "els => els.map(e => e.dataset.uid)")
        for _step in range(shown.index(item) - target):
            page.click(f"{section} li[data-uid='{item}'] [data-move=up]")
    assert page.eval_on_selector_all(
        f"{section} li", "els => els.map(e => e.dataset.uid)"
    ) == correct
    assert "moved to position" in page.text_content(f"{section} [data-order-status]")
    for pair in q["matching"].pairs.all():
        page.select_option(f"#q{q['matching'].pk}-{pair.left_uid}", pair.right_uid)
    # the map: click where Turkestan is
    geo = quiz_map()
    x, y = project(geo, 43.2973, 68.2518)
    svg = page.locator(f"#question-{q['mappoint'].pk} svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    scale = box["width"] / geo["width"]
    page.mouse.click(box["x"] + x * scale, box["y"] + y * scale)
    marker = f"#question-{q['mappoint'].pk} [data-marker]"
    assert page.get_attribute(marker, "visibility") == "visible"
    page.fill(f"#q{q['essay'].pk}", "Turkey recognised Kazakhstan first.")
    wait_saved(page, attempt, len(KINDS))

    # resume: reload, the answers are back
    page.reload()
    assert page.is_checked(f"#q{q['single'].pk}-{uid('single', 'Right')}")
    assert page.is_checked(f"#q{q['multiple'].pk}-{uid('multiple', 'Also right')}")
    assert page.is_checked(f"#q{q['truefalse'].pk}-true")
    assert page.input_value(f"#q{q['short'].pk}") == "Turkestan"
    assert page.input_value(f"#q{q['numeric'].pk}") == "1 850"
    assert page.eval_on_selector_all(
        f"{section} li", "els => els.map(e => e.dataset.uid)"
    ) == correct
    pair = q["matching"].pairs.first()
    assert page.input_value(f"#q{q['matching'].pk}-{pair.left_uid}") == pair.right_uid
    assert page.get_attribute(marker, "visibility") != "hidden"
    assert page.input_value(f"#q{q['essay'].pk}") == "Turkey recognised Kazakhstan first."

    # the keyboard alternative for the map
    page.select_option(f"#q{q['mappoint'].pk}-place", "turkestan")
    wait_saved(page, attempt, len(KINDS))
    for _i in range(50):
        if Answer.objects.get(attempt=attempt, question=q["mappoint"]).response.get("place"):
            break
        page.wait_for_timeout(200)

    # finish: summary, confirmation, review
    page.click("button[value=summary]")
    page.wait_for_url(re.compile(r"/summary/$"))
    assert "You have answered 9 of 9 questions." in page.text_content("main")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#submit-form button[type=submit]")
    page.wait_for_url(re.compile(r"/review/$"))
    text = page.text_content("main")
    assert "Result:" in text and "8 / 9" in text
    assert page.locator(".review-item.correct").count() == 8
    assert "Waiting for grading" in text


def test_time_limit_grades_the_saved_answers(live_server, page, module, student):
    question = make_question("short")
    other = make_question("numeric")
    quiz = make_quiz(module, questions=[question, other], time_limit_minutes=1)
    attempt = start(page, live_server, quiz)
    assert page.is_visible("#quiz-timer")
    assert re.match(r"^[01]:\d\d$", page.text_content("[data-timer-value]").strip())
    page.fill(f"#q{question.pk}", "Turkestan")
    wait_saved(page, attempt, 1)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    page.reload()
    page.wait_for_url(re.compile(r"/review/$"))
    text = page.text_content("main")
    assert "time ran out" in text
    assert "1 / 2" in text and "Turkestan" in text
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.timed_out


def test_the_page_submits_itself_at_zero_with_the_last_answers(live_server, page, module, student):
    question = make_question("short")
    quiz = make_quiz(module, questions=[question], time_limit_minutes=1)
    attempt = start(page, live_server, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + datetime.timedelta(seconds=4)
    )
    page.reload()
    page.fill(f"#q{question.pk}", "Turkestan")  # typed in the last seconds, maybe not saved
    page.wait_for_url(re.compile(r"/review/$"), timeout=20_000)
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.score == 1
