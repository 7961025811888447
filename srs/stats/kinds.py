"""The kinds of grade in the review log, and which of them each statistic counts."""

from __future__ import annotations

from typing import Iterable

from srs.store import Kind as ReviewKind

KINDS: tuple[ReviewKind, ...] = ("new", "review", "repeat", "cram")
RETENTION_KINDS: tuple[ReviewKind, ...] = ("review",)
"""What retention measures: recall at a scheduled review. First grades, same-day repeats and cram grades are
not recall after an interval the schedule chose, and a kind a later srs adds is not counted unless named here."""
CRAM: ReviewKind = "cram"
"""Cram grades have their own line (:mod:`srs.stats.report`) and their own part of the time per day; like
every grade they count for the calendar and the streak."""

LABELS = {"new": "new", "review": "review", "repeat": "again (step 7)", "cram": "cram"}


def ordered(kinds: Iterable[str]) -> list[str]:
    """Kinds in the order they are shown: the known ones first, any other (a later srs's) after, by name."""
    found = set(kinds)
    return [k for k in KINDS if k in found] + sorted(found - set(KINDS))


def label(kind: str) -> str:
    """How a kind is named on screen: a kind this srs does not know by its own name."""
    return LABELS.get(kind, kind)
