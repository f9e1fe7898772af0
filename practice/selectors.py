"""Reads of the trainer: the cards, a student's deck and day, their streak and retention, the
quiz questions they may add, and the class report. Each read runs a fixed number of queries."""

import datetime
import math
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language

from lessons.selectors import content_version
from quizzes.choices import ESSAY, IN_PROGRESS, SUBMITTED
from quizzes.models import Answer, Attempt
from quizzes.selectors import attempt_review_options, load_questions
from quizzes.services import quiz_terms

from . import cards as card_types
from .cards import Card, data
from .cards.quiz_missed import PREFIX as MISSED
from .cards.quiz_missed import question_id
from .models import AGAIN, DEFAULT_GOAL, NEW, REVIEW, CardState, PracticeSettings, Review
from .progress import completed_lesson_ids

LEARN_AHEAD = datetime.timedelta(minutes=20)  # learning steps due this soon are shown now
RETENTION_DAYS = 30  # retention counts the reviews of the last 30 local days
CLASS_MIN_STUDENTS = 3  # the class report shows a card only when this many students reviewed it


@dataclass
class Generated:
    cards: list[Card]
    course: data.CourseData  # lessons and modules only (for cards built per student)


def generated(language: str | None = None) -> Generated:
    """Every card of the course in ``language`` (default: the active one), cached until the
    course data changes (``lessons.selectors.content_version``)."""
    language = language or get_language() or "en"
    key = f"practice:cards:{language}:{content_version()}"
    found = cache.get(key)
    if found is None:
        course = data.load()
        cards = [card for kind in card_types.TYPES.values() for card in kind.generate(course)]
        cards = interleave(cards, list(course.lessons))
        found = Generated(cards, data.CourseData(lessons=course.lessons, modules=course.modules))
        cache.set(key, found, 3600)
    return found


def interleave(cards: list[Card], lesson_order: list[int]) -> list[Card]:
    """Cards in the order new ones are offered: lesson by lesson in course order, and within a
    lesson the types taken in turn (a year, an order, a term, a place, ...), not all of a kind."""
    index = {lesson_id: i for i, lesson_id in enumerate(lesson_order)}
    kinds = list(card_types.TYPES)
    seen: dict[tuple, int] = {}
    keyed = []
    for card in cards:  # generated type by type, each in course order
        first = min(
            (index.get(pk, len(index)) for lessons in card.requires for pk in lessons),
            default=len(index),
        )
        turn = seen.get((first, card.type), 0)
        seen[(first, card.type)] = turn + 1
        keyed.append(((first, turn, kinds.index(card.type)), card))
    return [card for _key, card in sorted(keyed, key=lambda pair: pair[0])]


def goal_cache_key(user_id: int) -> str:
    return f"practice:goal:{user_id}"


def goal(user) -> int:
    """The student's daily goal (cached; ``services.set_goal`` refreshes it)."""
    key = goal_cache_key(user.pk)
    found = cache.get(key)
    if found is None:
        found = (
            PracticeSettings.objects.filter(user=user).values_list("daily_goal", flat=True).first()
            or DEFAULT_GOAL
        )
        cache.set(key, found, 24 * 3600)
    return found


# ---------------------------------------------------------------------------- quiz questions


def missed_questions(user, now=None) -> dict[int, object]:
    """{question id: quiz} of the questions ``user`` got wrong in a submitted attempt whose quiz's
    review options show, now, both whether it was correct and the right answer (the quizzes'
    own rule, ``quizzes.selectors.attempt_review_options``). A question in one of the
    student's open attempts is left out, so no card shows a key while an attempt that asks it
    is open. 3 queries, and the student's terms once per quiz."""
    now = now or timezone.now()
    attempts = list(
        Attempt.objects.filter(user=user, state__in=[SUBMITTED, IN_PROGRESS]).select_related(
            "quiz"
        )
    )
    blocked = {pk for a in attempts if a.state == IN_PROGRESS for pk in a.question_ids}
    allowed = {}
    used: dict[int, int] = {}
    for attempt in attempts:
        used[attempt.quiz_id] = max(used.get(attempt.quiz_id, 0), attempt.number)
    terms = {}
    for attempt in attempts:
        if attempt.state != SUBMITTED:
            continue
        if attempt.quiz_id not in terms:
            terms[attempt.quiz_id] = quiz_terms(user, attempt.quiz)
        show = attempt_review_options(
            attempt, now, attempts_used=used[attempt.quiz_id], terms=terms[attempt.quiz_id]
        )
        if show["correctness"] and show["right_answer"]:
            allowed[attempt.pk] = attempt.quiz
    if not allowed:
        return {}
    wrong = (
        Answer.objects.filter(attempt_id__in=list(allowed), fraction__lt=1)
        .exclude(question__type=ESSAY)
        .values_list("question_id", "attempt_id")
        .order_by("attempt_id")
    )
    return {
        question: allowed[attempt]
        for question, attempt in wrong
        if question not in blocked
    }


# ---------------------------------------------------------------------------------- the deck


@dataclass
class Deck:
    """A student's cards: every unlocked card and every card they already have a schedule for."""

    cards: dict[str, Card]
    rows: dict[str, CardState]
    completed: set[int]

    def row(self, card_id: str) -> CardState | None:
        return self.rows.get(card_id)


def deck(user, now=None) -> Deck:
    now = now or timezone.now()
    made = generated()
    completed = completed_lesson_ids(user)
    rows = {row.card_id: row for row in CardState.objects.filter(user=user)}
    cards = {card.id: card for card in made.cards if card.id in rows or card.unlocked(completed)}
    missed_ids = [question_id(card_id) for card_id in rows if card_id.startswith(MISSED)]
    missed_ids = [pk for pk in missed_ids if pk is not None]
    if missed_ids:
        allowed = missed_questions(user, now)
        questions = load_questions([pk for pk in missed_ids if pk in allowed])
        builder = card_types.TYPES["missed"]
        language = get_language() or "en"
        for question in questions.values():
            card = builder.build(question, language, made.course)
            cards[card.id] = card
    return Deck(cards, rows, completed)


# ----------------------------------------------------------------------------------- the day


@dataclass
class Day:
    goal: int
    done: int  # reviews today
    due: list[Card]  # reviews due now, oldest first (learning steps due within minutes follow
    # the new cards in the queue)
    new: list[Card]  # new cards offered today
    later: int  # learning cards due later today
    unlocked: int  # cards in the deck
    streak: int
    retention: float | None  # share of mature reviews recalled, last 30 days
    deck: Deck | None = None
    next_due: datetime.datetime | None = None
    queue: list[Card] = field(default_factory=list)

    @property
    def goal_reached(self) -> bool:
        return self.done >= self.goal

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.goal)) if self.goal else 0

    @property
    def left(self) -> int:
        return len(self.queue)

    @property
    def card(self) -> Card | None:
        return self.queue[0] if self.queue else None

    @property
    def retention_percent(self) -> int | None:
        return None if self.retention is None else round(100 * self.retention)


def streak(days: set, today: datetime.date) -> int:
    """Days in a row with at least one review, ending today (or yesterday, if none yet today)."""
    day = today if today in days else today - datetime.timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= datetime.timedelta(days=1)
    return count


def day(user, now=None) -> Day:
    """The student's day: what is due, the new cards within the goal, streak and retention."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    )
    found = deck(user, now)
    daily_goal = goal(user)
    # One query for every review figure: reviews per local day over the last year.
    month_ago = today - datetime.timedelta(days=RETENTION_DAYS)
    per_day = (
        Review.objects.filter(user=user, day__gte=today - datetime.timedelta(days=366))
        .order_by()
        .values("day")
        .annotate(
            done=Count("pk"),
            new=Count("card_id", filter=Q(state_before=NEW), distinct=True),
            mature=Count("pk", filter=Q(state_before=REVIEW)),
            recalled=Count("pk", filter=Q(state_before=REVIEW) & ~Q(rating=AGAIN)),
        )
    )
    days = {row["day"]: row for row in per_day}
    stats = days.get(today, {"done": 0, "new": 0})
    recent = [row for day_, row in days.items() if day_ > month_ago]
    total = sum(row["mature"] for row in recent)
    recalled = sum(row["recalled"] for row in recent)
    scheduled = [
        (row, found.cards[card_id])
        for card_id, row in found.rows.items()
        if row.reps and card_id in found.cards
    ]
    scheduled.sort(key=lambda pair: pair[0].due)
    due = [card for row, card in scheduled if row.due <= now]
    ahead = [card for row, card in scheduled if now < row.due <= now + LEARN_AHEAD]
    later = sum(1 for row, _card in scheduled if now + LEARN_AHEAD < row.due < end_of_day)
    new_limit = math.ceil(daily_goal / 2)
    allowed = 0 if stats["done"] >= daily_goal else max(0, new_limit - stats["new"])
    added = [c for c in found.cards.values() if c.id in found.rows and not found.rows[c.id].reps]
    fresh = [c for c in found.cards.values() if c.id not in found.rows]
    new = (added + fresh)[:allowed]
    upcoming = [row.due for row, _card in scheduled if row.due > now + LEARN_AHEAD]
    return Day(
        goal=daily_goal,
        done=stats["done"],
        due=due,
        new=new,
        later=later,
        unlocked=len(found.cards),
        streak=streak(set(days), today),
        retention=(recalled / total) if total else None,
        deck=found,
        next_due=min(upcoming) if upcoming else None,
        queue=due + new + ahead,
    )


# ------------------------------------------------------------------------------ class report


@dataclass
class Forgotten:
    card: Card
    students: int
    reviews: int
    again: int

    @property
    def percent(self) -> int:
        return round(100 * self.again / self.reviews) if self.reviews else 0


def class_forgetting(limit: int = 5) -> list[tuple[str, list[Forgotten]]]:
    """Per module, the cards the class forgets most: the share of "Again" among reviews of cards
    already learned. Aggregates only: a card shows when at least ``CLASS_MIN_STUDENTS`` students
    reviewed it, and no student is named. [(module title, [Forgotten])] in course order."""
    made = generated()
    by_id = {card.id: card for card in made.cards}
    rows = (
        Review.objects.exclude(state_before=NEW)
        .values("card_id")
        .annotate(
            students=Count("user", distinct=True),
            reviews=Count("pk"),
            again=Count("pk", filter=Q(rating=AGAIN)),
        )
        .filter(students__gte=CLASS_MIN_STUDENTS)
    )
    per_module: dict[int | None, list[Forgotten]] = {}
    for row in rows:
        card = by_id.get(row["card_id"])
        if card is None or not row["again"]:
            continue
        item = Forgotten(card, row["students"], row["reviews"], row["again"])
        per_module.setdefault(card.module_id, []).append(item)
    report = []
    for module_id, title in made.course.modules.items():
        items = sorted(per_module.get(module_id, []), key=lambda f: (-f.percent, -f.reviews))
        report.append((title, items[:limit]))
    return report
