"""The course data the card types read, loaded once per language in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Page

from lessons import selectors as lesson_selectors
from lessons.models import Event, LessonPage, Place


@dataclass
class LessonInfo:
    id: int
    title: str
    url: str
    module_id: int | None


@dataclass
class CourseData:
    """Plain values of the live course: lessons (in course order), modules, events, places,
    glossary terms. Events and terms carry ``lesson_ids`` of their live lessons; events also
    ``place_list`` and ``source_list`` (the works they cite)."""

    lessons: dict[int, LessonInfo] = field(default_factory=dict)
    modules: dict[int, str] = field(default_factory=dict)
    events: list = field(default_factory=list)
    places: list = field(default_factory=list)
    terms: list = field(default_factory=list)

    def lesson_link(self, lesson_ids) -> tuple[str, str] | None:
        """(title, url) of the first of ``lesson_ids`` in course order."""
        for lesson_id in self.lessons:
            if lesson_id in lesson_ids:
                info = self.lessons[lesson_id]
                return info.title, info.url
        return None

    def module_of(self, lesson_ids) -> int | None:
        for lesson_id in self.lessons:
            if lesson_id in lesson_ids:
                return self.lessons[lesson_id].module_id
        return None


def load() -> CourseData:
    """Read the course data in the active language (about ten queries, whatever its size)."""
    events = lesson_selectors.timeline_events()
    terms = lesson_selectors.glossary_terms()
    all_lessons = list(LessonPage.objects.live().order_by("path").defer_streamfields())
    parents = {lesson.path[: -lesson.steplen] for lesson in all_lessons}
    modules = {page.path: page for page in Page.objects.filter(path__in=parents).order_by("path")}
    data = CourseData(modules={page.pk: page.title for page in modules.values()})
    for lesson in all_lessons:
        module = modules.get(lesson.path[: -lesson.steplen])
        data.lessons[lesson.pk] = LessonInfo(
            lesson.pk, lesson.title, lesson.get_url() or "", module.pk if module else None
        )
    cited = {}
    links = Event.sources.through.objects.filter(event_id__in=[e.pk for e in events])
    for link in links.select_related("source").order_by("source__label"):
        cited.setdefault(link.event_id, []).append(link.source)
    for event in events:
        event.lesson_ids = frozenset(lesson.pk for lesson in event.lesson_list)
        event.source_list = cited.get(event.pk, [])
    for term in terms:
        term.lesson_ids = frozenset(lesson.pk for lesson in term.lesson_list)
    data.events = [event for event in events if event.lesson_ids]
    data.terms = [term for term in terms if term.lesson_ids]
    data.places = list(Place.objects.order_by("key"))
    return data
