"""The quiz in Chromium under the Content-Security-Policy: no violation reported, no console
error, on a phone and a desktop (issue 14). Skipped without Chromium unless REQUIRE_BROWSER=1."""

import re

import pytest

from tests.factories import (
    ensure_wagtail_root,
    make_course,
    make_lesson,
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
LISTEN = """document.addEventListener('securitypolicyviolation', function (e) {
  (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI);
});"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_quiz_runs_with_no_csp_violation(browser, live_server, width):
    ensure_wagtail_root()
    module = make_module(make_course())
    lesson = make_lesson(module)
    place = make_place(key="turkestan", name="Turkestan", lat=43.2973, lon=68.2518)
    quiz = make_quiz(
        module,
        questions=[make_question(k, **({"place": place} if k == "mappoint" else {}))
                   for k in KINDS],
    )
    user = make_student()
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    violations = []

    def collect():
        violations.extend(page.evaluate("window.__csp || []"))

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/en/me/"))
    collect()
    for path in [lesson.url, "/en/atlas/", "/en/timeline/", quiz.url]:
        page.goto(live_server.url + path)
        collect()
    page.click(".quiz-start button[type=submit]")
    page.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    page.locator("input[type=radio]").first.check()
    page.locator("textarea").first.fill("An essay under a strict policy.")
    page.locator(".q-mappoint svg, .q-mappoint [data-map]").first.click()
    for _i in range(100):  # not wait_for_function: it evaluates strings, which the CSP forbids
        if "saved at" in page.locator("#autosave-status").inner_text():
            break
        page.wait_for_timeout(200)
    assert "saved at" in page.locator("#autosave-status").inner_text()
    collect()
    page.goto(page.url + "summary/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#submit-form button[type=submit]")
    page.wait_for_url(re.compile(r"/review/$"))
    collect()
    context.close()
    assert violations == []
    assert problems == []
