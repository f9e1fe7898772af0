"""Attempts: start, resume, the attempts limit, autosave, expiry, idempotent submit, grades."""

import datetime
import sys
import types
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from quizzes import selectors, services
from quizzes.models import Answer, Attempt
from tests.factories import (
    make_category,
    make_place,
    make_question,
    make_quiz,
    make_student,
)

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def uid(question, text):
    return question.options.get(text_en=text).uid


@pytest.fixture
def student():
    return make_student()


# -- start and resume ------------------------------------------------------------------------


def test_start_fixes_questions_options_and_deadline(student):
    questions = [make_question("single"), make_question("ordering"), make_question("matching")]
    quiz = make_quiz(questions=questions, time_limit_minutes=20)
    now = timezone.now()
    attempt = services.start_attempt(student, quiz, now=now, language="ru")
    assert attempt.number == 1 and attempt.language == "ru" and attempt.is_open
    assert attempt.deadline == now + 20 * MINUTE
    assert attempt.question_ids == [q.pk for q in questions]
    snapshot = attempt.snapshot
    assert sorted(snapshot["options"][str(questions[0].pk)]) == sorted(
        questions[0].options.values_list("uid", flat=True)
    )
    correct_order = list(questions[1].options.values_list("uid", flat=True))
    assert snapshot["options"][str(questions[1].pk)] != correct_order  # never shown solved
    assert len(snapshot["rights"][str(questions[2].pk)]) == 2


def test_the_deadline_is_the_close_date_when_that_comes_first(student):
    now = timezone.now()
    quiz = make_quiz(
        questions=[make_question()], time_limit_minutes=60, closes_at=now + 10 * MINUTE
    )
    assert services.start_attempt(student, quiz, now=now).deadline == quiz.closes_at


def test_start_resumes_the_open_attempt(student):
    quiz = make_quiz(questions=[make_question()])
    first = services.start_attempt(student, quiz)
    assert services.start_attempt(student, quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_attempts_limit(student):
    quiz = make_quiz(questions=[make_question()], attempts_allowed=2)
    services.submit_attempt(services.start_attempt(student, quiz))
    second = services.start_attempt(student, quiz)
    assert second.number == 2
    services.submit_attempt(second)
    with pytest.raises(services.QuizUnavailable, match="all the attempts"):
        services.start_attempt(student, quiz)
    assert services.start_attempt(make_student(), quiz).number == 1  # per student


def test_closed_and_not_yet_open_quizzes_cannot_be_started(student):
    now = timezone.now()
    closed = make_quiz(questions=[make_question()], closes_at=now - MINUTE)
    with pytest.raises(services.QuizUnavailable, match="closed"):
        services.start_attempt(student, closed, now=now)
    later = make_quiz(questions=[make_question()], opens_at=now + MINUTE)
    with pytest.raises(services.QuizUnavailable, match="not open yet"):
        services.start_attempt(student, later, now=now)


def test_a_quiz_without_questions_cannot_be_started(student):
    with pytest.raises(services.QuizUnavailable, match="no questions"):
        services.start_attempt(student, make_quiz())


def test_the_course_access_hook_is_asked_when_it_exists(student, monkeypatch):
    quiz = make_quiz(questions=[make_question()])
    asked = []
    access = types.ModuleType("course.access")
    access.can_start_quiz = lambda user, q: asked.append((user, q)) or False
    monkeypatch.setitem(sys.modules, "course.access", access)
    with pytest.raises(services.QuizUnavailable):
        services.start_attempt(student, quiz)
    assert asked == [(student, quiz)]
    access.can_start_quiz = lambda user, q: True
    assert services.start_attempt(student, quiz).number == 1


def test_random_draw_from_a_category_is_fixed_per_attempt(student):
    category = make_category()
    fixed = make_question(category=category)
    pool = [make_question(category=category) for _i in range(6)]
    quiz = make_quiz(questions=[fixed], draw_category=category, draw_count=3)
    attempt = services.start_attempt(student, quiz)
    ids = attempt.question_ids
    assert ids[0] == fixed.pk and len(ids) == 4 and len(set(ids)) == 4
    assert set(ids[1:]) <= {q.pk for q in pool}
    assert services.draw_snapshot(quiz, 42) == services.draw_snapshot(quiz, 42)  # seeded
    assert selectors.question_count(quiz) == 4


# -- saving answers --------------------------------------------------------------------------


def test_save_keeps_the_previous_answer_when_the_new_one_is_invalid(student):
    single, numeric = make_question("single"), make_question("numeric")
    other = make_question("single")
    attempt = services.start_attempt(student, make_quiz(questions=[single, numeric]))
    result = services.save_answers(attempt, {single.pk: uid(single, "Right"), numeric.pk: "1 850"})
    assert result.saved == [single.pk, numeric.pk] and result.errors == {}
    result = services.save_answers(
        attempt,
        {
            str(single.pk): uid(other, "Right"),  # an option of another question
            numeric.pk: "a lot",
            "999999": "x",  # not a question of this attempt
            "nonsense": "x",
        },
    )
    assert result.saved == []
    assert "is not one of the options" in result.errors[single.pk]  # ids come back as ints
    assert "is not a number" in result.errors[numeric.pk]
    assert "not part of this attempt" in result.errors["999999"]
    assert "not part of this attempt" in result.errors["nonsense"]
    saved = {a.question_id: a.response for a in Answer.objects.filter(attempt=attempt)}
    assert saved == {single.pk: uid(single, "Right"), numeric.pk: "1 850"}


def test_too_long_answers_are_refused_with_a_short_message(student):
    short, essay = make_question("short"), make_question("essay")
    attempt = services.start_attempt(student, make_quiz(questions=[short, essay]))
    result = services.save_answers(attempt, {short.pk: "x" * 100_000, essay.pk: "y" * 100_000})
    assert "too long" in result.errors[short.pk] and "too long" in result.errors[essay.pk]
    assert len(result.errors[short.pk]) < 200
    assert not Answer.objects.exists()


def test_an_unchanged_answer_is_not_written_again(student):
    question = make_question("short")
    attempt = services.start_attempt(student, make_quiz(questions=[question]))
    first = timezone.now()
    services.save_answers(attempt, {question.pk: "Turkestan"}, now=first)
    result = services.save_answers(attempt, {question.pk: " Turkestan "}, now=first + MINUTE)
    assert result.saved == []
    assert Answer.objects.get().saved_at == first


def test_map_answer_from_the_list_is_graded_like_a_click(student):
    place = make_place(key="turkestan", name="Turkestan", lat=43.2973, lon=68.2518)
    make_place(key="ankara", name="Ankara", lat=39.93, lon=32.86)
    question = make_question("mappoint", place=place, radius_km=50)
    attempt = services.start_attempt(student, make_quiz(questions=[question]))
    services.save_answers(attempt, {question.pk: {"place": "turkestan"}})
    assert Answer.objects.get().response == {"place": "turkestan", "lat": 43.2973, "lon": 68.2518}
    result = services.save_answers(attempt, {question.pk: {"place": "atlantis"}})
    assert "not one of the places" in result.errors[question.pk]
    graded = services.submit_attempt(attempt)
    assert graded.score == Decimal("1.00")


def test_map_click_far_away_scores_nothing(student):
    question = make_question("mappoint")
    attempt = services.start_attempt(student, make_quiz(questions=[question]))
    services.save_answers(attempt, {question.pk: {"lat": "39.93", "lon": "32.86"}})
    assert services.submit_attempt(attempt).score == 0
    assert Answer.objects.get().detail["distance_km"] > 2000


# -- submitting and grading ------------------------------------------------------------------


def test_submit_grades_every_type_and_is_idempotent(student, django_capture_on_commit_callbacks):
    questions = {kind: make_question(kind, points=2) for kind in (
        "single", "multiple", "truefalse", "short", "numeric", "ordering", "matching",
        "mappoint", "essay",
    )}
    attempt = services.start_attempt(student, make_quiz(questions=list(questions.values())))
    q = questions
    pairs = {p.left_uid: p.right_uid for p in q["matching"].pairs.all()}
    result = services.save_answers(attempt, {
        q["single"].pk: uid(q["single"], "Right"),
        q["multiple"].pk: [uid(q["multiple"], "Right")],  # half of the right ones: 1 of 2
        q["truefalse"].pk: "true",
        q["short"].pk: "«TURKESTAN»",
        q["numeric"].pk: "1 870",
        q["ordering"].pk: list(q["ordering"].options.values_list("uid", flat=True)),
        q["matching"].pk: pairs,
        q["mappoint"].pk: {"lat": 43.3, "lon": 68.2},
        q["essay"].pk: "Recognition came in 1991.",
    })
    assert result.errors == {}
    sent = []

    def receiver(sender, attempt, **kwargs):
        sent.append(attempt.pk)

    services.attempt_submitted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            graded = services.submit_attempt(attempt)
            again = services.submit_attempt(attempt)
    finally:
        services.attempt_submitted.disconnect(receiver)
    assert sent == [attempt.pk]
    assert graded.state == "submitted" and again.submitted_at == graded.submitted_at
    assert graded.score == Decimal("15.00")  # 8 auto-graded x 2 points, minus 1 for multiple
    assert graded.max_score == Decimal("18.00")
    assert graded.needs_manual_grading is True and graded.timed_out is False
    essay = Answer.objects.get(question=q["essay"])
    assert essay.needs_manual and essay.marks is None and essay.detail == {"words": 4}
    assert Answer.objects.get(question=q["multiple"]).marks == Decimal("1.00")


def test_blank_questions_are_graded_as_zero(student):
    questions = [make_question("single"), make_question("numeric")]
    graded = services.submit_attempt(
        services.start_attempt(student, make_quiz(questions=questions))
    )
    assert graded.score == 0 and graded.max_score == 2
    assert Answer.objects.filter(attempt=graded, fraction=0).count() == 2


def test_saving_into_a_submitted_attempt_is_refused(student):
    question = make_question("short")
    attempt = services.start_attempt(student, make_quiz(questions=[question]))
    services.submit_attempt(attempt)
    with pytest.raises(services.AttemptClosed, match="already been submitted"):
        services.save_answers(attempt, {question.pk: "Turkestan"})


def test_regrade_after_a_key_is_fixed_keeps_a_persons_grade(student):
    single, essay = make_question("single"), make_question("essay", points=5)
    attempt = services.start_attempt(student, make_quiz(questions=[single, essay]))
    services.save_answers(attempt, {single.pk: uid(single, "Wrong"), essay.pk: "Text."})
    assert services.submit_attempt(attempt).score == 0
    Answer.objects.filter(question=essay).update(marks=Decimal("4"))  # a teacher graded it
    single.options.filter(text_en="Right").update(correct=False)
    single.options.filter(text_en="Wrong").update(correct=True)
    regraded = services.regrade_attempt(attempt)
    assert regraded.score == Decimal("5.00")
    assert regraded.needs_manual_grading is False
    assert services.regrade_quiz(attempt.quiz) == 1


# -- the time limit --------------------------------------------------------------------------


def _timed_attempt(student, minutes=1):
    question = make_question("short")
    quiz = make_quiz(questions=[question], time_limit_minutes=minutes)
    start = timezone.now()
    attempt = services.start_attempt(student, quiz, now=start)
    services.save_answers(attempt, {question.pk: "Turkestan"}, now=start)
    return attempt, question, start


def test_answers_within_the_grace_period_are_taken(student):
    attempt, question, start = _timed_attempt(student)
    late = attempt.deadline + datetime.timedelta(seconds=20)
    services.save_answers(attempt, {question.pk: "Almaty"}, now=late)
    assert Answer.objects.get().response == "Almaty"
    graded = services.submit_attempt(attempt, now=late)
    assert graded.timed_out and graded.submitted_at == attempt.deadline


def test_a_late_final_post_does_not_zero_the_attempt(student):
    attempt, question, start = _timed_attempt(student)
    too_late = attempt.deadline + services.GRACE + datetime.timedelta(seconds=1)
    with pytest.raises(services.AttemptClosed, match="Time is up") as info:
        services.save_answers(attempt, {question.pk: "Almaty"}, now=too_late)
    graded = info.value.attempt
    assert graded.state == "submitted" and graded.timed_out
    assert graded.score == 1  # the saved answer, Turkestan, counts
    assert Answer.objects.get().response == "Turkestan"


def test_expiry_happens_lazily_and_by_command(student):
    attempt, _question, start = _timed_attempt(student)
    assert services.expire_if_due(attempt, now=attempt.deadline + MINUTE).state == "submitted"
    other, _q, _s = _timed_attempt(make_student())
    open_one, _q, _s = _timed_attempt(make_student(), minutes=60)
    Attempt.objects.filter(pk=other.pk).update(deadline=timezone.now() - 5 * MINUTE)
    call_command("close_expired_attempts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    other.refresh_from_db()
    open_one.refresh_from_db()
    assert other.state == "submitted" and other.score == 1 and other.timed_out
    assert open_one.state == "in_progress"


def test_an_expired_open_attempt_is_closed_before_a_new_start(student):
    attempt, _question, _start = _timed_attempt(student)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - 5 * MINUTE)
    new = services.start_attempt(student, attempt.quiz)
    assert new.number == 2
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.score == 1


# -- grades across attempts ------------------------------------------------------------------


def _attempts(*percents):
    result = []
    for number, percent in enumerate(percents, start=1):
        attempt = Attempt(number=number, state="submitted", max_score=Decimal(10))
        if percent is None:
            attempt.needs_manual_grading, attempt.score = True, Decimal(0)
        else:
            attempt.score = Decimal(percent) / 10
        result.append(attempt)
    return result


@pytest.mark.parametrize(
    "method, percents, grade",
    [
        ("highest", [40, 80, 60], "80.00"),
        ("average", [40, 80, 60], "60.00"),
        ("average", [50, 55], "52.50"),
        ("first", [40, 80, 60], "40.00"),
        ("last", [40, 80, 60], "60.00"),
        ("highest", [], None),
        ("first", [None, 80], None),  # the first waits for a teacher
        ("highest", [None, 80], "80.00"),
        ("last", [70, None], None),
    ],
)
def test_grading_methods(method, percents, grade):
    result = selectors.quiz_grade(_attempts(*percents), method)
    assert result == (None if grade is None else Decimal(grade))


def test_quiz_results_for_several_quizzes_in_one_query(student, django_assert_num_queries):
    question = make_question("single")
    passed = make_quiz(questions=[question])
    failed = make_quiz(questions=[question], pass_mark=100)
    untouched = make_quiz(questions=[question])
    for quiz in (passed, failed):
        attempt = services.start_attempt(student, quiz)
        services.save_answers(attempt, {question.pk: uid(question, "Right")})
        services.submit_attempt(attempt)
    Attempt.objects.filter(quiz=failed).update(score=Decimal("0.5"))
    with django_assert_num_queries(1):
        results = selectors.quiz_results(student, [passed, failed, untouched])
    assert results[passed.pk] == {"grade": Decimal("100.00"), "passed": True, "attempts": 1}
    assert results[failed.pk]["passed"] is False
    assert results[untouched.pk] == {"grade": None, "passed": False, "attempts": 0}
    assert selectors.quiz_result(student, passed)["passed"] is True
