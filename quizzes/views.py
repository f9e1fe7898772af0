"""Views of the quiz engine. Thin: reads come from selectors, writes from services.

Every view that shows an attempt loads it with ``user=request.user`` (another student's attempt
is a 404) and first grades it if its time is up (lazy expiry). Bad input is answered with a
message and a 4xx status; the answers saved before stay as they were.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import forms, selectors, services
from .models import Attempt, QuizPage


def _own_attempt(request, pk, expire=True) -> Attempt:
    """The user's attempt (404 for anyone else's), graded first if its time is up.

    Views that take answers pass ``expire=False``: ``save_answers`` then refuses the late
    answers with a message (and grades the saved ones) instead of the POST vanishing silently.
    """
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz"), pk=pk, user=request.user
    )
    return services.expire_if_due(attempt) if expire else attempt


def _unavailable(request, error: services.QuizError, quiz=None):
    attempt = error.attempt
    return render(
        request,
        "quizzes/unavailable.html",
        {
            "message": error.message,
            "quiz": quiz or (attempt.quiz if attempt else None),
            "attempt": attempt,
        },
        status=error.status,
    )


def _page_number(value, default=0) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


@never_cache
@login_required
@require_POST
def start(request, quiz_id):
    """Start a new attempt, or continue the open one (POST from the quiz page)."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    try:
        attempt = services.start_attempt(request.user, quiz, language=get_language())
    except services.QuizUnavailable as error:
        return _unavailable(request, error, quiz)
    return redirect("quizzes:attempt", pk=attempt.pk)


@never_cache
@login_required
def attempt(request, pk):
    """One page of an open attempt (GET), or save its answers and move on (POST, no JS needed)."""
    attempt = _own_attempt(request, pk, expire=request.method != "POST")
    if not attempt.is_open:
        return redirect("quizzes:review", pk=attempt.pk)
    if request.method == "POST":
        return _save_page(request, attempt)
    context = selectors.attempt_page(attempt, _page_number(request.GET.get("page")))
    return render(request, "quizzes/attempt.html", context)


def _save_page(request, attempt, finishing=False):
    """Save the answers of the posted page; on bad input show the page again with messages."""
    page = _page_number(request.POST.get("page"))
    context = selectors.attempt_page(attempt, page)
    responses, errors = forms.responses_from_post(context["items"], request.POST)
    try:
        result = services.save_answers(attempt, responses)
    except services.AttemptClosed as error:
        return _unavailable(request, error)
    errors.update(result.errors)
    past_deadline = attempt.deadline is not None and timezone.now() > attempt.deadline
    if errors and not (finishing and past_deadline):
        context = selectors.attempt_page(attempt, page)
        for item in context["items"]:
            if item.question.pk in errors:
                item.error = errors[item.question.pk]
                if item.type in selectors.TEXT_TYPES:
                    item.response = responses.get(item.question.pk)  # let them correct it
        context["error_count"] = len(errors)
        return render(request, "quizzes/attempt.html", context, status=400)
    if finishing:
        return None
    target = request.POST.get("goto", "")
    if target == "summary":
        return redirect("quizzes:summary", pk=attempt.pk)
    url = reverse("quizzes:attempt", kwargs={"pk": attempt.pk})
    return redirect(f"{url}?page={_page_number(target, page)}")


@never_cache
@login_required
@require_POST
def autosave(request, pk):
    """Save answers sent as JSON ``{"answers": {question id: value}}``; answer in JSON."""
    attempt = _own_attempt(request, pk, expire=False)
    review_url = reverse("quizzes:review", kwargs={"pk": attempt.pk})
    if not attempt.is_open:
        return JsonResponse(
            {"error": _("This attempt has already been submitted."), "redirect": review_url},
            status=409,
        )
    try:
        answers = forms.answers_from_json(request)
    except forms.BadBody as error:
        return JsonResponse({"error": str(error.message)}, status=error.status)
    try:
        result = services.save_answers(attempt, answers)
    except services.AttemptClosed as error:
        return JsonResponse({"error": str(error.message), "redirect": review_url}, status=409)
    return JsonResponse(
        {
            "saved": result.saved,
            "errors": {str(key): message for key, message in result.errors.items()},
            "saved_at": timezone.now().isoformat(),
            "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
        },
        status=400 if result.errors else 200,
    )


@never_cache
@login_required
@require_GET
def summary(request, pk):
    """Before submitting: which questions are answered, and the final confirmation."""
    attempt = _own_attempt(request, pk)
    if not attempt.is_open:
        return redirect("quizzes:review", pk=attempt.pk)
    return render(request, "quizzes/summary.html", selectors.attempt_page(attempt, 0))


@never_cache
@login_required
@require_POST
def submit(request, pk):
    """Submit the attempt (idempotent). A page's answers posted with it are saved first."""
    attempt = _own_attempt(request, pk, expire=False)
    if attempt.is_open and "page" in request.POST:
        response = _save_page(request, attempt, finishing=True)
        if response is not None:
            return response
    services.submit_attempt(attempt)
    return redirect("quizzes:review", pk=attempt.pk)


@never_cache
@login_required
@require_GET
def review(request, pk):
    """The result of a submitted attempt, as far as the quiz's review options allow."""
    attempt = _own_attempt(request, pk)
    if attempt.is_open:
        return redirect("quizzes:attempt", pk=attempt.pk)
    return render(request, "quizzes/review.html", selectors.attempt_review(attempt))
