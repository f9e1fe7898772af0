"""Regression tests of issue 14: what a hostile student sent that used to give a 500.

Each case is refused with a message and a 4xx status, the answer saved before stays as it was,
and the attempt can still be submitted and reviewed.
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import forms, grading, services
from quizzes.models import Answer, Attempt
from tests.factories import make_question, make_quiz, make_student

pytestmark = pytest.mark.django_db


def url(name, attempt):
    return reverse(f"quizzes:{name}", kwargs={"pk": attempt.pk})


@pytest.fixture
def student(client):
    user = make_student()
    client.force_login(user)
    return user


@pytest.fixture
def questions():
    return {kind: make_question(kind) for kind in ("short", "essay", "numeric", "mappoint")}


@pytest.fixture
def attempt(client, student, questions):
    quiz = make_quiz(questions=list(questions.values()))
    attempt = services.start_attempt(student, quiz)
    services.save_answers(
        attempt,
        {questions["short"].pk: "Turkestan", questions["essay"].pk: "First draft.",
         questions["numeric"].pk: "1850", questions["mappoint"].pk: {"lat": 43.3, "lon": 68.2}},
    )
    return attempt


def saved(attempt) -> dict:
    return {a.question_id: a.response for a in Answer.objects.filter(attempt=attempt)}


def autosave(client, attempt, answers=None, *, body=None, content_type="application/json"):
    if body is None:
        body = json.dumps({"answers": answers})
    return client.post(url("autosave", attempt), body, content_type=content_type)


def still_works(client, attempt):
    """Submit, the review and the quiz page all answer without a server error."""
    assert client.post(url("submit", attempt)).status_code == 302
    assert client.get(url("review", attempt)).status_code == 200
    assert client.get(attempt.quiz.url).status_code == 200


@pytest.mark.parametrize("bad", ["Turk\x00estan", "\x00", "Turk\ud800estan", "\udfff"])
@pytest.mark.parametrize("kind", ["short", "essay", "numeric"])
def test_nul_and_lone_surrogates_are_refused_by_autosave(client, attempt, questions, kind, bad):
    before = saved(attempt)
    response = autosave(client, attempt, {str(questions[kind].pk): bad})
    assert response.status_code == 400
    assert "cannot be saved" in response.json()["errors"][str(questions[kind].pk)]
    assert saved(attempt) == before
    still_works(client, attempt)


def test_a_nul_in_the_plain_form_is_refused_and_the_text_kept(client, attempt, questions):
    before = saved(attempt)
    essay, mappoint = questions["essay"], questions["mappoint"]
    page = {  # the page as the browser posts it: every field, one of them bad
        "page": "0", f"q{questions['short'].pk}": "Turkestan", f"q{essay.pk}": "Draft\x00two",
        f"q{questions['numeric'].pk}": "1850", f"q{mappoint.pk}-lat": "43.3",
        f"q{mappoint.pk}-lon": "68.2",
    }
    response = client.post(url("attempt", attempt), page)
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be saved" in html and "Draft" in html
    response = client.post(url("submit", attempt), {**page, f"q{essay.pk}": "x\x00"})
    assert response.status_code == 400
    assert saved(attempt) == before
    attempt.refresh_from_db()
    assert attempt.is_open
    still_works(client, attempt)


@pytest.mark.parametrize(
    "bad",
    ["1" * 310, "9" * 21, "0." + "0" * 10 + "1", 10**309, 10**21, 1e308, 1e-11, -1e300,
     "1" * 5000],
)
def test_huge_or_tiny_numbers_are_refused(client, attempt, questions, bad):
    before = saved(attempt)
    response = autosave(client, attempt, {str(questions["numeric"].pk): bad})
    assert response.status_code == 400, response.content
    assert "digits" in response.json()["errors"][str(questions["numeric"].pk)]
    assert saved(attempt) == before
    still_works(client, attempt)


def test_a_json_number_is_stored_as_the_question_reads_it_and_graded(client, attempt, questions):
    numeric = questions["numeric"]
    for sent, stored in [(1.85e3, "1850.0"), (1e-7, "0.0000001"), (1850, "1850")]:
        response = autosave(client, attempt, {str(numeric.pk): sent})
        assert response.status_code == 200, response.content
        assert saved(attempt)[numeric.pk] == stored
    autosave(client, attempt, {str(numeric.pk): 1.85e3})
    attempt = services.submit_attempt(attempt)
    answer = Answer.objects.get(attempt=attempt, question=numeric)
    assert answer.needs_manual is False and answer.fraction == 1  # graded, not "waiting"


def test_a_decimal_comma_question_reads_its_json_numbers_back(student):
    numeric = make_question("numeric", numeric_answer=1.125, tolerance=0)
    quiz = make_quiz(questions=[numeric])
    attempt = services.start_attempt(student, quiz, language="ru")  # reads 1,125 as 1.125
    assert not services.save_answers(attempt, {numeric.pk: 1.125}).errors
    assert Answer.objects.get().response == "1,125"
    assert services.submit_attempt(attempt).score == 1


@pytest.mark.parametrize(
    "bad",
    [{"lat": 10**400, "lon": 1}, {"lat": "1" * 400, "lon": "1"}, {"lat": 1e308 * 10, "lon": 0},
     {"lat": "nan", "lon": 0}, {"lat": "1\x00", "lon": 0}, [10**400, 0]],
)
def test_map_points_off_any_map_are_refused(client, attempt, questions, bad):
    before = saved(attempt)
    body = json.dumps({"answers": {str(questions["mappoint"].pk): bad}})
    response = autosave(client, attempt, body=body)
    assert response.status_code == 400
    assert saved(attempt) == before
    still_works(client, attempt)


def test_map_latitude_of_400_digits_in_the_plain_form(client, attempt, questions):
    name = f"q{questions['mappoint'].pk}"
    response = client.post(
        url("attempt", attempt), {"page": "0", f"{name}-lat": "9" * 400, f"{name}-lon": "1"}
    )
    assert response.status_code == 400
    assert "not a point on the map" in response.content.decode()


def test_deeply_nested_json_is_refused(client, attempt):
    before = saved(attempt)
    for body in ["[" * 100_000 + "]" * 100_000, '{"answers": ' + "[" * 50 + "]" * 50 + "}",
                 json.dumps({"answers": {"1": [[[[["x"]]]]]}})]:
        response = autosave(client, attempt, body=body)
        assert response.status_code == 400
        assert response.json()["error"]
    assert saved(attempt) == before


def test_multipart_autosave_is_unsupported_media_type(client, attempt, questions):
    response = client.post(url("autosave", attempt), {str(questions["short"].pk): "Almaty"})
    assert response.status_code == 415
    assert "JSON" in response.json()["error"]


def test_a_body_too_large_is_413(client, attempt, questions):
    before = saved(attempt)
    essay = str(questions["essay"].pk)
    body = json.dumps({"answers": {essay: "x" * (forms.AUTOSAVE_MAX_BYTES + 1)}})
    response = autosave(client, attempt, body=body)
    assert response.status_code == 413
    assert "Too much data" in response.json()["error"]
    assert saved(attempt) == before


def test_too_many_answers_in_one_body_are_refused(client, attempt):
    answers = {str(n): "x" for n in range(forms.AUTOSAVE_MAX_ANSWERS + 1)}
    assert autosave(client, attempt, answers).status_code == 400


def test_error_messages_do_not_echo_nul_or_surrogates():
    exc = grading.InvalidResponse("x", code="unknown_option", params={"id": "a\x00b\ud800"})
    assert forms.error_message(exc) == "“a\ufffdb\ufffd” is not one of the options."


def test_grading_never_produces_infinity():
    numeric = grading.Numeric(answer=1850, tolerance=50)
    with pytest.raises(grading.InvalidResponse):
        numeric.grade("1" * 310)
    with pytest.raises(grading.InvalidResponse):
        numeric.grade(10**309)
    biggest = numeric.grade("9" * 20 + "." + "9" * 10)
    assert all(v is None or abs(v) < float("inf") for v in biggest.detail.values())
    with pytest.raises(grading.InvalidResponse):
        grading.MapPoint(43, 68, 100).grade({"lat": 10**400, "lon": 0})


def test_a_stored_legacy_huge_number_is_left_to_a_person_not_a_500(client, attempt, questions):
    Answer.objects.filter(attempt=attempt, question=questions["numeric"]).update(
        response="1" * 400
    )
    still_works(client, attempt)
    answer = Answer.objects.get(attempt=attempt, question=questions["numeric"])
    assert answer.needs_manual and answer.marks is None


def test_one_bad_attempt_does_not_stop_close_expired_attempts(monkeypatch, questions):
    quiz = make_quiz(questions=[questions["short"]], time_limit_minutes=5)
    attempts = [services.start_attempt(make_student(), quiz) for _ in range(3)]
    Attempt.objects.update(deadline=timezone.now() - datetime.timedelta(hours=1))
    real_grade = services._grade

    def grade(attempt, **kwargs):
        if attempt.pk == attempts[0].pk:
            raise ValueError("a broken attempt")
        return real_grade(attempt, **kwargs)

    monkeypatch.setattr(services, "_grade", grade)
    assert services.close_expired_attempts() == 2
    states = dict(Attempt.objects.values_list("pk", "state"))
    assert states[attempts[0].pk] == "in_progress"
    assert states[attempts[1].pk] == states[attempts[2].pk] == "submitted"
