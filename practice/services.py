"""Writes of the trainer: a review (FSRS), the daily goal, quiz questions added to the deck."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scheduler, selectors
from .cards import Card, Graded
from .models import MAX_GOAL, MIN_GOAL, CardState, PracticeSettings, Review


def record_review(
    user, card: Card, graded: Graded, rating: int, reps_seen: int, now=None
) -> Review | None:
    """Schedule ``card`` for ``user`` after a rating; returns the review, or None when this rating
    was already recorded (the card's review count is no longer ``reps_seen``: a second click or
    a second tab). A rating the graded answer does not allow is refused (``ValueError``)."""
    if rating not in graded.ratings:
        raise ValueError(f"rating {rating} not allowed for this answer")
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, _created = CardState.objects.select_for_update().get_or_create(
                    user=user, card_id=card.id, defaults={"due": now}
                )
        except IntegrityError:  # created at the same moment by another request
            row = CardState.objects.select_for_update().get(user=user, card_id=card.id)
        if row.reps != reps_seen:
            return None
        state_before = row.state
        interval = scheduler.review(row, rating, now)
        row.save()
        return Review.objects.create(
            user=user,
            card_id=card.id,
            rating=rating,
            state_before=state_before,
            reviewed_at=now,
            day=timezone.localdate(now),
            interval_days=max(0, interval),
        )


def set_goal(user, value) -> int:
    """Set the student's daily goal (reviews a day); raises ``ValidationError`` out of range."""
    try:
        goal = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("Enter a whole number.")) from None
    if not MIN_GOAL <= goal <= MAX_GOAL:
        raise ValidationError(
            _("Choose a goal between %(low)s and %(high)s reviews a day.")
            % {"low": MIN_GOAL, "high": MAX_GOAL}
        )
    PracticeSettings.objects.update_or_create(user=user, defaults={"daily_goal": goal})
    cache.set(selectors.goal_cache_key(user.pk), goal, 24 * 3600)
    return goal


def add_missed_questions(user, question_ids, now=None) -> int:
    """Add quiz questions ``user`` got wrong to their deck, only those the quizzes' review
    options allow now (``selectors.missed_questions``); returns how many were added."""
    now = now or timezone.now()
    allowed = selectors.missed_questions(user, now)
    wanted = [pk for pk in dict.fromkeys(question_ids) if pk in allowed]
    rows = [CardState(user=user, card_id=f"missed:{pk}", due=now) for pk in wanted]
    before = CardState.objects.filter(user=user, card_id__in=[r.card_id for r in rows]).count()
    CardState.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows) - before
