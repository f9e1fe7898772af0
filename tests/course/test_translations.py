"""Every language is complete: published content, question bank and interface catalogues."""

import io
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from modeltranslation.translator import translator
from wagtail.models import Page

from lessons.models import LessonPage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Fields that may stay empty by design (optional texts that English also leaves empty are skipped
# below); page SEO fields are optional in every language.
OPTIONAL = {"seo_title", "search_description", "slug", "url_path"}


@pytest.fixture
def loaded_course(db):
    call_command("load_course", stdout=io.StringIO())


def _empty_fields(obj):
    model = type(obj)
    try:
        fields = translator.get_options_for_model(model).all_fields
    except Exception:  # not registered
        return []
    missing = []
    for field in fields:
        if field in OPTIONAL:
            continue
        if not getattr(obj, f"{field}_en", None):
            continue  # optional text that English leaves empty too
        for language in LANGUAGES:
            if not getattr(obj, f"{field}_{language}", None):
                missing.append(f"{model.__name__}:{getattr(obj, 'key', obj.pk)}.{field}_{language}")
    return missing


def test_every_published_object_is_translated(loaded_course):
    from lessons import models as lesson_models
    from quizzes import models as quiz_models

    missing = []
    for page in Page.objects.live().specific():
        missing += _empty_fields(page)
    for model in translator.get_registered_models():
        if model._meta.app_label not in ("lessons", "quizzes", "course"):
            continue
        if issubclass(model, Page):
            continue
        for obj in model.objects.all():
            missing += _empty_fields(obj)
    assert LessonPage.objects.live().count() >= 18
    assert lesson_models.Event.objects.count() >= 45
    assert quiz_models.Question.objects.count() >= 120
    assert missing == []


def test_short_answers_exist_in_every_language(loaded_course):
    from quizzes.models import Question

    for question in Question.objects.filter(type="short").prefetch_related("accepted_answers"):
        languages = {answer.language for answer in question.accepted_answers.all()}
        assert set(LANGUAGES) <= languages, question.key


@pytest.mark.parametrize("language", ["ru", "kk", "tr"])
def test_interface_catalogue_is_complete(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {language}"
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert len(catalogue) > 50
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_switcher_keeps_the_page_on_every_page_type(client, loaded_course, language):
    from quizzes.models import QuizPage

    pages = [
        Page.objects.get(depth=2),
        Page.objects.filter(depth=3).first(),
        LessonPage.objects.live().first(),
        QuizPage.objects.live().first(),
    ]
    for page in pages:
        path = page.specific.get_url_parts()[2]
        localised = f"/{language}/" + path.split("/", 2)[2]
        html = client.get(localised).content.decode()
        for other in LANGUAGES:
            assert f'href="/{other}/' + path.split("/", 2)[2] + '"' in html, (page, other)
