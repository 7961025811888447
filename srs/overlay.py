"""The overlay: question and answer text written apart from the source documents, keyed by card id.

A card's text comes from its deck file, which ``srs import`` makes from a source document. The overlay
replaces a card's question or answer where someone wrote better text, and touches neither the document
nor the deck file, so a re-import (which keeps card ids) keeps it. It is a stack of layers, each a
YAML file of the same format:

* ``decks`` layers: ``<decks folder>/overlay/*.yaml``, text that comes with a decks folder (the answers
  shipped with the bundled decks);
* the ``user`` layer on top: ``overlay.yaml`` in the user data dir (``SRS_OVERLAY`` names another
  file), written by ``srs edit``.

For each card and each field (question, answer) the topmost layer that has it wins; a field no layer
has comes from the source. So an answer the user writes wins over a shipped one. :meth:`Overlay.text`
is the one function through which every command (review, list, export, show, edit) reads a card's
text; :meth:`Overlay.apply` carries its result on the card. The format::

    # srs overlay: card text by card id (srs edit writes this file)
    version: 1
    cards:
      7kq2m4xv9c:                 # a card id
        answer: |-                # Markdown; either field may be left out
          Consistent hashing …
        edited: '2026-05-10T08:00:00+00:00'
      k2m4xv9c7q:
        question: Design a distributed cache (read-heavy)

A file that breaks the format is one ``file:line: problem`` error (exit 2), like a deck file.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar

from srs.errors import DeckFileError

Origin = Literal["source", "decks", "user"]
"""Where a card's question or answer comes from: its source document, a decks folder's overlay, the user."""
FIELDS = ("question", "answer")
FORMAT_VERSION = 1
USER_FILE = "overlay.yaml"
HEADER = ("# srs overlay: card text by card id, written by `srs edit` (the source documents are never changed).\n"
          "# Each field given here replaces the source's; delete an entry to go back to the source.\n")


@dataclass(frozen=True)
class Edit:
    """One card's entry in a layer: the fields it replaces (None: not replaced) and when it was written."""

    question: str | None = None
    answer: str | None = None
    edited: str | None = None


@dataclass(frozen=True)
class Layer:
    origin: Origin
    path: Path
    edits: dict[str, Edit] = field(default_factory=dict)


@dataclass(frozen=True)
class CardText:
    """What a card says once the overlay is applied, and where each part comes from."""

    question: str
    answer: str
    question_from: Origin = "source"
    answer_from: Origin = "source"

    @property
    def has_answer(self) -> bool:
        return bool(self.answer.strip())


C = TypeVar("C")


class Overlay:
    """The layers, lowest first (the user layer, if any, last)."""

    def __init__(self, layers: list[Layer] | tuple[Layer, ...] = ()):
        self.layers = tuple(layers)
        self._ids = frozenset(card_id for layer in self.layers for card_id in layer.edits)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def text(self, card, *, below: Origin | None = None) -> CardText:
        """The card's question and answer with the overlay applied (``below="user"``: without the user layer,
        what the user's text is compared with)."""
        question, answer = card.question, card.answer
        q_from: Origin = "source"
        a_from: Origin = "source"
        if card.id in self._ids:
            for layer in self.layers:
                if layer.origin == below:
                    break
                edit = layer.edits.get(card.id)
                if edit is None:
                    continue
                if edit.question is not None:
                    question, q_from = edit.question, layer.origin
                if edit.answer is not None:
                    answer, a_from = edit.answer, layer.origin
        return CardText(question, answer, q_from, a_from)

    def apply(self, card: C) -> C:
        """``card`` (a :class:`srs.card.Card` or a :class:`srs.store.CardRow`) with :meth:`text`'s question and
        answer; the card itself when the overlay has nothing for it."""
        if card.id not in self._ids:  # type: ignore[attr-defined]
            return card
        t = self.text(card)
        if hasattr(card, "model_copy"):
            return card.model_copy(update={"question": t.question, "answer": t.answer})  # type: ignore[attr-defined]
        return dataclasses.replace(card, question=t.question, answer=t.answer)  # type: ignore[type-var]

    def user_layer(self) -> Layer | None:
        return next((layer for layer in self.layers if layer.origin == "user"), None)


def user_path() -> Path:
    """``$SRS_OVERLAY``, else ``overlay.yaml`` in the user data dir."""
    env = os.environ.get("SRS_OVERLAY")
    if env:
        return Path(env)
    from srs.paths import data_dir

    return data_dir() / USER_FILE


def load_overlay(decks_dir: Path | None = None) -> Overlay:
    """The decks folder's overlay layers (``overlay/*.yaml``, in name order) and the user's on top. Files
    that do not exist are no layer; nothing is imported or parsed when there is none."""
    layers: list[Layer] = []
    folder = decks_dir / "overlay" if decks_dir is not None else None
    if folder is not None and folder.is_dir():
        layers += [read_layer("decks", p) for p in sorted(folder.glob("*.yaml")) if p.is_file()]
    mine = user_path()
    if mine.is_file():
        layers.append(read_layer("user", mine))
    return Overlay(layers)


def read_layer(origin: Origin, path: Path) -> Layer:
    """One overlay file, checked; a problem is a ``file:line`` :class:`DeckFileError`."""
    from srs import deck_yaml

    return Layer(origin, path, parse_layer(deck_yaml.read_text(path, "the overlay file"), path))


def parse_layer(text: str, path: Path) -> dict[str, Edit]:
    import yaml

    from srs import deck_yaml

    try:
        data = deck_yaml.load_fast(text)
    except yaml.YAMLError:  # read again by the pure-Python loader, which knows the line
        try:
            deck_yaml.load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise DeckFileError(f"invalid YAML: {exc.problem or exc}", path, mark.line + 1 if mark else None) from None
        except yaml.YAMLError as exc:
            raise DeckFileError(f"invalid YAML: {exc}", path) from None
        raise DeckFileError("invalid YAML", path) from None
    if data is None:
        return {}
    problem = _problem(data)
    if problem is not None:
        message, keys = problem
        raise DeckFileError(message, path, _line(text, keys))
    return {str(card_id): Edit(**entry) for card_id, entry in (data.get("cards") or {}).items()}


def _problem(data) -> tuple[str, tuple] | None:
    """What is wrong with an overlay file's data, and the keys that lead to it; None when nothing is."""
    if not isinstance(data, dict):
        return "an overlay file is a mapping with 'version' and 'cards'", ()
    for key in data:
        if key not in ("version", "cards"):
            return f"unknown key {key!r} (an overlay file has 'version' and 'cards')", (key,)
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        return f"overlay format version {data['version']!r} is not one this srs reads ({FORMAT_VERSION})", ("version",)
    cards = data.get("cards") or {}
    if not isinstance(cards, dict):
        return "'cards' maps card ids to their text", ("cards",)
    for card_id, entry in cards.items():
        if not isinstance(card_id, str) or not card_id:
            return f"a card id is text, got {card_id!r}", ("cards", card_id)
        if not isinstance(entry, dict):
            return f"card {card_id}: give 'question' and/or 'answer'", ("cards", card_id)
        for key, value in entry.items():
            if key not in (*FIELDS, "edited"):
                return f"card {card_id}: unknown key {key!r} (known: question, answer, edited)", ("cards", card_id, key)
            if not isinstance(value, str):
                return f"card {card_id}: {key} must be text", ("cards", card_id, key)
        if "question" in entry and not entry["question"].strip():
            return f"card {card_id}: the question is empty", ("cards", card_id, "question")
    return None


def _line(text: str, keys: tuple) -> int | None:
    """The line of the node that ``keys`` lead to (the deepest one found)."""
    import yaml

    from srs import deck_yaml

    try:
        node = deck_yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        found = None
        if isinstance(node, yaml.MappingNode):
            found = next((v if key != keys[-1] else k for k, v in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == str(key)), None)
        if found is None:
            break
        node, line = found, found.start_mark.line + 1
    return line


def write_user_edit(card_id: str, question: str | None, answer: str | None, edited: str) -> Path:
    """Set (or, with both None, remove) the user's entry for a card, all or nothing (temp file, rename).
    Other entries stay as they are. Returns the file's path."""
    from srs.batch_write import write_files
    from srs.deck_writer import dump_blocks

    path = user_path()
    edits = dict(read_layer("user", path).edits) if path.is_file() else {}
    if question is None and answer is None:
        edits.pop(card_id, None)
    else:
        edits[card_id] = Edit(question, answer, edited)
    cards = {cid: {k: v for k, v in dataclasses.asdict(e).items() if v is not None} for cid, e in edits.items()}
    write_files(path.parent, {path.name: HEADER + dump_blocks({"version": FORMAT_VERSION, "cards": cards})})
    return path
