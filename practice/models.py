"""The trainer's own records: each student's schedule per card, their reviews and daily goal.

Cards themselves are not stored: they are generated from the course data (``practice.cards``)
and named by a stable id such as ``year:oghuz-migration``. Only what the student did is stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# FSRS states (fsrs.State) plus 0 for a card the student has not reviewed yet.
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
CARD_STATES = [
    (NEW, _("new")),
    (LEARNING, _("learning")),
    (REVIEW, _("review")),
    (RELEARNING, _("relearning")),
]
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = [(AGAIN, _("Again")), (HARD, _("Hard")), (GOOD, _("Good")), (EASY, _("Easy"))]

DEFAULT_GOAL = 20
MIN_GOAL, MAX_GOAL = 5, 200


class CardState(models.Model):
    """Where one card stands in one student's memory: the FSRS memory state and the next due time.

    A generated card has no row until its first review; a card the student adds by hand (a quiz
    question they got wrong) gets a row with ``reps == 0`` when added. ``reps`` also guards
    against a rating sent twice (the form carries the value it was shown with).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_cards"
    )
    card_id = models.CharField(_("card"), max_length=120)
    state = models.PositiveSmallIntegerField(_("state"), choices=CARD_STATES, default=NEW)
    step = models.PositiveSmallIntegerField(_("learning step"), null=True, blank=True)
    stability = models.FloatField(_("stability"), null=True, blank=True)
    difficulty = models.FloatField(_("difficulty"), null=True, blank=True)
    due = models.DateTimeField(_("due"))
    last_review = models.DateTimeField(_("last review"), null=True, blank=True)
    reps = models.PositiveIntegerField(_("reviews"), default=0)
    lapses = models.PositiveIntegerField(_("lapses"), default=0)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("card schedule")
        verbose_name_plural = _("card schedules")
        constraints = [
            models.UniqueConstraint(fields=["user", "card_id"], name="practice_card_once"),
            models.CheckConstraint(
                condition=Q(state__in=[NEW, LEARNING, REVIEW, RELEARNING]),
                name="practice_card_state_known",
            ),
            models.CheckConstraint(
                condition=Q(difficulty__isnull=True) | Q(difficulty__gte=1, difficulty__lte=10),
                name="practice_difficulty_in_range",
            ),
        ]
        indexes = [models.Index(fields=["user", "due"], name="practice_card_user_due")]

    def __str__(self):
        return f"{self.user} · {self.card_id}"


class Review(models.Model):
    """One rating of one card: the history behind streaks, retention and the class report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reviews"
    )
    card_id = models.CharField(_("card"), max_length=120)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=RATINGS)
    state_before = models.PositiveSmallIntegerField(_("state before"), choices=CARD_STATES)
    reviewed_at = models.DateTimeField(_("reviewed at"))
    day = models.DateField(_("day (local)"))
    interval_days = models.PositiveIntegerField(_("next interval (days)"), default=0)

    class Meta:
        ordering = ["reviewed_at", "pk"]
        verbose_name = _("practice review")
        verbose_name_plural = _("practice reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=AGAIN, rating__lte=EASY), name="practice_rating_known"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "day"], name="practice_review_user_day"),
            models.Index(fields=["card_id"], name="practice_review_card"),
        ]

    def __str__(self):
        return f"{self.user} · {self.card_id} · {self.rating}"


class PracticeSettings(models.Model):
    """A student's daily goal: how many reviews a day they mean to do (new cards fill up to it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_settings"
    )
    daily_goal = models.PositiveSmallIntegerField(
        _("daily goal (reviews)"),
        default=DEFAULT_GOAL,
        validators=[MinValueValidator(MIN_GOAL), MaxValueValidator(MAX_GOAL)],
    )

    class Meta:
        verbose_name = _("practice settings")
        verbose_name_plural = _("practice settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_goal__gte=MIN_GOAL, daily_goal__lte=MAX_GOAL),
                name="practice_goal_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.daily_goal}"
