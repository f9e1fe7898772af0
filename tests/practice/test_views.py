"""The trainer's pages: a session answered and rated, bad input kept, the deck is the student's
own, the student home panel, the goal form, the instructors' aggregate report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from practice.models import CardState, Review
from tests.factories import make_instructor, make_student

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def student_client(client, world):
    complete(world.student, world.lessons[0])
    client.force_login(world.student)
    return client


def test_the_trainer_needs_an_account(client):
    response = client.get("/en/practice/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_card_is_answered_then_rated(student_client, world):
    page = student_client.get("/en/practice/")
    assert page.status_code == 200
    card = page.context["card"]
    assert card is not None and page.context["graded"] is None
    if card.type != "year":  # answer the first year card directly
        card_id = "year:recognition"
    else:
        card_id = card.id
    answered = student_client.post(reverse("practice:answer"), {"card": card_id, "answer": "1991"})
    assert answered.status_code == 200
    assert answered.context["graded"].correct
    assert b"data-rate-form" in answered.content and b'value="1991"' in answered.content
    rated = student_client.post(
        reverse("practice:rate"),
        {"card": card_id, "answer": "1991", "rating": "3", "reps": "0"},
    )
    assert rated.status_code == 302
    row = CardState.objects.get(user=world.student, card_id=card_id)
    assert row.reps == 1 and Review.objects.get().rating == 3
    again = student_client.post(
        reverse("practice:rate"),
        {"card": card_id, "answer": "1991", "rating": "3", "reps": "0"},
    )
    assert again.status_code == 302 and Review.objects.count() == 1  # a second click


def test_a_wrong_answer_can_only_be_rated_again(student_client, world):
    response = student_client.post(
        reverse("practice:rate"),
        {"card": "year:recognition", "answer": "1950", "rating": "4", "reps": "0"},
    )
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_unreadable_input_gets_a_message_and_is_kept(student_client):
    response = student_client.post(
        reverse("practice:answer"), {"card": "year:recognition", "answer": "nineteen"}
    )
    assert response.status_code == 400
    assert response.context["error"]
    assert b'value="nineteen"' in response.content
    blank = student_client.post(reverse("practice:answer"), {"card": "term:soft-power"})
    assert blank.status_code == 400 and blank.context["error"]


def test_a_locked_card_is_not_shown_or_graded(student_client):
    response = student_client.post(
        reverse("practice:answer"), {"card": "year:summit", "answer": "1998"}
    )  # the summit's lesson is not completed
    assert response.status_code == 302
    rated = student_client.post(
        reverse("practice:rate"),
        {"card": "year:summit", "answer": "1998", "rating": "3", "reps": "0"},
    )
    assert rated.status_code == 302 and not Review.objects.exists()


def test_each_student_has_their_own_schedule(student_client, world, client):
    student_client.post(
        reverse("practice:rate"),
        {"card": "year:recognition", "answer": "1991", "rating": "3", "reps": "0"},
    )
    other = make_student()
    client.force_login(other)
    page = client.get("/en/practice/")
    assert page.context["card"] is None  # no lesson completed: no cards, nothing of the other's
    assert page.context["day"].done == 0
    assert "Mark a lesson as complete" in page.content.decode()


def test_the_session_page_runs_a_fixed_number_of_queries(student_client, world):
    student_client.get("/en/practice/")  # fills the card cache
    with CaptureQueriesContext(connection) as captured:
        assert student_client.get("/en/practice/").status_code == 200
    assert len(captured.captured_queries) <= 12


@pytest.mark.parametrize("language", ["en", "ru", "kk", "tr"])
def test_pages_in_four_languages(student_client, language):
    response = student_client.get(f"/{language}/practice/")
    assert response.status_code == 200
    assert f'lang="{language}"'.encode() in response.content


def test_goal_form(student_client, world):
    response = student_client.post("/en/practice/goal/", {"goal": "8"}, follow=True)
    assert response.context["day"].goal == 8
    refused = student_client.post("/en/practice/goal/", {"goal": "1000"}, follow=True)
    assert refused.context["day"].goal == 8
    assert "between" in refused.content.decode()


def test_the_student_home_shows_the_panel(student_client):
    response = student_client.get("/en/me/")
    content = response.content.decode()
    assert "Memory trainer" in content and reverse("practice:session") in content


def test_the_class_report_shows_aggregates_only(client, world):
    from practice.models import AGAIN, GOOD, REVIEW

    students = [make_student(username=f"learner{i}") for i in range(3)]
    for i, student in enumerate(students):
        for rating in (AGAIN, GOOD) if i else (AGAIN, AGAIN):
            Review.objects.create(
                user=student,
                card_id="year:recognition",
                rating=rating,
                state_before=REVIEW,
                reviewed_at="2026-01-01T10:00Z",
                day="2026-01-01",
            )
    Review.objects.create(  # only two students reviewed this one: not shown
        user=students[0],
        card_id="year:embassy",
        rating=AGAIN,
        state_before=REVIEW,
        reviewed_at="2026-01-01T10:00Z",
        day="2026-01-01",
    )
    client.force_login(make_instructor())
    response = client.get(reverse("practice_forgetting"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Turkey recognises Kazakhstan" in content and "67%" in content
    assert "Embassy opens" not in content
    assert not any(student.username in content for student in students)
    client.force_login(students[0])
    assert client.get(reverse("practice_forgetting")).status_code in (302, 403)


@pytest.mark.parametrize("language", ["ru", "kk", "tr"])
def test_the_map_card_keeps_svg_numbers_unlocalised(student_client, language):
    response = student_client.post(
        f"/{language}/practice/answer/", {"card": "place:ankara", "pin": "1"}
    )
    content = response.content.decode()
    assert 'viewBox="0 0 1000.0 ' in content
    assert "1000,0" not in content


def test_the_home_panel_adds_few_queries(student_client, world):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/en/me/")
    request.user = world.student
    template = Template("{% load practice_tags %}{% practice_panel %}")
    template.render(Context({"request": request}))  # fills the card and goal caches
    with CaptureQueriesContext(connection) as captured, translation.override("en"):
        html = template.render(Context({"request": request}))
    assert "Memory trainer" in html
    assert len(captured.captured_queries) <= 3  # completions, schedule, reviews per day
