"""Quiz statistics per question: facility, discrimination (as Moodle computes them, over each
student's first graded attempt), how often each option was chosen, and the flags."""

import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import gradebook, services
from quizzes.models import Answer
from tests.factories import (
    make_attempt,
    make_instructor,
    make_question,
    make_quiz,
    make_student,
    option_uid,
)

pytestmark = pytest.mark.django_db


def test_correlation():
    assert gradebook.correlation([0, 1, 2], [1, 3, 5]) == pytest.approx(1)
    assert gradebook.correlation([0, 1, 2], [5, 3, 1]) == pytest.approx(-1)
    assert gradebook.correlation([1, 0, 1, 0], [0.9, 0.2, 0.5, 0.4]) == pytest.approx(
        statistics.correlation([1, 0, 1, 0], [0.9, 0.2, 0.5, 0.4])
    )
    assert gradebook.correlation([1], [1]) is None  # fewer than 2 attempts
    assert gradebook.correlation([1, 1, 1], [0, 0.5, 1]) is None  # no variation


@pytest.fixture
def quiz_and_questions():
    single = make_question("single", text="Capital?")
    truefalse = make_question("truefalse")
    multiple = make_question("multiple", points=2)
    quiz = make_quiz(questions=[single, truefalse, multiple])
    return quiz, single, truefalse, multiple


def answer_all(quiz, single, truefalse, multiple, plan):
    """One student per entry of ``plan``: (single option, true/false, multiple options)."""
    students = []
    for choice, truth, picks in plan:
        student = make_student()
        responses = {truefalse: truth, multiple: [option_uid(multiple, p) for p in picks]}
        if choice:
            responses[single] = option_uid(single, choice)
        make_attempt(student, quiz, responses)
        students.append(student)
    return students


def reference(quiz, question, first_attempts):
    """Facility and discrimination computed independently from the stored marks."""
    mine, rest = [], []
    for attempt in first_attempts:
        marks = {a.question_id: a.marks for a in attempt.answers.all()}
        own = float(marks[question.pk]) / float(question.points)
        others = float(attempt.score) - float(marks[question.pk])
        mine.append(own)
        rest.append(others / (float(attempt.max_score) - float(question.points)))
    return statistics.mean(mine), statistics.correlation(mine, rest)


def test_facility_discrimination_and_option_counts(quiz_and_questions):
    quiz, single, truefalse, multiple = quiz_and_questions
    plan = [
        ("Right", True, ["Right", "Also right"]),
        ("Right", True, ["Right"]),
        ("Wrong", False, ["Right", "Wrong"]),
        ("Wrong", True, ["Wrong"]),
        (None, False, ["Also right"]),
    ]
    students = answer_all(quiz, single, truefalse, multiple, plan)
    # A second attempt does not count: statistics use each student's first attempt.
    make_attempt(students[3], quiz, {single: option_uid(single, "Right"), truefalse: True})
    stats = gradebook.quiz_statistics(quiz)
    assert (stats.attempts, stats.all_submitted) == (5, 6)
    by_key = {row.question.key: row for row in stats.questions}
    assert [row.question.pk for row in stats.questions] == [single.pk, truefalse.pk, multiple.pk]
    firsts = [s.quiz_attempts.get(number=1) for s in students]
    for question in (single, truefalse, multiple):
        facility, discrimination = reference(quiz, question, firsts)
        row = by_key[question.key]
        assert row.attempts == 5
        assert row.facility == pytest.approx(facility)
        assert row.discrimination == pytest.approx(discrimination)
    counts = {o.label: (o.count, o.correct) for o in by_key[single.key].options}
    assert counts == {"Right": (2, True), "Wrong": (2, False), "Also wrong": (0, False)}
    assert by_key[single.key].blank == 1
    assert by_key[single.key].facility == pytest.approx(0.4)
    shares = {o.label: o.share for o in by_key[single.key].options}
    assert shares["Right"] == pytest.approx(0.4)
    picks = {o.label: o.count for o in by_key[multiple.key].options}
    assert picks == {"Right": 3, "Also right": 2, "Wrong": 2}
    truth = {o.label: (o.count, o.correct) for o in by_key[truefalse.key].options}
    assert truth == {"True": (3, True), "False": (2, False)}
    assert stats.mean == pytest.approx(statistics.mean(float(a.percent) for a in firsts))


def test_not_available_below_two_attempts_or_without_variation(quiz_and_questions):
    quiz, single, truefalse, multiple = quiz_and_questions
    answer_all(quiz, single, truefalse, multiple, [("Right", True, ["Right"])])
    row = gradebook.quiz_statistics(quiz).questions[0]
    assert row.attempts == 1 and row.facility == 1 and row.discrimination is None
    answer_all(quiz, single, truefalse, multiple, [("Right", False, ["Wrong"])])
    row = gradebook.quiz_statistics(quiz).questions[0]
    assert row.attempts == 2 and row.discrimination is None  # everybody right: no variation


def test_weak_questions_are_flagged(quiz_and_questions):
    quiz, single, truefalse, multiple = quiz_and_questions
    # Everybody fails the single choice; everybody gets true/false; the multiple one goes
    # against the rest of the test (the best students get it wrong).
    answer_all(quiz, single, truefalse, multiple, [
        ("Wrong", True, ["Wrong"]),
        ("Wrong", True, ["Right", "Also right"]),
        ("Wrong", True, ["Right"]),
    ])
    rows = {row.question.pk: row for row in gradebook.quiz_statistics(quiz).questions}
    assert rows[single.pk].facility == 0
    assert any("Very hard" in flag for flag in rows[single.pk].flags)
    assert any("Very easy" in flag for flag in rows[truefalse.pk].flags)
    assert rows[single.pk].discrimination is None  # no variation: n/a, not flagged for it


def test_the_first_graded_attempt_counts(quiz_and_questions):
    quiz, single, truefalse, multiple = quiz_and_questions
    essay = make_question("essay", points=1)
    quiz_with_essay = make_quiz(questions=[single, essay])
    student, instructor = make_student(), make_instructor()
    first = make_attempt(student, quiz_with_essay, {single: option_uid(single, "Wrong")})
    second = make_attempt(student, quiz_with_essay, {single: option_uid(single, "Right")})
    assert gradebook.quiz_statistics(quiz_with_essay).attempts == 0  # both wait for a mark
    services.mark_answer(second.answers.get(question=essay), 1, by=instructor)
    stats = gradebook.quiz_statistics(quiz_with_essay)
    assert stats.attempts == 1
    assert stats.questions[0].facility == 1  # the second attempt: the first is not graded
    services.mark_answer(first.answers.get(question=essay), 1, by=instructor)
    assert gradebook.quiz_statistics(quiz_with_essay).questions[0].facility == 0


def test_statistics_queries_do_not_grow():
    def count(students, questions):
        kinds = ["single", "truefalse", "multiple", "essay", "short"]
        bank = [make_question(kinds[i % len(kinds)]) for i in range(questions)]
        quiz = make_quiz(questions=bank)
        for i in range(students):
            attempt = make_attempt(make_student(), quiz, {bank[0]: option_uid(bank[0], "Right")
                                                          if i % 2 else option_uid(bank[0],
                                                                                   "Wrong")})
            for answer in Answer.objects.filter(attempt=attempt, marks__isnull=True):
                services.mark_answer(answer, 0, by=make_instructor())
        with CaptureQueriesContext(connection) as captured:
            stats = gradebook.quiz_statistics(quiz)
        assert stats.attempts == students
        return len(captured.captured_queries)

    assert count(2, 4) == count(9, 10)


def test_the_statistics_pages(client, quiz_and_questions):
    quiz, single, truefalse, multiple = quiz_and_questions
    answer_all(quiz, single, truefalse, multiple, [("Right", True, ["Right"])])
    client.force_login(make_instructor())
    html = client.get(reverse("quizzes_admin:statistics", args=[quiz.pk])).content.decode()
    assert "Capital?" in html and "n/a" in html and "Very easy" in html
    assert "1.00" in html  # facility of the single choice
    assert reverse("quizzes_admin:regrade", args=[single.pk]) in html
    assert "Also wrong" in html  # options are listed with their counts
    index = client.get(reverse("quizzes_admin:statistics_index")).content.decode()
    assert quiz.title in index
    assert reverse("quizzes_admin:statistics", args=[quiz.pk]) in index
