"""Reads of the quiz engine: what a student sees of a quiz, an attempt and its review.

Each read runs a fixed number of queries whatever the number of questions. Nothing here writes:
lazy expiry of overdue attempts is done by the caller (``services.expire_*``) first.

Until the review options allow it, nothing built here for a student carries the answer key:
options have opaque ids and no correct flag, the map lists every place and no coordinates.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, CharField, DecimalField, F, IntegerField, Max, Value
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import maps
from .choices import (
    AVERAGE,
    ESSAY,
    FIRST,
    HIGHEST,
    IN_PROGRESS,
    LAST,
    MAPPOINT,
    MATCHING,
    MULTIPLE,
    NUMERIC,
    ORDERING,
    SHORT,
    SINGLE,
    SUBMITTED,
    TRUEFALSE,
)
from .grading import InvalidKey, InvalidResponse, haversine_km
from .models import FALLBACK_LANGUAGE, Answer, Attempt, GradeOverride, Question, QuizPage

TEXT_TYPES = (SHORT, NUMERIC, ESSAY)  # shown again as typed when refused


# ----------------------------------------------------------------------------------------------
# Grades across attempts
# ----------------------------------------------------------------------------------------------


def quiz_grade(attempts, method: str, override=None) -> Decimal | None:
    """The quiz grade (percent, 2 decimals) from a student's attempts by the grading method.

    An instructor's ``override`` (a percentage) takes precedence over the attempts. Otherwise
    only submitted attempts count; an attempt still waiting for a person's grading has no grade
    yet, so "first" / "last" are pending while theirs waits, and "highest" / "average" use the
    graded ones.
    """
    if override is not None:
        return Decimal(override).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    done = sorted((a for a in attempts if a.state == SUBMITTED), key=lambda a: a.number)
    if not done:
        return None

    def percent(attempt):
        return None if attempt.needs_manual_grading else attempt.percent

    if method == FIRST:
        value = percent(done[0])
    elif method == LAST:
        value = percent(done[-1])
    else:
        graded = [p for p in (percent(a) for a in done) if p is not None]
        if not graded:
            return None
        if method == HIGHEST:
            value = max(graded)
        elif method == AVERAGE:
            value = sum(graded) / len(graded)
        else:
            raise ValueError(f"unknown grading method {method!r}")
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class GradeRow(NamedTuple):
    """What grading needs of one attempt (no answers, no snapshot): loaded in bulk, cheaply."""

    user_id: int
    quiz_id: int
    number: int
    state: str
    score: Decimal | None
    max_score: Decimal | None
    needs_manual_grading: bool

    @property
    def percent(self):
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 / self.max_score


_PERCENT = DecimalField(max_digits=8, decimal_places=2)


def grade_facts(users, quizzes) -> tuple[dict, dict]:
    """Attempts and grade overrides of ``users`` at ``quizzes``, in one query (UNION ALL).

    ``users``: user ids, or a queryset of ids (used as a subquery). Returns
    ``({(user id, quiz id): [GradeRow]}, {(user id, quiz id): override percent})``.
    """
    quiz_ids = [quiz.pk for quiz in quizzes]
    if not quiz_ids:
        return {}, {}
    attempts = (
        Attempt.objects.filter(user_id__in=users, quiz_id__in=quiz_ids)
        .order_by()
        .annotate(override=Value(None, output_field=_PERCENT))
        .values_list(
            "user_id", "quiz_id", "number", "state", "score", "max_score",
            "needs_manual_grading", "override",
        )
    )
    overrides = (
        GradeOverride.objects.filter(user_id__in=users, quiz_id__in=quiz_ids)
        .order_by()
        .annotate(
            o_number=Value(0, output_field=IntegerField()),
            o_state=Value("", output_field=CharField()),
            o_score=Value(None, output_field=_PERCENT),
            o_max=Value(None, output_field=_PERCENT),
            o_manual=Value(False, output_field=BooleanField()),
            o_percent=F("percent"),
        )
        .values_list(
            "user_id", "quiz_id", "o_number", "o_state", "o_score", "o_max", "o_manual",
            "o_percent",
        )
    )
    rows: dict[tuple[int, int], list[GradeRow]] = {}
    found: dict[tuple[int, int], Decimal] = {}
    # Run as plain SQL: the rows are many (a class x its quizzes x attempts) and the ORM's
    # per-value converters would cost more than the query; ``_decimal`` converts what is used.
    union = attempts.union(overrides, all=True).order_by()
    try:
        sql, params = union.query.get_compiler(using=union.db).as_sql()
    except EmptyResultSet:  # no user at all
        return rows, found
    with connections[union.db].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    for user_id, quiz_id, number, state, score, max_score, manual, override in fetched:
        key = (user_id, quiz_id)
        if state:
            row = GradeRow(user_id, quiz_id, number, state, _decimal(score), _decimal(max_score),
                           bool(manual))
            if key in rows:
                rows[key].append(row)
            else:
                rows[key] = [row]
        else:
            found[key] = _decimal(override)
    return rows, found


def _decimal(value):
    """Decimals as Decimal whatever the database returned (SQLite: a float or an int)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _result(quiz: QuizPage, attempts, override) -> dict:
    grade = quiz_grade(attempts, quiz.grading_method, override)
    return {
        "grade": grade,
        "passed": grade is not None and grade >= quiz.pass_mark,
        "attempts": len(attempts),
    }


def quiz_result(user, quiz: QuizPage) -> dict:
    """{"grade": percent or None, "passed": bool, "attempts": n} of ``user`` at ``quiz``.

    An instructor's grade override, if any, is the grade.
    """
    return quiz_results(user, [quiz])[quiz.pk]


def quiz_results(user, quizzes) -> dict[int, dict]:
    """``quiz_result`` for several quizzes in one query (for progress pages)."""
    quizzes = list(quizzes)
    rows, overrides = grade_facts([user.pk], quizzes)
    return {
        quiz.pk: _result(
            quiz, rows.get((user.pk, quiz.pk), []), overrides.get((user.pk, quiz.pk))
        )
        for quiz in quizzes
    }


def quiz_results_for_users(user_ids, quizzes, *, users=None) -> dict[tuple[int, int], dict]:
    """``quiz_result`` of many users at several quizzes, keyed (user id, quiz id); one query.

    ``users``: optionally a queryset of the same ids, used in SQL as a subquery instead of the
    list (for very long lists).
    """
    quizzes = list(quizzes)
    rows, overrides = grade_facts(user_ids if users is None else users, quizzes)
    return {
        (user_id, quiz.pk): _result(
            quiz, rows.get((user_id, quiz.pk), []), overrides.get((user_id, quiz.pk))
        )
        for user_id in user_ids
        for quiz in quizzes
    }


# ----------------------------------------------------------------------------------------------
# The quiz page
# ----------------------------------------------------------------------------------------------


def question_count(quiz: QuizPage) -> int:
    fixed = quiz.fixed_questions.count()
    drawn = 0
    if quiz.draw_category_id and quiz.draw_count:
        available = (
            Question.objects.filter(category_id=quiz.draw_category_id)
            .exclude(pk__in=quiz.fixed_questions.values("question_id"))
            .count()
        )
        drawn = min(quiz.draw_count, available)
    return fixed + drawn


def quiz_overview(user, quiz: QuizPage, now=None) -> dict:
    """Rules, the student's attempts, the grade so far, and whether they may start or continue."""
    from .services import QuizTerms, quiz_terms

    now = now or timezone.now()
    review = quiz.review_options(now)
    # The student's own dates, time and attempts (cohort dates, accommodations).
    terms = quiz_terms(user, quiz) if user.is_authenticated else QuizTerms.of(quiz)
    context = {
        "quiz_rules": {
            "questions": question_count(quiz),
            "time_limit": terms.time_limit_minutes,
            "attempts_allowed": terms.attempts_allowed,
            "opens_at": terms.opens_at,
            "closes_at": terms.closes_at,
            "pass_mark": quiz.pass_mark,
            "grading_method": quiz.get_grading_method_display(),
        },
        "attempts": [],
        "open_attempt": None,
        "attempts_left": terms.attempts_allowed or None,
        "can_start": False,
        "unavailable": None,
        "grade": None,
        "passed": False,
        "overridden": False,
        "show_marks": review["marks"],
    }
    if not user.is_authenticated:
        return context
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("number"))
    context["attempts"] = attempts
    context["open_attempt"] = next((a for a in attempts if a.state == IN_PROGRESS), None)
    used = max((a.number for a in attempts), default=0)
    if terms.attempts_allowed:
        context["attempts_left"] = max(0, terms.attempts_allowed - used)
    last_submitted = max((a.submitted_at for a in attempts if a.submitted_at), default=None)
    review = quiz.review_options(
        now, submitted_at=last_submitted, attempts_used=used,
        attempts_allowed=terms.attempts_allowed,
    )
    context["show_marks"] = review["marks"]
    if review["marks"]:
        override = (
            GradeOverride.objects.filter(user=user, quiz=quiz)
            .values_list("percent", flat=True)
            .first()
        )
        grade = quiz_grade(attempts, quiz.grading_method, override)
        context["overridden"] = override is not None
        context["grade"] = grade
        context["passed"] = grade is not None and grade >= quiz.pass_mark
    if context["open_attempt"] is None:
        if terms.opens_at and now < terms.opens_at:
            context["unavailable"] = _("This quiz is not open yet.")
        elif not terms.is_open(now):
            context["unavailable"] = _("This quiz is closed.")
        elif terms.attempts_allowed and used >= terms.attempts_allowed:
            context["unavailable"] = _("You have used all the attempts allowed.")
        else:
            context["can_start"] = True
    return context


# ----------------------------------------------------------------------------------------------
# An attempt's questions as shown
# ----------------------------------------------------------------------------------------------


@dataclass
class QuestionItem:
    """One question of an attempt as the student sees it (no answer key in here)."""

    number: int
    question: Question
    answer: Answer | None = None
    response: object = None
    error: str = ""
    options: list = field(default_factory=list)  # [(uid, text)] in the order shown
    lefts: list = field(default_factory=list)  # matching: [(uid, text)]
    rights: list = field(default_factory=list)  # matching: [(uid, text)] shuffled
    map: dict | None = None
    places: list = field(default_factory=list)  # mappoint: [(key, name)] of every place
    page: int = 0
    # Filled by ``attempt_review`` only, as far as the review options allow:
    state: str = ""  # correct / partial / incorrect / manual
    state_label: str = ""
    your_answer: list = field(default_factory=list)
    right: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # choices and matching: one row per option / pair
    map_view: dict | None = None  # map questions: the answer drawn on the map

    @property
    def name(self) -> str:
        return f"q{self.question.pk}"

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def answered(self) -> bool:
        return self.response not in (None, "", [], {})

    # Values shaped for the templates -----------------------------------------------------------
    @property
    def choices(self) -> list[dict]:
        picked = self.response if isinstance(self.response, list) else [self.response]
        return [{"uid": uid, "text": text, "selected": uid in picked} for uid, text in self.options]

    @property
    def ordered_items(self) -> list[dict]:
        texts = dict(self.options)
        order = self.response if isinstance(self.response, list) else None
        if not order or set(order) != set(texts):
            order = [uid for uid, _text in self.options]
        return [
            {"uid": uid, "text": texts[uid], "position": i}
            for i, uid in enumerate(order, start=1)
        ]

    @property
    def positions(self) -> list[int]:
        return list(range(1, len(self.options) + 1))

    @property
    def pairs(self) -> list[dict]:
        chosen = self.response if isinstance(self.response, dict) else {}
        return [{"uid": uid, "text": text, "chosen": chosen.get(uid)} for uid, text in self.lefts]

    @property
    def text_value(self) -> str:
        return self.response if isinstance(self.response, str) else ""

    @property
    def truth(self):
        if self.response in (True, "true"):
            return "true"
        if self.response in (False, "false"):
            return "false"
        return ""

    @property
    def point(self) -> dict:
        """Map answers: the chosen place key, or the clicked point and its marker position.

        A place chosen from the list is shown as chosen, never as coordinates. Every number is
        a plain string (decimal point whatever the language): the markup and script read them.
        """
        value = self.response if isinstance(self.response, dict) else {}
        point = {"place": "", "lat": "", "lon": "", "x": "0", "y": "0", "has_point": False}
        if value.get("place"):
            point["place"] = value["place"]
        elif value.get("lat") not in (None, "") and self.map is not None:
            lat, lon = float(value["lat"]), float(value["lon"])
            point.update(
                maps.marker(self.map, lat, lon),
                lat=maps.plain(lat, 6), lon=maps.plain(lon, 6), has_point=True,
            )
        return point


def load_questions(ids) -> dict[int, Question]:
    """{id: Question} with what grading and display need, in a fixed number of queries."""
    return (
        Question.objects.filter(pk__in=ids)
        .select_related("place")
        .prefetch_related("options", "pairs", "accepted_answers")
        .in_bulk()
    )


_questions = load_questions


def _place_choices() -> list[tuple[str, str]]:
    from lessons.models import Place

    return sorted(((p.key, p.name) for p in Place.objects.all()), key=lambda kv: kv[1].casefold())


def attempt_items(attempt: Attempt) -> list[QuestionItem]:
    """Every question of ``attempt`` in its order, with the saved answers. Fixed query count."""
    questions = _questions(attempt.question_ids)
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    return build_items(attempt, questions, answers)


def build_items(attempt: Attempt, questions: dict, answers: dict, cache=None) -> list[QuestionItem]:
    """The items of ``attempt`` from loaded ``questions`` ({id: Question} with their options,
    pairs and accepted answers prefetched) and ``answers`` ({question id: Answer}); no query but
    the places of map questions, loaded once per ``cache`` (a dict shared between attempts).

    A question deleted since the attempt started is left out.
    """
    cache = {} if cache is None else cache
    options_order = attempt.snapshot.get("options", {})
    rights_order = attempt.snapshot.get("rights", {})
    ids = [pk for pk in attempt.question_ids if pk in questions]
    per_page = 1 if attempt.quiz.one_per_page else max(1, len(ids))
    items = []
    for index, pk in enumerate(ids):
        question = questions[pk]
        answer = answers.get(pk)
        item = QuestionItem(
            number=index + 1,
            question=question,
            answer=answer,
            response=answer.response if answer else None,
            page=index // per_page,
        )
        if question.type in (SINGLE, MULTIPLE, ORDERING):
            texts = {o.uid: o.text for o in question.options.all()}
            order = [uid for uid in options_order.get(str(pk), []) if uid in texts]
            order += [uid for uid in texts if uid not in order]  # options added since the start
            item.options = [(uid, texts[uid]) for uid in order]
        elif question.type == MATCHING:
            pairs = list(question.pairs.all())
            item.lefts = [(p.left_uid, p.left) for p in pairs]
            texts = {p.right_uid: p.right for p in pairs}
            order = [uid for uid in rights_order.get(str(pk), []) if uid in texts]
            order += [uid for uid in texts if uid not in order]
            item.rights = [(uid, texts[uid]) for uid in order]
        elif question.type == MAPPOINT:
            if "places" not in cache:
                cache["places"], cache["basemap"] = _place_choices(), maps.quiz_map()
            item.places, item.map = cache["places"], cache["basemap"]
        items.append(item)
    return items


def attempt_page(attempt: Attempt, page: int, now=None) -> dict:
    """The context of one page of an open attempt: its questions and the navigation."""
    now = now or timezone.now()
    items = attempt_items(attempt)
    page_count = max(item.page for item in items) + 1 if items else 1
    page = min(max(0, page), page_count - 1)
    shown = [item for item in items if item.page == page]
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "items": shown,
        "basemap": next((item.map for item in shown if item.map), None),
        "all_items": items,
        "page": page,
        "page_count": page_count,
        "answered": sum(item.answered for item in items),
        "seconds_left": (
            max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None
        ),
        "now": now,
    }


# ----------------------------------------------------------------------------------------------
# Review
# ----------------------------------------------------------------------------------------------


def _state(answer: Answer | None) -> tuple[str, str]:
    if answer is None or (answer.fraction is None and answer.marks is None):
        return "manual", str(_("Waiting for grading"))
    fraction = answer.fraction
    if fraction is None:  # graded by a person: compare the marks with the points
        fraction = float(answer.marks / answer.question.points) if answer.question.points else 0
    if fraction >= 1:
        return "correct", str(_("Correct"))
    if fraction > 0:
        return "partial", str(_("Partially correct"))
    return "incorrect", str(_("Incorrect"))


def right_answer(question: Question, language: str) -> list[str]:
    """The right answer in words (for the review, when its options allow it)."""
    kind = question.type
    if kind in (SINGLE, MULTIPLE):
        return [o.text for o in question.options.all() if o.correct]
    if kind == ORDERING:
        return [o.text for o in question.options.all()]
    if kind == TRUEFALSE:
        return [str(_("True") if question.true_false_answer else _("False"))]
    if kind == SHORT:
        wanted = (language, FALLBACK_LANGUAGE)
        texts = [a.text for a in question.accepted_answers.all() if a.language == wanted[0]]
        texts += [a.text for a in question.accepted_answers.all() if a.language == wanted[1]]
        return list(dict.fromkeys(texts))
    if kind == NUMERIC:
        answer = question.numeric_answer.normalize()
        tolerance = question.tolerance.normalize()
        if tolerance:
            if question.tolerance_kind == "relative":
                text = f"{answer:f} ± {tolerance * 100:f} %"
            else:
                text = f"{answer:f} ± {tolerance:f}"
        else:
            text = f"{answer:f}"
        return [f"{text} {question.unit}".strip()]
    if kind == MATCHING:
        return [f"{p.left} → {p.right}" for p in question.pairs.all()]
    if kind == MAPPOINT:
        return [
            str(_("%(place)s (within %(radius)s km)") % {
                "place": question.place.name, "radius": f"{question.radius_km:g}",
            })
        ]
    return []


def response_text(item: QuestionItem) -> list[str]:
    """The student's answer in words, for the review."""
    kind, value = item.type, item.response
    if value in (None, "", [], {}):
        return []
    if kind in (SINGLE, MULTIPLE):
        return [c["text"] for c in item.choices if c["selected"]]
    if kind == ORDERING:
        return [entry["text"] for entry in item.ordered_items]
    if kind == TRUEFALSE:
        return [str(_("True") if item.truth == "true" else _("False"))]
    if kind == MATCHING:
        rights = dict(item.rights)
        return [
            f"{pair['text']} → {rights.get(pair['chosen'], '—')}" for pair in item.pairs
        ]
    if kind == MAPPOINT:
        if value.get("place"):
            names = dict(item.places)
            return [names.get(value["place"], value["place"])]
        lat, lon = float(value["lat"]), float(value["lon"])
        return [
            _("A point on the map (%(lat)s, %(lon)s)") % {
                "lat": f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}",
                "lon": f"{abs(lon):.2f}° {'E' if lon >= 0 else 'W'}",
            }
        ]
    return [str(value)]


def _option_rows(item: QuestionItem, show: dict) -> list[dict]:
    """Choice questions: each option with whether it was picked, whether it is right, and its
    feedback, as far as the review options allow (feedback only for what the student picked).

    Texts are read now, in the language of the page, never from the copy stored at grading.
    """
    options = {o.uid: o for o in item.question.options.all()}
    picked = {c["uid"] for c in item.choices if c["selected"]}
    rows = []
    for uid, _text in item.options:
        option = options[uid]
        chosen = uid in picked
        verdict = ""  # on what was picked, and on the right options the student missed
        if chosen and (show["correctness"] or show["right_answer"]):
            verdict = "right" if option.correct else "wrong"
        elif show["right_answer"] and option.correct:
            verdict = "right"
        rows.append({
            "text": option.text,
            "picked": chosen if show["answers"] else None,
            "verdict": verdict,
            "verdict_label": {"right": _("a right answer"), "wrong": _("not a right answer")}.get(
                verdict, ""
            ),
            "feedback": option.feedback if show["feedback"] and chosen else "",
        })
    return rows


def _pair_rows(item: QuestionItem, show: dict) -> list[dict]:
    """Matching: each left item with the student's match, whether it is right and, when the
    review shows the right answer, the right match of every pair the student got wrong."""
    rights = dict(item.rights)
    key = {p.left_uid: p.right_uid for p in item.question.pairs.all()}
    rows = []
    for pair in item.pairs:
        right = key.get(pair["uid"])
        ok = pair["chosen"] is not None and pair["chosen"] == right
        rows.append({
            "text": pair["text"],
            "chosen": rights.get(pair["chosen"], "") if show["answers"] else None,
            "ok": ok if show["correctness"] or show["right_answer"] else None,
            "right": (
                rights.get(right, "")
                if show["right_answer"] and not (ok and show["answers"]) else ""
            ),
        })
    return rows


def _map_view(item: QuestionItem, show: dict) -> dict | None:
    """Map questions: the student's point and the place asked for on the quiz map, the accepted
    radius and the distance between them (markup numbers are plain strings)."""
    question, value = item.question, item.response if isinstance(item.response, dict) else {}
    geo = item.map or maps.quiz_map()
    region = (geo["west"], geo["east"], geo["south"], geo["north"])

    def inside(lat, lon):
        return region[0] <= lon <= region[1] and region[2] <= lat <= region[3]

    view = {"geo": geo, "you": None, "place": None, "distance_km": None, "outside": []}
    you = None
    if show["answers"] and value.get("lat") not in (None, ""):
        you = float(value["lat"]), float(value["lon"])
        if inside(*you):
            view["you"] = maps.marker(geo, *you)
        else:
            view["outside"].append(_("your answer"))
    place = question.place
    if show["right_answer"] and place is not None:
        if inside(place.latitude, place.longitude):
            view["place"] = {
                **maps.marker(geo, place.latitude, place.longitude),
                "r": maps.radius_units(geo, question.radius_km or 0),
            }
        else:
            view["outside"].append(place.name)
        if you is not None:
            view["distance_km"] = round(haversine_km(*you, place.latitude, place.longitude))
    if view["you"] is None and view["place"] is None:
        return None
    points = [(float(m["x"]), float(m["y"])) for m in (view["you"], view["place"]) if m]
    if view["place"]:
        r = float(view["place"]["r"])
        x, y = points[-1]
        points += [(x - r, y - r), (x + r, y + r)]
    view["viewbox"] = maps.view_box(geo, points)
    view["marker_r"] = maps.plain(float(view["viewbox"].split()[2]) / 60)
    return view


def _feedback(item: QuestionItem, language: str) -> list[str]:
    """What the answer triggered, in the language of the page: a teacher's words as written;
    otherwise the grading rule run again on the saved response (choice questions show theirs at
    each option instead)."""
    answer = item.answer
    if answer is not None and (answer.detail or {}).get("graded_by"):
        return list(answer.feedback)
    if item.response in (None, "", [], {}):
        return []
    if item.type in (SINGLE, MULTIPLE):
        if item.rows:
            return []  # shown at each option
        picked = {c["uid"] for c in item.choices if c["selected"]}
        return [o.feedback for o in item.question.options.all() if o.uid in picked and o.feedback]
    try:
        return list(item.question.grader(language).grade(item.response).feedback)
    except (InvalidKey, InvalidResponse):
        return []


def attempt_review_options(attempt: Attempt, now=None, *, attempts_used=None, terms=None) -> dict:
    """What the student may see of ``attempt`` now (``QuizPage.review_options`` with the
    attempt's moment and the student's own attempts). ``attempts_used`` and ``terms`` (the
    student's ``QuizTerms``) save queries when the caller has them."""
    from .services import quiz_terms

    if attempts_used is None:
        attempts_used = Attempt.objects.filter(
            user_id=attempt.user_id, quiz_id=attempt.quiz_id
        ).aggregate(n=Max("number"))["n"]
    terms = terms or quiz_terms(attempt.user, attempt.quiz)
    return attempt.quiz.review_options(
        now, submitted_at=attempt.submitted_at, attempts_used=attempts_used or attempt.number,
        attempts_allowed=terms.attempts_allowed,
    )


def attempt_review(attempt: Attempt, now=None) -> dict:
    """The review of a submitted attempt, showing only what the quiz's review options allow.

    Every text (questions, options, feedback) is in the language of the page: a student who
    took the quiz in English and reads the review in Kazakh reads Kazakh.
    """
    show = attempt_review_options(attempt, now)
    language = get_language() or FALLBACK_LANGUAGE
    items = attempt_items(attempt)
    for item in items:
        item.state, item.state_label = _state(item.answer)
        item.your_answer = response_text(item) if show["answers"] else []
        item.right = right_answer(item.question, language) if show["right_answer"] else []
        if item.type in (SINGLE, MULTIPLE) and (show["answers"] or show["right_answer"]):
            item.rows = _option_rows(item, show)
        elif item.type == MATCHING and (show["answers"] or show["right_answer"]):
            item.rows = _pair_rows(item, show)
        elif item.type == MAPPOINT:
            item.map_view = _map_view(item, show)
        if show["feedback"]:
            item.feedback = _feedback(item, language)
            if item.question.feedback:
                item.feedback.append(item.question.feedback)
    percent = attempt.percent
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "items": items,
        "basemap": next((item.map_view["geo"] for item in items if item.map_view), None),
        "show": show,
        "percent": percent,
        "passed": percent is not None and percent >= attempt.quiz.pass_mark,
    }
