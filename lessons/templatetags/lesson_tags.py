"""Template filters of lessons: citations rendered as linked author-year references."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from ..citations import CITATION_RE, parse_citation

register = template.Library()


@register.filter(needs_autoescape=False)
def cite(html, labels):
    """Turn ``[@key, p. 3]`` in already-safe HTML into "(Label, p. 3)" linked to ``#src-key``.

    ``labels`` maps source keys to their in-text labels (see ``lessons.selectors.source_labels``).
    An unknown key is shown as written, so a broken citation is visible rather than hidden.
    """
    labels = labels or {}

    def render(match):
        items = []
        for key, locator in parse_citation(match.group(1)):
            label = labels.get(key)
            if label is None:
                items.append(escape(f"@{key}"))
                continue
            text = f"{label}, {locator}" if locator else label
            items.append(str(format_html('<a href="#src-{}">{}</a>', key, text)))
        if not items:
            return match.group(0)
        return '<span class="cite">(' + "; ".join(items) + ")</span>"

    return mark_safe(CITATION_RE.sub(render, str(html)))


@register.filter
def lines(text):
    """Non-empty lines of a text field (objectives, discussion questions)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.simple_tag
def atlas_link(place_key=None, start=None, end=None):
    """The atlas page, or a place's entry in it: ``/<lang>/atlas/#place-<key>``; with years, the
    atlas at that period: ``/<lang>/atlas/?from=1991&to=1994#place-<key>``."""
    from ..rendering import atlas_url

    return atlas_url(place_key, start, end)


@register.simple_tag
def timeline_link(event_key=None):
    """The timeline page, or an event on it: ``/<lang>/timeline/#event-<key>``."""
    from ..rendering import timeline_url

    return timeline_url(event_key)
