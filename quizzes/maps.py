"""The clickable map of map-point questions: the lessons' basemap with a graticule.

Every map-point question shows the same map (the whole region of the course's basemap), so
neither its extent nor anything drawn on it tells which place is asked for. The projection and
the country outlines are those of the lessons' maps (``lessons.visuals``). Places outside the
region (New York, say) are chosen from the list of places beside the map, which is also the
keyboard alternative to clicking.

Numbers bound for markup (SVG coordinates, the data the script reads) are built here as plain
strings with a decimal point: the template engine would print floats with the language's decimal
comma in Russian, Kazakh and Turkish, which neither SVG nor JavaScript can read.
"""

import json
import math
from functools import lru_cache

from lessons.visuals import REGION, Projection, basemap_paths

WIDTH = 1000.0  # SVG user units
GRATICULE_STEP = 10
KM_PER_DEGREE = 111.2  # of latitude


def project(geo: dict, lat: float, lon: float) -> tuple[float, float]:
    """SVG coordinates of (lat, lon) on the quiz map ``geo``."""
    x = (lon - geo["west"]) * geo["kx"]
    y = (geo["north"] - lat) * geo["ky"]
    return round(x, 1), round(y, 1)


def plain(value: float, digits: int = 1) -> str:
    """``value`` for markup code reads: at most ``digits`` decimals, a point, no trailing zero."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def marker(geo: dict, lat: float, lon: float) -> dict:
    """The SVG position of (lat, lon) on the quiz map, as markup strings ``{"x", "y"}``."""
    x, y = project(geo, lat, lon)
    return {"x": plain(x), "y": plain(y)}


def radius_units(geo: dict, radius_km: float) -> str:
    """A distance on the ground as SVG units of the quiz map (north-south scale), for markup."""
    return plain(radius_km / KM_PER_DEGREE * geo["ky"])


def view_box(geo: dict, points, min_width: float = 320.0, margin: float = 60.0) -> str:
    """A ``viewBox`` that frames ``points`` ([(x, y)] in SVG units) with a margin, at least
    ``min_width`` wide, in the proportions of the whole map and inside it (plain numbers)."""
    width, height = geo["width"], geo["height"]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    w = min(width, max(min_width, max(xs) - min(xs) + 2 * margin))
    h = w * height / width
    if max(ys) - min(ys) + 2 * margin > h:
        h = min(height, max(ys) - min(ys) + 2 * margin)
        w = min(width, h * width / height)
    x = min(max(0.0, (max(xs) + min(xs)) / 2 - w / 2), width - w)
    y = min(max(0.0, (max(ys) + min(ys)) / 2 - h / 2), height - h)
    return " ".join(plain(v) for v in (x, y, w, h))


def _degrees(value: int, positive: str, negative: str) -> str:
    return f"{abs(value)}°{positive if value > 0 else negative if value < 0 else ''}"


@lru_cache(maxsize=1)
def quiz_map() -> dict:
    """Extent, scale (for the script that turns a click into degrees), graticule and land.

    The numeric keys (``west``, ``kx``...) are for Python; the markup reads the strings:
    ``svg_width``, ``svg_height``, ``viewbox`` and ``data`` (JSON for the script).
    """
    projection = Projection(REGION, WIDTH)
    geo = {
        "west": REGION.west,
        "east": REGION.east,
        "south": REGION.south,
        "north": REGION.north,
        "kx": projection.x_scale,
        "ky": projection.y_scale,
    }
    first_lon = int(math.ceil(REGION.west / GRATICULE_STEP)) * GRATICULE_STEP
    first_lat = int(math.ceil(REGION.south / GRATICULE_STEP)) * GRATICULE_STEP
    meridians = [
        {"x": plain(project(geo, REGION.north, lon)[0]), "label": _degrees(lon, "E", "W")}
        for lon in range(first_lon, int(REGION.east) + 1, GRATICULE_STEP)
    ]
    parallels = [
        {"y": plain(project(geo, lat, REGION.west)[1]), "label": _degrees(lat, "N", "S")}
        for lat in range(first_lat, int(REGION.north) + 1, GRATICULE_STEP)
    ]
    data = {**geo, "width": WIDTH, "height": projection.height}
    return {
        **geo,
        "width": WIDTH,
        "height": projection.height,
        "svg_width": plain(WIDTH),
        "svg_height": plain(projection.height),
        "viewbox": f"0 0 {plain(WIDTH)} {plain(projection.height)}",
        "data": json.dumps(data),
        "meridians": meridians,
        "parallels": parallels,
        "land": [{"name": name, "d": d} for name, d in basemap_paths(REGION, WIDTH)],
    }
