"""What the templates of the timelines, maps and charts receive.

Glue between the selectors (database reads) and ``lessons.visuals`` (pure geometry): the blocks of
a lesson body and the timeline/atlas pages call these with model instances and get plain
dictionaries and layouts to draw. No query is made here.
"""

from __future__ import annotations

import hashlib

from django.urls import reverse

from . import visuals
from .choices import EVENT_CATEGORIES

CATEGORY_LABELS = dict(EVENT_CATEGORIES)


def short_id(*parts) -> str:
    """A stable, short HTML id suffix for a visual (two identical visuals on a page share it)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:8]


def atlas_url(place_key: str | None = None) -> str:
    url = reverse("lessons:atlas")
    return f"{url}#place-{place_key}" if place_key else url


def timeline_url(event_key: str | None = None) -> str:
    url = reverse("lessons:timeline")
    return f"{url}#event-{event_key}" if event_key else url


def event_item(event) -> dict:
    """One event of a timeline: the event plus its formatted date and category."""
    date = event.date
    iso = f"{date.year:04d}"
    if event.precision in ("month", "day"):
        iso += f"-{date.month:02d}"
    if event.precision == "day":
        iso += f"-{date.day:02d}"
    return {
        "event": event,
        "key": event.key,
        "date_text": visuals.format_event_date(date, event.precision, event.end_date, event.circa),
        "datetime": iso,
        "category": event.category,
        "category_label": CATEGORY_LABELS.get(event.category, event.category),
        "places": getattr(event, "place_list", []),
        "lessons": getattr(event, "lesson_list", []),
    }


def timeline_items(events) -> list[dict]:
    return [event_item(event) for event in events]


def map_context(data, width: float = 640.0) -> dict:
    """The layout of a map (``lessons.visuals.map_layout``) and the places/routes to list."""
    map_places = [
        visuals.MapPlace(
            key=place.key,
            name=place.name,
            lon=place.longitude,
            lat=place.latitude,
            kind=place.kind,
            weight=len(getattr(place, "event_list", [])),
        )
        for place in data.places
    ]
    map_routes = [
        visuals.MapRoute(
            key=route.key,
            name=route.name,
            points=[(p.longitude, p.latitude) for p in route.point_list],
        )
        for route in data.routes
    ]
    layout = visuals.map_layout(map_places, map_routes, width=width)
    by_key = {place.key: place for place in data.places}
    for map_place in layout.places:
        map_place.obj = by_key[map_place.key]
        map_place.events = timeline_items(getattr(map_place.obj, "event_list", []))
        map_place.lessons = getattr(map_place.obj, "lesson_list", [])
    routes_by_key = {route.key: route for route in data.routes}
    for map_route in layout.routes:
        map_route.obj = routes_by_key[map_route.key]
    return {
        "layout": layout,
        "places": layout.places,
        "routes": layout.routes,
        "id": short_id("map", [p.key for p in data.places], [r.key for r in data.routes]),
    }


def chart_context(series_list, kind: str = "bar") -> dict:
    """The layout of a chart and the rows of its table."""
    chart_series = [
        visuals.ChartSeries(
            key=series.key,
            title=series.title,
            unit=series.unit,
            points=[(p.year, p.value, p.label) for p in series.point_list],
        )
        for series in series_list
    ]
    layout = visuals.chart_layout(chart_series, kind=kind)
    tables = [
        {
            "series": series,
            "rows": [
                {"year": p.year, "value": visuals.format_number(p.value), "label": p.label}
                for p in series.point_list
            ],
        }
        for series in series_list
    ]
    return {
        "layout": layout,
        "series": series_list,
        "tables": tables,
        "id": short_id("chart", [s.key for s in series_list], kind),
    }
