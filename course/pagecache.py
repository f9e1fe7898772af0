"""A whole-page cache in front of Wagtail's router, shared by every user.

Wagtail spends most of a page view walking the tree (about ten queries). Course, module and lesson
pages are the same for every student except for a few small parts (the account links, messages,
the lesson's "mark as complete" form). So the page is rendered once per language with *slots*
(``<!--slot:name-->`` markers) in place of those parts, stored in the cache, and each request only
fills the slots: a cache read plus, for a logged-in student, the user and their progress.

Invalidation is by version: ``lessons.selectors.content_version`` changes whenever a page is
published or unpublished or shared lesson data is saved, and the version is part of the key.
A page with view restrictions, a preview, a POST or a query string is never cached, but it is
rendered the same way and its slots are filled all the same (``course.progress.fill_slots``), so
the user's parts are there on every path, also with ``PAGE_CACHE = False``.

Two levels: the shared cache (Redis in production) holds every page once for all workers; each
worker also keeps the pages it served in memory and asks the shared cache for the version at most
once every ``VERSION_CHECK_SECONDS``, so a published change shows everywhere within that time.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from wagtail import views as wagtail_views

from lessons.selectors import content_version

from .progress import fill_slots

CACHE_SECONDS = 60 * 60 * 24
VERSION_CHECK_SECONDS = 1.0
LOCAL_PAGES = 500  # pages kept in each worker's memory


class _Local:
    """This worker's copy: the last version seen and the pages rendered under it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.checked_at = 0.0
        self.pages: OrderedDict[str, dict] = OrderedDict()

    def current_version(self):
        now = time.monotonic()
        seconds = getattr(settings, "PAGE_CACHE_VERSION_CHECK_SECONDS", VERSION_CHECK_SECONDS)
        if self.version is None or now - self.checked_at >= seconds:
            version = content_version()
            with self.lock:
                if version != self.version:
                    self.pages.clear()
                self.version, self.checked_at = version, now
        return self.version

    def get(self, key):
        return self.pages.get(key)

    def put(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            while len(self.pages) > LOCAL_PAGES:
                self.pages.popitem(last=False)


local = _Local()


def cache_key(request, path: str) -> str:
    return f"page:{local.current_version()}:{get_language()}:{request.get_host()}:{path}"


def serve(request, path):
    """Wagtail's ``serve``, answered from the page cache when it can be."""
    if not getattr(settings, "PAGE_CACHE", True) or request.method != "GET" or request.GET:
        # Not from the cache, but rendered the same way: the user's parts go into the slots.
        request.page_cache_fill = True
        return _filled(request, wagtail_views.serve(request, path))
    key = cache_key(request, path)
    entry = local.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is not None:
            local.put(key, entry)  # a fresh copy from the shared cache: ours to annotate
    if entry is None:
        request.page_cache_fill = True
        response = wagtail_views.serve(request, path)
        if hasattr(response, "render"):
            response.render()
        page = getattr(request, "served_page", None)
        if (
            response.status_code == 200
            and page is not None
            and getattr(page, "cache_for_everyone", False)
            and not page.get_view_restrictions().exists()
        ):
            entry = {"html": response.content.decode(response.charset)}
            cache.set(key, entry, CACHE_SECONDS)  # serialised now: later annotations stay local
            local.put(key, entry)
        else:
            return _filled(request, response)
    if _plain_anonymous(request):
        # No session and no messages: the page is the same for every such visitor. Keep the
        # encoded body per worker instead of filling the slots each time.
        body = entry.get("anonymous_body")
        if body is None:
            body = fill_slots(request, entry["html"]).encode("utf-8")
            entry["anonymous_body"] = body
    else:
        body = fill_slots(request, entry["html"])
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    return response


def _plain_anonymous(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _filled(request, response):
    """The response with its slots filled (pages that are not served from the cache)."""
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        response.content = fill_slots(request, response.content.decode(response.charset))
    return response
