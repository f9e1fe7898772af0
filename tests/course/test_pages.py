"""Page types, language routing and fallback, sitemap, health check, roles, accounts."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page

from course.models import CoursePage, ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage
from tests.factories import (
    make_course,
    make_instructor,
    make_lesson,
    make_module,
    make_student,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "child, parent, allowed",
    [
        (ModulePage, CoursePage, True),
        (LessonPage, ModulePage, True),
        (QuizPage, ModulePage, True),
        (QuizPage, CoursePage, True),
        (LessonPage, CoursePage, False),
        (ModulePage, ModulePage, False),
        (LessonPage, LessonPage, False),
        (CoursePage, CoursePage, False),
    ],
)
def test_page_type_rules(child, parent, allowed):
    assert (child in parent.allowed_subpage_models()) is allowed
    assert (parent in child.allowed_parent_page_models()) is allowed


def test_only_one_course_per_site():
    make_course()
    assert CoursePage.can_create_at(Page.get_first_root_node()) is False


def test_root_redirects_to_browser_language(client):
    make_course()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="tr")
    assert response["Location"] == "/tr/"


def test_language_switcher_keeps_the_page(client):
    lesson = make_lesson(title="Recognition")
    path = f"/ru/{lesson.get_parent().slug}/{lesson.slug}/"
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("en", "kk", "tr"):
        assert f'href="/{code}/{lesson.get_parent().slug}/{lesson.slug}/"' in html


def test_untranslated_page_falls_back_to_english_visibly(client):
    lesson = make_lesson(title="Recognition", summary="English summary")
    lesson.title_ru = "Признание"
    lesson.save_revision().publish()
    url = f"/kk/{lesson.get_parent().slug}/{lesson.slug}/"
    html = client.get(url).content.decode()
    assert "Recognition" in html  # English text shown
    assert "fallback-notice" in html  # ...and said so
    html_ru = client.get(f"/ru/{lesson.get_parent().slug}/{lesson.slug}/").content.decode()
    assert "Признание" in html_ru


def test_sitemap_lists_every_live_page_in_every_language(client):
    lesson = make_lesson()
    draft = make_lesson(module=lesson.get_parent())
    draft.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    for code in ("en", "ru", "kk", "tr"):
        assert f"/{code}/{lesson.get_parent().slug}/{lesson.slug}/</loc>" in xml
        assert f'hreflang="{code}"' in xml
    assert 'hreflang="x-default"' in xml
    assert draft.slug not in xml


def test_sitemap_lists_the_timeline_atlas_glossary_and_sources(client):
    make_lesson()
    xml = client.get("/sitemap.xml").content.decode()
    for name in ("timeline", "atlas", "glossary", "sources"):
        for code in ("en", "ru", "kk", "tr"):
            assert f"/{code}/{name}/</loc>" in xml, (name, code)
            assert f'hreflang="{code}" href="http://testserver/{code}/{name}/"' in xml
        # x-default: the address without a language, which sends each visitor to theirs.
        assert f'hreflang="x-default" href="http://testserver/{name}/"' in xml
        assert client.get(f"/{name}/")["Location"] == f"/en/{name}/"


def test_healthz_reports_the_database(client, monkeypatch):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}

    from django.db import connection

    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_student_cannot_enter_admin(client):
    make_course()
    client.force_login(make_student())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")


def test_instructor_can_edit_the_course(client):
    lesson = make_lesson()
    instructor = make_instructor()
    client.force_login(instructor)
    assert client.get("/admin/").status_code == 200
    assert lesson.permissions_for_user(instructor).can_edit()
    assert lesson.permissions_for_user(instructor).can_publish()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert response.status_code == 200
    assert "title_ru" in response.content.decode()  # a field per language
    assert client.get("/admin/snippets/lessons/event/").status_code == 200


def test_student_home_needs_login(client):
    make_module()
    response = client.get("/en/me/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]
    client.force_login(make_student())
    assert client.get("/en/me/").status_code == 200


def test_login_logout_and_password_reset(client):
    make_course()
    make_student("ayla", password="A-long-pass-phrase-1")
    response = client.post(
        "/en/accounts/login/", {"username": "ayla", "password": "A-long-pass-phrase-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/me/"
    assert client.post("/en/accounts/logout/").status_code == 302
    assert client.get("/en/me/").status_code == 302

    response = client.post("/en/accounts/password_reset/", {"email": "ayla@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


def test_bad_login_keeps_the_username_and_says_why(client):
    make_course()
    response = client.post("/en/accounts/login/", {"username": "nobody", "password": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="nobody"' in html
    assert "errorlist" in html


def test_course_and_module_pages_list_their_children(client):
    from tests.factories import make_question, make_quiz

    lesson = make_lesson(title="The 1994 treaty", summary="Friendship and cooperation.")
    module = lesson.get_parent()
    make_quiz(module, questions=[make_question()], title="Module quiz")
    html = client.get(f"/en/{module.slug}/").content.decode()
    assert "The 1994 treaty" in html and "Friendship and cooperation." in html
    assert "Module quiz" in html and ">quiz<" in html
    html = client.get("/en/").content.decode()
    assert module.title in html


def test_hreflang_alternates_are_absolute(client):
    lesson = make_lesson()
    html = client.get(f"/ru/{lesson.get_parent().slug}/{lesson.slug}/").content.decode()
    path = f"/{lesson.get_parent().slug}/{lesson.slug}/"
    for code in ("en", "ru", "kk", "tr"):
        assert f'hreflang="{code}" href="http://testserver/{code}{path}"' in html
    assert f'hreflang="x-default" href="http://testserver/en{path}"' in html


def test_routing_by_path_finds_live_pages_only(client):
    lesson = make_lesson(title="Live lesson")
    module = lesson.get_parent()
    assert client.get(f"/en/{module.slug}/{lesson.slug}/").status_code == 200
    assert client.get(f"/en/{module.slug}/no-such-lesson/").status_code == 404
    assert client.get(f"/en/{module.slug}/{lesson.slug}/extra/").status_code == 404
    lesson.unpublish()
    assert client.get(f"/en/{module.slug}/{lesson.slug}/").status_code == 404
    # the module above it is still served
    assert client.get(f"/en/{module.slug}/").status_code == 200
