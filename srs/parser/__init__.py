"""Markdown interview-question documents → cards.

Public interface (stable; the importer and ``srs import --explain`` use it)::

    doc = parse_markdown(text, vocab=load_vocabulary())
    doc.title       # the H1 title (cleaned), or None
    doc.cards       # list[ParsedCard], in source order
    doc.decisions   # list[Decision]: which lines became cards, which were skipped and why
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Literal

# The shape of the document a card was read from (``srs import --explain`` names it).
Shape = Literal["labelled", "scenario", "prompt", "heading", "bold", "numbered-task", "details", "list-item",
                "table-row", ""]


@dataclass
class ParsedCard:
    """A card as found in a document, before it has a stable id."""

    question: str
    answer: str = ""
    level: str | None = None
    difficulty: str | None = None
    domain: str | None = None
    topic: str = ""
    tags: list[str] = field(default_factory=list)
    line: int = 1  # 1-based line where the question text starts
    shape: Shape = ""
    how: str = ""  # the shape in words, for --explain ("item of a list under 'Basics'")
    why: dict[str, str] = field(default_factory=dict)  # level / difficulty / domain -> where it came from


@dataclass
class Decision:
    """One line of ``srs import --explain``: a card made, or a question-looking line skipped."""

    line: int
    kind: str  # "card" or "skipped"
    text: str
    reason: str


@dataclass
class ParsedDocument:
    title: str | None
    cards: list[ParsedCard]
    explain: Callable[[], list[Decision]] = field(repr=False, default=list)

    @cached_property
    def decisions(self) -> list[Decision]:
        """Line-by-line account for ``--explain`` (computed on first use only)."""
        return self.explain()


def parse_markdown(text: str, *, vocab=None) -> ParsedDocument:
    """Parse one Markdown document into cards (never raises on any text input)."""
    from srs.parser.extract import extract
    from srs.parser.vocab import load_vocabulary

    return extract(text, vocab if vocab is not None else load_vocabulary())
