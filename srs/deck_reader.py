"""Reading deck files fast: a file laid out exactly as :func:`srs.deck.dump_deck` writes it, without libyaml.

Why it exists: ``yaml.load`` spends most of its time in PyYAML's Python-level constructor, not in
libyaml, and re-importing reads back every deck file the importer wrote; reading that one known
layout line by line is 2-3x faster (measured on the bundled decks).

How it stays correct: each scalar is trusted only if the writer (:mod:`srs.deck_writer`) would write
that value as exactly the text found (the writer produces libyaml's bytes, and libyaml reads its own
output back unchanged), and a literal block only when libyaml's reading of it is plain (indentation
given by its first line, no character YAML treats as a line break). So the data is what
``yaml.load`` returns. Anything else (hand-written decks, double quotes, comments, anchors, other
layouts, a repeated key) gives None and the caller goes through libyaml, where :mod:`srs.deck_yaml`
refuses aliases, deep nesting and duplicate keys. tests/test_deck_dump.py checks the result
equals libyaml's on the bundled decks and on generated and randomly edited ones.
"""

from __future__ import annotations

import re
from typing import Any

from srs.deck_writer import NOT_PRINTABLE, inline_scalar

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
_FLOW_ITEM = re.compile(r"('(?:[^']|'')*'|[^,'\[\]{}]*)(, |$)")
_DECIMAL = re.compile(r"[1-9][0-9]*|0")


class _NotOwnFormat(Exception):
    pass


def read_own_format(text: str) -> dict[str, Any] | None:
    """The data ``yaml.load`` would return for ``text``, or None when it is not exactly in our own layout."""
    if not text.startswith("deck:") or not text.endswith("\n"):
        return None
    lines = text.split("\n")
    end = len(lines) - 1  # the text ends with a newline: the last "line" is empty
    try:
        data, i = _own_mapping(lines, 0, "", end)
    except (_NotOwnFormat, IndexError, ValueError):  # ValueError: an integer too long for int()
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
            if not body or body[0] in " \n" or body.endswith("\n") or NOT_PRINTABLE.search(body):
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
    if inline_scalar(value, flow) != raw:  # not how the writer (libyaml) writes this value
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
