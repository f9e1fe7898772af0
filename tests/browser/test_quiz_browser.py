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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("console_errors"),  # any console error fails every test here
]

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
    """Until the page says the answers are saved and the database holds ``count`` answers."""
    page.wait_for_function(
        "(() => { const box = document.getElementById('autosave-status');"
        " return box.textContent.trim() && !box.textContent.includes('…'); })()",
        timeout=20_000,
    )
    for _i in range(50):
        if Answer.objects.filter(attempt=attempt).count() >= count:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{Answer.objects.filter(attempt=attempt).count()} answers saved")


def localized(url, language):
    return re.sub(r"^/en/", f"/{language}/", url)


SHORT = {"en": "Turkestan", "ru": "Туркестан", "kk": "Turkestan", "tr": "Turkestan"}
NUMBER = {"en": "1 850", "ru": "1850,0", "kk": "1 850,0", "tr": "1850,0"}


@pytest.mark.parametrize("language", ["en", "ru", "kk", "tr"])
def test_every_type_in_each_language_saved_graded_and_reviewed(
    live_server, page, module, student, console_errors, language
):
    """One quiz with every question type, taken in ``language``: autosave, resume, submit (one
    confirmation), review; any console error fails it (e.g. a decimal comma in the map)."""
    turkestan = make_place(key="turkestan", name="Turkestan", lat=43.2973, lon=68.2518)
    make_place(key="ankara", name="Ankara", lat=39.9334, lon=32.8597)
    q = {
        kind: make_question(kind, **({"place": turkestan} if kind == "mappoint" else {}))
        for kind in KINDS
    }
    multiple = q["multiple"].options.get(text_en="Wrong")
    setattr(multiple, f"feedback_{language}", f"Feedback {language} at Wrong")
    multiple.save()
    quiz = make_quiz(module, questions=list(q.values()), review_after_right_answer=True)
    page.goto(live_server.url + localized(quiz.url, language))
    assert page.get_attribute("html", "lang") == language
    page.click(".quiz-start button[type=submit]")
    page.wait_for_url(re.compile(rf"/{language}/quiz/attempt/\d+/$"))
    attempt = Attempt.objects.latest("pk")
    assert attempt.language == language

    def uid(kind, text):
        return q[kind].options.get(text_en=text).uid

    page.check(f"#q{q['single'].pk}-{uid('single', 'Right')}")
    page.check(f"#q{q['multiple'].pk}-{uid('multiple', 'Right')}")
    page.check(f"#q{q['multiple'].pk}-{uid('multiple', 'Also right')}")
    page.check(f"#q{q['multiple'].pk}-{uid('multiple', 'Wrong')}")
    page.uncheck(f"#q{q['multiple'].pk}-{uid('multiple', 'Wrong')}")
    page.check(f"#q{q['truefalse'].pk}-true")
    page.fill(f"#q{q['short'].pk}", SHORT[language])
    page.fill(f"#q{q['numeric'].pk}", NUMBER[language])
    # ordering: one control, the Move buttons; the position selects take no Tab stop
    section = f"#question-{q['ordering'].pk}"
    assert page.locator(f"{section} select").evaluate_all(
        "els => els.every(e => e.offsetParent === null)"
    )
    assert page.is_visible(f"{section} [data-hint-buttons]")
    assert not page.is_visible(f"{section} [data-hint-positions]")
    correct = list(q["ordering"].options.order_by("sort_order").values_list("uid", flat=True))
    for target, item in enumerate(correct):
        shown = page.eval_on_selector_all(f"{section} li", "els => els.map(e => e.dataset.uid)")
        for _step in range(shown.index(item) - target):
            page.click(f"{section} li[data-uid='{item}'] [data-move=up]")
    assert page.eval_on_selector_all(
        f"{section} li", "els => els.map(e => e.dataset.uid)"
    ) == correct
    assert page.text_content(f"{section} [data-order-status]").strip()
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
    for _i in range(50):
        point = Answer.objects.get(attempt=attempt, question=q["mappoint"]).response
        if point:
            break
        page.wait_for_timeout(200)
    assert point["lat"] == pytest.approx(43.2973, abs=0.3)
    assert point["lon"] == pytest.approx(68.2518, abs=0.3)

    # resume: reload, the answers are back
    page.reload()
    assert page.is_checked(f"#q{q['single'].pk}-{uid('single', 'Right')}")
    assert page.is_checked(f"#q{q['multiple'].pk}-{uid('multiple', 'Also right')}")
    assert not page.is_checked(f"#q{q['multiple'].pk}-{uid('multiple', 'Wrong')}")
    assert page.is_checked(f"#q{q['truefalse'].pk}-true")
    assert page.input_value(f"#q{q['short'].pk}") == SHORT[language]
    assert page.input_value(f"#q{q['numeric'].pk}") == NUMBER[language]
    assert page.eval_on_selector_all(
        f"{section} li", "els => els.map(e => e.dataset.uid)"
    ) == correct
    pair = q["matching"].pairs.first()
    assert page.input_value(f"#q{q['matching'].pk}-{pair.left_uid}") == pair.right_uid
    assert page.get_attribute(marker, "visibility") != "hidden"
    assert page.input_value(f"#q{q['essay'].pk}") == "Turkey recognised Kazakhstan first."

    # finish: the summary page is the one confirmation (a dialog would be dismissed here)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.click("button[value=summary]")
    page.wait_for_url(re.compile(r"/summary/$"))
    page.click("#submit-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/{language}/quiz/attempt/\d+/review/$"))
    assert dialogs == []
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.score == 8
    assert "8 / 9" in page.text_content("main")
    assert page.locator(".review-item.correct").count() == 8
    assert page.locator(".review-item.manual").count() == 1
    # the review: options with their verdicts, the map answer on the map
    options = page.locator(f"#question-{q['multiple'].pk} .review-option")
    assert options.count() == 3
    assert page.locator(f"#question-{q['multiple'].pk} .review-option.picked").count() == 2
    assert f"Feedback {language} at Wrong" not in page.text_content("main")  # not picked
    assert page.is_visible(f"#question-{q['mappoint'].pk} .review-map .review-you")
    assert page.is_visible(f"#question-{q['mappoint'].pk} .review-map .review-place")
    assert console_errors == []


def test_time_limit_grades_the_saved_answers(live_server, page, module, student):
    question = make_question("short")
    other = make_question("numeric")
    quiz = make_quiz(module, questions=[question, other], time_limit_minutes=1)
    attempt = start(page, live_server, quiz)
    assert page.is_visible("#quiz-timer")
    # the time left stays in sight at the bottom of the page too (on a phone)
    page.set_viewport_size({"width": 390, "height": 480})
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") > 300
    top = page.locator("#quiz-timer").bounding_box()["y"]
    assert 0 <= top < 40
    page.set_viewport_size({"width": 1280, "height": 900})
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
