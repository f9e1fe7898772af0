"""Loading step of the quizzes (question bank and quiz pages) for ``load_course``.

Called by ``course.content.loader`` with the loader and the course page, once lessons and places
exist. Like the rest of the loader it creates what is missing and overwrites only with
``loader.update``. The formats are in content/README.md ("quizzes").

On update the rows of a question (options, items, pairs) are updated in place, so their opaque
ids stay the same and answers already saved in attempts still point at the same options.
"""

from decimal import Decimal, InvalidOperation

from course.content.loader import set_translated
from course.content.markdown import ContentError

from . import grading
from .choices import (
    ESSAY,
    GRADING_METHODS,
    MAPPOINT,
    MATCHING,
    MULTIPLE,
    NUMERIC,
    ORDERING,
    QUESTION_TYPES,
    SHORT,
    SINGLE,
    TRUEFALSE,
)
from .models import (
    AcceptedAnswer,
    MatchingPair,
    Question,
    QuestionCategory,
    QuestionOption,
    QuizPage,
    QuizQuestion,
)

TYPE_CODES = {code for code, _label in QUESTION_TYPES}
METHOD_CODES = {code for code, _label in GRADING_METHODS}


def load_quizzes(loader, course) -> None:
    categories = {}
    for data in loader.content.questions:
        category = data.get("category") or {}
        if category.get("key") and category["key"] not in categories:
            categories[category["key"]] = load_category(loader, category)
    questions = {data["key"]: load_question(loader, data, categories) for data in
                 loader.content.questions}
    for data in loader.content.quizzes:
        load_quiz(loader, course, data, questions, categories)


def load_category(loader, data) -> QuestionCategory:
    def apply(obj):
        set_translated(obj, "title", data.get("title") or {"en": data["key"]})

    return loader.upsert(QuestionCategory, data["key"], apply, "question categories")


def _where(data) -> str:
    return f"{data.get('_file') or 'quizzes/questions'}:{data.get('key')}"


def check_question(loader, data) -> None:
    """Refuse a question whose lesson, place or answer key is wrong, naming it."""
    where = _where(data)
    kind = data.get("type")
    problems = []
    if kind not in TYPE_CODES:
        raise ContentError(f"{where}: unknown question type {kind!r}")
    if not (data.get("category") or {}).get("key"):
        problems.append("the file has no category key")
    if not (data.get("text") or {}).get("en"):
        problems.append("the question has no English text")
    if data.get("lesson") and data["lesson"] not in loader.lessons:
        problems.append(f"unknown lesson {data['lesson']!r}")
    if kind == MAPPOINT:
        if data.get("place") not in loader.places:
            problems.append(f"unknown place {data.get('place')!r}")
        if not isinstance(data.get("radius_km"), (int, float)) or data["radius_km"] <= 0:
            problems.append("radius_km must be a positive number")
    try:
        points = Decimal(str(data.get("points", 1)))
        if points <= 0:
            problems.append("points must be positive")
    except InvalidOperation:
        problems.append(f"points {data.get('points')!r} is not a number")
    options = data.get("options") or []
    if kind == ORDERING:
        options = [{"correct": False} for _item in data.get("items") or []]
    answers = [
        {"language": language, "text": text}
        for language, texts in (data.get("answers") or {}).items()
        if isinstance(texts, list)
        for text in texts
    ] if isinstance(data.get("answers"), dict) else []
    problems += [
        str(problem)
        for problem in Question.check_rows(
            kind, options=options, pairs=data.get("pairs") or [], answers=answers
        )
    ]
    try:
        if kind == TRUEFALSE:
            grading.TrueFalse(data.get("answer"))
        elif kind == NUMERIC:
            grading.Numeric(
                data.get("answer"),
                data.get("tolerance", 0),
                data.get("tolerance_kind", "absolute"),
            )
        elif kind == SHORT:
            grading.ShortAnswer([a["text"] for a in answers if a["language"] == "en"])
    except grading.InvalidKey as exc:
        problems.append(str(exc))
    if problems:
        raise ContentError(f"{where}: " + "; ".join(problems))


def _rows(existing: list, count: int, model):
    """``count`` rows, reusing the existing ones in order (their opaque ids stay)."""
    return [existing[i] if i < len(existing) else model() for i in range(count)]


def load_question(loader, data, categories) -> Question:
    check_question(loader, data)
    kind = data["type"]

    def apply(obj):
        obj.type = kind
        obj.category = categories[data["category"]["key"]]
        obj.points = Decimal(str(data.get("points", 1)))
        obj.lesson = loader.lessons.get(data.get("lesson"))
        set_translated(obj, "text", data["text"])
        set_translated(obj, "feedback", data.get("feedback"))
        set_translated(obj, "rubric", data.get("rubric") if kind == ESSAY else None)
        if kind == TRUEFALSE:
            obj.true_false_answer = bool(data["answer"])
        if kind == NUMERIC:
            obj.numeric_answer = Decimal(str(data["answer"]))
            obj.tolerance = Decimal(str(data.get("tolerance", 0)))
            obj.tolerance_kind = data.get("tolerance_kind", "absolute")
            set_translated(obj, "unit", data.get("unit"))
        if kind == MAPPOINT:
            obj.place = loader.places[data["place"]]
            obj.radius_km = float(data["radius_km"])

        existing = list(obj.options.all()) if obj.pk else []
        if kind in (SINGLE, MULTIPLE):
            given = data.get("options") or []
            rows = _rows(existing, len(given), QuestionOption)
            for i, (row, option) in enumerate(zip(rows, given, strict=True)):
                set_translated(row, "text", option["text"])
                set_translated(row, "feedback", option.get("feedback"))
                row.correct, row.sort_order = bool(option.get("correct")), i
        elif kind == ORDERING:
            given = data.get("items") or []
            rows = _rows(existing, len(given), QuestionOption)
            for i, (row, item) in enumerate(zip(rows, given, strict=True)):
                set_translated(row, "text", item)
                row.correct, row.sort_order = False, i
        else:
            rows = []
        obj.options = rows

        given = data.get("pairs") or [] if kind == MATCHING else []
        rows = _rows(list(obj.pairs.all()) if obj.pk else [], len(given), MatchingPair)
        for i, (row, pair) in enumerate(zip(rows, given, strict=True)):
            set_translated(row, "left", pair["left"])
            set_translated(row, "right", pair["right"])
            row.sort_order = i
        obj.pairs = rows

        answers = []
        if kind == SHORT:
            for language, texts in data["answers"].items():
                answers += [AcceptedAnswer(language=language, text=str(t)) for t in texts]
        for i, answer in enumerate(answers):
            answer.sort_order = i
        obj.accepted_answers = answers

    return loader.upsert(Question, data["key"], apply, "questions")


def load_quiz(loader, course, data, questions, categories) -> QuizPage:
    from course.models import ModulePage  # course imports quizzes, not the other way round

    where = f"quizzes/quizzes.yaml:{data.get('slug')}"
    module = data.get("module")
    if module == "final":
        parent = course
    else:
        parent = ModulePage.objects.child_of(course).filter(slug=module).first()
        if parent is None:
            raise ContentError(f"{where}: unknown module {module!r}")
    missing = [key for key in data.get("questions") or [] if key not in questions]
    if missing:
        raise ContentError(f"{where}: unknown questions {missing!r}")
    draw = data.get("draw") or {}
    if draw and draw.get("category") not in categories:
        raise ContentError(f"{where}: unknown question category {draw.get('category')!r}")
    method = data.get("grading_method", "highest")
    if method not in METHOD_CODES:
        raise ContentError(f"{where}: unknown grading method {method!r}")
    if not data.get("slug") or not (data.get("title") or {}).get("en"):
        raise ContentError(f"{where}: a quiz needs a slug and an English title")

    page = QuizPage.objects.child_of(parent).filter(slug=data["slug"]).first()
    created = page is None
    if created or loader.update:
        if created:
            page = QuizPage(slug=data["slug"])
        set_translated(page, "title", data["title"])
        page.title = data["title"]["en"]
        intro = data.get("intro") or {}
        set_translated(page, "intro", {k: f"<p>{v}</p>" for k, v in intro.items()})
        page.draw_category = categories.get(draw.get("category")) if draw else None
        page.draw_count = int(draw.get("count") or 0) if draw else 0
        page.time_limit_minutes = int(data.get("time_limit_minutes") or 0)
        page.attempts_allowed = int(data.get("attempts_allowed") or 0)
        page.grading_method = method
        page.pass_mark = int(data.get("pass_mark", 60))
        page.one_per_page = bool(data.get("one_per_page", False))
        page.shuffle_questions = bool(data.get("shuffle_questions", True))
        page.shuffle_options = bool(data.get("shuffle_options", True))
        page.fixed_questions = [
            QuizQuestion(question=questions[key], sort_order=i)
            for i, key in enumerate(data.get("questions") or [])
        ]
        if created:
            parent.add_child(instance=page)
    loader.publish(page, created, "quizzes")
    return page
