"""In-text citations: ``[@key]``, ``[@key, p. 3]`` and ``[@a; @b, pp. 2-4]``.

Pure text functions, used by the template filter (rendering) and by the loader and tests
(checking that every citation resolves to a bibliography entry).
"""

import re

CITATION_RE = re.compile(r"\[(@[^\[\]]+)\]")
KEY_RE = re.compile(r"@([A-Za-z0-9][A-Za-z0-9_-]*)\s*(?:,\s*([^;]+))?")


def parse_citation(inner: str) -> list[tuple[str, str]]:
    """``"@a, p. 3; @b"`` -> ``[("a", "p. 3"), ("b", "")]``."""
    parts = []
    for chunk in inner.split(";"):
        match = KEY_RE.match(chunk.strip())
        if match:
            parts.append((match.group(1), (match.group(2) or "").strip()))
    return parts


def cited_keys(text: str) -> list[str]:
    """Every bibliography key cited in ``text``, in order of first appearance, without repeats."""
    keys: list[str] = []
    for match in CITATION_RE.finditer(text or ""):
        for key, _locator in parse_citation(match.group(1)):
            if key not in keys:
                keys.append(key)
    return keys
