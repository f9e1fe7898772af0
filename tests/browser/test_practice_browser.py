"""The memory trainer in Chromium on a 390 px phone: ten reviews with the keyboard only (answer,
rate, next), no console errors. Skipped without Chromium unless REQUIRE_BROWSER=1."""

import pytest

from practice.models import CardState, Review
from practice.services import set_goal
from tests.factories import ensure_wagtail_root
from tests.practice.conftest import build_world, complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def answer_by_keyboard(page):
    kind = page.get_attribute("[data-card-type]", "data-card-type")
    if kind == "year":
        page.keyboard.type("1991")
        page.keyboard.press("Enter")
    elif kind == "order":
        count = page.locator("[data-order] select").count()
        for number in range(1, count + 1):
            page.keyboard.press(str(number))
        page.keyboard.press("Enter")
    elif kind == "missed":
        page.keyboard.press("Enter")
    else:  # a choice, a pin on the map
        page.keyboard.press("1")
    return kind


def test_ten_reviews_by_keyboard_on_a_phone(live_server, phone):
    ensure_wagtail_root()  # a transactional flush removed it
    world = build_world()
    complete(world.student, *world.lessons)
    set_goal(world.student, 30)
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{live_server.url}/en/accounts/login/")
    phone.fill("input[name=username]", world.student.username)
    phone.fill("input[name=password]", "pass-1234-word")
    phone.keyboard.press("Enter")
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone.goto(f"{live_server.url}/en/practice/")
    kinds = []
    for _review in range(10):
        kinds.append(answer_by_keyboard(phone))
        phone.wait_for_selector("[data-rate-form]")
        phone.keyboard.press("Enter")  # the highlighted rating
        phone.wait_for_selector("[data-answer-form], .practice-done")
    assert Review.objects.filter(user=world.student).count() == 10
    assert CardState.objects.filter(user=world.student).count() >= 5
    assert len(set(kinds)) >= 4, kinds  # the types take turns
    assert "10 of 30 reviews" in phone.inner_text(".practice-stats")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    assert errors == []
