"""The question bank and attempt models: constraints, cross-row rules, the grading key."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from course.roles import INSTRUCTORS
from quizzes import grading
from quizzes.models import Attempt, Question, QuestionOption
from tests.factories import make_category, make_place, make_question, make_quiz, make_student

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize(
    "fields",
    [
        {"points": 0},
        {"points": -1},
        {"tolerance": -1},
        {"radius_km": 0},
        {"radius_km": -5},
        {"type": "dragdrop"},
    ],
    ids=["points-zero", "points-negative", "tolerance-negative", "radius-zero",
         "radius-negative", "unknown-type"],
)
def test_database_refuses_impossible_questions(fields):
    def make():
        values = {"type": "numeric", "text": "?", "numeric_answer": 1, **fields}
        Question.objects.create(key="bad", category=make_category(), **values)

    _refused(make)


def test_option_uids_are_opaque_and_unique_per_question():
    question = make_question("ordering")
    uids = list(question.options.values_list("uid", flat=True))
    assert len(set(uids)) == 3
    assert all(len(uid) == 10 and not uid.isdigit() for uid in uids)
    first = question.options.first()
    _refused(lambda: QuestionOption.objects.create(question=question, uid=first.uid, text="x"))


@pytest.mark.parametrize(
    "kind, options, pairs, answers, problem",
    [
        ("single", [{"correct": True}, {"correct": True}], [], [], "exactly one correct"),
        ("single", [{"correct": False}, {"correct": False}], [], [], "exactly one correct"),
        ("single", [{"correct": True}], [], [], "at least two options"),
        ("multiple", [{"correct": False}, {"correct": False}], [], [], "at least one correct"),
        ("ordering", [{}], [], [], "at least two items"),
        ("matching", [], [{"left": "a", "right": "b"}], [], "at least two pairs"),
        ("short", [], [], [{"language": "ru", "text": "Туркестан"}], "English answer"),
        ("short", [], [], [{"language": "en", "text": "«»"}], "English answer"),
    ],
)
def test_cross_row_rules(kind, options, pairs, answers, problem):
    problems = [str(p) for p in Question.check_rows(kind, options, pairs, answers)]
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "kind, options, pairs, answers",
    [
        ("single", [{"correct": True}, {"correct": False}], [], []),
        ("multiple", [{"correct": True}, {"correct": True}, {}], [], []),
        ("ordering", [{}, {}], [], []),
        ("matching", [], [{}, {}], []),
        ("short", [], [], [{"language": "en", "text": "Turkestan"}]),
        ("essay", [], [], []),
    ],
)
def test_cross_row_rules_accept_good_keys(kind, options, pairs, answers):
    assert Question.check_rows(kind, options, pairs, answers) == []


def test_clean_requires_the_fields_of_the_type():
    numeric = Question(key="n", category=make_category(), type="numeric", text="?")
    with pytest.raises(ValidationError) as info:
        numeric.clean()
    assert "numeric_answer" in info.value.message_dict
    mappoint = Question(key="m", category=make_category(), type="mappoint", text="?")
    with pytest.raises(ValidationError) as info:
        mappoint.clean()
    assert {"place", "radius_km"} <= set(info.value.message_dict)


def test_admin_form_refuses_two_correct_options_in_a_single_choice_question():
    form_class = Question.get_edit_handler().get_form_class()
    category = make_category()
    data = {
        "key": "q-admin", "type": "single", "category": category.pk, "points": "1",
        "text_en": "Which?", "text_ru": "Какой?", "tolerance": "0", "tolerance_kind": "absolute",
        "true_false_answer": "on",
        "options-TOTAL_FORMS": "2", "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0", "options-MAX_NUM_FORMS": "1000",
        "options-0-text_en": "A", "options-0-correct": "on", "options-0-ORDER": "1",
        "options-1-text_en": "B", "options-1-correct": "on", "options-1-ORDER": "2",
    }
    for name in ("pairs", "accepted_answers"):
        data.update({f"{name}-TOTAL_FORMS": "0", f"{name}-INITIAL_FORMS": "0",
                     f"{name}-MIN_NUM_FORMS": "0", f"{name}-MAX_NUM_FORMS": "1000"})
    form = form_class(data, instance=Question(), for_user=None)
    assert not form.is_valid()
    assert "exactly one correct option" in " ".join(form.non_field_errors())
    data["options-1-correct"] = ""
    form = form_class(data, instance=Question(), for_user=None)
    assert form.is_valid(), (form.errors, [f.errors for f in form.formsets["options"].forms])


# -- the grading key ---------------------------------------------------------------------------


def test_grading_key_of_choice_questions_has_uids_and_feedback_in_the_language():
    question = make_question("single")
    option = question.options.first()
    option.feedback_en, option.feedback_ru = "Right.", "Верно."
    option.save()
    key = question.grading_key("ru")
    assert key["options"][0] == {"id": option.uid, "correct": True, "feedback": "Верно."}
    assert question.grading_key("kk")["options"][0]["feedback"] == "Right."  # English fallback
    assert isinstance(question.grader("en"), grading.SingleChoice)


def test_short_answers_of_the_attempt_language_plus_english():
    question = make_question(
        "short", answers=[("en", "Turkestan"), ("ru", "Туркестан"), ("tr", "Türkistan")]
    )
    assert question.grading_key("ru") == {"answers": ["Туркестан", "Turkestan"]}
    assert question.grading_key("en") == {"answers": ["Turkestan"]}
    assert question.grading_key("kk") == {"answers": ["Turkestan"]}
    assert question.grader("ru").grade("туркестан").fraction == 1
    assert question.grader("en").grade("Туркестан").fraction == 0
    assert question.grader("tr").grade("turkistan").fraction == 1


def test_numeric_key_reads_a_decimal_comma_outside_english():
    question = make_question("numeric", numeric_answer=Decimal("1.85"), tolerance=Decimal("0.05"))
    assert question.grading_key("en")["decimal_comma"] is False
    assert question.grading_key("ru")["decimal_comma"] is True
    assert question.grader("ru").grade("1,850").fraction == 1  # 1.85 in Russian
    assert question.grader("en").grade("1,850").fraction == 0  # 1850 in English


def test_keys_of_the_other_types():
    ordering = make_question("ordering")
    assert ordering.grading_key("en") == {
        "order": list(ordering.options.order_by("sort_order").values_list("uid", flat=True))
    }
    matching = make_question("matching")
    pairs = list(matching.pairs.all())
    assert matching.grading_key("en")["pairs"] == {p.left_uid: p.right_uid for p in pairs}
    place = make_place(key="almaty", name="Almaty", lat=43.2389, lon=76.8897)
    mappoint = make_question("mappoint", place=place, radius_km=75)
    assert mappoint.grading_key("en") == {"lat": 43.2389, "lon": 76.8897, "radius_km": 75}
    assert make_question("truefalse", true_false_answer=False).grading_key("en") == {
        "answer": False
    }
    assert "rubric" in make_question("essay").grading_key("en")
    for kind in ("multiple", "numeric", "short"):
        make_question(kind).grader("en")  # builds


# -- quiz pages and attempts ---------------------------------------------------------------------


def test_review_options_switch_when_the_quiz_closes():
    now = timezone.now()
    quiz = make_quiz(closes_at=now + datetime.timedelta(days=1), review_after_right_answer=False)
    assert quiz.review_options(now)["right_answer"] is False
    assert quiz.review_options(now + datetime.timedelta(days=2))["right_answer"] is True


def test_quiz_must_close_after_it_opens():
    now = timezone.now()
    quiz = make_quiz()
    quiz.opens_at, quiz.closes_at = now, now - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError):
        quiz.clean()
    _refused(  # Page.save() cleans first; the database refuses it too
        lambda: type(quiz).objects.filter(pk=quiz.pk).update(
            opens_at=quiz.opens_at, closes_at=quiz.closes_at
        )
    )


def test_one_open_attempt_per_user_and_quiz_and_unique_numbers():
    quiz, user = make_quiz(questions=[make_question()]), make_student()
    Attempt.objects.create(user=user, quiz=quiz, number=1)
    _refused(lambda: Attempt.objects.create(user=user, quiz=quiz, number=2))
    Attempt.objects.filter(user=user).update(state="submitted")
    _refused(lambda: Attempt.objects.create(user=user, quiz=quiz, number=1))
    Attempt.objects.create(user=user, quiz=quiz, number=2)


def test_grade_permission_exists_and_instructors_hold_it():
    permission = Permission.objects.get(codename="grade_attempts")
    assert permission.content_type.app_label == "quizzes"
    assert Group.objects.get(name=INSTRUCTORS).permissions.filter(pk=permission.pk).exists()
