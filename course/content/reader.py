"""Read the content folder into plain Python data, checking it as it goes. No database.

The shapes are documented in content/README.md. Every problem is reported with the file it is in;
``read_course`` collects them all before raising, so one run lists every mistake.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lessons.citations import cited_keys

from .markdown import ContentError, LessonFile, read_lesson

LANGUAGES = ("en", "ru", "kk", "tr")
REQUIRED_LANGUAGES = ("en", "ru")


@dataclass
class Lesson:
    slug: str
    module: str
    order: int
    files: dict[str, LessonFile] = field(default_factory=dict)  # language -> file

    @property
    def meta(self) -> dict:
        return self.files["en"].meta


@dataclass
class Module:
    folder: str
    slug: str
    title: dict
    intro: dict
    lessons: list[Lesson] = field(default_factory=list)


@dataclass
class CourseContent:
    root: Path
    course: dict
    modules: list[Module]
    sources: list[dict]
    glossary: list[dict]
    places: list[dict]
    routes: list[dict]
    events: list[dict]
    series: list[dict]
    questions: list[dict]  # each with its "category" dict
    quizzes: list[dict]
    pages: list[Lesson] = field(default_factory=list)  # course readings (content/pages/)
    syllabus: dict = field(default_factory=dict)  # content/syllabus.yaml, empty if absent

    @property
    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules for lesson in module.lessons]


def load_yaml(path: Path, default=None):
    if not path.exists():
        if default is not None:
            return default
        raise ContentError(f"{path}: missing")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML: {exc}") from None


def overlay(path: Path, data, key: str = "key"):
    """Merge the per-language overlay files ``<name>.<lang>.yaml`` beside ``path`` into ``data``.

    Translators of a language own their overlay files, so two languages never edit one file. For a
    mapping file (course.yaml, module.yaml) an overlay maps field -> text; for a list of keyed items
    it maps key -> {field: text}; a series' point labels go under ``point_labels: {year: text}``.
    """
    for language in LANGUAGES:
        extra_path = path.with_name(f"{path.stem}.{language}.yaml")
        if not extra_path.exists():
            continue
        extra = load_yaml(extra_path) or {}
        if isinstance(data, dict):
            _merge_fields(data, extra, language)
        else:
            items = {item.get(key): item for item in data if isinstance(item, dict)}
            for name, fields in extra.items():
                if name not in items:
                    raise ContentError(f"{extra_path}: unknown key {name!r}")
                _merge_fields(items[name], fields or {}, language)
    return data


def _merge_fields(target: dict, fields: dict, language: str) -> None:
    for name, text in fields.items():
        if name == "point_labels":
            for point in target.get("points") or []:
                label = text.get(point["year"]) or text.get(str(point["year"]))
                if label:
                    point.setdefault("label", {})[language] = label
        elif isinstance(text, list):
            current = target.get(name)
            if isinstance(current, list) and all(isinstance(x, dict) for x in current):
                for item, value in zip(current, text, strict=False):
                    if isinstance(value, str) and set(item) <= set(LANGUAGES):
                        item[language] = value  # the item is itself a translated text
                    elif isinstance(value, dict):
                        _merge_fields(item, value, language)
            elif isinstance(current, dict):
                current[language] = text  # e.g. short answers per language
        elif isinstance(text, str):
            current = target.get(name)
            if isinstance(current, dict):
                current[language] = text
            elif current is None:
                target[name] = {language: text}


def check_translated(value, where: str, required=REQUIRED_LANGUAGES, optional=False) -> dict:
    """A translated value: {language: text}; required languages must be non-empty."""
    if value is None and optional:
        return {}
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a mapping of language to text, got {value!r}")
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise ContentError(f"{where}: unknown language(s) {sorted(unknown)}")
    for language in required:
        if not (isinstance(value.get(language), str) and value[language].strip()):
            raise ContentError(f"{where}: the {language!r} text is missing")
    return {language: str(text).strip() for language, text in value.items() if text}


def read_module(root: Path, folder: str, errors: list[str]) -> Module | None:
    path = root / "modules" / folder
    where = path / "module.yaml"
    try:
        data = overlay(where, load_yaml(where))
        module = Module(
            folder=folder,
            slug=data["slug"],
            title=check_translated(data.get("title"), f"{where}: title"),
            intro=check_translated(data.get("intro"), f"{where}: intro"),
        )
    except (ContentError, KeyError, TypeError) as exc:
        errors.append(str(exc) if isinstance(exc, ContentError) else f"{where}: {exc!r}")
        return None
    for order, slug in enumerate(data.get("lessons") or []):
        lesson = read_files(Lesson(slug=slug, module=module.slug, order=order), path, errors)
        if "en" in lesson.files:
            module.lessons.append(lesson)
    return module


def read_files(lesson: Lesson, folder: Path, errors: list[str], required=("title", "objectives")):
    """Read ``<slug>.<language>.md`` for every language into ``lesson.files``."""
    for language in LANGUAGES:
        file = folder / f"{lesson.slug}.{language}.md"
        if not file.exists():
            if language in REQUIRED_LANGUAGES:
                errors.append(f"{file}: missing")
            continue
        try:
            text = file.read_text(encoding="utf-8")
            lesson.files[language] = read_lesson(text, str(file), required)
        except ContentError as exc:
            errors.append(str(exc))
    return lesson


def read_pages(root: Path, slugs: list[str], errors: list[str]) -> list[Lesson]:
    """The course readings listed in course.yaml under ``pages`` (files in ``content/pages/``)."""
    pages = []
    for order, slug in enumerate(slugs):
        page = Lesson(slug=slug, module="", order=order)
        read_files(page, root / "pages", errors, required=("title",))
        if "en" in page.files:
            pages.append(page)
    return pages


def keyed(path: Path) -> list[dict]:
    """A list of keyed items with its language overlays merged in."""
    return overlay(path, load_yaml(path, default=[]) or [])


def read_course(root: Path) -> CourseContent:
    """Read and check the whole content folder; raise one ContentError listing every problem."""
    root = Path(root)
    errors: list[str] = []
    course = overlay(root / "course.yaml", load_yaml(root / "course.yaml"))
    try:
        check_translated(course.get("title"), "course.yaml: title")
    except ContentError as exc:
        errors.append(str(exc))
    modules = []
    for folder in course.get("modules") or []:
        module = read_module(root, folder, errors)
        if module is not None:
            modules.append(module)

    glossary: list[dict] = []
    for module in modules:
        path = root / "modules" / module.folder / "glossary.yaml"
        for term in overlay(path, load_yaml(path, default=[]) or []):
            term["_file"] = f"modules/{module.folder}/glossary.yaml"
            glossary.append(term)

    questions: list[dict] = []
    question_dir = root / "quizzes" / "questions"
    for path in sorted(question_dir.glob("*.yaml")) if question_dir.exists() else []:
        if path.stem.count(".") or not path.is_file():
            continue  # an overlay (NN-module.kk.yaml), merged below
        data = load_yaml(path) or {}
        # The category's title travels in the overlay as a pseudo-question "_category".
        category = data.get("category") or {}
        questions_and_category = [*(data.get("questions") or []), {**category, "key": "_category"}]
        overlay(path, questions_and_category)
        category.update({k: v for k, v in questions_and_category.pop().items() if k != "key"})
        data["questions"] = questions_and_category
        for question in data.get("questions") or []:
            question["category"] = category
            question["_file"] = str(path.relative_to(root))
            questions.append(question)

    content = CourseContent(
        root=root,
        course=course,
        modules=modules,
        sources=keyed(root / "bibliography.yaml"),
        glossary=glossary,
        places=keyed(root / "visuals" / "places.yaml"),
        routes=keyed(root / "visuals" / "routes.yaml"),
        events=keyed(root / "visuals" / "events.yaml"),
        series=keyed(root / "visuals" / "series.yaml"),
        questions=questions,
        quizzes=overlay(
            root / "quizzes" / "quizzes.yaml",
            load_yaml(root / "quizzes" / "quizzes.yaml", default=[]) or [],
            key="slug",
        ),
    )
    content.pages = read_pages(root, course.get("pages") or [], errors)
    if (root / "syllabus.yaml").exists():
        content.syllabus = overlay(root / "syllabus.yaml", load_yaml(root / "syllabus.yaml") or {})
    errors += check_references(content)
    if errors:
        raise ContentError("\n".join(errors))
    return content


def _duplicates(keys: list[str]) -> set[str]:
    seen, dupes = set(), set()
    for key in keys:
        (dupes if key in seen else seen).add(key)
    return dupes


def check_references(content: CourseContent) -> list[str]:
    """Every key used somewhere exists where it should; no key is defined twice."""
    errors = []
    collections = {
        "bibliography.yaml": content.sources,
        "glossary": content.glossary,
        "visuals/places.yaml": content.places,
        "visuals/routes.yaml": content.routes,
        "visuals/events.yaml": content.events,
        "visuals/series.yaml": content.series,
        "quizzes/questions": content.questions,
    }
    for name, items in collections.items():
        for key in _duplicates([item.get("key") for item in items]):
            errors.append(f"{name}: the key {key!r} is defined twice")
    for key in _duplicates([lesson.slug for lesson in content.lessons]):
        errors.append(f"modules: the lesson slug {key!r} is used twice")

    sources = {item["key"] for item in content.sources}
    terms = {item["key"] for item in content.glossary}
    places = {item["key"] for item in content.places}
    routes = {item["key"] for item in content.routes}
    events = {item["key"] for item in content.events}
    series = {item["key"] for item in content.series}
    lessons = {lesson.slug for lesson in content.lessons}

    def missing(used, known, where, what):
        for key in used:
            if key not in known:
                errors.append(f"{where}: unknown {what} {key!r}")

    for lesson in content.lessons + content.pages:
        meta = lesson.meta
        folder = f"modules/{lesson.module}" if lesson.module else "pages"
        where = f"{folder}/{lesson.slug}.en.md"
        missing(meta.get("sources") or [], sources, where, "source")
        missing(meta.get("key_terms") or [], terms, where, "glossary term")
        for language, file in lesson.files.items():
            where = f"{folder}/{lesson.slug}.{language}.md"
            missing(cited_keys(file.text), sources, where, "cited source")
            for block in file.blocks:
                value = block["value"]
                if block["type"] == "map":
                    missing(value["places"], places, where, "place")
                    missing(value["routes"], routes, where, "route")
                elif block["type"] == "timeline":
                    missing(value["events"], events, where, "event")
                elif block["type"] == "chart":
                    missing(value["series"], series, where, "series")
    for route in content.routes:
        missing(route.get("points") or [], places, f"routes.yaml:{route.get('key')}", "place")
    for event in content.events:
        where = f"events.yaml:{event.get('key')}"
        missing(event.get("places") or [], places, where, "place")
        missing(event.get("lessons") or [], lessons, where, "lesson")
        missing(event.get("sources") or [], sources, where, "source")
    for item in content.series:
        if item.get("source"):
            missing([item["source"]], sources, f"series.yaml:{item.get('key')}", "source")
    errors += check_syllabus(content)
    for question in content.questions:
        where = f"{question.get('_file')}:{question.get('key')}"
        if question.get("lesson"):
            missing([question["lesson"]], lessons, where, "lesson")
        if question.get("place"):
            missing([question["place"]], places, where, "place")
    return errors


def check_syllabus(content: CourseContent) -> list[str]:
    """The syllabus names existing quizzes, modules and questions; its weights add up to 100."""
    syllabus = content.syllabus
    if not syllabus:
        return []
    errors = []
    where = "syllabus.yaml"
    try:
        check_translated(syllabus.get("title"), f"{where}: title")
    except ContentError as exc:
        errors.append(str(exc))
    weights = syllabus.get("weights") or {}
    if sum(int(weights.get(k) or 0) for k in ("quizzes", "essay", "final")) != 100:
        errors.append(f"{where}: weights of quizzes, essay and final must add up to 100")
    quizzes = {quiz.get("slug") for quiz in content.quizzes}
    modules = {module.slug for module in content.modules}
    questions = {question.get("key") for question in content.questions}
    for number, week in enumerate(syllabus.get("weeks") or [], start=1):
        if week.get("quiz") and week["quiz"] not in quizzes:
            errors.append(f"{where}: week {number}: unknown quiz {week['quiz']!r}")
    for slug in syllabus.get("essay_quizzes") or []:
        if slug not in quizzes:
            errors.append(f"{where}: essay_quizzes: unknown quiz {slug!r}")
    for slug in syllabus.get("workload") or {}:
        if slug not in modules:
            errors.append(f"{where}: workload: unknown module {slug!r}")
    for outcome in syllabus.get("outcomes") or []:
        code = outcome.get("code")
        errors += [
            f"{where}: {code}: unknown module {m!r}"
            for m in outcome.get("modules") or []
            if m not in modules
        ]
        errors += [
            f"{where}: {code}: unknown question {q!r}"
            for q in outcome.get("questions") or []
            if q not in questions
        ]
    return errors
