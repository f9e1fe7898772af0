"""Template helpers shared by every page type."""

from django import template
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
