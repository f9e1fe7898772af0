"""Site search: lessons, glossary terms, events, places and sources, in the student's language.

Wagtail search (``wagtail.search``, its database backend) does the matching:

- on PostgreSQL, each language is searched in its own columns (``body_ru``, ``title_ru``...) with
  that language's text search configuration (``english``, ``russian``, ``turkish``; Kazakh has
  none, so ``simple``): "договоры" finds "договор", "anlaşmalar" finds "anlaşma";
- on SQLite, Wagtail's FTS5 index holds every language of an object in one entry (it has one entry
  per object), so the candidates it returns are kept only when the words occur in the active
  language's text (same words, no stemming: SQLite has none).

Typos: when nothing matches, the words are corrected against the course's own vocabulary in the
active language (``difflib``, the closest word that occurs in the texts) and searched again; the
page says so ("Showing results for ..."). This works the same on both databases.

Snippets and highlights are made here from the active language's text, so what the student sees
is always in their language. The search runs a fixed number of queries whatever the data.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

MAX_QUERY_LENGTH = 100
MAX_WORDS = 8
MIN_WORD_LENGTH = 2
RESULTS_PER_KIND = 20
MAX_FORMS = 12  # forms of one word searched (see ``expand``)
SNIPPET_CHARS = 220

# PostgreSQL text search configuration of each language (Kazakh has none: no stemming).
PG_CONFIGS = {"en": "english", "ru": "russian", "tr": "turkish", "kk": "simple"}

WORD = re.compile(r"\w+", re.UNICODE)
CITATION = re.compile(r"\[@[^\]]*\]")
TAG = re.compile(r"<[^>]+>")


def translated_search_fields(*names: str, boost: float = 1.0) -> list:
    """``SearchField("name_en")``, ``SearchField("name_ru")``... for every course language.

    Used in the models' ``search_fields``: modeltranslation keeps one column per language, and the
    search looks only at the active language's columns.
    """
    return [
        index.SearchField(f"{name}_{code}", boost=boost)
        for name in names
        for code in settings.MODELTRANSLATION_LANGUAGES
    ]


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents, like SQLite's FTS5 tokenizer: "Özal" -> "ozal"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_text(value) -> str:
    """The readable text of a field value: HTML tags, citation markers and extra spaces removed."""
    if value is None:
        return ""
    if not isinstance(value, str):
        # A StreamField value: read its stored data (no query for the snippets that blocks choose).
        value = " ".join(_raw_strings(list(value.raw_data)))
    text = CITATION.sub("", TAG.sub(" ", value))
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([.,;:!?)»”])", r"\1", text)


# Parts of a block's stored value that are settings, not text.
NOT_TEXT = {"type", "id", "level", "categories", "kind"}


def _raw_strings(data):
    """The strings of a StreamField's stored data, without block types, ids and settings."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, item in data.items():
            if key not in NOT_TEXT:
                yield from _raw_strings(item)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _raw_strings(item)


@dataclass
class Query:
    """What the student typed, cleaned: the words to search, and what to tell them."""

    raw: str
    words: list[str] = field(default_factory=list)
    message: str = ""


def parse_query(raw: str | None) -> Query:
    """Keep the words (letters and digits) of the query; say why if nothing is left."""
    raw = (raw or "").strip()
    query = Query(raw=raw[:MAX_QUERY_LENGTH])
    if not raw:
        return query
    words = [w for w in WORD.findall(raw[:MAX_QUERY_LENGTH]) if len(w) >= MIN_WORD_LENGTH]
    words = [w for w in words if w.strip("_")]
    if not words:
        query.message = _("Type at least one word of two letters or more.")
        return query
    if len(words) > MAX_WORDS:
        query.message = _("Only the first %(count)s words were searched.") % {"count": MAX_WORDS}
        words = words[:MAX_WORDS]
    elif len(raw) > MAX_QUERY_LENGTH:
        query.message = _("The query was shortened to %(count)s characters.") % {
            "count": MAX_QUERY_LENGTH
        }
    query.words = words
    return query


# --- What is searched --------------------------------------------------------------------------


@dataclass
class Kind:
    """One kind of thing the search finds, and how to show a hit of it."""

    key: str
    label: object
    fields: tuple[str, ...]  # translated fields, searched in the active language
    plain: tuple[str, ...] = ()  # untranslated fields (names, titles in the original)

    def model(self):
        from . import models

        return {
            "lesson": models.LessonPage,
            "term": models.GlossaryTerm,
            "event": models.Event,
            "place": models.Place,
            "source": models.Source,
        }[self.key]

    def queryset(self, language: str):
        """The objects to search, without the other languages' (large) columns."""
        model = self.model()
        others = [
            f"{name}_{code}"
            for name in self.fields
            for code in settings.MODELTRANSLATION_LANGUAGES
            if code != language
        ]
        if self.key == "lesson":
            return model.objects.live().public().defer(*others)
        return model.objects.defer(*others)

    def columns(self, language: str) -> list[str]:
        return [f"{name}_{language}" for name in self.fields] + list(self.plain)


KINDS = [
    Kind("lesson", _("Lessons"), ("title", "summary", "objectives", "body")),
    Kind("term", _("Glossary"), ("term", "definition")),
    Kind("event", _("Events"), ("title", "summary")),
    Kind("place", _("Places"), ("name", "description")),
    Kind("source", _("Sources"), ("title_translated", "note"), ("label", "authors", "title")),
]


@dataclass
class Hit:
    """One result: the object, its title and a snippet with the words highlighted."""

    kind: str
    obj: object
    title: str
    snippet: str
    url: str = ""
    context: str = ""


@dataclass
class Results:
    """The results page: groups of hits by kind, and the words actually searched."""

    query: Query
    groups: list[dict] = field(default_factory=list)
    corrected: str = ""

    @property
    def total(self) -> int:
        return sum(len(group["hits"]) for group in self.groups)


# --- Matching ----------------------------------------------------------------------------------


def _backend(language: str):
    if connection.vendor == "postgresql":
        return get_search_backend("default", SEARCH_CONFIG=PG_CONFIGS.get(language, "simple"))
    return get_search_backend("default")


def _texts(obj, kind: Kind, language: str) -> list[str]:
    """The object's searchable texts in ``language`` (no fallback to English)."""
    return [plain_text(getattr(obj, column, "")) for column in kind.columns(language)]


def _stem(word: str) -> str:
    """The part of a word that its inflected forms share, roughly: "нефть" -> "нефт",
    "petrolü" -> "petro", "мұнайдың" -> "мұнайды". Short words stay whole."""
    folded = fold(word)
    if len(folded) <= 4:
        return folded
    return folded[: len(folded) - (1 if len(folded) <= 6 else 2)]


def expand(words: list[str], language: str) -> list[list[str]]:
    """Each word with the words of the course in ``language`` that share its stem.

    Russian, Kazakh and Turkish add endings to words ("нефть", "нефти"; "мұнай", "мұнайы"): the
    search looks for every form the course uses. This is what gives SQLite (no stemming) and
    Kazakh on PostgreSQL (no configuration) their recall; PostgreSQL's stemmers agree with it.
    """
    known = vocabulary(language)
    groups = []
    for word in words:
        forms = [word.casefold()]
        if len(fold(word)) > 4:
            stem = _stem(word)
            similar = sorted(
                (w for w in known if fold(w).startswith(stem) and w != forms[0]), key=len
            )
            forms += similar[: MAX_FORMS - 1]
        groups.append(forms)
    return groups


def _matches_all(texts: list[str], groups: list[list[str]]) -> bool:
    """Each word (in one of its forms) occurs in the texts (accents and case ignored)."""
    tokens = {token for text in texts for token in WORD.findall(fold(text))}
    return all(any(fold(form) in tokens for form in forms) for forms in groups)


def _query(groups: list[list[str]]):
    """Wagtail's query: every word, each in any of its forms."""
    parts = [Or([PlainText(f) for f in forms]) if len(forms) > 1 else PlainText(forms[0])
             for forms in groups]  # fmt: skip
    return parts[0] if len(parts) == 1 else And(parts)


def _search_kind(kind: Kind, words: list[str], language: str) -> list:
    backend = _backend(language)
    groups = expand(words, language)
    query = _query(groups)
    queryset = kind.queryset(language)
    try:
        if connection.vendor == "postgresql":
            found = backend.search(query, queryset, fields=kind.columns(language))
            return list(found[:RESULTS_PER_KIND])
        found = list(backend.search(query, queryset)[: RESULTS_PER_KIND * 4])
    except DatabaseError:
        return []
    # SQLite's index holds every language: keep what matches in this one.
    return [obj for obj in found if _matches_all(_texts(obj, kind, language), groups)][
        :RESULTS_PER_KIND
    ]


def highlight(text: str, words: list[str], length: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the first searched word, the words wrapped in <mark>, escaped."""
    if not text:
        return ""
    stems = [_stem(word) for word in words]
    spans = [
        (m.start(), m.end())
        for m in WORD.finditer(text)
        if any(fold(m.group()).startswith(stem) for stem in stems)
    ]
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))


def _best_text(texts: list[str], words: list[str]) -> str:
    """The first text (after the title) that contains a searched word, else the first one."""
    stems = [_stem(word) for word in words]
    for text in texts[1:]:
        if any(fold(token).startswith(stem) for token in WORD.findall(text) for stem in stems):
            return text
    return next((text for text in texts[1:] if text), texts[0] if texts else "")


def _hit(kind: Kind, obj, words: list[str], language: str) -> Hit:
    from . import rendering

    texts = _texts(obj, kind, language)
    if kind.key == "source":
        title = obj.label
        texts = [title, plain_text(obj.title), texts[0], *texts[1:]]
    else:
        title = texts[0] or str(obj)
    hit = Hit(kind.key, obj, title, highlight(_best_text(texts, words), words))
    if kind.key == "lesson":
        hit.url = obj.url or ""
    elif kind.key == "term":
        hit.url = f"{_url('lessons:glossary')}#term-{obj.key}"
    elif kind.key == "event":
        hit.url = rendering.timeline_url(obj.key)
        hit.context = rendering.visuals.format_event_date(
            obj.date, obj.precision, obj.end_date, obj.circa
        )
    elif kind.key == "place":
        hit.url = rendering.atlas_url(obj.key)
    elif kind.key == "source":
        hit.url = f"{_url('lessons:sources')}#src-{obj.key}"
        hit.context = " ".join(filter(None, [obj.authors, f"({obj.year})" if obj.year else ""]))
    return hit


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _run(words: list[str], language: str) -> list[dict]:
    groups = []
    for kind in KINDS:
        found = _search_kind(kind, words, language)
        if found:
            hits = [_hit(kind, obj, words, language) for obj in found]
            groups.append({"key": kind.key, "label": kind.label, "hits": hits})
    _add_lesson_modules(groups)
    return groups


def _add_lesson_modules(groups: list[dict]) -> None:
    """Each lesson hit names its module (one query for all of them)."""
    from wagtail.models import Page

    lessons = [hit for group in groups if group["key"] == "lesson" for hit in group["hits"]]
    if not lessons:
        return
    parent_paths = {hit.obj.path[: -hit.obj.steplen] for hit in lessons}
    titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    for hit in lessons:
        hit.context = titles.get(hit.obj.path[: -hit.obj.steplen], "")


# --- Typo tolerance ----------------------------------------------------------------------------


def vocabulary(language: str) -> list[str]:
    """Every word of the searchable texts in ``language`` (cached until the content changes)."""
    from .selectors import content_version

    key = f"search-vocabulary:{language}:{content_version()}"
    words = cache.get(key)
    if words is None:
        found = set()
        for kind in KINDS:
            rows = kind.queryset(language).values_list(*kind.columns(language))
            for row in rows.iterator():
                for value in row:
                    found.update(w.casefold() for w in WORD.findall(plain_text(value)))
        words = sorted(w for w in found if len(w) > 2 and not w.isdigit())
        cache.set(key, words, 3600)
    return words


def correct(words: list[str], language: str) -> list[str]:
    """Each word replaced by the closest word of the course in ``language``, if there is one."""
    known = vocabulary(language)
    known_set = set(known)
    corrected = []
    for word in words:
        if word.casefold() in known_set or word.isdigit():
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word.casefold(), known, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
    return corrected


def search(raw: str | None, language: str | None = None) -> Results:
    """Search everything in ``language`` (the active one by default)."""
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    query = parse_query(raw)
    results = Results(query=query)
    if not query.words:
        return results
    results.groups = _run(query.words, language)
    if not results.groups:
        corrected = correct(query.words, language)
        if [w.casefold() for w in corrected] != [w.casefold() for w in query.words]:
            results.groups = _run(corrected, language)
            if results.groups:
                results.corrected = " ".join(corrected)
    return results
