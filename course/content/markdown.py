"""Lesson files (Markdown with a YAML front matter) -> plain StreamField block data.

Pure: no database. Visual directives keep their keys (``places=["almaty"]``); the loader resolves
them to database ids. The syntax is documented in content/README.md.
"""

import shlex
from dataclasses import dataclass, field

import markdown as md
import yaml

VISUAL_DIRECTIVES = {"timeline", "map", "chart"}


class ContentError(ValueError):
    """A content file that cannot be loaded; the message names the file and the line."""


@dataclass
class LessonFile:
    meta: dict
    blocks: list[dict] = field(default_factory=list)
    text: str = ""  # the Markdown body, for checks (citations, overlap with the papers)


def split_front_matter(text: str, where: str) -> tuple[dict, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError(f"{where}: the file must start with a '---' front matter line")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentError(f"{where}: the front matter has no closing '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{where}: front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise ContentError(f"{where}: front matter must be a mapping")
    return meta, "\n".join(lines[end + 1 :]), end + 2


def inline_html(text: str) -> str:
    """Markdown (paragraphs, lists, emphasis, links) -> HTML for a rich text block."""
    return md.markdown(text.strip(), output_format="html")


def parse_directive(line: str, where: str) -> dict:
    """``::: map places=a,b routes=c title="A title"`` -> {"type": "map", "places": [...], ...}."""
    try:
        words = shlex.split(line.strip()[3:])
    except ValueError as exc:
        raise ContentError(f"{where}: cannot read the directive: {exc}") from None
    if not words:
        raise ContentError(f"{where}: empty directive")
    kind, args = words[0], {}
    for word in words[1:]:
        if "=" not in word:
            raise ContentError(f"{where}: expected name=value in the directive, found {word!r}")
        name, value = word.split("=", 1)
        args[name] = value
    return {"type": kind, **args}


def _csv(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _int(value: str | None, where: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ContentError(f"{where}: {value!r} is not a year") from None


def visual_block(directive: dict, where: str) -> dict:
    """A visual directive -> block data with keys still unresolved."""
    kind = directive["type"]
    title = directive.get("title", "")
    if kind == "timeline":
        value = {
            "title": title,
            "events": _csv(directive.get("events")),
            "categories": _csv(directive.get("categories")),
            "start_year": _int(directive.get("from"), where),
            "end_year": _int(directive.get("to"), where),
        }
    elif kind == "map":
        value = {
            "title": title,
            "places": _csv(directive.get("places")),
            "routes": _csv(directive.get("routes")),
        }
        if not value["places"] and not value["routes"]:
            raise ContentError(f"{where}: a map needs places= or routes=")
    elif kind == "chart":
        value = {
            "title": title,
            "series": _csv(directive.get("series")),
            "kind": directive.get("kind", "bar"),
        }
        if not value["series"]:
            raise ContentError(f"{where}: a chart needs series=")
        if value["kind"] not in ("bar", "line"):
            raise ContentError(f"{where}: chart kind must be bar or line")
    else:
        raise ContentError(f"{where}: unknown directive {kind!r}")
    return {"type": kind, "value": value}


def body_blocks(body: str, where: str, first_line: int = 1) -> list[dict]:
    """Split a Markdown body into StreamField blocks (see content/README.md for the syntax)."""
    blocks: list[dict] = []
    text: list[str] = []

    def flush_text():
        chunk = "\n".join(text).strip()
        text.clear()
        if chunk:
            html = inline_html(chunk)
            if blocks and blocks[-1]["type"] == "paragraph":
                blocks[-1]["value"] += html
            else:
                blocks.append({"type": "paragraph", "value": html})

    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        here = f"{where}:{first_line + i}"
        if stripped.startswith("## ") or stripped.startswith("### "):
            flush_text()
            level = "h3" if stripped.startswith("### ") else "h2"
            blocks.append(
                {"type": "heading", "value": {"text": stripped.lstrip("#").strip(), "level": level}}
            )
        elif stripped.startswith("#"):
            raise ContentError(
                f"{here}: only ## and ### headings are allowed (the title is the h1)"
            )
        elif stripped.startswith(">"):
            flush_text()
            quote = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                quote.append(lines[i].strip()[1:].strip())
                i += 1
            i -= 1
            citation = ""
            if quote and quote[-1].startswith(("--", "—")):
                citation = quote.pop().lstrip("-—").strip()
            if not citation:
                raise ContentError(f"{here}: a quotation needs a citation line '> -- [@key]'")
            blocks.append(
                {"type": "quote", "value": {"text": "\n".join(quote).strip(), "citation": citation}}
            )
        elif stripped.startswith(":::"):
            flush_text()
            words = stripped[3:].split(None, 1)
            if words and words[0] == "note":
                title = words[1].strip() if len(words) > 1 else ""
                inner = []
                i += 1
                while i < len(lines) and lines[i].strip() != ":::":
                    inner.append(lines[i])
                    i += 1
                if i >= len(lines):
                    raise ContentError(f"{here}: the note is not closed by a ':::' line")
                body_html = inline_html("\n".join(inner))
                blocks.append({"type": "note", "value": {"title": title, "body": body_html}})
            else:
                directive = parse_directive(stripped, here)
                if directive["type"] not in VISUAL_DIRECTIVES:
                    raise ContentError(f"{here}: unknown directive {directive['type']!r}")
                blocks.append(visual_block(directive, here))
        else:
            text.append(line)
        i += 1
    flush_text()
    return blocks


def read_lesson(text: str, where: str, required=("title", "objectives")) -> LessonFile:
    """Parse one lesson file (or a course reading: ``required=("title",)``) into its parts."""
    meta, body, first_line = split_front_matter(text, where)
    for name in required:
        if not meta.get(name):
            raise ContentError(f"{where}: the front matter needs {name!r}")
    return LessonFile(meta=meta, blocks=body_blocks(body, where, first_line), text=body)
