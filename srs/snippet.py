"""A card's text as one short line, for a list or a message: its first line, without Markdown's marks."""

from __future__ import annotations

import re

from srs.control_chars import visible

_MARKS = re.compile(r"\*+|`+|__")


def one_line(text: str, width: int = 40) -> str:
    """The first non-blank line of ``text`` without emphasis, code or heading marks, control characters shown as
    symbols, cut to ``width`` characters (with …)."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(visible(_MARKS.sub("", line).lstrip("#> ")).split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
