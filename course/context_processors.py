"""Template context shared by every page: the language switcher. No database query here."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

# How each language names itself in a switcher (Django's "Қазақ" is the adjective).
LANGUAGE_NAMES = {"kk": "Қазақша"}


def site_chrome(request):
    """Links to the same page in each language (only the /xx/ prefix changes)."""
    current = get_language()
    # Always a path on this site: "//evil.example/x" (a 404) must not become a link off it.
    path = "/" + request.get_full_path().lstrip("/\\")
    languages = [
        {
            "code": code,
            "name": LANGUAGE_NAMES.get(code) or get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    for link in languages:
        link["absolute_url"] = request.build_absolute_uri(link["url"])
    default = next(link for link in languages if link["code"] == settings.LANGUAGE_CODE)
    return {
        "language_links": languages,
        "current_language": current,
        "x_default_url": default["absolute_url"],
    }
