"""The instructors' gradebook: cells and statuses, progress for many students, the gradebook and
student pages, the grading queue, regrading, the CSV exports, and who may see them.

Query counts are compared at two sizes (students, quizzes, attempts): they must not grow.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from course.models import Enrolment
from course.selectors import student_progress, students_progress
from quizzes import gradebook, services
from quizzes.models import Answer, Attempt, AuditEntry, GradeOverride, QuestionOption
from tests.factories import (
    enrol,
    make_attempt,
    make_classroom,
    make_course,
    make_instructor,
    make_lesson,
    make_module,
    make_question,
    make_quiz,
    make_student,
    make_user,
    option_uid,
)

pytestmark = pytest.mark.django_db

GRADEBOOK = "/admin/gradebook/"


def html_of(response) -> str:
    return response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def fresh_database():
    """Remove the pages, users and attempts a previous build made (within the same test)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    Attempt.objects.all().delete()
    GradeOverride.objects.all().delete()
    AuditEntry.objects.all().delete()
    Enrolment.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    get_user_model().objects.all().delete()


# -- cells and statuses ----------------------------------------------------------------------


def test_each_status_of_a_cell():
    single, essay = make_question("single"), make_question("essay", points=5)
    quiz = make_quiz(questions=[single, essay], attempts_allowed=2, pass_mark=50)
    never, busy, waiting, good, bad = (make_student() for _i in range(5))
    make_attempt(busy, quiz, {single: option_uid(single, "Right")}, submit=False)
    make_attempt(waiting, quiz, {single: option_uid(single, "Right"), essay: "Text."})
    for user, mark in ((good, 5), (bad, 0)):
        attempt = make_attempt(user, quiz, {single: option_uid(single, "Wrong"), essay: "Hi"})
        services.mark_answer(attempt.answers.get(question=essay), mark, by=make_instructor())
    ids = [u.pk for u in (never, busy, waiting, good, bad)]
    grid = gradebook.grade_grid(ids, [quiz])
    status = {user_id: grid[(user_id, quiz.pk)].status for user_id in ids}
    assert status == {
        never.pk: gradebook.NOT_STARTED,
        busy.pk: gradebook.IN_PROGRESS_STATUS,
        waiting.pk: gradebook.NEEDS_GRADING,
        good.pk: gradebook.PASSED,
        bad.pk: gradebook.NOT_PASSED,
    }
    cell = grid[(good.pk, quiz.pk)]
    assert cell.grade == Decimal("83.33") and cell.attempts == 1 and cell.allowed == 2
    assert grid[(never.pk, quiz.pk)].grade is None
    assert str(grid[(waiting.pk, quiz.pk)].status_label) == "Needs grading"


def test_cells_follow_the_grading_method_and_an_override_wins(django_assert_num_queries):
    question = make_question("single")
    quiz = make_quiz(questions=[question], grading_method="last", pass_mark=60)
    student = make_student()
    make_attempt(student, quiz, {question: option_uid(question, "Right")})
    make_attempt(student, quiz, {question: option_uid(question, "Wrong")})
    with django_assert_num_queries(1):  # attempts and overrides together
        cell = gradebook.grade_grid([student.pk], [quiz])[(student.pk, quiz.pk)]
    assert (cell.grade, cell.status, cell.attempts) == (Decimal("0.00"), gradebook.NOT_PASSED, 2)
    GradeOverride.objects.create(user=student, quiz=quiz, percent=75, reason="Oral exam")
    cell = gradebook.grade_grid([student.pk], [quiz])[(student.pk, quiz.pk)]
    assert cell.grade == Decimal("75.00") and cell.computed == Decimal("0.00")
    assert cell.overridden and cell.status == gradebook.PASSED


# -- progress of many students at once --------------------------------------------------------


def test_bulk_progress_is_each_students_progress():
    room = make_classroom(students=4, quizzes=3)
    final = make_quiz(room.course, questions=[make_question("truefalse")])
    make_attempt(room.students[0], final, {})
    GradeOverride.objects.create(user=room.students[1], quiz=final, percent=100, reason="x")
    bulk = students_progress([s.pk for s in room.students])
    for student in room.students:
        one = student_progress(student)
        many = bulk[student.pk]
        assert (many.percent, many.items_done, many.items, many.complete, many.enrolled) == (
            one.percent, one.items_done, one.items, one.complete, one.enrolled
        )
    # The override at the final exam counts as passed.
    assert bulk[room.students[1].pk].final_quizzes[0][1]["passed"] is True


def test_bulk_progress_queries_do_not_grow():
    def count(students, quizzes):
        room = make_classroom(students=students, quizzes=quizzes)
        with CaptureQueriesContext(connection) as captured:
            students_progress([s.pk for s in room.students])
        return len(captured.captured_queries)

    small = count(3, 2)
    fresh_database()
    assert count(12, 5) == small <= 7


# -- the gradebook page -----------------------------------------------------------------------


@pytest.fixture
def room():
    return make_classroom(students=3, quizzes=2, essay=True)


def test_gradebook_shows_students_quizzes_grades_and_statuses(client, room):
    client.force_login(room.instructor)
    html = html_of(client.get(GRADEBOOK))
    for student in room.students:
        assert student.get_full_name() in html and student.email in html
    for quiz in room.quizzes:
        assert quiz.title in html
    assert "Needs grading" in html  # the essays wait for a mark
    assert "1/3 attempts" in html
    assert 'href="/admin/gradebook/essays/"' in html
    assert "3 students enrolled" in html


def test_gradebook_search_and_status_filters(client, room):
    client.force_login(room.instructor)
    first = room.students[0]
    html = html_of(client.get(GRADEBOOK, {"q": first.username}))
    assert first.get_full_name() in html
    assert room.students[1].get_full_name() not in html
    html = html_of(client.get(GRADEBOOK, {"q": "nobody-like-this"}))
    assert "No student matches these filters." in html
    # Mark every essay of the second student: their cells are no longer "needs grading".
    second = room.students[1]
    for answer in Answer.objects.filter(attempt__user=second, question__type="essay"):
        services.mark_answer(answer, 5, by=room.instructor)
    html = html_of(client.get(GRADEBOOK, {"status": "needs_grading"}))
    assert first.get_full_name() in html and second.get_full_name() not in html
    quiz = room.quizzes[0]
    html = html_of(client.get(GRADEBOOK, {"status": "passed", "quiz": quiz.pk}))
    assert second.get_full_name() in html and first.get_full_name() not in html


def test_gradebook_sorts_by_name_grade_and_progress(client, room):
    client.force_login(room.instructor)
    names = [s.get_full_name() for s in room.students]

    def order(**params):
        html = html_of(client.get(GRADEBOOK, params))
        return sorted(names, key=html.index)

    assert order() == names
    assert order(sort="-name") == names[::-1]
    quiz = room.quizzes[0]
    GradeOverride.objects.create(user=room.students[2], quiz=quiz, percent=99, reason="r")
    GradeOverride.objects.create(user=room.students[0], quiz=quiz, percent=10, reason="r")
    # students[1] has no grade at this quiz yet (its essay waits): last either way.
    assert order(sort=f"-quiz-{quiz.pk}") == [names[2], names[0], names[1]]
    assert order(sort=f"quiz-{quiz.pk}") == [names[0], names[2], names[1]]
    for lesson in room.lessons:
        from course.services import set_lesson_complete

        set_lesson_complete(room.students[1], lesson, True)
    GradeOverride.objects.create(user=room.students[1], quiz=room.quizzes[1], percent=80,
                                 reason="r")
    assert order(sort="-progress")[0] == names[1]
    assert order(sort="progress")[-1] == names[1]


def test_gradebook_paginates(client):
    room = make_classroom(students=3, quizzes=1)
    client.force_login(room.instructor)
    from course.admin_views import GradebookView

    original, GradebookView.per_page = GradebookView.per_page, 2
    try:
        html = html_of(client.get(GRADEBOOK))
        assert "Page 1 of 2" in html
        assert room.students[2].get_full_name() not in html
        html = html_of(client.get(GRADEBOOK, {"p": 2}))
        assert room.students[2].get_full_name() in html
    finally:
        GradebookView.per_page = original


@pytest.mark.parametrize("params", ["", "?sort=-progress", "?status=not_passed&q=Student"])
def test_gradebook_queries_do_not_grow(client, params):
    def count(students, quizzes):
        room = make_classroom(students=students, quizzes=quizzes)
        client.force_login(room.instructor)
        # Each student has an override and a second attempt at the first quiz.
        for student in room.students:
            GradeOverride.objects.create(user=student, quiz=room.quizzes[-1], percent=50,
                                         reason="r")
            make_attempt(student, room.quizzes[0], {})
        return queries(client, GRADEBOOK + params)

    small = count(3, 2)
    fresh_database()
    assert count(12, 5) == small


def test_the_gradebook_without_a_course(client):
    client.force_login(make_instructor())
    assert "There is no published course yet." in html_of(client.get(GRADEBOOK))


# -- a student's page --------------------------------------------------------------------------


def test_student_page_shows_attempts_answers_overrides_history_and_lessons(client, room):
    student = room.students[0]
    quiz = room.quizzes[0]
    single, truefalse, essay = room.questions[quiz.pk]
    services.set_grade_override(student, quiz, 88, "Extra credit project", by=room.instructor)
    client.force_login(room.instructor)
    html = html_of(client.get(reverse("course_admin:student", args=[student.pk])))
    assert student.get_full_name() in html
    assert single.text in html and essay.text in html
    assert "An essay by student 0." in html  # the essay, readable
    assert ">Right<" in html or ">Wrong<" in html  # the chosen option's text, not its uid
    assert option_uid(single, "Right") not in html
    assert "Extra credit project" in html and "88%" in html
    assert "Grade overridden" in html  # the history
    assert room.lessons[0].title in html and "not yet" in html  # the second lesson
    assert reverse("quizzes_admin:mark", args=[
        Answer.objects.get(attempt__user=student, attempt__quiz=quiz, question=essay).pk
    ]) in html


def test_student_page_queries_do_not_grow(client):
    def count(quizzes, attempts):
        room = make_classroom(students=1, quizzes=quizzes, essay=True)
        student = room.students[0]
        for quiz in room.quizzes:
            for _n in range(attempts - 1):
                make_attempt(student, quiz, {room.questions[quiz.pk][0]: option_uid(
                    room.questions[quiz.pk][0], "Right")})
            services.set_grade_override(student, quiz, 70, "r", by=room.instructor)
        client.force_login(room.instructor)
        return queries(client, reverse("course_admin:student", args=[student.pk]))

    small = count(2, 1)
    fresh_database()
    assert count(5, 3) == small


def test_student_page_of_a_user_not_enrolled(client):
    make_course()
    client.force_login(make_instructor())
    other = make_user("walk-in", group=None)
    html = html_of(client.get(reverse("course_admin:student", args=[other.pk])))
    assert "not enrolled" in html
    missing = client.get(reverse("course_admin:student", args=[999999]), follow=True)
    assert missing.status_code == 404


# -- the grading queue -------------------------------------------------------------------------


def test_the_queue_lists_every_waiting_essay_with_rubric_and_a_form(client, room):
    client.force_login(room.instructor)
    html = html_of(client.get(reverse("quizzes_admin:grading")))
    assert "6 answers wait for a mark." in html
    essay = room.questions[room.quizzes[0].pk][2]
    assert essay.text in html and essay.rubric in html
    assert "An essay by student 2." in html
    assert 'name="a' in html and "-score" in html
    html = html_of(client.get(reverse("quizzes_admin:grading"), {"quiz": room.quizzes[1].pk}))
    assert "3 answers wait for a mark." in html


def test_marking_an_essay_completes_the_attempt_and_is_audited(client, room):
    student, quiz = room.students[0], room.quizzes[0]
    answer = Answer.objects.get(attempt__user=student, attempt__quiz=quiz, question__type="essay")
    client.force_login(room.instructor)
    url = reverse("quizzes_admin:mark", args=[answer.pk])
    queue = reverse("quizzes_admin:grading")
    response = client.post(
        f"{url}?next={queue}",
        {f"a{answer.pk}-score": "3,5", f"a{answer.pk}-feedback": "Good use of sources."},
    )
    assert response.status_code == 302 and response["Location"] == queue
    answer.refresh_from_db()
    assert answer.marks == Decimal("3.50") and answer.fraction == pytest.approx(0.7)
    assert answer.feedback == ["Good use of sources."]
    attempt = answer.attempt
    attempt.refresh_from_db()
    assert not attempt.needs_manual_grading
    others = attempt.answers.exclude(pk=answer.pk)
    assert attempt.score == Decimal("3.50") + sum(a.marks for a in others)
    entry = AuditEntry.objects.get(action="answer_graded")
    assert (entry.actor, entry.student, entry.quiz, entry.old, entry.new) == (
        room.instructor, student, quiz, "", "3.50"
    )
    assert answer.pk not in [a.pk for a in gradebook.waiting_answers()]
    assert "Good use of sources." in html_of(client.get(reverse("course_admin:student",
                                                                args=[student.pk])))


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "“abc” is not a number"),
        ("5.5", "between 0 and 5"),
        ("-1", "between 0 and 5"),
        ("", "Enter the marks."),
        ("2.125", "at most two decimals"),
    ],
)
def test_bad_marks_show_the_form_again_with_what_was_typed(client, room, typed, message):
    answer = Answer.objects.filter(question__type="essay").first()
    client.force_login(room.instructor)
    response = client.post(
        reverse("quizzes_admin:mark", args=[answer.pk]),
        {f"a{answer.pk}-score": typed, f"a{answer.pk}-feedback": "Kept feedback"},
    )
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert f'value="{typed}"' in html or typed == ""
    assert "Kept feedback" in html
    answer.refresh_from_db()
    assert answer.marks is None
    assert not AuditEntry.objects.exists()


def test_a_persons_marks_survive_regrading(room):
    answer = Answer.objects.filter(question__type="essay").first()
    services.mark_answer(answer, 4, "Fine", by=room.instructor)
    services.regrade_attempt(answer.attempt)
    answer.refresh_from_db()
    assert answer.marks == Decimal("4.00") and answer.feedback == ["Fine"]


def test_the_marking_service_checks_its_input(room):
    answer = Answer.objects.filter(question__type="essay").first()
    for bad in ("x", "6", "-0.5", "nan"):
        with pytest.raises(services.GradingError):
            services.mark_answer(answer, bad, by=room.instructor)


# -- regrading after a key is fixed -------------------------------------------------------------


def test_regrade_shows_a_dry_run_and_applies_only_when_confirmed(client):
    course = make_course()
    question = make_question("single", options=[("Ankara", False), ("Istanbul", True)])
    quiz = make_quiz(make_module(course), questions=[question])
    students = [make_student() for _i in range(3)]
    for student, choice in zip(students, ["Ankara", "Ankara", "Istanbul"], strict=True):
        enrol(student, course)
        make_attempt(student, quiz, {question: option_uid(question, choice)})
    # The key was wrong: Ankara is the capital asked for.
    QuestionOption.objects.filter(question=question, text="Ankara").update(correct=True)
    QuestionOption.objects.filter(question=question, text="Istanbul").update(correct=False)
    instructor = make_instructor()
    client.force_login(instructor)
    url = reverse("quizzes_admin:regrade", args=[question.pk])
    html = html_of(client.get(url))
    assert "3 submitted attempts asked this question." in html
    assert "changes the scores of 3 attempts" in html
    assert html.count("changes</span>") == 3
    assert sorted(Attempt.objects.values_list("score", flat=True)) == [0, 0, 1]  # not saved
    assert not AuditEntry.objects.exists()
    response = client.post(url, {"reason": "Key fixed: Ankara"})
    assert response.status_code == 302
    scores = {a.user_id: a.score for a in Attempt.objects.all()}
    assert scores == {students[0].pk: 1, students[1].pk: 1, students[2].pk: 0}
    entries = AuditEntry.objects.filter(action="regraded")
    assert entries.filter(student__isnull=False).count() == 3
    summary = entries.get(student__isnull=True)
    assert (summary.question, summary.old, summary.new, summary.reason) == (
        question, "3", "3", "Key fixed: Ankara"
    )
    one = entries.get(student=students[0])
    assert (one.old, one.new, one.quiz) == ("0.00", "100.00", quiz)


def test_regrade_preview_queries_do_not_grow(django_assert_max_num_queries):
    def count(students):
        question = make_question("single")
        quiz = make_quiz(questions=[question, make_question("truefalse")])
        for _i in range(students):
            make_attempt(make_student(), quiz, {question: option_uid(question, "Right")})
        with CaptureQueriesContext(connection) as captured:
            changes = services.preview_regrade(services.attempts_using(question))
        assert len(changes) == students and not any(c.changed for c in changes)
        return len(captured.captured_queries)

    small = count(2)
    fresh_database()
    assert count(8) == small


def test_regrade_is_linked_from_the_question_bank_and_the_statistics(client, room):
    question = room.questions[room.quizzes[0].pk][0]
    url = reverse("quizzes_admin:regrade", args=[question.pk])
    client.force_login(room.instructor)
    assert url in html_of(client.get(reverse("wagtailsnippets_quizzes_question:list")))
    assert url in html_of(
        client.get(reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk]))
    )
    assert url in html_of(client.get(reverse("quizzes_admin:statistics",
                                             args=[room.quizzes[0].pk])))


# -- CSV exports -------------------------------------------------------------------------------


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 with a byte-order mark
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_one_row_per_student(client, room):
    first = room.students[0]
    for quiz in room.quizzes:
        services.set_grade_override(first, quiz, 100, "r", by=room.instructor)
    from course.services import set_lesson_complete

    set_lesson_complete(first, room.lessons[1], True)
    client.force_login(room.instructor)
    response = client.get(reverse("course_admin:export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Username", "Name", "E-mail",
                       *[f"{q.title} (%)" for q in room.quizzes],
                       "Progress (%)", "Course complete"]
    assert len(rows) == 1 + len(room.students)
    assert rows[1] == [first.username, first.get_full_name(), first.email, "100", "100",
                       "100", "yes"]
    assert rows[2][-1] == "no" and rows[2][3] == ""  # the essay waits: no grade yet


def test_csv_export_is_safe_against_formulas(client):
    course = make_course()
    quiz = make_quiz(make_module(course), questions=[make_question()], title="=1+1")
    student = make_student("plain", first_name="=HYPERLINK(\"http://x\")", last_name="@bad")
    student.email = "-2+3@example.org"
    student.save()
    enrol(student, course)
    client.force_login(make_instructor())
    rows = read_csv(client.get(reverse("course_admin:export")))
    assert rows[0][3] == "'=1+1 (%)"
    assert rows[1][1] == "'=HYPERLINK(\"http://x\") @bad"
    assert rows[1][2] == "'-2+3@example.org"
    moodle = read_csv(client.get(reverse("course_admin:export_moodle")))
    assert moodle[0] == ["email", "'=1+1"]
    assert quiz.title == "=1+1"


def test_moodle_export_layout(client, room):
    for quiz in room.quizzes:
        services.set_grade_override(room.students[0], quiz, Decimal("72.5"), "r",
                                    by=room.instructor)
    client.force_login(room.instructor)
    rows = read_csv(client.get(reverse("course_admin:export_moodle")))
    assert rows[0] == ["email", *[q.title for q in room.quizzes]]
    assert rows[1] == [room.students[0].email, "72.50", "72.50"]
    rows = read_csv(client.get(reverse("course_admin:export_moodle"), {"by": "username"}))
    assert rows[0][0] == "username" and rows[1][0] == room.students[0].username


def test_export_keeps_the_gradebook_filters(client, room):
    client.force_login(room.instructor)
    rows = read_csv(client.get(reverse("course_admin:export"), {"q": room.students[1].username}))
    assert [row[0] for row in rows[1:]] == [room.students[1].username]
    assert f"{reverse('course_admin:export')}?q=x" in html_of(client.get(GRADEBOOK, {"q": "x"}))


# -- who may see all this -----------------------------------------------------------------------


def admin_urls(room) -> list[str]:
    student, quiz = room.students[0], room.quizzes[0]
    answer = Answer.objects.filter(question__type="essay").first()
    question = room.questions[quiz.pk][0]
    return [
        reverse("course_admin:gradebook"),
        reverse("course_admin:student", args=[student.pk]),
        reverse("course_admin:export"),
        reverse("course_admin:export_moodle"),
        reverse("course_admin:students"),
        reverse("course_admin:enrol") + "?q=a",
        reverse("course_admin:enrol_confirm", args=[student.pk]),
        reverse("course_admin:unenrol", args=[student.pk]),
        reverse("course_admin:reset", args=[student.pk]),
        reverse("course_admin:reset_confirm", args=[student.pk, quiz.pk]),
        reverse("quizzes_admin:grading"),
        reverse("quizzes_admin:mark", args=[answer.pk]),
        reverse("quizzes_admin:override", args=[student.pk, quiz.pk]),
        reverse("quizzes_admin:override_remove", args=[student.pk, quiz.pk]),
        reverse("quizzes_admin:regrade", args=[question.pk]),
        reverse("quizzes_admin:statistics_index"),
        reverse("quizzes_admin:statistics", args=[quiz.pk]),
        reverse("quizzes_admin:audit"),
    ]


def test_anonymous_users_go_to_the_admin_login(client, room):
    for url in admin_urls(room):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/?next="), url


def test_students_are_refused_and_change_nothing(client, room):
    student = room.students[0]
    client.force_login(student)
    for url in admin_urls(room):
        for method in (client.get, client.post):
            response = method(url, {"percent": "100", "reason": "me", "score": "5"})
            assert response.status_code in (302, 403), url
            assert response.get("Location", "/admin/login/").startswith("/admin/login/"), url
    assert not GradeOverride.objects.exists() and not AuditEntry.objects.exists()
    assert Enrolment.objects.filter(user=student).exists()
    assert Attempt.objects.filter(user=student).count() == 2


def test_admin_users_without_the_grading_permission_are_refused(client, room):
    editor = make_user("editor", group=None)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in admin_urls(room):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or response["Location"] == "/admin/", url


def test_instructors_see_everything(client, room):
    services.set_grade_override(room.students[0], room.quizzes[0], 50, "r", by=room.instructor)
    client.force_login(room.instructor)
    for url in admin_urls(room):
        assert client.get(url).status_code == 200, url


def test_the_gradebook_menu_is_for_instructors_only(client, room):
    client.force_login(room.instructor)
    html = html_of(client.get("/admin/"))
    assert "Gradebook" in html and reverse("quizzes_admin:grading") in html
    editor = make_user("editor", group=None)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    html = html_of(client.get("/admin/"))
    assert reverse("course_admin:gradebook") not in html


def test_lesson_completion_counts_in_the_gradebook(client):
    course = make_course()
    lesson = make_lesson(make_module(course))
    student = make_student()
    enrol(student, course)
    from course.models import LessonCompletion

    LessonCompletion.objects.create(user=student, lesson=lesson)
    client.force_login(make_instructor())
    html = html_of(client.get(GRADEBOOK))
    assert 'value="100"' in html and "course complete" in html
