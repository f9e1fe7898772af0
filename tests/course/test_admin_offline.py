"""Nothing in the admin loads from the internet (no Gravatar avatar, no CDN, no web font)."""

import re

import pytest
from django.conf import settings as django_settings

from tests.factories import make_lesson, make_user

pytestmark = pytest.mark.django_db

# Anything the browser would fetch by itself: src/srcset/poster, <link href>, CSS url().
FETCHED = re.compile(
    r"""(?:\b(?:src|srcset|poster)\s*=\s*["']\s*|<link\b[^>]*\bhref\s*=\s*["']|url\(\s*["']?)"""
    r"""((?:https?:)?//[^"')\s>]+)""",
    re.IGNORECASE,
)


def external_loads(html: str) -> list[str]:
    return [url for url in FETCHED.findall(html) if not url.startswith("//testserver")]


def test_no_avatar_provider_is_configured():
    assert django_settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def login_admin(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))


def test_with_wagtails_default_the_avatar_would_come_from_gravatar(client, settings):
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    login_admin(client)
    html = client.get("/admin/").content.decode()
    assert any("gravatar.com" in url for url in external_loads(html))


def test_admin_pages_load_nothing_from_outside(client):
    lesson = make_lesson()
    login_admin(client)
    for path in (
        "/admin/",
        f"/admin/pages/{lesson.get_parent().pk}/",
        f"/admin/pages/{lesson.pk}/edit/",
        "/admin/account/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "avatar" in html, path  # the avatar is drawn, from here
        assert external_loads(html) == [], path
