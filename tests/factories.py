"""Test data builders: only the data a test needs. Add builders at the end; keep these stable."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from course.models import CoursePage, ModulePage
from course.roles import INSTRUCTORS, STUDENTS
from lessons.models import LessonPage

_counter = itertools.count(1)


def make_user(username=None, group=STUDENTS, password="pass-1234-word", **extra):
    """A user in the Students (default) or Instructors group; password 'pass-1234-word'."""
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username, password=password, email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def make_student(username=None, **extra):
    return make_user(username, STUDENTS, **extra)


def make_instructor(username=None, **extra):
    return make_user(username, INSTRUCTORS, **extra)


def make_course(title="Test course", **fields) -> CoursePage:
    """The course page as the default site's root (replacing Wagtail's welcome page)."""
    existing = CoursePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    course = CoursePage(title=title, slug="course", title_en=title, **fields)
    root.add_child(instance=course)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = course
        site.save()
    else:
        Site.objects.create(hostname="localhost", root_page=course, is_default_site=True)
    return course


def make_module(course=None, title=None, **fields) -> ModulePage:
    course = course or make_course()
    n = next(_counter)
    title = title or f"Module {n}"
    module = ModulePage(
        title=title, title_en=title, slug=fields.pop("slug", f"module-{n}"), **fields
    )
    course.add_child(instance=module)
    return module


def make_lesson(module=None, title=None, **fields) -> LessonPage:
    module = module or make_module()
    n = next(_counter)
    title = title or f"Lesson {n}"
    lesson = LessonPage(
        title=title, title_en=title, slug=fields.pop("slug", f"lesson-{n}"), **fields
    )
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson


# --- Visual data: places, routes, events, data series, sources, glossary (lessons) -----------


def _english(fields: dict, *names: str) -> dict:
    """Also store translated ``names`` as English, whatever language a test left active."""
    for name in names:
        if name in fields and f"{name}_en" not in fields:
            fields[f"{name}_en"] = fields[name]
    return fields


def make_source(key=None, label=None, **fields):
    from lessons.models import Source

    n = next(_counter)
    key = key or f"source{n}"
    fields = _english(fields, "title_translated", "note")
    return Source.objects.create(key=key, label=label or f"Author {n}", **fields)


def make_term(key=None, term=None, definition="A definition.", lessons=(), **fields):
    from lessons.models import GlossaryTerm

    n = next(_counter)
    term = term or f"term {n}"
    obj = GlossaryTerm.objects.create(
        key=key or f"term-{n}",
        term=term,
        term_en=term,
        definition=definition,
        definition_en=definition,
        **fields,
    )
    for lesson in lessons:  # written through the table: parental relations wait for a save
        LessonPage.key_terms.through.objects.create(lessonpage=lesson, glossaryterm=obj)
    return obj


def cite(lesson, *sources):
    """Make ``lesson`` list ``sources`` in its bibliography (stored at once)."""
    for source in sources:
        LessonPage.sources.through.objects.create(lessonpage=lesson, source=source)


def make_place(key=None, name=None, lat=43.24, lon=76.95, kind="city", **fields):
    from lessons.models import Place

    n = next(_counter)
    name = name or f"Place {n}"
    fields = _english(fields, "description")
    return Place.objects.create(
        key=key or f"place-{n}",
        name=name,
        name_en=name,
        latitude=lat,
        longitude=lon,
        kind=kind,
        **fields,
    )


def make_route(key=None, name=None, places=(), **fields):
    """A route through ``places`` (Place instances), in order."""
    from lessons.models import Route, RoutePoint

    n = next(_counter)
    name = name or f"Route {n}"
    fields = _english(fields, "period", "description")
    route = Route(key=key or f"route-{n}", name=name, name_en=name, **fields)
    route.save()
    for order, place in enumerate(places):
        RoutePoint.objects.create(route=route, place=place, sort_order=order)
    return route


def make_event(
    key=None,
    title=None,
    date="1991-12-16",
    precision="day",
    category="diplomacy",
    places=(),
    lessons=(),
    **fields,
):
    """An event; ``date`` and ``end_date`` may be ISO strings."""
    import datetime

    from lessons.models import Event

    n = next(_counter)
    title = title or f"Event {n}"
    fields = _english(fields, "summary")
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    if isinstance(fields.get("end_date"), str):
        fields["end_date"] = datetime.date.fromisoformat(fields["end_date"])
    event = Event(
        key=key or f"event-{n}",
        title=title,
        title_en=title,
        date=date,
        precision=precision,
        category=category,
        **fields,
    )
    # Parental many-to-many relations are kept in memory until the event is saved.
    event.places = list(places)
    event.lessons = list(lessons)
    event.save()
    return event


def make_series(key=None, title=None, unit="million US dollars", points=(), source=None, **fields):
    """A data series; ``points`` are (year, value) or (year, value, label) tuples."""
    from decimal import Decimal

    from lessons.models import DataPoint, DataSeries

    n = next(_counter)
    title = title or f"Series {n}"
    fields = _english(fields, "note")
    series = DataSeries(
        key=key or f"series-{n}",
        title=title,
        title_en=title,
        unit=unit,
        unit_en=unit,
        source=source,
        **fields,
    )
    series.save()
    for order, point in enumerate(points):
        year, value, *rest = point
        DataPoint.objects.create(
            series=series,
            year=year,
            value=Decimal(str(value)),
            label=rest[0] if rest else "",
            label_en=rest[0] if rest else "",
            sort_order=order,
        )
    return series


# -- quizzes ----------------------------------------------------------------------------------


def make_category(key=None, title=None):
    from quizzes.models import QuestionCategory

    key = key or f"category-{next(_counter)}"
    title = title or key
    return QuestionCategory.objects.create(key=key, title=title, title_en=title)


def make_question(type="single", category=None, key=None, text=None, points=1, **fields):
    """A question of ``type`` with a small, known answer key.

    single / multiple: options "Right" (correct), "Also right" (correct, multiple only) and
    "Wrong"; ordering: items First, Second, Third (in that correct order); truefalse: true;
    short: "Turkestan" (en) and "Туркестан" (ru); numeric: 1850 ± 50 million US dollars;
    matching: Rumi → Konya, Yassawi → Turkestan; mappoint: a place (Turkestan by default)
    within 100 km; essay: a rubric. Pass ``options=[...]`` etc. to override.
    """
    from quizzes.models import (
        AcceptedAnswer,
        MatchingPair,
        Question,
        QuestionOption,
    )

    n = next(_counter)
    text = text or f"Question {n} ({type})?"
    question = Question(
        key=key or f"q-{n}",
        category=category or make_category(),
        type=type,
        text=text,
        text_en=text,
        points=points,
    )
    options = fields.pop("options", None)
    pairs = fields.pop("pairs", None)
    answers = fields.pop("answers", None)
    if type == "single" and options is None:
        options = [("Right", True), ("Wrong", False), ("Also wrong", False)]
    if type == "multiple" and options is None:
        options = [("Right", True), ("Also right", True), ("Wrong", False)]
    if type == "ordering" and options is None:
        options = [("First", False), ("Second", False), ("Third", False)]
    if type == "matching" and pairs is None:
        pairs = [("Rumi", "Konya"), ("Yassawi", "Turkestan")]
    if type == "short" and answers is None:
        answers = [("en", "Turkestan"), ("ru", "Туркестан")]
    if type == "numeric":
        fields.setdefault("numeric_answer", 1850)
        fields.setdefault("tolerance", 50)
        fields.setdefault("unit", "million US dollars")
    if type == "mappoint":
        if "place" not in fields:
            fields["place"] = make_place(
                key=f"answer-place-{n}", name="Turkestan", lat=43.2973, lon=68.2518
            )
        fields.setdefault("radius_km", 100)
    if type == "essay":
        fields.setdefault("rubric", "Mentions the 1991 recognition.")
    if type == "truefalse":
        fields.setdefault("true_false_answer", True)
    for name, value in fields.items():
        setattr(question, name, value)
    question.options = [
        QuestionOption(text=t, text_en=t, correct=c, sort_order=i)
        for i, (t, c) in enumerate(options or [])
    ]
    question.pairs = [
        MatchingPair(left=left, left_en=left, right=right, right_en=right, sort_order=i)
        for i, (left, right) in enumerate(pairs or [])
    ]
    question.accepted_answers = [
        AcceptedAnswer(language=language, text=answer, sort_order=i)
        for i, (language, answer) in enumerate(answers or [])
    ]
    question.save()
    return question


def make_quiz(parent=None, questions=(), title=None, **fields):
    """A live quiz page under ``parent`` (a new module by default) with fixed ``questions``.

    Defaults differ from the model's for predictable tests: no shuffling, all on one page, and
    the review shows what its moment ticks even while attempts are left (the model's default
    holds correctness back then: see tests/quizzes/test_hostile_review.py).
    """
    from quizzes.models import QuizPage, QuizQuestion

    parent = parent or make_module()
    n = next(_counter)
    title = title or f"Quiz {n}"
    fields.setdefault("shuffle_questions", False)
    fields.setdefault("shuffle_options", False)
    fields.setdefault("review_withhold_while_attempts_left", False)
    quiz = QuizPage(title=title, title_en=title, slug=fields.pop("slug", f"quiz-{n}"), **fields)
    quiz.fixed_questions = [
        QuizQuestion(question=question, sort_order=i) for i, question in enumerate(questions)
    ]
    parent.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


def ensure_wagtail_root():
    """Recreate Wagtail's root page and default locale, which a transactional test's flush
    removes (they come from data migrations); call it before building pages in such tests."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", title_en="Root", slug="root"))


def make_page_root():
    """The root of Wagtail's page tree, recreated when a live-server (transactional) test's flush
    has emptied the tables the migrations filled. Call it before ``make_course`` there."""
    root = Page.get_first_root_node()
    if root is not None:
        return root
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.add_root(instance=Page(title="Root", title_en="Root", slug="root"))


# -- gradebook (instructors) ------------------------------------------------------------------


def make_attempt(user, quiz, responses=None, submit=True, language="en"):
    """An attempt of ``user`` at ``quiz`` with ``responses`` ({question: raw response}), graded
    unless ``submit=False``. Built directly (no access check, no attempts limit)."""
    from django.db.models import Max

    from quizzes import services
    from quizzes.models import Attempt

    used = Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("number"))["n"] or 0
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        number=used + 1,
        language=language,
        snapshot=services.draw_snapshot(quiz, 1),
    )
    if responses:
        result = services.save_answers(
            attempt, {getattr(q, "pk", q): value for q, value in responses.items()}
        )
        assert not result.errors, result.errors
    if submit:
        attempt = services.submit_attempt(attempt)
    return attempt


def option_uid(question, text):
    """The uid of ``question``'s option whose English text is ``text``."""
    return question.options.get(text_en=text).uid


def enrol(user, course=None):
    from course.models import Enrolment

    return Enrolment.objects.get_or_create(user=user, course=course or make_course())[0]


def make_classroom(students=3, quizzes=2, essay=False, course=None):
    """A course with ``quizzes`` modules (one lesson and one quiz each: a single-choice and a
    true-or-false question, plus an essay if asked) and ``students`` enrolled students, each
    with a graded attempt at every quiz (right or wrong in turn) and the first lesson done.

    Returns a namespace: course, modules, lessons, quizzes, questions ({quiz pk: [questions]}),
    students, instructor.
    """
    from types import SimpleNamespace

    course = course or make_course()
    room = SimpleNamespace(
        course=course,
        modules=[],
        lessons=[],
        quizzes=[],
        questions={},
        students=[],
        instructor=make_instructor(),
    )
    for _n in range(quizzes):
        module = make_module(course)
        room.modules.append(module)
        room.lessons.append(make_lesson(module))
        questions = [make_question("single"), make_question("truefalse")]
        if essay:
            questions.append(make_question("essay", points=5))
        quiz = make_quiz(module, questions=questions, attempts_allowed=3)
        room.quizzes.append(quiz)
        room.questions[quiz.pk] = questions
    from course.models import LessonCompletion

    for i in range(students):
        student = make_student(first_name=f"Student{i:02d}", last_name=f"Family{i:02d}")
        enrol(student, course)
        room.students.append(student)
        if room.lessons:
            LessonCompletion.objects.create(user=student, lesson=room.lessons[0])
        for quiz in room.quizzes:
            single, truefalse, *rest = room.questions[quiz.pk]
            right = (i + quiz.pk) % 2 == 0
            responses = {
                single: option_uid(single, "Right" if right else "Wrong"),
                truefalse: right,
            }
            for question in rest:
                responses[question] = f"An essay by student {i}."
            make_attempt(student, quiz, responses)
    return room
