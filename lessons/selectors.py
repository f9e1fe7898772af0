"""Reads of the lessons app, each with a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.utils.translation import get_language

from . import alphabet
from .models import (
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

SOURCE_LABELS_CACHE_KEY = "lessons:source-labels"


def source_labels() -> dict[str, str]:
    """{key: in-text label} of every source; cached, cleared when a source is saved."""
    labels = cache.get(SOURCE_LABELS_CACHE_KEY)
    if labels is None:
        labels = dict(Source.objects.values_list("key", "label"))
        cache.set(SOURCE_LABELS_CACHE_KEY, labels, 3600)
    return labels


def lesson_neighbours(lesson: LessonPage) -> tuple:
    """(previous, next) live sibling pages of a lesson in course order, in one query."""
    siblings = list(lesson.get_siblings(inclusive=True).live().order_by("path"))
    index = next(i for i, page in enumerate(siblings) if page.pk == lesson.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


CONTENT_VERSION_CACHE_KEY = "lessons:content-version"


def content_version() -> int:
    """A number that changes whenever shared lesson data (sources, events, ...) is saved.

    Cached lesson bodies include it in their key, so editing an event refreshes every lesson that
    shows it without tracking which lessons those are.
    """
    return cache.get_or_set(CONTENT_VERSION_CACHE_KEY, 1, None)


def bump_content_version() -> None:
    """Invalidate every cached lesson body and the source labels (called on snippet saves)."""
    try:
        cache.incr(CONTENT_VERSION_CACHE_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_CACHE_KEY, 2, None)
    cache.delete(SOURCE_LABELS_CACHE_KEY)


# --------------------------------------------------------------------------- visuals and pages
# Each read below runs a fixed number of queries, whatever the number of events, places or lessons.


def _lessons():
    """Live lessons in course order, without their (large, translated) bodies."""
    return LessonPage.objects.live().order_by("path").defer_streamfields()


def _events():
    """Events with their places, live lessons and sources attached (4 queries in all)."""
    return Event.objects.order_by("date", "key").prefetch_related(
        Prefetch("places", queryset=Place.objects.order_by("key"), to_attr="place_list"),
        Prefetch("lessons", queryset=_lessons(), to_attr="lesson_list"),
        Prefetch("sources", queryset=Source.objects.order_by("label"), to_attr="source_list"),
    )


def filter_events(
    queryset,
    categories: list[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
):
    """Events of any of ``categories`` that overlap the years [start_year, end_year].

    An event overlaps when it starts no later than ``end_year`` and ends (or, without an end
    date, starts) no earlier than ``start_year``; either bound may be missing.
    """
    if categories:
        queryset = queryset.filter(category__in=categories)
    if end_year is not None:
        queryset = queryset.filter(date__year__lte=end_year)
    if start_year is not None:
        queryset = queryset.filter(
            Q(end_date__isnull=True, date__year__gte=start_year) | Q(end_date__year__gte=start_year)
        )
    return queryset


def timeline_events(
    event_ids: list[int] | None = None,
    categories: list[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
) -> list[Event]:
    """The events of a timeline, in date order, with ``place_list`` and ``lesson_list``.

    Hand-picked ``event_ids`` win over the filters; with neither, every event. 4 queries.
    """
    queryset = _events()
    if event_ids:
        return list(queryset.filter(pk__in=event_ids))
    return list(filter_events(queryset, categories, start_year, end_year))


@dataclass
class MapData:
    places: list[Place]  # in the order given, then route points not already there
    routes: list[Route]  # each with ``point_list`` (Places, in order)
    events_by_place: dict[int, list[Event]] = field(default_factory=dict)


def map_data(place_ids: list[int] | None = None, route_ids: list[int] | None = None) -> MapData:
    """Places and routes of a map with each place's events and their lessons: 5 queries.

    ``None`` for both means the whole atlas: every place and every route.
    """
    everything = place_ids is None and route_ids is None
    routes_qs = Route.objects.order_by("key").prefetch_related(
        Prefetch(
            "points",
            queryset=RoutePoint.objects.select_related("place").order_by("sort_order", "pk"),
            to_attr="point_rows",
        )
    )
    if not everything:
        routes_qs = routes_qs.filter(pk__in=route_ids or [])
    routes = list(routes_qs)
    for route in routes:
        route.point_list = [row.place for row in route.point_rows]
    if everything:
        places = list(Place.objects.order_by("key"))
    else:
        found = Place.objects.in_bulk(place_ids or [])
        places = [found[pk] for pk in dict.fromkeys(place_ids or []) if pk in found]
        seen = {p.pk for p in places}
        for route in routes:
            for place in route.point_list:
                if place.pk not in seen:
                    places.append(place)
                    seen.add(place.pk)
    data = MapData(places=places, routes=routes)
    if not places:
        return data
    links = (
        Event.places.through.objects.filter(place_id__in=[p.pk for p in places])
        .select_related("event")
        .order_by("event__date", "event__key")
    )
    events: dict[int, Event] = {}
    for link in links:
        event = events.setdefault(link.event_id, link.event)
        data.events_by_place.setdefault(link.place_id, []).append(event)
    lesson_links = (
        Event.lessons.through.objects.filter(event_id__in=list(events), lessonpage__live=True)
        .select_related("lessonpage")
        .defer(*[f"lessonpage__{name}" for name in LessonPage.get_streamfield_names()])
        .order_by("lessonpage__path")
    )
    for event in events.values():
        event.lesson_list = []
    for link in lesson_links:
        events[link.event_id].lesson_list.append(link.lessonpage)
    for place in places:
        place.event_list = data.events_by_place.get(place.pk, [])
        lessons: dict[int, LessonPage] = {}
        for event in place.event_list:
            for lesson in event.lesson_list:
                lessons.setdefault(lesson.pk, lesson)
        place.lesson_list = sorted(lessons.values(), key=lambda lesson: lesson.path)
    return data


def chart_series(series_ids: list[int]) -> list[DataSeries]:
    """Data series in the order given, with ``point_list`` (by year) and their source: 2 queries."""
    found = (
        DataSeries.objects.filter(pk__in=series_ids)
        .select_related("source")
        .prefetch_related(
            Prefetch("points", queryset=DataPoint.objects.order_by("year"), to_attr="point_list")
        )
    )
    by_pk = {series.pk: series for series in found}
    return [by_pk[pk] for pk in dict.fromkeys(series_ids) if pk in by_pk]


def glossary_terms() -> list[GlossaryTerm]:
    """Every glossary term, alphabetical in the active language, with ``lesson_list``: 2 queries."""
    return [term for _, group in glossary_index() for term in group]


def glossary_index() -> list[tuple[str, list[GlossaryTerm]]]:
    """The glossary grouped by initial letter, in the active language's alphabet: 2 queries."""
    terms = GlossaryTerm.objects.prefetch_related(
        Prefetch("lessons", queryset=_lessons(), to_attr="lesson_list")
    )
    return alphabet.index(terms, get_language() or "en", text=lambda term: term.term)


def sources_with_lessons() -> list[Source]:
    """The bibliography with ``lesson_list``, the live lessons citing each entry: 2 queries."""
    return list(
        Source.objects.order_by("label").prefetch_related(
            Prefetch("lessons", queryset=_lessons(), to_attr="lesson_list")
        )
    )
