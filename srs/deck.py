"""Deck files: YAML with a deck name, description, optional source, and cards.

Loading keeps YAML line numbers so every error names ``file:line``; saving is
deterministic so re-importing unchanged input leaves the file byte-identical.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from srs.card import Card
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


_FastLoader = getattr(yaml, "CSafeLoader", None)  # libyaml: about 15x faster than the pure-Python loader
_FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def parse_deck_text(text: str, path: str | Path, *, require_ids: bool = True) -> Deck:
    """Parse and validate deck YAML. Raises :class:`DeckFileError` naming file and line.

    Valid files take the fast path (a file exactly as :func:`dump_deck` writes it is read directly,
    any other by libyaml; then pydantic); a file with a problem is read again node by node so the
    error can name the line."""
    data = _read_own_format(text)
    if data is not None or _FastLoader is not None:
        try:
            if data is None:
                data = yaml.load(text, Loader=_FastLoader)
            if isinstance(data, dict):
                _fill_pending_ids(data, require_ids)
                return Deck.model_validate(data)
        except (yaml.YAMLError, ValidationError):
            pass
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
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


def load_deck(path: str | Path) -> Deck:
    """Read one deck file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DeckFileError(f"not UTF-8 text ({exc.reason})", path) from None
    except OSError as exc:
        raise DeckFileError(f"cannot read: {exc.strerror}", path) from None
    return parse_deck_text(text, path)


class _Dumper(_FastDumper):  # type: ignore[misc,valid-type]
    pass


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # control characters other than tab and newline
_TRAILING_SPACE = re.compile(r"[^\S\n](?:\n|\Z)")  # a line ending in whitespace (str.isspace's definition)


def _literal_ok(value: str) -> bool:
    """Multi-line text (answers with code) is written as a literal block, readable and diffable, unless a
    control character or a line's trailing whitespace would not survive it."""
    return "\n" in value and not _CONTROL.search(value) and not _TRAILING_SPACE.search(value)


def _str_representer(dumper: Any, value: str) -> yaml.ScalarNode:
    if _literal_ok(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)

_STR, _NULL, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:int"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _NotPlain(Exception):
    pass


def _node(data: Any) -> yaml.Node:
    """The node ``_Dumper``'s representer makes for plain JSON-like data (no aliases: nothing is shared),
    built without its per-object dispatch. Anything else raises :class:`_NotPlain`."""
    t = type(data)
    if t is str:
        return yaml.ScalarNode(_STR, data, style="|" if _literal_ok(data) else None)
    if data is None:
        return yaml.ScalarNode(_NULL, "null")
    if t is int:
        return yaml.ScalarNode(_INT, str(data))
    if t is list:
        items = [_node(x) for x in data]
        flow = all(type(n) is yaml.ScalarNode and not n.style for n in items)
        return yaml.SequenceNode(_SEQ, items, flow_style=flow)
    if t is dict:
        pairs = [(_node(k), _node(v)) for k, v in data.items()]
        flow = all(type(k) is yaml.ScalarNode and not k.style and type(v) is yaml.ScalarNode and not v.style
                   for k, v in pairs)
        return yaml.MappingNode(_MAP, pairs, flow_style=flow)
    raise _NotPlain(t)


def _libyaml(data: Any) -> str:
    kwargs = dict(sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=None)
    try:
        node = _node(data)
    except _NotPlain:
        return yaml.dump(data, Dumper=_Dumper, **kwargs)
    stream = io.StringIO()
    dumper = _Dumper(stream, **kwargs)
    try:
        dumper.open()
        dumper.serialize(node)  # what yaml.dump does after representing
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


# -- writing the common scalars directly ---------------------------------------------------------
# libyaml's choices (emitter.c: yaml_emitter_analyze_scalar, yaml_emitter_select_scalar_style,
# yaml_emitter_write_literal_scalar) for the scalars deck files are made of, written out here so a
# deck is not pushed through the emitter node by node. Anything outside these safe cases (a tab, an
# emoji or any character libyaml escapes, a line break in a one-line style, keep-chomping, very long
# lines) is left to libyaml itself, card by card; tests/test_deck_dump.py checks the bytes are equal.

_NOT_PRINTABLE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_BLOCK_PLAIN_BAD = re.compile(r"^[-?:](?: |$)|^[#,\[\]{}&*!|>'\"%@`]|^---|^\.\.\.|: |:$| #|^ | $|\n")
_FLOW_PLAIN_BAD = re.compile(r"^[-?:](?: |$)|^[#,\[\]{}&*!|>'\"%@`]|^---|^\.\.\.|[,?\[\]{}:]| #|^ | $|\n")
_MAX_INLINE = 20_000  # far below the 100 000-column width at which libyaml would fold a line


def _resolves_to_str(value: str) -> bool:
    """Would a plain ``value`` read back as a string (not null, bool, int, float, timestamp, merge, ...)?"""
    resolvers = _Dumper.yaml_implicit_resolvers
    for _tag, regexp in [*resolvers.get(value[0] if value else "", []), *resolvers.get(None, [])]:
        if regexp.match(value):
            return False
    return True


_SHORT: dict[tuple[str, bool], str | None] = {}  # short strings recur (levels, domains, topics, tags)


def _inline(value: Any, flow: bool) -> str | None:
    """A scalar on its key's line (block or flow context) as libyaml writes it, or None."""
    if value is None:
        return "null"
    t = type(value)
    if t is int:
        return str(value)
    if t is not str:
        return None
    if len(value) <= 48:
        key = (value, flow)
        if key in _SHORT:
            return _SHORT[key]
        if len(_SHORT) > 20_000:
            _SHORT.clear()
        text = _SHORT[key] = _inline_str(value, flow)
        return text
    return _inline_str(value, flow)


def _inline_str(value: str, flow: bool) -> str | None:
    if len(value) > _MAX_INLINE or _NOT_PRINTABLE.search(value) or "\n" in value:
        return None
    if value and not (_FLOW_PLAIN_BAD if flow else _BLOCK_PLAIN_BAD).search(value) and _resolves_to_str(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def _block_value(value: Any, indent: str) -> str | None:
    """``value`` after ``key:`` in a block mapping whose keys are indented by ``indent``: ``" text\n"``."""
    if type(value) is str and _literal_ok(value):
        # a literal block: libyaml keeps it only without escapes; no indentation or keep-chomping hint
        if (_NOT_PRINTABLE.search(value) or value[0] in " \n" or value.endswith("\n\n")
                or max(map(len, value.split("\n"))) > _MAX_INLINE):
            return None
        body = value[:-1] if value.endswith("\n") else value
        pad = indent + "  "
        lines = "\n".join(pad + line if line else "" for line in body.split("\n"))
        return (" |\n" if value.endswith("\n") else " |-\n") + lines + "\n"
    if type(value) is list:
        items = [_inline(x, True) for x in value]
        return None if None in items else " [" + ", ".join(items) + "]\n"  # type: ignore[arg-type]
    if type(value) is dict:
        parts = []
        for k, v in value.items():
            key, val = _inline(k, True), _inline(v, True)
            if key is None or val is None or type(k) is not str or not k or type(v) not in (str, int, type(None)):
                return None
            parts.append(f"{key}: {val}")
        return " {" + ", ".join(parts) + "}\n" if parts else None
    text = _inline(value, False)
    return None if text is None else " " + text + "\n"


def _card_text(item: Any) -> str | None:
    """One entry of ``cards:``; None when only the whole document can be left to libyaml."""
    out = []
    for n, (key, value) in enumerate(item.items() if type(item) is dict and item else ()):
        text = _block_value(value, "  ") if type(key) is str else None
        if text is None:
            break
        out.append(("- " if n == 0 else "  ") + key + ":" + text)
    else:
        if out:
            return "".join(out)
    text = _libyaml([item])  # the same bytes as inside the document...
    return None if text.endswith("\n...\n") else text  # ...unless a keep-chomped block leaves it open-ended


def _emit(data: dict[str, Any]) -> str:
    """``yaml.dump(data)`` with the deck file's options (``data``: the mapping dump_deck builds)."""
    out = []
    for key, value in data.items():
        if key == "cards" and type(value) is list and value:
            out.append("cards:\n")
            for item in value:
                text = _card_text(item)
                if text is None:
                    return _libyaml(data)
                out.append(text)
            continue
        text = _block_value(value, "") if key != "cards" else None
        if text is None:
            return _libyaml(data)
        out.append(key + ":" + text)
    return "".join(out)


def dump_deck(deck: Deck) -> str:
    """Deterministic YAML text for a deck (stable key order, unicode kept, no wrapping)."""
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
    return _emit(out)


def save_deck(deck: Deck, path: str | Path) -> bool:
    """Write atomically (temp file + rename). Returns False when the file already had this content."""
    return write_deck_text(dump_deck(deck), path)


def write_deck_text(text: str, path: str | Path) -> bool:
    """Write deck YAML (from :func:`dump_deck`) atomically; False when the file already had this content."""
    path = Path(path)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a deck file is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


# -- reading deck files as dump_deck writes them ----------------------------------------------------
# A deck file the importer wrote (the usual case on re-import) is read line by line, in exactly the
# layout dump_deck writes. Each scalar is trusted only if the writer above would write that value as
# exactly the text found (the writer produces libyaml's bytes, tests/test_deck_dump.py, and libyaml
# reads its own output back unchanged), and a literal block only when libyaml's reading of it is
# plain (indentation given by its first line, no character YAML treats as a line break). So the
# data is what yaml.load returns. Anything else (hand-written decks, double quotes, comments, anchors,
# other layouts) returns None and goes through libyaml.

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
_FLOW_ITEM = re.compile(r"('(?:[^']|'')*'|[^,'\[\]{}]*)(, |$)")
_DECIMAL = re.compile(r"[1-9][0-9]*|0")


class _NotOwnFormat(Exception):
    pass


def _read_own_format(text: str) -> dict[str, Any] | None:
    if not text.startswith("deck:") or not text.endswith("\n"):
        return None
    lines = text.split("\n")
    end = len(lines) - 1  # the text ends with a newline: the last "line" is empty
    try:
        data, i = _own_mapping(lines, 0, "", end)
    except (_NotOwnFormat, IndexError):
        return None
    return data if i == end else None


def _own_mapping(lines: list[str], i: int, indent: str, end: int) -> tuple[dict[str, Any], int]:
    """A block mapping whose keys sit at ``indent`` (after a ``- `` on its first line when in a list)."""
    out: dict[str, Any] = {}
    first = True
    while i < end:
        line = lines[i]
        prefix = indent[:-2] + "- " if first and indent else indent
        if not line.startswith(prefix):
            break
        m = _KEY_LINE.fullmatch(line, len(prefix))
        if m is None:
            raise _NotOwnFormat
        key, rest = m.group(1), m.group(2)
        if key in out:
            raise _NotOwnFormat
        first = False
        i += 1
        if rest is None:  # a block sequence of mappings follows (cards:), only at the top
            items = []
            while i < end and lines[i].startswith("- ") and not indent:
                item, i = _own_mapping(lines, i, "  ", end)
                items.append(item)
            if not items:
                raise _NotOwnFormat
            out[key] = items
        elif rest == "|-" or rest == "|":
            pad = indent + "  "
            start = i
            while i < end and (lines[i].startswith(pad) or not lines[i]):
                i += 1
            body = "\n".join(line[len(pad):] for line in lines[start:i])
            # indentation comes from the first line; no trailing empty line; no \r, NEL, LS, PS, tab, ...
            if not body or body[0] in " \n" or body.endswith("\n") or _NOT_PRINTABLE.search(body):
                raise _NotOwnFormat
            out[key] = body + "\n" if rest == "|" else body
        else:
            out[key] = _own_inline(rest)
    return out, i


def _own_scalar(raw: str, flow: bool) -> Any:
    if raw.startswith("'"):
        if len(raw) < 2 or not raw.endswith("'"):
            raise _NotOwnFormat
        value: Any = raw[1:-1].replace("''", "'")
    elif raw == "null":
        value = None
    elif _DECIMAL.fullmatch(raw):
        value = int(raw)
    else:
        value = raw
    if _inline(value, flow) != raw:  # not how the writer (libyaml) writes this value
        raise _NotOwnFormat
    return value


def _own_flow_items(inner: str) -> list[str]:
    items: list[str] = []
    pos = 0
    while pos < len(inner):
        m = _FLOW_ITEM.match(inner, pos)
        if m is None or not m.group(1):
            raise _NotOwnFormat
        items.append(m.group(1))
        pos = m.end()
        if not m.group(2) and pos < len(inner):
            raise _NotOwnFormat
    return items


def _own_inline(rest: str) -> Any:
    if rest.startswith("["):
        if not rest.endswith("]"):
            raise _NotOwnFormat
        return [_own_scalar(x, True) for x in _own_flow_items(rest[1:-1])]
    if rest.startswith("{"):
        if not rest.endswith("}") or rest == "{}":
            raise _NotOwnFormat
        out: dict[str, Any] = {}
        for item in _own_flow_items(rest[1:-1]):
            key, sep, value = item.partition(": ")
            if not sep or not _KEY_LINE.fullmatch(key + ":") or key in out:
                raise _NotOwnFormat
            out[_own_scalar(key, True)] = _own_scalar(value, True)
        return out
    return _own_scalar(rest, False)
