"""The timeline, atlas, glossary and sources pages, and the visual blocks of a lesson.

Everything is checked in the HTML as served (no JavaScript), and the number of queries is checked
at two data sizes: it must not grow with the number of events, places, terms or sources.
"""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    cite,
    make_event,
    make_lesson,
    make_module,
    make_place,
    make_route,
    make_series,
    make_source,
    make_term,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Factories and requests start in English (a request in Russian leaves Russian active)."""
    translation.activate("en")
    yield
    translation.activate("en")


def url(name, language="en"):
    with translation.override(language):
        return reverse(f"lessons:{name}")


def lesson_url(lesson, language="en"):
    return f"/{language}/{lesson.get_parent().slug}/{lesson.slug}/"


def make_world(size: int, lesson=None):
    """``size`` places, events, terms and sources, linked to one lesson; returns the lesson."""
    lesson = lesson or make_lesson(title="Recognition", slug=f"recognition-{size}")
    places = [make_place(lat=40 + i % 10, lon=30 + 4 * (i % 12)) for i in range(size)]
    make_route(places=places[:3])
    for i in range(size):
        make_event(
            date=f"{1991 + i % 30}-01-01",
            precision="year",
            category=["diplomacy", "economy", "culture"][i % 3],
            places=[places[i], places[(i + 1) % size]],
            lessons=[lesson],
        )
        make_term(lessons=[lesson])
        cite(lesson, make_source())
    return lesson


def count_queries(client, path):
    reset_queries()  # the request resets the log: start from an empty one so the count is right
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


# --- the timeline page -------------------------------------------------------------------------


def test_timeline_lists_every_event_with_lessons_and_atlas_links(client):
    lesson = make_lesson(title="Recognition 1991")
    almaty = make_place(key="almaty", name="Almaty")
    make_event(
        key="kz-recognised",
        title="Turkey recognises Kazakhstan",
        summary="The first state to do so.",
        date="1991-12-16",
        places=[almaty],
        lessons=[lesson],
    )
    make_event(key="letters", title="Ottoman letters", date="1700-01-01", end_date="1799-01-01",
               circa=True, precision="year", category="culture")  # fmt: skip
    html = client.get(url("timeline")).content.decode()
    assert '<ol class="timeline timeline-full">' in html
    assert 'id="event-kz-recognised"' in html
    assert "16 December 1991" in html and 'datetime="1991-12-16"' in html
    assert "c. 1700s" in html
    assert "The first state to do so." in html
    # "On the map" opens the atlas at the event's period, on the place
    assert 'href="/en/atlas/?from=1991&amp;to=1991#place-almaty"' in html
    assert f'href="{lesson_url(lesson)}"' in html
    assert html.index("Ottoman letters") < html.index("Turkey recognises Kazakhstan")
    assert "2 events" in html


def test_timeline_filters_by_category_and_period(client):
    make_event(title="Diplomacy 1992", date="1992-01-01", precision="year", category="diplomacy")
    make_event(title="Economy 1995", date="1995-01-01", precision="year", category="economy")
    make_event(title="Culture 2010", date="2010-01-01", precision="year", category="culture")
    make_event(title="Long diaspora", date="1980-01-01", end_date="1999-01-01",
               precision="year", category="diaspora")  # fmt: skip

    html = client.get(url("timeline"), {"category": ["economy", "culture"]}).content.decode()
    assert "Economy 1995" in html and "Culture 2010" in html
    assert "Diplomacy 1992" not in html and "Long diaspora" not in html
    assert re.search(r'value="economy" checked', html)

    html = client.get(url("timeline"), {"from": "1993", "to": "2000"}).content.decode()
    assert "Economy 1995" in html and "Long diaspora" in html  # overlaps the period
    assert "Diplomacy 1992" not in html and "Culture 2010" not in html
    assert 'value="1993"' in html and 'value="2000"' in html

    html = client.get(url("timeline"), {"category": "diplomacy", "to": "1991"}).content.decode()
    assert "No events match this filter" in html and "0 events" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ({"from": "abc"}, "“abc” is not a year"),
        ({"to": "1e9"}, "“1e9” is not a year"),
        ({"from": "99999"}, "“99999” is not a year"),
        ({"from": "-5"}, "“-5” is not a year"),
        ({"category": "nonsense"}, "“nonsense” is not a category"),
        ({"from": "2000", "to": "1990"}, "The period starts after it ends"),
    ],
)
def test_timeline_bad_filter_values_are_reported_and_ignored(client, query, message):
    make_event(title="Still listed", date="1995-01-01", precision="year")
    response = client.get(url("timeline"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert "Still listed" in html


def test_timeline_bad_value_keeps_the_rest_of_the_filter(client):
    make_event(title="Economy 1995", date="1995-01-01", precision="year", category="economy")
    make_event(title="Culture 1995", date="1995-01-01", precision="year", category="culture")
    html = client.get(url("timeline"), {"category": "economy", "from": "x"}).content.decode()
    assert "Economy 1995" in html and "Culture 1995" not in html


def test_timeline_in_russian(client):
    make_event(title="Event", title_ru="Событие", date="1991-12-16")
    html = client.get(url("timeline", "ru")).content.decode()
    assert "Событие" in html and "16 декабря 1991" in html
    assert 'href="/ru/timeline/"' in html


# --- atlas, glossary, sources --------------------------------------------------------------------


def test_atlas_has_the_map_every_place_and_every_route(client):
    lesson = make_lesson(title="Migration")
    kashgar = make_place(key="kashgar", name="Kashgar", lat=39.47, lon=75.99)
    istanbul = make_place(key="istanbul", name="Istanbul", lat=41.01, lon=28.98)
    make_place(key="new-york", name="New York", lat=40.75, lon=-73.97)
    make_route(key="kazakh-migration", name="Kazakh migration", places=[kashgar, istanbul],
               description="From China to Turkey.", period="1940s")  # fmt: skip
    make_event(key="arrival", title="Arrival in Istanbul", places=[istanbul], lessons=[lesson])
    html = client.get(url("atlas")).content.decode()
    assert '<svg class="map-svg"' in html and "<title" in html and "<desc" in html
    assert html.count('class="map-marker') == 3
    assert 'class="map-route"' in html
    for key in ("kashgar", "istanbul", "new-york"):
        assert f'id="place-{key}"' in html
    assert "Off the map:" in html and "New York" in html
    section = html[html.index('id="place-istanbul"') :]
    section = section[: section.index("</section>")]
    assert "Arrival in Istanbul" in section and 'href="/en/timeline/#event-arrival"' in section
    assert f'href="{lesson_url(lesson)}"' in section
    routes = html[html.index('id="routes-h"') :]
    assert 'id="route-kazakh-migration"' in routes, routes
    assert "From China to Turkey." in routes, routes
    assert '<ol class="route-points"><li><a href="#place-kashgar">Kashgar</a>' in html


def test_glossary_lists_terms_with_their_lessons(client):
    lesson = make_lesson(title="Soft power lesson")
    make_term(key="soft-power", term="soft power", definition="Attraction.", lessons=[lesson])
    make_term(key="alash", term="Alash", definition="A party.")
    html = client.get(url("glossary")).content.decode()
    assert 'id="term-soft-power"' in html and "Attraction." in html
    assert f'href="{lesson_url(lesson)}"' in html
    assert html.index("Alash") < html.index("soft power")  # alphabetical, case-insensitive


def test_sources_lists_the_bibliography_with_citing_lessons(client):
    lesson = make_lesson(title="Citing lesson")
    source = make_source(key="yilmaz2026", label="Yilmaz 2026", authors="Yilmaz, M.",
                         year=2026, title="Реализация концепции")  # fmt: skip
    cite(lesson, source)
    make_source(key="uncited", label="Nobody 2000")
    html = client.get(url("sources")).content.decode()
    assert 'id="src-yilmaz2026"' in html and "Реализация концепции" in html
    assert 'id="src-uncited"' in html
    entry = html[html.index('id="src-yilmaz2026"') :]
    assert f'href="{lesson_url(lesson)}"' in entry[: entry.index("</li>")]


def test_unpublished_lessons_are_not_linked(client):
    lesson = make_lesson(title="Draft lesson")
    lesson.unpublish()
    make_event(title="An event", lessons=[lesson])
    make_term(term="a term", lessons=[lesson])
    for name in ("timeline", "glossary"):
        assert "Draft lesson" not in client.get(url(name)).content.decode()


def test_main_navigation_links_the_pages(client):
    html = client.get(url("glossary", "ru")).content.decode()
    for name in ("timeline", "atlas", "glossary", "sources"):
        assert f'href="/ru/{name}/"' in html
    assert 'href="/ru/glossary/" aria-current="page"' in html


# --- query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["timeline", "atlas", "glossary", "sources"])
def test_pages_run_a_constant_number_of_queries(client, name):
    lesson = make_world(3)
    small = count_queries(client, url(name))
    make_world(30, lesson=lesson)
    cache.clear()  # both counts with cold caches
    large = count_queries(client, url(name))
    assert large == small, f"{name}: {small} queries with 3 items, {large} with 33"
    assert large <= 12


def test_timeline_query_count_is_bounded(client, django_assert_max_num_queries):
    make_world(20)
    with django_assert_max_num_queries(8):
        client.get(url("timeline"), {"category": "economy", "from": "1990"})


# --- the visual blocks of a lesson ----------------------------------------------------------------


def lesson_with_visuals(**extra_events):
    module = make_module(slug="defence")
    almaty = make_place(key="almaty", name="Almaty", lat=43.24, lon=76.95)
    ankara = make_place(key="ankara", name="Ankara", lat=39.93, lon=32.86)
    new_york = make_place(key="new-york", name="New York", lat=40.75, lon=-73.97)
    route = make_route(key="r1", name="A route", places=[almaty, ankara])
    trade = make_series(key="trade", title="Trade turnover",
                        points=[(2003, 314.2, "Can"), (2015, 1850, "Target missed")],
                        source=make_source(key="simsek2017", label="Şimşek 2017"),
                        note="Mixed sources.")  # fmt: skip
    targets = make_series(key="targets", title="Targets", points=[(2015, 10000)])
    picked = make_event(key="picked", title="Picked event", date="2000-01-01", precision="year")
    body = [
        {"type": "timeline", "value": {"title": "", "events": [], "categories": ["diplomacy"],
                                       "start_year": 1991, "end_year": 1994}},
        {"type": "timeline", "value": {"title": "Chosen", "events": [picked.pk], "categories": [],
                                       "start_year": None, "end_year": None}},
        {"type": "map", "value": {"title": "Where", "places": [almaty.pk, ankara.pk, new_york.pk],
                                  "routes": [route.pk]}},
        {"type": "chart", "value": {"title": "", "series": [trade.pk], "kind": "bar"}},
        {"type": "chart", "value": {"title": "Both", "series": [trade.pk, targets.pk],
                                    "kind": "line"}},
    ]  # fmt: skip
    lesson = make_lesson(module=module, title="Visual lesson", slug="visual",
                         body_en=json.dumps(body))  # fmt: skip
    make_event(key="recognised", title="Recognition", date="1991-12-16", category="diplomacy",
               places=[almaty, ankara], lessons=[lesson])  # fmt: skip
    make_event(key="later", title="Later diplomacy", date="2005-01-01", precision="year")
    make_event(key="economy", title="Economy 1992", date="1992-01-01", category="economy")
    return lesson


def test_lesson_visuals_render_without_javascript(client):
    lesson = lesson_with_visuals()
    html = client.get(lesson_url(lesson)).content.decode()
    # timeline by category and period
    timeline = html[html.index("visual-timeline") :]
    timeline = timeline[: timeline.index("</figure>")]
    assert "Timeline, 1991–1994" in timeline and '<ol class="timeline">' in timeline
    assert "Recognition" in timeline and "16 December 1991" in timeline
    assert "Later diplomacy" not in timeline and "Economy 1992" not in timeline
    assert 'href="/en/atlas/?from=1991&amp;to=1991#place-almaty"' in timeline
    assert 'href="/en/timeline/#event-recognised"' in timeline
    # hand-picked timeline
    assert "Chosen" in html and "Picked event" in html
    # map: svg with title/desc, markers, route, off-map note, list of places
    assert html.count('<svg class="map-svg"') == 1
    assert "<title id=" in html and "<desc id=" in html
    assert 'data-place="almaty"' in html and 'class="map-route"' in html
    assert "Off the map:" in html
    assert '<ul class="map-place-list"><li><a href="/en/atlas/#place-almaty">Almaty</a>' in html
    # charts: svg and table
    assert html.count('<svg class="chart-svg"') == 2
    assert '<table class="chart-table">' in html
    assert "<caption>Trade turnover (million US dollars)</caption>" in html
    assert '<th scope="row">2003</th><td class="num">314.2</td><td>Can</td>' in html
    assert '<td class="num">1,850</td>' in html
    assert 'href="/en/sources/#src-simsek2017">Şimşek 2017</a>' in html
    assert "Mixed sources." in html
    assert 'class="chart-legend"' in html  # two series
    assert "<script" in html and "visuals.js" in html


def test_lesson_visuals_in_russian(client):
    lesson = lesson_with_visuals()
    html = client.get(lesson_url(lesson, "ru")).content.decode()
    assert "16 декабря 1991" in html
    assert 'href="/ru/atlas/#place-almaty"' in html
    assert '<td class="num">1\xa0850</td>' in html


def test_lesson_with_visuals_runs_a_bounded_number_of_queries(client):
    lesson = lesson_with_visuals()
    path = lesson_url(lesson) + "?uncached=1"  # a query string skips the whole-page cache
    cache.clear()
    small = count_queries(client, path)
    # Many more events, places and lessons linked to the same visuals.
    almaty = lesson.events.first().places.first()
    for i in range(40):
        place = make_place(lat=41, lon=40 + i % 30)
        make_event(date="1992-01-01", category="diplomacy", places=[almaty, place],
                   lessons=[lesson, make_lesson(module=lesson.get_parent())])  # fmt: skip
    cache.clear()
    large = count_queries(client, path)
    assert large == small, f"{small} queries with few events, {large} with many"
    assert large <= 45


@pytest.mark.parametrize(
    "name", ["heading", "paragraph", "quote", "note", "timeline", "map", "chart"]
)
def test_blocks_have_admin_previews(client, name):
    from django.urls import reverse

    from lessons.blocks import LessonBodyBlock
    from tests.factories import make_instructor, make_place, make_series

    make_place(key="almaty-preview", name="Almaty")
    make_series(key="trade-preview", title="Trade", points=[(2003, 314.2), (2015, 1850)])
    block = LessonBodyBlock().child_blocks[name]
    assert block.is_previewable
    assert block.meta.description
    client.force_login(make_instructor())
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    assert "css/site.css" in response.content.decode()


# --- the drawn timeline and the atlas in time ---------------------------------------------------

NUMBER_ATTRS = re.compile(r'(?:viewBox|transform|data-x1?|data-x0|data-gap|x|y|x1|x2|y1|y2|cx|cy|'
                          r'width|height|d|data-focus)="([^"]*)"')  # fmt: skip


def assert_no_decimal_commas(html):
    """Every number handed to SVG or the script is written with a decimal point."""
    for value in NUMBER_ATTRS.findall(html):
        assert not re.search(r"\d,\d", value), value


def test_timeline_page_draws_the_events_with_lanes_bands_and_a_broken_axis(client):
    make_event(key="oghuz", title="Oghuz", date="0900-01-01", end_date="1099-12-31", circa=True,
               precision="year", category="culture")  # fmt: skip
    make_event(key="recognised", title="Recognition", date="1991-12-16")
    make_event(key="trade", title="Trade", date="2003-01-01", precision="year", category="economy")
    html = client.get(url("timeline") + "?category=diplomacy&category=economy&category=culture")
    html = html.content.decode()
    picture = html[html.index('class="tl-picture"') : html.index('class="tl-card"')]
    assert picture.count('class="tl-mark ') == 3
    assert 'href="#event-recognised"' in picture  # the list below is the no-JS version
    assert 'aria-label="16 December 1991: Recognition"' in picture
    assert picture.count('class="tl-lane ') == 3  # diplomacy, economy, culture
    assert 'class="tl-break"' in picture  # 11th century -> 1991 cut out
    assert "Soviet Union" in picture and "Independent Kazakhstan" in picture
    # a period band filters the timeline to its years and keeps the chosen categories
    assert ('href="/en/timeline/?category=diplomacy&amp;category=economy&amp;category=culture'
            '&amp;from=1922&amp;to=1991"') in picture  # fmt: skip
    assert html.index('class="tl-picture"') < html.index('<ol class="timeline timeline-full">')


def test_timeline_picture_in_russian_and_turkish_has_no_decimal_commas(client):
    make_event(key="a", title="A", date="1991-12-16", end_date="1994-10-17")
    make_event(key="b", title="B", date="1700-01-01", end_date="1799-12-31", circa=True,
               precision="year", category="culture")  # fmt: skip
    for language in ("ru", "tr", "kk"):
        html = client.get(url("timeline", language)).content.decode()
        assert 'class="tl-mark ' in html
        assert_no_decimal_commas(html)
        html = client.get(url("atlas", language) + "?from=1991&to=1994").content.decode()
        assert_no_decimal_commas(html)


def test_lesson_timeline_is_a_compact_picture_with_the_list_one_click_away(client):
    lesson = lesson_with_visuals()
    html = client.get(lesson_url(lesson)).content.decode()
    block = html[html.index("visual-timeline") :]
    block = block[: block.index("</figure>")]
    assert 'class="tl-picture"' in block and 'class="tl-mark cat-diplomacy"' in block
    assert '<details class="tl-list-toggle">' in block
    assert "The 1 event as a list" in block
    listed = block[block.index('<details class="tl-list-toggle">') :]
    assert 'data-event="recognised"' in listed
    assert 'class="visual-download" hidden' in html  # download buttons, shown by the script
    for language in ("ru", "tr"):
        assert_no_decimal_commas(client.get(lesson_url(lesson, language)).content.decode())


def test_atlas_at_a_period_shows_that_periods_places_events_and_borders(client):
    almaty = make_place(key="almaty", name="Almaty", lat=43.24, lon=76.95)
    istanbul = make_place(key="istanbul", name="Istanbul", lat=41.01, lon=28.98)
    make_place(key="quiet", name="Quiet place", lat=40.0, lon=50.0)  # no events: always shown
    make_route(key="migration", name="Migration", places=[almaty, istanbul], period="1940s–1950s")
    make_event(key="recognised", title="Recognition", date="1991-12-16", places=[almaty])
    make_event(key="diaspora", title="Diaspora arrives", date="1940-01-01", end_date="1949-12-31",
               precision="year", circa=True, places=[istanbul])  # fmt: skip
    html = client.get(url("atlas") + "?from=1991&to=1991").content.decode()

    def group(key):
        start = html.index(f'data-place="{key}"')
        return html[html.rindex("<g class=", 0, start) : start]

    assert "is-out" not in group("almaty")
    assert 'data-spans="1991:1991"' in group("almaty")
    assert "is-out" in group("istanbul")
    assert "is-out" not in group("quiet")
    route = html[html.index('class="map-route-g') :]
    assert route.startswith('class="map-route-g is-out" data-spans="1940:1959"')
    events = html[html.index('class="atlas-events period-events"') :]
    events = events[: events.index("</ol>")]
    assert '<li data-spans="1991:1991">' in events
    assert '<li data-spans="1940:1949" hidden>' in events
    assert 'class="map-layer layer-ussr"' in html  # 1991: still the USSR
    assert 'class="map-layer layer-ussr is-out"' not in html
    assert 'id="atlas-from" name="from" min="1" max="2100" value="1991"' in html
    # every period: nothing hidden, no historical layer drawn as current
    html = client.get(url("atlas")).content.decode()
    assert 'class="map-place-g is-out"' not in html
    assert 'class="map-layer layer-ussr is-out"' in html
    # a bad year is reported, the atlas still shows
    response = client.get(url("atlas") + "?from=abc")
    assert response.status_code == 200 and "is not a year" in response.content.decode()


def test_a_map_block_can_ask_for_a_period_slider(client):
    almaty = make_place(key="almaty", name="Almaty", lat=43.24, lon=76.95)
    astana = make_place(key="astana", name="Astana", lat=51.17, lon=71.45)
    make_event(key="recognised", title="Recognition", date="1991-12-16", places=[almaty])
    make_event(key="summit", title="Summit", date="1998-06-09", places=[astana])
    body = [{"type": "map", "value": {"title": "In time", "places": [almaty.pk, astana.pk],
                                      "routes": [], "period_slider": True}},
            {"type": "map", "value": {"title": "Plain", "places": [almaty.pk], "routes": []}}]
    lesson = make_lesson(title="Maps", body_en=json.dumps(body))  # fmt: skip
    html = client.get(lesson_url(lesson)).content.decode()
    assert html.count("data-atlas-time") == 1
    assert 'data-stops="1991 1998"' in html
    assert 'data-spans="1998:1998"' in html
    assert 'class="map-place-g is-out"' not in html  # every place shows until the slider moves
    assert 'class="map-layer layer-ussr is-out"' in html
def test_glossary_has_an_a_to_z_index_in_the_reader_s_alphabet(client):
    make_term(key="qala", term="city", term_kk="қала", definition="A town.")
    make_term(key="kitap", term="book", term_kk="кітап", definition="A book.")
    make_term(key="ata", term="father", term_kk="ата", definition="An ancestor.")
    html = client.get(url("glossary", "kk")).content.decode()
    assert 'href="#letter-Қ"' in html and 'href="#letter-К"' in html
    assert '<span aria-disabled="true">Ә</span>' in html  # a letter with no term is not a link
    assert html.index('id="letter-А"') < html.index('id="letter-К"') < html.index('id="letter-Қ"')
    assert html.index("term-kitap") < html.index("term-qala")


def test_a_lesson_s_key_terms_link_to_the_glossary(client):
    lesson = make_lesson(title="Soft power lesson")
    make_term(key="soft-power", term="soft power", lessons=[lesson])
    html = client.get(lesson_url(lesson, "ru")).content.decode()
    assert 'href="/ru/glossary/#term-soft-power"' in html
