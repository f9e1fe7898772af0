"""The printable reader and the certificate as PDF, rendered on the server with WeasyPrint.

The reader is the course (or one module) as a book in one language: a cover, the contents, every
lesson with its maps, charts and timelines (the same SVG and HTML the lesson pages draw, so vector
graphics), each visual starting its own page as a numbered figure, the citations linked to the
bibliography at the end, and page numbers. Fonts are the DejaVu families that the project installs
(Debian's ``fonts-dejavu-core``; see README): they have every Kazakh and Turkish letter.

Rendering the whole course takes seconds, so PDFs are files under ``MEDIA_ROOT/reader/``, named by
a fingerprint of the content: publishing or unpublishing a page, or saving a source, event, place,
series or term, changes the fingerprint, so the next request builds a new file and the old ones
are deleted. A request that finds no file starts the build in a background thread and gets a
"being prepared" page that reloads itself; ``manage.py build_reader`` builds every PDF ahead (run
it after deploying or loading content).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import mimetypes
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lessons import selectors as lesson_selectors
from lessons.models import DataPoint, DataSeries, Event, GlossaryTerm, LessonPage, Place, Source

from .models import CoursePage, ModulePage

logger = logging.getLogger(__name__)

# Blocks drawn as figures: each starts a page and gets a number.
VISUAL_BLOCKS = ("map", "chart", "timeline")
STYLESHEETS = ("css/site.css", "css/reader.css")


def base_url() -> str:
    """The site's address, for the links printed in the PDFs (``WAGTAILADMIN_BASE_URL``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


# --- What goes into the book -------------------------------------------------------------------


@dataclass
class Figure:
    number: int
    kind: str
    title: str
    anchor: str


@dataclass
class ReaderLesson:
    lesson: LessonPage
    items: list[dict] = field(default_factory=list)  # {"block", "figure"}


@dataclass
class ReaderModule:
    module: ModulePage
    number: int
    lessons: list[ReaderLesson] = field(default_factory=list)


def _figure_title(block, kind_title: str) -> str:
    """The figure's title as its caption shows it: its own, else what it shows."""
    from django.utils.translation import gettext as _

    value = block.value
    title = (value.get("title") or "").strip()
    if title:
        return title
    if block.block_type == "chart":
        return "; ".join(series.title for series in value.get("series") or [] if series)
    if block.block_type == "timeline" and value.get("start_year") and value.get("end_year"):
        return _("Timeline, %(start)s–%(end)s") % {
            "start": value["start_year"],
            "end": value["end_year"],
        }
    return kind_title


def book(module: ModulePage | None = None) -> dict:
    """The template context of the reader: modules, lessons, figures and bibliography.

    Call it with the language active: titles and texts come in that language.
    """
    from django.utils.translation import gettext as _

    course = CoursePage.objects.live().first()
    modules = list(ModulePage.objects.live().order_by("path"))
    numbers = {mod.pk: number for number, mod in enumerate(modules, start=1)}
    if module is not None:
        modules = [mod for mod in modules if mod.pk == module.pk]
    in_modules = Q(pk__in=[])
    for mod in modules:
        in_modules |= Q(path__startswith=mod.path, depth=mod.depth + 1)
    lessons = list(
        LessonPage.objects.live()
        .filter(in_modules)
        .order_by("path")
        .prefetch_related("sources", "key_terms")
    )
    kind_titles = {"map": _("Map"), "chart": _("Chart"), "timeline": _("Timeline")}
    figures: list[Figure] = []
    result = []
    for mod in modules:
        entry = ReaderModule(mod, numbers[mod.pk])
        for lesson in lessons:
            if not lesson.path.startswith(mod.path):
                continue
            item = ReaderLesson(lesson)
            for block in lesson.body:
                figure = None
                if block.block_type in VISUAL_BLOCKS:
                    figure = Figure(
                        number=len(figures) + 1,
                        kind=block.block_type,
                        title=_figure_title(block, kind_titles[block.block_type]),
                        anchor=f"fig-{len(figures) + 1}",
                    )
                    figures.append(figure)
                item.items.append({"block": block, "figure": figure})
            entry.lessons.append(item)
        result.append(entry)
    cited = {}
    for entry in result:
        for item in entry.lessons:
            for source in item.lesson.sources.all():
                cited[source.pk] = source
    sources = sorted(cited.values(), key=lambda source: source.label.casefold())
    return {
        "course": course,
        "scope_module": module,
        "modules": result,
        "figures": figures,
        "bibliography": sources,
        "source_labels": lesson_selectors.source_labels(),
        "content_version": lesson_selectors.content_version(),
        "generated": timezone.now(),
        "site_url": base_url(),
    }


def reader_html(language: str, module: ModulePage | None = None) -> str:
    with translation.override(language):
        context = book(module)
        context["LANGUAGE_CODE"] = language
        return with_svg_styles(render_to_string("course/reader/reader.html", context))


SVG_CLASSES = re.compile(r"\.(map|chart|key|tl)-[\w-]+")
SVG_OPEN_TAG = re.compile(r"(<svg\b[^>]*>)")


@functools.cache
def svg_stylesheet() -> str:
    """The rules of site.css that draw maps, charts and timelines, for a <style> in each SVG.

    WeasyPrint draws inline SVG with the SVG's own styles only, not the page's stylesheets. The
    rules are taken from site.css (top level, not media queries) with its colour variables
    resolved, so the PDF's maps and charts look like the site's and stay in step with them.
    """
    import tinycss2

    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    variables = {}
    kept = []
    for rule in rules:
        if rule.type != "qualified-rule":
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        body = tinycss2.serialize(rule.content).strip()
        if selector == ":root":
            for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);?", body):
                variables[name] = value.strip()
        elif SVG_CLASSES.search(selector) and ":hover" not in selector:
            kept.append(f"{selector} {{ {body} }}")
    text = " ".join(kept)
    text = re.sub(r"var\((--[\w-]+)\)", lambda m: variables.get(m.group(1), "currentColor"), text)
    # var(--cat, colour): the category colour is set outside the SVG; keep the fallback.
    text = re.sub(
        r"var\((--[\w-]+),\s*([^()]+)\)", lambda m: variables.get(m.group(1), m.group(2)), text
    )
    # WeasyPrint has no paint-order: a white halo stroke would hide the letters.
    return text + (
        ' text { font-family: "DejaVu Sans", sans-serif; }'
        " .map-label, .chart-svg .chart-value { stroke: none; }"
    )


def with_svg_styles(html: str) -> str:
    """Put the map and chart styles inside every inline SVG of ``html``."""
    style = f"<style>{svg_stylesheet()}</style>"
    return SVG_OPEN_TAG.sub(lambda m: m.group(1) + style, html)


# --- HTML to PDF -------------------------------------------------------------------------------


def _local_file(url: str) -> Path | None:
    """The file behind a /static/ or /media/ URL of this site, or None."""
    path = urlsplit(url).path
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        return Path(found) if found else None
    if path.startswith(settings.MEDIA_URL):
        candidate = (Path(settings.MEDIA_ROOT) / path[len(settings.MEDIA_URL) :]).resolve()
        if candidate.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and candidate.is_file():
            return candidate
    return None


def _fetcher():
    """WeasyPrint fetches only this site's static and media files, from disk: nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            local = _local_file(url)
            if local is None:
                raise ValueError(f"Not fetched (only local static and media files): {url}")
            content_type = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, local.read_bytes(), headers={"Content-Type": content_type}
            )

    return LocalFetcher()


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html`` with the site's and the reader's stylesheets."""
    from weasyprint import CSS, HTML

    # site.css has rules for screens that print ignores; WeasyPrint would warn about each.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = _fetcher()
    stylesheets = [CSS(filename=finders.find(name), url_fetcher=fetcher) for name in STYLESHEETS]
    document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets)


# --- Files and their freshness -----------------------------------------------------------------


def fingerprint() -> str:
    """Changes when what the reader shows changes: a page published, data saved. 8 queries."""
    from wagtail.models import Page

    digest = hashlib.sha1()
    # The same in every language: modeltranslation reads "title" as the active language's column.
    with translation.override(settings.LANGUAGE_CODE):
        pages = Page.objects.live().order_by("pk").values_list("pk", "live_revision_id")
        digest.update(repr(list(pages)).encode())
        for model in (Source, GlossaryTerm, Event, Place, DataSeries, DataPoint):
            digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
        digest.update(repr(list(Event.places.through.objects.values_list())).encode())
    return digest.hexdigest()[:16]


def reader_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "reader"


def pdf_name(language: str, module: ModulePage | None = None) -> str:
    return f"{language}-{module.slug if module else 'course'}.pdf"


def download_name(language: str, module: ModulePage | None = None) -> str:
    """The file name a student's browser saves: e.g. ``reader-kk-economy.pdf``."""
    return f"reader-{language}-{module.slug if module else 'course'}.pdf"


def pdf_path(language: str, module: ModulePage | None, version: str) -> Path:
    return reader_dir() / version / pdf_name(language, module)


def build(language: str, module: ModulePage | None = None, version: str | None = None) -> Path:
    """Render one PDF and store it (written to a temporary name, then renamed)."""
    version = version or fingerprint()
    target = pdf_path(language, module, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = html_to_pdf(reader_html(language, module))
    partial = target.with_suffix(f".{threading.get_ident()}.part")
    partial.write_bytes(data)
    partial.replace(target)
    _remove_old_versions(version)
    return target


def _remove_old_versions(current: str) -> None:
    for old in reader_dir().iterdir():
        if old.is_dir() and old.name != current:
            for child in old.iterdir():
                child.unlink(missing_ok=True)
            try:
                old.rmdir()
            except OSError:
                pass


def build_all(languages=None) -> list[Path]:
    """Every PDF: the course and each module, in every language (``manage.py build_reader``)."""
    version = fingerprint()
    modules = [None, *ModulePage.objects.live().order_by("path")]
    built = []
    for language in languages or [code for code, _name in settings.LANGUAGES]:
        for module in modules:
            built.append(build(language, module, version))
    return built


BUILD_TIMEOUT_SECONDS = 20 * 60  # a claim older than this is from a build that died


def _claim(path: Path) -> bool:
    """Claim the building of ``path`` (a marker file, so that several workers build it once)."""
    marker = path.with_suffix(".building")
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        try:
            age = time.time() - marker.stat().st_mtime
        except FileNotFoundError:
            age = 0.0
        if age > BUILD_TIMEOUT_SECONDS:
            marker.unlink(missing_ok=True)
            return _claim(path)
        return False


def _build_in_background(language: str, module: ModulePage | None, version: str) -> None:
    from django.db import close_old_connections

    path = pdf_path(language, module, version)
    try:
        build(language, module, version)
    except Exception:  # noqa: BLE001 - logged; the next request tries again
        logger.exception("Building the reader PDF %s failed", path)
    finally:
        path.with_suffix(".building").unlink(missing_ok=True)
        close_old_connections()


def get_or_start(language: str, module: ModulePage | None = None) -> Path | None:
    """The PDF's file if it is ready; otherwise start building it and return None."""
    version = fingerprint()
    path = pdf_path(language, module, version)
    if path.is_file():
        return path
    if not getattr(settings, "READER_BUILD_IN_BACKGROUND", True):
        return build(language, module, version)
    if _claim(path):
        threading.Thread(
            target=_build_in_background, args=(language, module, version), daemon=True
        ).start()
    return None


# --- The certificate ---------------------------------------------------------------------------


def certificate_pdf(certificate, verify_url: str, language: str) -> bytes:
    """The certificate on one A4 landscape page, with its code and verification address."""
    with translation.override(language):
        html = render_to_string(
            "course/reader/certificate.html",
            {"certificate": certificate, "verify_url": verify_url, "LANGUAGE_CODE": language},
        )
    return html_to_pdf(html)
