"""Forms of the quizzes: the question editor's cross-row checks, and reading answers from a POST.

A student's answers arrive either as a plain form POST (the page works without JavaScript) or
as JSON from the autosave script; both become the same *raw responses* ({question id: value}),
which ``quizzes.services.save_answers`` cleans with the question type's grading class.
Field names: ``q<id>`` (single, multiple, truefalse, short, numeric, essay),
``q<id>-pos-<item uid>`` (ordering: the position of each item), ``q<id>-<left uid>``
(matching: the right side chosen for each left item), ``q<id>-lat`` / ``q<id>-lon`` (a point
clicked on the map) and ``q<id>-place`` (a place chosen from the list instead).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import grading
from .choices import (
    ESSAY,
    MAPPOINT,
    MATCHING,
    MULTIPLE,
    NUMERIC,
    ORDERING,
    SHORT,
    SINGLE,
    TRUEFALSE,
)

# The grading module's error codes, translated (its English messages are for logs and tests).
ERROR_MESSAGES = {
    "invalid_format": _("This answer is not in the expected format."),
    "unknown_option": _("“%(id)s” is not one of the options."),
    "not_a_boolean": _("Choose true or false."),
    "too_long": _("The answer is too long (%(length)d characters; at most %(max_length)d)."),
    "not_a_number": _("“%(value)s” is not a number."),
    "not_a_permutation": _("Give every item a different position."),
    "invalid_coordinates": _("This is not a point on the map."),
    "unknown_place": _("“%(place)s” is not one of the places."),
}
NOT_IN_ATTEMPT = _("This question is not part of this attempt.")
MAX_ECHO = 40  # characters of the student's input repeated in an error message


def error_message(exc: grading.InvalidResponse) -> str:
    """The translated message of an ``InvalidResponse``; long input is shortened, not echoed."""
    params = {}
    for name, value in exc.params.items():
        if isinstance(value, str) and len(value) > MAX_ECHO:
            value = value[: MAX_ECHO - 1] + "…"
        params[name] = value
    template = ERROR_MESSAGES.get(exc.code, ERROR_MESSAGES["invalid_format"])
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(ERROR_MESSAGES["invalid_format"])


def field_name(question_id) -> str:
    return f"q{question_id}"


def response_from_post(item, data):
    """The raw response to one displayed question (see ``selectors.QuestionItem``) in ``data``.

    Raises ``grading.InvalidResponse`` for input that cannot even be read (a non-integer
    position); everything else is left to the grading class's ``clean``.
    """
    name = field_name(item.question.pk)
    kind = item.question.type
    if kind in (SINGLE, TRUEFALSE, SHORT, NUMERIC, ESSAY):
        return data.get(name)
    if kind == MULTIPLE:
        return data.getlist(name)
    if kind == ORDERING:
        given = [(data.get(f"{name}-pos-{uid}") or "").strip() for uid, _text in item.options]
        if not any(given):
            return None
        try:
            positions = sorted(
                (int(value), index, uid)
                for index, (value, (uid, _text)) in enumerate(
                    zip(given, item.options, strict=True)
                )
            )
        except ValueError:
            raise grading.InvalidResponse(
                "A position is missing or not a number.", code="not_a_permutation"
            ) from None
        if [p for p, _i, _u in positions] != list(range(1, len(positions) + 1)):
            raise grading.InvalidResponse(
                "Every item needs a different position.", code="not_a_permutation"
            )
        return [uid for _p, _i, uid in positions]
    if kind == MATCHING:
        return {uid: data.get(f"{name}-{uid}") or None for uid, _text in item.lefts}
    if kind == MAPPOINT:
        place = (data.get(f"{name}-place") or "").strip()
        if place:
            return {"place": place}
        lat, lon = (data.get(f"{name}-lat") or "").strip(), (data.get(f"{name}-lon") or "").strip()
        return {"lat": lat, "lon": lon} if lat or lon else None
    return None


def responses_from_post(items, data) -> tuple[dict, dict]:
    """({question id: raw response}, {question id: error message}) for the displayed ``items``."""
    responses, errors = {}, {}
    for item in items:
        try:
            responses[item.question.pk] = response_from_post(item, data)
        except grading.InvalidResponse as exc:
            errors[item.question.pk] = error_message(exc)
    return responses, errors


class QuestionAdminForm(WagtailAdminModelForm):
    """The question editor: cross-row rules once the rows (options, pairs, answers) are read."""

    def _rows(self, name: str) -> list[dict]:
        formset = self.formsets.get(name)
        if formset is None or not formset.is_valid():
            return []
        return [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        cleaned = super().clean()
        from .models import Question  # the model module imports this form

        for problem in Question.check_rows(
            cleaned.get("type"),
            options=self._rows("options"),
            pairs=self._rows("pairs"),
            answers=self._rows("accepted_answers"),
        ):
            self.add_error(None, problem)
        return cleaned
