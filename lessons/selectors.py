"""Reads of the lessons app, each with a fixed number of queries."""

from django.core.cache import cache

from .models import LessonPage, Source

SOURCE_LABELS_CACHE_KEY = "lessons:source-labels"


def source_labels() -> dict[str, str]:
    """{key: in-text label} of every source; cached, cleared when a source is saved."""
    labels = cache.get(SOURCE_LABELS_CACHE_KEY)
    if labels is None:
        labels = dict(Source.objects.values_list("key", "label"))
        cache.set(SOURCE_LABELS_CACHE_KEY, labels, 3600)
    return labels


def lesson_neighbours(lesson: LessonPage) -> tuple:
    """(previous, next) live sibling pages of a lesson in course order, in one query."""
    siblings = list(lesson.get_siblings(inclusive=True).live().order_by("path"))
    index = next(i for i, page in enumerate(siblings) if page.pk == lesson.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


CONTENT_VERSION_CACHE_KEY = "lessons:content-version"


def content_version() -> int:
    """A number that changes whenever shared lesson data (sources, events, ...) is saved.

    Cached lesson bodies include it in their key, so editing an event refreshes every lesson that
    shows it without tracking which lessons those are.
    """
    return cache.get_or_set(CONTENT_VERSION_CACHE_KEY, 1, None)


def bump_content_version() -> None:
    """Invalidate every cached lesson body and the source labels (called on snippet saves)."""
    try:
        cache.incr(CONTENT_VERSION_CACHE_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_CACHE_KEY, 2, None)
    cache.delete(SOURCE_LABELS_CACHE_KEY)
