"""Geometry and formatting of the course's visuals: timelines, maps and charts.

Pure functions (no ORM, no request): the selectors fetch the data, these functions turn plain values
into what the templates draw as inline SVG, so every visual works without JavaScript and can be
unit-tested. Coordinates are SVG user units; the SVGs scale with ``viewBox``.

- dates: ``format_event_date`` (precision, ranges, circa periods, localised);
- maps: ``Extent``, ``Projection`` (equirectangular), ``fit_extent``, ``ring_path``,
  ``basemap_paths``, ``place_labels``, ``map_layout``;
- charts: ``nice_ticks``, ``LinearScale``, ``format_number``, ``chart_layout``.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils import dateformat, formats
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

BASEMAP_PATH = Path(__file__).resolve().parent / "data" / "basemap.json"

# --------------------------------------------------------------------------------------- dates

# Django's own English DATE_FORMAT is the US "Dec. 16, 1991"; the course writes day month year.
# Other languages use Django's format files (ru: "16 декабря 1991 г.").
# Kazakh writes month names in lower case in a date ("16 желтоқсан 1991"): E is the catalogue's
# "alt. month" form (see course/formats/kk).
DAY_FORMATS = {"en": "j F Y", "kk": "j E Y"}

ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(number: int) -> str:
    """1994 -> "MCMXCIV" (centuries are written in Roman numerals in Russian and Kazakh)."""
    if number <= 0:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def english_ordinal(number: int) -> str:
    """1 -> "1st", 11 -> "11th", 22 -> "22nd"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def century_name(century: int, language: str | None = None) -> str:
    """The way a language numbers a century: en "18th", ru/kk "XVIII", tr "18."."""
    language = (language or get_language() or "en").split("-")[0]
    if language in ("ru", "kk"):
        return roman(century)
    if language == "tr":
        return f"{century}."
    return english_ordinal(century)


def century_of(year: int) -> int:
    """1700 -> 18, 1799 -> 18, 1800 -> 19 (years 1..100 are the 1st century)."""
    return (year - 1) // 100 + 1 if year > 0 else 1


def _day_format() -> str:
    language = (get_language() or "en").split("-")[0]
    return DAY_FORMATS.get(language) or formats.get_format("DATE_FORMAT")


def _format_point(date: datetime.date, precision: str) -> str:
    if precision == "day":
        return dateformat.format(date, _day_format())
    if precision == "month":
        return dateformat.format(date, formats.get_format("YEAR_MONTH_FORMAT"))
    return str(date.year)


def format_event_date(
    date: datetime.date,
    precision: str = "day",
    end: datetime.date | None = None,
    circa: bool = False,
) -> str:
    """How a timeline shows an event's date, in the active language.

    - day: "16 December 1991"; a range in one month "16–18 October 1994", otherwise both dates;
    - month: "March 1991"; year: "1991"; year ranges "1990–1993";
    - circa, whole centuries: "10th–11th c." (ru "X–XI вв."), one century "c. 1700s";
    - circa, one decade: "c. 1990s"; other circa periods "c. 1900–1949"; a circa year "c. 2000".
    """
    if circa:
        start_year = date.year
        end_year = end.year if end else None
        if end_year is None or end_year == start_year:
            return _("c. %(year)s") % {"year": start_year}
        if start_year % 100 == 0 and end_year % 100 == 99:
            first, last = century_of(start_year + 1), century_of(end_year)
            names = {"first": century_name(first), "last": century_name(last)}
            if first == last:
                # Translators: %(year)s is the century's first year (1700); %(century)s its
                # number as the language writes it ("XVIII" in Russian), e.g. "%(century)s в.".
                return pgettext("one whole century, e.g. c. 1700s", "c. %(year)ss") % {
                    "year": start_year,
                    "century": names["first"],
                }
            several = pgettext("whole centuries, e.g. 10th–11th c.", "%(first)s–%(last)s c.")
            return several % names
        if start_year % 10 == 0 and end_year == start_year + 9:
            return pgettext("a decade, e.g. c. 1990s", "c. %(year)ss") % {"year": start_year}
        return _("c. %(start)s–%(end)s") % {"start": start_year, "end": end_year}

    if end is None or end == date:
        return _format_point(date, precision)
    if precision == "day" and (end.year, end.month) == (date.year, date.month):
        return f"{date.day}–{_format_point(end, 'day')}"
    if precision == "year":
        return f"{date.year}–{end.year}"
    return f"{_format_point(date, precision)} – {_format_point(end, precision)}"


def year_span(date: datetime.date, end: datetime.date | None) -> tuple[int, int]:
    """(first year, last year) of an event."""
    return date.year, (end or date).year


# ----------------------------------------------------------------------------------- numbers


def format_number(value) -> str:
    """A figure as the active language writes it: 1850 -> "1,850" (en), "1 850" (ru); 13.72 kept."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return formats.number_format(value, force_grouping=True)


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``count`` intervals."""
    if span <= 0 or count <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power * (1 + 1e-9):
            return factor * power
    return 10 * power


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], e.g. (0, 5000) -> 0, 1000, ..., 5000."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1)
    step = nice_step(high - low, count)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    ticks = []
    value = start
    while value <= stop + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass(frozen=True)
class LinearScale:
    """Maps a domain (low, high) onto a range (start, end) of SVG units."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float) -> float:
        (d0, d1), (r0, r1) = self.domain, self.range
        if d1 == d0:
            return (r0 + r1) / 2
        return r0 + (float(value) - d0) * (r1 - r0) / (d1 - d0)


# -------------------------------------------------------------------------------------- maps


@dataclass(frozen=True)
class Extent:
    """A box of longitude/latitude degrees."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def intersects(self, other: Extent) -> bool:
        return not (
            other.east < self.west
            or other.west > self.east
            or other.north < self.south
            or other.south > self.north
        )


# The whole region the basemap covers (see lessons/data/README.md).
REGION = Extent(-12.0, 8.0, 100.0, 62.0)


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection of an extent onto a ``width``-wide SVG box.

    Longitudes are shrunk by the cosine of the middle latitude so shapes look right at these
    latitudes; the height follows from the extent's proportions.
    """

    extent: Extent
    width: float = 640.0

    @property
    def x_scale(self) -> float:
        return self.width / (self.extent.east - self.extent.west)

    @property
    def y_scale(self) -> float:
        middle = math.radians((self.extent.north + self.extent.south) / 2)
        return self.x_scale / max(math.cos(middle), 0.2)

    @property
    def height(self) -> float:
        return round((self.extent.north - self.extent.south) * self.y_scale, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.extent.west) * self.x_scale
        y = (self.extent.north - lat) * self.y_scale
        return round(x, 1), round(y, 1)


def fit_extent(
    points: list[tuple[float, float]],
    bounds: Extent = REGION,
    padding: float = 0.12,
    min_span: float = 12.0,
    aspect: float = 1.6,
) -> Extent:
    """The box that shows every (lon, lat) point with a margin, clamped to ``bounds``.

    Each side gets ``padding`` times the points' spread (at least 2 degrees of longitude and
    1.5 of latitude). The box is at least ``min_span`` degrees wide, widened so that width /
    height (in degrees, before the cosine correction) is at least ``aspect`` (maps read best
    wider than tall), and kept inside ``bounds``. Points outside ``bounds`` are ignored (they
    are listed off the map).
    """
    inside = [(lon, lat) for lon, lat in points if bounds.contains(lon, lat)]
    if not inside:
        return bounds
    west, east = min(p[0] for p in inside), max(p[0] for p in inside)
    south, north = min(p[1] for p in inside), max(p[1] for p in inside)
    pad_x = max((east - west) * padding, 2.0)
    pad_y = max((north - south) * padding, 1.5)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    if east - west < min_span:
        grow = (min_span - (east - west)) / 2
        west, east = west - grow, east + grow
    width, height = east - west, north - south
    if width / height < aspect:
        grow = (height * aspect - width) / 2
        west, east = west - grow, east + grow
    elif width / height > aspect * 1.6:
        grow = (width / (aspect * 1.6) - height) / 2
        south, north = south - grow, north + grow
    west, east = _clamp_interval(west, east, bounds.west, bounds.east)
    south, north = _clamp_interval(south, north, bounds.south, bounds.north)
    return Extent(round(west, 2), round(south, 2), round(east, 2), round(north, 2))


def _clamp_interval(low: float, high: float, lower: float, upper: float) -> tuple[float, float]:
    """Shift [low, high] inside [lower, upper]; shrink it only when it is wider than them."""
    if high - low >= upper - lower:
        return lower, upper
    if low < lower:
        low, high = lower, high + (lower - low)
    if high > upper:
        low, high = low - (high - upper), upper
    return low, high


def ring_path(rings: list[list[list[float]]], project) -> str:
    """Closed rings of (lon, lat) -> an SVG path ``d`` ("M x y L ... Z")."""
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        if len(points) < 3:
            continue
        head, *tail = points
        parts.append(
            f"M{_n(head[0])} {_n(head[1])}" + "".join(f"L{_n(x)} {_n(y)}" for x, y in tail) + "Z"
        )
    return "".join(parts)


def _n(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zero: 12.0 -> "12", 3.25 -> "3.2"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=1)
def load_basemap() -> dict:
    """The committed Natural Earth outlines (see lessons/data/README.md), read once."""
    data = json.loads(BASEMAP_PATH.read_text())
    for country in data["countries"]:
        lons = [p[0] for ring in country["rings"] for p in ring]
        lats = [p[1] for ring in country["rings"] for p in ring]
        country["extent"] = Extent(min(lons), min(lats), max(lons), max(lats))
    return data


@lru_cache(maxsize=64)
def basemap_paths(extent: Extent, width: float = 640.0) -> tuple[tuple[str, str], ...]:
    """(country name, path d) of the countries that show in ``extent``; cached per view."""
    projection = Projection(extent, width)
    view = Extent(extent.west - 1, extent.south - 1, extent.east + 1, extent.north + 1)
    out = []
    for country in load_basemap()["countries"]:
        if country["extent"].intersects(view):
            out.append((country["name"], ring_path(country["rings"], projection)))
    return tuple(out)


@dataclass
class Label:
    x: float
    y: float
    anchor: str  # start | end | middle
    visible: bool = True


def _label_box(x: float, y: float, anchor: str, text: str, size: float):
    width = len(text) * size * 0.58
    height = size * 1.1
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - height * 0.8, left + width, y + height * 0.2)


def _overlaps(a, b) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def place_labels(
    markers: list[tuple[float, float, str]],
    width: float,
    height: float,
    size: float = 13.0,
    radius: float = 6.0,
) -> list[Label]:
    """Greedy label placement: right, left, above, below each marker, the first that fits.

    A label that would overlap an earlier label, a marker or the edge of the map is hidden (the
    marker keeps its <title> and the list under the map names every place).
    """
    gap = radius + 3
    boxes: list[tuple[float, float, float, float]] = [
        (x - radius, y - radius, x + radius, y + radius) for x, y, _text in markers
    ]
    labels = []
    for index, (x, y, text) in enumerate(markers):
        candidates = [
            (x + gap, y + size * 0.35, "start"),
            (x - gap, y + size * 0.35, "end"),
            (x, y - gap - 2, "middle"),
            (x, y + gap + size * 0.8, "middle"),
        ]
        chosen = None
        for cx, cy, anchor in candidates:
            box = _label_box(cx, cy, anchor, text, size)
            # Phones draw lesson maps' labels up to 25 % larger: keep room for that at the edges.
            wide = _label_box(cx, cy, anchor, text, size * 1.25)
            if wide[0] < 2 or wide[1] < 2 or wide[2] > width - 2 or wide[3] > height - 2:
                continue
            others = [b for i, b in enumerate(boxes) if i != index]
            if any(_overlaps(box, other) for other in others):
                continue
            chosen = Label(round(cx, 1), round(cy, 1), anchor)
            boxes.append(box)
            break
        labels.append(chosen or Label(x, y, "start", visible=False))
    return labels


@dataclass
class MapPlace:
    key: str
    name: str
    lon: float
    lat: float
    kind: str = "city"
    x: float = 0.0
    y: float = 0.0
    label: Label | None = None
    weight: int = 0  # e.g. the number of events: heavier places get their labels first
    on_map: bool = True
    edge: str = ""  # for places off the map: "west", "east", "north", "south"
    leader: bool = False  # moved apart from close neighbours: a line joins it to (true_x, true_y)
    true_x: float = 0.0
    true_y: float = 0.0


@dataclass
class MapRoute:
    key: str
    name: str
    points: list[tuple[float, float]]  # (lon, lat)
    path: str = ""
    arrows: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, degrees


@dataclass
class MapLayout:
    width: float
    height: float
    extent: Extent
    countries: tuple[tuple[str, str], ...]
    places: list[MapPlace] = field(default_factory=list)
    routes: list[MapRoute] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(self.width)} {_n(self.height)}"

    @property
    def off_map(self) -> list[MapPlace]:
        return [p for p in self.places if not p.on_map]


def segment_arrows(points: list[tuple[float, float]]) -> list[tuple[float, float, float]]:
    """(x, y, angle in degrees) at the middle of each segment, to draw the route's direction."""
    arrows = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if (x0, y0) == (x1, y1):
            continue
        angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
        arrows.append((round((x0 + x1) / 2, 1), round((y0 + y1) / 2, 1), round(angle, 1)))
    return arrows


def _edge(place: MapPlace, extent: Extent) -> str:
    if place.lon < extent.west:
        return "west"
    if place.lon > extent.east:
        return "east"
    return "north" if place.lat > extent.north else "south"


def declutter(places: list[MapPlace], min_gap: float = 18.0, radius: float = 15.0) -> None:
    """Spread markers closer than ``min_gap`` (Istanbul, Üsküdar, Zeytinburnu) around their centre.

    Each group of close places (joined by any pair closer than ``min_gap``) is set on a circle
    around the group's centre, far enough apart to be clicked one by one; ``leader`` asks the
    template for a thin line back to the true position (``true_x``, ``true_y``).
    """
    groups: list[list[MapPlace]] = []
    for place in places:
        near = [
            g for g in groups if any(math.dist((p.x, p.y), (place.x, place.y)) < min_gap for p in g)
        ]
        merged = [place] + [p for g in near for p in g]
        groups = [g for g in groups if g not in near] + [merged]
    for group in groups:
        if len(group) < 2:
            continue
        group.sort(key=lambda p: (p.lon, -p.lat))  # west to east, so the circle reads like the map
        cx = sum(p.x for p in group) / len(group)
        cy = sum(p.y for p in group) / len(group)
        ring = max(radius, min_gap * len(group) / (2 * math.pi) + 4)
        for index, place in enumerate(group):
            angle = math.pi + 2 * math.pi * index / len(group)  # the first to the west
            place.true_x, place.true_y = place.x, place.y
            place.x = round(cx + ring * math.cos(angle), 1)
            place.y = round(cy + ring * math.sin(angle), 1)
            place.leader = True


def map_layout(
    places: list[MapPlace],
    routes: list[MapRoute],
    width: float = 640.0,
    label_size: float = 13.0,
) -> MapLayout:
    """Everything a map's SVG needs: the view, the country paths, marker and label positions.

    Places outside the basemap's region (e.g. New York) are not drawn at their position: they get
    ``on_map = False`` and the template shows them as a note (and an arrow at the map's edge).
    """
    points = [(p.lon, p.lat) for p in places] + [pt for r in routes for pt in r.points]
    extent = fit_extent(points)
    projection = Projection(extent, width)
    height = projection.height
    drawn = []
    for place in places:
        place.on_map = extent.contains(place.lon, place.lat)
        if place.on_map:
            place.x, place.y = projection(place.lon, place.lat)
            drawn.append(place)
        else:
            place.edge = _edge(place, extent)
            x, y = projection(
                min(max(place.lon, extent.west), extent.east),
                min(max(place.lat, extent.south), extent.north),
            )
            place.x, place.y = min(max(x, 14), width - 14), min(max(y, 14), height - 14)
    declutter(drawn)
    # Cities before regions, then the places with most events: they keep their labels.
    order = sorted(drawn, key=lambda p: (p.kind == "region", -p.weight, -p.lat))
    labels = place_labels([(p.x, p.y, p.name) for p in order], width, height, label_size)
    for place, label in zip(order, labels, strict=True):
        place.label = label
    for route in routes:
        projected = [projection(lon, lat) for lon, lat in route.points]
        route.path = "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in projected)
        route.arrows = segment_arrows(projected)
    return MapLayout(
        width=width,
        height=height,
        extent=extent,
        countries=basemap_paths(extent, width),
        places=places,
        routes=routes,
    )


# ------------------------------------------------------------------------------------ charts

SERIES_STYLES = [
    {"colour": "#0b5e7a", "dash": "", "marker": "circle"},
    {"colour": "#b45309", "dash": "6 4", "marker": "square"},
    {"colour": "#6b2fa0", "dash": "2 3", "marker": "diamond"},
    {"colour": "#1d6b35", "dash": "10 3 2 3", "marker": "circle"},
]


@dataclass
class ChartSeries:
    key: str
    title: str
    unit: str
    points: list[tuple[int, Decimal, str]]  # (year, value, label)


@dataclass
class ChartLayout:
    kind: str
    width: float
    height: float
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    y_ticks: list[dict]  # y, text_x, text_y, text
    x_ticks: list[dict]  # x, text (drawn at ``x_text_y``)
    bars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    unit: str = ""

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(self.width)} {_n(self.height)}"

    @property
    def x_text_y(self) -> float:
        return self.plot[3] + 20


def chart_layout(
    series: list[ChartSeries], kind: str = "bar", width: float = 640.0, height: float = 320.0
) -> ChartLayout:
    """Positions of the bars or lines, ticks and value labels of a chart.

    Bars: one group per year (the union of the series' years), one bar per series; evenly spaced
    years share the width, uneven years stand on a real time axis. Lines: years on a linear axis,
    so uneven gaps between years stay visible. The y axis starts at zero.
    """
    values = [float(v) for s in series for _y, v, _l in s.points]
    high = max(values + [0.0])
    low = min(values + [0.0])
    ticks = nice_ticks(low, high, 5)
    tick_texts = [format_number(Decimal(str(t))) for t in ticks]
    # Room for the longest tick label, even at the larger font used on small screens.
    left = max(48.0, 16.0 + 10.0 * max(len(text) for text in tick_texts))
    top, right, bottom = 28.0, width - 16.0, height - 36.0
    y = LinearScale((ticks[0], ticks[-1]), (bottom, top))
    y_ticks = [
        {"y": round(y(t), 1), "text_x": left - 6, "text_y": round(y(t) + 4, 1), "text": text}
        for t, text in zip(ticks, tick_texts, strict=True)
    ]
    units = list(dict.fromkeys(s.unit for s in series if s.unit))
    layout = ChartLayout(
        kind=kind,
        width=width,
        height=height,
        plot=(left, top, right, bottom),
        y_ticks=y_ticks,
        x_ticks=[],
        unit=" / ".join(units),
    )
    years = sorted({year for s in series for year, _v, _l in s.points})
    for index, s in enumerate(series):
        layout.legend.append({"title": s.title, **SERIES_STYLES[index % len(SERIES_STYLES)]})
    if not years:
        return layout
    if kind == "line":
        pad = max((years[-1] - years[0]) * 0.06, 0.6)
        x = LinearScale((years[0] - pad, years[-1] + pad), (left, right))
        year_ticks = _year_ticks(years)
        layout.x_ticks = [{"x": round(x(t), 1), "text": str(t)} for t in year_ticks]
        for index, s in enumerate(series):
            style = SERIES_STYLES[index % len(SERIES_STYLES)]
            points = [
                {
                    "x": round(x(year), 1),
                    "y": round(y(float(value)), 1),
                    "mx": round(x(year) - 4.5, 1),  # top left of a square marker
                    "my": round(y(float(value)) - 4.5, 1),
                    "year": year,
                    "text": format_number(value),
                    "label": label,
                }
                for year, value, label in sorted(s.points)
            ]
            path = "M" + "L".join(f"{_n(p['x'])} {_n(p['y'])}" for p in points)
            layout.lines.append({"title": s.title, "path": path, "points": points, **style})
        _spread_value_labels(layout.lines, bottom=bottom)
        return layout
    band = (right - left) / len(years)
    centres = [left + band * (i + 0.5) for i in range(len(years))]
    gaps = {b - a for a, b in zip(years, years[1:], strict=False)}
    if len(gaps) > 1:
        # Uneven years (2003, 2005, 2007, 2015, 2023): bars stand on a real time axis, as wide
        # as the closest two years allow, so a long gap looks long.
        closest = min(gaps)
        pad = closest * 0.6
        x = LinearScale((years[0] - pad, years[-1] + pad), (left, right))
        band = min(band, x(years[0] + closest) - x(years[0]))
        centres = [x(year) for year in years]
    inner = band * 0.8
    bar_width = inner / max(len(series), 1)
    for centre, year in zip(centres, years, strict=True):
        layout.x_ticks.append({"x": round(centre, 1), "text": str(year)})
    for index, s in enumerate(series):
        style = SERIES_STYLES[index % len(SERIES_STYLES)]
        for year, value, label in s.points:
            i = years.index(year)
            bx = centres[i] - inner / 2 + bar_width * index
            y0, y1 = y(0), y(float(value))
            layout.bars.append(
                {
                    "x": round(bx, 1),
                    "y": round(min(y0, y1), 1),
                    "width": round(bar_width - 2, 1),
                    "height": round(abs(y0 - y1), 1),
                    "cx": round(bx + bar_width / 2 - 1, 1),
                    "text_y": round(min(y0, y1) - 5, 1),
                    "year": year,
                    "text": format_number(value),
                    "label": label,
                    "title": s.title,
                    **style,
                }
            )
    return layout


def _year_ticks(years: list[int]) -> list[int]:
    """Years to label on a line chart's axis: the data years when few, else round years."""
    if len(years) <= 8:
        return years
    step = max(1, int(nice_step(years[-1] - years[0], 6)))
    first = math.ceil(years[0] / step) * step
    return list(range(first, years[-1] + 1, step))


def _spread_value_labels(lines: list[dict], gap: float = 14.0, bottom: float = 1e9) -> None:
    """Put a line's value label above its point, or below when another label is too close (but
    never below the x axis, where the years are: then higher up)."""
    taken: list[tuple[float, float]] = []

    def clashes(x: float, y: float) -> bool:
        return any(abs(x - tx) < 40 and abs(y - tyy) < gap for tx, tyy in taken)

    for line in lines:
        for point in line["points"]:
            ty = point["y"] - 9
            if clashes(point["x"], ty):
                ty = point["y"] + 18
                if ty > bottom - 4 or clashes(point["x"], ty):
                    ty = point["y"] - 9
                    while clashes(point["x"], ty):
                        ty -= 2
            point["text_y"] = round(ty, 1)
            taken.append((point["x"], ty))


# ---------------------------------------------------------------------------------- timeline
# A drawn timeline: events as marks on one lane per category, periods as bands above them, and a
# broken axis: stretches of years with events get room in proportion to their length, and long
# empty gaps (the 10th century to 1987) are cut out and drawn as a zigzag of fixed width.


@dataclass(frozen=True)
class Period:
    """A historical period drawn as a band above the timeline (e.g. the Soviet Union)."""

    key: str
    label: str
    start: int  # first year
    end: int | None  # last year; None: to this day
    row: int = 0  # 0: the Turkish side, 1: the Kazakh side


@dataclass
class TimelineMark:
    """One event on the drawn timeline; ``start``/``end`` are decimal years (1991.96)."""

    key: str
    title: str
    category: str
    start: float
    end: float | None = None
    date_text: str = ""
    x: float = 0.0
    x_end: float = 0.0
    y: float = 0.0
    row: int = 0

    @property
    def is_range(self) -> bool:
        return self.end is not None and self.end - self.start >= 1

    @property
    def width(self) -> float:
        return round(self.x_end - self.x, 1)


def decimal_year(date: datetime.date, precision: str = "day", end: bool = False) -> float:
    """A date as a decimal year, in the middle of its precision: 1991-12-16 -> 1991.955.

    ``end=True`` gives the end of the date's year/month/day instead (for ranges).
    """
    if precision == "year":
        return date.year + (1.0 if end else 0.5)
    if precision == "month":
        return date.year + (date.month - (0 if end else 0.5)) / 12
    day = date.timetuple().tm_yday
    return date.year + (day - (0 if end else 0.5)) / 366


@dataclass
class AxisSegment:
    """A stretch of the axis: years [start, end] drawn over x [x0, x1]; ``gap`` marks a break."""

    start: float
    end: float
    x0: float
    x1: float
    gap: bool = False


@dataclass
class TimelineLayout:
    width: float
    height: float
    plot: tuple[float, float]  # left, right
    segments: list[AxisSegment]
    lanes: list[dict]
    marks: list[TimelineMark]
    ticks: list[dict]
    bands: list[dict]
    breaks: list[float]
    axis_y: float

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(self.width)} {_n(self.height)}"

    def x(self, year: float) -> float:
        return axis_x(self.segments, year)


def axis_x(segments: list[AxisSegment], year: float) -> float:
    """Where a (decimal) year falls on a broken axis; years outside are clamped to its ends."""
    if not segments:
        return 0.0
    if year <= segments[0].start:
        return segments[0].x0
    for segment in segments:
        if year <= segment.end:
            span = segment.end - segment.start
            share = (year - segment.start) / span if span else 0.0
            return round(segment.x0 + share * (segment.x1 - segment.x0), 1)
    return segments[-1].x1


def broken_axis(
    points: list[float],
    left: float,
    right: float,
    gap_years: float = 10.0,
    gap_width: float = 18.0,
    min_width: float = 30.0,
) -> list[AxisSegment]:
    """Segments of an axis covering every point (events' start and end years), gaps cut out.

    Points closer than ``gap_years`` join one stretch (padded by half a year, or 3 % of its
    length); each gap between stretches becomes a ``gap`` segment ``gap_width`` wide, which a
    long event (a circa century) simply crosses. Stretches share the remaining width by their
    years times the square root of their number of points, each at least ``min_width``: a lone
    10th century event takes little room and the dense 1991–2025 gets the rest.
    """
    if not points:
        return []
    stretches: list[list[float]] = []
    counts: list[int] = []
    for point in sorted(points):
        if stretches and point - stretches[-1][1] <= gap_years:
            stretches[-1][1] = point
            counts[-1] += 1
        else:
            stretches.append([point, point])
            counts.append(1)
    for stretch in stretches:
        pad = max(0.5, (stretch[1] - stretch[0]) * 0.03)
        stretch[0], stretch[1] = stretch[0] - pad, stretch[1] + pad
    gaps = len(stretches) - 1
    room = right - left - gaps * gap_width
    lengths = [(b - a) * math.sqrt(n) for (a, b), n in zip(stretches, counts, strict=True)]
    # Short stretches get the minimum; the others share what is left in proportion to length.
    fixed: set[int] = set()
    while len(fixed) < len(stretches):
        flexible = [i for i in range(len(stretches)) if i not in fixed]
        free = room - min_width * len(fixed)
        total = sum(lengths[i] for i in flexible) or 1.0
        small = {i for i in flexible if free * lengths[i] / total < min_width}
        if not small:
            break
        fixed |= small
    if len(fixed) == len(stretches):
        widths = [room / len(stretches)] * len(stretches)
    else:
        free = room - min_width * len(fixed)
        total = sum(lengths[i] for i in range(len(stretches)) if i not in fixed) or 1.0
        widths = [min_width if i in fixed else free * n / total for i, n in enumerate(lengths)]
    segments = []
    x = left
    for index, (stretch, width) in enumerate(zip(stretches, widths, strict=True)):
        if index:
            previous = stretches[index - 1]
            segments.append(
                AxisSegment(previous[1], stretch[0], round(x, 1), round(x + gap_width, 1), gap=True)
            )
            x += gap_width
        segments.append(AxisSegment(stretch[0], stretch[1], round(x, 1), round(x + width, 1)))
        x += width
    return segments


TICK_STEPS = (1000, 500, 100, 50, 10, 5, 1)


def axis_ticks(segments: list[AxisSegment], min_gap: float = 36.0) -> list[dict]:
    """Year ticks of every stretch at several steps; each says how far apart its step's ticks are.

    ``gap`` is the distance (SVG units, unzoomed) between neighbouring ticks of the same step, so
    the script shows a step once zooming makes its ticks at least ``min_gap`` apart. The coarsest
    step that fits unzoomed is always shown (``level`` 0); a stretch too short for any round year
    is labelled with its first year.
    """
    ticks: dict[int, dict] = {}
    for segment in segments:
        if segment.gap:
            continue
        per_year = (segment.x1 - segment.x0) / max(segment.end - segment.start, 1e-9)
        first = math.ceil(segment.start)
        last = math.floor(segment.end)
        placed = False
        for step in TICK_STEPS:
            gap = step * per_year
            for year in range(math.ceil(first / step) * step, last + 1, step):
                if year in ticks:
                    continue
                visible = gap >= min_gap
                ticks[year] = {
                    "year": year,
                    "x": round(segment.x0 + (year - segment.start) * per_year, 1),
                    "gap": round(gap, 1),
                    "level": 0 if visible else 1,
                }
                placed = placed or visible
        if not placed:
            year = max(first, min(last, round((segment.start + segment.end) / 2)))
            ticks[year] = {"year": year, "x": axis_x([segment], year), "gap": 999.0, "level": 0}
    return [ticks[year] for year in sorted(ticks)]


def timeline_layout(
    marks: list[TimelineMark],
    lanes: list[tuple[str, str]],
    periods: list[Period] = (),
    width: float = 960.0,
    row_height: float = 16.0,
    max_rows: int = 3,
) -> TimelineLayout:
    """The drawn timeline: a broken axis fitted to the marks, period bands and lane rows.

    ``lanes`` are (category, label) in order; only categories with marks get a lane. Within a
    lane, marks closer than 14 units go to the next row (at most ``max_rows``; beyond that they
    may overlap until the reader zooms in). Periods are drawn only where the axis has room: a
    period band is clipped to the axis' first and last year.
    """
    left, right = 12.0, width - 12.0
    points = [m.start for m in marks] + [m.end for m in marks if m.end is not None]
    segments = broken_axis(points, left, right)
    band_top = 4.0
    used_rows = sorted({p.row for p in periods}) if segments else []
    band_height = 18.0
    axis_y = band_top + len(used_rows) * (band_height + 2) + 22
    bands = []
    if segments:
        first, last = segments[0].start, segments[-1].end
        for period in periods:
            end = period.end + 1 if period.end is not None else last
            if end < first or period.start > last:
                continue
            x0, x1 = axis_x(segments, max(period.start, first)), axis_x(segments, min(end, last))
            bands.append(
                {
                    "key": period.key,
                    "label": period.label,
                    "start": period.start,
                    "end": period.end,
                    "x0": x0,
                    "x1": x1,
                    "width": round(x1 - x0, 1),
                    "y": band_top + used_rows.index(period.row) * (band_height + 2),
                    "height": band_height,
                }
            )
    y = axis_y + 10
    drawn_lanes = []
    present = {m.category for m in marks}
    for category, label in lanes:
        if category not in present:
            continue
        lane_marks = sorted((m for m in marks if m.category == category), key=lambda m: m.start)
        row_ends: list[float] = []
        for mark in lane_marks:
            mark.x = axis_x(segments, mark.start)
            mark.x_end = axis_x(segments, mark.end) if mark.is_range else mark.x
            row = next((i for i, end in enumerate(row_ends) if mark.x - end >= 14), None)
            if row is None:
                if len(row_ends) < max_rows:
                    row = len(row_ends)
                    row_ends.append(mark.x_end)
                else:
                    row = min(range(len(row_ends)), key=row_ends.__getitem__)
            row_ends[row] = max(row_ends[row], mark.x_end)
            mark.row = row
        rows = max(len(row_ends), 1)
        top = y
        for mark in lane_marks:
            mark.y = round(top + 22 + mark.row * row_height, 1)
        height = 22 + rows * row_height + 4
        drawn_lanes.append(
            {
                "category": category,
                "label": label,
                "y": round(top, 1),
                "height": height,
                "label_y": round(top + 15, 1),
            }
        )
        y += height + 4
    return TimelineLayout(
        width=width,
        height=round(y + 4, 1),
        plot=(left, right),
        segments=segments,
        lanes=drawn_lanes,
        marks=sorted(marks, key=lambda m: (m.start, m.key)),
        ticks=axis_ticks(segments),
        bands=bands,
        breaks=[round((s.x0 + s.x1) / 2, 1) for s in segments if s.gap],
        axis_y=axis_y,
    )


# ------------------------------------------------------------------------------ atlas in time

_CENTURY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_DECADE = re.compile(r"\b(\d{3})0s\b")
_YEAR = re.compile(r"\b(\d{4})\b")


def period_years(text: str, today: int | None = None) -> tuple[int, int] | None:
    """The years an English period text covers: "10th–11th centuries" -> (900, 1099),
    "1940s–1950s" -> (1940, 1959), "1991–1994" -> (1991, 1994), "Present day" -> (1991, today).

    None when the text names no years (the route is then shown at every period).
    """
    text = text or ""
    spans = []
    if "centur" in text.lower():
        spans += [((int(c) - 1) * 100, int(c) * 100 - 1) for c in _CENTURY.findall(text)]
    spans += [(int(d) * 10, int(d) * 10 + 9) for d in _DECADE.findall(text)]
    spans += [(int(y), int(y)) for y in _YEAR.findall(_DECADE.sub("", text))]
    if any(word in text.lower() for word in ("present", "today")):
        spans.append((1991, today or datetime.date.today().year))
    if not spans:
        return None
    return min(a for a, _b in spans), max(b for _a, b in spans)


def spans_overlap(spans: list[tuple[int, int]], start: int | None, end: int | None) -> bool:
    """Whether any (first, last) year span meets [start, end] (either bound may be None)."""
    return any(
        (end is None or first <= end) and (start is None or last >= start) for first, last in spans
    )


def spans_attr(spans: list[tuple[int, int]]) -> str:
    """Year spans for a data attribute read by the script: "1991:1991 1900:1949"."""
    return " ".join(f"{int(a)}:{int(b)}" for a, b in spans)
