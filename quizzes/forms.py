"""Forms of the quizzes: the question editor's cross-row checks, and reading answers from a POST.

A student's answers arrive either as a plain form POST (the page works without JavaScript) or
as JSON from the autosave script; both become the same *raw responses* ({question id: value}),
which ``quizzes.services.save_answers`` cleans with the question type's grading class.
Field names: ``q<id>`` (single, multiple, truefalse, short, numeric, essay),
``q<id>-pos-<item uid>`` (ordering: the position of each item), ``q<id>-<left uid>``
(matching: the right side chosen for each left item), ``q<id>-lat`` / ``q<id>-lon`` (a point
clicked on the map) and ``q<id>-place`` (a place chosen from the list instead).
"""

import json

from django.core.exceptions import RequestDataTooBig
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
    "invalid_characters": _(
        "The answer contains a character that cannot be saved (a NUL byte or a broken "
        "Unicode character). Remove it and try again."
    ),
    "number_out_of_range": _(
        "“%(value)s” has too many digits: at most 20 before the decimal point and 10 after it."
    ),
}
NOT_IN_ATTEMPT = _("This question is not part of this attempt.")
MAX_ECHO = 40  # characters of the student's input repeated in an error message


def error_message(exc: grading.InvalidResponse) -> str:
    """The translated message of an ``InvalidResponse``; long input is shortened, not echoed."""
    params = {}
    for name, value in exc.params.items():
        if isinstance(value, str):
            if len(value) > MAX_ECHO:
                value = value[: MAX_ECHO - 1] + "…"
            value = _printable(value)
        params[name] = value
    template = ERROR_MESSAGES.get(exc.code, ERROR_MESSAGES["invalid_format"])
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(ERROR_MESSAGES["invalid_format"])


def _printable(text: str) -> str:
    """``text`` with NULs and lone surrogates replaced by "�", so that echoing it is safe."""
    return "".join(
        "\ufffd" if char == "\x00" or "\ud800" <= char <= "\udfff" else char for char in text
    )


# ----------------------------------------------------------------------------------------------
# The autosave body: JSON, bounded in size and depth
# ----------------------------------------------------------------------------------------------

AUTOSAVE_MAX_BYTES = 1_000_000  # twenty 20,000-character essays in Cyrillic still fit
AUTOSAVE_MAX_DEPTH = 5  # {"answers": {id: {left: right}}} is 3 deep; lists of ids 3 too
AUTOSAVE_MAX_ANSWERS = 500


class BadBody(Exception):
    """An autosave body that cannot be read; ``message`` for the student, ``status`` for HTTP."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def _depth(value) -> int:
    """How deeply lists and dicts nest in a parsed JSON value (a scalar is 0)."""
    depth, level = 0, [(value, 1)]
    while level:
        item, d = level.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            depth = max(depth, d)
            level.extend((child, d + 1) for child in item)
    return depth


def answers_from_json(request) -> dict:
    """The ``answers`` object of an autosave request, or ``BadBody`` (400, 413 or 415).

    Checked before anything is parsed: the content type (JSON only: a multipart body would be
    read as a form) and the size; then the JSON itself, its depth and its number of answers.
    """
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise BadBody(_("The answers must be sent as JSON (application/json)."), status=415)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > AUTOSAVE_MAX_BYTES:
        raise BadBody(_("Too much data was sent at once; the answers were not saved."), 413)
    try:
        raw = request.body
    except RequestDataTooBig:
        raise BadBody(
            _("Too much data was sent at once; the answers were not saved."), 413
        ) from None
    if len(raw) > AUTOSAVE_MAX_BYTES:
        raise BadBody(_("Too much data was sent at once; the answers were not saved."), 413)
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadBody(_("The answers could not be read (not JSON).")) from None
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, dict):
        raise BadBody(_("The answers could not be read (expected an “answers” object)."))
    if _depth(body) > AUTOSAVE_MAX_DEPTH or len(answers) > AUTOSAVE_MAX_ANSWERS:
        raise BadBody(_("The answers could not be read (nested too deeply or too many)."))
    return answers


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
