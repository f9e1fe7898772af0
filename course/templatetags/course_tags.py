"""Template helpers shared by every page type."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator

register = template.Library()


@register.simple_tag
def missing_translation(obj) -> bool:
    """True when ``obj`` has translated fields that are empty in the current language and fall back
    to English, so the page can say so (visible fallback)."""
    language = get_language()
    if obj is None or language == "en":
        return False
    try:
        fields = translator.get_options_for_model(type(obj)).all_fields
    except NotRegistered:
        return False
    for field in fields:
        if field in ("slug", "url_path", "seo_title", "search_description"):
            continue
        english = getattr(obj, f"{field}_en", None)
        local = getattr(obj, f"{field}_{language}", None)
        if english and not local:
            return True
    return False


@register.simple_tag(takes_context=True)
def user_part(context, name: str, arg=None, option=None):
    """A part of the page that depends on the user (see ``course.progress``): a slot marker when
    the page is rendered for the shared cache, the part itself otherwise."""
    from course import progress

    request = context.get("request")
    if request is None:
        return ""
    if option:
        arg = f"{arg}:{option}"
    if getattr(request, "page_cache_fill", False):
        return mark_safe(progress.slot(name, arg))  # noqa: S308 - a fixed HTML comment
    return progress.render_part(request, name, arg)
