"""Write the content folder into the database: pages, snippets and their links.

Idempotent: an object that exists (same key or slug) is left alone unless ``update=True``, in which
case its fields are overwritten from the files (languages absent from the files keep their text).
Everything happens in one transaction, so a failed load changes nothing.
"""

import datetime
import json
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from lessons.models import (
    DataPoint,
    DataSeries,
    Event,
    GlossaryTerm,
    LessonPage,
    Place,
    Route,
    RoutePoint,
    Source,
)

from ..models import (
    CoursePage,
    LearningOutcome,
    ModulePage,
    ReadingPage,
    SyllabusPage,
    SyllabusWeek,
)
from .markdown import ContentError, inline_html
from .reader import LANGUAGES, CourseContent, Lesson


class Report:
    """What a load did, by kind: created / updated / unchanged."""

    def __init__(self):
        self.counts: dict[str, Counter] = {}

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        ]

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())


def set_translated(obj, field: str, values: dict | None) -> None:
    """Set ``field_<lang>`` for each language present in ``values``."""
    for language in LANGUAGES:
        if values and values.get(language):
            setattr(obj, f"{field}_{language}", values[language])


def parse_date(value, where: str, end: bool = False) -> tuple[datetime.date, str]:
    """1991-12-16 / "1991-03" / 1991 -> (date, precision). ``end`` picks the period's last day."""
    if isinstance(value, datetime.date):
        return value, "day"
    text = str(value).strip()
    try:
        parts = [int(p) for p in text.split("-")]
    except ValueError:
        raise ContentError(
            f"{where}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None
    if len(parts) == 1:
        return (datetime.date(parts[0], 12, 31) if end else datetime.date(parts[0], 1, 1)), "year"
    if len(parts) == 2:
        year, month = parts
        if end:
            following = datetime.date(year + (month == 12), month % 12 + 1, 1)
            return following - datetime.timedelta(days=1), "month"
        return datetime.date(year, month, 1), "month"
    return datetime.date(*parts), "day"


class Loader:
    """One load of a CourseContent into the database."""

    def __init__(self, content: CourseContent, update: bool = False):
        self.content = content
        self.update = update
        self.report = Report()

    def upsert(self, model, key: str, apply, kind: str, lookup: str = "key"):
        obj = model.objects.filter(**{lookup: key}).first()
        if obj is None:
            obj = model(**{lookup: key})
            apply(obj)
            obj.save()
            self.report.add(kind, "created")
        elif self.update:
            apply(obj)
            obj.save()
            self.report.add(kind, "updated")
        else:
            self.report.add(kind, "unchanged")
        return obj

    @transaction.atomic
    def run(self) -> Report:
        with translation.override("en"):
            self.sources = {s["key"]: self.load_source(s) for s in self.content.sources}
            for term in self.content.glossary:
                self.load_term(term)
            self.places = {p["key"]: self.load_place(p) for p in self.content.places}
            self.routes = {r["key"]: self.load_route(r) for r in self.content.routes}
            self.series = {s["key"]: self.load_series(s) for s in self.content.series}
            self.events = {e["key"]: self.load_event(e) for e in self.content.events}
            course = self.load_course_page()
            self.lessons: dict[str, LessonPage] = {}
            for module in self.content.modules:
                module_page = self.load_module(course, module)
                for lesson in module.lessons:
                    self.lessons[lesson.slug] = self.load_lesson(module_page, lesson)
            for reading in self.content.pages:
                self.load_reading(course, reading)
            self.link_events()
            for hook in self.extra_steps():
                hook(self, course)
            if self.content.syllabus:
                self.load_syllabus(course, self.content.syllabus)
        return self.report

    def extra_steps(self):
        """Loading steps contributed by other apps (the quizzes)."""
        from quizzes.loader import load_quizzes

        return [load_quizzes]

    # -- snippets -----------------------------------------------------------------------------
    def load_source(self, data):
        def apply(obj):
            obj.label = data["label"]
            obj.authors = data.get("authors") or ""
            obj.year = data.get("year")
            obj.title = data.get("title") or ""
            obj.publication = data.get("publication") or ""
            obj.url = data.get("url") or ""
            set_translated(obj, "title_translated", data.get("title_translated"))
            set_translated(obj, "note", data.get("note"))

        return self.upsert(Source, data["key"], apply, "sources")

    def load_term(self, data):
        def apply(obj):
            set_translated(obj, "term", data["term"])
            set_translated(obj, "definition", data["definition"])

        return self.upsert(GlossaryTerm, data["key"], apply, "glossary terms")

    def load_place(self, data):
        def apply(obj):
            obj.kind = data.get("kind", "city")
            obj.latitude = float(data["lat"])
            obj.longitude = float(data["lon"])
            set_translated(obj, "name", data["name"])
            set_translated(obj, "description", data.get("description"))

        return self.upsert(Place, data["key"], apply, "places")

    def load_route(self, data):
        def apply(obj):
            set_translated(obj, "name", data["name"])
            set_translated(obj, "period", data.get("period"))
            set_translated(obj, "description", data.get("description"))
            obj.points = [
                RoutePoint(place=self.places[key], sort_order=i)
                for i, key in enumerate(data["points"])
            ]

        return self.upsert(Route, data["key"], apply, "routes")

    def load_series(self, data):
        def apply(obj):
            set_translated(obj, "title", data["title"])
            set_translated(obj, "unit", data["unit"])
            set_translated(obj, "note", data.get("note"))
            obj.source = self.sources.get(data.get("source"))
            points = []
            for i, point in enumerate(data.get("points") or []):
                item = DataPoint(
                    year=point["year"], value=Decimal(str(point["value"])), sort_order=i
                )
                set_translated(item, "label", point.get("label"))
                points.append(item)
            obj.points = points

        return self.upsert(DataSeries, data["key"], apply, "data series")

    def load_event(self, data):
        where = f"events.yaml:{data['key']}"

        def apply(obj):
            obj.date, obj.precision = parse_date(data["date"], where)
            obj.end_date = parse_date(data["end"], where, end=True)[0] if data.get("end") else None
            obj.circa = bool(data.get("circa"))
            obj.category = data["category"]
            set_translated(obj, "title", data["title"])
            set_translated(obj, "summary", data.get("summary"))
            obj.places = [self.places[key] for key in data.get("places") or []]
            obj.sources = [self.sources[key] for key in data.get("sources") or []]

        return self.upsert(Event, data["key"], apply, "events")

    # -- pages --------------------------------------------------------------------------------
    def publish(self, page, created: bool, kind: str) -> None:
        if created or self.update:
            page.save_revision().publish()
        self.report.add(kind, "created" if created else ("updated" if self.update else "unchanged"))

    def load_course_page(self) -> CoursePage:
        data = self.content.course
        course = CoursePage.objects.first()
        created = course is None
        if created or self.update:
            if created:
                course = CoursePage(slug=data["slug"])
            set_translated(course, "title", data["title"])
            set_translated(course, "intro", data.get("intro"))
            course.title = data["title"]["en"]
            if created:
                Page.get_first_root_node().add_child(instance=course)
        self.publish(course, created, "course")
        self.make_site_root(course)
        return course

    def make_site_root(self, course: CoursePage) -> None:
        """Serve the course at the site root, replacing Wagtail's placeholder welcome page."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", root_page=course, is_default_site=True)
            return
        if site.root_page_id != course.pk:
            old_root = site.root_page
            site.root_page = course
            site.save()
            if old_root.depth == 2 and type(old_root.specific) is Page:
                old_root.delete()

    def load_module(self, course: CoursePage, module) -> ModulePage:
        page = ModulePage.objects.child_of(course).filter(slug=module.slug).first()
        created = page is None
        if created or self.update:
            if created:
                page = ModulePage(slug=module.slug)
            set_translated(page, "title", module.title)
            set_translated(page, "intro", {k: f"<p>{v}</p>" for k, v in module.intro.items()})
            page.title = module.title["en"]
            if created:
                course.add_child(instance=page)
        self.publish(page, created, "modules")
        return page

    def resolve_block(self, block: dict) -> dict:
        """Replace the keys of a visual block by database ids."""
        if block["type"] not in ("map", "timeline", "chart"):
            return block
        value = dict(block["value"])
        if block["type"] == "map":
            value["places"] = [self.places[k].pk for k in value["places"]]
            value["routes"] = [self.routes[k].pk for k in value["routes"]]
        elif block["type"] == "timeline":
            value["events"] = [self.events[k].pk for k in value["events"]]
        elif block["type"] == "chart":
            value["series"] = [self.series[k].pk for k in value["series"]]
        return {"type": block["type"], "value": value}

    def set_text(self, page, lesson: Lesson) -> None:
        """Title, summary and body of a lesson or reading page, in every language it has."""
        for language, file in lesson.files.items():
            setattr(page, f"title_{language}", file.meta["title"])
            setattr(page, f"summary_{language}", file.meta.get("summary") or "")
            body = [self.resolve_block(block) for block in file.blocks]
            setattr(page, f"body_{language}", json.dumps(body))
        page.title = lesson.files["en"].meta["title"]

    def load_lesson(self, module_page: ModulePage, lesson: Lesson) -> LessonPage:
        page = LessonPage.objects.child_of(module_page).filter(slug=lesson.slug).first()
        created = page is None
        if created or self.update:
            if created:
                page = LessonPage(slug=lesson.slug)
            meta = lesson.meta
            page.minutes = int(meta.get("minutes") or 15)
            self.set_text(page, lesson)
            for language, file in lesson.files.items():
                setattr(
                    page, f"objectives_{language}", "\n".join(file.meta.get("objectives") or [])
                )
                setattr(
                    page, f"discussion_{language}", "\n".join(file.meta.get("discussion") or [])
                )
            if created:
                module_page.add_child(instance=page)
            page.sources.set([self.sources[k] for k in self.cited(lesson)])
            page.key_terms.set(GlossaryTerm.objects.filter(key__in=meta.get("key_terms") or []))
        self.publish(page, created, "lessons")
        return page

    def load_reading(self, course: CoursePage, reading: Lesson) -> ReadingPage:
        """A course reading (content/pages/<slug>.<lang>.md) under the course page."""
        page = ReadingPage.objects.child_of(course).filter(slug=reading.slug).first()
        created = page is None
        if created or self.update:
            if created:
                page = ReadingPage(slug=reading.slug)
            self.set_text(page, reading)
            if created:
                course.add_child(instance=page)
            page.sources.set([self.sources[k] for k in self.cited(reading)])
        self.publish(page, created, "readings")
        return page

    def load_syllabus(self, course: CoursePage, data: dict) -> SyllabusPage:
        """The syllabus page (content/syllabus.yaml): weeks, outcomes, weighting, workload."""
        from quizzes.models import Question, QuizPage

        page = SyllabusPage.objects.child_of(course).first()
        created = page is None
        if created or self.update:
            if created:
                page = SyllabusPage(slug=data.get("slug") or "syllabus")
            set_translated(page, "title", data["title"])
            page.title = data["title"]["en"]
            set_translated(page, "intro", _html(data.get("intro")))
            set_translated(page, "seminar_guide", _html(data.get("seminar_guide")))
            weights = data.get("weights") or {}
            page.quiz_weight = int(weights.get("quizzes", 0))
            page.essay_weight = int(weights.get("essay", 0))
            page.final_weight = int(weights.get("final", 0))
            quizzes = {q.slug: q for q in QuizPage.objects.all()}
            page.essay_quizzes = [quizzes[s] for s in data.get("essay_quizzes") or []]
            weeks = []
            for week_data in data.get("weeks") or []:
                week = SyllabusWeek(quiz=quizzes.get(week_data.get("quiz")))
                for field in ("title", "reading", "seminar"):
                    set_translated(week, field, week_data.get(field))
                week.title = week_data["title"]["en"]
                weeks.append(week)
            page.weeks = weeks
            modules = {m.slug: m for m in ModulePage.objects.child_of(course)}
            outcomes = []
            for outcome_data in data.get("outcomes") or []:
                outcome = LearningOutcome(code=outcome_data["code"])
                set_translated(outcome, "text", outcome_data.get("text"))
                outcome.text = outcome_data["text"]["en"]
                outcome.modules = [modules[s] for s in outcome_data.get("modules") or []]
                outcome.questions = list(
                    Question.objects.filter(key__in=outcome_data.get("questions") or [])
                )
                outcomes.append(outcome)
            page.outcomes = outcomes
            if created:
                course.add_child(instance=page)
            for slug, hours in (data.get("workload") or {}).items():
                ModulePage.objects.filter(pk=modules[slug].pk).update(workload_hours=int(hours))
        self.publish(page, created, "syllabus")
        return page

    def cited(self, lesson: Lesson) -> list[str]:
        """The sources a lesson lists and cites, in order, each once."""
        from lessons.citations import cited_keys

        keys = list(lesson.meta.get("sources") or [])
        for file in lesson.files.values():
            keys += [k for k in cited_keys(file.text) if k not in keys]
        return list(dict.fromkeys(keys))

    def link_events(self) -> None:
        """Events name their lessons by slug; link them once every lesson exists."""
        for data in self.content.events:
            event = self.events[data["key"]]
            wanted = [
                self.lessons[slug] for slug in data.get("lessons") or [] if slug in self.lessons
            ]
            if self.update or not event.lessons.exists():
                event.lessons = wanted
                event.save()


def _html(values: dict | None) -> dict:
    """Markdown per language -> HTML for a rich text field."""
    return {language: inline_html(text) for language, text in (values or {}).items() if text}


def load_course(content: CourseContent, update: bool = False) -> Report:
    """Load ``content`` into the database and report what was done."""
    return Loader(content, update=update).run()
