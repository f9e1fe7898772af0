"""Page weight of a lesson with a timeline, a map and a chart, and of a page without visuals.

Starts nothing itself: point it at a running site (default http://127.0.0.1:8000).

    python bench/page_weight.py [BASE_URL] [--lesson PATH] [--plain PATH] [--budget KB]

For each page it fetches the HTML and every stylesheet, script and image the HTML references
(<link rel=stylesheet|icon>, <script src>, <img src>, and url(...) inside the stylesheets), then
prints the bytes of each, the total, the JavaScript total and the gzip size of the total. The
lesson must stay under the budget (400 KB uncompressed by default); the exit status is 1 if not.
Uses only the standard library and sends a bounded number of requests to the given host.
"""

import argparse
import gzip
import re
import sys
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

DEFAULT_LESSON = "/en/defence-and-security/military-cooperation-and-aid/"
DEFAULT_PLAIN = "/en/"
MAX_ASSETS = 50


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (kind, url)
        self.markers = {"timeline": False, "map": False, "chart": False}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href") and ({"stylesheet", "icon"} & set(rel)):
            self.found.append(("css" if "stylesheet" in rel else "image", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "img" and a.get("src"):
            self.found.append(("image", a["src"]))
        classes = (a.get("class") or "").split()
        for kind in self.markers:
            if f"visual-{kind}" in classes:
                self.markers[kind] = True


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "page-weight-bench"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (given host only)
        return response.read()


def weigh(base: str, path: str) -> dict:
    url = urljoin(base, path)
    html = fetch(url)
    parser = Assets()
    parser.feed(html.decode("utf-8", "replace"))
    rows = [("html", url, len(html))]
    seen = {url}
    queue = list(parser.found)
    while queue and len(seen) <= MAX_ASSETS:
        kind, ref = queue.pop(0)
        asset = urljoin(url, ref)
        if asset in seen or urlsplit(asset).netloc != urlsplit(base).netloc:
            continue  # the site must not load anything from elsewhere; ignore if it tried
        seen.add(asset)
        body = fetch(asset)
        rows.append((kind, asset, len(body)))
        if kind == "css":
            for inner in re.findall(rb"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", body):
                if not inner.startswith(b"data:"):
                    queue.append(("image", urljoin(asset, inner.decode())))
    everything = html + b"".join(fetch(u) for k, u, _n in rows[1:])
    return {
        "path": path,
        "rows": rows,
        "total": sum(n for _k, _u, n in rows),
        "js": sum(n for k, _u, n in rows if k == "js"),
        "gzip": len(gzip.compress(everything)),
        "markers": parser.markers,
    }


def report(result: dict) -> None:
    print(f"\n{result['path']}")
    for kind, url, size in result["rows"]:
        print(f"  {kind:<6} {size:>9,} B  {urlsplit(url).path}")
    print(f"  total  {result['total']:>9,} B  ({result['total'] / 1024:.1f} KB)")
    print(f"  js     {result['js']:>9,} B")
    print(f"  gzip   {result['gzip']:>9,} B  (all of the above compressed together)")
    shown = ", ".join(kind for kind, present in result["markers"].items() if present) or "none"
    print(f"  visuals on the page: {shown}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--lesson", default=DEFAULT_LESSON, help="a lesson with all 3 visuals")
    parser.add_argument("--plain", default=DEFAULT_PLAIN, help="a page without visuals")
    parser.add_argument("--budget", type=float, default=400, help="KB allowed for the lesson")
    args = parser.parse_args(argv)
    lesson = weigh(args.base, args.lesson)
    plain = weigh(args.base, args.plain)
    report(lesson)
    report(plain)
    missing = [kind for kind, present in lesson["markers"].items() if not present]
    if missing:
        print(f"\nwarning: {args.lesson} has no {', '.join(missing)}: pick another --lesson")
    ok = lesson["total"] < args.budget * 1024
    print(
        f"\nlesson with visuals: {lesson['total'] / 1024:.1f} KB "
        f"({'within' if ok else 'OVER'} the {args.budget:.0f} KB budget), "
        f"JS {lesson['js'] / 1024:.1f} KB; without visuals: {plain['total'] / 1024:.1f} KB, "
        f"JS {plain['js'] / 1024:.1f} KB"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
