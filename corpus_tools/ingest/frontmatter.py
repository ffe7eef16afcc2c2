"""YAML front matter at the top of a ``.txt`` file: a ``---`` line, a YAML mapping, a closing ``---`` line."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["split_front_matter", "FrontMatterError"]

_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)")
_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")


class FrontMatterError(ValueError):
    """The front matter cannot be read; ``line`` is the 1-based line in the file."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _plain(value: Any) -> Any:
    # YAML reads ``date: 1930-03-15`` as a date and ``date: 1930`` as an int; metadata values are strings.
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, bool]:
    """Split ``text`` into (metadata, body, closed).

    Returns ``(None, text, True)`` when the text has no front matter, and ``(None, text, False)`` when it opens
    with ``---`` but never closes it (the caller warns and reads the whole file as text). The body is the text
    after the closing line, unchanged.

    Raises
    ------
    FrontMatterError
        The YAML is malformed or is not a mapping (``line`` points into the file).
    """
    opening = _OPEN.match(text)
    if not opening:
        return None, text, True
    pos = opening.end()
    while pos <= len(text):
        fence = _FENCE.match(text, pos)
        if fence:
            break
        newline = text.find("\n", pos)
        if newline < 0:
            return None, text, False
        pos = newline + 1
    else:  # pragma: no cover - loop always breaks or returns
        return None, text, False
    block, body = text[opening.end():pos], text[fence.end():]
    import yaml  # pyyaml: a core dependency, imported where needed

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"malformed YAML front matter: {problem}", line=line) from None
    if data is None:
        return {}, body, True
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"the front matter is a YAML {type(data).__name__}, not a mapping of field: value lines", line=2)
    return {str(key): _plain(value) for key, value in data.items()}, body, True
