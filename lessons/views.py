"""Pages of the course's reference material: the timeline, the atlas, the glossary, the sources.

Each page runs a fixed number of queries, whatever the amount of data (see the selectors), and
works without JavaScript. Bad filter values are reported and ignored, never an error page.
"""

from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from . import alphabet, rendering, search, selectors
from .choices import EVENT_CATEGORIES
from .periods import PERIODS
from .visuals import Extent

YEAR_MIN, YEAR_MAX = 1, 2100
# The region a phone's atlas opens on: Turkey to Kazakhstan (the whole map is a zoom-out away).
ATLAS_FOCUS = Extent(25.5, 35.5, 88.0, 56.0)


@dataclass
class TimelineFilter:
    """The timeline page's filter, read from the query string."""

    categories: list[str] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    raw_start: str = ""
    raw_end: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.categories or self.start_year is not None or self.end_year is not None)


def _year(raw: str, which: str, errors: list[str]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        errors.append(
            _("“%(value)s” is not a year between %(min)s and %(max)s, so “%(which)s” was ignored.")
            % {"value": raw[:20], "min": YEAR_MIN, "max": YEAR_MAX, "which": which}
        )
        return None
    return year


def parse_timeline_filter(query) -> TimelineFilter:
    """``?category=economy&category=culture&from=1991&to=2000`` -> a ``TimelineFilter``.

    Unknown categories, years that are not numbers (or out of range) and a period that ends before
    it starts are each reported in ``errors`` and left out; the rest of the filter still applies.
    """
    result = TimelineFilter()
    known = dict(EVENT_CATEGORIES)
    for value in query.getlist("category"):
        if value in known:
            if value not in result.categories:
                result.categories.append(value)
        else:
            result.errors.append(
                _("“%(value)s” is not a category, so it was ignored.") % {"value": value[:40]}
            )
    result.raw_start = (query.get("from") or "")[:20]
    result.raw_end = (query.get("to") or "")[:20]
    result.start_year = _year(result.raw_start, _("From year"), result.errors)
    result.end_year = _year(result.raw_end, _("To year"), result.errors)
    if (
        result.start_year is not None
        and result.end_year is not None
        and result.start_year > result.end_year
    ):
        result.errors.append(
            _("The period starts after it ends (%(start)s > %(end)s), so it was ignored.")
            % {"start": result.start_year, "end": result.end_year}
        )
        result.start_year = result.end_year = None
    return result


def timeline(request):
    """Every event, filterable by category and period with a GET form (shareable URLs)."""
    chosen = parse_timeline_filter(request.GET)
    events = selectors.timeline_events(
        categories=chosen.categories, start_year=chosen.start_year, end_year=chosen.end_year
    )
    context = {
        "filter": chosen,
        "categories": [
            {"value": value, "label": label, "checked": value in chosen.categories}
            for value, label in EVENT_CATEGORIES
        ],
        "items": rendering.timeline_items(events),
        "page_title": gettext_lazy("Timeline"),
    }
    context["timeline"] = rendering.timeline_context(context["items"], chosen.categories)
    return render(request, "lessons/timeline_page.html", context)


def search_page(request):
    """Site search (``?q=``): lessons, glossary, events, places and sources in this language."""
    results = search.search(request.GET.get("q"))
    context = {
        "results": results,
        "query": results.query.raw,
        "page_title": pgettext_lazy("site search page", "Search"),
    }
    return render(request, "lessons/search_page.html", context)


def atlas(request):
    """The whole map, then every place with its events and lessons, then every route.

    ``?from=1991&to=1994`` shows the atlas at a period: the places and routes of those years,
    the historical borders of the time and the period's events beside the map (the slider moves
    the period without reloading; the form does it without JavaScript).
    """
    chosen = parse_timeline_filter(request.GET)
    data = selectors.map_data()
    map_ctx = rendering.map_context(data, width=960.0, focus=ATLAS_FOCUS)
    context = {
        "map": map_ctx,
        "filter": chosen,
        "time": rendering.atlas_time_context(map_ctx, data, chosen.start_year, chosen.end_year),
        "periods": PERIODS,
        "places": sorted(data.places, key=lambda place: place.name.casefold()),
        "routes": data.routes,
        "page_title": gettext_lazy("Atlas"),
    }
    for place in context["places"]:
        place.items = rendering.timeline_items(place.event_list)
    return render(request, "lessons/atlas_page.html", context)


def glossary(request):
    """Every glossary term with its definition and the lessons that use it, under an A–Z index."""
    groups = selectors.glossary_index()
    used = {letter for letter, _ in groups}
    letters = alphabet.letters(get_language() or "en")
    context = {
        "groups": groups,
        "index": [(letter, letter in used) for letter in letters]
        + [(letter, True) for letter, _ in groups if letter not in letters],
        "page_title": gettext_lazy("Glossary"),
    }
    return render(request, "lessons/glossary_page.html", context)


def sources(request):
    """The bibliography with the lessons that cite each work."""
    context = {
        "sources": selectors.sources_with_lessons(),
        "page_title": gettext_lazy("Sources"),
    }
    return render(request, "lessons/sources_page.html", context)
