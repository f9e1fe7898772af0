"""Property-based fuzzing (hypothesis) of every form and JSON endpoint a student or an anonymous
visitor can reach: no input gives a 5xx, and no answer refused by a request changes what was
saved. Runs on SQLite and, in CI's second pass, on PostgreSQL (which refuses NUL bytes and
lone surrogates that SQLite stores, so both matter). The number of examples is bounded."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import services
from quizzes.models import Answer
from tests.factories import (
    enrol,
    make_course,
    make_lesson,
    make_place,
    make_question,
    make_quiz,
    make_student,
)

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure is reproducible
)
KINDS = ["single", "multiple", "truefalse", "short", "numeric", "ordering", "matching",
         "mappoint", "essay"]

# Text as hostile as it gets: every code point (lone surrogates and NUL included) and the
# inputs that once gave a 500.
NASTY = st.sampled_from([
    "\x00", "\ud800", "a\udfffb", "1" * 310, "9" * 400, "1e308", "1E+308", "-1e-7", "NaN",
    "Infinity", "0x10", "١٢٣", "1 850,5", "abc", "", " ", "//evil.example/x", "wagtailadmin_home",
    "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "../../etc/passwd", "𝟙𝟠𝟝𝟘",
])
TEXT = st.one_of(NASTY, st.text(alphabet=st.characters(codec=None), max_size=30))
NUMBERS = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.one_of(TEXT, st.sampled_from(["lat", "lon", "place"])), children,
                      max_size=4),
    max_leaves=12,
)


@pytest.fixture
def setup(client):
    course = make_course(self_enrolment=True)
    places = [make_place(key="turkestan", name="Turkestan", lat=43.2973, lon=68.2518)]
    questions = [
        make_question(kind, **({"place": places[0]} if kind == "mappoint" else {}))
        for kind in KINDS
    ]
    quiz = make_quiz(questions=questions, attempts_allowed=0)
    student = make_student()
    enrol(student, course)
    client.force_login(student)
    attempt = services.start_attempt(student, quiz)
    return {"course": course, "questions": questions, "quiz": quiz, "attempt": attempt,
            "lesson": make_lesson(), "student": student}


def saved(attempt) -> dict:
    return {a.question_id: a.response for a in Answer.objects.filter(attempt=attempt)}


def ids_and_keys(questions):
    """Values a student might plausibly send: the real option and item ids, places, etc."""
    values = ["turkestan", "true", "false", "1850", "Turkestan"]
    for question in questions:
        values += list(question.options.values_list("uid", flat=True))
        for left, right in question.pairs.values_list("left_uid", "right_uid"):
            values += [left, right]
    return values


def test_autosave_json_never_fails_and_refusals_change_nothing(client, setup):
    attempt, questions = setup["attempt"], setup["questions"]
    keys = st.one_of(st.sampled_from([str(q.pk) for q in questions]), TEXT)
    plausible = st.sampled_from(ids_and_keys(questions))
    value = st.one_of(JSON_VALUES, plausible, st.lists(plausible, max_size=4),
                      st.dictionaries(plausible, st.one_of(plausible, st.none()), max_size=3))

    @FUZZ
    @given(answers=st.dictionaries(keys, value, max_size=5))
    def check(answers):
        before = saved(attempt)
        response = client.post(
            reverse("quizzes:autosave", args=[attempt.pk]),
            json.dumps({"answers": answers}), content_type="application/json",
        )
        assert response.status_code < 500
        after = saved(attempt)
        if response.status_code != 200:
            body = response.json()
            refused = set(body.get("errors", {})) if "errors" in body else None
            for pk, value in before.items():
                if refused is None or str(pk) in refused:
                    assert after.get(pk) == value, (answers, body)
        client.get(reverse("quizzes:attempt", args=[attempt.pk]))  # the page still renders

    check()
    response = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert response.status_code == 302
    assert client.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 200
    assert client.get(setup["quiz"].url).status_code == 200


@FUZZ
@given(body=st.one_of(st.binary(max_size=200), TEXT.map(lambda t: t.encode("utf-8", "replace"))),
       content_type=st.sampled_from(["application/json", "text/plain", "multipart/form-data",
                                     "application/x-www-form-urlencoded", ""]))
def test_autosave_raw_bodies_never_fail(client, setup, body, content_type):
    attempt = setup["attempt"]
    before = saved(attempt)
    response = client.post(
        reverse("quizzes:autosave", args=[attempt.pk]), body, content_type=content_type
    )
    assert response.status_code < 500
    if response.status_code != 200:
        assert saved(attempt) == before


def test_the_plain_form_never_fails(client, setup):
    attempt, questions = setup["attempt"], setup["questions"]
    names = []
    for question in questions:
        names += [f"q{question.pk}", f"q{question.pk}-lat", f"q{question.pk}-lon",
                  f"q{question.pk}-place"]
        names += [f"q{question.pk}-pos-{uid}" for uid in
                  question.options.values_list("uid", flat=True)]
        names += [f"q{question.pk}-{uid}" for uid in
                  question.pairs.values_list("left_uid", flat=True)]
    names += ["page", "goto"]
    field = st.one_of(st.sampled_from(names), TEXT)
    value = st.one_of(TEXT, st.sampled_from(ids_and_keys(questions) + ["1", "2", "3", "-1"]))

    @FUZZ
    @given(data=st.dictionaries(field, value, max_size=8), target=st.sampled_from(["attempt"]))
    def check(data, target):
        # Text that is not valid UTF-8 on the wire cannot come through a form: what the browser
        # sends is decoded with replacement, so surrogates are mapped as a server would see them.
        data = {k.encode("utf-8", "replace").decode(): v.encode("utf-8", "replace").decode()
                for k, v in data.items()}
        response = client.post(reverse(f"quizzes:{target}", args=[attempt.pk]), data)
        assert response.status_code < 500

    check()


@FUZZ
@given(next_=TEXT, complete=TEXT)
def test_course_forms_never_fail(client, setup, next_, complete):
    next_ = next_.encode("utf-8", "replace").decode()
    complete = complete.encode("utf-8", "replace").decode()
    response = client.post(reverse("enrol"), {"next": next_})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    lesson = setup["lesson"]
    response = client.post(reverse("lesson-complete", args=[lesson.pk]), {"complete": complete})
    assert response.status_code < 500


@FUZZ
@given(username=TEXT, password=TEXT, next_=TEXT, language=TEXT)
def test_anonymous_forms_never_fail(setup, username, password, next_, language):
    anonymous = Client()
    clean = {k: v.encode("utf-8", "replace").decode() for k, v in
             {"username": username, "password": password, "next": next_}.items()}
    assert anonymous.post(reverse("login"), clean).status_code < 500
    assert anonymous.post(reverse("wagtailadmin_login"), clean).status_code < 500
    assert anonymous.post(reverse("password_reset"), {"email": clean["username"]}).status_code < 500
    response = anonymous.post(
        reverse("set_language"), {"language": language.encode("utf-8", "replace").decode(),
                                  "next": clean["next"]},
    )
    assert response.status_code < 500
    assert anonymous.get(reverse("lessons:timeline"), {"category": clean["username"],
                                                       "period": clean["next"]}).status_code < 500
    code = clean["password"].replace("/", "") or "x"
    assert anonymous.get(reverse("certificate-verify", args=[code])).status_code < 500
