"""Site search (lessons/search.py): every kind, in the student's language, on SQLite and PostgreSQL.

The same tests run on both databases (``DATABASE_URL=postgres://...`` for PostgreSQL); the ones
marked ``postgres`` check what only PostgreSQL's stemming can do.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lessons import search
from tests.factories import make_event, make_lesson, make_module, make_place, make_source, make_term

pytestmark = pytest.mark.django_db

# A word of the body of one lesson in each language (and nowhere else).
BODIES = {
    "en": "The caravan crossed the steppe towards Bukhara with silk and horses.",
    "ru": "Караван пересёк степь и направился в Бухару с шёлком и лошадьми.",
    "kk": "Керуен далаға жібек пен жылқы артып, Бұхараға қарай аттанды.",
    "tr": "Kervan, ipek ve atlarla bozkırı aşarak Buhara'ya doğru ilerledi.",
}
WORDS = {"en": "caravan", "ru": "Караван", "kk": "Керуен", "tr": "Kervan"}


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate("en")


def paragraph(text):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text} [@yilmaz2026, p. 3]</p>"}])


@pytest.fixture
def lesson():
    fields = {f"body_{code}": paragraph(text) for code, text in BODIES.items()}
    titles = {"title_ru": "Шёлковый путь", "title_kk": "Жібек жолы", "title_tr": "İpek Yolu"}
    module = make_module(title="Roots", slug="roots")
    make_lesson(module=module, title="Another lesson", slug="other")
    return make_lesson(module=module, title="The Silk Road", slug="silk", **fields, **titles)


def get(client, language, q):
    return client.get(f"/{language}/search/", {"q": q})


@pytest.mark.parametrize("language", ["en", "ru", "kk", "tr"])
def test_finds_a_lesson_by_a_word_of_its_body_in_each_language(client, lesson, language):
    response = get(client, language, WORDS[language])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/{language}/roots/silk/"' in html
    assert "Another lesson" not in html
    # The snippet is in the student's language with the word highlighted, citations removed.
    assert f"<mark>{WORDS[language]}</mark>" in html
    assert "[@" not in html
    assert 'id="results-lesson"' in html


@pytest.mark.parametrize("language", ["ru", "kk", "tr"])
def test_searches_only_the_active_language(client, lesson, language):
    """The English word is in the English body only: a Russian student does not get it."""
    html = get(client, language, "caravan").content.decode()
    assert "/roots/silk/" not in html
    assert f"<mark>{WORDS[language]}</mark>" not in html


def test_finds_glossary_terms_events_places_and_sources(client, lesson):
    make_term(key="soft-power", term="Soft power", definition="Influence by attraction.",
              term_ru="Мягкая сила", definition_ru="Влияние через привлекательность.")  # fmt: skip
    make_event(key="visit", title="Demirel visits Almaty", summary="A visit of attraction.")
    make_place(key="turkistan", name="Turkistan", description="Site of attraction for pilgrims.")
    make_source(key="yilmaz2026", label="Yilmaz 2026", authors="Yilmaz, A.",
                title="Attraction and its limits", year=2026)  # fmt: skip
    html = get(client, "en", "attraction").content.decode()
    for anchor in ['id="results-term"', 'id="results-event"', 'id="results-place"',
                   'id="results-source"']:  # fmt: skip
        assert anchor in html
    assert 'href="/en/glossary/#term-soft-power"' in html
    assert 'href="/en/timeline/#event-visit"' in html
    assert 'href="/en/atlas/#place-turkistan"' in html
    assert 'href="/en/sources/#src-yilmaz2026"' in html
    assert "4 results" in html
    # In Russian only the term has Russian text with the word.
    html = get(client, "ru", "привлекательность").content.decode()
    assert 'href="/ru/glossary/#term-soft-power"' in html and "Мягкая сила" in html
    assert 'id="results-event"' not in html


@pytest.mark.parametrize(
    "q,message",
    [
        ("", "Type one or more words"),
        ("   ", "Type one or more words"),
        ("?!*", "at least one word of two letters"),
        ('"AND OR NOT (', "Nothing in the course matches"),
        ("a", "at least one word of two letters"),
        ("x" * 500, "shortened"),
        (" ".join(f"w{i}" for i in range(20)), "Only the first 8 words"),
        ("zzz' OR 1=1 --", "Nothing in the course matches"),
    ],
)
def test_odd_queries_get_a_clear_message(client, lesson, q, message):
    response = get(client, "en", q)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")


def test_the_query_is_kept_in_the_box(client, lesson):
    html = get(client, "en", "<b>caravan</b>").content.decode()
    assert 'value="&lt;b&gt;caravan&lt;/b&gt;"' in html
    assert "<b>caravan</b>" not in html


def test_a_typo_is_corrected_from_the_course_vocabulary(client, lesson):
    html = get(client, "en", "carvan").content.decode()
    assert "Showing results for <strong>caravan</strong>" in html
    assert 'href="/en/roots/silk/"' in html
    html = get(client, "ru", "Карован").content.decode()
    assert "<strong>караван</strong>" in html and 'href="/ru/roots/silk/"' in html


def test_nothing_found_says_so(client, lesson):
    html = get(client, "en", "zeppelin").content.decode()
    assert "Nothing in the course matches “zeppelin”" in html


def test_unpublished_lessons_are_not_found(client, lesson):
    lesson.unpublish()
    html = get(client, "en", "caravan").content.decode()
    assert "/roots/silk/" not in html


def test_the_header_has_a_search_box(client, lesson):
    html = client.get("/kk/glossary/").content.decode()
    assert 'role="search"' in html and 'action="/kk/search/"' in html


def test_queries_do_not_grow_with_the_results(client, lesson):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "en", "caravan").status_code == 200
        return len(queries)

    count()  # the first request caches the site's root paths
    small = count()
    module = lesson.get_parent()
    for i in range(8):
        make_lesson(module=module, slug=f"more-{i}", body_en=paragraph(f"A caravan, number {i}."))
        make_event(title=f"Caravan {i}")
    count()  # the first search after a change reads the course's words again (cached)
    large = count()
    assert large == small
    assert large <= 12


def test_highlight_escapes_and_marks_inflected_forms():
    html = search.highlight("Treaties <script> and the treaty of 1992", ["treaty"])
    assert "&lt;script&gt;" in html
    assert "<mark>Treaties</mark>" in html and "<mark>treaty</mark>" in html


@pytest.mark.parametrize(
    "language,word", [("ru", "степи"), ("tr", "bozkır"), ("kk", "Бұхара"), ("en", "horse")]
)
def test_other_forms_of_a_word_are_found_on_every_database(client, lesson, language, word):
    """The course's own forms of a word are searched too (Russian, Kazakh and Turkish endings)."""
    html = get(client, language, word).content.decode()
    assert f'href="/{language}/roots/silk/"' in html
    assert "<mark>" in html


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.parametrize(
    "language,word",
    [("en", "caravans"), ("ru", "степи"), ("tr", "bozkır"), ("kk", "Керуен")],
)
def test_postgres_stems_each_language(client, lesson, language, word):
    """English, Russian and Turkish configurations find other forms of a word; Kazakh ('simple')
    finds the word itself."""
    html = get(client, language, word).content.decode()
    assert f'href="/{language}/roots/silk/"' in html
