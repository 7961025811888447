"""Deck files: YAML with a deck name, description, optional source, and cards.

Loading keeps YAML line numbers so every error names ``file:line``; saving is
deterministic so re-importing unchanged input leaves the file byte-identical.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from srs import deck_yaml
from srs.batch_write import write_files
from srs.card import Card
from srs.deck_reader import read_own_format
from srs.deck_writer import emit
from srs.errors import DeckFileError


class Deck(BaseModel):
    """A named collection of cards, usually generated from one source document."""

    model_config = ConfigDict(extra="forbid")

    deck: str = Field(min_length=1)
    description: str = ""
    source: str | None = None
    cards: list[Card] = Field(default_factory=list)

    @property
    def name(self) -> str:
        return self.deck


def _node_line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _mapping_get(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _locate(root: yaml.Node, loc: tuple[Any, ...]) -> int | None:
    """The line of the YAML node a pydantic error location points at."""
    node: yaml.Node | None = root
    best = _node_line(root)
    for part in loc:
        if node is None:
            break
        if isinstance(part, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[part] if part < len(node.value) else None
        elif isinstance(part, str):
            node = _mapping_get(node, part)
        else:
            continue
        if node is not None:
            best = _node_line(node)
    return best


def _describe(err: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"]
    return f"{loc}: {msg}" if loc else msg


def parse_deck_text(text: str, path: str | Path, *, require_ids: bool = True) -> Deck:
    """Parse and validate deck YAML. Raises :class:`DeckFileError` naming file and line.

    Valid files take the fast path (a file exactly as :func:`dump_deck` writes it is read directly,
    any other by libyaml; then pydantic); a file with a problem is read again node by node so the
    error can name the line. Aliases, deep nesting and duplicate keys are refused (:mod:`srs.deck_yaml`)."""
    data = read_own_format(text)
    if data is not None or deck_yaml.FAST:
        try:
            if data is None:
                data = deck_yaml.load_fast(text)
            if isinstance(data, dict):
                _fill_pending_ids(data, require_ids)
                return Deck.model_validate(data)
        except (yaml.YAMLError, ValidationError):
            pass
    try:
        root = deck_yaml.compose(text)
        data = deck_yaml.load(text)
    except deck_yaml.RefusedYAML as exc:
        raise DeckFileError(exc.problem, path, _yaml_line(exc, text)) from None
    except yaml.MarkedYAMLError as exc:
        raise DeckFileError(f"invalid YAML: {_yaml_problem(exc)}", path, _yaml_line(exc, text)) from None
    except yaml.YAMLError as exc:
        raise DeckFileError(f"invalid YAML: {exc}", path) from None
    if not isinstance(data, dict):
        raise DeckFileError("a deck file must be a YAML mapping with 'deck' and 'cards'", path, _node_line(root) or 1)
    _fill_pending_ids(data, require_ids)
    try:
        return Deck.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        line = _locate(root, tuple(err["loc"])) if root is not None else None
        raise DeckFileError(_describe(err) + _more(exc, root), path, line) from None


def _fill_pending_ids(data: dict[str, Any], require_ids: bool) -> None:
    """Hand-written decks may leave ids out (the importer assigns them)."""
    if not require_ids and isinstance(data.get("cards"), list):
        for card in data["cards"]:
            if isinstance(card, dict) and "id" not in card:
                card["id"] = "pending"


def _more(exc: ValidationError, root: yaml.Node | None) -> str:
    """``; also line 8 (cards.1.difficulty)`` for the other problems, so one run shows them all."""
    others = exc.errors()[1:]
    if not others:
        return ""
    where = []
    for err in others[:3]:
        line = _locate(root, tuple(err["loc"])) if root is not None else None
        loc = ".".join(str(p) for p in err["loc"])
        where.append(f"line {line} ({loc})" if line else loc)
    rest = f" and {len(others) - 3} more" if len(others) > 3 else ""
    return f"; also {', '.join(where)}{rest}"


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "not valid YAML").replace("<stream end>", "the end of the file")
    problem = problem.replace("end of stream", "the end of the file")
    if "end of the file" in problem and exc.context and exc.context_mark is not None:
        what = exc.context.replace("while parsing a ", "").replace("while scanning a ", "")
        what = {"flow sequence": "[ list", "flow mapping": "{ mapping", "quoted scalar": "quoted string"}.get(what, what)
        return f"the {what} opened at line {exc.context_mark.line + 1} is never closed"
    if "<block end>" in problem or "<block mapping start>" in problem:
        return "the indentation does not line up with the lines above"
    return problem


def _yaml_line(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The 1-based line to blame: never past the last line (an unclosed bracket is reported at the end)."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    last = max(1, len(text.rstrip("\n").split("\n")))
    return min(mark.line + 1, last)


def card_nodes(text: str) -> list[yaml.MappingNode | None]:
    """The YAML node of each entry of ``cards`` (of a text already read as a deck)."""
    root = deck_yaml.compose(text)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "cards" and isinstance(value, yaml.SequenceNode):
                return [n if isinstance(n, yaml.MappingNode) else None for n in value.value]
    return []


def key_line(node: yaml.MappingNode | None, key: str) -> tuple[bool, int | None]:
    """Whether a card's mapping has ``key``, and the line of its value (else of the card)."""
    if node is None:
        return False, None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return True, v.start_mark.line + 1
    return False, node.start_mark.line + 1


def card_id_line(path: str | Path, position: int) -> int | None:
    """The line of the id of the card at ``position`` in a deck file (None if it cannot be read)."""
    try:
        nodes = card_nodes(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return key_line(nodes[position], "id")[1] if position < len(nodes) else None


def load_deck(path: str | Path) -> Deck:
    """Read one deck file."""
    path = Path(path)
    return parse_deck_text(deck_yaml.read_text(path), path)


def dump_deck(deck: Deck) -> str:
    """Deterministic YAML text for a deck (stable key order, unicode kept, no wrapping)."""
    return emit(deck_layout(deck))


def deck_layout(deck: Deck) -> dict[str, Any]:
    """The deck as the plain data a deck file holds, keys in file order (empty optional keys left out)."""
    data = deck.model_dump(mode="json", exclude_none=False)
    out: dict[str, Any] = {"deck": data["deck"]}
    if data["description"]:
        out["description"] = data["description"]
    if data["source"]:
        out["source"] = data["source"]
    cards = []
    for c in data["cards"]:
        item: dict[str, Any] = {"id": c["id"], "question": c["question"], "answer": c["answer"]}
        for key in ("level", "difficulty", "domain", "topic"):
            item[key] = c[key]
        item["tags"] = c["tags"]
        if c["source"]:
            item["source"] = c["source"]
        cards.append(item)
    out["cards"] = cards
    return out


def save_deck(deck: Deck, path: str | Path) -> bool:
    """Write atomically (temp file + rename). Returns False when the file already had this content."""
    return write_deck_text(dump_deck(deck), path)


def write_deck_text(text: str, path: str | Path) -> bool:
    """Write deck YAML (from :func:`dump_deck`) atomically; False when the file already had this content."""
    path = Path(path)
    return bool(write_files(path.parent, {path.name: text}))
