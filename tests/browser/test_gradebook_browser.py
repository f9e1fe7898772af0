"""An instructor in Chromium: grades an essay (after a typo), overrides a grade, fixes a wrong
key in the question bank and regrades, and downloads the gradebook as CSV. Skipped without
/usr/bin/chromium unless REQUIRE_BROWSER=1."""

import re
from decimal import Decimal

import pytest

from quizzes.models import Answer, Attempt, AuditEntry, GradeOverride
from tests.factories import (
    enrol,
    ensure_wagtail_root,
    make_attempt,
    make_course,
    make_instructor,
    make_module,
    make_question,
    make_quiz,
    make_student,
    option_uid,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"


@pytest.fixture
def classroom():
    ensure_wagtail_root()
    course = make_course()
    # The key is wrong: Astana is the capital, not Almaty.
    capital = make_question(
        "single", key="capital", text="What is the capital of Kazakhstan?",
        options=[("Almaty", True), ("Astana", False)],
    )
    essay = make_question("essay", key="essay", text="Why did Turkey recognise Kazakhstan first?",
                          points=5, rubric="Mentions 16 December 1991.")
    quiz = make_quiz(make_module(course), questions=[capital, essay], title="Foundations quiz")
    aigerim = make_student("aigerim", first_name="Aigerim", last_name="Sadykova")
    emre = make_student("emre", first_name="Emre", last_name="Yilmaz")
    for student, choice in ((aigerim, "Astana"), (emre, "Almaty")):
        enrol(student, course)
        make_attempt(student, quiz, {capital: option_uid(capital, choice),
                                     essay: f"An essay by {student.first_name}."})
    return {"quiz": quiz, "capital": capital, "essay": essay, "aigerim": aigerim, "emre": emre}


@pytest.fixture
def instructor(live_server, page):
    user = make_instructor("teacher", first_name="Dana", last_name="Teacher")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return user


def test_grade_override_regrade_and_export(live_server, page, classroom, instructor, tmp_path):
    aigerim, emre, quiz = classroom["aigerim"], classroom["emre"], classroom["quiz"]

    # The menu leads to the grading queue.
    page.click("text=Gradebook")
    page.click("a:has-text('Essays to grade')")
    page.wait_for_url(re.compile(r"/admin/gradebook/essays/$"))
    assert "2 answers wait for a mark." in page.text_content("main")
    answer = Answer.objects.get(attempt__user=aigerim, question=classroom["essay"])
    card = page.locator(f"#answer-{answer.pk}")
    assert "An essay by Aigerim." in card.text_content()
    assert "Mentions 16 December 1991." in card.text_content()

    # A typo first: the form comes back with the message and what was typed.
    card.locator("input[name$='-score']").fill("4..5")
    card.locator("textarea[name$='-feedback']").fill("Clear, with the date.")
    card.locator("button[type=submit]").click()
    assert "is not a number" in page.text_content("main")
    assert page.input_value("input[name$='-score']") == "4..5"
    assert page.input_value("textarea[name$='-feedback']") == "Clear, with the date."
    page.fill("input[name$='-score']", "4,5")
    page.click("form.gradebook-mark-form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/gradebook/essays/$"))
    assert "Marks saved for Aigerim Sadykova" in page.text_content(".messages")
    assert "1 answer waits for a mark." in page.text_content("main")
    answer.refresh_from_db()
    assert answer.marks == Decimal("4.50") and answer.feedback == ["Clear, with the date."]

    # Override Emre's grade from his page in the gradebook.
    page.goto(f"{live_server.url}/admin/gradebook/")
    page.click("a:has-text('Emre Yilmaz')")
    page.wait_for_url(re.compile(rf"/admin/gradebook/student/{emre.pk}/$"))
    page.click("a:has-text('Override the grade')")
    page.fill("#id_percent", "85")
    page.fill("#id_reason", "Presented the essay orally.")
    page.click("form.gradebook-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/admin/gradebook/student/{emre.pk}/$"))
    assert "Presented the essay orally." in page.text_content("main")
    override = GradeOverride.objects.get(user=emre, quiz=quiz)
    assert override.percent == Decimal("85.00") and override.by == instructor

    # Fix the key in the question bank, then regrade from the question's editor.
    capital = classroom["capital"]
    page.goto(f"{live_server.url}/admin/snippets/quizzes/question/edit/{capital.pk}/")
    page.uncheck("#id_options-0-correct")
    page.check("#id_options-1-correct")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_url(re.compile(r"/admin/snippets/quizzes/question/(edit/\d+/)?$"))
    assert capital.options.get(text_en="Astana").correct
    page.goto(f"{live_server.url}/admin/snippets/quizzes/question/edit/{capital.pk}/")
    page.click("[aria-label='Actions']")
    page.click("a:has-text('Regrade attempts')")
    page.wait_for_url(re.compile(rf"/admin/gradebook/regrade/question/{capital.pk}/$"))
    text = page.text_content("main")
    assert "2 submitted attempts asked this question." in text
    assert "changes the scores of 2 attempts" in text
    before = {a.user_id: a.score for a in Attempt.objects.all()}
    assert before == {aigerim.pk: Decimal("4.50"), emre.pk: Decimal("1.00")}  # not saved yet
    page.fill("#id_reason", "Key fixed: Astana")
    page.click("button:has-text('Regrade 2 attempts')")
    assert "Regraded 2 attempts; 2 changed." in page.text_content(".messages")
    after = {a.user_id: a.score for a in Attempt.objects.all()}
    assert after == {aigerim.pk: Decimal("5.50"), emre.pk: Decimal("0.00")}
    assert AuditEntry.objects.filter(action="regraded").count() == 3

    # Download the gradebook.
    page.goto(f"{live_server.url}/admin/gradebook/")
    with page.expect_download() as info:
        page.click("a:has-text('Export CSV')")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename.endswith(".csv")
    body = target.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "Username,Name,E-mail,Foundations quiz (%),Progress (%),Course complete"
    assert "aigerim,Aigerim Sadykova,aigerim@example.org,91.67,100,yes" in lines
    assert "emre,Emre Yilmaz,emre@example.org,85,100,yes" in lines
