"""Views of the trainer. Thin: reads from selectors, writes from services; every card is looked
up in the student's own deck before it is shown, graded or rated."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from quizzes import grading
from quizzes.forms import ERROR_MESSAGES, error_message
from quizzes.selectors import load_questions

from . import selectors, services
from .models import MAX_GOAL, MIN_GOAL, RATINGS

RESPONSE_FIELDS = ("answer", "pin", "lat", "lon")


def _response_fields(card, form) -> list[tuple[str, str]]:
    """The submitted answer as (name, value) pairs, echoed into the rating form and kept when
    the answer cannot be read."""
    names = list(RESPONSE_FIELDS)
    names += [f"pos-{key}" for key, _title in card.data.get("items", [])]
    return [(name, form.get(name, "")[:200]) for name in names if form.get(name)]


def _message(exc: grading.InvalidResponse) -> str:
    """The quizzes' translated message for their codes; the card types' own messages as given."""
    return error_message(exc) if exc.code in ERROR_MESSAGES else exc.message


def _card_page(request, day, card, row, *, error="", kept=None, graded=None, status=200):
    kept = dict(kept or [])
    ratings = []
    if graded is not None:
        labels = dict(RATINGS)
        ratings = [(value, labels[value]) for value in graded.ratings]
    return render(
        request,
        "practice/session.html",
        {
            "day": day,
            "card": card,
            "reps": row.reps if row else 0,
            "error": error,
            "kept": kept,
            "kept_pairs": sorted(kept.items()),
            "graded": graded,
            "ratings": ratings,
            "min_goal": MIN_GOAL,
            "max_goal": MAX_GOAL,
        },
        status=status,
    )


@never_cache
@login_required
def session(request):
    """Today's practice: the next card, or the day's summary when nothing is left."""
    day = selectors.day(request.user)
    card = day.card
    return _card_page(request, day, card, day.deck.row(card.id) if card else None)


@login_required
@require_POST
def answer(request):
    """Grade the answer to a card and show the right answer with the ratings it allows."""
    day = selectors.day(request.user)
    card_id = request.POST.get("card", "")
    card, row = day.deck.cards.get(card_id), day.deck.row(card_id)
    if card is None:
        messages.info(request, _("That card is not in your deck any more."))
        return redirect("practice:session")
    kept = _response_fields(card, request.POST)
    try:
        graded = card.card_type.grade(card, request.POST)
    except grading.InvalidResponse as exc:
        return _card_page(
            request, day, card, row, error=_message(exc), kept=kept, status=400
        )
    return _card_page(request, day, card, row, kept=kept, graded=graded)


@login_required
@require_POST
def rate(request):
    """Record the student's rating of a card (FSRS schedules it) and go on to the next card."""
    card = selectors.deck(request.user).cards.get(request.POST.get("card", ""))
    if card is None:
        messages.info(request, _("That card is not in your deck any more."))
        return redirect("practice:session")
    try:
        rating = int(request.POST.get("rating", ""))
        reps = int(request.POST.get("reps", ""))
        graded = card.card_type.grade(card, request.POST)
        services.record_review(request.user, card, graded, rating, reps)
    except (ValueError, grading.InvalidResponse):
        message = _("This rating could not be recorded. Go back and try again.")
        return HttpResponseBadRequest(message)
    return redirect("practice:session")


@login_required
@require_POST
def set_goal(request):
    try:
        goal = services.set_goal(request.user, request.POST.get("goal", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your daily goal is now %(goal)s reviews.") % {"goal": goal})
    return redirect("practice:session")


@never_cache
@login_required
def missed(request):
    """Quiz questions the student got wrong, to add to their deck once the review allows it."""
    allowed = selectors.missed_questions(request.user)
    in_deck = selectors.deck(request.user).rows
    if request.method == "POST":
        ids = []
        for value in request.POST.getlist("question"):
            if value.isdigit():
                ids.append(int(value))
        added = services.add_missed_questions(request.user, ids)
        text = ngettext(
            "%(count)s question added to your deck.",
            "%(count)s questions added to your deck.",
            added,
        )
        messages.success(request, text % {"count": added})
        return redirect("practice:missed")
    questions = load_questions(list(allowed))
    items = [
        {"question": questions[pk], "quiz": quiz, "added": f"missed:{pk}" in in_deck}
        for pk, quiz in allowed.items()
        if pk in questions
    ]
    return render(request, "practice/missed.html", {"items": items})
