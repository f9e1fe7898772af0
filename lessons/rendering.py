"""What the templates of the timelines, maps and charts receive.

Glue between the selectors (database reads) and ``lessons.visuals`` (pure geometry): the blocks of
a lesson body and the timeline/atlas pages call these with model instances and get plain
dictionaries and layouts to draw. No query is made here.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.urls import reverse

from . import visuals
from .choices import EVENT_CATEGORIES

CATEGORY_LABELS = dict(EVENT_CATEGORIES)


def short_id(*parts) -> str:
    """A stable, short HTML id suffix for a visual (two identical visuals on a page share it)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:8]


def atlas_url(
    place_key: str | None = None, start: int | None = None, end: int | None = None
) -> str:
    """The atlas, optionally at a period (``?from=&to=``) and on a place (``#place-<key>``)."""
    url = reverse("lessons:atlas")
    if start is not None:
        url += f"?from={int(start)}&to={int(end if end is not None else start)}"
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
        "sources": getattr(event, "source_list", []),
        "start_year": date.year,
        "end_year": (event.end_date or date).year,
    }


def timeline_items(events) -> list[dict]:
    return [event_item(event) for event in events]


def timeline_mark(item: dict) -> visuals.TimelineMark:
    """The drawn mark of a timeline item (see ``event_item``)."""
    event = item["event"]
    start = visuals.decimal_year(event.date, event.precision)
    end = None
    if event.end_date or event.circa:
        start = (
            visuals.decimal_year(event.date, event.precision)
            if not event.circa
            else float(event.date.year)
        )
        end = visuals.decimal_year(event.end_date or event.date, event.precision, end=True)
    return visuals.TimelineMark(
        key=item["key"],
        title=event.title,
        category=item["category"],
        start=start,
        end=end,
        date_text=item["date_text"],
    )


def timeline_context(items: list[dict], categories: list[str] = (), width: float = 960.0) -> dict:
    """The drawn timeline of some timeline items: lanes by category, period bands, broken axis.

    Each period band links to the timeline page filtered to its years (and ``categories``).
    """
    from .periods import PERIODS

    marks = [timeline_mark(item) for item in items]
    layout = visuals.timeline_layout(marks, list(EVENT_CATEGORIES), PERIODS, width=width)
    for band in layout.bands:
        query = [("category", c) for c in categories] + [("from", band["start"])]
        if band["end"] is not None:
            query.append(("to", band["end"]))
        band["href"] = reverse("lessons:timeline") + "?" + urlencode(query)
    labels = {mark.key: mark for mark in layout.marks}
    for item in items:
        item["mark"] = labels[item["key"]]
    return {
        "layout": layout,
        "id": short_id("tl", [item["key"] for item in items]),
    }


def map_context(data, width: float = 640.0, focus: visuals.Extent | None = None) -> dict:
    """The layout of a map (``lessons.visuals.map_layout``) and the places/routes to list.

    ``focus`` is the region a small screen opens on (the atlas: Turkey to Kazakhstan), as the
    viewBox "x y width height" the script zooms to; the reader can zoom out to the whole map.
    """
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
    focus_box = ""
    if focus is not None:
        projection, box = visuals.Projection(layout.extent, width), layout.extent
        x0, y0 = projection(max(focus.west, box.west), min(focus.north, box.north))
        x1, y1 = projection(min(focus.east, box.east), max(focus.south, box.south))
        focus_box = " ".join(visuals._n(v) for v in (x0, y0, x1 - x0, y1 - y0))
    return {
        "layout": layout,
        "places": layout.places,
        "routes": layout.routes,
        "focus": focus_box,
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


def atlas_time_context(map_ctx: dict, data, start: int | None, end: int | None) -> dict:
    """The atlas at a period: which places, routes and context layers show, and its events.

    Places show for the years of their events (places without events always show); routes for
    the years their (English) period names (undated routes always show); the historical layers
    (``lessons.periods.CONTEXT_LAYERS``) for their years. ``stops`` are the years the slider
    moves through: every event's first and last.
    """
    from .periods import CONTEXT_LAYERS

    chosen = start is not None or end is not None
    for place in map_ctx["places"]:
        spans = [(e.date.year, (e.end_date or e.date).year) for e in place.obj.event_list]
        place.spans = visuals.spans_attr(spans)
        place.in_period = not chosen or not spans or visuals.spans_overlap(spans, start, end)
    for route in map_ctx["routes"]:
        period = getattr(route.obj, "period_en", None) or route.obj.period
        years = visuals.period_years(period)
        route.spans = visuals.spans_attr([years]) if years else ""
        route.in_period = not chosen or years is None or visuals.spans_overlap([years], start, end)
    events: dict[int, object] = {}
    for place in data.places:
        for event in place.event_list:
            events.setdefault(event.pk, event)
    items = timeline_items(sorted(events.values(), key=lambda e: (e.date, e.key)))
    for item in items:
        item["spans"] = visuals.spans_attr([(item["start_year"], item["end_year"])])
        item["in_period"] = not chosen or visuals.spans_overlap(
            [(item["start_year"], item["end_year"])], start, end
        )
    stops = sorted({y for item in items for y in (item["start_year"], item["end_year"])})
    layout = map_ctx["layout"]
    layers = []
    for layer in CONTEXT_LAYERS:
        paths = [d for name, d in layout.countries if name in layer["countries"]]
        span = [(layer["start"], layer["end"])]
        layers.append(
            {
                **layer,
                "paths": paths,
                "spans": visuals.spans_attr(span),
                "on": chosen and visuals.spans_overlap(span, start, end),
            }
        )
    return {
        "chosen": chosen,
        "start": start,
        "end": end,
        "items": items,
        "count": sum(1 for item in items if item["in_period"]),
        "stops": stops,
        "stops_attr": " ".join(str(y) for y in stops),
        "from_index": (from_index := _stop_index(stops, start, first=True)),
        "to_index": (to_index := _stop_index(stops, end, first=False)),
        "from_year": stops[from_index] if stops else None,
        "to_year": stops[to_index] if stops else None,
        "layers": layers,
    }


def _stop_index(stops: list[int], year: int | None, first: bool) -> int:
    """The slider position of a year: the first stop at or after it (``first``), else the last
    stop at or before it; the slider's ends without a year."""
    if not stops:
        return 0
    if year is None:
        return 0 if first else len(stops) - 1
    if first:
        return next((i for i, y in enumerate(stops) if y >= year), len(stops) - 1)
    return max((i for i, y in enumerate(stops) if y <= year), default=0)
