"""FSRS scheduling per student and card, the daily queue and goal, streak and retention, with
the clock controlled by the test."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from practice import selectors, services
from practice.cards import AGAIN, EASY, GOOD, ratings_for
from practice.models import NEW, REVIEW, CardState, Review

from .conftest import complete

pytestmark = pytest.mark.django_db

START = datetime.datetime(2022, 11, 29, 12, 30, tzinfo=datetime.UTC)
G, A = GOOD, AGAIN
HISTORY = (G, G, G, G, G, G, A, A, G, G, G, G, G)
# py-fsrs's own test_review_card history (Scheduler(enable_fuzzing=False), default parameters);
# these are the intervals in days that fsrs 6.3.x gives for it.
EXPECTED_INTERVALS = [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


def card_of(user, card_id):
    return selectors.deck(user).cards[card_id]


def test_intervals_follow_fsrs_for_a_fixed_review_history(world):
    complete(world.student, world.lessons[0])
    card = card_of(world.student, "year:recognition")
    now, intervals = START, []
    for reps, rating in enumerate(HISTORY):
        review = services.record_review(world.student, card, ratings_for(None), rating, reps, now)
        intervals.append(review.interval_days)
        now = CardState.objects.get(user=world.student, card_id=card.id).due
    assert intervals == EXPECTED_INTERVALS

    # the same history straight through fsrs gives the stored memory state
    scheduler, fsrs_card, when = Scheduler(enable_fuzzing=False), FsrsCard(card_id=1), START
    for rating in HISTORY:
        fsrs_card, _log = scheduler.review_card(fsrs_card, Rating(rating), when)
        when = fsrs_card.due
    row = CardState.objects.get(user=world.student, card_id=card.id)
    assert row.due == fsrs_card.due
    assert row.stability == pytest.approx(fsrs_card.stability)
    assert row.difficulty == pytest.approx(fsrs_card.difficulty)
    assert row.state == fsrs_card.state.value == REVIEW
    assert row.reps == len(HISTORY) and row.lapses == 1


def test_a_rating_sent_twice_is_recorded_once(world):
    complete(world.student, world.lessons[0])
    card = card_of(world.student, "year:recognition")
    graded = ratings_for(1)
    assert services.record_review(world.student, card, graded, GOOD, 0, START) is not None
    assert services.record_review(world.student, card, graded, GOOD, 0, START) is None
    assert Review.objects.filter(user=world.student).count() == 1


def test_a_rating_the_answer_does_not_allow_is_refused(world):
    complete(world.student, world.lessons[0])
    card = card_of(world.student, "year:recognition")
    with pytest.raises(ValueError):
        services.record_review(world.student, card, ratings_for(0), EASY, 0, START)
    assert not CardState.objects.exists()


def test_the_queue_after_a_day_passes(world):
    student = world.student
    complete(student, world.lessons[0])
    day0 = selectors.day(student, START)
    assert not day0.due and day0.new and day0.queue == day0.new
    first = day0.new[:3]
    for card in first:
        services.record_review(student, card, ratings_for(1), EASY, 0, START)
    later = selectors.day(student, START + datetime.timedelta(hours=1))
    assert not later.due
    assert not {card.id for card in first} & {card.id for card in later.queue}
    assert later.done == 3 and later.streak == 1

    due_at = max(CardState.objects.filter(user=student).values_list("due", flat=True))
    after = selectors.day(student, due_at + datetime.timedelta(minutes=1))
    assert {card.id for card in after.due} == {card.id for card in first}
    assert after.done == 0  # a new day
    assert after.queue[: len(first)] == after.due  # reviews come before new cards
    assert after.streak == (1 if (due_at.date() - START.date()).days == 1 else 0)


def test_learning_steps_come_back_within_minutes_after_new_cards(world):
    complete(world.student, world.lessons[0])
    day0 = selectors.day(world.student, START)
    forgotten = day0.new[0]
    services.record_review(world.student, forgotten, ratings_for(0), AGAIN, 0, START)
    soon = selectors.day(world.student, START + datetime.timedelta(seconds=30))
    assert forgotten.id not in {card.id for card in soon.due}
    assert soon.queue[-1].id == forgotten.id  # learned ahead, after the new cards
    due = selectors.day(world.student, START + datetime.timedelta(minutes=2))
    assert due.queue[0].id == forgotten.id


def test_the_goal_limits_new_cards_and_stops_them_once_reached(world):
    student = world.student
    complete(student, *world.lessons)
    services.set_goal(student, 6)
    day0 = selectors.day(student, START)
    assert day0.goal == 6 and len(day0.new) == 3
    for reps_card in day0.new:
        services.record_review(student, reps_card, ratings_for(1), EASY, 0, START)
    assert selectors.day(student, START).new == []  # half the goal in new cards a day
    next_day = selectors.day(student, START + datetime.timedelta(days=1))
    assert len(next_day.new) == 3


@pytest.mark.parametrize("value", ["4", "201", "ten", ""])
def test_goal_out_of_range_is_refused(world, value):
    with pytest.raises(ValidationError):
        services.set_goal(world.student, value)


def test_streak_and_retention(world):
    student = world.student
    today = datetime.date(2022, 12, 10)
    assert selectors.streak({today, today - datetime.timedelta(days=1)}, today) == 2
    assert selectors.streak({today - datetime.timedelta(days=1)}, today) == 1  # not yet today
    assert selectors.streak({today - datetime.timedelta(days=2)}, today) == 0
    now = timezone.now()
    for rating in (GOOD, GOOD, GOOD, AGAIN):
        Review.objects.create(
            user=student,
            card_id="year:x",
            rating=rating,
            state_before=REVIEW,
            reviewed_at=now,
            day=timezone.localdate(now),
        )
    Review.objects.create(
        user=student,
        card_id="year:y",
        rating=AGAIN,
        state_before=NEW,
        reviewed_at=now,
        day=timezone.localdate(now),
    )
    day = selectors.day(student, now)
    assert day.retention_percent == 75  # new cards do not count
    assert day.streak == 1
