"""The visuals as a student uses them, in Debian's Chromium: filter the timeline, open an event,
follow it to the atlas, open a map marker's popup and its lesson, read a chart's table; and an
axe-core check of the timeline, the atlas and a lesson.

Skipped without Chromium (or without node_modules/axe-core for the axe check) unless
REQUIRE_BROWSER=1, which turns a missing tool into a failure (CI).
"""

import json
import os
import re
from pathlib import Path

import pytest

from tests.factories import (
    make_event,
    make_lesson,
    make_module,
    make_page_root,
    make_place,
    make_route,
    make_series,
    make_source,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_script():
    if not AXE.exists():
        message = (
            f"{AXE} is missing (run `npm ci` at the project root): axe-core checks skipped. "
            "CI sets REQUIRE_BROWSER=1, which turns this into a failure."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return str(AXE)


@pytest.fixture
def course(page):
    """A lesson with a timeline, a map and a chart, and the events, places and series behind them.

    Depends on ``page`` so that the browser (which allows the ORM beside Playwright's event loop)
    is up before any query.
    """
    make_page_root()  # an earlier live-server test's flush may have removed it
    module = make_module(slug="foundations", title="Foundations")
    almaty = make_place(key="almaty", name="Almaty", lat=43.24, lon=76.95,
                        description="The capital until 1997.")  # fmt: skip
    ankara = make_place(key="ankara", name="Ankara", lat=39.93, lon=32.86)
    route = make_route(key="visit", name="The first visit", places=[ankara, almaty])
    trade = make_series(key="trade", title="Trade turnover",
                        points=[(2003, 314.2, "Can"), (2015, 1850, "Target missed")],
                        source=make_source(key="simsek2017", label="Şimşek 2017"))  # fmt: skip
    body = [
        {"type": "paragraph", "value": "<p>Turkey was the first to recognise Kazakhstan.</p>"},
        {"type": "timeline", "value": {"title": "", "events": [], "categories": ["diplomacy"],
                                       "start_year": 1991, "end_year": 1994}},
        {"type": "map", "value": {"title": "Ankara and Almaty", "places": [almaty.pk, ankara.pk],
                                  "routes": [route.pk]}},
        {"type": "chart", "value": {"title": "", "series": [trade.pk], "kind": "bar"}},
    ]  # fmt: skip
    lesson = make_lesson(module=module, title="Recognition, 1991", slug="recognition",
                         body_en=json.dumps(body), summary="How it began.")  # fmt: skip
    make_event(key="recognised", title="Turkey recognises Kazakhstan", date="1991-12-16",
               category="diplomacy", places=[almaty, ankara], lessons=[lesson],
               summary="The first state to do so.")  # fmt: skip
    make_event(key="trade-deal", title="A trade agreement", date="1992-05-01",
               precision="month", category="economy", places=[ankara])  # fmt: skip
    return {"lesson": lesson, "lesson_path": f"/en/{module.slug}/{lesson.slug}/"}


def test_timeline_event_to_atlas_marker_to_lesson_chart(live_server, page, course):
    page.goto(f"{live_server.url}/en/timeline/")
    assert page.get_by_role("heading", name="2 events").is_visible()

    # Filter: only diplomacy. The form is a GET form, so the URL keeps the filter.
    page.get_by_role("checkbox", name="Diplomacy").check()
    page.get_by_label("From year").fill("1991")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url(re.compile(r"category=diplomacy"))
    assert "from=1991" in page.url
    assert page.get_by_role("heading", name="1 event").is_visible()
    assert page.get_by_text("A trade agreement").count() == 0

    # Open the event and follow its place to the atlas.
    event = page.locator("#event-recognised")
    event.get_by_text("Turkey recognises Kazakhstan").click()
    assert event.get_by_text("The first state to do so.").is_visible()
    event.get_by_role("link", name="Almaty").click()
    page.wait_for_url(re.compile(r"/en/atlas/\?from=1991&to=1991#place-almaty$"))
    entry = page.locator("#place-almaty")
    assert entry.get_by_role("heading", name=re.compile("Almaty")).is_visible()
    assert entry.get_by_role("link", name="Turkey recognises Kazakhstan").is_visible()

    # The marker opens a popup (keyboard too); Escape closes it and gives the focus back.
    marker = page.locator('.visual-atlas a.map-marker[data-place="almaty"]')
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.get_by_role("dialog")
    assert popup.is_visible()
    assert popup.get_by_role("link", name="Recognition, 1991").is_visible()
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('data-place')") == "almaty"
    marker.click()
    page.get_by_role("dialog").get_by_role("link", name="Recognition, 1991").click()
    page.wait_for_url(re.compile(re.escape(course["lesson_path"]) + "$"))

    # The lesson's chart: the numbers are in a real table.
    table = page.get_by_role("table", name=re.compile("Trade turnover"))
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[:3] == ["2003", "314.2", "Can"]
    assert rows.nth(1).inner_text().split("\t")[:2] == ["2015", "1,850"]
    assert page.locator("svg.chart-svg").is_visible()
    assert page.locator("svg.map-svg").is_visible()


def test_map_marker_without_javascript_links_to_the_atlas(live_server, browser, course):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + course["lesson_path"])
        page.locator('a.map-marker[data-place="ankara"]').click()
        page.wait_for_url(re.compile(r"/en/atlas/#place-ankara$"))
        assert page.locator("#place-ankara").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("which", ["timeline", "atlas", "lesson"])
def test_no_axe_violations(live_server, page, course, axe_script, which):
    path = {"timeline": "/en/timeline/", "atlas": "/en/atlas/", "lesson": course["lesson_path"]}
    page.goto(live_server.url + path[which])
    page.add_script_tag(path=axe_script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not problems, "\n".join(problems)


def test_small_screen_has_no_page_wide_horizontal_scroll(live_server, browser, course):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        for path in ("/en/timeline/", "/en/atlas/", course["lesson_path"]):
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"
    finally:
        context.close()


# --- issue 16: the drawn timeline, the atlas in time, downloads ---------------------------------


def test_timeline_keyboard_zoom_pan_open_an_event_and_follow_it_to_the_atlas(
    live_server, page, course
):
    astana = make_place(key="astana", name="Astana", lat=51.17, lon=71.45)
    make_event(key="summit-1998", title="A summit in Astana", date="1998-06-09",
               category="multilateral", places=[astana])  # fmt: skip
    page.goto(f"{live_server.url}/en/timeline/")
    picture = page.locator("[data-timeline]")
    assert picture.get_by_role("button", name="Zoom in").is_visible()
    first = picture.locator('.tl-mark[tabindex="0"]')
    assert first.get_attribute("data-event") == "recognised"  # date order
    first.focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    assert float(picture.get_attribute("data-zoom")) > 2
    mark = picture.locator('.tl-mark[data-event="trade-deal"]')
    before = mark.get_attribute("transform")
    picture.get_by_role("button", name="Earlier").click()  # pan with a button
    assert mark.get_attribute("transform") != before
    first.focus()
    page.keyboard.press("ArrowRight")  # the next event, moved into view
    assert page.evaluate("document.activeElement.getAttribute('data-event')") == "trade-deal"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    card = picture.locator(".tl-card")
    assert card.is_visible()
    assert card.get_by_text("The first state to do so.").is_visible()
    assert card.get_by_role("link", name="Recognition, 1991").is_visible()
    assert card.get_by_role("button", name="Close").is_visible()
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert float(picture.get_attribute("data-zoom")) < 1.5
    card.get_by_role("link", name="Almaty").click()
    page.wait_for_url(re.compile(r"/en/atlas/\?from=1991&to=1991#place-almaty$"))
    # the atlas opens at 1991: Almaty shows, Astana (1998 only) does not
    assert page.locator('.visual-atlas .map-marker[data-place="almaty"]').is_visible()
    assert page.locator('.visual-atlas .map-marker[data-place="astana"]').is_hidden()
    events = page.locator(".period-events")
    assert events.get_by_role("link", name="Turkey recognises Kazakhstan").is_visible()
    assert events.get_by_role("link", name="A summit in Astana").is_hidden()
    assert page.locator("#atlas-from-r").input_value() == "0"


def test_atlas_slider_makes_places_appear_and_disappear(live_server, page, course):
    astana = make_place(key="astana", name="Astana", lat=51.17, lon=71.45)
    make_event(key="summit-1998", title="A summit in Astana", date="1998-06-09",
               category="multilateral", places=[astana])  # fmt: skip
    page.goto(f"{live_server.url}/en/atlas/")
    almaty = page.locator('.visual-atlas .map-marker[data-place="almaty"]')
    astana_marker = page.locator('.visual-atlas .map-marker[data-place="astana"]')
    assert almaty.is_visible() and astana_marker.is_visible()
    start = page.get_by_role("slider", name=re.compile("From year"))
    start.focus()
    page.keyboard.press("End")  # from 1998 (and to follows)
    assert page.locator('[data-out="from"]').inner_text() == "1998"
    assert start.get_attribute("aria-valuetext") == "1998"
    assert almaty.is_hidden() and astana_marker.is_visible()
    assert "from=1998&to=1998" in page.url
    link = page.get_by_role("link", name="These years on the timeline")
    assert link.get_attribute("href").endswith("/en/timeline/?from=1998&to=1998")
    assert page.locator(".period-events").get_by_text("A summit in Astana").is_visible()
    page.keyboard.press("Home")  # from the first year again: Almaty is back
    assert almaty.is_visible()
    assert page.locator(".map-layer.layer-ussr").is_hidden()  # every period: no old borders
    page.get_by_role("slider", name=re.compile("To year")).focus()
    page.keyboard.press("Home")  # 1991 only: the USSR's last year
    assert page.locator('[data-out="to"]').inner_text() == "1991"
    assert almaty.is_visible() and astana_marker.is_hidden()
    assert page.locator(".map-layer.layer-ussr").is_visible()


def test_download_a_chart_as_svg_with_title_and_source(live_server, page, course):
    page.goto(live_server.url + course["lesson_path"])
    chart = page.locator("figure.visual-chart")
    with page.expect_download() as info:
        chart.get_by_role("button", name="Download SVG").click()
    download = info.value
    assert download.suggested_filename.endswith(".svg")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in text
    assert "Trade turnover" in text and "Şimşek 2017" in text  # title and source line
    assert "fill:" in text  # styles inlined: it looks the same outside the site
    with page.expect_download() as info:
        chart.get_by_role("button", name="Download PNG").click()
    assert info.value.suggested_filename.endswith(".png")
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_lesson_with_a_long_timeline_stays_short(live_server, browser, course):
    module = course["lesson"].get_parent()
    body = [{"type": "paragraph", "value": "<p>Sixty events.</p>"},
            {"type": "timeline", "value": {"title": "All", "events": [], "categories": [],
                                           "start_year": None, "end_year": None}}]  # fmt: skip
    make_lesson(module=module, title="Long", slug="long", body_en=json.dumps(body))
    categories = ["diplomacy", "economy", "culture", "diaspora", "defence", "multilateral"]
    for n in range(60):
        make_event(key=f"e{n}", title=f"Event number {n}", date=f"{1991 + n % 35}-0{1 + n % 9}-01",
                   category=categories[n % 6], summary="A summary. " * 20)  # fmt: skip
    make_event(key="oghuz", title="Oghuz", date="0900-01-01", end_date="1099-12-31",
               precision="year", circa=True, category="culture")  # fmt: skip
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/foundations/long/")
        assert page.locator(".tl-mark").count() >= 61
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 6000, height
        page.get_by_text("All 63 events as a list").click()  # the list, one click away
        assert page.locator(".tl-list-toggle .tl-event").first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ru", "kk", "tr"])
def test_visuals_in_every_language_on_a_small_phone(live_server, browser, course, language):
    """No console error (decimal commas would break the SVG) and no sideways scroll at 320 px."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    lesson_path = course["lesson_path"].replace("/en/", f"/{language}/", 1)
    try:
        for path in (f"/{language}/timeline/", f"/{language}/atlas/?from=1991&to=1992",
                     lesson_path):  # fmt: skip
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"
        page.goto(f"{live_server.url}/{language}/timeline/")
        page.locator(".tl-mark").first.click()
        assert page.locator(".tl-card").is_visible()
        assert errors == []
    finally:
        context.close()
