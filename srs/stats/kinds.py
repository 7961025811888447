"""The kinds of grade in the review log, and which of them each statistic counts."""

from __future__ import annotations

from typing import Iterable, Literal

ReviewKind = Literal["new", "review", "repeat"]
"""``new``: a card's first grade; ``review``: a scheduled review of a card seen before; ``repeat``: SM-2's
step 7, a card graded below 4 seen again the same day (logged, schedule unchanged)."""

KINDS: tuple[ReviewKind, ...] = ("new", "review", "repeat")
RETENTION_KINDS: tuple[str, ...] = ("review",)
"""What retention measures: recall at a scheduled review. First grades and same-day repeats are not recall
after an interval, and a kind a later srs adds (say a cram session's) is not counted unless named here."""

LABELS = {"new": "new", "review": "review", "repeat": "again (step 7)"}


def ordered(kinds: Iterable[str]) -> list[str]:
    """Kinds in the order they are shown: the known ones first, any other (a later srs's) after, by name."""
    found = set(kinds)
    return [k for k in KINDS if k in found] + sorted(found - set(KINDS))


def label(kind: str) -> str:
    """How a kind is named on screen: a kind this srs does not know by its own name."""
    return LABELS.get(kind, kind)
