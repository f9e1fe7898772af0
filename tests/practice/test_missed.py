"""Quiz questions a student got wrong join their deck only when the quiz's review shows the
right answer, and never while an attempt that asks them is open."""

import datetime

import pytest
from django.utils import timezone

from practice import selectors, services
from practice.models import CardState
from tests.factories import make_attempt, make_question, make_quiz, option_uid

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_setup(world):
    question = make_question("single", text="Which city is the capital?", lesson=world.lessons[0])
    right = make_question("truefalse")
    quiz = make_quiz(world.modules[0], questions=[question, right], attempts_allowed=3)
    make_attempt(world.student, quiz, {question: option_uid(question, "Wrong"), right: "true"})
    return quiz, question, right


def test_nothing_is_offered_while_the_review_hides_the_right_answer(world, quiz_setup):
    quiz, question, _right = quiz_setup
    assert quiz.review_after_right_answer is False  # the model's default
    assert selectors.missed_questions(world.student) == {}
    assert services.add_missed_questions(world.student, [question.pk]) == 0
    assert not CardState.objects.exists()


def test_once_the_review_shows_it_only_wrong_answers_are_offered(world, quiz_setup):
    quiz, question, right = quiz_setup
    quiz.review_after_right_answer = True
    quiz.save_revision().publish()
    assert set(selectors.missed_questions(world.student)) == {question.pk}
    assert services.add_missed_questions(world.student, [question.pk, right.pk]) == 1
    assert services.add_missed_questions(world.student, [question.pk]) == 0  # once
    card = selectors.deck(world.student).cards[f"missed:{question.pk}"]
    assert card.subject == "Which city is the capital?"
    assert card.answer.startswith("Right") and card.card_type.self_rated
    assert card in selectors.day(world.student).new


def test_after_the_close_date_the_closed_review_options_apply(world, quiz_setup):
    quiz, question, _right = quiz_setup
    quiz.closes_at = timezone.now() + datetime.timedelta(days=1)
    quiz.save_revision().publish()
    assert selectors.missed_questions(world.student) == {}
    later = timezone.now() + datetime.timedelta(days=2)
    assert set(selectors.missed_questions(world.student, later)) == {question.pk}


def test_an_open_attempt_hides_the_card_and_the_offer(world, quiz_setup):
    quiz, question, _right = quiz_setup
    quiz.review_after_right_answer = True
    quiz.save_revision().publish()
    services.add_missed_questions(world.student, [question.pk])
    make_attempt(world.student, quiz, submit=False)
    assert selectors.missed_questions(world.student) == {}
    assert f"missed:{question.pk}" not in selectors.deck(world.student).cards


def test_the_missed_page_lists_and_adds_questions(client, world, quiz_setup):
    quiz, question, right = quiz_setup
    client.force_login(world.student)
    assert "Which city is the capital?" not in client.get("/en/practice/missed/").content.decode()
    quiz.review_after_right_answer = True
    quiz.save_revision().publish()
    page = client.get("/en/practice/missed/").content.decode()
    assert "Which city is the capital?" in page and right.text not in page
    response = client.post(
        "/en/practice/missed/", {"question": [str(question.pk), str(right.pk), "x"]}, follow=True
    )
    assert "1 question added to your deck." in response.content.decode()
    assert CardState.objects.filter(user=world.student, card_id=f"missed:{question.pk}").exists()
    assert CardState.objects.count() == 1
