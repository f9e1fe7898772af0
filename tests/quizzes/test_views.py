"""The quiz pages end to end through the plain forms (no JavaScript), the autosave API,
bad input, access, the review options, and the answer-key scan."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes import services
from quizzes.models import Answer, Attempt
from tests.factories import make_place, make_question, make_quiz, make_student

pytestmark = pytest.mark.django_db

KINDS = ["single", "multiple", "truefalse", "short", "numeric", "ordering", "matching",
         "mappoint", "essay"]


def url(name, attempt):
    return reverse(f"quizzes:{name}", kwargs={"pk": attempt.pk})


def uid(question, text):
    return question.options.get(text_en=text).uid


@pytest.fixture
def student(client):
    user = make_student()
    client.force_login(user)
    return user


@pytest.fixture
def places():
    return {
        "turkestan": make_place(key="turkestan", name="Turkestan", lat=43.2973, lon=68.2518),
        "ankara": make_place(key="ankara", name="Ankara", lat=39.9334, lon=32.8597),
    }


@pytest.fixture
def every_type(places):
    return {
        kind: make_question(kind, **({"place": places["turkestan"]} if kind == "mappoint" else {}))
        for kind in KINDS
    }


def right_answers(questions) -> dict:
    """POST fields answering every question right (as a browser without JS sends them)."""
    q = {kind: question for kind, question in questions.items()}
    data = {}
    if "single" in q:
        data[f"q{q['single'].pk}"] = uid(q["single"], "Right")
    if "multiple" in q:
        multiple = q["multiple"]
        data[f"q{multiple.pk}"] = [uid(multiple, "Right"), uid(multiple, "Also right")]
    if "truefalse" in q:
        data[f"q{q['truefalse'].pk}"] = "true"
    if "short" in q:
        data[f"q{q['short'].pk}"] = "turkestan"
    if "numeric" in q:
        data[f"q{q['numeric'].pk}"] = "1 850"
    if "ordering" in q:
        for position, option in enumerate(q["ordering"].options.order_by("sort_order"), start=1):
            data[f"q{q['ordering'].pk}-pos-{option.uid}"] = str(position)
    if "matching" in q:
        for pair in q["matching"].pairs.all():
            data[f"q{q['matching'].pk}-{pair.left_uid}"] = pair.right_uid
    if "mappoint" in q:
        data[f"q{q['mappoint'].pk}-place"] = "turkestan"
    if "essay" in q:
        data[f"q{q['essay'].pk}"] = "Kazakhstan was recognised by Turkey first, in 1991."
    return data


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", kwargs={"quiz_id": quiz.pk}))
    assert response.status_code == 302, response.content[:500]
    return Attempt.objects.get(pk=int(re.search(r"/attempt/(\d+)/", response["Location"])[1]))


# -- access ------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client):
    quiz = make_quiz(questions=[make_question()])
    attempt = services.start_attempt(make_student(), quiz)
    for target in [
        reverse("quizzes:start", kwargs={"quiz_id": quiz.pk}),
        url("attempt", attempt), url("autosave", attempt), url("summary", attempt),
        url("submit", attempt), url("review", attempt),
    ]:
        response = client.post(target) if "start" in target else client.get(target)
        assert response.status_code == 302, target
        assert "/accounts/login/" in response["Location"]


def test_the_quiz_page_invites_anonymous_visitors_to_log_in(client):
    quiz = make_quiz(questions=[make_question()], time_limit_minutes=20, attempts_allowed=3)
    html = client.get(quiz.url).content.decode()
    assert "Log in to take this quiz" in html
    assert "20 minutes" in html and "60%" in html


def test_another_students_attempt_is_not_found(client, student):
    question = make_question("short")
    quiz = make_quiz(questions=[question])
    theirs = services.start_attempt(make_student(), quiz)
    services.save_answers(theirs, {question.pk: "Turkestan"})
    for name in ("attempt", "summary", "review"):
        assert client.get(url(name, theirs)).status_code == 404, name
    for name in ("attempt", "submit"):
        assert client.post(url(name, theirs), {"page": "0"}).status_code == 404, name
    response = client.post(
        url("autosave", theirs), json.dumps({"answers": {str(question.pk): "Almaty"}}),
        content_type="application/json",
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open and Answer.objects.get().response == "Turkestan"


def test_start_needs_a_post(client, student):
    quiz = make_quiz(questions=[make_question()])
    assert client.get(reverse("quizzes:start", kwargs={"quiz_id": quiz.pk})).status_code == 405


# -- the quiz page and starting ------------------------------------------------------------


def test_quiz_page_shows_rules_attempts_and_start(client, student):
    quiz = make_quiz(questions=[make_question()], attempts_allowed=2, time_limit_minutes=15)
    html = client.get(quiz.url).content.decode()
    assert "Start the quiz" in html and "(2 left)" in html and "15 minutes" in html
    attempt = start(client, quiz)
    html = client.get(quiz.url).content.decode()
    assert f"Continue attempt {attempt.number}" in html
    assert start(client, quiz).pk == attempt.pk  # continue, not a new one
    client.post(url("submit", attempt))
    html = client.get(quiz.url).content.decode()
    assert "Start a new attempt" in html and "(1 left)" in html and "Review attempt 1" in html
    client.post(url("submit", start(client, quiz)))
    html = client.get(quiz.url).content.decode()
    assert "You have used all the attempts allowed." in html
    response = client.post(reverse("quizzes:start", kwargs={"quiz_id": quiz.pk}))
    assert response.status_code == 403
    assert "You have used all the attempts allowed." in response.content.decode()


# -- every type end to end -------------------------------------------------------------------


def test_every_type_through_the_form(client, student, every_type):
    quiz = make_quiz(questions=list(every_type.values()))
    attempt = start(client, quiz)
    html = client.get(url("attempt", attempt)).content.decode()
    for kind in KINDS:
        assert f'data-type="{kind}"' in html
    assert html.count("<fieldset") == 6  # radio / checkbox / ordering / matching / map groups
    assert html.count("<legend") == 6
    response = client.post(url("attempt", attempt), {"page": "0", "goto": "summary",
                                                     **right_answers(every_type)})
    assert response.status_code == 302 and response["Location"] == url("summary", attempt)
    assert Answer.objects.filter(attempt=attempt).count() == len(KINDS)
    summary = client.get(url("summary", attempt)).content.decode()
    assert "You have answered 9 of 9 questions." in summary
    response = client.post(url("submit", attempt))
    assert response.status_code == 302 and response["Location"] == url("review", attempt)
    attempt.refresh_from_db()
    assert attempt.score == 8 and attempt.max_score == 9 and attempt.needs_manual_grading
    review = client.get(url("review", attempt)).content.decode()
    assert review.count("review-item correct") == 8
    assert "Waiting for grading" in review


def test_reloading_shows_the_saved_answers(client, student, every_type):
    quiz = make_quiz(questions=list(every_type.values()))
    attempt = start(client, quiz)
    client.post(url("attempt", attempt), {"page": "0", "goto": "0", **right_answers(every_type)})
    html = client.get(url("attempt", attempt)).content.decode()
    q = every_type
    assert re.search(rf'value="{uid(q["single"], "Right")}" checked', html)
    assert re.search(rf'value="{uid(q["multiple"], "Also right")}" checked', html)
    assert 'value="true" checked' in html
    assert 'value="turkestan"' in html and 'value="1 850"' in html
    pair = q["matching"].pairs.first()
    assert f'value="{pair.right_uid}" selected' in html
    assert '<option value="turkestan" selected>' in html
    assert "Kazakhstan was recognised by Turkey first" in html


def test_one_question_per_page_navigation_saves_as_it_goes(client, student):
    first, second = make_question("short"), make_question("short")
    quiz = make_quiz(questions=[first, second], one_per_page=True)
    attempt = start(client, quiz)
    html = client.get(url("attempt", attempt)).content.decode()
    assert f'name="q{first.pk}"' in html and f'name="q{second.pk}"' not in html
    response = client.post(url("attempt", attempt), {"page": "0", "goto": "1",
                                                     f"q{first.pk}": "Turkestan"})
    assert response["Location"] == url("attempt", attempt) + "?page=1"
    html = client.get(response["Location"]).content.decode()
    assert f'name="q{second.pk}"' in html and "Question 2 of 2" in html
    summary = client.get(url("summary", attempt)).content.decode()
    assert "You have answered 1 of 2 questions." in summary and "Not answered" in summary


# -- bad input ---------------------------------------------------------------------------------


def test_bad_form_input_gets_messages_and_a_400(client, student):
    single, numeric = make_question("single"), make_question("numeric")
    short = make_question("short")
    stranger = make_question("single")
    attempt = start(client, make_quiz(questions=[single, numeric, short]))
    client.post(url("attempt", attempt), {"page": "0", "goto": "0",
                                          f"q{single.pk}": uid(single, "Wrong"),
                                          f"q{numeric.pk}": "1800"})
    response = client.post(url("attempt", attempt), {
        "page": "0", "goto": "summary",
        f"q{single.pk}": uid(stranger, "Right"),  # an option of another question
        f"q{numeric.pk}": "eighteen hundred",
        f"q{short.pk}": "x" * 100_000,
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "3 answers could not be saved" in html
    assert "is not one of the options" in html and "is not a number" in html
    assert "The answer is too long (100000 characters; at most 500)." in html
    assert 'value="eighteen hundred"' in html  # shown again to be corrected
    saved = {a.question_id: a.response for a in Answer.objects.filter(attempt=attempt)}
    assert saved == {single.pk: uid(single, "Wrong"), numeric.pk: "1800"}


def test_ordering_positions_must_differ(client, student):
    question = make_question("ordering")
    attempt = start(client, make_quiz(questions=[question]))
    data = {"page": "0", "goto": "0"}
    for option in question.options.all():
        data[f"q{question.pk}-pos-{option.uid}"] = "1"
    response = client.post(url("attempt", attempt), data)
    assert response.status_code == 400
    assert "Give every item a different position." in response.content.decode()
    data = {"page": "0", "goto": "0", f"q{question.pk}-pos-{option.uid}": "first"}
    assert client.post(url("attempt", attempt), data).status_code == 400
    assert not Answer.objects.exists()


def test_autosave_api(client, student):
    single, numeric = make_question("single"), make_question("numeric")
    attempt = start(client, make_quiz(questions=[single, numeric]))

    def autosave(body, content_type="application/json"):
        return client.post(url("autosave", attempt), body, content_type=content_type)

    ok = autosave(json.dumps({"answers": {str(single.pk): uid(single, "Right")}}))
    assert ok.status_code == 200
    assert ok.json()["saved"] == [single.pk] and ok.json()["errors"] == {}
    bad = autosave(json.dumps({"answers": {
        str(single.pk): uid(make_question("single"), "Right"),
        str(numeric.pk): "12abc",
        "424242": "x",
    }}))
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert set(errors) == {str(single.pk), str(numeric.pk), "424242"}
    for body, content_type in [
        ("not json at all", "application/json"),
        ("answers=1", "application/x-www-form-urlencoded"),
        (json.dumps(["a", "list"]), "application/json"),
        (json.dumps({"answers": "nope"}), "application/json"),
        (b"\xff\xfe", "application/json"),
    ]:
        response = autosave(body, content_type)
        assert response.status_code == (400 if content_type == "application/json" else 415), body
        assert response.json()["error"]
    assert client.get(url("autosave", attempt)).status_code == 405
    assert Answer.objects.get().response == uid(single, "Right")


def test_after_the_deadline_answers_are_refused_and_the_saved_ones_graded(client, student):
    question = make_question("short")
    quiz = make_quiz(questions=[question], time_limit_minutes=1)
    attempt = start(client, quiz)
    client.post(url("attempt", attempt), {"page": "0", "goto": "0", f"q{question.pk}": "Turkestan"})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = client.post(url("submit", attempt), {"page": "0", f"q{question.pk}": "Almaty"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Time is up" in html and url("review", attempt) in html
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.timed_out and attempt.score == 1
    again = client.post(
        url("autosave", attempt), json.dumps({"answers": {str(question.pk): "x"}}),
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["redirect"] == url("review", attempt)
    assert Answer.objects.get().response == "Turkestan"


def test_a_submit_after_the_close_date_is_refused_but_the_saved_answers_count(client, student):
    question = make_question("short")
    quiz = make_quiz(questions=[question], closes_at=timezone.now() + datetime.timedelta(hours=1))
    attempt = start(client, quiz)
    client.post(url("attempt", attempt), {"page": "0", "goto": "0", f"q{question.pk}": "Turkestan"})
    past = timezone.now() - datetime.timedelta(minutes=10)
    type(quiz).objects.filter(pk=quiz.pk).update(opens_at=None, closes_at=past)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=past)
    response = client.post(url("submit", attempt), {"page": "0", f"q{question.pk}": "Almaty"})
    assert response.status_code == 409
    attempt.refresh_from_db()
    assert attempt.score == 1
    response = client.post(reverse("quizzes:start", kwargs={"quiz_id": quiz.pk}))
    assert response.status_code == 403 and "This quiz is closed." in response.content.decode()


def test_an_expired_attempt_shows_its_result(client, student):
    question = make_question("short")
    attempt = start(client, make_quiz(questions=[question], time_limit_minutes=1))
    client.post(url("attempt", attempt), {"page": "0", "goto": "0", f"q{question.pk}": "Turkestan"})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = client.get(url("attempt", attempt), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url("review", attempt)
    assert "time ran out" in html and "1 / 1" in html and "Turkestan" in html


def test_submit_twice_is_harmless(client, student):
    attempt = start(client, make_quiz(questions=[make_question()]))
    assert client.post(url("submit", attempt)).status_code == 302
    first = Attempt.objects.get().submitted_at
    assert client.post(url("submit", attempt), {"page": "0"}).status_code == 302
    assert Attempt.objects.get().submitted_at == first


# -- the review options -------------------------------------------------------------------------


def test_review_obeys_the_options_until_the_quiz_closes(client, student):
    question = make_question("single")
    question.feedback_en = "General feedback text."
    question.save()
    quiz = make_quiz(
        questions=[question],
        closes_at=timezone.now() + datetime.timedelta(days=1),
        review_after_answers=False, review_after_correctness=False, review_after_marks=False,
        review_after_feedback=False, review_after_right_answer=False,
    )
    attempt = start(client, quiz)
    client.post(url("submit", attempt), {"page": "0", f"q{question.pk}": uid(question, "Wrong")})
    html = client.get(url("review", attempt)).content.decode()
    assert "The results will be shown later." in html
    for hidden in ("General feedback text.", "The right answer", "Incorrect", "Score", "Wrong"):
        assert hidden not in html
    assert "Score" not in client.get(quiz.url).content.decode()
    type(quiz).objects.filter(pk=quiz.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    html = client.get(url("review", attempt)).content.decode()
    for shown in ("General feedback text.", "The right answer", "Incorrect", "0 / 1", "Wrong",
                  "Right"):
        assert shown in html


def test_review_right_after_by_default_hides_only_the_right_answer(client, student):
    question = make_question("numeric")
    quiz = make_quiz(questions=[question])
    attempt = start(client, quiz)
    client.post(url("submit", attempt), {"page": "0", f"q{question.pk}": "1950"})
    html = client.get(url("review", attempt)).content.decode()
    assert "Incorrect" in html and "1950" in html and "0 / 1" in html
    assert "The right answer" not in html and "1850" not in html


# -- the answer-key scan -------------------------------------------------------------------------


def test_no_response_of_an_open_attempt_reveals_the_answer_key(client, student, places):
    single = make_question("single", options=[("Alpha", True), ("Beta", False)])
    single.options.filter(correct=True).update(feedback_en="SECRET-OPTION-FEEDBACK")
    single.feedback_en = "SECRET-GENERAL-FEEDBACK"
    single.save()
    questions = [
        single,
        make_question("multiple"),
        make_question("truefalse", true_false_answer=False),
        make_question("short", answers=[("en", "caliphate"), ("ru", "халифат")]),
        make_question("numeric", numeric_answer="1234.567", tolerance="0.123"),
        make_question("ordering"),
        make_question("matching"),
        make_question("mappoint", place=places["turkestan"], radius_km=50),
        make_question("essay", rubric="SECRET-RUBRIC"),
    ]
    attempt = start(client, make_quiz(questions=questions, shuffle_options=True))
    html = client.get(url("attempt", attempt)).content.decode()
    autosave = client.post(
        url("autosave", attempt), json.dumps({"answers": {str(questions[0].pk): None}}),
        content_type="application/json",
    ).content.decode()
    summary = client.get(url("summary", attempt)).content.decode()
    for text in (html, autosave, summary):
        lowered = text.lower()
        assert "correct" not in lowered
        for secret in ("secret-", "caliphate", "халифат", "1234.567", "1234,567", "0.123",
                       "43.29", "68.25", "radius", "true_false", "fraction"):
            assert secret not in lowered, secret
    # the place list offers every place, not only the answer
    assert '<option value="turkestan"' in html and '<option value="ankara"' in html
    # option ids say nothing about their order or their pair
    ordering, matching = questions[5], questions[6]
    for pair in matching.pairs.all():
        assert pair.left_uid != pair.right_uid
    shown = re.findall(rf'name="q{ordering.pk}-pos-(\w+)"', html)
    assert sorted(shown) == sorted(ordering.options.values_list("uid", flat=True))


def test_the_quiz_page_grades_an_expired_attempt_instead_of_offering_to_continue(client, student):
    question = make_question("short")
    quiz = make_quiz(questions=[question], time_limit_minutes=1)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    html = client.get(quiz.url).content.decode()
    assert "Continue attempt" not in html and "Submitted when time ran out" in html


def test_the_question_bank_in_the_admin(client, every_type):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-12345678")
    client.force_login(admin)
    quiz = make_quiz(questions=list(every_type.values()))
    assert client.get("/admin/snippets/quizzes/question/").status_code == 200
    for question in every_type.values():
        edit = f"/admin/snippets/quizzes/question/edit/{question.pk}/"
        assert client.get(edit).status_code == 200, question.type
    assert client.get("/admin/snippets/quizzes/questioncategory/").status_code == 200
    assert client.get(f"/admin/pages/{quiz.pk}/edit/").status_code == 200
    assert "Question bank" in client.get("/admin/").content.decode()
