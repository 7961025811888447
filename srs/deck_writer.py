"""Writing deck files fast: libyaml's bytes for our own deck layout, without libyaml's per-object cost.

Why it exists: ``yaml.dump`` spends most of its time in PyYAML's Python-level representer and
serializer, not in libyaml, so writing a deck scalar by scalar here is 2-3x faster (measured on the
bundled decks), which matters when an import rewrites many deck files.

How it stays correct: it writes directly only the cases whose output is known exactly (libyaml's
choices in emitter.c for plain, single-quoted and literal-block scalars, flow lists and mappings of
scalars). Anything else (a tab, an emoji or any other character libyaml escapes, keep-chomping, very
long lines, unexpected types) is handed to libyaml itself, card by card or for the whole document.
tests/test_deck_dump.py checks the output is byte-identical to the plain ``yaml.dump`` it replaced,
on the bundled decks and on generated ones.
"""

from __future__ import annotations

import io
import re
from typing import Any

import yaml

FastDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(FastDumper):  # type: ignore[misc,valid-type]
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

NOT_PRINTABLE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
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


def inline_scalar(value: Any, flow: bool) -> str | None:
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
    if len(value) > _MAX_INLINE or NOT_PRINTABLE.search(value) or "\n" in value:
        return None
    if value and not (_FLOW_PLAIN_BAD if flow else _BLOCK_PLAIN_BAD).search(value) and _resolves_to_str(value):
        return value
    return "'" + value.replace("'", "''") + "'"


def _block_value(value: Any, indent: str) -> str | None:
    """``value`` after ``key:`` in a block mapping whose keys are indented by ``indent``: ``" text\n"``."""
    if type(value) is str and _literal_ok(value):
        # a literal block: libyaml keeps it only without escapes; no indentation or keep-chomping hint
        if (NOT_PRINTABLE.search(value) or value[0] in " \n" or value.endswith("\n\n")
                or max(map(len, value.split("\n"))) > _MAX_INLINE):
            return None
        body = value[:-1] if value.endswith("\n") else value
        pad = indent + "  "
        lines = "\n".join(pad + line if line else "" for line in body.split("\n"))
        return (" |\n" if value.endswith("\n") else " |-\n") + lines + "\n"
    if type(value) is list:
        items = [inline_scalar(x, True) for x in value]
        return None if None in items else " [" + ", ".join(items) + "]\n"  # type: ignore[arg-type]
    if type(value) is dict:
        parts = []
        for k, v in value.items():
            key, val = inline_scalar(k, True), inline_scalar(v, True)
            if key is None or val is None or type(k) is not str or not k or type(v) not in (str, int, type(None)):
                return None
            parts.append(f"{key}: {val}")
        return " {" + ", ".join(parts) + "}\n" if parts else None
    text = inline_scalar(value, False)
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


def emit(data: dict[str, Any]) -> str:
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



def dump_blocks(data: Any) -> str:
    """Plain data (dicts, lists, text) as YAML in block style, multi-line text as literal blocks where it
    survives them: for the small files people read and edit (the overlay), not for speed."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=False)
