"""A card as an Anki note: its fields, tags, GUID and the deck it goes in."""

from __future__ import annotations

import hashlib
import os
import re
import html
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Callable

import genanki
import genanki.util

from srs.anki_decks import subdeck
from srs.catalog import DeckCard
from srs.control_chars import strip_controls
from srs.export.ledger import content_hash
from srs.export.media import Media
from srs.export.render import Rendered, render_markdown


@dataclass(frozen=True)
class NoteSpec:
    """Everything the package writer needs for one card."""

    card_id: str
    guid: str
    deck: str  # full Anki deck name, "Root::Sub"
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    media: tuple[Media, ...]
    warnings: tuple[str, ...] = ()  # "file:line: image 'x' is outside the source folder", …
    # Derived from the above, computed where the note is built (a render worker, on a large export) so the
    # parent's serial part does less; empty / -1 when not given (the package writer then computes them).
    digest: str = field(default="", compare=False)  # ledger.content_hash(fields, tags)
    sort_field: str = field(default="", compare=False)
    checksum: int = field(default=-1, compare=False)


_TAG_RE = re.compile(r"<[^>]*>")


def sort_field(field_html: str) -> str:
    """Anki's sort field: the first field's text without tags and entities."""
    return html.unescape(_TAG_RE.sub(" ", field_html)).strip()


def field_checksum(sort_text: str) -> int:
    """Anki's ``csum``: the first 8 hex digits of the sort field's SHA-1."""
    return int(hashlib.sha1(sort_text.encode("utf-8")).hexdigest()[:8], 16)


_BASE91 = "".join(genanki.util.BASE91_TABLE)
_PAIRS = [a + b for a in _BASE91 for b in _BASE91]  # two base-91 digits at a time


def note_guid(card_id: str) -> str:
    """The note GUID: a hash of the stable card id only, never of the content.

    Same value as ``genanki.guid_for("srs", card_id)`` (first 8 bytes of a SHA-256, in Anki's base 91),
    computed without genanki's per-call overhead.
    """
    n = int.from_bytes(hashlib.sha256(f"srs__{card_id}".encode("utf-8")).digest()[:8], "big")
    pairs = []
    while n > 0:
        n, r = divmod(n, 8281)
        pairs.append(_PAIRS[r])
    digits = "".join(reversed(pairs))
    return digits[1:] if digits[:1] == _BASE91[0] else digits  # no leading zero digit, as one at a time


_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[<>&\"']")


@lru_cache(maxsize=4096)
def safe_tag(tag: str) -> str:
    """An Anki tag: no whitespace (→ ``_``), none of ``<>&"'``, no control character, ``::`` hierarchy kept,
    no empty parts."""
    tag = _UNSAFE.sub("", _SPACES.sub("_", strip_controls(tag).strip()))
    parts = [p.strip("_") for p in tag.split("::")]
    return "::".join(p for p in parts if p)


def note_tags(item: DeckCard) -> tuple[str, ...]:
    card = item.card
    tags = []  # level, domain and difficulty are slugs by validation: already safe
    if card.level:
        tags.append(f"level::{card.level}")
    if card.domain:
        tags.append(f"domain::{card.domain}")
    if card.difficulty:
        tags.append(f"difficulty::{card.difficulty}")
    tags.append(safe_tag(f"source::{item.deck}"))
    tags.extend(safe_tag(t) for t in card.tags)
    unique: dict[str, str] = {}  # Anki tags are case-insensitive: keep the first spelling
    for t in tags:
        if t:
            unique.setdefault(t.casefold(), t)
    return tuple(unique.values())


def subdeck_name(item: DeckCard, key: str) -> str:
    """The ``Root::Sub`` deck of a card. ``key`` is ``level`` (default) or ``domain``; a card without
    a value for the key sits in the root deck itself."""
    return subdeck(item.deck, key, item.card.level, item.card.domain)


def source_label(item: DeckCard) -> str:
    src = item.card.source
    return f"{src.file}:{src.line}" if src else item.deck_file.name


def source_location(item: DeckCard) -> str:
    """Where a card comes from, as a user finds it from here: ``notes/guide.md:12`` (else the deck file)."""
    src = item.card.source
    if src is None:
        return str(item.deck_file)
    return f"{os.path.normpath(item.deck_file.parent / src.file)}:{src.line}"


def image_base(item: DeckCard) -> Path:
    """Relative image paths in a card are relative to its source file (itself relative to the deck file),
    and may not leave that file's folder (:mod:`srs.export.media`)."""
    src = item.card.source
    return _source_dir(item.deck_file, src.file if src else None)


@lru_cache(maxsize=1024)
def _source_dir(deck_file: Path, source_file: str | None) -> Path:
    return (deck_file.parent / source_file).parent if source_file else deck_file.parent


Renderer = Callable[[str, Path], Rendered]


def build_note(item: DeckCard, subdeck_key: str = "level", render: Renderer = render_markdown) -> NoteSpec:
    card = item.card
    base = image_base(item)
    question = render(card.question, base)
    answer = render(card.answer, base)
    fields = (
        question.html,
        answer.html,
        card.level or "",
        card.domain or "",
        card.difficulty or "",
        escape(strip_controls(card.topic).strip(), quote=False),
        escape(strip_controls(source_label(item)), quote=False),
        card.id,
    )
    tags = note_tags(item)
    sfld = sort_field(question.html)
    return NoteSpec(
        card_id=card.id,
        guid=note_guid(card.id),
        deck=subdeck_name(item, subdeck_key),
        fields=fields,
        tags=tags,
        media=question.media + answer.media,
        warnings=tuple(f"{source_location(item)}: {p}" for p in question.problems + answer.problems),
        digest=content_hash(fields, tags),
        sort_field=sfld,
        checksum=field_checksum(sfld),
    )
