"""The course content: complete, cited, in our own words, and loaded idempotently."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from course.content.markdown import ContentError, body_blocks, read_lesson
from course.content.reader import check_references, read_course
from lessons.citations import cited_keys

CONTENT = Path(settings.COURSE_CONTENT_DIR)
PAPERS = Path(settings.BASE_DIR).parent / "shared" / "sources"
RUN = 12  # words
# Russian inflects, and Yilmaz's paper is itself in Russian: a run of eight words is already a
# copied clause there, while twelve let close paraphrases through.
RUN_BY_LANGUAGE = {"ru": 8}
# Official names repeat the papers word for word by necessity; they are not sentences.
PROPER_NAMES = [
    "Высший институт культуры, языка и истории имени Ататюрка",
    "Агентство турецкого сотрудничества и развития",
    "Высшей школы международных отношений Санкт-Петербургского политехнического университета "
    "Петра Великого",
]


@pytest.fixture(scope="module")
def content():
    return read_course(CONTENT)


def test_the_course_has_nine_modules_of_two_to_four_lessons(content):
    assert len(content.modules) >= 9
    for module in content.modules:
        assert 2 <= len(module.lessons) <= 4, module.slug


def test_every_lesson_is_complete_in_english_and_russian(content):
    for lesson in content.lessons:
        for language in ("en", "ru"):
            assert language in lesson.files, f"{lesson.slug}: no {language} file"
            file = lesson.files[language]
            assert file.meta.get("title"), lesson.slug
            assert len(file.meta.get("objectives") or []) >= 2, lesson.slug
            assert len(file.meta.get("discussion") or []) >= 2, lesson.slug
            assert any(b["type"] == "paragraph" for b in file.blocks), lesson.slug
            assert any(b["type"] in ("timeline", "map", "chart") for b in file.blocks), lesson.slug
        assert lesson.meta.get("sources"), f"{lesson.slug}: lists no sources"
        words = len(re.findall(r"\w+", lesson.files["en"].text))
        assert 550 <= words <= 1400, f"{lesson.slug}: {words} words"


def test_every_citation_and_key_resolves(content):
    assert check_references(content) == []
    sources = {source["key"] for source in content.sources}
    for lesson in content.lessons:
        for file in lesson.files.values():
            assert set(cited_keys(file.text)) <= sources


def test_glossary_and_bibliography_are_translated(content):
    for term in content.glossary:
        assert term["term"].get("en") and term["term"].get("ru"), term["key"]
        assert term["definition"].get("en") and term["definition"].get("ru"), term["key"]
    assert {"yilmaz2026", "kztr-regional"} <= {source["key"] for source in content.sources}


def test_reader_reports_unknown_keys_with_the_file(content, tmp_path):
    lesson = content.lessons[0]
    file = lesson.files["en"]
    file.text += "\nA claim [@no-such-work]."
    try:
        errors = check_references(content)
    finally:
        file.text = file.text.replace("\nA claim [@no-such-work].", "")
    assert any("no-such-work" in error and lesson.slug in error for error in errors)


@pytest.mark.parametrize(
    "body, expected_types",
    [
        ("Text.\n\nMore text.", ["paragraph"]),
        ("## Head\nText", ["heading", "paragraph"]),
        ("> Short words.\n> -- [@yilmaz2026]", ["quote"]),
        ("::: note Caveat\nThe sources disagree.\n:::", ["note"]),
        ("::: map places=almaty,ankara", ["map"]),
        ("::: timeline from=1991 to=1994 categories=diplomacy", ["timeline"]),
        ("::: chart series=trade-turnover kind=line", ["chart"]),
    ],
)
def test_markdown_blocks(body, expected_types):
    assert [block["type"] for block in body_blocks(body, "x.md")] == expected_types


@pytest.mark.parametrize(
    "body, message",
    [
        ("# Title", "only ## and ###"),
        ("> A quote without citation", "citation"),
        ("::: note\nnever closed", "not closed"),
        ("::: chart kind=pie series=a", "bar or line"),
        ("::: video src=x", "unknown directive"),
        ("::: timeline from=abc", "not a year"),
    ],
)
def test_markdown_errors_name_the_problem(body, message):
    with pytest.raises(ContentError, match=message):
        body_blocks(body, "x.md")


def test_lesson_needs_front_matter():
    with pytest.raises(ContentError, match="front matter"):
        read_lesson("No front matter", "x.md")


def _words(text: str) -> list[str]:
    text = re.sub(r"\[@[^\]]*\]", " ", text)  # citation tokens are ours
    text = re.sub(r"(?m)^>.*$", " ", text)  # quotations are allowed, in a '>' block with a citation
    for name in PROPER_NAMES:
        text = re.sub(r"\s+".join(map(re.escape, name.split())), " ", text)
    return re.findall(r"\w+", text.lower())


def _ngrams(words: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not PAPERS.exists(), reason="../shared/sources/ (the papers) is not present")
def test_no_run_of_words_from_the_papers(content):
    """Twelve words in a row from a paper (eight in Russian) is copying, wherever it appears."""
    paper_words = [_words(path.read_text(encoding="utf-8")) for path in PAPERS.glob("*.txt")]
    papers = {n: set().union(*(_ngrams(words, n) for words in paper_words)) for n in (RUN, 8)}
    assert papers[RUN], "the papers could not be read"
    offenders = []
    texts = []
    for lesson in content.lessons:
        for language, file in lesson.files.items():
            meta = " ".join(
                [file.meta.get("title", ""), file.meta.get("summary", "")]
                + list(file.meta.get("objectives") or [])
                + list(file.meta.get("discussion") or [])
            )
            texts.append((f"{lesson.slug}.{language}", language, file.text + "\n" + meta))
    for page in getattr(content, "pages", []):
        for language, file in page.files.items():
            texts.append((f"{page.slug}.{language}", language, file.text))
    for item in content.glossary + content.events + content.places + content.routes:
        for field in ("definition", "summary", "description"):
            for language, text in (item.get(field) or {}).items():
                texts.append((f"{item['key']}.{field}.{language}", language, text))
    for name, language, text in texts:
        n = RUN_BY_LANGUAGE.get(language, RUN)
        shared = _ngrams(_words(text), n) & papers[n]
        if shared:
            offenders.append(f"{name}: {' '.join(sorted(shared)[0])}")
    assert offenders == []


def test_overlap_check_can_fail():
    """The detector itself: a copied 12-word run is found, an 11-word run is not."""
    sentence = "one two three four five six seven eight nine ten eleven twelve"
    assert _ngrams(_words(sentence)) & _ngrams(_words("x " + sentence + " y"))
    assert not _ngrams(_words(" ".join(sentence.split()[:11])))


def test_russian_overlap_uses_eight_words_and_spares_quotations_and_names():
    copied = "С 1999 года казахстанские офицеры проходят обучение в Центре НАТО"
    paper = _ngrams(_words("Известно, что " + copied + " в Анкаре."), 8)
    assert _ngrams(_words(copied), 8) & paper
    assert not _ngrams(_words("> " + copied + "\n> -- [@yilmaz2026]"), 8) & paper
    name = "Высший институт культуры, языка и истории имени Ататюрка"
    assert not _ngrams(_words("Важен " + name + "."), 8) & _ngrams(_words(name + " важен"), 8)


@pytest.mark.django_db
def test_load_course_is_idempotent_and_update_overwrites(client):
    out = io.StringIO()
    call_command("load_course", stdout=out)
    first = out.getvalue()
    assert "lessons: 2" in first or re.search(r"lessons: \d+ created", first)
    from lessons.models import Event, LessonPage

    lessons, events = LessonPage.objects.count(), Event.objects.count()
    assert lessons >= 18 and events >= 45

    lesson = LessonPage.objects.live().first()
    lesson.title_en = "Edited by an instructor"
    lesson.save_revision().publish()

    out = io.StringIO()
    call_command("load_course", stdout=out)
    assert "0 created, 0 updated" in out.getvalue().splitlines()[-1]
    assert LessonPage.objects.count() == lessons
    lesson.refresh_from_db()
    assert lesson.title_en == "Edited by an instructor"  # not overwritten without --update

    out = io.StringIO()
    call_command("load_course", "--update", stdout=out)
    assert re.search(r"lessons: 0 created, \d+ updated", out.getvalue())
    lesson.refresh_from_db()
    assert lesson.title_en != "Edited by an instructor"
    assert LessonPage.objects.count() == lessons and Event.objects.count() == events

    # Every lesson renders in English and Russian with its sources resolved.
    for language in ("en", "ru"):
        page = LessonPage.objects.live().first()
        html = client.get(f"/{language}/{page.get_parent().slug}/{page.slug}/").content.decode()
        assert 'class="sources"' in html
        assert "[@" not in html  # every citation rendered as a link


def _shape(file):
    """What must be identical across languages: block types, visuals and their keys, citations."""
    visuals = [
        (b["type"], b["value"]) for b in file.blocks if b["type"] in ("map", "chart", "timeline")
    ]
    types = [b["type"] for b in file.blocks if b["type"] != "paragraph"]
    return types, visuals, sorted(set(cited_keys(file.text)))


@pytest.mark.parametrize("language", ["ru", "kk", "tr"])
def test_every_language_mirrors_the_english_lessons(content, language):
    for lesson in content.lessons:
        assert language in lesson.files, f"{lesson.slug}: no {language} file"
        file = lesson.files[language]
        assert file.meta.get("title") and file.meta.get("summary"), lesson.slug
        english = lesson.files["en"]
        assert len(file.meta["objectives"]) == len(english.meta["objectives"]), lesson.slug
        assert len(file.meta["discussion"]) == len(english.meta["discussion"]), lesson.slug
        assert _shape(file) == _shape(english), f"{lesson.slug}.{language}"


@pytest.mark.parametrize("language", ["en", "ru", "kk", "tr"])
def test_shared_data_is_translated(content, language):
    missing = []
    for name, items, fields in [
        ("glossary", content.glossary, ("term", "definition")),
        ("events", content.events, ("title", "summary")),
        ("places", content.places, ("name", "description")),
        ("routes", content.routes, ("name", "description")),
        ("series", content.series, ("title", "unit")),
    ]:
        for item in items:
            for field in fields:
                if not (item.get(field) or {}).get(language):
                    missing.append(f"{name}:{item['key']}.{field}")
    for module in content.modules:
        if not module.title.get(language) or not module.intro.get(language):
            missing.append(f"module:{module.slug}")
    if not content.course["title"].get(language):
        missing.append("course.title")
    assert missing == []


def test_kazakh_is_cyrillic_and_turkish_uses_its_letters(content):
    kazakh = " ".join(lesson.files["kk"].text for lesson in content.lessons)
    turkish = " ".join(lesson.files["tr"].text for lesson in content.lessons)
    assert all(letter in kazakh for letter in "әғқңөұүі")
    assert all(letter in turkish for letter in "çğıİöşü")
