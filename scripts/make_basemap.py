"""Make lessons/data/basemap.json: the country outlines drawn under the course's maps.

Input: Natural Earth 1:110m admin-0 countries (public domain) as TopoJSON, from the npm package
``world-atlas`` (ISC, version pinned in package.json): ``npm ci`` puts it in node_modules/.

    python scripts/make_basemap.py [node_modules/world-atlas/countries-110m.json]

Steps (pure Python, no GIS library): decode the TopoJSON arcs into longitude/latitude rings,
clip every ring to the course's box (Sutherland-Hodgman against a rectangle), simplify with
Douglas-Peucker, round to 0.01 degree and drop rings that end up smaller than a few points.
The output is small (tens of KB) and committed, so the site never fetches anything at run time.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
OUTPUT = ROOT / "lessons" / "data" / "basemap.json"

# West, south, east, north (degrees): Western Europe to Xinjiang, Arabia to the Kazakh steppe.
BBOX = (-12.0, 8.0, 100.0, 62.0)
TOLERANCE = 0.08  # degrees, Douglas-Peucker
DIGITS = 2


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Delta-encoded, quantised TopoJSON arcs -> lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from_arcs(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return ring


def clip_ring(ring, bbox):
    """Sutherland-Hodgman clipping of one closed ring against an axis-aligned rectangle."""
    west, south, east, north = bbox
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    output = list(ring)
    for inside, intersect in edges:
        if not output:
            break
        points, output = output, []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    output.append(intersect(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(intersect(previous, current))
            previous = current
    return output


def _at_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tolerance):
    """Douglas-Peucker on an open polyline (iterative)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                distance = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring) -> float:
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in pairs)) / 2


def make(topology: dict, bbox=BBOX) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                ring = clip_ring(ring_from_arcs(indexes, arcs), bbox)
                if len(ring) < 3:
                    continue
                ring = simplify(ring + [ring[0]], TOLERANCE)[:-1]
                ring = [(round(x, DIGITS), round(y, DIGITS)) for x, y in ring]
                ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
                if len(ring) >= 3 and area(ring) >= 0.05:
                    rings.append([[x, y] for x, y in ring])
        if rings:
            countries.append(
                {
                    "id": geometry.get("id", ""),
                    "name": geometry.get("properties", {}).get("name", ""),
                    "rings": rings,
                }
            )
    countries.sort(key=lambda c: c["name"])
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), "
        "via the npm package world-atlas 2.0.2 (countries-110m.json)",
        "bbox": list(bbox),
        "countries": countries,
    }


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_INPUT
    if not source.exists():
        print(f"{source} not found: run `npm ci` first (world-atlas is a devDependency).")
        return 1
    result = make(json.loads(source.read_text()))
    OUTPUT.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
    points = sum(len(r) for c in result["countries"] for r in c["rings"])
    print(
        f"{OUTPUT}: {len(result['countries'])} countries, {points} points, "
        f"{OUTPUT.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
