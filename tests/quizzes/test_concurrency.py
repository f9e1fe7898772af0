"""Simultaneous requests against PostgreSQL's row locks: one graded submission, no attempt over
the limit. SQLite has no row locks (it serialises whole transactions), so these skip there:
``DATABASE_URL=postgres://... pytest tests/quizzes/test_concurrency.py``."""

import threading

import pytest
from django.db import connection, connections

from quizzes import services
from quizzes.models import Answer, Attempt
from tests.factories import ensure_wagtail_root, make_question, make_quiz, make_student

THREADS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (DATABASE_URL)"
    ),
]


@pytest.fixture(autouse=True)
def wagtail_root():
    ensure_wagtail_root()


def run_together(work, count=THREADS):
    """Run ``work()`` in ``count`` threads released at the same moment; results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def target():
        try:
            barrier.wait(timeout=30)
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target) for _i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_simultaneous_submits_grade_once():
    question = make_question("single")
    student = make_student()
    attempt = services.start_attempt(student, make_quiz(questions=[question]))
    right = question.options.get(correct=True).uid
    services.save_answers(attempt, {question.pk: right})
    graded = []

    def count(sender, attempt, **kwargs):
        graded.append(attempt.pk)

    services.attempt_submitted.connect(count)
    try:
        results, errors = run_together(lambda: services.submit_attempt(attempt))
    finally:
        services.attempt_submitted.disconnect(count)
    assert errors == []
    assert graded == [attempt.pk]  # exactly one graded submission
    assert {(a.state, a.score, a.submitted_at) for a in results} == {
        ("submitted", 1, Attempt.objects.get().submitted_at)
    }
    assert Answer.objects.count() == 1


def test_simultaneous_starts_never_exceed_the_attempts_limit():
    quiz = make_quiz(questions=[make_question()], attempts_allowed=2)
    student = make_student()
    services.submit_attempt(services.start_attempt(student, quiz))

    def start():
        return services.start_attempt(student, quiz).pk

    results, errors = run_together(start)
    assert errors == []
    assert Attempt.objects.filter(user=student, quiz=quiz).count() == 2
    assert len(set(results)) == 1  # every request got the one new attempt (resumed)
    services.submit_attempt(Attempt.objects.get(pk=results[0]))

    results, errors = run_together(start)
    assert results == [] and len(errors) == THREADS
    assert all(isinstance(error, services.QuizUnavailable) for error in errors)
    assert Attempt.objects.filter(user=student, quiz=quiz).count() == 2


def test_simultaneous_autosaves_and_submit_keep_one_answer_row():
    question = make_question("short")
    attempt = services.start_attempt(make_student(), make_quiz(questions=[question]))

    numbers = iter(range(THREADS))
    lock = threading.Lock()

    def work():
        with lock:
            index = next(numbers)
        if index == THREADS - 1:
            return services.submit_attempt(attempt).state
        try:
            return services.save_answers(attempt, {question.pk: f"answer {index}"}).saved
        except services.AttemptClosed:
            return "closed"

    results, errors = run_together(work)
    assert errors == []
    assert Answer.objects.filter(attempt=attempt, question=question).count() == 1
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.score == 0
