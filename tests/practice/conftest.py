"""A small course in four languages for the trainer's tests: two modules, three lessons, five
events, four places and three glossary terms, each with Russian, Kazakh and Turkish text."""

from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import translation

from course.models import LessonCompletion
from lessons.models import Event, GlossaryTerm, LessonPage
from tests.factories import (
    enrol,
    make_course,
    make_event,
    make_lesson,
    make_module,
    make_place,
    make_source,
    make_student,
)

LANGUAGES = ("en", "ru", "kk", "tr")


def texts(en, ru, kk, tr, name="title"):
    return {
        f"{name}_{code}": value for code, value in zip(LANGUAGES, (en, ru, kk, tr), strict=True)
    }


def other(ru, kk, tr, name="title"):
    """The Russian, Kazakh and Turkish values (the factories store the English one)."""
    return {f"{name}_ru": ru, f"{name}_kk": kk, f"{name}_tr": tr}


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English (a request in another language leaves it active)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_fuzz():
    """FSRS without its random spread, so intervals are FSRS's own expected values."""
    with override_settings(PRACTICE_FUZZ=False):
        yield


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    course = make_course()
    m1, m2 = make_module(course, title="Recognition"), make_module(course, title="Culture")
    l1 = make_lesson(m1, title="Recognition lesson")
    l2 = make_lesson(m1, title="Summits lesson")
    l3 = make_lesson(m2, title="Culture lesson")
    almaty = make_place(
        "almaty", "Almaty", 43.24, 76.95, **other("Алматы", "Алматы", "Almatı", "name")
    )
    ankara = make_place(
        "ankara", "Ankara", 39.93, 32.86, **other("Анкара", "Анкара", "Ankara", "name")
    )
    turkestan = make_place(
        "turkestan",
        "Turkestan",
        43.30,
        68.25,
        **other("Туркестан", "Түркістан", "Türkistan", "name"),
    )
    london = make_place(
        "london", "London", 51.5, -0.12, **other("Лондон", "Лондон", "Londra", "name")
    )
    events = [
        make_event(
            "recognition",
            "Turkey recognises Kazakhstan",
            date="1991-12-16",
            lessons=[l1],
            places=[ankara],
            **other(
                "Турция признаёт Казахстан",
                "Түркия Қазақстанды таниды",
                "Türkiye Kazakistan'ı tanır",
            ),
        ),
        make_event(
            "embassy",
            "Embassy opens",
            date="1992-03-02",
            lessons=[l1],
            places=[almaty],
            **other("Открытие посольства", "Елшілік ашылды", "Büyükelçilik açılır"),
        ),
        make_event(
            "visit",
            "Official visit",
            date="1993-04-01",
            precision="month",
            lessons=[l2],
            places=[almaty],
            **other("Официальный визит", "Ресми сапар", "Resmi ziyaret"),
        ),
        make_event(
            "summit",
            "Summit",
            date="1998-06-01",
            precision="year",
            lessons=[l2],
            **other("Саммит", "Саммит", "Zirve"),
        ),
        make_event(
            "decade",
            "Student exchanges grow",
            date="1990-01-01",
            end_date="1999-12-31",
            precision="year",
            circa=True,
            lessons=[l3],
            places=[turkestan],
            **other(
                "Рост студенческих обменов", "Студенттік алмасу өседі", "Öğrenci değişimi artar"
            ),
        ),
    ]
    paper_a, paper_b, minor = (
        make_source("paper-a", "Paper A 2026"),
        make_source("paper-b", "Paper B 2020"),
        make_source("minor", "Minor 1999"),
    )
    for event, sources in zip(
        events,
        [(paper_a, minor), (paper_a,), (paper_b,), (paper_b,), (paper_a,)],
        strict=True,
    ):
        for source in sources:
            Event.sources.through.objects.create(event=event, source=source)
    terms = []
    for key, lesson, term, definition in [
        (
            "soft-power",
            l1,
            ("soft power", "мягкая сила", "жұмсақ күш", "yumuşak güç"),
            (
                "Influence by attraction",
                "Влияние через привлекательность",
                "Тартымдылық арқылы ықпал",
                "Çekicilik yoluyla etki",
            ),
        ),
        (
            "turkic-world",
            l2,
            ("Turkic world", "тюркский мир", "түркі әлемі", "Türk dünyası"),
            (
                "The Turkic-speaking peoples",
                "Тюркоязычные народы",
                "Түркітілдес халықтар",
                "Türk dilli halklar",
            ),
        ),
        (
            "diaspora",
            l3,
            ("diaspora", "диаспора", "диаспора", "diaspora"),
            (
                "A people living abroad",
                "Народ, живущий за рубежом",
                "Шетелде тұратын халық",
                "Yurt dışında yaşayan halk",
            ),
        ),
    ]:
        obj = GlossaryTerm.objects.create(
            key=key,
            term=term[0],
            definition=definition[0],
            **texts(*term, name="term"),
            **texts(*definition, name="definition"),
        )
        LessonPage.key_terms.through.objects.create(lessonpage=lesson, glossaryterm=obj)
        terms.append(obj)
    student = make_student()
    enrol(student, course)
    return SimpleNamespace(
        course=course,
        modules=[m1, m2],
        lessons=[l1, l2, l3],
        events=events,
        terms=terms,
        places=[almaty, ankara, turkestan, london],
        student=student,
    )


def complete(user, *lessons):
    for lesson in lessons:
        LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
