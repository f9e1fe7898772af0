"""A real class in Chromium: an instructor imports a 40-row roster with 5 bad rows, a student
accepts the invitation (on a phone) and takes a quiz; a second cohort has other dates; a student
given 50 % extra time gets it in a running attempt; a teaching assistant sees only their cohort.
Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from course import accommodations
from course.models import Accommodation, Cohort, CohortMember
from course.roles import TEACHING_ASSISTANTS
from quizzes.models import Attempt
from tests.factories import (
    enrol,
    ensure_wagtail_root,
    make_course,
    make_instructor,
    make_module,
    make_question,
    make_quiz,
    make_student,
    make_user,
    option_uid,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pass-1234-word"
BAD_ROWS = {
    "not-an-email": "is not a valid e-mail address",
    "No Mail": "The e-mail address is missing",
    "noname@uni.example.kz": "The name is missing",
    "Dup Licate": "The same e-mail address as row 2",
    "wrong@uni.example.kz": "There is no cohort “Section Z”",
}


def roster_file(tmp_path):
    rows = [f"Student{n} Surname{n},student{n}@uni.example.kz,KZ-{1000 + n}," for n in range(35)]
    rows[0] = "Aigerim Bekova,aigerim@uni.example.kz,KZ-0999,"
    bad = [
        "Broken Address,not-an-email,KZ-2001,",
        "No Mail,,KZ-2002,",
        ",noname@uni.example.kz,KZ-2003,",
        "Dup Licate,AIGERIM@uni.example.kz,KZ-2004,",
        "Wrong Cohort,wrong@uni.example.kz,KZ-2005,Section Z",
    ]
    rows = rows[:5] + bad[:2] + rows[5:20] + bad[2:4] + rows[20:] + bad[4:]
    assert len(rows) == 40
    path = tmp_path / "class-list.csv"
    path.write_text("Name;E-mail;Student number;Cohort\n" + "\n".join(
        r.replace(",", ";") for r in rows) + "\n", encoding="utf-8-sig")
    return path


@pytest.fixture
def course_with_quiz():
    ensure_wagtail_root()
    course = make_course()
    question = make_question("single", text="Which city is the Turkic world's spiritual capital?")
    quiz = make_quiz(make_module(course), questions=[question], title="Foundations quiz",
                     time_limit_minutes=10)
    return course, quiz, question


def admin_login(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_roster_import_then_a_student_accepts_and_takes_the_quiz(
    live_server, browser, page, tmp_path, course_with_quiz
):
    course, quiz, question = course_with_quiz
    section_a = Cohort.objects.create(course=course, name="Section A", term="Spring 2027")
    admin_login(page, live_server, make_instructor("teacher"))
    page.goto(f"{live_server.url}/admin/students/import/")
    page.set_input_files("#id_file", str(roster_file(tmp_path)))
    page.select_option("#id_cohort", str(section_a.pk))
    page.click("button:has-text('Preview')")
    page.wait_for_selector("table.roster-preview")
    rejected = page.locator("tr.roster-rejected")
    assert rejected.count() == 5
    text = " ".join(rejected.all_inner_texts())
    for _value, reason in BAD_ROWS.items():
        assert reason in text
    assert page.locator("tr.roster-create").count() == 35
    assert get_user_model().objects.filter(email__endswith="@uni.example.kz").count() == 0
    page.click("button:has-text('Import 35 rows')")
    page.wait_for_url(re.compile(r"/admin/students/invitations/"))
    assert "35 students have not accepted" in page.text_content("main")
    assert CohortMember.objects.filter(cohort=section_a).count() == 35

    # The same file again: every row already enrolled, nothing to import.
    page.goto(f"{live_server.url}/admin/students/import/")
    page.set_input_files("#id_file", str(roster_file(tmp_path)))
    page.select_option("#id_cohort", str(section_a.pk))
    page.click("button:has-text('Preview')")
    page.wait_for_selector("table.roster-preview")
    assert page.locator("tr.roster-unchanged").count() == 35
    assert "Nothing to import" in page.text_content("main")

    # Aigerim opens her invitation on a phone and sets her password.
    message = next(m for m in mail.outbox if m.to == ["aigerim@uni.example.kz"])
    link = re.search(r"http://\S+", message.body).group(0)
    phone = browser.new_context(  # bypass_csp: wait_for_function evaluates strings
        viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True
    )
    student = phone.new_page()
    errors = []
    student.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    student.goto(link)
    assert "Welcome, Aigerim Bekova" in student.text_content("main")
    student.fill("#id_new_password1", "Yassawi-Turkistan-1166")
    student.fill("#id_new_password2", "Yassawi-Turkistan-1166")
    student.click("main button[type=submit]")
    student.wait_for_url(re.compile(r"/en/me/$"))
    student.goto(live_server.url + quiz.url)
    student.click(".quiz-start button[type=submit]")
    student.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    student.check(f"#q{question.pk}-{option_uid(question, 'Right')}")
    student.click("button[value=summary]")
    student.wait_for_url(re.compile(r"/summary/$"))
    student.once("dialog", lambda dialog: dialog.accept())
    student.click("#submit-form button[type=submit]")
    student.wait_for_url(re.compile(r"/review/$"))
    assert "1 / 1" in student.text_content("main")
    assert errors == []
    # She no longer waits in the instructors' list; her old link is used up.
    page.goto(f"{live_server.url}/admin/students/invitations/")
    assert "34 students have not accepted" in page.text_content("main")
    student.goto(link)
    assert "This link has expired" in student.text_content("main")
    phone.close()


def test_cohort_dates_extra_time_in_a_running_attempt_and_a_ta_view(
    live_server, browser, page, course_with_quiz
):
    course, quiz, question = course_with_quiz
    section_a = Cohort.objects.create(course=course, name="Section A", term="Spring 2027")
    section_b = Cohort.objects.create(course=course, name="Section B", term="Autumn 2027")
    aliya = make_student("aliya", first_name="Aliya", last_name="Nurlanova")
    mehmet = make_student("mehmet", first_name="Mehmet", last_name="Kaya")
    for student, cohort in ((aliya, section_a), (mehmet, section_b)):
        enrol(student, course)
        CohortMember.objects.create(cohort=cohort, user=student)
    teacher = make_instructor("teacher")
    # Section B (next term) has its own dates: the quiz opens for them in a month.
    opens = timezone.now() + datetime.timedelta(days=30)
    accommodations.save_accommodation(
        Accommodation(quiz=quiz, cohort=section_b, opens_at=opens,
                      closes_at=opens + datetime.timedelta(days=7), reason="Autumn term"),
        by=teacher,
    )

    def log_in(context_page, user):
        context_page.goto(f"{live_server.url}/en/accounts/login/")
        context_page.fill("#id_username", user.username)
        context_page.fill("#id_password", PASSWORD)
        context_page.click("main button[type=submit]")
        context_page.wait_for_url(re.compile(r"/en/me/"))

    log_in(page, mehmet)
    page.goto(live_server.url + quiz.url)
    assert "This quiz is not open yet." in page.text_content("main")
    assert opens.strftime("%Y") in page.text_content(".quiz-rules, main")

    # Aliya starts; while she works she is given 50 % extra time: 10 -> 15 minutes.
    phone = browser.new_context(  # bypass_csp: wait_for_function evaluates strings
        viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True
    )
    student = phone.new_page()
    log_in(student, aliya)
    student.goto(live_server.url + quiz.url)
    student.click(".quiz-start button[type=submit]")
    student.wait_for_url(re.compile(r"/quiz/attempt/\d+/$"))
    assert re.match(r"^(10:00|9:\d\d)$", student.text_content("[data-timer-value]").strip())
    accommodations.save_accommodation(
        Accommodation(quiz=quiz, user=aliya, extra_percent=50, reason="Learning support plan"),
        by=teacher,
    )
    attempt = Attempt.objects.get(user=aliya)
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=15)
    student.check(f"#q{question.pk}-{option_uid(question, 'Right')}")  # the autosave answers
    student.wait_for_function(
        "/^1[45]:\\d\\d$/.test(document.querySelector('[data-timer-value]').textContent.trim())",
        timeout=20_000,
    )
    phone.close()

    # A teaching assistant of Section A sees Aliya only.
    ta = make_user("assistant", group=TEACHING_ASSISTANTS, first_name="Tim", last_name="Assist")
    section_a.teaching_assistants.add(ta)
    section_a.save()
    page.context.clear_cookies()
    admin_login(page, live_server, ta)
    page.goto(f"{live_server.url}/admin/gradebook/")
    table = page.text_content("main")
    assert "Nurlanova" in table and "Kaya" not in table
    page.goto(f"{live_server.url}/admin/gradebook/student/{mehmet.pk}/")
    assert "Kaya" not in page.text_content("body")
