"""No page of the site scrolls sideways on a phone (320 and 390 px), in any language.

One browser, one page: every page type is opened once per language at 390 px, measured, then the
same page is narrowed to 320 px and measured again (no second load). Every lesson of the real
course is visited. Skipped without Chromium unless REQUIRE_BROWSER=1.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from course.models import CoursePage, Enrolment, LessonCompletion, ModulePage
from lessons.models import LessonPage
from quizzes.models import GradeOverride, QuizPage
from tests.factories import ensure_wagtail_root, make_attempt, make_student

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "ru", "kk", "tr"]
WIDTHS = [390, 320]

# What sticks out, to say why a page scrolls (the innermost elements past the right edge).
MEASURE = """(width) => {
  const scroll = document.scrollingElement.scrollWidth;
  if (scroll <= width && window.innerWidth <= width) return null;
  const culprits = [];
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !el.querySelector('*')) {
      const css = el.getAttribute('class');
      const name = el.tagName.toLowerCase() + (css ? '.' + css : '');
      culprits.push(name + ' @' + Math.round(box.right));
    }
  }
  return scroll + 'px: ' + culprits.slice(0, 4).join(', ');
}"""


def in_language(path: str, language: str) -> str:
    return re.sub(r"^/en/", f"/{language}/", path)


def build_site():
    """The real course (every lesson), and a student who finished it, with one open attempt
    and one submitted attempt."""
    ensure_wagtail_root()  # an earlier transactional test may have flushed the tree's root
    call_command("load_course", stdout=io.StringIO())
    student = make_student("phone", first_name="Aigerim", last_name="Sadykova")
    course = CoursePage.objects.get()
    Enrolment.objects.create(user=student, course=course)
    lessons = list(LessonPage.objects.live().order_by("path"))
    assert len(lessons) >= 25
    quizzes = list(QuizPage.objects.live().order_by("path"))
    LessonCompletion.objects.bulk_create(
        LessonCompletion(user=student, lesson=lesson) for lesson in lessons
    )
    GradeOverride.objects.bulk_create(
        GradeOverride(user=student, quiz=quiz, percent=Decimal(100), reason="test")
        for quiz in quizzes
    )
    submitted = make_attempt(student, quizzes[0])
    open_attempt = make_attempt(student, quizzes[1], submit=False)
    anonymous = [
        "/en/",
        *(module.url for module in ModulePage.objects.live().order_by("path")),
        *(lesson.url for lesson in lessons),
        quizzes[0].url,
        quizzes[-1].url,
        "/en/timeline/",
        "/en/atlas/",
        "/en/glossary/",
        "/en/sources/",
        "/en/accounts/login/",
        "/en/accounts/password_reset/",
        "/en/no-such-page/",
    ]
    student_pages = [
        "/en/me/",
        "/en/me/certificate/",
        f"/en/quiz/attempt/{open_attempt.pk}/",
        f"/en/quiz/attempt/{submitted.pk}/review/",
        quizzes[0].url,
        "/en/",
        ModulePage.objects.live().order_by("path").first().url,
        lessons[0].url,
    ]
    return anonymous, student_pages


@pytest.fixture
def site():
    with translation.override("en"):  # page.url: the English addresses, whatever was active
        return build_site()


def overflowing(page, base, paths):
    """[(language, width, path, why)] for each page that scrolls sideways."""
    found = []
    for language in LANGUAGES:
        for path in paths:
            url = in_language(path, language)
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            page.goto(base + url)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                why = page.evaluate(MEASURE, width)
                if why:
                    found.append((language, width, url, why))
    return found


def test_no_page_scrolls_sideways_on_a_phone(live_server, browser, site):
    anonymous, student_pages = site
    # Not is_mobile: a mobile viewport zooms out to the content and hides the overflow.
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        found = overflowing(page, live_server.url, anonymous)
        page.goto(live_server.url + "/en/accounts/login/")
        page.fill("#id_username", "phone")
        page.fill("#id_password", "pass-1234-word")
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/en/me/$"))
        assert "Your certificate" in page.content()
        found += overflowing(page, live_server.url, student_pages)
    finally:
        context.close()
    assert not found, "\n".join(" ".join(map(str, row)) for row in found)
