"""Pure geometry and formatting of the visuals (lessons.visuals) and of the basemap script."""

import datetime
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from lessons import visuals
from lessons.visuals import (
    REGION,
    ChartSeries,
    Extent,
    LinearScale,
    MapPlace,
    MapRoute,
    Projection,
)

ROOT = Path(__file__).resolve().parent.parent.parent
D = datetime.date


def _script():
    spec = importlib.util.spec_from_file_location("make_basemap", ROOT / "scripts/make_basemap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number, expected",
    [(1, "I"), (4, "IV"), (9, "IX"), (10, "X"), (11, "XI"), (18, "XVIII"), (1994, "MCMXCIV")],
)
def test_roman(number, expected):
    assert visuals.roman(number) == expected


def test_roman_rejects_zero():
    with pytest.raises(ValueError):
        visuals.roman(0)


@pytest.mark.parametrize(
    "number, expected",
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"),
     (13, "13th"), (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")],
)  # fmt: skip
def test_english_ordinal(number, expected):
    assert visuals.english_ordinal(number) == expected


@pytest.mark.parametrize(
    "year, century", [(1, 1), (100, 1), (101, 2), (900, 9), (901, 10), (1700, 17), (1799, 18)]
)
def test_century_of(year, century):
    assert visuals.century_of(year) == century


@pytest.mark.parametrize(
    "language, expected", [("en", "18th"), ("ru", "XVIII"), ("kk", "XVIII"), ("tr", "18.")]
)
def test_century_name(language, expected):
    assert visuals.century_name(18, language) == expected


@pytest.mark.parametrize(
    "date, precision, end, circa, expected",
    [
        (D(1991, 12, 16), "day", None, False, "16 December 1991"),
        (D(1991, 3, 1), "month", None, False, "March 1991"),
        (D(1991, 1, 1), "year", None, False, "1991"),
        (D(1994, 10, 16), "day", D(1994, 10, 18), False, "16–18 October 1994"),
        (D(2021, 6, 28), "day", D(2021, 7, 12), False, "28 June 2021 – 12 July 2021"),
        (D(1990, 1, 1), "year", D(1993, 1, 1), False, "1990–1993"),
        (D(1991, 2, 1), "month", D(1991, 4, 1), False, "February 1991 – April 1991"),
        (D(900, 1, 1), "year", D(1099, 1, 1), True, "10th–11th c."),
        (D(1700, 1, 1), "year", D(1799, 1, 1), True, "c. 1700s"),
        (D(1990, 1, 1), "year", D(1999, 1, 1), True, "c. 1990s"),
        (D(1850, 1, 1), "year", D(1899, 1, 1), True, "c. 1850–1899"),
        (D(1940, 1, 1), "year", D(1950, 1, 1), True, "c. 1940–1950"),
        (D(2000, 1, 1), "year", None, True, "c. 2000"),
        (D(1991, 12, 16), "day", D(1991, 12, 16), False, "16 December 1991"),
    ],
)
def test_format_event_date_english(date, precision, end, circa, expected):
    with translation.override("en"):
        assert visuals.format_event_date(date, precision, end, circa) == expected


@pytest.mark.parametrize(
    "date, precision, end, circa, contains",
    [
        (D(1991, 12, 16), "day", None, False, "16 декабря 1991"),
        (D(1994, 10, 16), "day", D(1994, 10, 18), False, "16–18 октября 1994"),
        (D(900, 1, 1), "year", D(1099, 1, 1), True, "X–XI"),
        (D(1991, 3, 1), "month", None, False, "1991"),
    ],
)
def test_format_event_date_russian(date, precision, end, circa, contains):
    with translation.override("ru"):
        assert contains in visuals.format_event_date(date, precision, end, circa)


def test_month_names_follow_the_language():
    with translation.override("tr"):
        assert visuals.format_event_date(D(1991, 12, 16)) == "16 Aralık 1991"
    with translation.override("kk"):
        assert visuals.format_event_date(D(1991, 12, 16)) == "16 желтоқсан 1991"


@pytest.mark.parametrize(
    "start, end, expected",
    [(D(1991, 1, 1), None, (1991, 1991)), (D(900, 1, 1), D(1099, 1, 1), (900, 1099))],
)
def test_year_span(start, end, expected):
    assert visuals.year_span(start, end) == expected


# --- numbers and scales ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, value, expected",
    [
        ("en", Decimal("1850.000"), "1,850"),
        ("en", Decimal("314.200"), "314.2"),
        ("en", Decimal("13.720"), "13.72"),
        ("en", 5000, "5,000"),
        ("en", None, ""),
        ("ru", Decimal("1850.000"), "1\xa0850"),
        ("ru", Decimal("314.200"), "314,2"),
        ("tr", Decimal("1500"), "1.500"),
    ],
)
def test_format_number(language, value, expected):
    with translation.override(language):
        assert visuals.format_number(value) == expected


@pytest.mark.parametrize(
    "span, count, step",
    [(5000, 5, 1000), (1500, 5, 500), (100, 5, 20), (7, 5, 2), (1, 4, 0.25), (0, 5, 1), (30, 0, 1)],
)
def test_nice_step(span, count, step):
    assert visuals.nice_step(span, count) == pytest.approx(step)


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (0, 5000, [0, 1000, 2000, 3000, 4000, 5000]),
        (0, 1500, [0, 500, 1000, 1500]),
        (0, 116.14, [0, 25, 50, 75, 100, 125]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (0, 30, [0, 10, 20, 30]),
        (-10, 10, [-10, -5, 0, 5, 10]),
    ],
)
def test_nice_ticks(low, high, expected):
    assert visuals.nice_ticks(low, high) == pytest.approx(expected)


def test_nice_ticks_cover_the_data():
    for high in (1, 3.7, 13.72, 557, 1850, 99999):
        ticks = visuals.nice_ticks(0, high)
        assert ticks[0] <= 0 and ticks[-1] >= high
        assert 3 <= len(ticks) <= 12


@pytest.mark.parametrize(
    "domain, range_, value, expected",
    [((0, 10), (0, 100), 5, 50), ((0, 10), (300, 20), 0, 300), ((0, 10), (300, 20), 10, 20),
     ((1990, 2000), (0, 10), 1995, 5), ((3, 3), (0, 10), 3, 5)],
)  # fmt: skip
def test_linear_scale(domain, range_, value, expected):
    assert LinearScale(domain, range_)(value) == pytest.approx(expected)


# --- map geometry ------------------------------------------------------------------------------


def test_projection_corners_and_height():
    extent = Extent(20, 30, 80, 60)
    projection = Projection(extent, width=600)
    assert projection(20, 60) == (0, 0)
    assert projection(80, 60)[0] == 600
    assert projection(20, 30)[1] == projection.height
    # Longitudes are shrunk by cos(45°): the box is taller than the plain 2:1 ratio.
    assert projection.height == pytest.approx(30 * 10 / 0.7071, rel=1e-3)


@pytest.mark.parametrize(
    "lon, lat, inside",
    [(50, 45, True), (20, 30, True), (19.9, 45, False), (50, 60.1, False), (-73.97, 40.75, False)],
)
def test_extent_contains(lon, lat, inside):
    assert Extent(20, 30, 80, 60).contains(lon, lat) is inside


@pytest.mark.parametrize(
    "a, b, expected",
    [((0, 0, 10, 10), (5, 5, 15, 15), True), ((0, 0, 10, 10), (11, 0, 20, 10), False),
     ((0, 0, 10, 10), (2, 2, 3, 3), True), ((0, 0, 10, 10), (0, 11, 10, 20), False)],
)  # fmt: skip
def test_extent_intersects(a, b, expected):
    assert Extent(*a).intersects(Extent(*b)) is expected


@pytest.mark.parametrize(
    "points",
    [
        [(76.95, 43.24), (32.86, 39.93)],  # Almaty, Ankara
        [(68.25, 43.30)],  # one place
        [(28.98, 41.01), (28.90, 40.99), (29.02, 41.02)],  # three places in Istanbul
        [(5.0, 48.5), (76.95, 43.24), (39.83, 21.42)],  # the whole region
    ],
)
def test_fit_extent_shows_every_point_inside_the_region(points):
    extent = visuals.fit_extent(points)
    for lon, lat in points:
        assert extent.contains(lon, lat)
    assert REGION.west <= extent.west and extent.east <= REGION.east
    assert REGION.south <= extent.south and extent.north <= REGION.north
    assert extent.east - extent.west >= 12 - 1e-6
    assert (extent.east - extent.west) / (extent.north - extent.south) >= 1.6 - 1e-6


def test_fit_extent_ignores_far_points_and_falls_back_to_the_region():
    assert visuals.fit_extent([(-73.97, 40.75)]) == REGION
    assert visuals.fit_extent([]) == REGION
    with_far = visuals.fit_extent([(32.86, 39.93), (-73.97, 40.75)])
    assert with_far == visuals.fit_extent([(32.86, 39.93)])


def test_ring_path():
    projection = Projection(Extent(0, 0, 10, 10), width=100)
    assert visuals.ring_path([[[0, 10], [10, 10], [10, 0]]], projection).startswith("M0 0L100 0L")
    assert visuals.ring_path([[[0, 10], [10, 10]]], projection) == ""  # fewer than 3 points
    two = visuals.ring_path([[[0, 10], [5, 10], [5, 5]], [[6, 6], [7, 6], [7, 7]]], projection)
    assert two.count("M") == 2 and two.count("Z") == 2


def test_basemap_is_small_clipped_and_has_the_two_countries():
    data = visuals.load_basemap()
    assert "Natural Earth" in data["source"]
    assert Extent(*data["bbox"]) == REGION
    names = {country["name"] for country in data["countries"]}
    assert {"Kazakhstan", "Turkey", "Azerbaijan", "Uzbekistan"} <= names
    for country in data["countries"]:
        for ring in country["rings"]:
            assert all(REGION.contains(lon, lat) for lon, lat in ring)
    assert visuals.BASEMAP_PATH.stat().st_size < 100_000


def test_basemap_paths_only_countries_in_view():
    paths = dict(visuals.basemap_paths(Extent(60, 38, 85, 52), 640.0))
    assert "Kazakhstan" in paths and paths["Kazakhstan"].startswith("M")
    assert "Germany" not in paths


def test_place_labels_do_not_overlap_and_hide_when_crowded():
    markers = [(100, 100, "Istanbul"), (101, 101, "Zeytinburnu"), (300, 100, "Ankara")]
    labels = visuals.place_labels(markers, 640, 400)
    assert labels[0].visible and labels[2].visible
    boxes = [
        visuals._label_box(label.x, label.y, label.anchor, text, 13.0)
        for label, (_x, _y, text) in zip(labels, markers, strict=True)
        if label.visible
    ]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not visuals._overlaps(a, b)


@pytest.mark.parametrize(
    "x, width, anchor",
    [(100, 640, "start"), (630, 640, "end")],  # a label at the right edge goes to the left
)
def test_place_labels_stay_inside_the_map(x, width, anchor):
    (label,) = visuals.place_labels([(x, 200, "Taldykorgan")], width, 400)
    assert label.visible and label.anchor == anchor


@pytest.mark.parametrize(
    "points, expected",
    [
        ([(0, 0), (10, 0)], [(5, 0, 0)]),
        ([(0, 0), (0, 10)], [(0, 5, 90)]),
        ([(10, 10), (0, 10), (0, 0)], [(5, 10, 180), (0, 5, -90)]),
        ([(1, 1), (1, 1)], []),
    ],
)
def test_segment_arrows(points, expected):
    assert visuals.segment_arrows(points) == expected


def test_map_layout_puts_far_places_off_the_map():
    places = [
        MapPlace("ankara", "Ankara", 32.86, 39.93, weight=5),
        MapPlace("astana", "Astana", 71.45, 51.17),
        MapPlace("new-york", "New York", -73.97, 40.75),
    ]
    route = MapRoute("r", "Route", [(32.86, 39.93), (71.45, 51.17)])
    layout = visuals.map_layout(places, [route], width=640)
    assert [p.key for p in layout.off_map] == ["new-york"]
    assert layout.off_map[0].edge == "west"
    assert 0 <= layout.off_map[0].x <= 640
    ankara = layout.places[0]
    assert 0 < ankara.x < 640 and 0 < ankara.y < layout.height
    assert ankara.label.visible
    assert route.path.startswith("M") and route.path.count("L") == 1
    assert len(route.arrows) == 1
    assert layout.view_box == f"0 0 640 {visuals._n(layout.height)}"
    assert any(name == "Kazakhstan" for name, _d in layout.countries)


# --- charts ------------------------------------------------------------------------------------


def _series(*points, title="Trade", unit="million US dollars"):
    return ChartSeries(key=title.lower(), title=title, unit=unit, points=list(points))


def test_bar_chart_heights_are_proportional_and_labelled():
    series = _series((2003, Decimal("314.2"), ""), (2015, Decimal("1850"), "Target missed"))
    with translation.override("en"):
        layout = visuals.chart_layout([series], kind="bar", width=640, height=320)
    left, top, right, bottom = layout.plot
    assert [bar["year"] for bar in layout.bars] == [2003, 2015]
    assert [bar["text"] for bar in layout.bars] == ["314.2", "1,850"]
    ratio = layout.bars[1]["height"] / layout.bars[0]["height"]
    assert ratio == pytest.approx(1850 / 314.2, rel=0.01)
    assert all(bar["y"] + bar["height"] == pytest.approx(bottom, abs=0.2) for bar in layout.bars)
    assert layout.y_ticks[0]["text"] == "0" and layout.y_ticks[0]["y"] == bottom
    assert [tick["text"] for tick in layout.x_ticks] == ["2003", "2015"]
    assert layout.unit == "million US dollars"


def test_grouped_bars_one_group_per_year():
    exports = _series((1992, Decimal("13.72"), ""), (2000, Decimal("116.14"), ""), title="Exp")
    imports = _series((1992, Decimal("5"), ""), (2000, Decimal("40"), ""), title="Imp")
    layout = visuals.chart_layout([exports, imports], kind="bar")
    assert len(layout.bars) == 4 and len(layout.x_ticks) == 2
    first_group = [bar for bar in layout.bars if bar["year"] == 1992]
    assert first_group[0]["x"] < first_group[1]["x"]
    assert first_group[0]["colour"] != first_group[1]["colour"]
    assert [item["title"] for item in layout.legend] == ["Exp", "Imp"]


def test_line_chart_keeps_uneven_years_apart():
    series = _series((2003, Decimal(314), ""), (2005, Decimal(557), ""), (2023, Decimal(5000), ""))
    layout = visuals.chart_layout([series], kind="line")
    (line,) = layout.lines
    xs = [point["x"] for point in line["points"]]
    assert xs == sorted(xs)
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(18 / 2, rel=0.01)
    assert line["path"].startswith("M") and line["path"].count("L") == 2
    assert all("text_y" in point for point in line["points"])


def test_chart_without_points_still_has_axes():
    layout = visuals.chart_layout([_series()], kind="bar")
    assert layout.bars == [] and layout.y_ticks


# --- the basemap script ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ring, bbox, expected",
    [
        # inside the box: unchanged
        ([(0, 0), (4, 0), (4, 4), (0, 4)], (-10, -10, 10, 10), (0, 0, 4, 4)),
        # covers the box: becomes the box
        ([(-5, -5), (5, -5), (5, 5), (-5, 5)], (-1, -1, 1, 1), (-1, -1, 1, 1)),
        # crosses the east edge: cut there
        ([(0, 0), (10, 0), (10, 0.5), (0, 0.5)], (-10, -10, 1, 10), (0, 0, 1, 0.5)),
    ],
)
def test_clip_ring(ring, bbox, expected):
    clipped = _script().clip_ring(ring, bbox)
    xs, ys = [p[0] for p in clipped], [p[1] for p in clipped]
    assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx(expected)


def test_clip_ring_outside_is_empty():
    assert _script().clip_ring([(5, 5), (6, 5), (6, 6)], (0, 0, 1, 1)) == []


@pytest.mark.parametrize(
    "points, tolerance, expected",
    [
        ([(0, 0), (1, 0.01), (2, 0)], 0.1, [(0, 0), (2, 0)]),
        ([(0, 0), (1, 1), (2, 0)], 0.1, [(0, 0), (1, 1), (2, 0)]),
        ([(0, 0), (1, 0)], 0.1, [(0, 0), (1, 0)]),
    ],
)
def test_simplify(points, tolerance, expected):
    assert _script().simplify(points, tolerance) == expected


def test_make_basemap_from_a_tiny_topology():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[30, 40], [10, 0], [0, 10], [-10, 0], [0, -10]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "1", "properties": {"name": "Box"}},
                    {"type": "Point", "coordinates": [0, 0]},
                ],
            }
        },
    }
    result = _script().make(topology, bbox=(-12, 8, 100, 62))
    (country,) = result["countries"]
    assert country["name"] == "Box"
    assert json.dumps(country["rings"]) == "[[[30, 40], [40, 40], [40, 50], [30, 50]]]"


# --- the drawn timeline -------------------------------------------------------------------------


def test_broken_axis_cuts_long_gaps_and_gives_the_dense_years_the_room():
    points = [900.5, 1700.5, 1991.2, 1991.9, 1994.8, 2003.5, 2012.5, 2021.5]
    segments = visuals.broken_axis(points, 0.0, 1000.0)
    gaps = [s for s in segments if s.gap]
    assert len(gaps) == 2  # 900 -> 1700 -> 1991
    stretches = [s for s in segments if not s.gap]
    modern = stretches[-1]
    assert modern.start < 1991.2 and modern.end > 2021.5
    assert modern.x1 - modern.x0 > 700  # 1991-2021 takes most of the width
    assert segments[0].x0 == 0.0 and segments[-1].x1 == pytest.approx(1000.0, abs=0.2)
    # the scale is monotonic across the breaks and clamps outside
    xs = [visuals.axis_x(segments, year) for year in (800, 900.5, 1300, 1700.5, 1850, 1995, 2100)]
    assert xs == sorted(xs) and xs[0] == 0.0 and xs[-1] == segments[-1].x1


def test_broken_axis_without_gaps_is_linear():
    segments = visuals.broken_axis([1991.0, 1992.0, 1994.0], 0.0, 300.0)
    assert len(segments) == 1
    x = [visuals.axis_x(segments, y) for y in (1991.0, 1992.0, 1993.0)]
    assert x[1] - x[0] == pytest.approx(x[2] - x[1], abs=0.2)


def test_axis_ticks_show_the_coarsest_step_that_fits_and_keep_finer_ones_for_zoom():
    segments = visuals.broken_axis([float(y) for y in range(1991, 2026, 3)], 0.0, 700.0)
    ticks = visuals.axis_ticks(segments)
    shown = [t["year"] for t in ticks if t["level"] == 0]
    assert 2000 in shown and 2010 in shown and 1993 not in shown
    fine = {t["year"]: t for t in ticks if t["level"] == 1}
    assert 1993 in fine and fine[1993]["gap"] < 36  # shown once zoomed in


def test_timeline_layout_lanes_rows_and_period_bands():
    marks = [
        visuals.TimelineMark("a", "A", "diplomacy", 1991.9),
        visuals.TimelineMark("b", "B", "diplomacy", 1991.95),  # too close: second row
        visuals.TimelineMark("c", "C", "economy", 2003.5),
        visuals.TimelineMark("d", "D", "culture", 1700.0, 1800.0),  # a circa century
    ]
    lanes = [("diplomacy", "Diplomacy"), ("economy", "Economy"), ("defence", "Defence"),
             ("culture", "Culture")]  # fmt: skip
    periods = [visuals.Period("soviet", "Soviet Union", 1922, 1991, row=1),
               visuals.Period("old", "Before", 100, 200)]  # fmt: skip
    layout = visuals.timeline_layout(marks, lanes, periods, width=800)
    assert [lane["category"] for lane in layout.lanes] == ["diplomacy", "economy", "culture"]
    by_key = {m.key: m for m in layout.marks}
    assert by_key["a"].row == 0 and by_key["b"].row == 1 and by_key["b"].y > by_key["a"].y
    assert by_key["d"].is_range and by_key["d"].width > 0
    assert [band["key"] for band in layout.bands] == ["soviet"]  # "Before" is off the axis
    assert layout.breaks  # 1800 -> 1991 is cut out
    assert layout.view_box == "0 0 800 " + visuals._n(layout.height)


def test_decimal_year_keeps_the_precision():
    assert visuals.decimal_year(D(1991, 12, 16)) == pytest.approx(1991.955, abs=0.002)
    assert visuals.decimal_year(D(1991, 3, 1), "month") == pytest.approx(1991 + 2.5 / 12)
    assert visuals.decimal_year(D(1991, 1, 1), "year") == 1991.5
    assert visuals.decimal_year(D(1991, 1, 1), "year", end=True) == 1992.0


# --- the atlas in time, decluttered markers -----------------------------------------------------


@pytest.mark.parametrize(
    "text, years",
    [("10th–11th centuries", (900, 1099)), ("1940s–1950s (regional paper); first half of the "
     "20th century (Yilmaz)", (1900, 1999)), ("1991–1994", (1991, 1994)),
     ("Present day (the papers give no dates)", (1991, 2030)), ("", None), ("Schematic", None)],
)  # fmt: skip
def test_period_years(text, years):
    assert visuals.period_years(text, today=2030) == years


def test_spans_overlap_and_attribute():
    assert visuals.spans_overlap([(1900, 1949)], 1940, 1940)
    assert not visuals.spans_overlap([(1991, 1991)], 1992, None)
    assert visuals.spans_overlap([(1991, 1991)], None, None)
    assert visuals.spans_attr([(1900, 1949), (1991, 1991)]) == "1900:1949 1991:1991"


def test_close_markers_are_spread_apart_at_atlas_scale():
    places = [
        MapPlace("istanbul", "Istanbul", 28.9784, 41.0082),
        MapPlace("zeytinburnu", "Zeytinburnu", 28.9040, 40.9930, kind="site"),
        MapPlace("uskudar", "Üsküdar", 29.0155, 41.0235, kind="site"),
        MapPlace("almaty", "Almaty", 76.95, 43.24),
        MapPlace("lisbon", "Lisbon", -9.1, 38.7),
    ]
    layout = visuals.map_layout(places, [], width=960)
    close = [p for p in layout.places if p.key in ("istanbul", "zeytinburnu", "uskudar")]
    for a in close:
        assert a.leader
        for b in close:
            if a is not b:
                assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 >= 18  # each clickable
    almaty = next(p for p in layout.places if p.key == "almaty")
    assert not almaty.leader


def test_bar_chart_with_uneven_years_uses_a_time_axis():
    series = [ChartSeries("t", "Trade", "m", [(2003, Decimal(1), ""), (2005, Decimal(2), ""),
                                               (2007, Decimal(3), ""), (2015, Decimal(4), ""),
                                               (2023, Decimal(5), "")])]  # fmt: skip
    layout = visuals.chart_layout(series, kind="bar")
    x = {int(t["text"]): t["x"] for t in layout.x_ticks}
    assert (x[2015] - x[2007]) == pytest.approx(4 * (x[2005] - x[2003]), rel=0.02)
    assert all(b["width"] > 0 for b in layout.bars)
    even = visuals.chart_layout([ChartSeries("t", "T", "m", [(2001, Decimal(1), ""),
                                                             (2002, Decimal(2), "")])])  # fmt: skip
    assert [t["x"] for t in even.x_ticks] == sorted(t["x"] for t in even.x_ticks)


def test_line_value_labels_never_sit_on_the_year_axis():
    low = [
        ChartSeries("a", "A", "m", [(1992, Decimal("13.72"), ""), (2000, Decimal(116), "")]),
        ChartSeries("b", "B", "m", [(1992, Decimal("8.78"), ""), (2000, Decimal(346), "")]),
    ]
    layout = visuals.chart_layout(low, kind="line")
    bottom = layout.plot[3]
    texts = [p["text_y"] for line in layout.lines for p in line["points"]]
    assert all(y < bottom - 2 for y in texts)
    first = [line["points"][0]["text_y"] for line in layout.lines]
    assert abs(first[0] - first[1]) >= 14  # the two 1992 labels do not overlap


def test_timeline_layout_of_one_event_and_of_none():
    one = visuals.timeline_layout(
        [visuals.TimelineMark("a", "A", "economy", 2003.5)], [("economy", "Economy")], width=400
    )
    assert len(one.segments) == 1 and one.breaks == []
    assert 12 <= one.marks[0].x <= 388
    assert 2003 in [t["year"] for t in one.ticks if t["level"] == 0]
    none = visuals.timeline_layout([], [("economy", "Economy")], width=400)
    assert none.segments == [] and none.lanes == [] and none.ticks == [] and none.bands == []
