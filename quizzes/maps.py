"""The clickable map of map-point questions: the lessons' basemap with a graticule.

Every map-point question shows the same map (the whole region of the course's basemap), so
neither its extent nor anything drawn on it tells which place is asked for. The projection and
the country outlines are those of the lessons' maps (``lessons.visuals``). Places outside the
region (New York, say) are chosen from the list of places beside the map, which is also the
keyboard alternative to clicking.
"""

import math
from functools import lru_cache

from lessons.visuals import REGION, Projection, basemap_paths

WIDTH = 1000.0  # SVG user units
GRATICULE_STEP = 10


def project(geo: dict, lat: float, lon: float) -> tuple[float, float]:
    """SVG coordinates of (lat, lon) on the quiz map ``geo``."""
    x = (lon - geo["west"]) * geo["kx"]
    y = (geo["north"] - lat) * geo["ky"]
    return round(x, 1), round(y, 1)


def _degrees(value: int, positive: str, negative: str) -> str:
    return f"{abs(value)}°{positive if value > 0 else negative if value < 0 else ''}"


@lru_cache(maxsize=1)
def quiz_map() -> dict:
    """Extent, scale (for the script that turns a click into degrees), graticule and land."""
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
        {"x": project(geo, REGION.north, lon)[0], "label": _degrees(lon, "E", "W")}
        for lon in range(first_lon, int(REGION.east) + 1, GRATICULE_STEP)
    ]
    parallels = [
        {"y": project(geo, lat, REGION.west)[1], "label": _degrees(lat, "N", "S")}
        for lat in range(first_lat, int(REGION.north) + 1, GRATICULE_STEP)
    ]
    return {
        **geo,
        "width": WIDTH,
        "height": projection.height,
        "meridians": meridians,
        "parallels": parallels,
        "land": [{"name": name, "d": d} for name, d in basemap_paths(REGION, WIDTH)],
    }
